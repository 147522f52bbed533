/** What the cache subsystem tells the rest of the action: what main restored, for the summary and for post. */
import type { RepoType } from '../hub/repo-spec.js'
import type { TreeEntry } from '../hub/tree.js'

/**
 * The Hub's listing of a repo at a commit (undefined when the Hub cannot give it): what a restored entry is
 * checked against, and the only source of the Xet hashes a payload enters Python's shared store under.
 */
export type HubListing = (type: RepoType, id: string, commit: string) => Promise<TreeEntry[] | undefined>

/** The inputs caching depends on. */
export interface CacheSettings {
  /** The `cache-key` input: the scope of the index entry; empty for the workflow and job. */
  cacheKey: string
  hubCache: string
  saveCache: boolean
}

/**
 * What the restore found of an entry: its exact key; another entry of the repo (an older commit's, another
 * file selection's, or an unfinished pre-warm's partial one), of which only what its key allows is taken; or
 * nothing.
 */
export type Restored = 'exact' | 'other' | 'none'

/** One cache entry: a repo at a commit, with its file selection in the key. */
export interface EntryState {
  type: RepoType
  id: string
  commit: string
  key: string
  /** The revision a listed repo was resolved from. */
  revision?: string
  /** Listed in `repos` (else a later step of an earlier run added it, and the scope's index named it). */
  listed: boolean
  restored: Restored
  matchedKey?: string
}

export interface CacheState {
  hubCache: string
  scope: string
  /** The index entry restored, when one was. */
  indexKey?: string
  entries: EntryState[]
  /** Snapshots (`<repo folder>/<commit>`) in the hub cache after the restore: post saves only newer ones. */
  snapshotsAfterRestore: string[]
  save: boolean
  /** Main's process id: its temporary files carry it, so post removes them even when fresh. */
  mainPid: number
}

/** Where a step's stages are (hub-cache/entry-stage.ts): main's are removed by post should main be cancelled. */
export interface StagesAt {
  hubCache: string
  root: string
}

export interface CacheReport {
  /** The scope's index prefix. */
  key: string
  /** The index entry restored, when one was. */
  matchedKey?: string
  /** Every listed repo's entry was an exact hit. */
  hit: boolean
  entries: EntryState[]
  /** Why the cache was not used, when it was not; or what to know of what it brought. */
  note?: string
  /** The Hub could not check what was restored (it stood in for the Hub). */
  unverified?: boolean
}
