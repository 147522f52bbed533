/**
 * Restore and save the hub cache with `@actions/cache` (restore in main, save in post, as setup-node does).
 * The key is derived from the *resolved commits*, so it changes when a model is updated and not otherwise;
 * restore falls back to the newest cache of the same OS/arch, so only changed files are fetched.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import { ARCHIVED } from '../hub-cache/archived.js'
import type { RepoSpec } from '../hub/repo-spec.js'
import { errorMessage } from '../shared/errors.js'
import { annotate, withGuardedOutput } from '../shared/safe-text.js'

/** The paths `@actions/cache` archives: the hub cache's archived patterns, absolute. */
export function cachePaths(hubCache: string): string[] {
  return ARCHIVED.map(glob =>
    glob.startsWith('!') ? `!${path.join(hubCache, glob.slice(1))}` : path.join(hubCache, glob)
  )
}

export function keyPrefix(env: Record<string, string | undefined> = process.env): string {
  const os = env.RUNNER_OS || process.platform
  const arch = env.RUNNER_ARCH || process.arch
  return `hf-hub-${os}-${arch}-`
}

export interface KeyedRepo {
  spec: Pick<RepoSpec, 'type' | 'id' | 'globs'>
  commit?: string
}

/** `hf-hub-<os>-<arch>-<hash of each repo's type, id, resolved commit and globs>`; order-independent. */
export function computeCacheKey(
  repos: KeyedRepo[],
  env: Record<string, string | undefined> = process.env
): string {
  const lines = repos
    .filter(r => r.commit)
    .map(r => [r.spec.type, r.spec.id, r.commit, [...r.spec.globs].sort().join(' ')].join('\t'))
    .sort()
  const hash = createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32)
  return `${keyPrefix(env)}${hash}`
}

/**
 * `@actions/cache` is loaded when a run caches, not at start: with the Azure SDK it brings, it is most of the
 * bundle, and a run without caching should not pay for parsing it (it lands in a chunk of its own).
 */
const loadCache = () => import('@actions/cache')

export async function cacheServiceAvailable(): Promise<boolean> {
  return (await loadCache()).isFeatureAvailable()
}

export interface RestoreResult {
  matchedKey?: string
  /** True only for an exact primary-key hit. */
  hit: boolean
}

/** Never throws: a failing cache service is a warning, and the job goes on without a cache. */
export async function restoreHubCache(
  hubCache: string,
  key: string,
  restoreKeys: string[]
): Promise<RestoreResult> {
  try {
    const cache = await loadCache()
    // The toolkit prints the key it matched as it is ("Cache hit for restore-key: …"), and a key is whatever
    // some job saved: no line of it may become a workflow command (safe-text.ts).
    const matchedKey = await withGuardedOutput(() =>
      cache.restoreCache(cachePaths(hubCache), key, restoreKeys)
    )
    return { matchedKey, hit: matchedKey === key }
  } catch (error) {
    annotate(
      'warning',
      `Restoring the Hugging Face cache failed, continuing without it: ${errorMessage(error)}`,
      'Cache restore failed'
    )
    return { hit: false }
  }
}

/** Never throws; returns whether a cache entry was written. */
export async function saveHubCache(hubCache: string, key: string): Promise<boolean> {
  try {
    const cache = await loadCache()
    const id = await cache.saveCache(cachePaths(hubCache), key)
    return id !== -1
  } catch (error) {
    annotate('warning', `Saving the Hugging Face cache failed: ${errorMessage(error)}`, 'Cache save failed')
    return false
  }
}
