/**
 * The hub cache steps of main: restore (or, with the Hub down, restore to stand in for it), then pre-warm or
 * check what the cache holds. The cache and the pre-warm are loaded only by runs that use them.
 */
import * as core from '@actions/core'
import type { CacheReport, HubListing, StagesAt } from '../../actions-cache/types.js'
import type { HubClient } from '../../hub/client.js'
import type { RepoType } from '../../hub/repo-spec.js'
import { listTree, type TreeEntry } from '../../hub/tree.js'
import type { PrewarmResult, PrewarmTarget } from '../../prewarm/prewarm.js'
import { ActionError, errorMessage } from '../../shared/errors.js'
import { prewarmDeadline } from '../../prewarm/deadline.js'
import type { Inputs } from '../inputs.js'
import { saveMainState, type MainState } from '../state.js'
import { setCacheOutputs } from '../outputs.js'
import type { RepoReport } from '../report.js'

/** The repos the pre-warm and the cache are about: granted, at their resolved commits. */
export function targetsOf(statuses: RepoReport[]): PrewarmTarget[] {
  return statuses.flatMap(s =>
    s.access === 'granted' && s.commit ? [{ spec: s.spec, commit: s.commit }] : []
  )
}

/**
 * The Hub's listings a job asks for, each once: the cache's restore checks each entry against its commit's
 * listing, and the pre-warm plans from the same answer (no second request).
 */
export class Listings {
  private readonly asked = new Map<string, Promise<TreeEntry[] | undefined>>()
  constructor(private readonly client: HubClient) {}

  /** The listing of `id` at `commit`; undefined when the Hub could not give it (the pre-warm asks again). */
  readonly get: HubListing = (type, id, commit) => {
    const at = Listings.at(type, id, commit)
    if (!this.asked.has(at)) {
      const spec = { type, id, revision: commit, globs: [], line: 0 }
      this.asked.set(
        at,
        listTree(this.client, spec, commit).catch((error: unknown) => {
          core.debug(`The Hub's listing of ${at} could not be had: ${errorMessage(error)}`)
          return undefined
        })
      )
    }
    return this.asked.get(at)!
  }

  /** The targets, each with its listing when the job has it already. */
  async withKnown(targets: PrewarmTarget[]): Promise<PrewarmTarget[]> {
    return Promise.all(
      targets.map(async target => {
        const tree = await this.known(target.spec.type, target.spec.id, target.commit)
        return tree ? { ...target, tree } : target
      })
    )
  }

  private known(type: RepoType, id: string, commit: string) {
    return this.asked.get(Listings.at(type, id, commit)) ?? Promise.resolve(undefined)
  }

  private static at = (type: RepoType, id: string, commit: string) => `${type}/${id}@${commit}`
}

/** Records main's stage folder for post the moment it exists (post removes it even after a cancel). */
const stagesSaver = (state: MainState) => (stages: StagesAt) => {
  state.stages = stages
  saveMainState(state)
}

/** Restores the cache for the targets' commits; post learns (through the state) what to save. */
export async function restoreCache(
  inputs: Inputs,
  granted: RepoReport[],
  state: MainState,
  listings?: Listings
): Promise<CacheReport | undefined> {
  if (!inputs.cache) return undefined
  if (inputs.repos.length === 0) {
    core.info(
      'Cache: nothing to cache until "repos" lists the models (the key is derived from their commits).'
    )
    return undefined
  }
  const { restoreStep } = await import('../../actions-cache/restore.js')
  const restored = await restoreStep(inputs, granted, stagesSaver(state), listings?.get)
  state.cache = restored.state
  saveMainState(state)
  setCacheOutputs(restored.report)
  return restored.report
}

/**
 * The Hub is down: a restored cache holding every listed repo lets the job go on, offline; the statuses get
 * the commits the cache holds. Fails with the Hub's error otherwise.
 */
export async function standInForHub(
  inputs: Inputs,
  statuses: RepoReport[],
  unreachableReason: Error,
  state: MainState
): Promise<{ cache: CacheReport; statuses: RepoReport[] }> {
  if (inputs.cache && inputs.repos.length > 0) {
    const { restoreForOffline } = await import('../../actions-cache/offline.js')
    const restored = await restoreForOffline(inputs, inputs.repos, unreachableReason, stagesSaver(state))
    if (restored) {
      setCacheOutputs(restored.report)
      const withCommits = statuses.map((status, i) => ({ ...status, commit: restored.commits[i] }))
      return { cache: restored.report, statuses: withCommits }
    }
  }
  throw new ActionError('Hugging Face Hub unreachable', unreachableReason.message)
}

/**
 * With `download`, fetches what the cache lacks; without it, a restored cache is still checked against the
 * Hub's listing before later steps use it. Both within download-timeout-minutes and the runner's cancel.
 */
export async function prewarmOrCheck(
  client: HubClient,
  inputs: Inputs,
  targets: PrewarmTarget[],
  cancel: AbortSignal
): Promise<PrewarmResult[] | undefined> {
  const { prewarmRepos, verifyCachedRepos } = await import('../../prewarm/prewarm.js')
  const deadline = prewarmDeadline(inputs.downloadTimeoutMs, cancel)
  try {
    if (inputs.download) return await prewarmRepos(client, targets, inputs.hubCache, deadline.signal)
    await verifyCachedRepos(client, targets, inputs.hubCache, deadline.signal)
    return undefined
  } finally {
    deadline.clear()
  }
}

/** The statuses with each target's pre-warm result (files, bytes, downloaded bytes, seconds). */
export function withPrewarmResults(
  statuses: RepoReport[],
  targets: PrewarmTarget[],
  results: PrewarmResult[]
): RepoReport[] {
  return statuses.map(status => {
    const at = targets.findIndex(t => t.spec === status.spec)
    const result = results[at]
    if (at < 0 || !result) return status
    const { files, bytes, downloadedBytes, seconds } = result
    return { ...status, files, bytes, downloadedBytes, seconds }
  })
}

/** The statuses with each repo's snapshot folder, where the cache holds it. */
export async function withSnapshotPaths(statuses: RepoReport[], hubCache: string): Promise<RepoReport[]> {
  const { findSnapshots } = await import('../../prewarm/prewarm.js')
  const withCommit = statuses.filter(s => s.commit)
  const paths = await findSnapshots(
    withCommit.map(s => ({ spec: s.spec, commit: s.commit! })),
    hubCache
  )
  return statuses.map(status => {
    const found = paths[withCommit.indexOf(status)]
    return found === undefined ? status : { ...status, path: found }
  })
}

/** The statuses with each listed repo's cache entry (what the restore found). */
export function withCacheEntries(statuses: RepoReport[], cache: CacheReport | undefined): RepoReport[] {
  if (!cache) return statuses
  return statuses.map(status => {
    const entry = cache.entries.find(
      e => e.listed && e.type === status.spec.type && e.id === status.spec.id && e.commit === status.commit
    )
    return entry
      ? {
          ...status,
          cache: {
            key: entry.key,
            restored: entry.restored,
            matchedKey: entry.matchedKey,
            verified: !cache.unverified
          }
        }
      : status
  })
}
