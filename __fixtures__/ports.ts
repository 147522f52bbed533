/** Ports for the real servers the tests start (squid, nginx): a free one, and waiting until one listens. */
import net from 'node:net'

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer()
  await new Promise<void>(resolve => server.listen(0, host, resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

/**
 * Waits until `host:port` accepts connections; throws `why()` when `alive()` says the server exited, or after
 * `timeoutMs`.
 */
export async function waitForPort(
  host: string,
  port: number,
  alive: () => boolean,
  why: () => string,
  timeoutMs = 20_000
): Promise<void> {
  for (let waited = 0; ; waited += 50) {
    const open = await new Promise<boolean>(resolve => {
      const socket = net.connect(port, host, () => (socket.destroy(), resolve(true)))
      socket.on('error', () => resolve(false))
    })
    if (open) return
    if (waited > timeoutMs || !alive()) throw new Error(why())
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}
