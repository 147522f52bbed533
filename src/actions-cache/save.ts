/**
 * The post step's half of caching: save only what is new, never failing the job. The size limit is the cache
 * service's to enforce (10 GB a repository by default, raised by organisations that pay for more since
 * November 2025): a refusal is reported with the size and how to narrow what is saved.
 */
import * as core from '@actions/core'
import { readyToArchive, removeForeign } from '../hub-cache/archived.js'
import { pruneRestored } from '../hub-cache/prune.js'
import { partialKey } from './keys.js'
import { saveHubCache } from './service.js'
import { formatBytes } from '../shared/format.js'
import type { CacheState } from './types.js'
import { annotate } from '../shared/safe-text.js'

/** Shown one by one, then counted: a cache full of planted entries must not flood the log. */
const REMOVED_SHOWN = 10

export async function saveStep(cache: CacheState): Promise<void> {
  if (!cache.save) return core.info('Cache: save-cache is false, not saving.')
  if (cache.hit) return core.info(`Cache: exact hit on ${cache.key}, nothing to save.`)
  // What no tool makes goes first, before the prune or anything else walks the folders it would lead out of.
  const removed = await removeForeign(cache.hubCache)
  for (const { rel, kind, why } of removed.slice(0, REMOVED_SHOWN)) {
    const title = kind === 'special' ? 'special file removed' : `${kind} removed`
    annotate(
      'warning',
      `Removed ${rel} from the hub cache before saving: ${why}.`,
      `Hugging Face cache: ${title}`
    )
  }
  if (removed.length > REMOVED_SHOWN) {
    annotate(
      'warning',
      `Removed ${removed.length - REMOVED_SHOWN} more such entries from the hub cache before saving.`,
      'Hugging Face cache: entries removed'
    )
  }
  if (cache.restored) {
    const pruned = await pruneRestored(cache.hubCache, cache.restored)
    if (pruned.revisions > 0 || pruned.bytes > 0) {
      core.info(
        `Cache: pruned ${pruned.revisions} old revision(s) of the listed repos (${formatBytes(pruned.bytes)}) that the restore brought and this run does not use.`
      )
    }
    if (pruned.locked > 0) {
      core.info(
        `Cache: left ${pruned.locked} shared-store payload(s) as they are: their lock could not be taken (another writer held it, or flock is missing).`
      )
    }
  }
  const { fingerprint, size } = await readyToArchive(cache.hubCache, cache.pid)
  if (fingerprint === cache.fingerprint)
    return core.info('Cache: nothing was added since restore, not saving.')
  // An unfinished pre-warm's files are worth keeping, but not under the primary key: a later run would take
  // the exact hit as complete and never save the full cache. The primary key still finds it by prefix.
  const key = cache.complete ? cache.key : partialKey(cache.key)
  if (!cache.complete)
    core.info('Cache: the pre-warm did not finish, so what it fetched is saved under a partial key.')
  core.info(`Cache: saving ${formatBytes(size)} as ${key}`)
  if (await saveHubCache(cache.hubCache, key)) {
    core.info(`Cache saved: ${key}`)
  } else {
    // @actions/cache reports a refused reservation only as info; the user should see the cache is missing.
    core.warning(
      `The Hugging Face cache (${formatBytes(size)}) was not saved as ${key} (see the message above), so the next run downloads again. If the cache service refused it for its size (10 GB a repository unless your organisation raised the limit), save less: narrow the files with globs in "repos" (for example *.json *.safetensors). If another job of this run saved the same key, this is expected: set save-cache: false on all but one of them.`,
      { title: 'Cache not saved' }
    )
  }
}
