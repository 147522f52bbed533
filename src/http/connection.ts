/**
 * Connections of the download data path: one socket each, reading into one reused buffer (`onread`) and
 * handing what it reads to the exchange now using it; kept alive per origin between exchanges, closed when
 * idle too long, when too many are idle, or when anything arrives that nobody asked for.
 */
import net from 'node:net'
import tls from 'node:tls'
import { proxyFault } from './proxy-error.js'
import type { ProxyRoute } from './proxy.js'
import { connectTo, hostAndPort, openTunnel } from './tunnel.js'
import type { StreamOptions } from './types.js'

/** Bytes read per socket read: large enough that loopback and fast links need few reads. */
const READ_BUFFER_BYTES = 256 * 1024
/** An idle kept-alive connection is closed before a server would (node's default is 5 s). */
const IDLE_MS = 4000
const IDLE_PER_ORIGIN = 16
/** Idle connections kept in all (a pre-warm redirected to many CDN hosts must not hoard descriptors). */
const IDLE_TOTAL = 64

/** Whoever reads a connection's bytes now (an exchange). */
export interface Reader {
  /** Bytes from the socket; returns false to pause it. */
  receive(data: Uint8Array): boolean
  /** The socket failed (`error`) or closed. */
  broken(error?: Error): void
}

/** One socket and whoever is reading from it now. */
export class Connection {
  /** The exchange the socket's bytes go to; undefined while idle. */
  reader: Reader | undefined
  /** Whether an exchange completed on it (a reused socket the server may have closed meanwhile). */
  reused = false
  closed = false
  /** Until this settles, a released connection is not written to again (see release). */
  settling: Promise<void> | undefined
  readonly socket: net.Socket

  /**
   * `open` makes the socket, given the read callback: straight from the socket into one reused buffer (`onread`),
   * or (a TLS session inside a proxy's tunnel, which Node reads into buffers of its own) its `data` events.
   */
  private constructor(
    readonly key: string,
    open: (onread: OnRead) => { socket: net.Socket; events: boolean },
    route: ProxyRoute | undefined
  ) {
    const receive = (data: Uint8Array): boolean => {
      if (this.reader) return this.reader.receive(data)
      // Nothing is owed on an idle connection.
      this.socket.destroy()
      return false
    }
    const { socket, events } = open({
      buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
      callback: (bytes, buffer) => receive(buffer.subarray(0, bytes))
    })
    this.socket = socket
    if (events) socket.on('data', chunk => void (receive(chunk) || socket.pause()))
    let connected = events
    socket.once(socket instanceof tls.TLSSocket ? 'secureConnect' : 'connect', () => (connected = true))
    socket.setNoDelay(true)
    // Only idle connections have a timeout set (release): one that idles too long is closed.
    socket.on('timeout', () => socket.destroy())
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // To the proxy, a connection that never opened is the proxy's failure, not the Hub's.
      const fault = route && proxyFault(route, { error, beforeConnected: !connected })
      this.reader?.broken(fault ?? error)
    })
    socket.on('close', () => {
      this.closed = true
      forget(this)
      this.reader?.broken()
    })
  }

  /**
   * A new connection to `url`: direct; to the proxy, for plain http (the proxy forwards absolute-form requests);
   * or, for https through a proxy, TLS inside a CONNECT tunnel (`signal` bounds the wait for the proxy).
   */
  static async open(
    key: string,
    url: URL,
    ca: StreamOptions['ca'],
    route: ProxyRoute | undefined,
    signal?: AbortSignal
  ): Promise<Connection> {
    const { host } = hostAndPort(url)
    const tlsOptions = {
      servername: net.isIP(host) ? undefined : host,
      ALPNProtocols: ['http/1.1'],
      ...(ca ? { ca } : {})
    }
    if (route && url.protocol === 'https:') {
      const tunnel = await openTunnel(route, url, signal)
      return new Connection(
        key,
        () => ({ socket: tls.connect({ socket: tunnel, ...tlsOptions }), events: true }),
        route
      )
    }
    const to = route ? route.url : url
    return new Connection(
      key,
      onread => ({
        socket: connectTo(to, {
          ...(to.protocol === 'https:' && !route ? tlsOptions : {}),
          onread
        } as tls.ConnectionOptions),
        events: false
      }),
      route
    )
  }
}

interface OnRead {
  buffer: Buffer
  callback: (bytes: number, buffer: Uint8Array) => boolean
}

const idle = new Map<string, Connection[]>()
/** Every idle connection, oldest first: the one closed when there are too many. */
const idleOrder = new Set<Connection>()

function forget(connection: Connection): void {
  idleOrder.delete(connection)
  const list = idle.get(connection.key)
  const at = list?.indexOf(connection) ?? -1
  if (list && at >= 0) list.splice(at, 1)
}

/**
 * How long after an answer ends its connection is left alone before it is written to again. Bytes a server
 * sends past the end of its answer (surplus, or an attempt to have them read as the next answer) come in the
 * same burst, so they arrive within this time and close the connection instead.
 */
export const SETTLE_MS = 5

/** Resolves once `SETTLE_MS` have passed since now and the event loop has polled sockets at least once more. */
function settle(): Promise<void> {
  return new Promise(resolve => setTimeout(() => setImmediate(resolve), SETTLE_MS))
}

export function release(connection: Connection): void {
  connection.reader = undefined
  connection.reused = true
  const list = idle.get(connection.key) ?? []
  if (connection.closed || list.length >= IDLE_PER_ORIGIN) return void connection.socket.destroy()
  if (idleOrder.size >= IDLE_TOTAL) {
    const [oldest] = idleOrder
    forget(oldest)
    oldest.socket.destroy()
  }
  // An idle socket reads (a reader that stopped early may have paused it), and any byte it reads closes it:
  // nothing is owed on it. It is written to again only once settled (see SETTLE_MS); curl, likewise, checks
  // that a connection has nothing to read before reusing it.
  connection.socket.resume()
  connection.settling = settle()
  list.push(connection)
  idle.set(connection.key, list)
  idleOrder.add(connection)
  // An idle connection never holds the process open, and is closed before the server would.
  connection.socket.unref()
  connection.socket.setTimeout(IDLE_MS)
}

export async function acquire(
  key: string,
  url: URL,
  ca: StreamOptions['ca'],
  route: ProxyRoute | undefined,
  signal?: AbortSignal
): Promise<Connection> {
  // The longest idle first: the likeliest to have settled.
  const reusable = idle.get(key)?.shift()
  if (reusable) {
    idleOrder.delete(reusable)
    reusable.socket.setTimeout(0)
    reusable.socket.ref()
    return reusable
  }
  return Connection.open(key, url, ca, route, signal)
}

/** The idle kept-alive sockets (tests). */
export function idleSockets(): net.Socket[] {
  return [...idle.values()].flat().map(connection => connection.socket)
}

/** Closes every idle connection (tests). */
export function closeIdleConnections(): void {
  for (const connection of [...idleOrder]) {
    forget(connection)
    connection.socket.destroy()
  }
}
