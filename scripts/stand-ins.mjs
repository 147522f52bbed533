// Stand-ins for what @actions/core loads at start but a run rarely uses: it imports @actions/http-client (and
// with it node's http, https and undici) for getIDToken() alone, and @actions/exec (child_process, @actions/io)
// for platform details alone. Loading them was most of the action's start-up. build-support/ holds a lazy
// facade for each, which loads the real module on the first call.
//
// They are put in place for the bundle only, never in node_modules: the bundle script copies @actions/core into
// build/tsc/node_modules (where the compiled code resolves it first) with the facades in the copy's own
// node_modules (where core resolves its imports first), each facade pointing at the real module that core would
// otherwise load, found the way Node finds it (no assumption about npm's hoisting). Other packages, and our own
// code, keep resolving the real modules. A change of @actions/core fails the build until the facades are checked
// against it: its lib/ must hash to CORE_LIB_SHA256.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/** @actions/core 3.0.1's lib/*.js, hashed in name order (see coreLibHash). */
export const CORE_LIB_SHA256 = 'caef60801f36b75e9658c7efd02729059d85644c5ff2368c6c9066521e20cde0'

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

/** A fingerprint of a package's lib/*.js: the sha256 of each file's name and sha256, in name order. */
export function coreLibHash(coreDir) {
  const lib = path.join(coreDir, 'lib')
  const hash = createHash('sha256')
  for (const name of fs
    .readdirSync(lib)
    .filter(n => n.endsWith('.js'))
    .sort()) {
    hash.update(
      `${name}\0${createHash('sha256')
        .update(fs.readFileSync(path.join(lib, name)))
        .digest('hex')}\n`
    )
  }
  return hash.digest('hex')
}

/** Fails unless @actions/core is the version the facades were checked against. */
export function checkCore(coreDir, expected = CORE_LIB_SHA256) {
  const actual = coreLibHash(coreDir)
  if (actual !== expected) {
    const version = JSON.parse(fs.readFileSync(path.join(coreDir, 'package.json'), 'utf8')).version
    throw new Error(
      `@actions/core changed (version ${version}, lib hash ${actual}): check that it still imports only ` +
        'HttpClient and BearerCredentialHandler from @actions/http-client (for getIDToken, calling getJson) and ' +
        'getExecOutput from @actions/exec (for platform details), as the facades in build-support/ provide; ' +
        'then set CORE_LIB_SHA256 in scripts/stand-ins.mjs to the new hash.'
    )
  }
}

/**
 * Puts the copy of @actions/core and its facades below `overlayRoot` (build/tsc/node_modules for the bundle),
 * for a project whose packages are installed at or above `projectDir`.
 */
export function placeOverlay(projectDir, overlayRoot, supportDir = path.join(projectDir, 'build-support')) {
  const realCore = findPackage('@actions/core', projectDir)
  checkCore(realCore)
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
