/**
 * The one place that talks HTTP to the Hub. Every request (ours and the ones `@huggingface/hub` makes
 * through `client.fetch`) gets: a time limit, retries with backoff on 408/429/5xx and network errors
 * (as Python `huggingface_hub` does), the Hub's rate-limit headers honoured, and the token sent only to
 * the endpoint's own origin — redirects are followed here, by hand, so a hop to a CDN never carries it.
 *
 * `@huggingface/hub` functions get `client.fetch` and never the token: the library refuses tokens that do
 * not start with `hf_` (a mirror's or an enterprise proxy's may not), and this client adds it per request.
 */

import { ProxyError } from '../http/proxy-error.js'
import type { StreamResponse } from '../http/types.js'
import { MAX_JSON_BYTES, readHubError, readJson, type HttpAnswer } from './body.js'
import {
  causeText,
  HubRateLimitError,
  HubUnreachableError,
  isCertificateError,
  type HubErrorInfo
} from './errors.js'
import { followRedirects, HopError } from './redirects.js'
import { backoffMs, RETRYABLE_STATUS, retryAfterMs, type RetryEvent } from './retry.js'
import { realTimer, withTimeLimit, type StartTimer } from './time-limit.js'
import { sendApi, sendDownload } from './transport.js'

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
  /** The API path's fetch (tests); by default Node's, or undici's through the runner's proxy (http/proxy.ts). */
  fetchImpl?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  /** Starts the timer of each attempt's time limit (tests: to decide when the limit passes). */
  startTimer?: StartTimer
  /** Told about every retry, so the caller can log it (never with the token). */
  onRetry?: (event: RetryEvent) => void
}

export type JsonOutcome = { ok: true; value: unknown } | { ok: false; info: HubErrorInfo }

const defaultSleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))

export class HubClient {
  readonly endpoint: string
  readonly origin: string
  readonly token: string | undefined
  private readonly options: Required<Omit<HubClientOptions, 'token' | 'onRetry' | 'fetchImpl'>> &
    Pick<HubClientOptions, 'onRetry' | 'fetchImpl'>
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
      fetchImpl: options.fetchImpl,
      sleep: options.sleep ?? defaultSleep,
      startTimer: options.startTimer ?? realTimer,
      onRetry: options.onRetry
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
    return this.exchange(url, init, (target, sent) =>
      withTimeLimit(
        target,
        this.options.timeoutMs,
        sent.signal,
        'answer',
        signal => sendApi(target, { ...sent, signal }, this.options.fetchImpl),
        this.options.startTimer
      )
    )
  }

  /**
   * A download: the same token rules, redirects and retries as `request`, on the lean data path. The time
   * limit covers the headers; the body is guarded by the transfer's own throughput floor (prewarm/write-body.ts).
   * With `redirect: 'manual'`, a redirect is answered as it is (to read its `Location`), not followed.
   */
  download(
    url: string,
    init: { headers?: Record<string, string>; signal?: AbortSignal; redirect?: 'manual' }
  ): Promise<StreamResponse> {
    return this.exchange(url, init, (target, sent) =>
      withTimeLimit(
        target,
        this.options.timeoutMs,
        sent.signal,
        'headers',
        signal => sendDownload(target, sent, signal),
        this.options.startTimer
      )
    )
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
        res = await followRedirects(target, init, send, {
          userAgent: this.options.userAgent,
          // Another origin (a CDN, a mirror's storage) never gets the token.
          authorization: hop => (this.token && this.mayAuthenticate(hop) ? `Bearer ${this.token}` : undefined)
        })
      } catch (hop) {
        const [where, error] = hop instanceof HopError ? [hop.url, hop.cause] : [target, hop]
        if (init.signal?.aborted) throw error
        // The proxy's own failure (refused, credentials, tunnel) is not the Hub's, and asking again will not help.
        if (error instanceof ProxyError) throw error
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
    return { ok: true, value: await readJson(res, maxBytes, new URL(res.url || url, this.endpoint).pathname) }
  }

  private delay(attempt: number): number {
    return backoffMs(attempt, this.options.baseDelayMs, this.options.maxDelayMs)
  }

  private async backoff(url: string, attempt: number, waitMs: number, reason: string, rateLimited: boolean) {
    this.options.onRetry?.({ url, attempt, waitMs, reason, rateLimited })
    await this.options.sleep(waitMs)
  }

  /** Whether a URL may receive the token: only the endpoint's own origin. */
  mayAuthenticate(url: string): boolean {
    return new URL(url).origin === this.origin
  }
}
