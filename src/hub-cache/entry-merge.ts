/**
 * A restored entry's stage (entry-stage.ts) merged into the hub cache. The stage came from the cache service,
 * so nothing in it is trusted: only the one repo folder it is for is read, only names of Python's shapes are
 * taken (40/64-hex blobs and commits, refs holding a commit, listings Python's reader accepts), each blob is
 * hashed against its name before it becomes visible, and nothing already in the hub cache is replaced (a
 * persistent hf-home keeps what it had). Links in the stage are read, never followed.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type { RepoType } from '../hub/repo-spec.js'
import { pathExists, readRegular } from '../shared/safe-fs.js'
import { isHex40 } from '../shared/shape.js'
import { blobDigest } from './blob-hash.js'
import { isBlobName, linkedBlob } from './entry-stage.js'
import { blobsByPath, RepoCacheDir } from './layout.js'
import { walk, type Found } from './safe-tree.js'
import { adoptIntoStore, sharedBlobsEnabled, storeEntry } from './shared-store.js'

export interface Merged {
  /** Blobs now in the hub cache (adopted or already there). */
  blobs: number
  /** Blobs (and snapshot copies) of the stage refused: not a regular file, or content that is not their name's. */
  refused: string[]
}

/** The store payload a restored repo blob links to (`../../blobs/<2 hex>/<64 hex>` exactly), or undefined. */
function stagedPayload(stage: string, found: Found): string | undefined {
  const target = found.target ?? ''
  const xetHash = path.basename(target)
  const expected = path.relative(path.dirname(found.full), storeEntry(stage, xetHash).payload)
  return target === expected ? storeEntry(stage, xetHash).payload : undefined
}

/** Merges the stage's `<type>s--owner--name` into the hub cache (see the header). */
export async function mergeStage(
  hubCache: string,
  stage: string,
  type: RepoType,
  id: string
): Promise<Merged> {
  const repo = new RepoCacheDir(hubCache, type, id)
  const folder = path.basename(repo.root)
  const merged: Merged = { blobs: 0, refused: [] }
  for (const found of await walk(stage, `${folder}/blobs`)) {
    if (found.kind === 'dir' || !isBlobName(found.rel)) continue
    if (await adopt(hubCache, stage, repo, found)) merged.blobs++
    else merged.refused.push(found.rel)
  }
  // The stage is a hub cache of its one repo: its listings are read as the hub cache's are.
  const staged = new RepoCacheDir(stage, type, id)
  merged.refused.push(...(await mergeSnapshots(stage, staged, repo, folder)))
  await mergeSmallFiles(stage, staged, repo, folder)
  return merged
}

/** One blob: a regular file, or a link into the stage's store with the payload it links to. */
async function adopt(hubCache: string, stage: string, repo: RepoCacheDir, found: Found): Promise<boolean> {
  const etag = found.rel
  if (found.kind === 'file') return repo.adoptBlob(etag, found.full)
  const payload = found.kind === 'link' ? stagedPayload(stage, found) : undefined
  if (!payload) return false
  if (await repo.hasBlob(etag)) return true
  if ((await blobDigest(payload, etag)) !== etag) return false
  // Python's store off (HF_HUB_DISABLE_SHARED_BLOBS), or another tool's blobs/: the blob as a regular file.
  await repo.makeDir(path.dirname(repo.blobPath(etag)))
  const xetHash = path.basename(payload)
  if (sharedBlobsEnabled() && (await adoptIntoStore(hubCache, repo.blobPath(etag), payload, xetHash, etag))) {
    await RepoCacheDir.remember(storeEntry(hubCache, xetHash).payload)
    return true
  }
  if (!(await pathExists(payload))) return repo.hasBlob(etag)
  return repo.adoptBlob(etag, payload)
}

/**
 * Snapshot links of Python's shape to a blob now in the hub cache, and (without symlinks) snapshot files whose
 * content hashes to what the entry's listing names, where the hub cache has no entry yet. Returns the files
 * refused.
 */
async function mergeSnapshots(
  stage: string,
  staged: RepoCacheDir,
  repo: RepoCacheDir,
  folder: string
): Promise<string[]> {
  const stageFolder = path.join(stage, folder)
  const listings = new Map<string, Map<string, string>>()
  const refused: string[] = []
  for (const found of await walk(stage, `${folder}/snapshots`)) {
    const [commit, ...parts] = found.rel.split('/')
    const relPath = parts.join('/')
    if (found.kind === 'dir' || !isHex40(commit) || !parts.length) continue
    if (await repo.hasSnapshotEntry(commit, relPath).catch(() => true)) continue
    if (found.kind === 'file') {
      if (!listings.has(commit)) listings.set(commit, blobsByPath((await staged.readTree(commit)) ?? []))
      const etag = listings.get(commit)!.get(relPath)
      if (etag && (await blobDigest(found.full, etag)) === etag)
        await repo.adoptCopy(commit, relPath, found.full)
      else refused.push(`snapshots/${found.rel}`)
      continue
    }
    const blob = found.kind === 'link' ? linkedBlob(stageFolder, found.full, found.target!) : undefined
    if (!blob || !(await fs.lstat(repo.blobPath(blob)).catch(() => undefined))) continue
    await repo.link(commit, relPath, blob)
  }
  return refused
}

/** Refs holding a commit, listings Python reads, `.no_exist` markers: each only where none is yet. */
async function mergeSmallFiles(
  stage: string,
  staged: RepoCacheDir,
  repo: RepoCacheDir,
  folder: string
): Promise<void> {
  for (const ref of await walk(stage, `${folder}/refs`)) {
    if (ref.kind !== 'file') continue
    const commit = (await readRegular(ref.full, 1024))?.trim()
    if (!isHex40(commit) || (await repo.readRef(ref.rel).catch(() => 'refused')) !== undefined) continue
    await repo.writeRef(ref.rel, commit)
  }
  for (const tree of await walk(stage, `${folder}/trees`)) {
    const commit = tree.rel.replace(/\.json$/, '')
    if (tree.kind !== 'file' || !isHex40(commit) || (await repo.readTree(commit))) continue
    const entries = await staged.readTree(commit)
    if (entries) await repo.writeTree(commit, entries)
  }
  for (const marker of await walk(stage, `${folder}/.no_exist`)) {
    const [commit, ...parts] = marker.rel.split('/')
    if (marker.kind !== 'file' || !isHex40(commit) || !parts.length) continue
    await repo.markAbsent(commit, parts.join('/'))
  }
}
