/**
 * Progress of a long pre-warm in the log: while bytes move, one line at a steady interval (never per chunk)
 * with bytes done of the total, the rate over the last interval and the time left at the average rate. A
 * pre-warm that finishes within the first interval prints nothing extra.
 */
import { formatBytes } from '../shared/format.js'

export const PROGRESS_INTERVAL_MS = 10_000

export class Progress {
  private done = 0
  private lastDone = 0
  private readonly started: number
  private timer: NodeJS.Timeout | undefined

  constructor(
    readonly total: number,
    private readonly log: (line: string) => void,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
    /** The clock (tests pass their own). */
    private readonly now: () => number = Date.now
  ) {
    this.started = now()
  }

  start(): this {
    if (this.total > 0) {
      this.timer = setInterval(() => this.report(), this.intervalMs)
      this.timer.unref()
    }
    return this
  }

  add(bytes: number): void {
    this.done += bytes
  }

  stop(): void {
    clearInterval(this.timer)
  }

  /** The line as printed: `1.2 GB of 5.0 GB (24%), 85.3 MB/s, about 45 s left`. */
  line(now = this.now()): string {
    const recent = ((this.done - this.lastDone) / this.intervalMs) * 1000
    const average = this.done / Math.max((now - this.started) / 1000, 0.001)
    const left = Math.max(this.total - this.done, 0)
    const eta = average > 0 ? `about ${formatDuration(left / average)} left` : 'waiting for data'
    const percent = this.total > 0 ? Math.floor((this.done / this.total) * 100) : 100
    return `${formatBytes(this.done)} of ${formatBytes(this.total)} (${percent}%), ${formatBytes(recent)}/s, ${eta}`
  }

  private report(): void {
    if (this.done >= this.total) return
    this.log(`  progress: ${this.line()}`)
    this.lastDone = this.done
  }
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}
