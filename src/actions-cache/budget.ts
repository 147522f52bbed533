/**
 * One budget for the cache service per step. The service is shared by every workflow of the repository and
 * limited (200 uploads and 1,500 downloads a minute, a storage quota, outages, calls that hang), and a job
 * makes a call per entry, so a fault must cost the step once, not once per entry:
 *
 * - a call that fails in a way that may pass (5xx, a network error) is retried on the toolkit's schedule by
 *   that call alone: the others wait for it (one retry cycle per step), then go on or stop with it;
 * - an outage (retries spent), a spent quota or any other refusal stops the service for the rest of the step;
 *   a 429 or a call past the action's own time limit stops that kind of call (lookups, downloads, saves);
 * - whatever was skipped or failed is said once per cause, naming the entries (`report`).
 */
import { namedFew } from '../shared/format.js'
import { annotate } from '../shared/safe-text.js'
import { ServiceFault, type FaultKind, type ServiceCall } from './fault.js'

export interface BudgetOptions {
  /** The step's word for its work, in warnings: "restored" (main) or "saved" (post). */
  verb: 'restored' | 'saved'
  /** Tries of a call that may pass: the toolkit's five. */
  attempts?: number
  /** First wait between tries, then ×1.5 each (the toolkit's: 3 s). */
  retryBaseMs?: number
  sleep?: (ms: number) => Promise<void>
}

interface Cause {
  fault: ServiceFault
  call: ServiceCall
  entries: string[]
}

/** Entries named in one warning; the rest are counted. */
const NAMED = 10

const CALL_WORDS: Record<ServiceCall, string> = {
  lookup: 'lookups (GetCacheEntryDownloadURL)',
  download: 'archive downloads',
  save: 'saves (CreateCacheEntry)'
}

export class ServiceBudget {
  /** Calls made (tries included), by kind. */
  readonly calls: Record<ServiceCall, number> = { lookup: 0, download: 0, save: 0 }
  private stoppedAll?: ServiceFault
  private readonly stopped = new Map<ServiceCall, ServiceFault>()
  /** Settles when the one call retrying after a fault that may pass is done. */
  private probe?: Promise<void>
  private readonly causes = new Map<string, Cause>()
  private readonly attempts: number
  private readonly retryBaseMs: number
  private readonly sleep: (ms: number) => Promise<void>

  constructor(private readonly options: BudgetOptions) {
    this.attempts = options.attempts ?? 5
    this.retryBaseMs = options.retryBaseMs ?? 3000
    this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)))
  }

  /** Why `call` may not be made now, if it may not. */
  stopOf(call: ServiceCall): ServiceFault | undefined {
    return this.stoppedAll ?? this.stopped.get(call)
  }

  /**
   * Runs `attempt` for `entry` (a label for warnings) within `timeoutMs`: its result, or undefined when the
   * budget skipped it or a service fault ended it (both noted for `report`). Errors that are not the service's
   * (a refused archive, a full disk) are thrown to the caller, for that entry alone.
   */
  async run<T>(
    call: ServiceCall,
    entry: string,
    timeoutMs: number,
    attempt: (signal: AbortSignal) => Promise<T>,
    retry = true
  ): Promise<T | undefined> {
    let release: (() => void) | undefined
    const done = () => {
      release?.()
      release = undefined
    }
    try {
      for (let tries = 1; ; tries++) {
        const stop = this.stopOf(call)
        if (stop) return this.note(stop, call, entry)
        if (this.probe && !release) {
          await this.probe
          tries--
          continue
        }
        this.calls[call]++
        try {
          return await withTimeLimit(attempt, timeoutMs)
        } catch (error) {
          if (!(error instanceof ServiceFault)) throw error
          if (error.kind === 'unavailable' && retry && tries < this.attempts) {
            if (!release) {
              if (this.probe) continue
              this.probe = new Promise<void>(resolve => (release = resolve)).then(() => {
                this.probe = undefined
              })
            }
            await this.sleep(this.delay(tries))
            continue
          }
          this.stopFor(call, error)
          return this.note(error, call, entry)
        }
      }
    } finally {
      done()
    }
  }

  /** Marks `entry` skipped for a reason of the step's own (a cap), grouped like the service's faults. */
  skip(call: ServiceCall, entry: string, fault: ServiceFault): void {
    this.note(fault, call, entry)
  }

  /** The toolkit's schedule: 3 s, then ×1.5 (with up to half again of jitter) each try. */
  private delay(tries: number): number {
    const min = this.retryBaseMs * 1.5 ** (tries - 1)
    return tries === 1 ? min : Math.trunc(min + Math.random() * min * 0.5)
  }

  private stopFor(call: ServiceCall, fault: ServiceFault): void {
    if (fault.kind === 'rate-limited' || fault.kind === 'timeout') this.stopped.set(call, fault)
    else this.stoppedAll ??= fault
  }

  private note(fault: ServiceFault, call: ServiceCall, entry: string): undefined {
    const id = `${fault.kind}:${fault.kind === 'rate-limited' || fault.kind === 'timeout' ? call : ''}:${fault.message}`
    const cause = this.causes.get(id) ?? { fault, call, entries: [] }
    if (!cause.entries.includes(entry)) cause.entries.push(entry)
    this.causes.set(id, cause)
    return undefined
  }

  /** The causes met, each once: what happened and the entries not restored or saved for it. */
  summary(): { kind: FaultKind; title: string; message: string; entries: string[] }[] {
    return [...this.causes.values()].map(({ fault, call, entries }) => {
      const what = `Not ${this.options.verb}: ${namedFew(entries, NAMED)}.`
      return { kind: fault.kind, entries, ...describe(fault, call, this.attempts, what) }
    })
  }

  /** One warning per cause (see `summary`). */
  report(): void {
    for (const { title, message } of this.summary()) annotate('warning', message, title)
  }
}

/** The title and text of a cause's warning, with the fix where there is one. */
function describe(
  fault: ServiceFault,
  call: ServiceCall,
  attempts: number,
  what: string
): { title: string; message: string } {
  switch (fault.kind) {
    case 'rate-limited':
      return {
        title: 'Cache service rate limit',
        message: `The cache service answered 429 to ${CALL_WORDS[call]} (${fault.message}${fault.retryAfter ? `; retry after ${fault.retryAfter} s` : ''}), so no more are made in this step. GitHub allows 200 cache uploads and 1,500 downloads a minute per repository, shared by every workflow: spread large matrices over time or list fewer repos per job. ${what}`
      }
    case 'quota':
      return {
        title: 'Cache storage quota reached',
        message: `The repository's cache storage is full (${fault.message}), so nothing more is saved in this step. Delete entries you no longer need (Actions → Caches, or gh cache delete), narrow the files with globs in "repos", or raise the cache limit in the repository's Actions settings. ${what}`
      }
    case 'timeout':
      return {
        title: 'Cache service timed out',
        message: `The cache service did not answer ${CALL_WORDS[call]} in time (${fault.message}), so no more are made in this step; what the cache did not bring is downloaded from the Hub. ${what}`
      }
    case 'unavailable':
      return {
        title: 'Cache service unavailable',
        message: `The cache service failed (${fault.message}) after ${attempts} attempts, so it is not used again in this step; the job goes on without it. ${what}`
      }
    default:
      return {
        title: 'Cache service refused',
        message: `The cache service refused ${CALL_WORDS[call]} (${fault.message}), so it is not used again in this step. ${what}`
      }
  }
}

/** `attempt` given up after `ms` (a ServiceFault 'timeout'), even when it does not heed its signal. */
async function withTimeLimit<T>(attempt: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController()
  if (!Number.isFinite(ms)) return attempt(controller.signal)
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const fault = new ServiceFault('timeout', `no answer within ${Math.round(ms / 1000)} s`)
      controller.abort(fault)
      reject(fault)
    }, ms)
  })
  const work = attempt(controller.signal)
  // An abandoned call may still fail later: that is no longer anyone's error.
  work.catch(() => undefined)
  try {
    return await Promise.race([work, expired])
  } finally {
    clearTimeout(timer)
  }
}
