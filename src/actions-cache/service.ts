/**
 * The cache service as one step sees it: lookups and archive downloads made by the action (twirp.ts,
 * download.ts), saves by `@actions/cache` in its worker (save-worker.ts), all under one budget (budget.ts) and
 * the action's own time limits, and the step's stages on disk (hub-cache/entry-stage.ts). Restored in main and
 * saved in post, as setup-node does; a failing service is a warning, never a failed job.
 */
import { receiveArchive } from '../hub-cache/entry-archive.js'
import { formatBytes } from '../shared/format.js'
import { logInfo } from '../shared/safe-text.js'
import { Stages, type Stage } from '../hub-cache/entry-stage.js'
import { ServiceBudget, type BudgetOptions } from './budget.js'
import { downloadArchive } from './download.js'
import type { SaveResult } from './save-outcome.js'
import { saveInWorker, workerScript } from './save-worker.js'
import { lookup, serviceUrl, type Found } from './twirp.js'
import { compressionMethod, entryVersion, type Compression } from './version.js'

/** Whether the job has the v2 cache service (`@actions/cache`'s own test, without loading it). */
export const cacheServiceAvailable = () => serviceUrl() !== undefined

/**
 * What the runner lets the job do with the cache (`ACTIONS_CACHE_MODE`, read as `@actions/cache` reads it: `none`,
 * `read`, `write` or `write-only`; anything else allows both). Restores here go around the toolkit, so they heed
 * it here; saves heed it before a worker is started.
 */
export function cacheMode(env: NodeJS.ProcessEnv = process.env): {
  read: boolean
  write: boolean
  mode: string
} {
  const mode = (env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase()
  if (!['none', 'read', 'write', 'write-only'].includes(mode)) return { read: true, write: true, mode }
  return { read: mode === 'read' || mode === 'write', write: mode === 'write' || mode === 'write-only', mode }
}

export interface CacheLimits {
  /** A lookup's answer (each try). */
  lookupMs: number
  /** The window in which a download must bring at least FLOOR_BYTES. */
  windowMs: number
  /** A save: this, plus its archive at 8 MiB/s. */
  saveMs: number
}

/** Uploads are given this many bytes a second before a save counts as stuck: far below any runner's link. */
const SAVE_FLOOR_BYTES_PER_S = 8 * 1024 * 1024

/**
 * The action's own limits: 30 s for a lookup, 60 s windows for a download, 2 minutes plus the upload's time
 * for a save. `HF_ACTION_CACHE_TIMEOUT_SECONDS` sets all three (a runner whose service answers slowly, or a test).
 */
export function cacheLimits(env: NodeJS.ProcessEnv = process.env): CacheLimits {
  const seconds = Number(env.HF_ACTION_CACHE_TIMEOUT_SECONDS)
  if (Number.isFinite(seconds) && seconds > 0) {
    const ms = Math.round(seconds * 1000)
    return { lookupMs: ms, windowMs: ms, saveMs: ms }
  }
  return { lookupMs: 30_000, windowMs: 60_000, saveMs: 120_000 }
}

export type Lookup = { found?: Found }

export class CacheService {
  private constructor(
    readonly stages: Stages,
    readonly budget: ServiceBudget,
    private readonly compression: Compression,
    private readonly limits: CacheLimits,
    private readonly worker: string
  ) {}

  /** `worker`: the save worker's script (by default beside the running bundle: save-worker.ts). */
  static async open(
    hubCache: string,
    verb: BudgetOptions['verb'],
    { worker = workerScript(), ...options }: Partial<BudgetOptions> & { worker?: string } = {}
  ) {
    const [stages, compression] = await Promise.all([Stages.open(hubCache), compressionMethod()])
    const budget = new ServiceBudget({ ...options, verb })
    return new CacheService(stages, budget, compression, cacheLimits(), worker)
  }

  /** Where this step's stages are: main's is removed by post should main be cancelled. */
  get stagesRoot(): string {
    return this.stages.root
  }

  /** The entry of `key` (else the newest under a restore key): `{ found }`, or undefined when not asked. */
  find(label: string, key: string, restoreKeys: string[]): Promise<Lookup | undefined> {
    const version = entryVersion(this.compression)
    return this.budget.run('lookup', label, this.limits.lookupMs, async signal => ({
      found: await lookup(key, restoreKeys, version, signal)
    }))
  }

  /**
   * The archive `found` names, vetted into a stage of its own (hub-cache/entry-archive.ts) that `use` reads
   * before it is removed; undefined when the budget skipped it. An archive refused for what it holds throws,
   * for that entry alone.
   */
  fetch<T>(label: string, folder: string, found: Found, use: (stage: Stage) => Promise<T>) {
    const compression = this.compression === 'gzip' ? 'gzip' : 'zstd'
    const receive = (stage: Stage) =>
      this.budget.run('download', label, Infinity, async signal => {
        await downloadArchive(found.url, this.limits.windowMs, signal, (body, aborted) =>
          receiveArchive(stage.dir, body, compression, aborted)
        )
        return true
      })
    return this.stages.withStage(folder, receive, use)
  }

  /** Whether saves may still be made; when not, `label` is noted as not saved, under the cause. */
  canSave(label: string): boolean {
    const stop = this.budget.stopOf('save')
    if (stop) this.budget.skip('save', label, stop)
    return !stop
  }

  /**
   * Stages what `fill` stages (its bytes of content) in a stage of its own and saves it under `key`: the
   * upload's result (undefined when the budget skipped it), or undefined when `fill` staged nothing.
   */
  saveStaged(
    label: string,
    folder: string,
    key: string,
    fill: (stage: Stage) => Promise<number | undefined>
  ) {
    return this.stages.withStage(folder, fill, async (stage, bytes) => {
      logInfo(`Cache: saving ${label} (${formatBytes(bytes)}) as ${key}`)
      const limit = this.limits.saveMs + (bytes / SAVE_FLOOR_BYTES_PER_S) * 1000
      // The toolkit has retried inside the worker: an outage it reports is final.
      const save = (signal: AbortSignal) => saveInWorker(stage.dir, key, signal, this.worker)
      const result: Exclude<SaveResult, { outcome: 'fault' }> | undefined = await this.budget.run(
        'save',
        label,
        limit,
        save,
        false
      )
      return { bytes, result }
    })
  }

  /** Removes the step's stages and says, once per cause, what the service cost. */
  async close(): Promise<void> {
    await this.stages.close()
    this.budget.report()
  }
}
