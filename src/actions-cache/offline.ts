/**
 * The Hub is down: the entries the scope's index names stand in for it, when they hold every listed repo at
 * its revision.
 */
import * as core from '@actions/core'
import type { RepoSpec } from '../hub/repo-spec.js'
import { blobsByPath, RepoCacheDir } from '../hub-cache/layout.js'
import { safeText } from '../shared/safe-text.js'
import { cacheScope, indexPrefix, repoPrefix } from './keys.js'
import { addedInEarlierRuns, restoreAll, restoreIndex } from './restore-many.js'
import { CacheService, cacheMode, cacheServiceAvailable } from './service.js'
import type { CacheReport, CacheSettings, EntryState, StagesAt } from './types.js'

/**
 * The Hub is down: restore what the scope's index names (each listed repo's entry at the commit its revision
 * had; without an index, the repo's newest entry). When the cache then holds every listed repo at its
 * revision, the report's listed entries give each one's commit in the cache, and later steps can run offline.
 * Undefined when the cache cannot stand in for the Hub (then the step fails with the Hub's error).
 */
export async function restoreForOffline(
  inputs: Pick<CacheSettings, 'cacheKey' | 'hubCache'>,
  specs: RepoSpec[],
  cause: Error,
  onStages: (stages: StagesAt) => void = () => undefined
): Promise<CacheReport | undefined> {
  if (!cacheServiceAvailable() || !cacheMode().read) return undefined
  const scope = cacheScope(inputs.cacheKey)
  const service = await CacheService.open(inputs.hubCache, 'restored')
  onStages({ hubCache: inputs.hubCache, root: service.stagesRoot })
  try {
    return await restoreFrom(service, inputs.hubCache, scope, specs, cause)
  } finally {
    await service.close()
  }
}

async function restoreFrom(
  service: CacheService,
  hubCache: string,
  scope: string,
  specs: RepoSpec[],
  cause: Error
): Promise<CacheReport | undefined> {
  const index = await restoreIndex(service, scope)
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
      revision: spec.revision,
      listed: true,
      restored: 'none'
    }
    return { spec, entry, restoreKeys: indexed ? [`${indexed.key}/`] : [prefix] }
  })
  const extras = addedInEarlierRuns(index.entries, [])
  await restoreAll(service, hubCache, [...work, ...extras.map(entry => ({ entry, restoreKeys: [] }))])
  for (const { entry, spec } of work) {
    const commit = await offlineCommit(hubCache, spec)
    if (!commit) return undefined
    entry.commit = commit
  }
  const restored =
    work.filter(w => w.entry.restored !== 'none').length + extras.filter(e => e.restored !== 'none').length
  core.warning(
    `The Hub could not be reached (${safeText(cause.message)}). The cache holds every listed repo (${restored} entries restored), so later steps run offline (HF_HUB_OFFLINE=1). Their files were NOT verified against the Hub: only against the cache's own listings, which any job of the default branch can write; do not run code from them (trust_remote_code) until a run with the Hub up has checked them.`,
    { title: 'Hugging Face Hub unreachable: using the cache' }
  )
  return {
    key: indexPrefix(scope),
    matchedKey: index.matchedKey,
    hit: false,
    entries: [...work.map(w => w.entry), ...extras],
    note: `Hub unreachable: restored ${restored} entries${index.matchedKey ? ` named by ${index.matchedKey}` : ''}; their files were not verified against the Hub`,
    unverified: true
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
