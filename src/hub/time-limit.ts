/** The Hub client's time limit on one attempt. */
import { HubTimeoutError } from './errors.js'

/** A timer as the limit uses it: started with `start`, then cleared, or unref-ed to run on without holding the process. */
export interface LimitTimer {
  clear(): void
  unref(): void
}

/** Starts a timer that calls `fire` after `ms` (tests pass their own, to decide when a limit passes). */
export type StartTimer = (fire: () => void, ms: number) => LimitTimer

export const realTimer: StartTimer = (fire, ms) => {
  const timer = setTimeout(fire, ms)
  return { clear: () => clearTimeout(timer), unref: () => void timer.unref() }
}

/**
 * Runs `send` with a signal that also fires when `limitMs` passes: for an API answer (`answer`) the limit
 * covers the body too (one that drips a byte every few seconds must not hold the job), so its timer is left to
 * run out with the body; for a download (`headers`) it covers the headers, and the body is guarded by the
 * transfer's own throughput floor.
 */
export async function withTimeLimit<T>(
  url: string,
  limitMs: number,
  outer: AbortSignal | null | undefined,
  part: 'headers' | 'answer',
  send: (signal: AbortSignal) => Promise<T>,
  startTimer: StartTimer = realTimer
): Promise<T> {
  const controller = new AbortController()
  const timer = startTimer(() => controller.abort(new HubTimeoutError(url, limitMs, part)), limitMs)
  try {
    const answer = await send(outer ? AbortSignal.any([outer, controller.signal]) : controller.signal)
    if (part === 'answer') {
      // It must not keep the process alive on its own.
      timer.unref()
      return answer
    }
    timer.clear()
    return answer
  } catch (error) {
    timer.clear()
    throw error
  }
}
