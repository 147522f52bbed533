/**
 * Which proxy a request goes through: from the variables the runner sets for every step (`https_proxy`,
 * `http_proxy`, `no_proxy`, lower case first, upper case as fallback), decided with `@actions/http-client`'s own
 * rules (the ones `@actions/cache` and the other actions follow: loopback always direct, `no_proxy` entries
 * matching the host, `host:port` or a subdomain, `*` for everything), for each request on its own: the Hub
 * and the CDN it redirects to may differ.
 */
import { getProxyUrl } from '@actions/http-client/lib/proxy'
import { ActionError } from '../shared/errors.js'

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

/** The proxy for `target`, or undefined to go direct (from this process's environment, as http-client reads it). */
export function proxyFor(target: URL): ProxyRoute | undefined {
  const url = getProxyUrl(target)
  if (!url) return undefined
  const names = target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  const variable = names.find(name => process.env[name]) ?? names[0]
  const authorization =
    url.username || url.password
      ? `Basic ${Buffer.from(`${url.username}:${url.password}`).toString('base64')}`
      : undefined
  return { url, variable, shown: `${url.protocol}//${url.host}`, authorization }
}

/** The proxy itself failed: refused the connection, asked for credentials (407) or refused the tunnel. */
export class ProxyError extends ActionError {
  constructor(route: ProxyRoute, what: string) {
    const fix =
      / 407/.test(what) && !route.authorization
        ? `The proxy asks for credentials: put them in ${route.variable} (http://user:password@host:port).`
        : / 407/.test(what)
          ? `The proxy refused the credentials in ${route.variable}: check them.`
          : `Check ${route.variable}, or add the host to no_proxy if it must be reached directly.`
    super('Proxy failed', `the proxy ${route.shown} (from ${route.variable}) ${what}. ${fix}`)
    this.name = 'ProxyError'
  }
}
