/**
 * Names from the network (file paths, etags, commits) are checked here before they reach the disk: nothing is
 * ever written, read or deleted outside the hub cache, and no name becomes a workflow command in a log.
 */
import path from 'node:path'
import { ActionError } from '../shared/errors.js'

/** What to do about an unsafe name: one from the Hub's listing, or something found in the hub cache. */
const FIXES = {
  listing:
    'If the repo really has this file, leave it out with globs in "repos"; otherwise check that the endpoint serves the Hub unchanged.',
  cache:
    'The action follows no link and uses no file it did not expect in the hub cache: remove it (or the whole repo folder) and run again.'
}

export class UnsafePathError extends ActionError {
  constructor(
    readonly repo: string,
    readonly unsafePath: string,
    why: string,
    found: keyof typeof FIXES = 'listing'
  ) {
    super(
      'Unsafe path refused',
      `refusing the file path "${unsafePath}" listed by ${repo}: ${why}; nothing was written for it. ${FIXES[found]}`
    )
    this.name = 'UnsafePathError'
  }
}

// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f\u007f]/
/** Device names Windows reserves in every folder, with or without an extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i
const WINDOWS_FORBIDDEN = /[<>:"|?*]/

/**
 * Why a repo-relative path is unsafe, or undefined when it is fine. Control characters (a line break in a
 * name could become a workflow command in a log) are refused everywhere; names Windows cannot hold or
 * would read as another file (`CON`, `aux.txt`, a trailing dot or space, `:`) on Windows.
 */
export function unsafeReason(
  relPath: string,
  platform: NodeJS.Platform = process.platform
): string | undefined {
  if (!relPath) return 'it is empty'
  if (CONTROL.test(relPath)) return 'it contains a control character'
  if (relPath.includes('\\')) return 'it contains a backslash'
  if (relPath.startsWith('/') || /^[A-Za-z]:/.test(relPath)) return 'it is absolute'
  const segments = relPath.split('/')
  if (segments.includes('..')) return 'it contains ".."'
  if (segments.some(s => s === '' || s === '.')) return 'it has empty or "." segments'
  if (platform === 'win32') {
    if (segments.some(s => WINDOWS_RESERVED.test(s))) return 'it uses a name Windows reserves for a device'
    if (segments.some(s => /[. ]$/.test(s)))
      return 'a part of it ends with a dot or a space, which Windows drops'
    if (WINDOWS_FORBIDDEN.test(relPath)) return 'it contains a character Windows does not allow in names'
  }
  return undefined
}

/** Whether file names differing only in case are one file here (Windows and macOS by default). */
export function caseInsensitive(platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32' || platform === 'darwin'
}

/** Paths that name the same file on a case-insensitive file system: [a, b] pairs. */
export function caseCollisions(paths: string[]): [string, string][] {
  const seen = new Map<string, string>()
  const out: [string, string][] = []
  for (const p of paths) {
    const folded = p.toLowerCase()
    const twin = seen.get(folded)
    if (twin !== undefined && twin !== p) out.push([twin, p])
    else seen.set(folded, p)
  }
  return out
}

/** Joins below `root`, refusing anything that would land outside it. */
export function joinInside(root: string, relPath: string, repo: string): string {
  const why = unsafeReason(relPath)
  if (why) throw new UnsafePathError(repo, relPath, why)
  const full = path.resolve(root, ...relPath.split('/'))
  if (!full.startsWith(root + path.sep))
    throw new UnsafePathError(repo, relPath, 'it resolves outside the cache')
  return full
}
