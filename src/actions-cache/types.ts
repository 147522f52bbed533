import type { RestoreInventory } from '../hub-cache/prune.js'

/** What the cache subsystem tells the rest of the action: what main restored, for the summary and for post. */

/** The inputs caching depends on. */
export interface CacheSettings {
  /** The `cache-key` input; empty to derive the key from the repos' commits. */
  cacheKey: string
  hubCache: string
  saveCache: boolean
  /** A pre-warm follows the restore (the cache is complete only once it finished). */
  download: boolean
}

export interface CacheState {
  hubCache: string
  key: string
  /** Exact primary-key hit: nothing to save. */
  hit: boolean
  /** The cache's content right after restore; post saves only when it changed since. */
  fingerprint: string
  save: boolean
  /** False until the pre-warm finished: a cache missing files is saved under a partial key, never the primary. */
  complete: boolean
  /** main's process id: its temporary files carry it, so post removes them even when fresh. */
  pid: number
  /** What the restore brought, which post may prune before saving (hub-cache/prune.ts). */
  restored?: RestoreInventory
}

export interface CacheReport {
  key: string
  matchedKey?: string
  hit: boolean
  /** Why the cache was not used, when it was not. */
  note?: string
}
