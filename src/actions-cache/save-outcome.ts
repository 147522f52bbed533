/**
 * What became of one `@actions/cache` save, read from what the toolkit said. `saveCache` answers only an entry
 * id or -1: why it gave up (a 429, a spent quota, an outage after its retries, a key another job holds) it
 * says only in its log — a warning, or a `::debug::` line carrying the error it caught. The budget needs the
 * cause (budget.ts), so the save worker records the toolkit's lines and this reads them. The texts matched
 * are the toolkit's own (@actions/cache 6: cacheTwirpClient.ts, errors.ts, cache.ts); the end-to-end tests
 * run the real toolkit against a service that answers each way, so a changed wording fails there.
 */
import { isQuotaMessage, type FaultKind } from './fault.js'

export type SaveResult =
  | { outcome: 'saved' }
  /** The service holds the key already (another job saved it, or is saving it). */
  | { outcome: 'exists' }
  /** The service refused this entry alone (its size, say): the others may still be saved. */
  | { outcome: 'refused'; message: string }
  | { outcome: 'fault'; kind: FaultKind; message: string; retryAfter?: number }

/** The cause of a failed save (id -1) in the toolkit's lines. */
export function classifySave(lines: string[]): SaveResult {
  const text = lines.join('\n')
  const rate = /rate limit will reset in (\d+) seconds/.exec(text)
  if (isQuotaMessage(text) || text.includes('Cache storage quota has been hit'))
    return {
      outcome: 'fault',
      kind: 'quota',
      message: 'insufficient usage: the cache storage quota is spent'
    }
  if (rate || /Rate limited: Failed request: \(429\)/.test(text))
    return {
      outcome: 'fault',
      kind: 'rate-limited',
      message: 'HTTP 429 on CreateCacheEntry',
      ...(rate ? { retryAfter: Number(rate[1]) } : {})
    }
  // (The toolkit says "another job may be creating this cache" of every failed reservation: not a sign.)
  if (/\(409\)|already exists|another job may be finalizing this cache/.test(text))
    return { outcome: 'exists' }
  const retried = /Failed to make request after \d+ attempts: ([^\n]*)/.exec(text)
  if (retried) return { outcome: 'fault', kind: 'unavailable', message: tidy(retried[1]) }
  const network = /Unable to make request: ([A-Z]+)/.exec(text)
  if (network) return { outcome: 'fault', kind: 'unavailable', message: network[1] }
  const warning = lines.filter(l => l.startsWith('::warning') || l.startsWith('::error')).pop()
  const message = warning ? tidy(warning.replace(/^::[a-z]+[^:]*::/, '')) : 'the toolkit did not say why'
  // An upload the storage refused or dropped, or anything else the toolkit met on the way.
  if (/Failed to save: /.test(message)) return { outcome: 'fault', kind: 'unavailable', message }
  return { outcome: 'refused', message }
}

/** A command's data unescaped (the toolkit's %0A …), on one line. */
function tidy(text: string): string {
  return text
    .replace(/%0D|%0A/g, ' ')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')
    .trim()
}
