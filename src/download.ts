/**
 * Pre-warm: fetch the selected files of a repo at its resolved commit into the hub cache, in the layout
 * Python reads offline (see hub-cache.ts).
 *
 * `@huggingface/hub`'s `downloadFileToCacheDir` is not used: it files a snapshot under the file's *last*
 * commit rather than the revision's commit, writes no `refs/<revision>` or `trees/`, does not verify what
 * it downloaded and cannot resume — Python would then miss the files offline. We keep its `listFiles`
 * (paginated tree listing) and write the cache ourselves (blob-transfer.ts, hub-cache.ts).
 */
import * as core from '@actions/core'
import { listFiles } from '@huggingface/hub'
import path from 'node:path'
import pLimit from 'p-limit'
import type { RepoStatus } from './access.js'
import { downloadBlob, type RemoteFile, type TransferOptions } from './blob-transfer.js'
import { errorMessage } from './errors.js'
import { matchesAny } from './fnmatch.js'
import {
  normalizeEtag,
  RepoCacheDir,
  unsafeReason,
  UnsafePathError,
  writeCacheDirTag,
  type TreeEntry
} from './hub-cache.js'
import type { HubClient } from './hub-client.js'
import { repoLabel, type RepoSpec } from './repo-spec.js'

export interface PrewarmResult {
  files: number
  bytes: number
  downloadedFiles: number
  downloadedBytes: number
  seconds: number
}

export interface PrewarmOptions extends TransferOptions {
  /** Files downloaded at once. */
  concurrency?: number
}

/** The commit's full listing from the Hub's paginated tree endpoint (files only). */
export async function listTree(client: HubClient, spec: RepoSpec, commit: string): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = []
  const listing = listFiles({
    repo: { type: spec.type, name: spec.id },
    revision: commit,
    recursive: true,
    hubUrl: client.endpoint,
    fetch: client.fetch
  })
  for await (const entry of listing) {
    if (entry.type !== 'file') continue
    entries.push({
      path: entry.path,
      size: entry.lfs?.size ?? entry.size,
      blobId: normalizeEtag(entry.oid ?? ''),
      ...(entry.lfs ? { lfsSha256: normalizeEtag(entry.lfs.oid), lfsSize: entry.lfs.size } : {}),
      ...(entry.xetHash ? { xetHash: entry.xetHash } : {})
    })
  }
  return entries
}

/**
 * Checks every path of the listing (names from the network never reach the disk unchecked) and keeps
 * the files the globs select (fnmatch, as Python's allow_patterns).
 */
export function selectFiles(spec: RepoSpec, tree: TreeEntry[]): RemoteFile[] {
  for (const entry of tree) {
    const why = unsafeReason(entry.path)
    if (why) throw new UnsafePathError(repoLabel(spec), entry.path, why)
  }
  return tree
    .filter(entry => matchesAny(entry.path, spec.globs))
    .map(entry => ({
      path: entry.path,
      size: entry.size,
      etag: entry.lfsSha256 ?? entry.blobId,
      lfs: entry.lfsSha256 !== undefined
    }))
}

export function resolveUrl(endpoint: string, spec: RepoSpec, commit: string, filePath: string): string {
  const prefix = spec.type === 'model' ? '' : `${spec.type}s/`
  const encoded = filePath.split('/').map(encodeURIComponent).join('/')
  return `${endpoint}/${prefix}${spec.id}/resolve/${commit}/${encoded}`
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`
}

/** Pre-warms one repo at its resolved commit. Files whose blob is already cached cost no content bytes. */
export async function prewarmRepo(
  client: HubClient,
  spec: RepoSpec,
  commit: string,
  hubCache: string,
  options: PrewarmOptions = {}
): Promise<PrewarmResult> {
  const started = Date.now()
  const repo = new RepoCacheDir(hubCache, spec.type, spec.id)
  // A commit's listing never changes: a cached one saves the listing requests.
  const cachedTree = await repo.readTree(commit)
  const tree = cachedTree ?? (await listTree(client, spec, commit))
  const files = selectFiles(spec, tree)
  // Validate every name before anything is written.
  for (const file of files) {
    repo.snapshotPath(commit, file.path)
    repo.blobPath(file.etag)
  }
  // Identical content in two paths is one blob: download it once.
  const byEtag = new Map<string, RemoteFile[]>()
  for (const file of files) byEtag.set(file.etag, [...(byEtag.get(file.etag) ?? []), file])
  const limit = pLimit(options.concurrency ?? 8)
  let downloadedFiles = 0
  let downloadedBytes = 0
  const failures: string[] = []
  await Promise.all(
    [...byEtag.values()].map(group =>
      limit(async () => {
        const first = group[0]
        try {
          if (!(await repo.hasBlob(first.etag, first.size))) {
            await repo.makeDir(path.dirname(repo.blobPath(first.etag)))
            const url = resolveUrl(client.endpoint, spec, commit, first.path)
            const received = await downloadBlob(client, url, first, repo.blobPath(first.etag), options)
            downloadedBytes += received
            downloadedFiles++
            options.log?.(`  downloaded ${first.path} (${formatBytes(first.size)})`)
          }
          for (const file of group) await repo.link(commit, file.path, file.etag)
        } catch (error) {
          failures.push(`${first.path}: ${errorMessage(error)}`)
        }
      })
    )
  )
  if (failures.length > 0) {
    throw new Error(
      `pre-warm of ${repoLabel(spec)} failed for ${failures.length} file(s):\n  ${failures.join('\n  ')}`
    )
  }
  if (!cachedTree) await repo.writeTree(commit, tree)
  await repo.writeRef(spec.revision, commit)
  await writeCacheDirTag(hubCache)
  return {
    files: files.length,
    bytes: files.reduce((sum, f) => sum + f.size, 0),
    downloadedFiles,
    downloadedBytes,
    seconds: (Date.now() - started) / 1000
  }
}

/** Pre-warms each granted repo in a collapsible log group, and records its files and bytes. */
export async function prewarmRepos(
  client: HubClient,
  granted: RepoStatus[],
  hubCache: string
): Promise<void> {
  for (const status of granted) {
    const commit = status.commit
    if (!commit) continue
    core.startGroup(`Pre-warming ${repoLabel(status.spec)}@${status.spec.revision} (${commit.slice(0, 7)})`)
    try {
      const result = await prewarmRepo(client, status.spec, commit, hubCache, { log: core.info })
      status.files = result.files
      status.bytes = result.bytes
      const rate = result.downloadedBytes / 1e6 / Math.max(result.seconds, 0.001)
      core.info(
        `${result.files} file(s), ${formatBytes(result.bytes)}: downloaded ${result.downloadedFiles} (${formatBytes(result.downloadedBytes)}) in ${result.seconds.toFixed(1)} s (${rate.toFixed(1)} MB/s), ${result.files - result.downloadedFiles} already cached`
      )
    } finally {
      core.endGroup()
    }
  }
}
