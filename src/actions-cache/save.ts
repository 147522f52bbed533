/**
 * The post step's half of caching: save only the entries the service lacks, never failing the job — each
 * listed repo whose exact entry was not restored, the scope's index when what it names changed, then each
 * repo (or commit) a later step added, at most MAX_SAVES in all. A refused entry is a warning naming it; a
 * fault of the service is one warning per cause (budget.ts).
 */
import * as core from '@actions/core'
import pLimit from 'p-limit'
import { cleanForSave } from '../hub-cache/archived.js'
import { removeStaleStages, writeStagedIndex } from '../hub-cache/entry-stage.js'
import { repoFolderName } from '../hub-cache/layout.js'
import { cachedSnapshots } from '../hub-cache/repo-folders.js'
import { namedFew } from '../shared/format.js'
import { annotate, logInfo } from '../shared/safe-text.js'
import { encodeIndex } from './index-file.js'
import { entryKey, indexKey, partialKey } from './keys.js'
import { label, saveOne, type SaveOutcome } from './entries.js'
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

/** What no tool makes goes first, before anything walks the folders it would lead out of; leftovers too. */
async function cleanHubCache(hubCache: string, pid: number): Promise<void> {
  const removed = (await cleanForSave(hubCache, pid)).foreign
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

/** Snapshots a later step added (not there after main's restore, not a listed repo's commit): entries of their own. */
async function addedByLaterSteps(cache: CacheState): Promise<EntryState[]> {
  const before = new Set(cache.snapshotsAfterRestore)
  const listed = new Set(
    cache.entries.filter(e => e.listed).map(e => `${repoFolderName(e.type, e.id)}/${e.commit}`)
  )
  const added: EntryState[] = []
  for (const snap of await cachedSnapshots(cache.hubCache)) {
    const at = `${snap.folder}/${snap.commit}`
    if (before.has(at) || listed.has(at)) continue
    const key = entryKey(snap.type, snap.id, snap.commit, { files: snap.files })
    added.push({ type: snap.type, id: snap.id, commit: snap.commit, key, listed: false, restored: 'none' })
  }
  return added
}

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
  // Stages of steps that died long ago (main's own are removed by post before this).
  await removeStaleStages(cache.hubCache)
  if (!cache.save) {
    // Stryker disable next-line StringLiteral: the log line's wording
    core.info('Cache: save-cache is false, not saving.')
    return []
  }
  if (!cacheServiceAvailable()) {
    unavailable()
    return []
  }
  const mode = cacheMode()
  if (!mode.write) {
    core.info(
      `Cache: save skipped, the runner's cache mode (ACTIONS_CACHE_MODE=${mode.mode}) does not permit writes.`
    )
    return []
  }
  await cleanHubCache(cache.hubCache, cache.mainPid)
  const added = await addedByLaterSteps(cache)
  // An unfinished pre-warm's files are worth keeping, but not under the full key: a later run would take the
  // exact hit as complete and never save the full entry. `<key>/` still finds it by prefix.
  // Stryker disable next-line all: the log line's wording (the partial keys are tested)
  if (!filesComplete)
    core.info('Cache: the pre-warm did not finish, so what it fetched is saved under partial keys.')
  const listed = cache.entries.filter(e => e.listed)
  const hits = listed.filter(e => e.restored === 'exact')
  // The index takes one save; then the listed repos, then what later steps added, as room allows.
  const wanted = [...listed.filter(e => e.restored !== 'exact'), ...added]
  const within = wanted.slice(0, MAX_SAVES - 1)
  const over = wanted.slice(MAX_SAVES - 1)
  const service = await CacheService.open(cache.hubCache, 'saved')
  try {
    const limit = pLimit(SAVES_AT_ONCE)
    const save = (entry: EntryState) => {
      const key = entry.listed && !filesComplete ? partialKey(entry.key) : entry.key
      return limit(async () => ({ entry, key, outcome: await saveOne(service, cache.hubCache, entry, key) }))
    }
    // The listed repos first (what every run of the job restores), then the index naming them and the added
    // entries within the cap, then those (under contention, a repo's entry is worth more than the index).
    const listedSaved = await Promise.all(within.filter(e => e.listed).map(save))
    await saveIndex(service, cache, [
      ...cache.entries.filter(e => e.listed || e.restored === 'exact'),
      ...within.filter(e => !e.listed)
    ])
    const saved: SavedEntry[] = [
      ...listedSaved,
      ...(await Promise.all(within.filter(e => !e.listed).map(save)))
    ]
    if (over.length) warnOverCap(over)
    // Stryker disable next-line all: the log line's wording (the summary's row of each entry is tested)
    for (const entry of hits) logInfo(`Cache: ${label(entry)}: exact hit, not saved again.`)
    return [
      ...hits.map(entry => ({ entry, key: entry.key, outcome: 'hit' as const })),
      ...saved,
      ...over.map(entry => ({ entry, key: entry.key, outcome: 'skipped' as const }))
    ]
  } finally {
    await service.close()
  }
}

function warnOverCap(over: EntryState[]): void {
  annotate(
    'warning',
    `A job saves at most ${MAX_SAVES} cache entries (half of the 200 uploads a minute GitHub allows a repository, shared by every workflow); ${over.length} later-step downloads were not saved: ${namedFew(over.map(label), 10)}. List the repos the job needs in "repos", or download fewer distinct snapshots in later steps.`,
    'Hugging Face cache: save limit'
  )
}

/** The scope's index, saved when what it names changed (its key is the hash of its text). */
async function saveIndex(service: CacheService, cache: CacheState, entries: EntryState[]): Promise<void> {
  const text = encodeIndex(entries)
  const key = indexKey(cache.scope, text)
  if (key === cache.indexKey || !service.canSave('the index')) return
  // A matrix's legs share a scope, and most write the same index: a lookup costs far less of the
  // repository's budget than a creation the service refuses.
  const asked = await service.find('the index', key, [])
  if (!asked || asked.found?.matchedKey === key) return
  const stage = await service.stages.fresh('index')
  try {
    await writeStagedIndex(stage, text)
    const result = await service.save('the index', stage, key, text.length)
    if (result?.outcome === 'saved') logInfo(`Cache: saved the index of this job's entries as ${key}`)
  } finally {
    await service.stages.remove(stage)
  }
}
