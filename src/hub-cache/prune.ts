/**
 * A saved cache holds what its key names: before saving, each listed repo loses the snapshots of commits other
 * than the one this run resolved (and the refs, listings and `.no_exist` markers of those commits), then the
 * blobs no remaining snapshot links to, then the payloads of Python's shared store that no remaining repo blob
 * links to (their manifests rewritten, under the hash's lock as Python's collector does), as `hf cache rm`/
 * `hf cache prune` would. Only what the action's own restore brought is ever removed: main takes an inventory
 * of a listed repo right after the restore, and a repo folder (or the store) that was there before the
 * restore, on a persistent self-hosted hf-home, is left whole. Repos the job did not list, and whatever later
 * steps added, are kept.
 *
 * Everything goes through safe-tree.ts: an inventory holds only names of the shape they must have (commits
 * 40-hex, blobs 40/64-hex, payloads 64-hex in their 2-hex folder), and nothing is read or removed through a
 * folder that is a link.
 */
import path from 'node:path'
import type { RepoSpec } from '../hub/repo-spec.js'
import { pathExists, replaceAtomically, writeExclusive } from '../shared/safe-fs.js'
import { isHex40, isHex64 } from '../shared/shape.js'
import { repoFolderName } from './layout.js'
import { unsafeReason } from './path-safety.js'
import { list, read, remove, walk } from './safe-tree.js'
import { linkedStoreEntry, storeEntry, STORE_DIR, underEntryLock } from './shared-store.js'

/** What the restore brought of one listed repo, and the commit this run needs of it. */
export interface RestoredRepo {
  folder: string
  commit: string
  snapshots: string[]
  blobs: string[]
  refs: string[]
}

/** What the restore brought that post may prune (undefined parts: there before the restore, never pruned). */
export interface RestoreInventory {
  repos: RestoredRepo[]
  /** Store payload names (`<2 hex>/<xet hash>`), when the store was not there before the restore. */
  store?: string[]
}

/** Which folders the restore is about to fill that are not there yet (taken before the restore). */
export async function absentBeforeRestore(
  hubCache: string,
  targets: { spec: Pick<RepoSpec, 'type' | 'id'> }[]
): Promise<Set<string>> {
  const absent = new Set<string>()
  for (const { spec } of targets) {
    const folder = repoFolderName(spec.type, spec.id)
    if (!(await pathExists(path.join(hubCache, folder)))) absent.add(folder)
  }
  if (!(await pathExists(path.join(hubCache, STORE_DIR)))) absent.add(STORE_DIR)
  return absent
}

const isBlobName = (name: string) => isHex40(name) || isHex64(name)

/** Real folders of a commit's name in `snapshots/`. */
async function snapshotCommits(root: string, folder: string): Promise<string[]> {
  const found = await list(root, `${folder}/snapshots`)
  return found.filter(f => f.kind === 'dir' && isHex40(f.name)).map(f => f.name)
}

/** The payloads in the store: regular files named by a 64-hex hash in the 2-hex folder it starts with. */
async function storePayloads(hubCache: string): Promise<string[]> {
  return (await walk(hubCache, STORE_DIR))
    .filter(f => f.kind === 'file' && /^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(f.rel))
    .filter(f => f.rel.slice(0, 2) === f.rel.slice(3, 5))
    .map(f => f.rel)
}

/** What the restore brought into the folders that were absent before it (taken right after the restore). */
export async function inventoryAfterRestore(
  hubCache: string,
  targets: { spec: Pick<RepoSpec, 'type' | 'id'>; commit: string }[],
  absent: Set<string>
): Promise<RestoreInventory> {
  const root = path.resolve(hubCache)
  const repos: RestoredRepo[] = []
  for (const { spec, commit } of targets) {
    const folder = repoFolderName(spec.type, spec.id)
    if (!absent.has(folder)) continue
    const blobs = await list(root, `${folder}/blobs`)
    const refs = await walk(root, `${folder}/refs`)
    repos.push({
      folder,
      commit,
      snapshots: await snapshotCommits(root, folder),
      blobs: blobs.filter(b => b.kind !== 'dir' && isBlobName(b.name)).map(b => b.name),
      refs: refs.filter(r => r.kind === 'file' && !unsafeReason(r.rel)).map(r => r.rel)
    })
  }
  const store = absent.has(STORE_DIR) ? await storePayloads(root) : undefined
  return { repos, ...(store ? { store } : {}) }
}

/** The blob names the snapshots of a repo link to (or, without symlinks, nothing: copies hold no blob). */
async function linkedBlobs(root: string, folder: string): Promise<Set<string>> {
  const linked = new Set<string>()
  for (const found of await walk(root, `${folder}/snapshots`)) {
    if (found.kind === 'link' && found.target) linked.add(path.basename(found.target))
  }
  return linked
}

export interface Pruned {
  revisions: number
  bytes: number
  /** Store payloads left because another writer held their lock (Python's collector leaves them too). */
  locked: number
}

export interface PruneOptions {
  /** How long to wait for a store hash's lock another writer holds (then the entry is left). */
  lockWaitSeconds?: number
}

/** Removes what the restore brought and this run does not need (see the header). */
export async function pruneRestored(
  hubCache: string,
  inventory: RestoreInventory,
  options: PruneOptions = {}
): Promise<Pruned> {
  const root = path.resolve(hubCache)
  const pruned: Pruned = { revisions: 0, bytes: 0, locked: 0 }
  for (const repo of inventory.repos) {
    const at = (...parts: string[]) => path.join(root, repo.folder, ...parts)
    const old = repo.snapshots.filter(commit => commit !== repo.commit && isHex40(commit))
    for (const commit of old) {
      await remove(root, at('snapshots', commit))
      await remove(root, at('trees', `${commit}.json`))
      await remove(root, at('.no_exist', commit))
      pruned.revisions++
    }
    for (const ref of repo.refs.filter(r => !unsafeReason(r))) {
      const file = at('refs', ...ref.split('/'))
      const points = (await read(root, file, 1024))?.trim()
      if (points !== undefined && old.includes(points)) await remove(root, file)
    }
    const linked = await linkedBlobs(root, repo.folder)
    for (const blob of repo.blobs.filter(isBlobName)) {
      if (!linked.has(blob)) pruned.bytes += await remove(root, at('blobs', blob))
    }
  }
  if (inventory.store) {
    const store = await pruneStore(root, inventory.store, options.lockWaitSeconds)
    pruned.bytes += store.bytes
    pruned.locked += store.locked
  }
  return pruned
}

/**
 * Payloads the restore brought that no repo blob links to any more: removed with their manifest; the others'
 * manifests rewritten to the references that still hold. Each under the hash's lock, as Python's collector
 * does: a writer holding it may have written its reference and not yet made its link. A lock held too long
 * leaves the entry as it is.
 */
async function pruneStore(
  root: string,
  restored: string[],
  lockWaitSeconds?: number
): Promise<{ bytes: number; locked: number }> {
  let bytes = 0
  let locked = 0
  for (const rel of restored) {
    const xetHash = path.basename(rel)
    if (!isHex64(xetHash)) continue
    const entry = storeEntry(root, xetHash)
    const done = await underEntryLock(
      entry,
      async () => {
        const text = await read(root, entry.manifest)
        if (text === undefined) return 0 // no manifest: leak it rather than risk deleting what something links to
        const lines = text.split('\n').filter(Boolean)
        const holding: string[] = []
        for (const line of lines) {
          if (unsafeReason(line)) continue
          const linked = await linkedStoreEntry(root, path.join(root, ...line.split('/')))
          if (linked?.payload === entry.payload) holding.push(line)
        }
        if (holding.length === lines.length) return 0
        if (holding.length > 0) {
          const content = holding.map(line => `${line}\n`).join('')
          await replaceAtomically(entry.manifest, temp => writeExclusive(temp, content))
          return 0
        }
        const freed = await remove(root, entry.payload)
        await remove(root, entry.manifest)
        return freed
      },
      lockWaitSeconds
    )
    if (done === undefined) locked++
    else bytes += done
  }
  return { bytes, locked }
}
