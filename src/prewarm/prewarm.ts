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
import path from 'node:path'
import pLimit from 'p-limit'
import {
  CONNECTIONS,
  downloadBlob,
  MAX_FILE_BYTES,
  type RemoteFile,
  type TransferOptions
} from './blob-transfer.js'
import { matchesAny } from '../hub/fnmatch.js'
import { errorMessage, HubResponseError } from '../shared/errors.js'
import {
  blobsByPath,
  CHECKS_AT_ONCE,
  caseCollisions,
  caseInsensitive,
  RepoCacheDir,
  symlinksSupported,
  unsafeReason,
  UnsafePathError,
  writeCacheDirTag,
  type TreeEntry
} from '../hub-cache/layout.js'
import { MAX_JSON_BYTES, readCapped } from '../hub/body.js'
import type { HubClient } from '../hub/client.js'
import { formatBytes } from '../shared/format.js'
import { Progress } from './progress.js'
import { logInfo, safeText } from '../shared/safe-text.js'
import { isHex40, isHex64, isRecord, isSize } from '../shared/shape.js'
import { repoLabel, type RepoSpec } from '../hub/repo-spec.js'

export interface PrewarmResult {
  files: number
  bytes: number
  downloadedFiles: number
  downloadedBytes: number
  seconds: number
}

export interface PrewarmOptions extends TransferOptions {
  /** Files downloaded at once (their ranges share the connections). */
  concurrency?: number
  /** How often progress is logged while bytes move. */
  progressIntervalMs?: number
  /** Platform whose file-name rules apply (tests force another). */
  platform?: NodeJS.Platform
  /** Whether snapshot entries are symlinks to blobs; probed in the hub cache when not given (tests force it). */
  symlinks?: boolean
}

/** Bounds on one listing: a `Link: rel="next"` chain is followed at most this far. */
export const MAX_LISTING_PAGES = 10_000
export const MAX_LISTING_ENTRIES = 1_000_000

/**
 * A `fetch` for `@huggingface/hub`'s `listFiles`, which follows `Link: rel="next"` for ever and iterates
 * whatever JSON comes back: here every page must be a JSON array from the endpoint's origin, no page is
 * asked twice (a link back to an earlier page would loop), and pages are bounded in number and size.
 */
function listingFetch(client: HubClient, what: string, signal?: AbortSignal): typeof fetch {
  const seen = new Set<string>()
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    if (seen.has(url))
      throw new HubResponseError(what, 'its next-page link points back to a page already read')
    if (seen.size >= MAX_LISTING_PAGES)
      throw new HubResponseError(what, `it goes on past ${MAX_LISTING_PAGES} pages`)
    if (new URL(url).origin !== client.origin) {
      throw new HubResponseError(what, 'its next-page link leads to another origin')
    }
    seen.add(url)
    const res = await client.fetch(url, { ...init, signal })
    if (!res.ok) return res
    const text = await readCapped(res, MAX_JSON_BYTES)
    let page: unknown
    try {
      page = JSON.parse(text)
    } catch {
      throw new HubResponseError(what, 'a page is not JSON')
    }
    if (!Array.isArray(page)) throw new HubResponseError(what, 'a page is not a JSON array')
    return new Response(text, { status: res.status, headers: res.headers })
  }
}

/** One listed entry checked field by field; directories are skipped (undefined). */
function parseTreeEntry(raw: unknown, what: string): TreeEntry | undefined {
  const bad = (why: string) => new HubResponseError(what, why)
  if (!isRecord(raw) || typeof raw.type !== 'string') throw bad('an entry has no "type"')
  if (raw.type !== 'file') return undefined
  if (typeof raw.path !== 'string') throw bad('a file has no "path"')
  const name = `"${safeText(raw.path, 200)}"`
  if (!isSize(raw.size)) throw bad(`${name} has no valid "size"`)
  if (!isHex40(raw.oid)) throw bad(`${name} has no 40-hex "oid"`)
  let lfs: { oid: string; size: number } | undefined
  if (raw.lfs !== undefined && raw.lfs !== null) {
    if (!isRecord(raw.lfs) || !isHex64(raw.lfs.oid) || !isSize(raw.lfs.size)) {
      throw bad(`${name} has an "lfs" without a sha256 "oid" and a "size"`)
    }
    lfs = { oid: raw.lfs.oid, size: raw.lfs.size }
  }
  const size = lfs?.size ?? raw.size
  if (size > MAX_FILE_BYTES) {
    throw bad(
      `${name} is listed at ${size} bytes, over the ${formatBytes(MAX_FILE_BYTES)} any file on the Hub can be`
    )
  }
  const xetHash = typeof raw.xetHash === 'string' ? raw.xetHash : undefined
  return {
    path: raw.path,
    size,
    blobId: raw.oid,
    ...(lfs ? { lfsSha256: lfs.oid, lfsSize: lfs.size } : {}),
    ...(xetHash !== undefined ? { xetHash } : {})
  }
}

/**
 * The commit's full listing from the Hub's paginated tree endpoint (files only). Always asked of the Hub:
 * a restored cache's `trees/<commit>.json` could list files the commit does not have.
 */
export async function listTree(
  client: HubClient,
  spec: RepoSpec,
  commit: string,
  signal?: AbortSignal
): Promise<TreeEntry[]> {
  const what = `the file listing of ${repoLabel(spec)}@${commit.slice(0, 7)}`
  const entries: TreeEntry[] = []
  // Loaded here, not at start: the library is the largest part of the bundle and only listings need it.
  const { listFiles } = await import('@huggingface/hub')
  const listing = listFiles({
    repo: { type: spec.type, name: spec.id },
    revision: commit,
    recursive: true,
    hubUrl: client.endpoint,
    fetch: listingFetch(client, what, signal)
  })
  let count = 0
  for await (const raw of listing as AsyncIterable<unknown>) {
    if (++count > MAX_LISTING_ENTRIES)
      throw new HubResponseError(what, `it has over ${MAX_LISTING_ENTRIES} entries`)
    const entry = parseTreeEntry(raw, what)
    if (entry) entries.push(entry)
  }
  return entries
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
      lfs: entry.lfsSha256 !== undefined
    }))
}

export function resolveUrl(endpoint: string, spec: RepoSpec, commit: string, filePath: string): string {
  const prefix = spec.type === 'model' ? '' : `${spec.type}s/`
  const encoded = filePath.split('/').map(encodeURIComponent).join('/')
  return `${endpoint}/${prefix}${spec.id}/resolve/${commit}/${encoded}`
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
  options: Pick<PrewarmOptions, 'signal' | 'platform' | 'log'> = {}
): Promise<{ tree: TreeEntry[]; removed: string[] } | undefined> {
  const repo = new RepoCacheDir(hubCache, spec.type, spec.id)
  if (!(await repo.cachedCommit(commit))) return undefined
  const tree = await listTree(client, spec, commit, options.signal)
  selectFiles(spec, tree, options.platform)
  const removed = await repo.pruneSnapshot(commit, blobsByPath(tree))
  for (const rel of removed) {
    options.log?.(`  removed ${safeText(rel)} from the cached snapshot: it does not match the Hub's listing`)
  }
  await repo.writeTree(commit, tree)
  await repo.writeRef(spec.revision, commit)
  return { tree, removed }
}

/** One repo to pre-warm, at its resolved commit. */
export interface PrewarmTarget {
  spec: RepoSpec
  commit: string
}

/** One blob of a repo and the paths that hold its content. */
interface BlobGroup {
  files: RemoteFile[]
  /** The blob is in `blobs/`, verified. */
  cached: boolean
  /** A snapshot path that already holds the content (without symlinks, the file itself is the copy). */
  existing?: string
}

/** What the cache needs of one repo: its listing, the selected files by blob, and which blobs to fetch. */
interface RepoPlan extends PrewarmTarget {
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

const needsDownload = (group: BlobGroup) => !group.cached && group.existing === undefined

async function planRepo(
  client: HubClient,
  target: PrewarmTarget,
  hubCache: string,
  options: PrewarmOptions
): Promise<RepoPlan> {
  const { spec, commit } = target
  const repo = new RepoCacheDir(hubCache, spec.type, spec.id)
  const checked = await verifyCachedRepo(client, spec, commit, hubCache, options)
  const tree = checked?.tree ?? (await listTree(client, spec, commit, options.signal))
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
        const cached = await repo.hasBlob(group[0].etag, group[0].size)
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
    finishedAt: Date.now()
  }
}

/**
 * Pre-warms every target as one pool of transfers (files from all repos at once, ranges of large files over
 * the shared connections), with progress in the log while bytes move. Every repo is finished (links, listing,
 * ref) when its files are, whatever happens to the others; failures are reported together at the end.
 */
export async function prewarmAll(
  client: HubClient,
  targets: PrewarmTarget[],
  hubCache: string,
  options: PrewarmOptions = {}
): Promise<PrewarmResult[]> {
  const started = Date.now()
  const planLimit = pLimit(4)
  const plans = await Promise.all(targets.map(t => planLimit(() => planRepo(client, t, hubCache, options))))
  const total = plans.reduce(
    (sum, p) => sum + p.groups.filter(needsDownload).reduce((s, g) => s + g.files[0].size, 0),
    0
  )
  const symlinks = options.symlinks ?? (await symlinksSupported(hubCache))
  const progress = new Progress(total, options.log ?? (() => undefined), options.progressIntervalMs).start()
  const files = pLimit(options.concurrency ?? 8)
  const transfer: TransferOptions = {
    ...options,
    connections: options.connections ?? pLimit(CONNECTIONS),
    onBytes: bytes => progress.add(bytes)
  }
  const fetchGroup = async (plan: RepoPlan, group: BlobGroup) => {
    const first = group.files[0]
    try {
      if (options.signal?.aborted) throw options.signal.reason
      let source =
        group.existing === undefined ? undefined : plan.repo.snapshotPath(plan.commit, group.existing)
      if (needsDownload(group)) {
        await plan.repo.makeDir(path.dirname(plan.repo.blobPath(first.etag)))
        const url = resolveUrl(client.endpoint, plan.spec, plan.commit, first.path)
        // Awaited first: `x += await …` would read x before the wait and lose concurrent additions.
        const received = await downloadBlob(client, url, first, plan.repo.blobPath(first.etag), transfer)
        plan.downloadedBytes += received
        plan.downloadedFiles++
        options.log?.(
          `  downloaded ${repoLabel(plan.spec)}: ${safeText(first.path)} (${formatBytes(first.size)})`
        )
        if (!symlinks) {
          // Without symlinks the new blob becomes its first path's file, and the others copy it.
          await plan.repo.link(plan.commit, first.path, first.etag, { symlinks, move: true })
          source = plan.repo.snapshotPath(plan.commit, first.path)
        }
      }
      for (const file of group.files) {
        await plan.repo.link(plan.commit, file.path, file.etag, { symlinks, source })
      }
    } catch (error) {
      plan.failures.push(`${safeText(first.path)}: ${errorMessage(error)}`)
    } finally {
      plan.finishedAt = Date.now()
    }
  }
  // Largest first: the long transfers start at once and the small ones fill the gaps around them.
  const work = plans
    .flatMap(plan => plan.groups.map(group => ({ plan, group })))
    .sort((a, b) => b.group.files[0].size - a.group.files[0].size)
  try {
    await Promise.all(work.map(({ plan, group }) => files(() => fetchGroup(plan, group))))
  } finally {
    progress.stop()
  }
  if (options.signal?.aborted) throw options.signal.reason
  for (const plan of plans) {
    if (plan.failures.length > 0 || plan.checked) continue
    await plan.repo.writeTree(plan.commit, plan.tree)
    await plan.repo.writeRef(plan.spec.revision, plan.commit)
  }
  await writeCacheDirTag(hubCache)
  const failed = plans.filter(p => p.failures.length > 0)
  if (failed.length > 0) {
    throw new Error(
      failed
        .map(
          p =>
            `pre-warm of ${repoLabel(p.spec)} failed for ${p.failures.length} file(s): ${p.failures.join('; ')}`
        )
        .join(' | ')
    )
  }
  return plans.map(plan => ({
    files: plan.files.length,
    bytes: plan.files.reduce((sum, f) => sum + f.size, 0),
    downloadedFiles: plan.downloadedFiles,
    downloadedBytes: plan.downloadedBytes,
    seconds: (plan.finishedAt - started) / 1000
  }))
}

/**
 * Pre-warms the targets in one collapsible log group, logging each one's files, bytes and time. Returns the
 * results in the targets' order.
 */
export async function prewarmRepos(
  client: HubClient,
  targets: PrewarmTarget[],
  hubCache: string,
  signal?: AbortSignal
): Promise<PrewarmResult[]> {
  if (targets.length === 0) return []
  const names = targets.map(t => `${repoLabel(t.spec)}@${t.spec.revision} (${t.commit.slice(0, 7)})`)
  core.startGroup(`Pre-warming ${names.join(', ')}`)
  try {
    const results = await prewarmAll(client, targets, hubCache, { log: logInfo, signal })
    for (const [i, result] of results.entries()) {
      const rate = result.downloadedBytes / Math.max(result.seconds, 0.001)
      logInfo(
        `${repoLabel(targets[i].spec)}: ${result.files} file(s), ${formatBytes(result.bytes)}: downloaded ${result.downloadedFiles} (${formatBytes(result.downloadedBytes)}) in ${result.seconds.toFixed(1)} s (${formatBytes(rate)}/s), ${result.files - result.downloadedFiles} already cached`
      )
    }
    return results
  } finally {
    core.endGroup()
  }
}

/** Checks what the cache holds of each target at its commit (see verifyCachedRepo). */
export async function verifyCachedRepos(
  client: HubClient,
  targets: PrewarmTarget[],
  hubCache: string,
  signal?: AbortSignal
): Promise<void> {
  for (const { spec, commit } of targets) {
    const checked = await verifyCachedRepo(client, spec, commit, hubCache, { signal, log: logInfo })
    if (checked) logInfo(`Checked the cached ${repoLabel(spec)}@${spec.revision} against the Hub's listing`)
  }
}

/**
 * Each target's snapshot folder, where the cache holds it (undefined where it does not): what
 * `load_dataset(<folder>)` or `from_pretrained(<folder>)` takes offline.
 */
export async function findSnapshots(
  targets: PrewarmTarget[],
  hubCache: string
): Promise<(string | undefined)[]> {
  return Promise.all(
    targets.map(async ({ spec, commit }) => {
      const repo = new RepoCacheDir(hubCache, spec.type, spec.id)
      return (await repo.cachedCommit(commit).catch(() => undefined)) ? repo.snapshotDir(commit) : undefined
    })
  )
}
