/** What main hands to post, through the runner's `GITHUB_STATE` (never the token itself). */
import * as core from '@actions/core'
import type { CacheState, StagesAt } from '../actions-cache/types.js'
import type { WrittenTokenFile } from '../auth/token-file.js'

export interface MainState {
  tokenFile?: WrittenTokenFile
  cache?: CacheState
  /** Main's stage folder: post removes it, whatever became of main. */
  stages?: StagesAt
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
