/**
 * A CONNECT tunnel through a proxy (RFC 9110 9.3.6): the proxy opens a TCP connection to the target's host and
 * port and relays bytes, so TLS runs end to end and the proxy sees neither the requests nor the token. The
 * proxy's own credentials go in `Proxy-Authorization`, to the proxy only.
 */
import net from 'node:net'
import tls from 'node:tls'
import { ProxyError, proxyFault } from './proxy-error.js'
import type { ProxyRoute } from './proxy.js'

/** A CONNECT answer's head larger than this is refused. */
const MAX_CONNECT_HEAD = 16 * 1024

export function hostAndPort(url: URL): { host: string; port: number } {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  return { host, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) }
}

/** A socket to `url`'s host: TLS for https, TCP for http. */
export function connectTo(url: URL, options: tls.ConnectionOptions = {}): net.Socket {
  const { host, port } = hostAndPort(url)
  return url.protocol === 'https:'
    ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ...options })
    : net.connect({ host, port, ...(options as net.NetConnectOpts) })
}

/** Opens a tunnel to `target` through the proxy; resolves with the socket, paused, once the proxy said 200. */
export function openTunnel(route: ProxyRoute, target: URL, signal?: AbortSignal): Promise<net.Socket> {
  const { host, port } = hostAndPort(target)
  const authority = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`
  const socket = connectTo(route.url)
  return awaitTunnel(socket, route, authority, signal).then(() => socket)
}

/**
 * Sends CONNECT once the connection to the proxy is up, and reads its answer: resolves with the socket paused
 * once the proxy said 200; rejects (the socket destroyed) on any other answer, an error, a close or the abort.
 */
function awaitTunnel(
  socket: net.Socket,
  route: ProxyRoute,
  authority: string,
  signal?: AbortSignal
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let head = Buffer.alloc(0)
    const cleanup = () => {
      socket.off('data', onData)
      socket.off('error', onError)
      socket.off('close', onClose)
      signal?.removeEventListener('abort', onAbort)
    }
    const fail = (error: Error) => {
      cleanup()
      socket.destroy()
      reject(error)
    }
    // Everything on this connection is between the action and the proxy.
    const onError = (error: NodeJS.ErrnoException) =>
      fail(
        proxyFault(route, { error, beforeConnected: true }) ??
          new ProxyError(route, `could not be reached (${error.code ?? error.message})`)
      )
    const onClose = () =>
      fail(new ProxyError(route, `closed the connection before answering CONNECT ${authority}`))
    const onAbort = () =>
      fail(signal?.reason instanceof Error ? signal.reason : new Error('This operation was aborted'))
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk])
      const end = head.indexOf('\r\n\r\n')
      if (end === -1) {
        if (head.length > MAX_CONNECT_HEAD)
          fail(new ProxyError(route, 'answered CONNECT with an endless head'))
        return
      }
      const status = /^HTTP\/1\.[01] (\d{3})\b/.exec(head.toString('latin1', 0, end))?.[1]
      if (status !== '200') {
        const what = status
          ? `refused the tunnel to ${authority} (HTTP ${status})`
          : 'answered CONNECT with something other than HTTP'
        return fail(new ProxyError(route, what))
      }
      if (end + 4 < head.length) return fail(new ProxyError(route, 'sent bytes before the tunnel was open'))
      cleanup()
      socket.pause()
      resolve()
    }
    socket.on('data', onData)
    socket.on('error', onError)
    socket.on('close', onClose)
    signal?.addEventListener('abort', onAbort, { once: true })
    socket.once(route.url.protocol === 'https:' ? 'secureConnect' : 'connect', () =>
      socket.write(connectRequest(route, authority))
    )
  })
}

/** The CONNECT request for `authority`, with the proxy's credentials when the route has them. */
function connectRequest(route: ProxyRoute, authority: string): string {
  return [
    `CONNECT ${authority} HTTP/1.1`,
    `host: ${authority}`,
    ...(route.authorization ? [`proxy-authorization: ${route.authorization}`] : []),
    '',
    ''
  ].join('\r\n')
}
