/**
 * What can go wrong with the cache service, sorted by what the action does next (budget.ts): a fault that may
 * pass is retried (once per step, by one call: an outage costs one retry cycle), the others stop what they
 * concern for the rest of the step.
 */

/**
 * - `unavailable`: 5xx, a network error, an answer that is not the service's: retried, then an outage;
 * - `rate-limited`: 429, never retried (the toolkit does not either): that call stops for the step;
 * - `quota`: the repository's cache storage is spent ("insufficient usage"): nothing more is saved;
 * - `timeout`: no answer within the action's own limit: that call stops for the step;
 * - `refused`: any other refusal (401, 403, 400 …): the service will refuse the next call alike.
 */
export type FaultKind = 'unavailable' | 'rate-limited' | 'quota' | 'timeout' | 'refused'

/** The calls the budget counts and stops one by one. */
export type ServiceCall = 'lookup' | 'download' | 'save'

export class ServiceFault extends Error {
  constructor(
    readonly kind: FaultKind,
    message: string,
    /** Seconds the service asked to wait (`Retry-After` of a 429). */
    readonly retryAfter?: number
  ) {
    super(message)
    this.name = 'ServiceFault'
  }
}

/** The toolkit's test for a spent storage quota (`UsageError.isUsageErrorMessage`), on any answer. */
export const isQuotaMessage = (text: string) => text.includes('insufficient usage')

/** A fault from an HTTP answer that is not a success. */
export function faultOfStatus(status: number, text: string, retryAfter?: string | null): ServiceFault {
  const detail = `HTTP ${status}${text ? `: ${text}` : ''}`
  if (isQuotaMessage(text)) return new ServiceFault('quota', detail)
  if (status === 429) {
    const seconds = Number.parseInt(retryAfter ?? '', 10)
    return new ServiceFault(
      'rate-limited',
      detail,
      Number.isFinite(seconds) && seconds > 0 ? seconds : undefined
    )
  }
  if (status >= 500 || status === 408) return new ServiceFault('unavailable', detail)
  return new ServiceFault('refused', detail)
}
