/**
 * A saved cache holds what its key names: before saving, each listed repo loses the snapshots of commits other
 * than the one this run resolved (and the refs, listings and `.no_exist` markers of those commits), then the
 * blobs no remaining snapshot links to, then the payloads of Python's shared store that no remaining repo blob
 * links to (their manifests rewritten), as `hf cache rm`/`hf cache prune` would. Only what the action's own
 * restore brought is ever removed: main takes an inventory of a listed repo right after the restore, and a repo
 * folder (or the store) that was there before the restore, on a persistent self-hosted hf-home, is left whole.
 * Repos the job did not list, and whatever later steps added, are kept.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { repoFolderName } from '../hub-cache/layout.js'
import { linkedStoreEntry, storeEntry, STORE_DIR } from '../hub-cache/shared-store.js'
import type { RepoSpec } from '../hub/repo-spec.js'
import { pathExists } from '../shared/safe-fs.js'
import { isHex64 } from '../shared/shape.js'

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

async function names(dir: string): Promise<string[]> {
  return fs.readdir(dir).catch(() => [] as string[])
}

/** Every file below `dir`, relative to it (`refs/pr/1` nests). */
async function filesBelow(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = []
  for (const item of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const rel = prefix ? `${prefix}/${item.name}` : item.name
    if (item.isDirectory()) out.push(...(await filesBelow(path.join(dir, item.name), rel)))
    else out.push(rel)
  }
  return out
}

/** Which folders the restore is about to fill that are not there yet (taken before the restore). */
export async function absentBeforeRestore(
  hubCache: string,
  targets: { spec: RepoSpec }[]
): Promise<Set<string>> {
  const absent = new Set<string>()
  for (const { spec } of targets) {
    const folder = repoFolderName(spec.type, spec.id)
    if (!(await pathExists(path.join(hubCache, folder)))) absent.add(folder)
  }
  if (!(await pathExists(path.join(hubCache, STORE_DIR)))) absent.add(STORE_DIR)
  return absent
}

/** What the restore brought into the folders that were absent before it (taken right after the restore). */
export async function inventoryAfterRestore(
  hubCache: string,
  targets: { spec: RepoSpec; commit: string }[],
  absent: Set<string>
): Promise<RestoreInventory> {
  const repos: RestoredRepo[] = []
  for (const { spec, commit } of targets) {
    const folder = repoFolderName(spec.type, spec.id)
    if (!absent.has(folder)) continue
    const root = path.join(hubCache, folder)
    repos.push({
      folder,
      commit,
      snapshots: await names(path.join(root, 'snapshots')),
      blobs: await names(path.join(root, 'blobs')),
      refs: await filesBelow(path.join(root, 'refs'))
    })
  }
  const store = absent.has(STORE_DIR)
    ? (await filesBelow(path.join(hubCache, STORE_DIR))).filter(n => isHex64(path.basename(n)))
    : undefined
  return { repos, ...(store ? { store } : {}) }
}

/** The blob names the snapshots of a repo link to (or, without symlinks, nothing: copies hold no blob). */
async function linkedBlobs(root: string): Promise<Set<string>> {
  const linked = new Set<string>()
  for (const commit of await names(path.join(root, 'snapshots'))) {
    for (const rel of await filesBelow(path.join(root, 'snapshots', commit))) {
      const target = await fs.readlink(path.join(root, 'snapshots', commit, rel)).catch(() => undefined)
      if (target !== undefined) linked.add(path.basename(target))
    }
  }
  return linked
}

export interface Pruned {
  revisions: number
  bytes: number
}

/** Removes what the restore brought and this run does not need (see the header). */
export async function pruneRestored(hubCache: string, inventory: RestoreInventory): Promise<Pruned> {
  const pruned: Pruned = { revisions: 0, bytes: 0 }
  const size = async (file: string) => (await fs.lstat(file).catch(() => undefined))?.size ?? 0
  const remove = async (file: string, counted = true) => {
    if (counted) pruned.bytes += await size(file)
    await fs.rm(file, { recursive: true, force: true })
  }
  for (const repo of inventory.repos) {
    const root = path.join(hubCache, repo.folder)
    const old = repo.snapshots.filter(commit => commit !== repo.commit)
    for (const commit of old) {
      await remove(path.join(root, 'snapshots', commit), false)
      await remove(path.join(root, 'trees', `${commit}.json`), false)
      await remove(path.join(root, '.no_exist', commit), false)
      pruned.revisions++
    }
    for (const ref of repo.refs) {
      const file = path.join(root, 'refs', ...ref.split('/'))
      const points = (await fs.readFile(file, 'utf8').catch(() => '')).trim()
      if (old.includes(points)) await remove(file, false)
    }
    const linked = await linkedBlobs(root)
    for (const blob of repo.blobs) if (!linked.has(blob)) await remove(path.join(root, 'blobs', blob))
  }
  if (inventory.store) pruned.bytes += await pruneStore(hubCache, inventory.store)
  return pruned
}

/**
 * Payloads the restore brought that no repo blob links to any more: removed with their manifest; the others'
 * manifests rewritten to the references that still hold, as Python's collector does.
 */
async function pruneStore(hubCache: string, restored: string[]): Promise<number> {
  let freed = 0
  for (const rel of restored) {
    const entry = storeEntry(hubCache, path.basename(rel))
    const lines = (await fs.readFile(entry.manifest, 'utf8').catch(() => undefined))
      ?.split('\n')
      .filter(Boolean)
    if (!lines) continue // no manifest: leak it rather than risk deleting what something links to
    const holding: string[] = []
    for (const line of lines) {
      if (line.split('/').includes('..') || path.isAbsolute(line)) continue
      const linked = await linkedStoreEntry(hubCache, path.join(hubCache, ...line.split('/')))
      if (linked?.payload === entry.payload) holding.push(line)
    }
    if (holding.length === lines.length) continue
    if (holding.length > 0) {
      const temp = `${entry.manifest}.${process.pid}.tmp`
      await fs.writeFile(temp, holding.map(line => `${line}\n`).join(''), { flag: 'wx', mode: 0o666 })
      await fs.rename(temp, entry.manifest)
      continue
    }
    freed += (await fs.lstat(entry.payload).catch(() => undefined))?.size ?? 0
    await fs.rm(entry.payload, { force: true })
    await fs.rm(entry.manifest, { force: true })
  }
  return freed
}
