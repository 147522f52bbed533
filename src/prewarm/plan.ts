/**
 * What the cache needs of each repo before anything is fetched: the Hub's listing, every name in it checked,
 * the files the globs select grouped by blob, and which blobs are already cached (verified) or in the snapshot.
 */
import path from 'node:path'
import pLimit from 'p-limit'
import { matchesAny } from '../hub/fnmatch.js'
import type { HubClient } from '../hub/client.js'
import { repoLabel, type RepoSpec } from '../hub/repo-spec.js'
import { listTree, type TreeEntry } from '../hub/tree.js'
import { blobsByPath, CHECKS_AT_ONCE, RepoCacheDir } from '../hub-cache/layout.js'
import { caseCollisions, caseInsensitive, unsafeReason, UnsafePathError } from '../hub-cache/path-safety.js'
import { linkFromStore, sharedBlobsEnabled } from '../hub-cache/shared-store.js'
import { safeText } from '../shared/safe-text.js'
import type { RemoteFile } from './job.js'

/** What planning takes of the pre-warm's options. */
export interface PlanOptions {
  signal?: AbortSignal
  /** Platform whose file-name rules apply (tests force another). */
  platform?: NodeJS.Platform
  log?: (line: string) => void
  /** The clock a repo's time is read from (Date.now; tests give their own). */
  now?: () => number
}

/** One repo to pre-warm, at its resolved commit. */
export interface PrewarmTarget {
  spec: RepoSpec
  commit: string
  /** The Hub's listing of the commit, when the job asked for it already (the cache's restore did). */
  tree?: TreeEntry[]
}

/**
 * Checks every path of the listing (names from the network never reach the disk unchecked) and keeps
 * the files the globs select (fnmatch, as Python's allow_patterns).
 */
export function selectFiles(spec: RepoSpec, tree: TreeEntry[], platform = process.platform): RemoteFile[] {
  for (const entry of tree) {
    const why = unsafeReason(entry.path, platform)
    if (why) throw new UnsafePathError(repoLabel(spec), entry.path, why)
  }
  if (caseInsensitive(platform)) {
    const [pair] = caseCollisions(tree.map(e => e.path))
    if (pair) {
      throw new UnsafePathError(
        repoLabel(spec),
        pair[1],
        `it differs from "${pair[0]}" only in case, and both would be one file on this runner's file system`
      )
    }
  }
  return tree
    .filter(entry => matchesAny(entry.path, spec.globs))
    .map(entry => ({
      path: entry.path,
      size: entry.size,
      etag: entry.lfsSha256 ?? entry.blobId,
      lfs: entry.lfsSha256 !== undefined,
      ...(entry.xetHash !== undefined ? { xetHash: entry.xetHash } : {})
    }))
}

/**
 * Checks what the cache already holds of a repo at `commit` against the Hub's listing: extra or wrong
 * snapshot entries and blobs whose content does not match their name are removed, the listing is stored as
 * `trees/<commit>.json` and the revision's ref written. Returns the listing, or undefined when the cache
 * holds no snapshot of the commit (nothing to check).
 */
export async function verifyCachedRepo(
  client: HubClient,
  spec: RepoSpec,
  commit: string,
  hubCache: string,
  options: PlanOptions = {},
  known?: TreeEntry[]
): Promise<{ tree: TreeEntry[]; removed: string[] } | undefined> {
  const repo = new RepoCacheDir(hubCache, spec.type, spec.id)
  if (!(await repo.cachedCommit(commit))) return undefined
  const tree = known ?? (await listTree(client, spec, commit, options.signal))
  selectFiles(spec, tree, options.platform)
  const removed = await repo.pruneSnapshot(commit, blobsByPath(tree))
  for (const rel of removed) {
    options.log?.(`  removed ${safeText(rel)} from the cached snapshot: it does not match the Hub's listing`)
  }
  await repo.writeTree(commit, tree)
  await repo.unmarkListed(commit, tree)
  await repo.writeRef(spec.revision, commit)
  return { tree, removed }
}

/** One blob of a repo and the paths that hold its content. */
export interface BlobGroup {
  files: RemoteFile[]
  /** The blob is in `blobs/`, verified. */
  cached: boolean
  /** A snapshot path that already holds the content (without symlinks, the file itself is the copy). */
  existing?: string
}

/** What the cache needs of one repo: its listing, the selected files by blob, and which blobs to fetch. */
export interface RepoPlan extends PrewarmTarget {
  repo: RepoCacheDir
  tree: TreeEntry[]
  files: RemoteFile[]
  /** Identical content under several paths is one blob: fetched once, linked at each path. */
  groups: BlobGroup[]
  checked: boolean
  failures: string[]
  downloadedFiles: number
  downloadedBytes: number
  finishedAt: number
}

export const needsDownload = (group: BlobGroup) => !group.cached && group.existing === undefined

export async function planRepo(
  client: HubClient,
  target: PrewarmTarget,
  hubCache: string,
  options: PlanOptions
): Promise<RepoPlan> {
  const { spec, commit } = target
  const repo = new RepoCacheDir(hubCache, spec.type, spec.id)
  const checked = await verifyCachedRepo(client, spec, commit, hubCache, options, target.tree)
  const tree = checked?.tree ?? target.tree ?? (await listTree(client, spec, commit, options.signal))
  const files = selectFiles(spec, tree, options.platform)
  // Validate every name before anything is written.
  for (const file of files) {
    repo.snapshotPath(commit, file.path)
    repo.blobPath(file.etag)
  }
  const byEtag = new Map<string, RemoteFile[]>()
  for (const file of files) byEtag.set(file.etag, [...(byEtag.get(file.etag) ?? []), file])
  const limit = pLimit(CHECKS_AT_ONCE)
  const groups: BlobGroup[] = await Promise.all(
    [...byEtag.values()].map(group =>
      limit(async () => {
        const [{ etag, size, xetHash }] = group
        let cached = await repo.hasBlob(etag, size)
        // Python's shared store may hold it already (another repo's copy, or a payload a cache restored).
        if (!cached && xetHash !== undefined && sharedBlobsEnabled()) {
          await repo.makeDir(path.dirname(repo.blobPath(etag)))
          cached = await linkFromStore(hubCache, repo.blobPath(etag), xetHash, etag, size)
          if (cached)
            options.log?.(
              `  linked ${repoLabel(spec)}: ${safeText(group[0].path)} from Python's shared blob store`
            )
        }
        let existing: string | undefined
        // What survived the check of the snapshot holds the right content.
        for (const file of group)
          if (!existing && (await repo.hasSnapshotEntry(commit, file.path))) existing = file.path
        return { files: group, cached, existing }
      })
    )
  )
  return {
    ...target,
    repo,
    tree,
    files,
    groups,
    checked: !!checked,
    failures: [],
    downloadedFiles: 0,
    downloadedBytes: 0,
    // A repo with nothing to fetch is finished once planned.
    finishedAt: (options.now ?? Date.now)()
  }
}
