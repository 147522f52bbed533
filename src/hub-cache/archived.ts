/**
 * What of the hub cache goes into a saved cache, and getting it ready: the repo folders and Python's shared
 * store, walked with safe-tree.ts (no link followed). Before a save, what no tool of the ecosystem makes is
 * removed — a link where Python never makes one (a repo folder, `blobs/`, `snapshots/<commit>`, a ref …: a
 * restored one would send a later run's reads and deletes to its target), a FIFO, socket or device (a restored
 * one would block whoever opens it) — and so are the temporary files no live writer uses, so nothing
 * half-written is archived. A link is removed itself, never its target.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import { LEFTOVER, writtenBy } from '../shared/temp-name.js'
import { list, remove, walk, type Found, type Kind } from './safe-tree.js'
import { STORE_DIR, STORE_MARKER } from './shared-store.js'

/**
 * Patterns of what is archived, relative to the hub cache: the repo folders, and Python's shared blob store
 * (its marker, payloads and manifests, so a restored repo blob that links into it does not dangle); never the
 * token, `stored_tokens`, `.locks`, the store's lock files or anything else in HF_HOME. The store is listed
 * file by file, so that its lock files and temporaries can be left out. (The patterns are part of the cache's
 * version: they never depend on what is on disk.)
 */
export const ARCHIVED = [
  'models--*',
  'datasets--*',
  'spaces--*',
  `${STORE_DIR}/${STORE_MARKER}`,
  `${STORE_DIR}/*/*`,
  `!${STORE_DIR}/*/*.lock`,
  `!${STORE_DIR}/*/*.soft`,
  `!${STORE_DIR}/*/*.tmp`
]

/** The folders archived: repos, and Python's shared blob store. */
const ARCHIVED_FOLDER = new RegExp(`^((models|datasets|spaces)--.+|${STORE_DIR})$`)

/**
 * Another writer's temporary file (a job sharing this cache on a self-hosted runner, or Python) is in use
 * while it is being written; one untouched this long was left by a writer that died.
 */
export const STALE_LEFTOVER_MS = 10 * 60 * 1000

/** Why an entry of an archived folder is no tool's own, or undefined when it may be. */
function foreignReason(found: Found): string | undefined {
  if (found.kind === 'special') return 'it is a FIFO, socket or device, which no hub cache holds'
  if (found.kind !== 'link') return undefined
  const parts = found.rel.split('/')
  // Python's links: a snapshot's files (snapshots/<commit>/<path>) and a repo blob linking into the store.
  if (parts[0] !== STORE_DIR && parts[1] === 'snapshots' && parts.length >= 4) return undefined
  if (parts[0] !== STORE_DIR && parts[1] === 'blobs' && parts.length === 3) return undefined
  return 'it is a link where the hub cache holds none (it would send reads and deletes to its target)'
}

export interface Removed {
  rel: string
  kind: Kind
  why: string
}

/** Every entry of the archived folders, in a stable order (a top-level one that is not a folder included). */
async function scan(hubCache: string): Promise<Found[]> {
  const root = path.resolve(hubCache)
  const out: Found[] = []
  for (const top of await list(root, '')) {
    if (!ARCHIVED_FOLDER.test(top.name)) continue
    if (top.kind !== 'dir') {
      out.push({ rel: top.name, full: path.join(root, top.name), kind: top.kind, size: 0, mtimeMs: 0 })
      continue
    }
    for (const found of await walk(root, top.name)) out.push({ ...found, rel: `${top.name}/${found.rel}` })
  }
  return out
}

/**
 * Removes what no tool makes from the archived folders (see the header), first of all, before anything else
 * walks them: a top-level repo folder that is not a folder, links where Python makes none, special files.
 */
export async function removeForeign(hubCache: string): Promise<Removed[]> {
  const root = path.resolve(hubCache)
  const removed: Removed[] = []
  for (const found of await scan(root)) {
    const why =
      found.rel.includes('/') || found.kind === 'special'
        ? foreignReason(found)
        : found.kind !== 'dir'
          ? `a ${found.rel === STORE_DIR ? 'store' : 'repo'} folder of the hub cache must be a folder, not a ${found.kind === 'link' ? 'link' : 'file'}`
          : undefined
    if (!why) continue
    await remove(root, found.full)
    removed.push({ rel: found.rel, kind: found.kind, why })
  }
  return removed
}

function fingerprintOf(entries: Found[]): string {
  const hash = createHash('sha256')
  for (const entry of entries) {
    if (entry.kind === 'dir' || LEFTOVER.test(entry.rel)) continue
    hash.update(`${entry.rel}\t${entry.kind}\t${entry.target ?? entry.size}\n`)
  }
  return hash.digest('hex')
}

/** Whether a leftover may be deleted: main's own (by its pid in the name), or any writer's stale one. */
function removable(entry: Found, ownPid: number | undefined, now: number): boolean {
  if (entry.kind === 'dir' || !LEFTOVER.test(entry.rel)) return false
  if (ownPid !== undefined && writtenBy(entry.rel, ownPid)) return true
  return entry.kind !== 'file' || now - entry.mtimeMs > STALE_LEFTOVER_MS
}

/** Every archived entry: what restore brought and what was added since can be compared by this. */
export async function cacheFingerprint(hubCache: string): Promise<string> {
  return fingerprintOf(await scan(hubCache))
}

/**
 * Before saving (after removeForeign and the prune): removes the leftovers no live writer uses, then
 * fingerprints and sizes what remains (bytes of regular files: links count nothing).
 */
export async function readyToArchive(
  hubCache: string,
  ownPid?: number
): Promise<{ fingerprint: string; size: number }> {
  const root = path.resolve(hubCache)
  const now = Date.now()
  const kept: Found[] = []
  for (const entry of await scan(root)) {
    if (removable(entry, ownPid, now)) await remove(root, entry.full)
    else kept.push(entry)
  }
  return { fingerprint: fingerprintOf(kept), size: kept.reduce((total, e) => total + e.size, 0) }
}
