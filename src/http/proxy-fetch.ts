/**
 * `fetch` through the proxy a request is routed to (proxy.ts): undici's `ProxyAgent` with undici's own `fetch`,
 * which takes it as its dispatcher. Node's global `fetch` ignores the proxy variables unless
 * `NODE_USE_ENV_PROXY` is set when Node starts, which the runner never does. Loaded only when a proxy applies:
 * a run without one never parses undici.
 */
import { fetch as undiciFetch, ProxyAgent } from 'undici'
import { ProxyError, type ProxyRoute } from './proxy.js'

const agents = new Map<string, ProxyAgent>()

/** What connecting to a proxy fails with when the proxy itself cannot be reached. */
const UNREACHABLE = /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/

/** The proxy's own failure in an error undici threw, as a ProxyError; undefined when it is not the proxy's. */
export function proxyFailure(route: ProxyRoute, error: unknown): ProxyError | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { message, code, cause } = e as { message?: unknown; code?: unknown; cause?: unknown }
    const status = /Proxy response \((\d{3})\)/.exec(String(message ?? ''))?.[1]
    if (status) return new ProxyError(route, `refused the tunnel (HTTP ${status})`)
    if (typeof code === 'string' && UNREACHABLE.test(code))
      return new ProxyError(route, `could not be reached (${code})`)
    e = cause
  }
  return undefined
}

export async function fetchThrough(route: ProxyRoute, url: string, init: RequestInit): Promise<Response> {
  let agent = agents.get(route.url.href)
  if (!agent) {
    // Credentials in the proxy URL become Proxy-Authorization: Basic, sent to the proxy only. Plain http is
    // forwarded in absolute form, not tunnelled: many proxies allow CONNECT to port 443 only.
    agent = new ProxyAgent({ uri: route.url.href, proxyTunnel: false })
    agents.set(route.url.href, agent)
  }
  try {
    return (await undiciFetch(url, { ...(init as object), dispatcher: agent })) as unknown as Response
  } catch (error) {
    throw proxyFailure(route, error) ?? error
  }
}
