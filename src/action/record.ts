/**
 * What main hands to post, through the runner's `GITHUB_STATE` (never the token itself): one versioned record,
 * written by one owner as main learns each thing post must undo or save, and checked field by field when post
 * reads it back (a record it cannot read is refused with a warning, as any input from outside would be).
 */
import * as core from '@actions/core'
import type { CacheState, StagesAt } from '../actions-cache/types.js'
import type { WrittenTokenFile } from '../auth/token-file.js'
import { validCacheState, validStages, validTokenFile } from './record-shape.js'
import { isRecord } from '../shared/shape.js'

export const RECORD_VERSION = 1
const KEY = 'hf-auth-action'

export interface PostRecord {
  version: typeof RECORD_VERSION
  /** The token file main wrote (or was about to write): post removes it, and puts back one it moved aside. */
  tokenFile?: WrittenTokenFile
  /** Main's stage folder: post removes it, whatever became of main. */
  stages?: StagesAt
  /** What main restored, for post to save what the service lacks. */
  cache?: CacheState
  /**
   * Whether the hub cache holds every file of the listed repos: false from the restore until a pre-warm
   * finished, so an unfinished pre-warm's files are saved under partial keys, never the full ones.
   */
  filesComplete?: boolean
}

/**
 * Main's writer of the record. Each change is written at once (the runner keeps the last value), so a main
 * step cancelled at any point still leaves post what it needs.
 */
export class RecordForPost {
  private readonly record: PostRecord = { version: RECORD_VERSION }

  /** Called before the token file is written, and again once it is. */
  tokenFile(written: WrittenTokenFile | undefined): void {
    this.record.tokenFile = written
    this.persist()
  }

  stages(stages: StagesAt): void {
    this.record.stages = stages
    this.persist()
  }

  /** The restore's result; with a pre-warm to come, the files are complete only once it finished. */
  cacheRestored(cache: CacheState, prewarmToCome: boolean): void {
    this.record.cache = cache
    this.record.filesComplete = !prewarmToCome
    this.persist()
  }

  prewarmFinished(): void {
    if (!this.record.cache) return
    this.record.filesComplete = true
    this.persist()
  }

  /** Written once more at the end of main, whatever happened (the runner keeps the last value). */
  persist(): void {
    core.saveState(KEY, JSON.stringify(this.record))
  }
}

export type ReadRecord = { record: PostRecord } | { refused: string } | { absent: true }

/** The record main left, checked: every path absolute, every entry well-formed, the version this post's. */
export function readPostRecord(): ReadRecord {
  const raw = core.getState(KEY)
  if (!raw) return { absent: true }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return { refused: 'it is not JSON' }
  }
  if (!isRecord(parsed)) return { refused: 'it is not an object' }
  if (parsed.version !== RECORD_VERSION)
    return { refused: `its version is ${String(parsed.version)}, this post reads ${RECORD_VERSION}` }
  const record: PostRecord = { version: RECORD_VERSION }
  for (const [field, check] of [
    ['tokenFile', validTokenFile],
    ['stages', validStages],
    ['cache', validCacheState]
  ] as const) {
    if (parsed[field] === undefined) continue
    const valid = check(parsed[field])
    if (!valid) return { refused: `its ${field} is not one main writes` }
    Object.assign(record, { [field]: valid })
  }
  if (record.cache) record.filesComplete = parsed.filesComplete === true
  return { record }
}
