/**
 * Whether a failure is the proxy's own, decided in this one place: then it is one clear, unretried error naming
 * the proxy (never its password) and the variable it came from, since asking the Hub again will not help.
 */
import { ActionError } from '../shared/errors.js'
import { isTlsCode } from './tls-errors.js'
import type { ProxyRoute } from './proxy.js'

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

/** What connecting to a proxy fails with when the proxy itself cannot be reached. */
const UNREACHABLE = /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/

/** What went wrong on a request routed through a proxy. */
export interface ProxyEvidence {
  /** An answer's status (a plain-http request the proxy forwarded, or refused). */
  status?: number
  /** An error the connection or the client threw (its causes are read too). */
  error?: unknown
  /** The connection to the proxy had not opened yet: any network error is then the proxy's. */
  beforeConnected?: boolean
}

/** The proxy's own failure, as a ProxyError; undefined when the failure is not the proxy's. */
export function proxyFault(route: ProxyRoute, evidence: ProxyEvidence): ProxyError | undefined {
  if (evidence.status === 407)
    return new ProxyError(route, 'answered HTTP 407 (proxy authentication required)')
  for (let e = evidence.error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    if (e instanceof ProxyError) return e
    const { message, code, cause } = e as { message?: unknown; code?: unknown; cause?: unknown }
    // undici's ProxyAgent, when the proxy refused a CONNECT.
    const status = /Proxy response \((\d{3})\)/.exec(String(message))?.[1]
    if (status) return new ProxyError(route, `refused the tunnel (HTTP ${status})`)
    if (typeof code === 'string') {
      // A certificate is the target's (through a tunnel) or the proxy's TLS: not a reachability failure.
      if (!isTlsCode(code) && (UNREACHABLE.test(code) || evidence.beforeConnected))
        return new ProxyError(route, `could not be reached (${code})`)
    }
    e = cause
  }
  return undefined
}
