/**
 * Restoring many entries: the scope's index, and entries a few at a time (entries of one repo one after
 * another: they merge into the same repo folder), each logged with what was found.
 */
import * as core from '@actions/core'
import pLimit from 'p-limit'
import { readStagedIndex } from '../hub-cache/entry-stage.js'
import { logInfo } from '../shared/safe-text.js'
import { label, restoreOne } from './entries.js'
import { MAX_INDEX_BYTES, parseIndex, type IndexedEntry } from './index-file.js'
import { indexPrefix } from './keys.js'
import type { CacheService } from './service.js'
import type { EntryState, HubListing } from './types.js'

/**
 * Entries restored at once: each is a lookup, a download and an extraction (a zstd process). Measured with
 * `npm run bench` (case 7, 20 repos on two cores): 8 at once restore in 1.4× the time of one entry holding them
 * all, 4 at once in 1.6×; more than 8 gains nothing.
 */
export const RESTORES_AT_ONCE = 8

/** The scope's newest index, and the entries it names (none when there is none). */
export async function restoreIndex(
  service: CacheService,
  scope: string
): Promise<{ matchedKey?: string; entries: IndexedEntry[] }> {
  const prefix = indexPrefix(scope)
  const found = (await service.find('the index', prefix, []))?.found
  if (!found) return { entries: [] }
  const read = await service
    .fetch('the index', 'index', found, async stage => ({
      text: await readStagedIndex(stage, MAX_INDEX_BYTES)
    }))
    .catch(() => undefined)
  if (!read) return { entries: [] }
  return { matchedKey: found.matchedKey, entries: read.text === undefined ? [] : parseIndex(read.text) }
}

/**
 * Restores each entry with its own restore keys, a few at a time; entries of one repo one after another
 * (they merge into one repo folder).
 */
export async function restoreAll(
  service: CacheService,
  hubCache: string,
  work: { entry: EntryState; restoreKeys: string[] }[],
  listing?: HubListing
): Promise<void> {
  const byRepo = new Map<string, typeof work>()
  for (const item of work) {
    const repo = `${item.entry.type}/${item.entry.id}`
    byRepo.set(repo, [...(byRepo.get(repo) ?? []), item])
  }
  const limit = pLimit(RESTORES_AT_ONCE)
  await Promise.all(
    [...byRepo.values()].map(items =>
      limit(async () => {
        for (const { entry, restoreKeys } of items) {
          entry.restored = await restoreOne(service, hubCache, entry, restoreKeys, listing)
          logRestored(entry)
        }
      })
    )
  )
}

/** One log line an entry: what its restore found. */
function logRestored(entry: EntryState): void {
  const what =
    entry.restored === 'exact'
      ? `exact hit (${entry.key})`
      : entry.restored === 'other'
        ? `restored ${entry.matchedKey}; only what changed is fetched`
        : 'no entry restored'
  logInfo(`Cache: ${label(entry)}: ${what}`)
}

/** Entries the index names that a later step added in an earlier run of this scope (not the listed repos' commits). */
export function addedInEarlierRuns(index: IndexedEntry[], listed: EntryState[]): EntryState[] {
  return index
    .filter(e => !e.listed)
    .filter(e => !listed.some(l => l.type === e.type && l.id === e.id && l.commit === e.commit))
    .map(e => ({ ...e, listed: false, restored: 'none' as const }))
}

export const unavailable = () =>
  core.warning(
    'The GitHub Actions cache service is not available to this job (no ACTIONS_RESULTS_URL with ACTIONS_CACHE_SERVICE_V2 and ACTIONS_RUNTIME_TOKEN): the Hugging Face cache is neither restored nor saved.',
    { title: 'Cache service unavailable' }
  )
