/** The main step's half of caching: compute the key and restore (or, with the Hub down, fall back). */
import * as core from '@actions/core'
import type { AccessStatus } from '../hub/access.js'
import type { RepoSpec } from '../hub/repo-spec.js'
import { cacheFingerprint } from '../hub-cache/archived.js'
import { computeCacheKey, keyPrefix } from './keys.js'
import { cacheServiceAvailable, restoreHubCache } from './service.js'
import { blobsByPath, RepoCacheDir } from '../hub-cache/layout.js'
import { absentBeforeRestore, inventoryAfterRestore } from '../hub-cache/prune.js'
import type { CacheReport, CacheSettings, CacheState } from './types.js'
import { logInfo, safeText } from '../shared/safe-text.js'

export interface RestoreStep {
  report: CacheReport
  /** What post needs to decide on saving; undefined when there is nothing to save. */
  state?: CacheState
}

/** Restores the newest cache for the repos' commits, or an older one of this OS/arch by prefix. */
export async function restoreStep(
  inputs: CacheSettings,
  granted: Pick<AccessStatus, 'spec' | 'commit'>[]
): Promise<RestoreStep> {
  const key = inputs.cacheKey || computeCacheKey(granted)
  core.setOutput('cache-key', key)
  core.setOutput('cache-hit', 'false')
  core.setOutput('cache-matched-key', '')
  if (!(await cacheServiceAvailable())) {
    core.warning(
      'The GitHub Actions cache service is not available to this job (no ACTIONS_RESULTS_URL/ACTIONS_CACHE_URL): the Hugging Face cache is neither restored nor saved.',
      { title: 'Cache service unavailable' }
    )
    return { report: { key, hit: false, note: 'cache service unavailable' } }
  }
  // Any older cache of this OS/arch is a good start: blobs are content-addressed, only new ones are fetched.
  const targets = granted.flatMap(s => (s.commit ? [{ spec: s.spec, commit: s.commit }] : []))
  const absent = await absentBeforeRestore(inputs.hubCache, targets)
  const restored = await restoreHubCache(inputs.hubCache, key, [keyPrefix()])
  core.setOutput('cache-hit', restored.hit ? 'true' : 'false')
  core.setOutput('cache-matched-key', restored.matchedKey ?? '')
  if (restored.hit) logInfo(`Cache hit: ${key}`)
  else if (restored.matchedKey) {
    logInfo(`Restored an older cache (${restored.matchedKey}); only changed files will be fetched.`)
  } else logInfo(`No cache for ${key} yet; it will be saved at the end of the job.`)
  return {
    report: { key, matchedKey: restored.matchedKey, hit: restored.hit },
    state: {
      hubCache: inputs.hubCache,
      key,
      hit: restored.hit,
      fingerprint: await cacheFingerprint(inputs.hubCache),
      save: inputs.saveCache,
      // With a pre-warm to come, the cache is complete only once it finished (main sets it then).
      complete: !inputs.download,
      pid: process.pid,
      restored: await inventoryAfterRestore(inputs.hubCache, targets, absent)
    }
  }
}

/** A restored cache that stands in for the Hub: the report, and each listed repo's commit in the cache. */
export interface OfflineRestore {
  report: CacheReport
  commits: string[]
}

/**
 * The Hub is down: restore the newest cache of this OS/arch and, when it holds every listed repo at its
 * revision, let later steps run offline. Undefined when the cache cannot stand in for the Hub (then the step
 * fails with the Hub's error).
 */
export async function restoreForOffline(
  inputs: Pick<CacheSettings, 'cacheKey' | 'hubCache'>,
  specs: RepoSpec[],
  cause: Error
): Promise<OfflineRestore | undefined> {
  if (!(await cacheServiceAvailable())) return undefined
  const prefix = keyPrefix()
  const key = inputs.cacheKey || `${prefix}unreachable`
  const restored = await restoreHubCache(inputs.hubCache, key, [prefix])
  if (!restored.matchedKey) return undefined
  const commits: string[] = []
  for (const spec of specs) {
    const commit = await offlineCommit(inputs.hubCache, spec)
    if (!commit) return undefined
    commits.push(commit)
  }
  core.warning(
    `The Hub could not be reached (${safeText(cause.message)}). The cache ${safeText(restored.matchedKey)} holds every listed repo, so later steps run offline (HF_HUB_OFFLINE=1).`,
    { title: 'Hugging Face Hub unreachable: using the cache' }
  )
  core.exportVariable('HF_HUB_OFFLINE', '1')
  return {
    report: {
      key,
      matchedKey: restored.matchedKey,
      hit: false,
      note: `Hub unreachable: restored ${restored.matchedKey}`
    },
    commits
  }
}

/**
 * The commit a repo's revision has in the cache, with its snapshot checked against the cache's own listing
 * (`trees/<commit>.json`): with the Hub down there is nothing better to check against, but entries that
 * point elsewhere or at a blob whose content does not match its name are still removed. Undefined when the
 * cache does not hold the repo, or holds no listing to check it with.
 */
async function offlineCommit(hubCache: string, spec: RepoSpec): Promise<string | undefined> {
  const repo = new RepoCacheDir(hubCache, spec.type, spec.id)
  const commit = await repo.cachedCommit(spec.revision)
  const tree = commit && (await repo.readTree(commit))
  if (!commit || !tree) return undefined
  await repo.pruneSnapshot(commit, blobsByPath(tree))
  return commit
}
