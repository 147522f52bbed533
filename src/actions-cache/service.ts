/**
 * The cache service, through `@actions/cache`: restore (main) and save (post) of the hub cache's archived
 * paths, as setup-node does. A failing service is a warning, never a failed job.
 */
import path from 'node:path'
import { ARCHIVED } from '../hub-cache/archived.js'
import { errorMessage } from '../shared/errors.js'
import { annotate, withGuardedOutput } from '../shared/safe-text.js'

/** The paths `@actions/cache` archives: the hub cache's archived patterns, absolute. */
export function cachePaths(hubCache: string): string[] {
  return ARCHIVED.map(glob =>
    glob.startsWith('!') ? `!${path.join(hubCache, glob.slice(1))}` : path.join(hubCache, glob)
  )
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
