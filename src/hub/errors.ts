/**
 * What went wrong talking to the Hub, as the user sees it: each error has a title (the annotation's) and a
 * message that says what happened and what to do.
 */
import { isCertificateCode } from '../http/tls-errors.js'
import { ActionError } from '../shared/errors.js'

/** What the Hub said about a failed request, read the way huggingface_hub reads it. */
export interface HubErrorInfo {
  status: number
  /** `X-Error-Code`: GatedRepo, RepoNotFound, RevisionNotFound, EntryNotFound, … */
  code?: string
  /** `X-Error-Message`, else the JSON `error`, else the body text. */
  message: string
  requestId?: string
  url: string
}

export function describeHubError(info: HubErrorInfo): string {
  const parts = [`HTTP ${info.status}`]
  if (info.code) parts.push(info.code)
  let text = parts.join(' ')
  if (info.message) text += `: ${info.message}`
  if (info.requestId) text += ` (request id ${info.requestId})`
  return text
}

/** `https://host:port` of a URL, or the text itself when it is not one. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return url
  }
}

/** The code of an error, or of the error it wraps (fetch's "fetch failed" wraps the socket's). */
function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

/** A TLS certificate the process does not trust (or that is not for that host): asking again will not help. */
export function isCertificateError(error: unknown): boolean {
  return isCertificateCode(errorCode(error))
}

/** An error's message with the code of the error it wraps (`fetch failed (ECONNREFUSED)`). */
export function causeText(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause
    const code = inner && typeof inner === 'object' && 'code' in inner ? ` (${String(inner.code)})` : ''
    return `${cause.message}${code}`
  }
  return String(cause)
}

/** The Hub (or the CDN it redirected to) could not be reached at all: network errors or timeouts on every attempt. */
export class HubUnreachableError extends ActionError {
  constructor(
    readonly url: string,
    override readonly cause: unknown
  ) {
    const hint = isCertificateError(cause)
      ? ' (its TLS certificate is not trusted: where a proxy or mirror uses its own certificate authority, give it to Node with NODE_EXTRA_CA_CERTS)'
      : ''
    super('Hugging Face Hub unreachable', `could not reach ${originOf(url)}: ${causeText(cause)}${hint}`)
    this.name = 'HubUnreachableError'
  }
}

/** A request that did not complete within the client's time limit. */
export class HubTimeoutError extends ActionError {
  constructor(url: string, ms: number, part: 'headers' | 'answer' | 'body') {
    const what = { headers: 'response headers', answer: 'answer', body: 'answer body' }[part]
    super(
      'Hugging Face Hub did not answer',
      `no complete ${what} from ${originOf(url)} within ${ms / 1000} s`
    )
    this.name = 'HubTimeoutError'
  }
}

/** A request the Hub answered with an error status (after retries); `statusCode` as the library's errors have it. */
export class HubStatusError extends ActionError {
  readonly statusCode: number
  constructor(readonly info: HubErrorInfo) {
    super(
      'Hugging Face Hub error',
      `${new URL(info.url || 'http://hub').pathname}: ${describeHubError(info)}`
    )
    this.name = 'HubStatusError'
    this.statusCode = info.status
  }
}

export class HubRateLimitError extends ActionError {
  constructor(
    readonly url: string,
    readonly waitMs: number,
    readonly info: HubErrorInfo
  ) {
    const asks = waitMs > 0 ? ` and it asks to wait ${Math.ceil(waitMs / 1000)} s` : ''
    super(
      'Hugging Face Hub rate limit',
      `the Hub rate limit was hit${asks} (${describeHubError(info)}). ` +
        'Re-run the job later, cache the models (cache: true) so fewer requests are made, or use a token from an account with a higher limit.'
    )
    this.name = 'HubRateLimitError'
  }
}

/**
 * Whether an error means the Hub is down — no answer, or a 5xx after every retry (ours, or a
 * `@huggingface/hub` HubApiError) — rather than a problem with the token or the request.
 */
export function isHubDown(error: unknown): boolean {
  if (error instanceof HubUnreachableError) return true
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  return typeof status === 'number' && status >= 500
}
