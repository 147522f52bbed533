/** The post step: clean up only what main created, then save the cache. Never fails the job. */
import * as core from '@actions/core'
import { CACHE_LIMIT_BYTES, cacheFingerprint, cacheSize, pruneIncomplete, saveHubCache } from './cache.js'
import { formatBytes } from './download.js'
import { errorMessage } from './errors.js'
import { loadMainState, type CacheState } from './state.js'
import { removeTokenFile } from './token.js'

async function saveIfChanged(cache: CacheState): Promise<void> {
  if (!cache.save) return core.info('Cache: save-cache is false, not saving.')
  if (cache.hit) return core.info(`Cache: exact hit on ${cache.key}, nothing to save.`)
  await pruneIncomplete(cache.hubCache)
  if ((await cacheFingerprint(cache.hubCache)) === cache.fingerprint) {
    return core.info('Cache: nothing was added since restore, not saving.')
  }
  const size = await cacheSize(cache.hubCache)
  if (size > CACHE_LIMIT_BYTES) {
    core.warning(
      `The hub cache holds ${formatBytes(size)}, over GitHub's 10 GB cache limit per repository: not saving. Narrow the files with globs in "repos" (for example *.json *.safetensors).`,
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

export async function runPost(): Promise<void> {
  const state = loadMainState()
  if (!state) return core.info('Nothing to clean up: the main step saved no state.')
  // Token first: cleanup must not wait on (or be skipped by) a slow cache upload.
  if (state.tokenFile) {
    try {
      await removeTokenFile(state.tokenFile)
      core.info(`Removed the token file ${state.tokenFile.path}`)
    } catch (error) {
      core.warning(`Could not remove the token file ${state.tokenFile.path}: ${errorMessage(error)}`)
    }
  }
  if (state.cache) {
    try {
      await saveIfChanged(state.cache)
    } catch (error) {
      core.warning(`Saving the Hugging Face cache failed: ${errorMessage(error)}`, {
        title: 'Cache save failed'
      })
    }
  }
}
