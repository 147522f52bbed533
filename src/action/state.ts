/** What main hands to post, through the runner's `GITHUB_STATE` (never the token itself). */
import * as core from '@actions/core'
import type { WrittenTokenFile } from '../auth/token.js'

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
}

export interface MainState {
  tokenFile?: WrittenTokenFile
  cache?: CacheState
}

const KEY = 'hf-auth-action'

/**
 * Written whenever main changes something post must undo (the runner keeps the last value), so a main step
 * cancelled at any point still leaves post what it needs.
 */
export function saveMainState(state: MainState): void {
  core.saveState(KEY, JSON.stringify(state))
}

export function loadMainState(): MainState | undefined {
  const raw = core.getState(KEY)
  if (!raw) return undefined
  try {
    return JSON.parse(raw) as MainState
  } catch {
    return undefined
  }
}
