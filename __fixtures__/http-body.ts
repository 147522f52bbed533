import type http from 'node:http'
import type { AddressInfo } from 'node:net'

/** The whole request body (the fake servers' requests are small). */
export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', c => chunks.push(c as Buffer))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Starts a fake server on a loopback address; resolves with its base URL (no trailing slash). */
export async function listen(server: http.Server, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, host, resolve))
  return `http://${host}:${(server.address() as AddressInfo).port}`
}

/** Stops a fake server, cutting the connections clients keep alive. */
export async function close(server: http.Server): Promise<void> {
  server.closeAllConnections()
  await new Promise<void>(resolve => server.close(() => resolve()))
}
