/** The post step's half of caching: save only what is new, never over the quota, never failing the job. */
import * as core from '@actions/core'
import { CACHE_LIMIT_BYTES, prepareSave, saveHubCache } from './cache.js'
import { formatBytes } from './download.js'
import type { CacheState } from './state.js'

export async function saveStep(cache: CacheState, limitBytes = CACHE_LIMIT_BYTES): Promise<void> {
  if (!cache.save) return core.info('Cache: save-cache is false, not saving.')
  if (cache.hit) return core.info(`Cache: exact hit on ${cache.key}, nothing to save.`)
  const { fingerprint, size } = await prepareSave(cache.hubCache)
  if (fingerprint === cache.fingerprint)
    return core.info('Cache: nothing was added since restore, not saving.')
  if (size > limitBytes) {
    core.warning(
      `The hub cache holds ${formatBytes(size)}, over GitHub's ${formatBytes(limitBytes)} cache limit per repository: not saving. Narrow the files with globs in "repos" (for example *.json *.safetensors).`,
      { title: 'Hugging Face cache too large' }
    )
    return
  }
  core.info(`Cache: saving ${formatBytes(size)} as ${cache.key}`)
  if (await saveHubCache(cache.hubCache, cache.key)) {
    core.info(`Cache saved: ${cache.key}`)
  } else {
    // @actions/cache reports a refused reservation only as info; the user should see the cache is missing.
    core.warning(
      `The Hugging Face cache was not saved as ${cache.key} (see the message above), so the next run downloads again. If another job of this run saved the same key, this is expected: set save-cache: false on all but one of them.`,
      { title: 'Cache not saved' }
    )
  }
}
