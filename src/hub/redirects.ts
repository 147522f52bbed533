/**
 * Redirects, followed by hand: each hop decides anew who gets the token (only the endpoint's own origin: a CDN
 * or a mirror's storage never does), and a 407 on the way is the proxy's failure, not the Hub's.
 */
import { proxyFault } from '../http/proxy-error.js'
import { proxyFor } from '../http/proxy.js'
import type { HttpAnswer } from './body.js'
import { causeText } from './errors.js'

const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 5

/** A request that failed at one hop of a redirect chain: where it failed, not where it started. */
export class HopError extends Error {
  constructor(
    readonly url: string,
    override readonly cause: unknown
  ) {
    super(causeText(cause))
  }
}

export interface HopRules {
  userAgent: string
  /** The `Authorization` value for a URL, or undefined when it may not have the token. */
  authorization(url: string): string | undefined
}

/**
 * Sends `init` to `start` and follows redirects (unless `init.redirect` is `manual`): every hop with the
 * client's own headers, the caller's `Authorization` replaced by the rules' answer for that hop.
 */
export async function followRedirects<A extends HttpAnswer>(
  start: string,
  init: RequestInit,
  send: (url: string, init: RequestInit) => Promise<A>,
  rules: HopRules
): Promise<A> {
  let url = start
  let method = (init.method ?? 'GET').toUpperCase()
  let body = init.body
  for (let hop = 0; ; hop++) {
    const headers = new Headers(init.headers)
    headers.set('user-agent', rules.userAgent)
    // The client alone decides who gets the token: whatever header a caller set is replaced.
    headers.delete('authorization')
    const authorization = rules.authorization(url)
    if (authorization) headers.set('authorization', authorization)
    let res: A
    try {
      res = await send(url, { ...init, method, body, headers, redirect: 'manual' })
    } catch (error) {
      throw new HopError(url, error)
    }
    // Only a proxy asks for proxy credentials (407): a plain-http request it forwarded, or refused to.
    const route = res.status === 407 ? proxyFor(new URL(url)) : undefined
    const fault = route && proxyFault(route, { status: res.status })
    if (fault) {
      await res.body?.cancel().catch(() => undefined)
      throw fault
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
