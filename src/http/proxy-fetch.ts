/**
 * `fetch` through the proxy a request is routed to (proxy.ts): undici's `ProxyAgent` with undici's own `fetch`,
 * which takes it as its dispatcher. Node's global `fetch` ignores the proxy variables unless
 * `NODE_USE_ENV_PROXY` is set when Node starts, which the runner never does. Loaded only when a proxy applies:
 * a run without one never parses undici.
 */
import { fetch as undiciFetch, Pool, ProxyAgent } from 'undici'
import { proxyFault } from './proxy-error.js'
import { onProxiesClose, type ProxyRoute } from './proxy.js'

const agents = new Map<string, ProxyAgent>()

/**
 * The proxy's answer to a CONNECT is awaited this long (undici's default is 300 s, and a request's own time
 * limit does not reach the CONNECT it waits on: a proxy that never answers one kept the step alive minutes
 * after its work ended). The Hub client's time limit for an answer.
 */
export const PROXY_ANSWER_TIMEOUT_MS = 30_000

export async function fetchThrough(route: ProxyRoute, url: string, init: RequestInit): Promise<Response> {
  let agent = agents.get(route.url.href)
  if (!agent) {
    // Credentials in the proxy URL become Proxy-Authorization: Basic, sent to the proxy only. Plain http is
    // forwarded in absolute form, not tunnelled: many proxies allow CONNECT to port 443 only.
    agent = new ProxyAgent({
      uri: route.url.href,
      proxyTunnel: false,
      // The connection to the proxy itself, which carries the CONNECTs: bounded like every other request.
      clientFactory: (origin, options) =>
        new Pool(origin, {
          ...options,
          headersTimeout: PROXY_ANSWER_TIMEOUT_MS,
          bodyTimeout: PROXY_ANSWER_TIMEOUT_MS
        })
    })
    const made = agent
    agents.set(route.url.href, made)
    onProxiesClose(async () => {
      agents.delete(route.url.href)
      await made.destroy()
    })
  }
  try {
    return (await undiciFetch(url, { ...(init as object), dispatcher: agent })) as unknown as Response
  } catch (error) {
    throw proxyFault(route, { error }) ?? error
  }
}
