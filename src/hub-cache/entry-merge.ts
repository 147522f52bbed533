/**
 * A restored entry's stage (entry-stage.ts) merged into the hub cache. The stage came from the cache service,
 * and any job of the repository's default branch can write any entry, so nothing in it is trusted: only the one
 * repo folder it is for is read, only names of Python's shapes are taken (40/64-hex blobs and commits, refs
 * holding a commit, listings Python's reader accepts), each blob is hashed against its name before it becomes
 * visible, and nothing already in the hub cache is replaced (a persistent hf-home keeps what it had). Links in
 * the stage are read, never followed.
 *
 * What is taken depends on what the entry is (MergeScope): of the entry of the commit its key names, that
 * commit's snapshot, the refs naming it, its listing and its `.no_exist` markers — never another commit's; of
 * another commit's or selection's entry, only its content-addressed blobs. With the Hub's listing of the
 * commit, the snapshot is then made to match it, the Hub's listing replaces the entry's, and no marker names a
 * file it lists; a payload enters Python's shared store only under the Xet hash the Hub gives for its blob.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type { RepoType } from '../hub/repo-spec.js'
import type { TreeEntry } from '../hub/tree.js'
import { pathExists, readRegular } from '../shared/safe-fs.js'
import { isHex40 } from '../shared/shape.js'
import { blobDigest } from './blob-hash.js'
import { isBlobName, linkedBlob } from './entry-stage.js'
import { blobsByPath, RepoCacheDir } from './layout.js'
import { isLeftover } from './leftovers.js'
import { unsafeReason } from './path-safety.js'
import { walk, type Found } from './safe-tree.js'
import { adoptIntoStore, sharedBlobsEnabled, storeEntry } from './shared-store.js'

export interface Merged {
  /** Blobs now in the hub cache (adopted or already there). */
  blobs: number
  /** Blobs (and snapshot copies) of the stage refused: not a regular file, or content that is not their name's. */
  refused: string[]
  /** Snapshot entries removed because the Hub's listing of the commit does not have them as they were. */
  removed: string[]
}

export interface MergeScope {
  /** The commit the entry's key names: its snapshot, refs, listing and markers are taken. Else only blobs. */
  commit?: string
  /** The Hub's listing of the commit the job wants: the check of what is taken, and the trusted Xet hashes. */
  hubListing?: TreeEntry[]
}

/** More `.no_exist` markers than one commit of an honest entry has; the rest are left out. */
export const MAX_MARKERS = 1_000

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
  id: string,
  scope: MergeScope = {}
): Promise<Merged> {
  const repo = new RepoCacheDir(hubCache, type, id)
  const folder = path.basename(repo.root)
  const merged: Merged = { blobs: 0, refused: [], removed: [] }
  // Only the Hub's word names a payload in Python's shared store: etag → Xet hash of the commit's listing.
  const xetHashes = new Map(
    (scope.hubListing ?? []).flatMap(e => (e.xetHash ? [[e.lfsSha256 ?? e.blobId, e.xetHash] as const] : []))
  )
  for (const found of await walk(stage, `${folder}/blobs`)) {
    if (found.kind === 'dir' || !isBlobName(found.rel)) continue
    if (await adopt(hubCache, stage, repo, found, xetHashes)) merged.blobs++
    else merged.refused.push(found.rel)
  }
  const { commit, hubListing } = scope
  if (!isHex40(commit)) return merged
  // The stage is a hub cache of its one repo: its listings are read as the hub cache's are.
  const staged = new RepoCacheDir(stage, type, id)
  merged.refused.push(...(await mergeSnapshot(stage, staged, repo, folder, commit)))
  await mergeSmallFiles(stage, staged, repo, folder, commit)
  if (hubListing) {
    merged.removed = await repo.pruneSnapshot(commit, blobsByPath(hubListing))
    await repo.writeTree(commit, hubListing)
    await repo.unmarkListed(commit, hubListing)
  }
  return merged
}

/**
 * One blob: a regular file, or a link into the stage's store with the payload it links to — placed in Python's
 * store only when the Hub's listing gives that Xet hash for this blob, else kept as a plain blob of the repo.
 */
async function adopt(
  hubCache: string,
  stage: string,
  repo: RepoCacheDir,
  found: Found,
  xetHashes: ReadonlyMap<string, string>
): Promise<boolean> {
  const etag = found.rel
  if (found.kind === 'file') return repo.adoptBlob(etag, found.full)
  const payload = found.kind === 'link' ? stagedPayload(stage, found) : undefined
  if (!payload) return false
  if (await repo.hasBlob(etag)) return true
  if ((await blobDigest(payload, etag)) !== etag) return false
  // Python's store off (HF_HUB_DISABLE_SHARED_BLOBS), or another tool's blobs/: the blob as a regular file.
  await repo.makeDir(path.dirname(repo.blobPath(etag)))
  const xetHash = path.basename(payload)
  const trusted = xetHashes.get(etag) === xetHash
  if (
    trusted &&
    sharedBlobsEnabled() &&
    (await adoptIntoStore(hubCache, repo.blobPath(etag), payload, xetHash, etag))
  ) {
    await RepoCacheDir.remember(storeEntry(hubCache, xetHash).payload)
    return true
  }
  if (!(await pathExists(payload))) return repo.hasBlob(etag)
  return repo.adoptBlob(etag, payload)
}

/**
 * The commit's snapshot links of Python's shape to a blob now in the hub cache, and (without symlinks) snapshot
 * files whose content hashes to what the entry's listing names, where the hub cache has no entry yet. Returns
 * the files refused.
 */
async function mergeSnapshot(
  stage: string,
  staged: RepoCacheDir,
  repo: RepoCacheDir,
  folder: string,
  commit: string
): Promise<string[]> {
  const stageFolder = path.join(stage, folder)
  let listing: Map<string, string> | undefined
  const refused: string[] = []
  for (const found of await walk(stage, `${folder}/snapshots/${commit}`)) {
    const relPath = found.rel
    // An honest stage holds no temporary file (entry-stage.ts stages none): one here is nobody's to take.
    if (found.kind === 'dir' || isLeftover(found)) continue
    if (await repo.hasSnapshotEntry(commit, relPath).catch(() => true)) continue
    if (found.kind === 'file') {
      listing ??= blobsByPath((await staged.readTree(commit)) ?? [])
      const etag = listing.get(relPath)
      if (etag && (await blobDigest(found.full, etag)) === etag)
        await repo.adoptCopy(commit, relPath, found.full)
      else refused.push(`snapshots/${commit}/${found.rel}`)
      continue
    }
    const blob = found.kind === 'link' ? linkedBlob(stageFolder, found.full, found.target!) : undefined
    if (!blob || !(await fs.lstat(repo.blobPath(blob)).catch(() => undefined))) continue
    await repo.link(commit, relPath, blob)
  }
  return refused
}

/**
 * The refs naming the commit, its listing (when every path in it is one the action accepts) and its `.no_exist`
 * markers (at most MAX_MARKERS, none naming a file of that listing): each only where none is yet.
 */
async function mergeSmallFiles(
  stage: string,
  staged: RepoCacheDir,
  repo: RepoCacheDir,
  folder: string,
  commit: string
): Promise<void> {
  for (const ref of await walk(stage, `${folder}/refs`)) {
    if (ref.kind !== 'file' || (await readRegular(ref.full, 1024))?.trim() !== commit) continue
    if ((await repo.readRef(ref.rel).catch(() => 'refused')) !== undefined) continue
    await repo.writeRef(ref.rel, commit)
  }
  const listing = await staged.readTree(commit)
  const listed = new Set(listing?.map(e => e.path))
  if (listing?.every(e => !unsafeReason(e.path)) && !(await repo.readTree(commit)))
    await repo.writeTree(commit, listing)
  let markers = 0
  for (const marker of await walk(stage, `${folder}/.no_exist/${commit}`)) {
    if (marker.kind !== 'file' || listed.has(marker.rel)) continue
    if (++markers > MAX_MARKERS) break
    await repo.markAbsent(commit, marker.rel)
  }
}
