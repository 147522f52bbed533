/**
 * Which proxy a request goes through: from the variables the runner sets for every step (`https_proxy`,
 * `http_proxy`, `no_proxy`, lower case first, upper case as fallback), decided with `@actions/http-client`'s own
 * rules (the ones `@actions/cache` and the other actions follow: loopback always direct, `no_proxy` entries
 * matching the host, `host:port` or a subdomain, `*` for everything), for each request on its own: the Hub
 * and the CDN it redirects to may differ.
 */
import * as core from '@actions/core'
import { getProxyUrl } from '@actions/http-client/lib/proxy'
import { registerSecret } from '../shared/safe-text.js'

export interface ProxyRoute {
  /** The proxy's URL, credentials included. */
  url: URL
  /** The variable it came from: said in errors, so the user knows what to fix. */
  variable: string
  /** The proxy as shown in messages: scheme, host and port, never its credentials. */
  shown: string
  /** `Proxy-Authorization` for a proxy URL with credentials. */
  authorization?: string
}

/** The variables the runner passes a proxy in (lower case wins; both are set for every step). */
const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const

/** Credentials already masked (a proxy URL is read for every request). */
const masked = new Set<string>()

/**
 * Masks the credentials of a proxy URL: the password alone, `user:password` (as given and as decoded) and
 * the `Proxy-Authorization` value made of them. The runner masks only the whole proxy URL, and a proxy that
 * answers an error may echo the credentials it received in its body.
 */
function maskCredentials(url: URL): void {
  if (!url.password || masked.has(url.href)) return
  masked.add(url.href)
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part)
    } catch {
      return part
    }
  }
  const user = decode(url.username)
  const password = decode(url.password)
  const basic = Buffer.from(`${user}:${password}`).toString('base64')
  // Longest first: `user:password` is cut whole, not left as `user:***`.
  for (const secret of new Set([
    `${url.username}:${url.password}`,
    `${user}:${password}`,
    basic,
    url.password,
    password
  ])) {
    core.setSecret(secret)
    registerSecret(secret)
  }
}

/**
 * Masks the credentials of every proxy variable set: run first thing in main and post, before anything (the
 * toolkit's own lines included) could print a proxy's answer.
 */
export function maskProxyCredentials(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of PROXY_VARIABLES) {
    const value = env[name]?.trim()
    if (!value) continue
    try {
      maskCredentials(new URL(value))
    } catch {
      // Not a URL: no proxy client would use it either.
    }
  }
}

/** The proxy for `target`, or undefined to go direct (from this process's environment, as http-client reads it). */
export function proxyFor(target: URL): ProxyRoute | undefined {
  const url = getProxyUrl(target)
  if (!url) return undefined
  maskCredentials(url)
  const names = target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  const variable = names.find(name => process.env[name]) ?? names[0]
  const authorization =
    url.username || url.password
      ? `Basic ${Buffer.from(`${url.username}:${url.password}`).toString('base64')}`
      : undefined
  return { url, variable, shown: `${url.protocol}//${url.host}`, authorization }
}

/** What closes the proxy agents made so far (proxy-fetch.ts registers them): called when a step's work ends. */
const closers = new Set<() => Promise<void>>()

export function onProxiesClose(close: () => Promise<void>): void {
  closers.add(close)
}

/** Ends every connection to a proxy, an unanswered CONNECT included: the step then exits when its work ends. */
export async function closeProxies(): Promise<void> {
  const pending = [...closers].map(close => close().catch(() => undefined))
  closers.clear()
  await Promise.all(pending)
}
