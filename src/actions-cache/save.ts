/**
 * The post step's half of caching: save only the entries the service lacks, never failing the job — each
 * listed repo whose exact entry was not restored, each repo (or commit) a later step added, then the scope's
 * index when what it names changed. A refused entry is a warning naming it; the others are still saved.
 */
import * as core from '@actions/core'
import pLimit from 'p-limit'
import { cleanForSave } from '../hub-cache/archived.js'
import { clearStage, removeAllStages, removeStage, stagePath } from '../hub-cache/entry-stage.js'
import { repoFolderName } from '../hub-cache/layout.js'
import { cachedSnapshots } from '../hub-cache/repo-folders.js'
import { annotate, logInfo } from '../shared/safe-text.js'
import { encodeIndex, writeIndex } from './index-file.js'
import { entryKey, indexKey, partialKey } from './keys.js'
import { label, saveOne, type SaveOutcome } from './entries.js'
import { entryExists, saveEntry } from './service.js'
import type { CacheState, EntryState } from './types.js'

/** Shown one by one, then counted: a cache full of planted entries must not flood the log. */
const REMOVED_SHOWN = 10
/** Entries saved at once: each is an archive and an upload. */
export const SAVES_AT_ONCE = 2

/** What no tool makes goes first, before anything walks the folders it would lead out of; leftovers too. */
async function cleanHubCache(hubCache: string, pid: number): Promise<void> {
  const removed = (await cleanForSave(hubCache, pid)).foreign
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
}

/** Snapshots a later step added (not there after main's restore, not a listed repo's commit): entries of their own. */
async function addedByLaterSteps(cache: CacheState): Promise<EntryState[]> {
  const known = new Set(cache.known)
  const listed = new Set(
    cache.entries.filter(e => e.listed).map(e => `${repoFolderName(e.type, e.id)}/${e.commit}`)
  )
  const added: EntryState[] = []
  for (const snap of await cachedSnapshots(cache.hubCache)) {
    const at = `${snap.folder}/${snap.commit}`
    if (known.has(at) || listed.has(at)) continue
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

/** Saves what the service lacks; the entries and what became of each (for the job summary). */
export async function saveStep(cache: CacheState): Promise<SavedEntry[]> {
  await removeAllStages(cache.hubCache)
  if (!cache.save) {
    // Stryker disable next-line StringLiteral: the log line's wording
    core.info('Cache: save-cache is false, not saving.')
    return []
  }
  await cleanHubCache(cache.hubCache, cache.pid)
  const added = await addedByLaterSteps(cache)
  // An unfinished pre-warm's files are worth keeping, but not under the full key: a later run would take the
  // exact hit as complete and never save the full entry. `<key>/` still finds it by prefix.
  // Stryker disable next-line all: the log line's wording (the partial keys are tested)
  if (!cache.complete)
    core.info('Cache: the pre-warm did not finish, so what it fetched is saved under partial keys.')
  const todo = [...cache.entries.filter(e => e.listed), ...added].map(entry => ({
    entry,
    key: entry.listed && !cache.complete ? partialKey(entry.key) : entry.key
  }))
  const limit = pLimit(SAVES_AT_ONCE)
  const saved: SavedEntry[] = await Promise.all(
    todo.map(({ entry, key }) =>
      entry.restored === 'exact'
        ? { entry, key, outcome: 'hit' as const }
        : limit(async () => ({ entry, key, outcome: await saveOne(cache.hubCache, entry, key) }))
    )
  )
  // Stryker disable next-line all: the log line's wording (the summary's row of each entry is tested)
  for (const s of saved.filter(s => s.outcome === 'hit'))
    logInfo(`Cache: ${label(s.entry)}: exact hit, not saved again.`)
  await saveIndex(cache, [
    ...cache.entries.filter(e => e.listed || e.restored === 'exact'),
    ...saved
      .filter(s => !s.entry.listed && s.outcome !== 'refused' && s.outcome !== 'missing')
      .map(s => s.entry)
  ])
  return saved
}

/** The scope's index, saved when what it names changed (its key is the hash of its text). */
async function saveIndex(cache: CacheState, entries: EntryState[]): Promise<void> {
  const text = encodeIndex(entries)
  const key = indexKey(cache.scope, text)
  if (key === cache.indexKey) return
  const stage = stagePath(cache.hubCache, 'index')
  try {
    await clearStage(cache.hubCache, stage)
    await writeIndex(stage, text)
    if (await entryExists(stage, key)) return
    if (await saveEntry(stage, key)) logInfo(`Cache: saved the index of this job's entries as ${key}`)
  } finally {
    await removeStage(cache.hubCache, stage).catch(() => undefined)
  }
}
