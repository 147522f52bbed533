/**
 * The download data path: HTTP/1.1 GET over a socket that reads into one reused buffer (`onread`) and hands
 * each piece of the body to the consumer synchronously, so a blob goes from the socket to the file with no
 * buffer allocated per read and no stream machinery per chunk.
 *
 * Why not a library: measured on loopback (512 MiB, whole process), `fetch` costs about 1 s of CPU in body
 * streams and per-read buffers, `undici.request` and `node:http` 0.3–0.45 s, and this path 0.1–0.15 s, as
 * `curl` does. A pre-warm is bound by that CPU on a fast link and a 2-core runner.
 *
 * Only what blob downloads need: GET, bodies framed by Content-Length, chunked or the connection's close,
 * keep-alive per origin, through the runner's proxy when it names one (proxy.ts). Responses are parsed strictly
 * (a malformed answer is an error, never a guess). API calls stay on `fetch`; the Hub client decides auth,
 * redirects and retries for both.
 */
import { acquire } from './connection.js'
import { proxyFor } from './proxy.js'
import { Exchange, StaleConnectionError } from './exchange.js'
import type { StreamOptions, StreamResponse } from './types.js'

/** GET `url` (http or https), resolving with the answer's head; the body is read from `body`. */
export async function streamGet(url: string, options: StreamOptions = {}): Promise<StreamResponse> {
  const target = new URL(url)
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new Error(`cannot download from a ${target.protocol} URL`)
  }
  const route = proxyFor(target)
  // Connections made trusting extra certificates, or through a proxy, are kept apart from the others.
  const key = `${target.protocol}//${target.host}${options.ca ? ' (own CA)' : ''}${route ? ` via ${route.shown}` : ''}`
  // Through a proxy, plain http asks the proxy for the absolute URL (with the proxy's own credentials); https
  // goes through a tunnel, where the proxy sees neither.
  const forwarded = route && target.protocol === 'http:'
  const lines = [
    `GET ${forwarded ? `${target.origin}${target.pathname}${target.search}` : `${target.pathname}${target.search}`} HTTP/1.1`,
    `host: ${target.host}`,
    ...(forwarded && route.authorization ? [`proxy-authorization: ${route.authorization}`] : [])
  ]
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (/[\r\n\0]/.test(name + value)) throw new Error(`header ${name} holds a line break`)
    if (!['host', 'proxy-authorization'].includes(name.toLowerCase())) lines.push(`${name}: ${value}`)
  }
  const request = `${lines.join('\r\n')}\r\n\r\n`
  for (;;) {
    const connection = await acquire(key, target, options.ca, route, options.signal)
    if (connection.settling) {
      await connection.settling
      connection.settling = undefined
      // Bytes arrived after its last answer: it was closed, never to be read as this one's.
      if (connection.closed || connection.socket.destroyed) continue
    }
    const exchange = new Exchange(connection, url, options.signal)
    exchange.start(request)
    try {
      return await exchange.response
    } catch (error) {
      // The server closed a kept-alive connection as we sent: ask again on a new one.
      if (error instanceof StaleConnectionError) continue
      throw error
    }
  }
}
