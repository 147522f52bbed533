/**
 * The post step's half of caching: save only the entries the service lacks, never failing the job — each
 * listed repo whose exact entry was not restored, the scope's index when what it names changed, then each
 * repo (or commit) a later step added, at most MAX_SAVES in all. A refused entry is a warning naming it; a
 * fault of the service is one warning per cause (budget.ts).
 */
import * as core from '@actions/core'
import pLimit from 'p-limit'
import { readyForSave, type Removed } from '../hub-cache/archived.js'
import { writeStagedIndex } from '../hub-cache/entry-stage.js'
import type { CachedSnapshot } from '../hub-cache/repo-folders.js'
import { namedFew } from '../shared/format.js'
import { annotate, logInfo } from '../shared/safe-text.js'
import { encodeIndex } from './index-file.js'
import { entryKey, indexKey, partialKey } from './keys.js'
import { label, saveEntry, saveUnlessFound, type SaveOutcome } from './entries.js'
import { unavailable } from './restore-many.js'
import { CacheService, cacheMode, cacheServiceAvailable } from './service.js'
import type { CacheState, EntryState } from './types.js'

/** Shown one by one, then counted: a cache full of planted entries must not flood the log. */
const REMOVED_SHOWN = 10
/** Entries saved at once: each is an archive and an upload. */
export const SAVES_AT_ONCE = 2
/**
 * Entries one job saves at most, its index included: half of the 200 uploads a minute GitHub allows a
 * repository, which every other workflow shares.
 */
export const MAX_SAVES = 100

export interface SavedEntry {
  entry: EntryState
  key: string
  outcome: SaveOutcome | 'hit'
}

/**
 * Saves what the service lacks; the entries and what became of each (for the job summary). `filesComplete`:
 * the hub cache holds every file of the listed repos (false after an unfinished pre-warm).
 */
export async function saveStep(cache: CacheState, filesComplete: boolean): Promise<SavedEntry[]> {
  if (!mayWrite(cache)) return []
  const service = await CacheService.open(cache.hubCache, 'saved')
  try {
    const listed = cache.entries.filter(e => e.listed)
    const ready = await readyForSave(cache.hubCache, cache.mainPid, cache.snapshotsAfterRestore, listed)
    const saved = await saveWanted(service, cache, ready.added.map(addedEntry), filesComplete)
    warnRemoved(ready.removed)
    return saved
  } finally {
    await service.close()
  }
}

/** Whether this post saves at all: save-cache, a cache service, a cache mode that permits writes. */
function mayWrite(cache: CacheState): boolean {
  if (!cache.save) {
    // Stryker disable next-line StringLiteral: the log line's wording
    core.info('Cache: save-cache is false, not saving.')
    return false
  }
  if (!cacheServiceAvailable()) {
    unavailable()
    return false
  }
  const mode = cacheMode()
  if (!mode.write) {
    core.info(
      `Cache: save skipped, the runner's cache mode (ACTIONS_CACHE_MODE=${mode.mode}) does not permit writes.`
    )
  }
  return mode.write
}

/** What no tool makes was removed before anything was staged: each named, up to REMOVED_SHOWN (after the saves' own lines). */
function warnRemoved(removed: Removed[]): void {
  for (const { rel, kind, why } of removed.slice(0, REMOVED_SHOWN)) {
    const what = kind === 'special' ? 'special file' : kind
    annotate(
      'warning',
      `Removed ${rel} from the hub cache before saving: ${why}.`,
      `Hugging Face cache: ${what} removed`
    )
  }
  if (removed.length > REMOVED_SHOWN) {
    annotate(
      'warning',
      `Removed ${removed.length - REMOVED_SHOWN} more such entries from the hub cache before saving.`,
      'Hugging Face cache: entries removed'
    )
  }
}

/** A snapshot a later step added: an entry of its own, keyed by the files it holds. */
function addedEntry(snap: CachedSnapshot): EntryState {
  const key = entryKey(snap.type, snap.id, snap.commit, { files: snap.files })
  return { type: snap.type, id: snap.id, commit: snap.commit, key, listed: false, restored: 'none' }
}

/**
 * The listed repos that missed first (what every run of the job restores), then the index naming them and the
 * added entries within the cap, then those (under contention, a repo's entry is worth more than the index).
 */
async function saveWanted(
  service: CacheService,
  cache: CacheState,
  added: EntryState[],
  filesComplete: boolean
): Promise<SavedEntry[]> {
  // An unfinished pre-warm's files are worth keeping, but not under the full key: a later run would take the
  // exact hit as complete and never save the full entry. `<key>/` still finds it by prefix.
  if (!filesComplete) {
    // Stryker disable next-line StringLiteral: the log line's wording (the partial keys are tested)
    core.info('Cache: the pre-warm did not finish, so what it fetched is saved under partial keys.')
  }
  const listed = cache.entries.filter(e => e.listed)
  const hits = listed.filter(e => e.restored === 'exact')
  // The index takes one save; then the listed repos, then what later steps added, as room allows.
  const wanted = [...listed.filter(e => e.restored !== 'exact'), ...added]
  const within = wanted.slice(0, MAX_SAVES - 1)
  const over = wanted.slice(MAX_SAVES - 1)
  const limit = pLimit(SAVES_AT_ONCE)
  const save = (entry: EntryState) => {
    const key = entry.listed && !filesComplete ? partialKey(entry.key) : entry.key
    return limit(async () => ({ entry, key, outcome: await saveEntry(service, cache.hubCache, entry, key) }))
  }
  const listedSaved = await Promise.all(within.filter(e => e.listed).map(save))
  await saveIndex(service, cache, [
    ...cache.entries.filter(e => e.listed || e.restored === 'exact'),
    ...within.filter(e => !e.listed)
  ])
  const addedSaved = await Promise.all(within.filter(e => !e.listed).map(save))
  if (over.length) warnOverCap(over)
  // Stryker disable next-line StringLiteral: the log line's wording (the summary's row of each entry is tested)
  for (const entry of hits) logInfo(`Cache: ${label(entry)}: exact hit, not saved again.`)
  return [
    ...hits.map(entry => ({ entry, key: entry.key, outcome: 'hit' as const })),
    ...listedSaved,
    ...addedSaved,
    ...over.map(entry => ({ entry, key: entry.key, outcome: 'skipped' as const }))
  ]
}

function warnOverCap(over: EntryState[]): void {
  annotate(
    'warning',
    `A job saves at most ${MAX_SAVES} cache entries (half of the 200 uploads a minute GitHub allows a repository, shared by every workflow); ${over.length} later-step downloads were not saved: ${namedFew(over.map(label), 10)}. List the repos the job needs in "repos", or download fewer distinct snapshots in later steps.`,
    'Hugging Face cache: save limit'
  )
}

/**
 * The scope's index, saved when what it names changed (its key is the hash of its text). A matrix's legs share a
 * scope, and most write the same index: it is looked up first, as each entry is (a lookup costs far less of the
 * repository's budget than a creation the service refuses).
 */
async function saveIndex(service: CacheService, cache: CacheState, entries: EntryState[]): Promise<void> {
  const text = encodeIndex(entries)
  const key = indexKey(cache.scope, text)
  if (key === cache.indexKey) return
  const fill = async (stage: Parameters<typeof writeStagedIndex>[0]) => {
    await writeStagedIndex(stage, text)
    return text.length
  }
  const saved = await saveUnlessFound(service, { what: 'the index', key, folder: 'index', fill })
  if (saved.outcome === 'saved') logInfo(`Cache: saved the index of this job's entries as ${key}`)
}
