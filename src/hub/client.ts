/**
 * The one place that talks HTTP to the Hub. Every request (ours and the ones `@huggingface/hub` makes
 * through `client.fetch`) gets: a time limit, retries with backoff on 408/429/5xx and network errors
 * (as Python `huggingface_hub` does), the Hub's rate-limit headers honoured, and the token sent only to
 * the endpoint's own origin — redirects are followed here, by hand, so a hop to a CDN never carries it.
 *
 * `@huggingface/hub` functions get `client.fetch` and never the token: the library refuses tokens that do
 * not start with `hf_` (a mirror's or an enterprise proxy's may not), and this client adds it per request.
 */

import { HubResponseError } from '../shared/errors.js'
import type { StreamResponse } from '../http/stream.js'

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504])
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 5

export interface HubClientOptions {
  endpoint: string
  token?: string
  /** Time allowed until response headers arrive, per attempt. */
  timeoutMs?: number
  /** Attempts in all, the first included (Python uses 5). */
  attempts?: number
  /** First backoff; doubles each retry up to maxDelayMs (Python: 1 s to 8 s). */
  baseDelayMs?: number
  maxDelayMs?: number
  /** Longest wait a 429 may ask for before we give up instead of stalling the job. */
  maxRateLimitWaitMs?: number
  userAgent?: string
  fetchImpl?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  /** Told about every retry, so the caller can log it (never with the token). */
  onRetry?: (event: RetryEvent) => void
  /**
   * How downloads travel: `socket` is the lean data path (http-stream.ts); `fetch` is taken behind a proxy
   * (HTTPS_PROXY and the like), which only fetch is configured for. Chosen from the environment by default.
   */
  downloadTransport?: 'socket' | 'fetch'
}

/** What the retry and redirect logic needs of an answer: fetch's `Response` and a `StreamResponse` both. */
export interface HttpAnswer {
  readonly status: number
  readonly ok: boolean
  readonly headers: Headers
  readonly url: string
  readonly body: { cancel(): Promise<unknown> } | null
}

/** Whether the environment names a proxy for outgoing requests. */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['https_proxy', 'http_proxy', 'all_proxy'].some(name => !!(env[name] || env[name.toUpperCase()]))
}

function chunksOf(res: HttpAnswer): AsyncIterable<Uint8Array> {
  return (res.body ?? []) as unknown as AsyncIterable<Uint8Array>
}

export interface RetryEvent {
  url: string
  attempt: number
  waitMs: number
  reason: string
  rateLimited: boolean
}

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

/** The Hub could not be reached at all (network errors or timeouts on every attempt). */
export class HubUnreachableError extends Error {
  constructor(
    readonly url: string,
    override readonly cause: unknown
  ) {
    const hint = isCertificateError(cause)
      ? ' (its TLS certificate is not trusted: where a proxy or mirror uses its own certificate authority, give it to Node with NODE_EXTRA_CA_CERTS)'
      : ''
    super(`could not reach ${new URL(url).origin}: ${causeText(cause)}${hint}`)
    this.name = 'HubUnreachableError'
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
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(errorCode(error) ?? '')
}

/** A request that failed at one hop of a redirect chain: where it failed, not where it started. */
class HopError extends Error {
  constructor(
    readonly url: string,
    override readonly cause: unknown
  ) {
    super(causeText(cause))
  }
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause
    const code = inner && typeof inner === 'object' && 'code' in inner ? ` (${String(inner.code)})` : ''
    return `${cause.message}${code}`
  }
  return String(cause)
}

export function describeHubError(info: HubErrorInfo): string {
  const parts = [`HTTP ${info.status}`]
  if (info.code) parts.push(info.code)
  let text = parts.join(' ')
  if (info.message) text += `: ${info.message}`
  if (info.requestId) text += ` (request id ${info.requestId})`
  return text
}

function requestIdOf(headers: Headers): string | undefined {
  return (
    headers.get('x-request-id') ?? headers.get('x-amzn-trace-id') ?? headers.get('x-amz-cf-id') ?? undefined
  )
}

/** An error body is read for at most this long (and 64 KiB): it only adds words to an error already known. */
export const ERROR_BODY_TIMEOUT_MS = 5_000

/** Reads the error headers and body of a failed response (consumes the body). */
export async function readHubError(res: HttpAnswer): Promise<HubErrorInfo> {
  let message = res.headers.get('x-error-message') ?? ''
  let body = ''
  try {
    body = await readCapped(res, 64 * 1024, ERROR_BODY_TIMEOUT_MS)
  } catch {
    // a body we cannot read adds nothing
  }
  if (!message && body) {
    try {
      const json = JSON.parse(body) as { error?: unknown; message?: unknown }
      const text = json.error ?? json.message
      if (typeof text === 'string') message = text
    } catch {
      message = body.slice(0, 300)
    }
  }
  return {
    status: res.status,
    code: res.headers.get('x-error-code') ?? undefined,
    message: message.trim(),
    requestId: requestIdOf(res.headers),
    url: res.url
  }
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

/**
 * Whether an error means the Hub is down — no answer, or a 5xx after every retry (ours, or a
 * `@huggingface/hub` HubApiError) — rather than a problem with the token or the request.
 */
export function isHubDown(error: unknown): boolean {
  if (error instanceof HubUnreachableError) return true
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  return typeof status === 'number' && status >= 500
}

/** A request the Hub answered with an error status (after retries); `statusCode` as the library's errors have it. */
export class HubStatusError extends Error {
  readonly statusCode: number
  constructor(readonly info: HubErrorInfo) {
    super(`${new URL(info.url || 'http://hub').pathname}: ${describeHubError(info)}`)
    this.name = 'HubStatusError'
    this.statusCode = info.status
  }
}

export class HubRateLimitError extends Error {
  constructor(
    readonly url: string,
    readonly waitMs: number,
    readonly info: HubErrorInfo
  ) {
    const asks = waitMs > 0 ? ` and it asks to wait ${Math.ceil(waitMs / 1000)} s` : ''
    super(
      `the Hub rate limit was hit${asks} (${describeHubError(info)}). ` +
        'Re-run the job later, cache the models (cache: true) so fewer requests are made, or use a token from an account with a higher limit.'
    )
    this.name = 'HubRateLimitError'
  }
}

const defaultSleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))

export class HubClient {
  readonly endpoint: string
  readonly origin: string
  readonly token: string | undefined
  private readonly options: Required<Omit<HubClientOptions, 'token' | 'onRetry'>> &
    Pick<HubClientOptions, 'onRetry'>
  constructor(options: HubClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '')
    this.origin = new URL(this.endpoint).origin
    this.token = options.token || undefined
    this.options = {
      endpoint: this.endpoint,
      timeoutMs: options.timeoutMs ?? 30_000,
      attempts: options.attempts ?? 5,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 8000,
      maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? 120_000,
      userAgent: options.userAgent ?? 'hf-auth-action/1',
      fetchImpl: options.fetchImpl ?? fetch,
      sleep: options.sleep ?? defaultSleep,
      onRetry: options.onRetry,
      downloadTransport: options.downloadTransport ?? (proxyConfigured() ? 'fetch' : 'socket')
    }
  }

  /** A `fetch` with all of the above, for `@huggingface/hub`'s functions. */
  readonly fetch: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    return this.request(url, init ?? {})
  }

  /**
   * Sends a request with retries and hand-followed redirects. Resolves with the final response whatever
   * its status (callers classify errors); rejects only when the Hub is unreachable or rate-limits for
   * longer than we are willing to wait. The time limit covers the whole answer, body included.
   */
  request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    return this.exchange(url, init, (target, sent) => this.fetchWithTimeout(target, sent))
  }

  /**
   * A download: the same token rules, redirects and retries as `request`, on the lean data path. The time
   * limit covers the headers; the body is guarded by the transfer's own throughput floor (blob-transfer.ts).
   */
  download(
    url: string,
    init: { headers?: Record<string, string>; signal?: AbortSignal }
  ): Promise<StreamResponse> {
    return this.exchange(url, init, async (target, sent) => {
      // Loaded with the first download: runs that download nothing never parse it.
      const { fromFetchResponse, streamGet } = await import('../http/stream.js')
      return this.withHeadersTimeout(target, sent.signal, async signal =>
        this.options.downloadTransport === 'fetch'
          ? fromFetchResponse(await this.options.fetchImpl(target, { ...sent, signal }))
          : streamGet(target, { headers: Object.fromEntries(new Headers(sent.headers)), signal })
      )
    })
  }

  private async exchange<A extends HttpAnswer>(
    url: string | URL,
    init: RequestInit,
    send: (url: string, init: RequestInit) => Promise<A>
  ): Promise<A> {
    const target = this.resolve(url)
    for (let attempt = 1; ; attempt++) {
      let res: A
      try {
        res = await this.followRedirects(target, init, send)
      } catch (hop) {
        const [where, error] = hop instanceof HopError ? [hop.url, hop.cause] : [target, hop]
        if (init.signal?.aborted) throw error
        if (attempt >= this.options.attempts || isCertificateError(error)) {
          throw new HubUnreachableError(where, error)
        }
        await this.backoff(where, attempt, this.delay(attempt), causeText(error), false)
        continue
      }
      if (!RETRYABLE_STATUS.has(res.status) || attempt >= this.options.attempts) {
        if (res.status === 429) {
          const info = await readHubError(res)
          throw new HubRateLimitError(target, retryAfterMs(res.headers) ?? 0, info)
        }
        return res
      }
      const hinted = retryAfterMs(res.headers)
      const rateLimited = res.status === 429
      if (rateLimited && hinted !== undefined && hinted > this.options.maxRateLimitWaitMs) {
        const info = await readHubError(res)
        throw new HubRateLimitError(target, hinted, info)
      }
      const reason = `HTTP ${res.status}${rateLimited ? ' (rate limited)' : ''}`
      await res.body?.cancel().catch(() => undefined)
      // A hint is honoured, but no answer may hold the job longer than the rate-limit cap.
      const wait = Math.min(hinted ?? this.delay(attempt), this.options.maxRateLimitWaitMs)
      await this.backoff(target, attempt, wait, reason, rateLimited)
    }
  }

  /**
   * An API path (`/api/...`) goes below the endpoint, path included: a mirror such as
   * `https://artifactory.example/api/huggingfaceml/hf-remote` serves the Hub API under its own path.
   */
  resolve(url: string | URL): string {
    if (typeof url === 'string' && url.startsWith('/')) return new URL(this.endpoint + url).href
    return new URL(url, this.endpoint).href
  }

  /**
   * GET of a JSON API answer, its body read under the same time limit as its headers and capped in size.
   * Resolves with the parsed JSON (unvalidated: callers check its shape) or the Hub's error.
   */
  async getJson(url: string, maxBytes = MAX_JSON_BYTES): Promise<JsonOutcome> {
    const res = await this.request(url, { headers: { accept: 'application/json' } })
    if (!res.ok) return { ok: false, info: await readHubError(res) }
    const text = await readCapped(res, maxBytes)
    try {
      return { ok: true, value: JSON.parse(text) as unknown }
    } catch {
      throw new HubResponseError(
        `${new URL(res.url || url, this.endpoint).pathname}`,
        'the answer is not JSON'
      )
    }
  }

  private delay(attempt: number): number {
    return Math.min(this.options.baseDelayMs * 2 ** (attempt - 1), this.options.maxDelayMs)
  }

  private async backoff(url: string, attempt: number, waitMs: number, reason: string, rateLimited: boolean) {
    this.options.onRetry?.({ url, attempt, waitMs, reason, rateLimited })
    await this.options.sleep(waitMs)
  }

  /** Whether a URL may receive the token: only the endpoint's own origin. */
  mayAuthenticate(url: string): boolean {
    return new URL(url).origin === this.origin
  }

  private async followRedirects<A extends HttpAnswer>(
    start: string,
    init: RequestInit,
    send: (url: string, init: RequestInit) => Promise<A>
  ): Promise<A> {
    let url = start
    let method = (init.method ?? 'GET').toUpperCase()
    let body = init.body
    for (let hop = 0; ; hop++) {
      const headers = new Headers(init.headers)
      headers.set('user-agent', this.options.userAgent)
      // The client alone decides who gets the token: whatever header a caller set is replaced.
      headers.delete('authorization')
      // Another origin (a CDN, a mirror's storage) never gets it.
      if (this.token && this.mayAuthenticate(url)) headers.set('authorization', `Bearer ${this.token}`)
      let res: A
      try {
        res = await send(url, { ...init, method, body, headers, redirect: 'manual' })
      } catch (error) {
        throw new HopError(url, error)
      }
      const location = res.headers.get('location')
      if (!REDIRECT_STATUS.has(res.status) || !location || init.redirect === 'manual') return res
      if (hop >= MAX_REDIRECTS) throw new Error(`too many redirects from ${start}`)
      await res.body?.cancel().catch(() => undefined)
      url = new URL(location, url).href
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET'
        body = undefined
      }
    }
  }

  /**
   * One HTTP exchange under the time limit, which covers the body too: an API answer that drips a byte every
   * few seconds must not hold the job. (A download's body is guarded by its throughput floor instead.)
   */
  private async fetchWithTimeout(url: string, init: RequestInit): Promise<Response> {
    const controller = new AbortController()
    const limit = this.options.timeoutMs
    const timer = setTimeout(() => controller.abort(new HubTimeoutError(url, limit, 'answer')), limit)
    const signal = init.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal
    try {
      const res = await this.options.fetchImpl(url, { ...init, signal })
      // Left to run out with the body; it must not keep the process alive on its own.
      timer.unref()
      return res
    } catch (error) {
      clearTimeout(timer)
      throw error
    }
  }

  /** Runs `send` with a signal that also fires when no response headers came within the time limit. */
  private async withHeadersTimeout<T>(
    url: string,
    outer: AbortSignal | null | undefined,
    send: (signal: AbortSignal) => Promise<T>
  ): Promise<T> {
    const controller = new AbortController()
    const limit = this.options.timeoutMs
    const timer = setTimeout(() => controller.abort(new HubTimeoutError(url, limit, 'headers')), limit)
    try {
      return await send(outer ? AbortSignal.any([outer, controller.signal]) : controller.signal)
    } finally {
      clearTimeout(timer)
    }
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return url
  }
}

/** A request that did not complete within the client's time limit. */
export class HubTimeoutError extends Error {
  constructor(url: string, ms: number, part: 'headers' | 'answer' | 'body') {
    const what = { headers: 'response headers', answer: 'answer', body: 'answer body' }[part]
    super(`no complete ${what} from ${originOf(url)} within ${ms / 1000} s`)
    this.name = 'HubTimeoutError'
  }
}

/** The largest JSON answer read (a tree page, repo info, whoami); more is refused, not buffered. */
export const MAX_JSON_BYTES = 32 * 1024 * 1024

export type JsonOutcome = { ok: true; value: unknown } | { ok: false; info: HubErrorInfo }

/** A body is read for at most this long unless the caller says otherwise. */
export const BODY_TIMEOUT_MS = 30_000

/**
 * The body as text, refusing more than `maxBytes` (declared or received) or a body still arriving after
 * `timeoutMs` (a server dripping a byte every few seconds): the body is then cancelled.
 */
export async function readCapped(
  res: HttpAnswer,
  maxBytes: number,
  timeoutMs = BODY_TIMEOUT_MS
): Promise<string> {
  const where = (() => {
    try {
      return new URL(res.url).pathname
    } catch {
      return 'the Hub'
    }
  })()
  const cancel = () => res.body?.cancel().catch(() => undefined)
  const declared = Number(res.headers.get('content-length') ?? 0)
  if (declared > maxBytes) {
    await cancel()
    throw new HubResponseError(where, `the answer is ${declared} bytes, over the ${maxBytes}-byte limit`)
  }
  const read = async () => {
    const chunks: Uint8Array[] = []
    let total = 0
    for await (const chunk of chunksOf(res)) {
      total += chunk.length
      if (total > maxBytes) throw new HubResponseError(where, `the answer is over the ${maxBytes}-byte limit`)
      chunks.push(chunk)
    }
    return Buffer.concat(chunks).toString('utf8')
  }
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HubTimeoutError(res.url || where, timeoutMs, 'body')), timeoutMs)
  })
  try {
    return await Promise.race([read(), late])
  } catch (error) {
    await cancel()
    throw error
  } finally {
    clearTimeout(timer)
  }
}
