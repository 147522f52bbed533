/**
 * The hub cache steps of main: restore (or, with the Hub down, restore to stand in for it), then pre-warm or
 * check what the cache holds. The cache and the pre-warm are loaded only by runs that use them.
 */
import * as core from '@actions/core'
import type { CacheReport, HubListing } from '../../actions-cache/types.js'
import type { HubClient } from '../../hub/client.js'
import type { RepoType } from '../../hub/repo-spec.js'
import { listTree, type TreeEntry } from '../../hub/tree.js'
import type { PrewarmResult, PrewarmTarget } from '../../prewarm/prewarm.js'
import { errorMessage } from '../../shared/errors.js'
import { prewarmDeadline } from '../../prewarm/deadline.js'
import type { Inputs } from '../inputs.js'
import type { Target } from '../plan.js'
import type { RecordForPost } from '../record.js'

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

  /** The targets, each with its listing when the job asked for it already (the restore did). */
  async withListings<T extends Target>(targets: T[]): Promise<(T & { tree?: TreeEntry[] })[]> {
    return Promise.all(
      targets.map(async target => {
        const asked = this.asked.get(Listings.at(target.spec.type, target.spec.id, target.commit))
        const tree = await asked
        return tree ? { ...target, tree } : target
      })
    )
  }

  private static at = (type: RepoType, id: string, commit: string) => `${type}/${id}@${commit}`
}

/** Restores the cache for the targets' commits; post learns (through the record) what to save. */
export async function restoreCache(
  inputs: Inputs,
  targets: Target[],
  record: RecordForPost,
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
  const restored = await restoreStep(inputs, targets, stages => record.stages(stages), listings?.get)
  if (restored.state) record.cacheRestored(restored.state, inputs.download)
  return restored.report
}

/**
 * The Hub is down: a restored cache holding every listed repo lets the job go on, offline (its report gives
 * each listed repo's commit in the cache). Undefined when the cache cannot stand in for the Hub.
 */
export async function standInForHub(
  inputs: Inputs,
  unreachableReason: Error,
  record: RecordForPost
): Promise<CacheReport | undefined> {
  if (!inputs.cache || inputs.repos.length === 0) return undefined
  const { restoreForOffline } = await import('../../actions-cache/offline.js')
  return restoreForOffline(inputs, inputs.repos, unreachableReason, stages => record.stages(stages))
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

/** Each target's snapshot folder, where the hub cache holds it (one answer a target, in order). */
export async function findSnapshotPaths(
  targets: Target[],
  hubCache: string
): Promise<(string | undefined)[]> {
  const { findSnapshots } = await import('../../prewarm/prewarm.js')
  return findSnapshots(targets, hubCache)
}
