/**
 * One entry through the service: looked up, its archive vetted into a stage and merged into the hub cache
 * (main); or staged from the hub cache and saved (post). The stage is removed either way, so nothing the
 * service sent stays outside what the merge took.
 */
import { repoLabel } from '../hub/repo-spec.js'
import { RefusedArchive } from '../hub-cache/entry-archive.js'
import { stageSnapshot, type Stage } from '../hub-cache/entry-stage.js'
import { mergeStage } from '../hub-cache/entry-merge.js'
import { repoFolderName } from '../hub-cache/layout.js'
import { errorMessage } from '../shared/errors.js'
import { formatBytes, namedFew } from '../shared/format.js'
import { annotate, logInfo } from '../shared/safe-text.js'
import { commitOfKey } from './keys.js'
import type { CacheService } from './service.js'
import type { EntryState, HubListing, Restored } from './types.js'

export const label = (e: Pick<EntryState, 'type' | 'id' | 'commit'>) =>
  `${repoLabel(e)}@${e.commit.slice(0, 7)}`

/**
 * What to take of the entry found (hub-cache/entry-merge.ts): the commit its key names when that is the entry's
 * own (its key, or a partial save of it; with the Hub down and no commit known, whichever commit the key names),
 * else only blobs. A repo a later step added is taken whole only as the Hub lists it.
 */
function commitToTake(entry: EntryState, matchedKey: string, checked: boolean): string | undefined {
  const own = matchedKey === entry.key || matchedKey.startsWith(`${entry.key}/`)
  const commit = entry.commit
    ? own
      ? entry.commit
      : undefined
    : commitOfKey(matchedKey, entry.type, entry.id)
  return entry.listed || checked ? commit : undefined
}

/**
 * Restores one entry (`restoreKeys`: where to look when its key misses) and merges it, checked against the
 * Hub's listing when `listing` gives it; what was found.
 */
export async function restoreOne(
  service: CacheService,
  hubCache: string,
  entry: EntryState,
  restoreKeys: string[],
  listing?: HubListing
): Promise<Restored> {
  const what = label(entry)
  const found = (await service.find(what, entry.key, restoreKeys))?.found
  if (!found) return 'none'
  let stage: Stage | undefined
  try {
    stage = await service.fetch(what, repoFolderName(entry.type, entry.id), found)
    if (!stage) return 'none'
    const hubListing = entry.commit ? await listing?.(entry.type, entry.id, entry.commit) : undefined
    const commit = commitToTake(entry, found.matchedKey, hubListing !== undefined)
    const merged = await mergeStage(hubCache, stage.hub, entry.type, entry.id, { commit, hubListing })
    entry.matchedKey = found.matchedKey
    if (!entry.commit && commit) entry.commit = commit
    if (merged.refused.length) {
      annotate(
        'warning',
        `The cache entry ${found.matchedKey} held ${merged.refused.length} blob(s) whose content does not match their name; they were left out and are fetched again.`,
        `Hugging Face cache: ${repoLabel(entry)}: blobs refused`
      )
    }
    if (merged.removed.length) return untrue(entry, found.matchedKey, merged.removed)
    // An exact entry that held a wrong blob is no hit: what it lacked is fetched again.
    if (found.matchedKey !== entry.key) return 'other'
    return merged.refused.length ? 'none' : 'exact'
  } catch (error) {
    const refused = error instanceof RefusedArchive
    annotate(
      'warning',
      refused
        ? `The cache entry ${found.matchedKey} of ${what} was not used: ${errorMessage(error)}. No honest save makes such an entry: delete it (gh cache delete "${found.matchedKey}", or Actions → Caches) and find which job of the default branch wrote it.`
        : `Restoring ${what} from the cache failed, continuing without it: ${errorMessage(error)}`,
      refused ? `Hugging Face cache: ${repoLabel(entry)}: entry refused` : 'Cache restore failed'
    )
    return 'none'
  } finally {
    if (stage) await service.stages.remove(stage)
  }
}

/** An entry that did not match the Hub's listing of its commit: no hit, and how to be rid of it. */
function untrue(entry: EntryState, matchedKey: string, removed: string[]): Restored {
  const named = namedFew(removed, 5)
  annotate(
    'warning',
    `The cache entry ${matchedKey} held ${removed.length} file(s) the Hub's listing of ${label(entry)} does not have as they were (${named}); they were removed and are fetched again. No honest save makes such an entry: delete it (gh cache delete "${matchedKey}", or Actions → Caches) so the next run saves it anew, and find which job of the default branch wrote it.`,
    `Hugging Face cache: ${repoLabel(entry)}: entry does not match the Hub`
  )
  return 'none'
}

export type SaveOutcome = 'saved' | 'exists' | 'missing' | 'refused' | 'skipped'

/** Stages one repo at one commit and saves it under `key`, unless the service already holds that key. */
export async function saveOne(
  service: CacheService,
  hubCache: string,
  entry: EntryState,
  key: string
): Promise<SaveOutcome> {
  const what = label(entry)
  // No lookup for an entry that could not be saved anyway (a 429, a spent quota, an outage).
  if (!service.canSave(what)) return 'skipped'
  // Another job (a matrix leg) may have saved it since this one restored: an entry is saved once.
  const asked = await service.find(what, key, [])
  if (!asked) return 'skipped'
  if (asked.found?.matchedKey === key) {
    logInfo(`Cache: ${what} is already saved as ${key} (by another job).`)
    return 'exists'
  }
  const folder = repoFolderName(entry.type, entry.id)
  const stage = await service.stages.fresh(folder)
  try {
    const staged = await stageSnapshot(hubCache, stage.hub, folder, entry.commit)
    if (!staged) return 'missing'
    logInfo(`Cache: saving ${what} (${formatBytes(staged.bytes)}) as ${key}`)
    const result = await service.save(what, stage, key, staged.bytes)
    if (!result) return 'skipped'
    if (result.outcome === 'exists') {
      logInfo(`Cache: ${what} was saved as ${key} by another job meanwhile.`)
      return 'exists'
    }
    if (result.outcome === 'saved') return 'saved'
    annotate(
      'warning',
      `The cache entry of ${what} (${formatBytes(staged.bytes)}) was not saved (${result.message}), so the next run downloads it again; the other repos' entries are not affected. If it is too large for the cache, narrow its files with globs in "repos" (for example *.json *.safetensors).`,
      `Hugging Face cache: ${repoLabel(entry)} not saved`
    )
    return 'refused'
  } finally {
    await service.stages.remove(stage)
  }
}
