/**
 * The hub cache made ready for post to stage entries from it: the repo folders and Python's shared store,
 * walked with safe-tree.ts (no link followed). Before a save, what no tool of the ecosystem makes is
 * removed — a link where Python never makes one (a repo folder, `blobs/`, `snapshots/<commit>`, a ref …: a
 * restored one would send a later run's reads and deletes to its target), a FIFO, socket or device (a restored
 * one would block whoever opens it) — and so are the temporary files no live writer uses, so nothing
 * half-written is staged or left for a later run. A link is removed itself, never its target.
 */
import path from 'node:path'
import type { RepoType } from '../hub/repo-spec.js'
import { repoFolderName } from './layout.js'
import { leftoverRemovable } from './leftovers.js'
import { cachedSnapshots, type CachedSnapshot } from './repo-folders.js'
import { list, remove, walk, type Found, type Kind } from './safe-tree.js'
import { STORE_DIR } from './shared-store.js'

/** The folders entries are staged from: repos, and Python's shared blob store. */
const ARCHIVED_FOLDER = new RegExp(`^((models|datasets|spaces)--.+|${STORE_DIR})$`)

/** Why an entry below an archived folder's top is no tool's own (a link or a special file), or undefined. */
function whyForeignBelowTop(found: Found): string | undefined {
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

/** Why an entry must go before a save (see the header), or undefined when it may stay. */
function whyForeign(found: Found): string | undefined {
  if (found.rel.includes('/') || found.kind === 'special') return whyForeignBelowTop(found)
  if (found.kind === 'dir') return undefined
  const folder = found.rel === STORE_DIR ? 'store' : 'repo'
  return `a ${folder} folder of the hub cache must be a folder, not a ${found.kind === 'link' ? 'link' : 'file'}`
}

export interface Cleaned {
  /**
   * What no tool makes, removed: a top-level repo folder that is not a folder, links where Python makes none,
   * special files.
   */
  foreign: Removed[]
  /** Leftovers no live writer uses, removed (main's own by its pid, others' when stale). */
  leftovers: number
}

/**
 * Readies the hub cache for post to stage entries from it, in one walk: what no tool makes goes (see the
 * header), and so do the leftovers no live writer uses, so nothing half-written stays where a later run would
 * find it. (Nothing below a removed entry was walked: a link is never entered.)
 */
export async function cleanForSave(hubCache: string, ownPid?: number): Promise<Cleaned> {
  const root = path.resolve(hubCache)
  const now = Date.now()
  const cleaned: Cleaned = { foreign: [], leftovers: 0 }
  for (const found of await scan(root)) {
    const why = whyForeign(found)
    if (why) cleaned.foreign.push({ rel: found.rel, kind: found.kind, why })
    else if (leftoverRemovable(found, now, ownPid)) cleaned.leftovers++
    else continue
    await remove(root, found.full)
  }
  return cleaned
}

export interface ReadyForSave {
  /** What no tool makes, removed before anything was staged (cleanForSave). */
  removed: Removed[]
  /** The snapshots in the hub cache now that were not there after main's restore: what later steps added. */
  added: CachedSnapshot[]
}

/**
 * The hub cache readied for post in one pass: cleaned (cleanForSave, main's leftovers by `mainPid`), then its
 * snapshots other than those `before` names (`<repo folder>/<commit>`, as after main's restore) and those of
 * the `listed` repos' commits.
 */
export async function readyForSave(
  hubCache: string,
  mainPid: number,
  before: string[],
  listed: { type: RepoType; id: string; commit: string }[]
): Promise<ReadyForSave> {
  const removed = (await cleanForSave(hubCache, mainPid)).foreign
  const known = new Set([...before, ...listed.map(e => `${repoFolderName(e.type, e.id)}/${e.commit}`)])
  const added = (await cachedSnapshots(hubCache)).filter(s => !known.has(`${s.folder}/${s.commit}`))
  return { removed, added }
}
