/** When the Hub client asks again: which answers, and how long it waits (as Python `huggingface_hub` does). */

/** Answers worth asking again (Python retries the same). */
export const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504])

export interface RetryEvent {
  url: string
  attempt: number
  waitMs: number
  reason: string
  rateLimited: boolean
}

/**
 * Seconds to wait before retrying, from `Retry-After` (seconds or HTTP date) or the IETF `RateLimit`
 * header the Hub sends (`"api";r=0;t=42`).
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim()
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000)
    const date = Date.parse(retryAfter)
    if (!Number.isNaN(date)) return Math.max(0, date - now)
  }
  const rateLimit = headers.get('ratelimit')
  const reset = rateLimit && /(?:^|;)\s*t=(\d+)/.exec(rateLimit)
  if (reset) return Number(reset[1]) * 1000
  return undefined
}

/** The wait before attempt `attempt + 1`: `baseMs`, doubling, at most `maxMs` (Python: 1 s to 8 s). */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(baseMs * 2 ** (attempt - 1), maxMs)
}
