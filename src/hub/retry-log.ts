/** How a retry of a Hub request shows in the log. */
import type { RetryEvent } from './retry.js'
import { annotate, logInfo } from '../shared/safe-text.js'

/** Retries are routine (info); a rate limit is worth a warning, since it slows every job of the account. */
export function logRetry(event: RetryEvent): void {
  const where = new URL(event.url).pathname
  const text = `${event.reason} from ${where}; retry ${event.attempt} in ${(event.waitMs / 1000).toFixed(1)} s`
  if (event.rateLimited) annotate('warning', `Hugging Face Hub rate limit: ${text}`, 'Rate limited')
  else logInfo(text)
}
