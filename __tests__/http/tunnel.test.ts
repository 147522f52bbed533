import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import net, { type AddressInfo } from 'node:net'
import { ProxyError } from '../../src/http/proxy-error.js'
import type { ProxyRoute } from '../../src/http/proxy.js'
import { hostAndPort, openTunnel } from '../../src/http/tunnel.js'

/** A raw proxy: each test scripts its answer to the CONNECT request it was sent (kept in `asked`). */
let answer: (socket: net.Socket, request: string) => void = () => undefined
const asked: string[] = []
const proxy = net.createServer(socket => {
  let head = ''
  socket.on('error', () => undefined)
  socket.on('data', data => {
    head += data.toString('latin1')
    if (!head.includes('\r\n\r\n')) return
    asked.push(head)
    answer(socket, head)
  })
})
let route: ProxyRoute
beforeAll(async () => {
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
  const port = (proxy.address() as AddressInfo).port
  route = {
    url: new URL(`http://127.0.0.1:${port}`),
    variable: 'https_proxy',
    shown: `http://127.0.0.1:${port}`
  }
})
afterAll(() => new Promise(resolve => proxy.close(resolve)))

const target = new URL('https://cdn.example/blob')

/** The error a tunnel attempt ends with (its message), or 'open' with what came through it. */
async function outcome(withRoute = route, to = target, signal?: AbortSignal): Promise<string> {
  try {
    const socket = await openTunnel(withRoute, to, signal)
    // Paused, and no listener of ours left: the TLS session on top reads from here.
    expect(socket.isPaused()).toBe(true)
    expect(socket.listenerCount('data')).toBe(0)
    expect(socket.listenerCount('close')).toBe(0)
    const echoed = new Promise<string>(resolve => socket.once('data', data => resolve(String(data))))
    socket.resume()
    socket.write('ping')
    const said = await echoed
    socket.destroy()
    return `open: ${said}`
  } catch (error) {
    return (error as Error).message
  }
}

/** Answers 200, then echoes what comes through the tunnel. */
const tunnelOpens = (socket: net.Socket) => {
  socket.write('HTTP/1.1 200 Connection established\r\n\r\n')
  socket.removeAllListeners('data')
  socket.on('data', data => socket.write(data))
}

describe('hostAndPort', () => {
  it('gives the host without IPv6 brackets and the scheme’s port when none is written', () => {
    expect(hostAndPort(new URL('https://cdn.example/x'))).toEqual({ host: 'cdn.example', port: 443 })
    expect(hostAndPort(new URL('http://cdn.example/x'))).toEqual({ host: 'cdn.example', port: 80 })
    expect(hostAndPort(new URL('https://cdn.example:8443/x'))).toEqual({ host: 'cdn.example', port: 8443 })
    expect(hostAndPort(new URL('https://[::1]:9/x'))).toEqual({ host: '::1', port: 9 })
    expect(hostAndPort(new URL('https://[2001:db8::1]/x'))).toEqual({ host: '2001:db8::1', port: 443 })
  })
})

describe('openTunnel', () => {
  it('asks CONNECT host:port, with the proxy’s credentials only, and hands over the open socket', async () => {
    answer = tunnelOpens
    asked.length = 0
    expect(await outcome({ ...route, authorization: 'Basic dTpw' })).toBe('open: ping')
    expect(asked[0]).toBe(
      'CONNECT cdn.example:443 HTTP/1.1\r\nhost: cdn.example:443\r\nproxy-authorization: Basic dTpw\r\n\r\n'
    )
    asked.length = 0
    expect(await outcome(route, new URL('https://[2001:db8::1]:8443/x'))).toBe('open: ping')
    expect(asked[0]).toBe('CONNECT [2001:db8::1]:8443 HTTP/1.1\r\nhost: [2001:db8::1]:8443\r\n\r\n')
  })

  it('takes an answer split anywhere', async () => {
    answer = socket => {
      socket.write('HTTP/1.0 200 OK\r')
      setTimeout(() => {
        socket.write('\n\r\n')
        socket.removeAllListeners('data')
        socket.on('data', data => socket.write(data))
      }, 5)
    }
    expect(await outcome()).toBe('open: ping')
  })

  it('refuses a tunnel the proxy refused, naming the status and how to fix it', async () => {
    answer = socket => socket.write('HTTP/1.1 403 Forbidden\r\n\r\n')
    const message = await outcome()
    expect(message).toBe(
      `the proxy ${route.shown} (from https_proxy) refused the tunnel to cdn.example:443 (HTTP 403). Check https_proxy, or add the host to no_proxy if it must be reached directly.`
    )
    answer = socket => socket.write('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n')
    expect(await outcome()).toContain('(HTTP 407). The proxy asks for credentials: put them in https_proxy')
    answer = socket => socket.write('HTTP/1.1 2000 OK\r\n\r\n')
    expect(await outcome()).toContain('answered CONNECT with something other than HTTP')
    answer = socket => socket.write('xHTTP/1.1 200 OK\r\n\r\n')
    expect(await outcome()).toContain('answered CONNECT with something other than HTTP')
  })

  it('refuses bytes sent before the tunnel was open, and an endless head', async () => {
    answer = socket => socket.write('HTTP/1.1 200 OK\r\n\r\nearly')
    expect(await outcome()).toContain('sent bytes before the tunnel was open')
    answer = socket => socket.write(`HTTP/1.1 200 OK\r\nx: ${'a'.repeat(16 * 1024)}`)
    expect(await outcome()).toContain('answered CONNECT with an endless head')
    // A long head that does end is read.
    answer = socket => {
      socket.write(`HTTP/1.1 200 OK\r\nx: ${'a'.repeat(8 * 1024)}\r\n\r\n`)
      socket.removeAllListeners('data')
      socket.on('data', data => socket.write(data))
    }
    expect(await outcome()).toBe('open: ping')
  })

  it('says the proxy closed, or could not be reached, naming the proxy', async () => {
    answer = socket => socket.end()
    expect(await outcome()).toContain('closed the connection before answering CONNECT cdn.example:443')
    const closed = net.createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise(resolve => closed.close(resolve))
    const gone = {
      url: new URL(`http://127.0.0.1:${port}`),
      variable: 'HTTPS_PROXY',
      shown: `http://127.0.0.1:${port}`
    }
    const message = await outcome(gone)
    expect(message).toContain(
      `the proxy http://127.0.0.1:${port} (from HTTPS_PROXY) could not be reached (ECONNREFUSED)`
    )
  })

  it('gives up at the abort with its reason, or an AbortError', async () => {
    answer = () => undefined
    const controller = new AbortController()
    const waiting = outcome(route, target, controller.signal)
    setTimeout(() => controller.abort(new Error('deadline passed')), 10)
    expect(await waiting).toBe('deadline passed')
    const plain = new AbortController()
    const other = outcome(route, target, plain.signal)
    setTimeout(() => plain.abort('no reason'), 10)
    expect(await other).toBe('This operation was aborted')
  })

  it('is a ProxyError, so it is not retried against the Hub', async () => {
    answer = socket => socket.write('HTTP/1.1 502 Bad Gateway\r\n\r\n')
    await expect(openTunnel(route, target)).rejects.toBeInstanceOf(ProxyError)
  })
})
