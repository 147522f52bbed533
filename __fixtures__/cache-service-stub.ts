/**
 * Stands in for actions-cache/service.ts in unit tests of the restore and save steps: the service's entries
 * are folders (what an entry's archive unpacks to: `hub/…`), found as the service finds them (the key exactly,
 * then as a prefix, then each restore key exactly and as a prefix, newest first), with the step's stages the
 * real ones (hub-cache/entry-stage.ts). `find` and `save` are jest mocks, so a test reads what was asked.
 */
import { jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Stages, type Stage } from '../src/hub-cache/entry-stage.js'

type Found = { matchedKey: string; url: string }

export class ServiceStub {
  /** Key → a folder holding what the entry's archive would (its `hub/`). */
  readonly saved = new Map<string, string>()
  /** Keys whose save the service refuses (a size over its limit, say). */
  readonly refused = new Set<string>()
  /** Keys whose archive fails to arrive, with what it throws (a refused archive, a broken download). */
  readonly failing = new Map<string, Error>()
  /** The budget stopped saves (a spent quota): nothing more is looked up or saved. */
  savesStopped = false
  available = true
  /** What the runner's cache mode permits (`ACTIONS_CACHE_MODE`). */
  mode = { read: true, write: true, mode: '' }
  /** Archives being fetched now, and the most at once (a fetch takes `fetchMs`). */
  inFlight = 0
  mostInFlight = 0
  fetchMs = 0

  readonly find = jest.fn(async (_label: string, key: string, restoreKeys: string[]) => {
    const newest = [...this.saved.keys()].reverse()
    const match = (k: string) => (this.saved.has(k) ? k : newest.find(s => s.startsWith(k)))
    const matchedKey = [key, ...restoreKeys].map(match).find(k => k !== undefined)
    return { found: matchedKey ? { matchedKey, url: matchedKey } : undefined }
  })

  readonly save = jest.fn(async (_label: string, stage: Stage, key: string, _bytes: number) => {
    if (this.refused.has(key)) return { outcome: 'refused' as const, message: 'over the size limit' }
    if (this.saved.has(key)) return { outcome: 'exists' as const }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-stub-entry-'))
    fs.cpSync(stage.dir, dir, { recursive: true, verbatimSymlinks: true })
    this.saved.set(key, dir)
    return { outcome: 'saved' as const }
  })

  reset(): void {
    this.saved.clear()
    this.refused.clear()
    this.failing.clear()
    this.savesStopped = false
    this.available = true
    this.mode = { read: true, write: true, mode: '' }
    this.inFlight = this.mostInFlight = this.fetchMs = 0
    this.find.mockClear()
    this.save.mockClear()
  }

  /** What `jest.unstable_mockModule('…/service.js', () => stub.module())` gives. */
  module() {
    return {
      cacheServiceAvailable: () => this.available,
      cacheMode: () => this.mode,
      CacheService: { open: (hubCache: string) => this.open(hubCache) }
    }
  }

  private async open(hubCache: string) {
    const stages = await Stages.open(hubCache)
    return {
      stages,
      stagesRoot: stages.root,
      find: this.find,
      save: this.save,
      saveStaged: <F extends number>(
        label: string,
        folder: string,
        key: string,
        fill: (stage: Stage) => Promise<F | undefined>
      ) =>
        stages.withStage(folder, fill, async (stage, bytes) => ({
          bytes,
          result: await this.save(label, stage, key, bytes)
        })),
      canSave: () => !this.savesStopped,
      fetch: async <T>(_label: string, folder: string, found: Found, use: (stage: Stage) => Promise<T>) => {
        this.mostInFlight = Math.max(this.mostInFlight, ++this.inFlight)
        await new Promise(resolve => setTimeout(resolve, this.fetchMs))
        this.inFlight--
        const failure = this.failing.get(found.url)
        if (failure) throw failure
        const receive = async (stage: Stage) => {
          fs.cpSync(this.saved.get(found.url)!, stage.dir, { recursive: true, verbatimSymlinks: true })
          return true
        }
        return stages.withStage(folder, receive, use)
      },
      close: () => stages.close()
    }
  }
}
