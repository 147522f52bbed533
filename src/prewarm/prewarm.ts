/**
 * Pre-warm: fetch the selected files of a repo at its resolved commit into the hub cache, in the layout
 * Python reads offline (hub-cache/), as one pool of transfers across repos (blob-transfer.ts).
 *
 * `@huggingface/hub`'s `downloadFileToCacheDir` is not used: it files a snapshot under the file's *last*
 * commit rather than the revision's commit, writes no `refs/<revision>` or `trees/`, does not verify what
 * it downloaded and cannot resume — Python would then miss the files offline. We keep its `listFiles`
 * (paginated tree listing, hub/tree.ts) and write the cache ourselves.
 */
import * as core from '@actions/core'
import path from 'node:path'
import pLimit from 'p-limit'
import type { HubClient } from '../hub/client.js'
import { repoLabel } from '../hub/repo-spec.js'
import { resolveUrl } from '../hub/urls.js'
import { RepoCacheDir } from '../hub-cache/layout.js'
import { writeCacheDirTag } from '../hub-cache/python-files.js'
import { symlinksSupported } from '../hub-cache/symlinks.js'
import { ActionError, errorMessage } from '../shared/errors.js'
import { formatBytes } from '../shared/format.js'
import { logInfo, safeText } from '../shared/safe-text.js'
import { downloadBlob } from './blob-transfer.js'
import {
  needsDownload,
  planRepo,
  verifyCachedRepo,
  type BlobGroup,
  type PlanOptions,
  type PrewarmTarget,
  type RepoPlan
} from './plan.js'
import { checkDiskSpace, type DiskProbe } from './disk-space.js'
import { Progress } from './progress.js'
import type { TransferOptions } from './job.js'
import { CONNECTIONS } from './sizing.js'

export type { PrewarmTarget }

export interface PrewarmResult {
  files: number
  bytes: number
  downloadedFiles: number
  downloadedBytes: number
  seconds: number
}

export interface PrewarmOptions extends TransferOptions, PlanOptions {
  /** Files downloaded at once (their ranges share the connections). */
  concurrency?: number
  /** How often progress is logged while bytes move. */
  progressIntervalMs?: number
  /** Whether snapshot entries are symlinks to blobs; probed in the hub cache when not given (tests force it). */
  symlinks?: boolean
  /** The disk as the space check sees it (tests simulate a full disk, and other volumes). */
  disk?: DiskProbe
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
  const now = options.now ?? Date.now
  const started = now()
  const planLimit = pLimit(4)
  const plans = await Promise.all(targets.map(t => planLimit(() => planRepo(client, t, hubCache, options))))
  const total = plans.reduce(
    (sum, p) => sum + p.groups.filter(needsDownload).reduce((s, g) => s + g.files[0].size, 0),
    0
  )
  await checkDiskSpace(hubCache, total, options.disk)
  const symlinks = options.symlinks ?? (await symlinksSupported(hubCache))
  const progress = new Progress(total, options.log ?? (() => undefined), options.progressIntervalMs).start()
  const transfer: TransferOptions = {
    ...options,
    connections: options.connections ?? pLimit(CONNECTIONS),
    onBytes: bytes => progress.add(bytes)
  }
  const fetcher: GroupFetch = { client, transfer, symlinks, now, log: options.log, signal: options.signal }
  const files = pLimit(options.concurrency ?? 8)
  // Largest first: the long transfers start at once and the small ones fill the gaps around them.
  const work = plans
    .flatMap(plan => plan.groups.map(group => ({ plan, group })))
    .sort((a, b) => b.group.files[0].size - a.group.files[0].size)
  try {
    await Promise.all(work.map(({ plan, group }) => files(() => fetchGroup(fetcher, plan, group))))
  } finally {
    progress.stop()
  }
  if (options.signal?.aborted) throw options.signal.reason
  await finishRepos(plans, hubCache)
  return plans.map(plan => ({
    files: plan.files.length,
    bytes: plan.files.reduce((sum, f) => sum + f.size, 0),
    downloadedFiles: plan.downloadedFiles,
    downloadedBytes: plan.downloadedBytes,
    seconds: (plan.finishedAt - started) / 1000
  }))
}

/** What fetching one blob group needs beyond its repo's plan. */
interface GroupFetch {
  client: HubClient
  transfer: TransferOptions
  symlinks: boolean
  now: () => number
  log?: (line: string) => void
  signal?: AbortSignal
}

/**
 * One blob group of a repo: its blob fetched unless the cache has it, then linked at each of its paths. A
 * failure is the repo's (noted in its plan), never the pool's; the repo's clock stops when its last group does.
 */
async function fetchGroup(fetcher: GroupFetch, plan: RepoPlan, group: BlobGroup): Promise<void> {
  const { client, transfer, symlinks } = fetcher
  const first = group.files[0]
  try {
    if (fetcher.signal?.aborted) throw fetcher.signal.reason
    let source =
      group.existing === undefined ? undefined : plan.repo.snapshotPath(plan.commit, group.existing)
    if (needsDownload(group)) {
      await plan.repo.makeDir(path.dirname(plan.repo.blobPath(first.etag)))
      const url = resolveUrl(client.endpoint, plan.spec, plan.commit, first.path)
      // Awaited first: `x += await …` would read x before the wait and lose concurrent additions.
      const received = await downloadBlob(client, url, first, plan.repo.blobPath(first.etag), transfer)
      plan.downloadedBytes += received
      // Every path of the blob is this run's download, not "already cached" (one fetch, several paths).
      plan.downloadedFiles += group.files.length
      fetcher.log?.(
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
    plan.finishedAt = fetcher.now()
  }
}

/**
 * Each repo whose files all arrived gets its listing and ref (what Python reads offline); the failures of the
 * others are thrown together, naming each repo and file.
 */
async function finishRepos(plans: RepoPlan[], hubCache: string): Promise<void> {
  for (const plan of plans) {
    if (plan.failures.length > 0 || plan.checked) continue
    await plan.repo.writeTree(plan.commit, plan.tree)
    await plan.repo.writeRef(plan.spec.revision, plan.commit)
  }
  await writeCacheDirTag(hubCache)
  const failed = plans.filter(p => p.failures.length > 0)
  if (failed.length === 0) return
  const what = failed.map(
    p => `pre-warm of ${repoLabel(p.spec)} failed for ${p.failures.length} file(s): ${p.failures.join('; ')}`
  )
  throw new ActionError(
    'Pre-warm failed',
    `${what.join(' | ')}. Every file that was fetched and verified is kept: re-run the job to fetch only the rest.`
  )
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
  for (const { spec, commit, tree } of targets) {
    const checked = await verifyCachedRepo(client, spec, commit, hubCache, { signal, log: logInfo }, tree)
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

/** Free bytes on the disk holding `dir` (for an unprivileged user, as statvfs's `f_bavail` counts them). */
