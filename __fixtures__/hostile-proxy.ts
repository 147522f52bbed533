/**
 * A forward proxy that misbehaves the ways real ones have been seen to (where squid cannot be made to): it
 * leaves the first CONNECTs unanswered (the socket open, never a byte back), and it answers plain-http requests
 * with an error whose body echoes the credentials it received. CONNECTs after the silent ones are tunnelled to
 * the host its own table names (a name only the proxy resolves, as a corporate proxy's DNS does).
 */
import net from 'node:net'

export interface HostileProxyOptions {
  /** `name` → address, for CONNECT targets. */
  hosts: Record<string, string>
  /** CONNECTs left unanswered before the proxy tunnels. */
  silentConnects?: number
  /** Statuses to answer plain-http requests with, in turn (the last repeats); the body echoes the credentials. */
  echoStatuses?: number[]
}

export class HostileProxy {
  url = ''
  readonly connects: string[] = []
  /** When the client closed each silent CONNECT's socket (NaN until it does). */
  readonly silentClosedAt: number[] = []
  /** Settled when the client closes each silent CONNECT's socket. */
  readonly silentClosed: Promise<void>[] = []
  private readonly sockets = new Set<net.Socket>()
  private readonly server = net.createServer(socket => this.accept(socket))
  private silentLeft: number
  private statuses: number[]

  constructor(private readonly options: HostileProxyOptions) {
    this.silentLeft = options.silentConnects ?? 0
    this.statuses = [...(options.echoStatuses ?? [502])]
  }

  async start(): Promise<this> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise(resolve => this.server.close(resolve))
  }

  /** The credentials a request carried (`user:password`), from its Proxy-Authorization. */
  private static credentials(head: string): string {
    const basic = /^proxy-authorization:\s*basic\s+(\S+)/im.exec(head)?.[1]
    return basic ? Buffer.from(basic, 'base64').toString() : ''
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket)
    socket.on('close', () => this.sockets.delete(socket))
    socket.on('error', () => undefined)
    let head = Buffer.alloc(0)
    const onData = (data: Buffer) => {
      head = Buffer.concat([head, data])
      const end = head.indexOf('\r\n\r\n')
      if (end === -1) return
      socket.off('data', onData)
      const text = head.subarray(0, end).toString('latin1')
      const rest = head.subarray(end + 4)
      const [method, target] = text.split(' ')
      if (method === 'CONNECT') this.connect(socket, target, rest)
      else this.echo(socket, text)
    }
    socket.on('data', onData)
  }

  private connect(socket: net.Socket, target: string, rest: Buffer): void {
    this.connects.push(target)
    if (this.silentLeft > 0) {
      this.silentLeft--
      const index = this.silentClosedAt.length
      this.silentClosedAt.push(NaN)
      this.silentClosed.push(
        new Promise(resolve =>
          socket.on('close', () => {
            this.silentClosedAt[index] = Date.now()
            resolve()
          })
        )
      )
      return
    }
    const [host, port] = target.split(':')
    const upstream = net.connect(Number(port), this.options.hosts[host] ?? host, () => {
      socket.write('HTTP/1.1 200 Connection established\r\n\r\n')
      if (rest.length) upstream.write(rest)
      socket.pipe(upstream).pipe(socket)
    })
    upstream.on('error', () => socket.destroy())
    socket.on('close', () => upstream.destroy())
  }

  private echo(socket: net.Socket, head: string): void {
    const status = this.statuses.length > 1 ? this.statuses.shift()! : this.statuses[0]
    const body = `Bad gateway: could not forward the request of ${HostileProxy.credentials(head)}`
    socket.end(
      `HTTP/1.1 ${status} Proxy Error\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
    )
  }
}
