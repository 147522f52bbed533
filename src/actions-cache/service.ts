/**
 * The cache service, through `@actions/cache`: one stage folder a call (hub-cache/entry-stage.ts), restored in
 * main and saved in post, as setup-node does. A failing service is a warning, never a failed job.
 */
import { errorMessage } from '../shared/errors.js'
import { annotate, withGuardedOutput } from '../shared/safe-text.js'

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

/**
 * Restores the entry saved from `stage` under `key` (else the newest under a restore key) into `stage`. Never
 * throws: a failing cache service is a warning, and the job goes on without the entry.
 */
export async function restoreEntry(
  stage: string,
  key: string,
  restoreKeys: string[]
): Promise<RestoreResult> {
  try {
    const cache = await loadCache()
    // The toolkit prints the key it matched as it is ("Cache hit for restore-key: …"), and a key is whatever
    // some job saved: no line of it may become a workflow command (safe-text.ts).
    const matchedKey = await withGuardedOutput(() => cache.restoreCache([stage], key, restoreKeys))
    return { matchedKey, hit: matchedKey === key }
  } catch (error) {
    annotate(
      'warning',
      `Restoring the Hugging Face cache entry ${key} failed, continuing without it: ${errorMessage(error)}`,
      'Cache restore failed'
    )
    return { hit: false }
  }
}

/** Whether the service holds `key` exactly (a lookup: nothing is downloaded). False when it cannot tell. */
export async function entryExists(stage: string, key: string): Promise<boolean> {
  try {
    const cache = await loadCache()
    const found = await withGuardedOutput(() => cache.restoreCache([stage], key, [], { lookupOnly: true }))
    return found === key
  } catch {
    return false
  }
}

/** Never throws; whether the service stored the entry (the toolkit has said why when it did not). */
export async function saveEntry(stage: string, key: string): Promise<boolean> {
  try {
    const cache = await loadCache()
    return (await withGuardedOutput(() => cache.saveCache([stage], key))) !== -1
  } catch (error) {
    annotate(
      'warning',
      `Saving the Hugging Face cache entry ${key} failed: ${errorMessage(error)}`,
      'Cache save failed'
    )
    return false
  }
}
