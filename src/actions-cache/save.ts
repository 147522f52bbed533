/**
 * The post step's half of caching, carried out as planned (save-plan.ts) and never failing the job: only the
 * entries the service lacks are saved, each through one service budget (a fault of the service is one warning
 * per cause, budget.ts) and a stage of its own; a refused entry is a warning naming it. What no tool makes is
 * removed from the hub cache first, and named once the saves are done.
 */
import * as core from '@actions/core'
import pLimit from 'p-limit'
import { readyForSave, type Removed } from '../hub-cache/archived.js'
import { writeStagedIndex } from '../hub-cache/entry-stage.js'
import type { CachedSnapshot } from '../hub-cache/repo-folders.js'
import { namedFew } from '../shared/format.js'
import { annotate, logInfo } from '../shared/safe-text.js'
import { encodeIndex } from './index-file.js'
import { indexKey } from './keys.js'
import { label, saveEntry, saveUnlessFound, type SaveOutcome } from './entries.js'
import { unavailable } from './restore-many.js'
import { MAX_SAVES, type SaveItem, type SavePlan } from './save-plan.js'
import { CacheService, cacheMode, cacheServiceAvailable } from './service.js'
import type { CacheState, EntryState } from './types.js'

/** Shown one by one, then counted: a cache full of planted entries must not flood the log. */
const REMOVED_SHOWN = 10
/** Entries saved at once: each is an archive and an upload. */
export const SAVES_AT_ONCE = 2

export interface SavedEntry {
  entry: EntryState
  key: string
  outcome: SaveOutcome | 'hit'
}

/** What post asks of the saver (its unit tests give a stand-in). */
export type Saver = Pick<CacheSaver, 'readyDisk' | 'carryOut' | 'close'>

/** One post step's saves: the hub cache main restored into, one service budget, this step's stages. */
export class CacheSaver {
  private removed: Removed[] = []

  private constructor(
    private readonly cache: CacheState,
    private readonly service: CacheService
  ) {}

  /** The saver of `cache`, or undefined when this post saves nothing (and the log says why). */
  static async open(cache: CacheState): Promise<CacheSaver | undefined> {
    if (!mayWrite(cache)) return undefined
    return new CacheSaver(cache, await CacheService.open(cache.hubCache, 'saved'))
  }

  /**
   * Readies the hub cache for saving (what no tool makes removed, main's leftovers too) and returns the
   * snapshots later steps added since the restore.
   */
  async readyDisk(): Promise<CachedSnapshot[]> {
    const { hubCache, mainPid, snapshotsAfterRestore, entries } = this.cache
    const listed = entries.filter(e => e.listed)
    const ready = await readyForSave(hubCache, mainPid, snapshotsAfterRestore, listed)
    this.removed = ready.removed
    return ready.added
  }

  /** Saves what `plan` names, in its order; what became of each entry, the plan's hits and skipped ones too. */
  async carryOut(plan: SavePlan): Promise<SavedEntry[]> {
    const listedSaved = await this.saveAll(plan.listed)
    await this.saveIndex(plan.index)
    const addedSaved = await this.saveAll(plan.added)
    if (plan.over.length) warnOverCap(plan.over)
    // Stryker disable next-line StringLiteral: the log line's wording (the summary's row of each entry is tested)
    for (const entry of plan.hits) logInfo(`Cache: ${label(entry)}: exact hit, not saved again.`)
    return [
      ...plan.hits.map(entry => ({ entry, key: entry.key, outcome: 'hit' as const })),
      ...listedSaved,
      ...addedSaved,
      ...plan.over.map(entry => ({ entry, key: entry.key, outcome: 'skipped' as const }))
    ]
  }

  /** Names what was removed before saving, removes this step's stages and reports the service's cost. */
  async close(): Promise<void> {
    try {
      warnRemoved(this.removed)
    } finally {
      await this.service.close()
    }
  }

  private saveAll(items: SaveItem[]): Promise<SavedEntry[]> {
    const limit = pLimit(SAVES_AT_ONCE)
    const { service, cache } = this
    return Promise.all(
      items.map(({ entry, key }) =>
        limit(async () => ({ entry, key, outcome: await saveEntry(service, cache.hubCache, entry, key) }))
      )
    )
  }

  /**
   * The scope's index, saved when what it names changed (its key is the hash of its text). A matrix's legs
   * share a scope, and most write the same index: it is looked up first, as each entry is (a lookup costs far
   * less of the repository's budget than a creation the service refuses).
   */
  private async saveIndex(entries: EntryState[]): Promise<void> {
    const text = encodeIndex(entries)
    const key = indexKey(this.cache.scope, text)
    if (key === this.cache.indexKey) return
    const fill = async (stage: Parameters<typeof writeStagedIndex>[0]) => {
      await writeStagedIndex(stage, text)
      return text.length
    }
    const saved = await saveUnlessFound(this.service, { what: 'the index', key, folder: 'index', fill })
    if (saved.outcome === 'saved') logInfo(`Cache: saved the index of this job's entries as ${key}`)
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

function warnOverCap(over: EntryState[]): void {
  annotate(
    'warning',
    `A job saves at most ${MAX_SAVES} cache entries (half of the 200 uploads a minute GitHub allows a repository, shared by every workflow); ${over.length} later-step downloads were not saved: ${namedFew(over.map(label), 10)}. List the repos the job needs in "repos", or download fewer distinct snapshots in later steps.`,
    'Hugging Face cache: save limit'
  )
}
