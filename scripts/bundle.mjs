// Builds dist/main/index.js and dist/post/index.js (one command: `npm run bundle`): tsc compiles src/
// to build/, then ncc bundles each entry with its dependencies, and licenses.txt lists the license of
// every package in the bundle (read from ncc's webpack stats: its own --license misses ESM packages).
// `node scripts/bundle.mjs --out DIR` builds elsewhere, for the test that checks dist/ is fresh.
//
// undici is left out: @actions/http-client imports its ProxyAgent at load time for getAgentDispatcher(),
// which nothing here calls, and loading undici was two thirds of the action's start-up. The stub in
// build-support/undici-stub is put where http-client resolves undici from (atomically, and left there so
// tests see the same module graph as the bundle); the build fails if http-client ever imports more of it.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const outIndex = process.argv.indexOf('--out')
const out = path.resolve(outIndex === -1 ? 'dist' : process.argv[outIndex + 1])
const bin = name => path.resolve('node_modules/.bin', name)
// Inside the project, so ncc resolves node_modules from the compiled files; a fixed path, because ncc
// derives module ids from it and the bundle must be byte-for-byte reproducible.
const build = path.resolve('build', 'tsc')

/** Package folders of every module the bundle holds, from the webpack stats ncc wrote. */
function bundledPackages(statsFile) {
  const dirs = new Set()
  const visit = module => {
    const matches = [...(module.name ?? '').matchAll(/\.\/(.*node_modules\/(?:@[^/]+\/)?[^/]+)/g)]
    if (matches.length) dirs.add(matches[matches.length - 1][1])
    for (const inner of module.modules ?? []) visit(inner)
  }
  for (const module of JSON.parse(fs.readFileSync(statsFile, 'utf8')).modules ?? []) visit(module)
  return [...dirs].filter(dir => {
    const manifest = path.join(dir, 'package.json')
    // The undici stub is this project's own code, under its license.
    return fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).version !== STUB_VERSION
  })
}

function licensesText(packageDirs) {
  const entries = packageDirs.map(dir => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
    const file = fs.readdirSync(dir).find(name => /^(licen[cs]e|copying)(\.|$)/i.test(name))
    const text = file
      ? fs.readFileSync(path.join(dir, file), 'utf8').trim()
      : '(no license file in the package)'
    return { id: `${pkg.name}@${pkg.version}`, license: pkg.license ?? 'UNKNOWN', text }
  })
  const unique = [...new Map(entries.map(e => [e.id, e])).values()].sort((a, b) => (a.id < b.id ? -1 : 1))
  return unique.map(e => `${e.id}\n${e.license}\n\n${e.text}\n`).join('\n-----\n\n')
}

const STUB_VERSION = '0.0.0-hf-auth-action-stub'

function stubUndici() {
  const client = path.resolve('node_modules/@actions/http-client')
  const imports = fs
    .readdirSync(path.join(client, 'lib'))
    .filter(name => name.endsWith('.js'))
    .flatMap(name => [
      ...fs
        .readFileSync(path.join(client, 'lib', name), 'utf8')
        .matchAll(/import\s*\{([^}]*)\}\s*from\s*'undici'|require\('undici'\)/g)
    ])
  const names = imports.map(m => (m[1] ?? '*').trim())
  if (names.length !== 1 || names[0] !== 'ProxyAgent') {
    throw new Error(
      `@actions/http-client now imports ${names.join(', ')} from undici: revisit the undici stub`
    )
  }
  const target = path.join(client, 'node_modules', 'undici')
  const current = path.join(target, 'package.json')
  if (fs.existsSync(current) && JSON.parse(fs.readFileSync(current, 'utf8')).version !== STUB_VERSION) {
    throw new Error(`${target} is a real undici: the undici stub would hide it`)
  }
  const staged = `${target}.${process.pid}`
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.cpSync(path.resolve('build-support/undici-stub'), staged, { recursive: true })
  fs.rmSync(target, { recursive: true, force: true })
  fs.renameSync(staged, target)
}

try {
  stubUndici()
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', build], { stdio: 'inherit' })
  fs.writeFileSync(path.join(build, 'package.json'), '{ "type": "module" }\n')
  fs.rmSync(out, { recursive: true, force: true })
  for (const entry of ['main', 'post']) {
    const stats = path.join(build, `${entry}-stats.json`)
    const args = ['build', path.join(build, 'bin', `${entry}.js`), '-o', path.join(out, entry)]
    execFileSync(bin('ncc'), [...args, '--stats-out', stats, '--target', 'es2022', '-q'], {
      stdio: 'inherit'
    })
    fs.writeFileSync(path.join(out, entry, 'licenses.txt'), licensesText(bundledPackages(stats)))
  }
} finally {
  fs.rmSync(build, { recursive: true, force: true })
}
