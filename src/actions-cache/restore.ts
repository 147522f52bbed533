/**
 * The main step's half of caching: the scope's index and one entry per listed repo at its commit, restored a
 * few at a time and each merged into the hub cache, then what the index adds; post learns what to save.
 */
import * as core from '@actions/core'
import type { AccessStatus } from '../hub/access.js'
import { cachedCommits } from '../hub-cache/repo-folders.js'
import { cacheScope, entryKey, indexPrefix, repoPrefix } from './keys.js'
import { addedInEarlierRuns, restoreAll, restoreIndex, unavailable } from './restore-many.js'
import { CacheService, cacheMode, cacheServiceAvailable } from './service.js'
import type { CacheReport, CacheSettings, CacheState, EntryState, HubListing, StagesAt } from './types.js'

export interface RestoreStep {
  report: CacheReport
  /** What post needs to decide on saving; undefined when there is nothing to save. */
  state?: CacheState
}

/**
 * Restores each granted repo's entry at its commit (else its newest older one), and the scope's extras.
 * `onStages` learns where the step's stages are before anything is put there (post removes them, should main
 * be cancelled); `listing` gives the Hub's listing each entry is checked against.
 */
export async function restoreStep(
  inputs: CacheSettings,
  granted: Pick<AccessStatus, 'spec' | 'commit'>[],
  onStages: (stages: StagesAt) => void = () => undefined,
  listing?: HubListing
): Promise<RestoreStep> {
  const scope = cacheScope(inputs.cacheKey)
  const key = indexPrefix(scope)
  if (!cacheServiceAvailable()) {
    unavailable()
    return { report: { key, hit: false, entries: [], note: 'cache service unavailable' } }
  }
  const mode = cacheMode()
  const listed = listedEntries(granted)
  if (!mode.read) {
    core.info(
      `Cache: restore skipped, the runner's cache mode (ACTIONS_CACHE_MODE=${mode.mode}) does not permit reads.`
    )
    return {
      report: { key, hit: false, entries: listed, note: `cache mode ${mode.mode}: not restored` },
      state: stateOf(inputs, scope, listed, undefined, [])
    }
  }
  const service = await CacheService.open(inputs.hubCache, 'restored')
  onStages({ hubCache: inputs.hubCache, root: service.stagesRoot })
  let restored: Awaited<ReturnType<typeof restoreEntries>>
  try {
    restored = await restoreEntries(service, inputs.hubCache, scope, listed, listing)
  } finally {
    await service.close()
  }
  const hit = listed.length > 0 && listed.every(e => e.restored === 'exact')
  const entries = [...listed, ...restored.extras]
  const snapshots = await cachedCommits(inputs.hubCache)
  return {
    report: { key, matchedKey: restored.indexKey, hit, entries },
    state: stateOf(inputs, scope, entries, restored.indexKey, snapshots)
  }
}

/** One entry a granted repo at its commit, keyed by its file selection. */
function listedEntries(granted: Pick<AccessStatus, 'spec' | 'commit'>[]): EntryState[] {
  return granted.flatMap(({ spec, commit }) =>
    commit
      ? [
          {
            type: spec.type,
            id: spec.id,
            commit,
            revision: spec.revision,
            key: entryKey(spec.type, spec.id, commit, { globs: spec.globs }),
            listed: true,
            restored: 'none' as const
          }
        ]
      : []
  )
}

/**
 * The listed repos' entries (each at its commit, else the repo's newest), restored while the index is (they
 * need nothing from it); then what the index adds (an added commit of a listed repo merges into that repo's
 * folder, so after them).
 */
async function restoreEntries(
  service: CacheService,
  hubCache: string,
  scope: string,
  listed: EntryState[],
  listing?: HubListing
): Promise<{ indexKey?: string; extras: EntryState[] }> {
  const restoreKeys = (entry: EntryState) => [`${entry.key}/`, repoPrefix(entry.type, entry.id)]
  const [index] = await Promise.all([
    restoreIndex(service, scope),
    restoreAll(
      service,
      hubCache,
      listed.map(entry => ({ entry, restoreKeys: restoreKeys(entry) })),
      listing
    )
  ])
  const extras = addedInEarlierRuns(index.entries, listed)
  await restoreAll(
    service,
    hubCache,
    extras.map(entry => ({ entry, restoreKeys: [] })),
    listing
  )
  return { indexKey: index.matchedKey, extras }
}

/** What post needs to decide on saving. */
function stateOf(
  inputs: CacheSettings,
  scope: string,
  entries: EntryState[],
  indexKey: string | undefined,
  snapshotsAfterRestore: string[]
): CacheState {
  return {
    hubCache: inputs.hubCache,
    scope,
    indexKey,
    entries,
    snapshotsAfterRestore,
    save: inputs.saveCache,
    mainPid: process.pid
  }
}
