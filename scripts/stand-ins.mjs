// Stand-ins for what @actions/core loads at start but a run rarely uses: it imports @actions/http-client (and
// with it node's http, https and undici) for getIDToken() alone, and @actions/exec (child_process, @actions/io)
// for platform details alone. Loading them was most of the action's start-up. build-support/ holds a lazy
// facade for each, which loads the real module on the first call.
//
// They are put in place for the bundle only, never in node_modules: the bundle script copies @actions/core into
// build/tsc/node_modules (where the compiled code resolves it first) with the facades in the copy's own
// node_modules (where core resolves its imports first), each facade pointing at the real module that core would
// otherwise load, found the way Node finds it (no assumption about npm's hoisting). Other packages, and our own
// code, keep resolving the real modules. Every build checks, from the source of the installed @actions/core, that
// it uses nothing of those packages that the facades do not provide (`npm run stand-ins` prints both sides):
// an @actions/* update that needs more fails the build, naming what is missing; one that does not needs nothing.
import fs from 'node:fs'
import path from 'node:path'

const FACADES = [
  { name: '@actions/http-client', template: 'core-http-client', placeholder: '@actions/http-client' },
  { name: '@actions/exec', template: 'core-exec', placeholder: '@actions/exec' }
]

/** The folder of `name` as Node finds it from `fromDir`: each node_modules from there up to the root. */
export function findPackage(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name)
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed where ${fromDir} would find it`)
  }
}

const read = file => fs.readFileSync(file, 'utf8')
const jsFiles = dir =>
  fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.js') && !f.split(path.sep).includes('node_modules'))
    .map(f => path.join(dir, f))

/** The method names a class declares (`name(args) {` at class-body depth: two spaces in ours, four compiled). */
function classMethods(source, className) {
  const start = source.indexOf(`class ${className} `)
  if (start === -1) return []
  const body = source.slice(start, source.indexOf('\n}', start))
  return [...body.matchAll(/^(?: {2}| {4})(?:async |static )?(\w+)\(/gm)]
    .map(m => m[1])
    .filter(n => n !== 'constructor')
}

/**
 * What @actions/core uses of the packages the facades stand in for, as `module name` entries: each imported
 * name, each member of a namespace import it reads, and each method of HttpClient it calls (`@actions/http-client
 * HttpClient#getJson`).
 */
export function coreUses(coreDir) {
  const httpClient = findPackage('@actions/http-client', coreDir)
  const clientMethods = new Set(classMethods(read(path.join(httpClient, 'lib', 'index.js')), 'HttpClient'))
  const uses = new Set()
  for (const file of jsFiles(path.join(coreDir, 'lib'))) {
    const source = read(file)
    for (const m of source.matchAll(
      /import\s+(\*\s+as\s+(\w+)|\{([^}]*)\})\s+from\s+'(@actions\/(?:http-client|exec)[^']*)'/g
    )) {
      const [, , namespace, names, module] = m
      const base = module.replace(/\.js$/, '')
      if (namespace) {
        for (const member of source.matchAll(new RegExp(`\\b${namespace}\\.(\\w+)`, 'g')))
          uses.add(`${base} ${member[1]}`)
        continue
      }
      for (const name of names
        .split(',')
        .map(n => n.trim().split(/\s+as\s+/)[0])
        .filter(Boolean)) {
        uses.add(`${base} ${name}`)
        if (name !== 'HttpClient') continue
        for (const call of source.matchAll(/\.\s*(\w+)\s*\(/g))
          if (clientMethods.has(call[1])) uses.add(`${base} HttpClient#${call[1]}`)
      }
    }
  }
  return [...uses].sort()
}

/** What the facades provide, in coreUses' terms: exported functions and classes, and the classes' methods. */
export function facadesProvide(supportDir = path.join(process.cwd(), 'build-support')) {
  const provided = new Set()
  for (const facade of FACADES) {
    const dir = path.join(supportDir, facade.template)
    for (const file of jsFiles(dir)) {
      const rel = path
        .relative(dir, file)
        .split(path.sep)
        .join('/')
        .replace(/(^|\/)index\.js$/, '')
        .replace(/\.js$/, '')
      const module = rel ? `${facade.name}/${rel}` : facade.name
      const source = read(file)
      for (const m of source.matchAll(/^export (?:async )?(?:function|class) (\w+)/gm)) {
        provided.add(`${module} ${m[1]}`)
        for (const method of classMethods(source, m[1])) provided.add(`${module} ${m[1]}#${method}`)
      }
    }
  }
  return [...provided].sort()
}

/** Fails, naming each, when @actions/core uses anything of those packages that no facade provides. */
export function checkCore(coreDir, supportDir = path.join(process.cwd(), 'build-support')) {
  const provided = new Set(facadesProvide(supportDir))
  const missing = coreUses(coreDir).filter(use => !provided.has(use))
  if (missing.length > 0) {
    const version = JSON.parse(read(path.join(coreDir, 'package.json'))).version
    throw new Error(
      `@actions/core ${version} uses what the stand-ins in build-support/ do not provide: ${missing.join('; ')}. ` +
        'Add each to its facade (loading the real module on first use, as the others do), then run npm run stand-ins.'
    )
  }
}

/**
 * Puts the copy of @actions/core and its facades below `overlayRoot` (build/tsc/node_modules for the bundle),
 * for a project whose packages are installed at or above `projectDir`.
 */
export function placeOverlay(projectDir, overlayRoot, supportDir = path.join(projectDir, 'build-support')) {
  const realCore = findPackage('@actions/core', projectDir)
  checkCore(realCore, supportDir)
  const core = path.join(overlayRoot, '@actions', 'core')
  fs.rmSync(core, { recursive: true, force: true })
  fs.cpSync(realCore, core, { recursive: true, filter: source => path.basename(source) !== 'node_modules' })
  for (const facade of FACADES) {
    const real = findPackage(facade.name, realCore)
    const target = path.join(core, 'node_modules', ...facade.name.split('/'))
    fs.cpSync(path.join(supportDir, facade.template), target, { recursive: true })
    for (const file of fs.readdirSync(target, { recursive: true, encoding: 'utf8' })) {
      const full = path.join(target, file)
      if (!file.endsWith('.js')) continue
      const relative = path.relative(path.dirname(full), real).split(path.sep).join('/')
      const text = fs.readFileSync(full, 'utf8')
      fs.writeFileSync(full, text.replaceAll(`'${facade.placeholder}/`, `'${relative}/`))
    }
  }
  return core
}

// `npm run stand-ins`: what core uses of each package and what the facades provide, then the check.
if (import.meta.url === `file://${process.argv[1]}`) {
  const core = findPackage('@actions/core', process.cwd())
  const provided = new Set(facadesProvide())
  for (const use of coreUses(core)) console.log(`${provided.has(use) ? 'provided' : 'MISSING '}  ${use}`)
  checkCore(core)
  console.log('The stand-ins cover what @actions/core uses of @actions/http-client and @actions/exec.')
}
