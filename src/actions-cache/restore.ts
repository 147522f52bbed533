/**
 * The main step's half of caching: the scope's index, then one entry per repo at its commit, a few at a time,
 * each merged into the hub cache (or, with the Hub down, whatever the index names, to stand in for it).
 */
import * as core from '@actions/core'
import pLimit from 'p-limit'
import type { AccessStatus } from '../hub/access.js'
import type { RepoSpec } from '../hub/repo-spec.js'
import { clearStage, removeStage, stagePath } from '../hub-cache/entry-stage.js'
import { blobsByPath, RepoCacheDir } from '../hub-cache/layout.js'
import { cachedCommits } from '../hub-cache/repo-folders.js'
import { logInfo, safeText } from '../shared/safe-text.js'
import { readIndex, type IndexedEntry } from './index-file.js'
import { label, restoreOne } from './entries.js'
import { cacheScope, entryKey, indexPrefix, repoPrefix } from './keys.js'
import { cacheServiceAvailable, restoreEntry } from './service.js'
import type { CacheReport, CacheSettings, CacheState, EntryState } from './types.js'

/**
 * Entries restored at once: each is a lookup, a download and an extraction (two child processes). Measured with
 * `npm run bench` (case 7, 20 repos on two cores): 8 at once restore in 1.4× the time of one entry holding them
 * all, 4 at once in 1.6×; more than 8 gains nothing.
 */
export const RESTORES_AT_ONCE = 8

export interface RestoreStep {
  report: CacheReport
  /** What post needs to decide on saving; undefined when there is nothing to save. */
  state?: CacheState
}

/** The scope's newest index, and the entries it names (none when there is none). */
async function restoreIndex(
  hubCache: string,
  scope: string
): Promise<{ matchedKey?: string; entries: IndexedEntry[] }> {
  const stage = stagePath(hubCache, 'index')
  const prefix = indexPrefix(scope)
  try {
    await clearStage(hubCache, stage)
    const { matchedKey } = await restoreEntry(stage, prefix, [prefix])
    return { matchedKey, entries: matchedKey ? await readIndex(stage) : [] }
  } finally {
    await removeStage(hubCache, stage).catch(() => undefined)
  }
}

/**
 * Restores each entry with its own restore keys, a few at a time; entries of one repo one after another
 * (they share the repo's stage).
 */
async function restoreAll(
  hubCache: string,
  work: { entry: EntryState; restoreKeys: string[] }[]
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
          entry.restored = await restoreOne(hubCache, entry, restoreKeys)
          logRestored(entry)
        }
      })
    )
  )
}

function logRestored(entry: EntryState): void {
  const what =
    entry.restored === 'exact'
      ? `exact hit (${entry.key})`
      : entry.restored === 'older'
        ? `restored ${entry.matchedKey}; only what changed is fetched`
        : 'no entry yet'
  logInfo(`Cache: ${label(entry)}: ${what}`)
}

/** Entries a later step added in an earlier run of this scope, other than the listed repos' commits. */
function extrasOf(index: IndexedEntry[], listed: EntryState[]): EntryState[] {
  return index
    .filter(e => !e.listed)
    .filter(e => !listed.some(l => l.type === e.type && l.id === e.id && l.commit === e.commit))
    .map(e => ({ ...e, listed: false, restored: 'none' as const }))
}

const unavailable = () =>
  core.warning(
    'The GitHub Actions cache service is not available to this job (no ACTIONS_RESULTS_URL/ACTIONS_CACHE_URL): the Hugging Face cache is neither restored nor saved.',
    { title: 'Cache service unavailable' }
  )

/** Restores each granted repo's entry at its commit (else its newest older one), and the scope's extras. */
export async function restoreStep(
  inputs: CacheSettings,
  granted: Pick<AccessStatus, 'spec' | 'commit'>[]
): Promise<RestoreStep> {
  const scope = cacheScope(inputs.cacheKey)
  const key = indexPrefix(scope)
  core.setOutput('cache-key', key)
  core.setOutput('cache-hit', 'false')
  core.setOutput('cache-matched-key', '')
  if (!(await cacheServiceAvailable())) {
    unavailable()
    return { report: { key, hit: false, entries: [], note: 'cache service unavailable' } }
  }
  const listed: EntryState[] = granted.flatMap(({ spec, commit }) =>
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
  // The listed repos need nothing from the index: they are restored while it is; what it adds, after them (an
  // added commit of a listed repo shares that repo's stage).
  const [index] = await Promise.all([
    restoreIndex(inputs.hubCache, scope),
    restoreAll(
      inputs.hubCache,
      listed.map(entry => ({ entry, restoreKeys: [`${entry.key}/`, repoPrefix(entry.type, entry.id)] }))
    )
  ])
  const extras = extrasOf(index.entries, listed)
  await restoreAll(
    inputs.hubCache,
    extras.map(entry => ({ entry, restoreKeys: [] }))
  )
  const hit = listed.length > 0 && listed.every(e => e.restored === 'exact')
  core.setOutput('cache-hit', hit ? 'true' : 'false')
  core.setOutput('cache-matched-key', index.matchedKey ?? '')
  const entries = [...listed, ...extras]
  const known = await cachedCommits(inputs.hubCache)
  return {
    report: { key, matchedKey: index.matchedKey, hit, entries },
    state: {
      hubCache: inputs.hubCache,
      scope,
      indexKey: index.matchedKey,
      entries,
      known,
      save: inputs.saveCache,
      // With a pre-warm to come, the cache is complete only once it finished (main sets it then).
      complete: !inputs.download,
      pid: process.pid
    }
  }
}

/** A restored cache that stands in for the Hub: the report, and each listed repo's commit in the cache. */
export interface OfflineRestore {
  report: CacheReport
  commits: string[]
}

/**
 * The Hub is down: restore what the scope's index names (each listed repo's entry at the commit its revision
 * had; without an index, the repo's newest entry) and, when the cache then holds every listed repo at its
 * revision, let later steps run offline. Undefined when the cache cannot stand in for the Hub (then the step
 * fails with the Hub's error).
 */
export async function restoreForOffline(
  inputs: Pick<CacheSettings, 'cacheKey' | 'hubCache'>,
  specs: RepoSpec[],
  cause: Error
): Promise<OfflineRestore | undefined> {
  if (!(await cacheServiceAvailable())) return undefined
  const scope = cacheScope(inputs.cacheKey)
  const index = await restoreIndex(inputs.hubCache, scope)
  const work = specs.map(spec => {
    const indexed = index.entries.find(
      e => e.listed && e.type === spec.type && e.id === spec.id && e.revision === spec.revision
    )
    const prefix = repoPrefix(spec.type, spec.id)
    const entry: EntryState = {
      type: spec.type,
      id: spec.id,
      commit: indexed?.commit ?? '',
      key: indexed?.key ?? prefix,
      listed: true,
      restored: 'none'
    }
    return { entry, restoreKeys: indexed ? [`${indexed.key}/`] : [prefix] }
  })
  const extras = extrasOf(index.entries, [])
  await restoreAll(inputs.hubCache, [...work, ...extras.map(entry => ({ entry, restoreKeys: [] }))])
  const commits: string[] = []
  for (const [i, spec] of specs.entries()) {
    const commit = await offlineCommit(inputs.hubCache, spec)
    if (!commit) return undefined
    commits.push((work[i].entry.commit = commit))
  }
  const restored =
    work.filter(w => w.entry.restored !== 'none').length + extras.filter(e => e.restored !== 'none').length
  core.warning(
    `The Hub could not be reached (${safeText(cause.message)}). The cache holds every listed repo (${restored} entries restored), so later steps run offline (HF_HUB_OFFLINE=1).`,
    { title: 'Hugging Face Hub unreachable: using the cache' }
  )
  core.exportVariable('HF_HUB_OFFLINE', '1')
  const key = indexPrefix(scope)
  return {
    report: {
      key,
      matchedKey: index.matchedKey,
      hit: false,
      entries: [...work.map(w => w.entry), ...extras],
      note: `Hub unreachable: restored ${restored} entries${index.matchedKey ? ` named by ${index.matchedKey}` : ''}`
    },
    commits
  }
}

/**
 * The commit a repo's revision has in the cache, with its snapshot checked against the cache's own listing
 * (`trees/<commit>.json`): with the Hub down there is nothing better to check against, but entries that
 * point elsewhere or at a blob whose content does not match its name are still removed. Undefined when the
 * cache does not hold the repo, or holds no listing to check it with.
 */
async function offlineCommit(hubCache: string, spec: RepoSpec): Promise<string | undefined> {
  const repo = new RepoCacheDir(hubCache, spec.type, spec.id)
  const commit = await repo.cachedCommit(spec.revision)
  const tree = commit && (await repo.readTree(commit))
  if (!commit || !tree) return undefined
  await repo.pruneSnapshot(commit, blobsByPath(tree))
  return commit
}
