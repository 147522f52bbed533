import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import http from 'node:http'
import https from 'node:https'
import net, { type AddressInfo } from 'node:net'
import { closeIdleConnections, idleSockets } from '../../src/http/connection.js'
import { HttpProtocolError, MAX_HEAD_BYTES } from '../../src/http/exchange.js'
import { ProxyError } from '../../src/http/proxy-error.js'
import { proxyFor } from '../../src/http/proxy.js'
import { streamGet } from '../../src/http/stream.js'
import type { StreamResponse } from '../../src/http/types.js'
import { HubClient } from '../../src/hub/client.js'
import { HubUnreachableError } from '../../src/hub/errors.js'
import { TEST_CERT, TEST_KEY } from '../../__fixtures__/test-tls.js'

/**
 * A raw TCP server: each test scripts the bytes it answers with, so malformed and split answers can be sent
 * exactly. Counts connections, to tell reuse from reconnection.
 */
let script: (socket: net.Socket, request: string) => void
let connections = 0
const raw = net.createServer(socket => {
  connections++
  let head = ''
  socket.on('data', data => {
    head += data.toString('latin1')
    while (head.includes('\r\n\r\n')) {
      const end = head.indexOf('\r\n\r\n') + 4
      const request = head.slice(0, end)
      head = head.slice(end)
      script(socket, request)
    }
  })
  socket.on('error', () => undefined)
})
let base = ''

beforeAll(async () => {
  await new Promise<void>(resolve => raw.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`
})
afterEach(() => {
  closeIdleConnections()
  connections = 0
})
afterAll(async () => {
  await new Promise(resolve => raw.close(resolve))
})

async function bodyOf(res: StreamResponse): Promise<Buffer> {
  const pieces: Buffer[] = []
  // A piece is only valid during the call: keep a copy.
  await res.body.consume(piece => pieces.push(Buffer.from(piece)))
  return Buffer.concat(pieces)
}

const ok = (body: string, extra = '') =>
  `HTTP/1.1 200 OK\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`

describe('streamGet', () => {
  it('reads a Content-Length body and reuses the connection for the next request', async () => {
    const requests: string[] = []
    script = (socket, request) => {
      requests.push(request)
      socket.write(ok('hello world', 'x-repo-commit: abc\r\n'))
    }
    const first = await streamGet(`${base}/a?b=1`, { headers: { range: 'bytes=0-10' } })
    expect(first.status).toBe(200)
    expect(first.ok).toBe(true)
    expect(first.headers.get('x-repo-commit')).toBe('abc')
    expect((await bodyOf(first)).toString()).toBe('hello world')
    const second = await streamGet(`${base}/c`)
    expect((await bodyOf(second)).toString()).toBe('hello world')
    expect(connections).toBe(1)
    expect(requests[0]).toMatch(/^GET \/a\?b=1 HTTP\/1\.1\r\nhost: 127\.0\.0\.1:\d+\r\nrange: bytes=0-10\r\n/)
  })

  it('reuses one connection for many requests without piling up listeners on it', async () => {
    script = socket => socket.write(ok('again'))
    for (let i = 0; i < 40; i++)
      expect((await bodyOf(await streamGet(`${base}/again`))).toString()).toBe('again')
    expect(connections).toBe(1)
    const [socket] = idleSockets()
    // Node warns of a leak past 10 listeners of one event.
    for (const event of socket.eventNames()) expect(socket.listenerCount(event)).toBeLessThanOrEqual(2)
  })

  it('decodes a chunked body sent one byte at a time, with extensions and trailers', async () => {
    const wire =
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n' +
      '5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nx-trailer: 1\r\n\r\n'
    script = socket => {
      let at = 0
      const drip = () => {
        if (at < wire.length) socket.write(wire[at++], drip)
      }
      drip()
    }
    const res = await streamGet(`${base}/chunked`)
    expect((await bodyOf(res)).toString()).toBe('hello 0123456789')
    // Fully read, so the connection is kept.
    await bodyOf(await streamGet(`${base}/chunked`))
    expect(connections).toBe(1)
  })

  it('reads a body delimited by the connection closing, and does not keep that connection', async () => {
    script = socket => socket.end('HTTP/1.1 200 OK\r\n\r\nuntil the end')
    expect((await bodyOf(await streamGet(`${base}/close`))).toString()).toBe('until the end')
    await bodyOf(await streamGet(`${base}/close`))
    expect(connections).toBe(2)
  })

  it('skips interim answers (103 Early Hints)', async () => {
    script = socket => socket.write(`HTTP/1.1 103 Early Hints\r\nlink: </x>\r\n\r\n${ok('real')}`)
    const res = await streamGet(`${base}/hints`)
    expect(res.status).toBe(200)
    expect((await bodyOf(res)).toString()).toBe('real')
  })

  it('says "terminated" when the connection closes mid-body, so the transfer is retried', async () => {
    script = socket => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly part')
    const res = await streamGet(`${base}/cut`)
    await expect(bodyOf(res)).rejects.toThrow(/terminated/)
  })

  it('asks again on a new connection when a kept-alive one was closed by the server meanwhile', async () => {
    // Each connection answers its first request; a second one on it is met by the connection closing
    // (a server's keep-alive timeout firing just as the request arrives).
    const served = new WeakMap<net.Socket, number>()
    script = socket => {
      const count = (served.get(socket) ?? 0) + 1
      served.set(socket, count)
      if (count === 1) socket.write(ok('fresh'))
      else socket.destroy()
    }
    await bodyOf(await streamGet(`${base}/stale`))
    expect((await bodyOf(await streamGet(`${base}/stale`))).toString()).toBe('fresh')
    expect(connections).toBe(2)
  })

  it('forgets a kept-alive connection the server closed while it was idle', async () => {
    script = socket => socket.write(ok('once'), () => socket.destroy())
    await bodyOf(await streamGet(`${base}/idle-close`))
    const [idleSocket] = idleSockets()
    if (!idleSocket.closed) await once(idleSocket, 'close')
    expect((await bodyOf(await streamGet(`${base}/idle-close`))).toString()).toBe('once')
    expect(connections).toBe(2)
  })

  it.each([
    ['a bad status line', 'HTTP/2 200 OK\r\n\r\n', /bad status line/],
    ['a bad header line', 'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n', /bad header line/],
    [
      'a header with a bare LF',
      'HTTP/1.1 200 OK\r\nx-a: 1\nx-b: 2\r\ncontent-length: 0\r\n\r\n',
      /bad header line/
    ],
    [
      'an unknown transfer-encoding',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, chunked\r\n\r\n',
      /unsupported transfer-encoding/
    ],
    [
      'conflicting lengths',
      'HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\nhello',
      /bad content-length/
    ],
    ['a negative length', 'HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n', /bad content-length/],
    ['a protocol switch', 'HTTP/1.1 101 Switching Protocols\r\n\r\n', /protocol switch/],
    [
      'a compressed body (a blob is hashed as it lands, never decoded)',
      'HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-length: 3\r\n\r\nabc',
      /encoded body \(gzip\)/
    ]
  ])('refuses %s', async (_what, wire, message) => {
    script = socket => socket.write(wire)
    await expect(streamGet(`${base}/bad`)).rejects.toThrow(HttpProtocolError)
    script = socket => socket.write(wire)
    await expect(streamGet(`${base}/bad`)).rejects.toThrow(message)
  })

  it('refuses a bad chunk size and a chunk longer than it said', async () => {
    script = socket => socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n')
    await expect(bodyOf(await streamGet(`${base}/bad-size`))).rejects.toThrow(/bad chunk size/)
    script = socket =>
      socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n')
    await expect(bodyOf(await streamGet(`${base}/long-chunk`))).rejects.toThrow(/longer than its size/)
  })

  it('refuses an endless head instead of buffering it', async () => {
    script = socket => socket.write(`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(MAX_HEAD_BYTES + 10)}`)
    await expect(streamGet(`${base}/huge-head`)).rejects.toThrow(/head too large/)
  })

  it('does not reuse a connection that sent more than the answer', async () => {
    script = socket => socket.write(`${ok('one')}HTTP/1.1 200 OK\r\n`)
    await bodyOf(await streamGet(`${base}/extra`))
    script = socket => socket.write(ok('two'))
    expect((await bodyOf(await streamGet(`${base}/extra`))).toString()).toBe('two')
    expect(connections).toBe(2)
  })

  it('never reads surplus bytes sent after an answer, in a packet of their own, as the next answer', async () => {
    // The body ends; the server then sends a whole forged answer in a packet of its own, before the next
    // request is asked (at once), hoping the connection is reused and the forgery read as its answer.
    let server: net.Socket | undefined
    script = socket => {
      server = socket
      socket.write(ok('one'))
      script = next => next.write(ok('two'))
    }
    await bodyOf(await streamGet(`${base}/surplus`))
    server!.write(ok('forged'))
    expect((await bodyOf(await streamGet(`${base}/surplus`))).toString()).toBe('two')
    expect(connections).toBe(2)
  })

  it('closes an idle connection on any byte that arrives, however late, so it is never read as an answer', async () => {
    let server: net.Socket | undefined
    script = socket => {
      server = socket
      socket.write(ok('one'))
      script = next => next.write(ok('two'))
    }
    await bodyOf(await streamGet(`${base}/late`))
    const [idleSocket] = idleSockets()
    // Long after the answer (whenever this test gets here): the forged answer closes the idle connection.
    server!.write(ok('forged'))
    await once(idleSocket, 'close')
    expect(idleSockets()).toEqual([])
    expect((await bodyOf(await streamGet(`${base}/late`))).toString()).toBe('two')
    expect(connections).toBe(2)
  })

  it('closes a connection whose answer had both Transfer-Encoding and Content-Length', async () => {
    script = socket =>
      socket.write(
        'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n'
      )
    expect((await bodyOf(await streamGet(`${base}/ambiguous`))).toString()).toBe('abc')
    script = socket => socket.write(ok('next'))
    expect((await bodyOf(await streamGet(`${base}/ambiguous`))).toString()).toBe('next')
    expect(connections).toBe(2)
  })

  it('keeps at most 64 idle connections in all, however many origins it met', async () => {
    const servers = await Promise.all(
      Array.from({ length: 70 }, async () => {
        const server = http.createServer((_req, res) => res.end('ok'))
        await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
        return server
      })
    )
    try {
      for (const server of servers) {
        await bodyOf(await streamGet(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`))
      }
      expect(idleSockets().length).toBe(64)
    } finally {
      closeIdleConnections()
      for (const server of servers) server.closeAllConnections()
      await Promise.all(servers.map(server => new Promise(resolve => server.close(resolve))))
    }
  })

  it('gives up at the abort, before the headers and mid-body, with the abort reason', async () => {
    script = () => undefined
    const early = new AbortController()
    const pending = streamGet(`${base}/never`, { signal: early.signal })
    early.abort(new Error('deadline'))
    await expect(pending).rejects.toThrow('deadline')

    script = socket => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc')
    const late = new AbortController()
    const res = await streamGet(`${base}/slow`, { signal: late.signal })
    const reading = bodyOf(res)
    late.abort(new Error('too slow'))
    await expect(reading).rejects.toThrow('too slow')
  })

  it('keeps body bytes that came with the head until the body is read, then iterates copies', async () => {
    let written!: Promise<void>
    script = socket => (written = new Promise(resolve => socket.write(ok('x'.repeat(3000)), () => resolve())))
    const res = await streamGet(`${base}/early`)
    // The server has written all of it before the body is read.
    await written
    const pieces: Uint8Array[] = []
    for await (const piece of res.body) pieces.push(piece)
    expect(Buffer.concat(pieces).toString()).toBe('x'.repeat(3000))
  })

  it('keeps a connection usable after a reader stopped early on a body that had fully arrived', async () => {
    const size = 1200 * 1024
    let written!: Promise<void>
    script = socket => (written = new Promise(resolve => socket.write(ok('y'.repeat(size)), () => resolve())))
    const res = await streamGet(`${base}/early-stop`)
    for await (const piece of res.body) {
      expect(piece.length).toBeGreaterThan(0)
      // The rest of the body is sent (more than the iterator queues before pausing the socket).
      await written
      break
    }
    script = socket => socket.write(ok('next'))
    expect((await bodyOf(await streamGet(`${base}/after`))).toString()).toBe('next')
  })

  it('refuses a request header that would split the request', async () => {
    await expect(streamGet(`${base}/x`, { headers: { range: 'bytes=0-1\r\nx-evil: 1' } })).rejects.toThrow(
      /line break/
    )
  })

  it('downloads only over http and https', async () => {
    for (const url of ['ftp://127.0.0.1/x', 'file:///etc/passwd'])
      await expect(streamGet(url)).rejects.toThrow(`cannot download from a ${new URL(url).protocol} URL`)
  })

  it('sends the caller’s headers but never its host or proxy-authorization', async () => {
    const requests: string[] = []
    script = (socket, request) => {
      requests.push(request)
      socket.write(ok('h'))
    }
    await bodyOf(
      await streamGet(`${base}/h`, {
        headers: { Host: 'evil.example', 'Proxy-Authorization': 'Basic x', 'X-Kept': 'yes' }
      })
    )
    expect(requests[0]).toBe(`GET /h HTTP/1.1\r\nhost: ${new URL(base).host}\r\nX-Kept: yes\r\n\r\n`)
  })

  it('keeps connections made trusting extra certificates apart from the others', async () => {
    script = socket => socket.write(ok('ca'))
    await bodyOf(await streamGet(`${base}/a`))
    await bodyOf(await streamGet(`${base}/b`, { ca: TEST_CERT }))
    await bodyOf(await streamGet(`${base}/c`, { ca: TEST_CERT }))
    await bodyOf(await streamGet(`${base}/d`))
    expect(connections).toBe(2)
  })

  it('keeps at most 16 idle connections per origin, each closed after 4 s idle and kept open while used', async () => {
    // Every request is answered only once all 18 are in: none can reuse another's connection.
    const waiting: net.Socket[] = []
    script = socket => {
      waiting.push(socket)
      if (waiting.length === 18) for (const held of waiting) held.write(ok('many'))
    }
    await Promise.all(Array.from({ length: 18 }, async () => bodyOf(await streamGet(`${base}/many`))))
    expect(connections).toBe(18)
    const idle = idleSockets()
    expect(idle).toHaveLength(16)
    for (const socket of idle) expect(socket.timeout).toBe(4000)
    let serving!: net.Socket
    script = socket => {
      serving = socket
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n')
    }
    const res = await streamGet(`${base}/again`)
    expect(idleSockets()).toHaveLength(15)
    // The one taken again has no idle timeout while in use.
    expect(idle.filter(socket => socket.timeout === 0)).toHaveLength(1)
    serving.write('again')
    expect((await bodyOf(res)).toString()).toBe('again')
    closeIdleConnections()
    expect(idleSockets()).toHaveLength(0)
    for (const socket of idle) expect(socket.destroyed).toBe(true)
  })

  it('answers a body of many megabytes in order, piece by piece', async () => {
    const big = Buffer.alloc(8 * 1024 * 1024 + 7)
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251
    script = socket => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${big.length}\r\n\r\n`)
      socket.write(big)
    }
    const hash = createHash('sha256')
    await (await streamGet(`${base}/big`)).body.consume(piece => hash.update(piece))
    expect(hash.digest('hex')).toBe(createHash('sha256').update(big).digest('hex'))
  })
})

describe('streamGet over TLS', () => {
  const server = https.createServer({ cert: TEST_CERT, key: TEST_KEY }, (_req, res) => {
    res.writeHead(200, { 'content-length': 5 })
    res.end('tls!!')
  })
  let url = ''
  beforeAll(async () => {
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    url = `https://localhost:${(server.address() as AddressInfo).port}/file`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  })

  it('reads from a server whose certificate it trusts', async () => {
    expect((await bodyOf(await streamGet(url, { ca: TEST_CERT }))).toString()).toBe('tls!!')
  })

  it('refuses a certificate it does not trust', async () => {
    await expect(streamGet(url)).rejects.toThrow(/self[- ]signed|certificate/i)
  })

  it('says which host is not trusted and how to trust it, without asking again', async () => {
    const retries: unknown[] = []
    // The Hub redirects to the CDN, whose certificate is the untrusted one.
    const hub = http.createServer((_req, res) => {
      res.writeHead(302, { location: url })
      res.end()
    })
    await new Promise<void>(resolve => hub.listen(0, '127.0.0.1', resolve))
    const hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`
    try {
      const client = new HubClient({ endpoint: hubUrl, onRetry: event => retries.push(event) })
      const error = await client.download(`${hubUrl}/resolve`, {}).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(HubUnreachableError)
      expect(String(error)).toContain(`could not reach ${new URL(url).origin}`)
      expect(String(error)).toMatch(/self[- ]signed.*not trusted.*NODE_EXTRA_CA_CERTS/)
      expect(retries).toEqual([])
    } finally {
      hub.closeAllConnections()
      await new Promise(resolve => hub.close(resolve))
    }
  })
})

describe('HubClient.download', () => {
  const hits: { path: string; auth?: string }[] = []
  const hub = http.createServer((req, res) => {
    hits.push({ path: req.url ?? '', auth: req.headers.authorization })
    if (req.url === '/resolve') {
      res.writeHead(302, { location: `${cdnUrl}/blob` })
      return void res.end()
    }
    res.writeHead(200, { 'content-length': 4 })
    res.end('blob')
  })
  const cdn = http.createServer((req, res) => {
    hits.push({ path: `cdn${req.url}`, auth: req.headers.authorization })
    res.writeHead(200, { 'content-length': 4 })
    res.end('blob')
  })
  let hubUrl = ''
  let cdnUrl = ''
  beforeAll(async () => {
    for (const s of [hub, cdn]) await new Promise<void>(resolve => s.listen(0, '127.0.0.1', resolve))
    hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`
    cdnUrl = `http://localhost:${(cdn.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    for (const s of [hub, cdn]) {
      s.closeAllConnections()
      await new Promise(resolve => s.close(resolve))
    }
  })

  it('follows the redirect to the CDN without the token', async () => {
    hits.length = 0
    const client = new HubClient({ endpoint: hubUrl, token: 'hf_secret' })
    const res = await client.download(`${hubUrl}/resolve`, {})
    const pieces: Buffer[] = []
    await res.body.consume(piece => pieces.push(Buffer.from(piece)))
    expect(Buffer.concat(pieces).toString()).toBe('blob')
    expect(res.url).toBe(`${cdnUrl}/blob`)
    expect(hits).toEqual([
      { path: '/resolve', auth: 'Bearer hf_secret' },
      { path: 'cdn/blob', auth: undefined }
    ])
  })
})

describe("streamGet through a proxy (the runner's variables)", () => {
  const saved = { ...process.env }
  afterEach(() => {
    for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'NO_PROXY', 'no_proxy'])
      delete process.env[name]
    Object.assign(process.env, saved)
  })
  const viaRaw = (variable: string, credentials = '') =>
    (process.env[variable] = `http://${credentials}${base.slice('http://'.length)}`)

  it('asks the proxy for a plain-http URL in absolute form, with the proxy credentials, the proxy only', async () => {
    viaRaw('http_proxy', 'user:p%40ss@')
    const requests: string[] = []
    script = (socket, request) => (requests.push(request), socket.write(ok('through')))
    const res = await streamGet('http://hub.test:8080/api/x?y=1', {
      headers: { authorization: 'Bearer hf_x' }
    })
    expect((await bodyOf(res)).toString()).toBe('through')
    expect(requests[0]).toMatch(
      /^GET http:\/\/hub\.test:8080\/api\/x\?y=1 HTTP\/1\.1\r\nhost: hub\.test:8080\r\n/
    )
    expect(requests[0]).toContain(`proxy-authorization: Basic ${Buffer.from('user:p@ss').toString('base64')}`)
  })

  it('opens a CONNECT tunnel for https, and says which proxy and variable when it asks for credentials', async () => {
    viaRaw('HTTPS_PROXY', 'user:secret@')
    const requests: string[] = []
    script = (socket, request) => {
      requests.push(request)
      socket.write('HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n')
    }
    const failure = streamGet('https://hub.test/api/whoami-v2')
    await expect(failure).rejects.toThrow(ProxyError)
    await expect(failure).rejects.toThrow(
      `the proxy ${base} (from HTTPS_PROXY) refused the tunnel to hub.test:443 (HTTP 407)`
    )
    await failure.catch((error: Error) => expect(error.message).not.toContain('secret'))
    expect(requests[0]).toMatch(
      /^CONNECT hub\.test:443 HTTP\/1\.1\r\nhost: hub\.test:443\r\nproxy-authorization: Basic /
    )
  })

  it('names the proxy when it cannot be reached', async () => {
    process.env.https_proxy = 'http://127.0.0.1:9'
    await expect(streamGet('https://hub.test/x')).rejects.toThrow(
      'the proxy http://127.0.0.1:9 (from https_proxy) could not be reached (ECONNREFUSED)'
    )
    process.env.http_proxy = 'http://127.0.0.1:9'
    await expect(streamGet('http://hub.test/x')).rejects.toThrow(
      'the proxy http://127.0.0.1:9 (from http_proxy) could not be reached (ECONNREFUSED)'
    )
  })

  it('goes direct to loopback and to hosts in no_proxy, as @actions/http-client decides', () => {
    process.env.https_proxy = 'http://proxy.corp:3128'
    process.env.no_proxy = 'internal.corp,.cdn.corp'
    expect(proxyFor(new URL('https://127.0.0.1/x'))).toBeUndefined()
    expect(proxyFor(new URL('https://localhost/x'))).toBeUndefined()
    expect(proxyFor(new URL('https://internal.corp/x'))).toBeUndefined()
    expect(proxyFor(new URL('https://a.internal.corp/x'))).toBeUndefined()
    expect(proxyFor(new URL('https://x.cdn.corp/x'))).toBeUndefined()
    expect(proxyFor(new URL('https://huggingface.co/x'))).toMatchObject({
      shown: 'http://proxy.corp:3128',
      variable: 'https_proxy'
    })
    expect(proxyFor(new URL('http://huggingface.co/x'))).toBeUndefined()
  })
})
