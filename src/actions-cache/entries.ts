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
  try {
    const hubListing = entry.commit ? await listing?.(entry.type, entry.id, entry.commit) : undefined
    const commit = commitToTake(entry, found.matchedKey, hubListing !== undefined)
    const merged = await service.fetch(what, repoFolderName(entry.type, entry.id), found, stage =>
      mergeStage(hubCache, stage.hub, entry.type, entry.id, { commit, hubListing })
    )
    if (!merged) return 'none'
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

/** Something to save: a label for the log, its key, its stage's name, and what stages it (its bytes of content). */
export interface ToSave {
  what: string
  key: string
  folder: string
  /** Fills the stage; the bytes of content staged, or undefined when there is nothing to save. */
  fill: (stage: Stage) => Promise<number | undefined>
}

export interface Saved {
  outcome: SaveOutcome
  bytes?: number
  /** Why the service refused it. */
  message?: string
}

/**
 * Saves `item` under its key unless the service holds that key already (another job, a matrix leg, may have
 * saved it since this one restored: an entry is saved once). No lookup for what could not be saved anyway (a
 * 429, a spent quota, an outage).
 */
export async function saveUnlessFound(service: CacheService, item: ToSave): Promise<Saved> {
  if (!service.canSave(item.what)) return { outcome: 'skipped' }
  const asked = await service.find(item.what, item.key, [])
  if (!asked) return { outcome: 'skipped' }
  if (asked.found?.matchedKey === item.key) return { outcome: 'exists' }
  const uploaded = await service.saveStaged(item.what, item.folder, item.key, item.fill)
  if (!uploaded) return { outcome: 'missing' }
  const { bytes, result } = uploaded
  if (!result) return { outcome: 'skipped', bytes }
  return result.outcome === 'refused'
    ? { outcome: 'refused', bytes, message: result.message }
    : { outcome: result.outcome, bytes }
}

/** Stages one repo at one commit from the hub cache and saves it under `key`; a refusal is a warning naming it. */
export async function saveEntry(
  service: CacheService,
  hubCache: string,
  entry: EntryState,
  key: string
): Promise<SaveOutcome> {
  const what = label(entry)
  const folder = repoFolderName(entry.type, entry.id)
  const saved = await saveUnlessFound(service, {
    what,
    key,
    folder,
    fill: async (stage: Stage) => (await stageSnapshot(hubCache, stage.hub, folder, entry.commit))?.bytes
  })
  if (saved.outcome === 'exists') logInfo(`Cache: ${what} is saved as ${key} (by another job).`)
  if (saved.outcome === 'refused') {
    annotate(
      'warning',
      `The cache entry of ${what} (${formatBytes(saved.bytes ?? 0)}) was not saved (${saved.message}), so the next run downloads it again; the other repos' entries are not affected. If it is too large for the cache, narrow its files with globs in "repos" (for example *.json *.safetensors).`,
      `Hugging Face cache: ${repoLabel(entry)} not saved`
    )
  }
  return saved.outcome
}
