/** What the action reports of each listed repo (outputs, log, summary). */
import type { EntryState } from '../actions-cache/types.js'
import type { AccessStatus } from '../hub/access.js'

/** A repo's access (from the Hub), and what the pre-warm and the cache did for it. */
export interface RepoReport extends AccessStatus {
  files?: number
  bytes?: number
  /** After a pre-warm: content bytes fetched, and the seconds until the repo's last file was in place. */
  downloadedBytes?: number
  seconds?: number
  /** The repo's `snapshots/<commit>` folder, when the hub cache holds it (after a pre-warm or a restore). */
  path?: string
  /** The repo's cache entry: its key, and what the restore found (exact, an older entry, none). */
  cache?: Pick<EntryState, 'key' | 'restored' | 'matchedKey'> & {
    /** Checked against the Hub's listing (false: restored with the Hub down, standing in for it). */
    verified: boolean
  }
}
