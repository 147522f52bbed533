import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { HubClient } from '../../src/hub/client.js'
import { retryAfterMs } from '../../src/hub/retry.js'
import { HubRateLimitError, HubUnreachableError } from '../../src/hub/errors.js'
import { readHubError } from '../../src/hub/body.js'

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void

/** Two local servers (two origins) whose behaviour each test sets. */
let handlers: Record<'hub' | 'other', Handler>
const seen: { server: string; path: string; auth?: string }[] = []
const servers: http.Server[] = []
let hubUrl = ''
let otherUrl = ''

async function listen(name: 'hub' | 'other'): Promise<string> {
  const server = http.createServer((req, res) => {
    seen.push({ server: name, path: req.url ?? '', auth: req.headers.authorization })
    handlers[name](req, res)
  })
  servers.push(server)
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

beforeAll(async () => {
  hubUrl = await listen('hub')
  otherUrl = await listen('other')
})
// Every test starts from servers that answer nothing, whichever ran before it.
beforeEach(() => {
  handlers = { hub: () => undefined, other: () => undefined }
})
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections()
    await new Promise(r => s.close(r))
  }
})

function client(extra: Partial<ConstructorParameters<typeof HubClient>[0]> = {}) {
  const waits: number[] = []
  const c = new HubClient({
    endpoint: hubUrl,
    token: 'hf_secret',
    sleep: async ms => void waits.push(ms),
    ...extra
  })
  return { c, waits }
}

describe('HubClient', () => {
  it('retries 5xx with doubling backoff, then succeeds', async () => {
    let calls = 0
    handlers = {
      hub: (_req, res) => {
        calls++
        res.writeHead(calls < 3 ? 503 : 200).end('ok')
      },
      other: () => undefined
    }
    const { c, waits } = client()
    const res = await c.request('/api/x')
    expect(res.status).toBe(200)
    expect(waits).toEqual([1000, 2000])
  })

  it('gives up after the attempts and returns the last answer', async () => {
    handlers = { hub: (_req, res) => void res.writeHead(502).end(), other: () => undefined }
    const { c, waits } = client({ attempts: 3 })
    expect((await c.request('/api/x')).status).toBe(502)
    expect(waits).toEqual([1000, 2000])
  })

  it('honours Retry-After on 429 and reports it as a rate limit', async () => {
    let calls = 0
    handlers = {
      hub: (_req, res) => {
        calls++
        if (calls === 1) res.writeHead(429, { 'Retry-After': '7', RateLimit: '"api";r=0;t=7' }).end()
        else res.writeHead(200).end('{}')
      },
      other: () => undefined
    }
    const events: boolean[] = []
    const { c, waits } = client({ onRetry: e => void events.push(e.rateLimited) })
    expect((await c.request('/api/x')).status).toBe(200)
    expect(waits).toEqual([7000])
    expect(events).toEqual([true])
  })

  it('refuses to stall the job when the Hub asks for a very long wait', async () => {
    handlers = {
      hub: (_req, res) =>
        void res
          .writeHead(429, { RateLimit: '"api";r=0;t=290', 'X-Request-Id': 'req-9' })
          .end('{"error":"slow down"}'),
      other: () => undefined
    }
    const { c } = client()
    await expect(c.request('/api/x')).rejects.toThrow(HubRateLimitError)
    await expect(c.request('/api/x')).rejects.toThrow(/wait 290 s .*req-9/)
  })

  it('never lets a Retry-After on a 5xx hold the job longer than the cap', async () => {
    let calls = 0
    handlers = {
      hub: (_req, res) => void res.writeHead(++calls === 1 ? 503 : 200, { 'Retry-After': '3600' }).end(),
      other: () => undefined
    }
    const { c, waits } = client({ maxRateLimitWaitMs: 5000 })
    expect((await c.request('/api/x')).status).toBe(200)
    expect(waits).toEqual([5000])
  })

  it('sends the token to its own origin only, even across redirects', async () => {
    seen.length = 0
    handlers = {
      hub: (req, res) => {
        if (req.url === '/start') res.writeHead(302, { Location: '/moved' }).end()
        else if (req.url === '/moved') res.writeHead(302, { Location: `${otherUrl}/cdn/blob` }).end()
        else res.writeHead(404).end()
      },
      other: (_req, res) => void res.writeHead(200).end('content')
    }
    const { c } = client()
    const res = await c.request('/start', { headers: { authorization: 'Bearer from-the-caller' } })
    expect(await res.text()).toBe('content')
    expect(seen).toEqual([
      { server: 'hub', path: '/start', auth: 'Bearer hf_secret' },
      { server: 'hub', path: '/moved', auth: 'Bearer hf_secret' },
      { server: 'other', path: '/cdn/blob', auth: undefined }
    ])
  })

  it('never sends the token to another origin asked for directly (e.g. a Link header)', async () => {
    seen.length = 0
    handlers = { hub: () => undefined, other: (_req, res) => void res.writeHead(200).end() }
    const { c } = client()
    await c.fetch(`${otherUrl}/api/next-page`, { headers: { Authorization: 'Bearer hf_secret' } })
    expect(seen).toEqual([{ server: 'other', path: '/api/next-page', auth: undefined }])
  })

  it('throws HubUnreachableError after network errors on every attempt', async () => {
    const c = new HubClient({ endpoint: 'http://127.0.0.1:1', attempts: 2, sleep: async () => undefined })
    await expect(c.request('/api/whoami-v2')).rejects.toThrow(HubUnreachableError)
  })

  it('times out a request whose headers never come, and retries it', async () => {
    // The limit passes when the test says: once the Hub has the first request and will never answer it.
    const limits: (() => void)[] = []
    const startTimer = (fire: () => void) => (
      limits.push(fire),
      { clear: () => undefined, unref: () => undefined }
    )
    let calls = 0
    handlers = {
      hub: (_req, res) => {
        if (++calls === 1) return limits[0]() // never answers: its time limit passes
        res.writeHead(200).end('late but fine')
      },
      other: () => undefined
    }
    const { c, waits } = client({ startTimer })
    expect(await (await c.request('/slow')).text()).toBe('late but fine')
    expect(waits).toHaveLength(1)
    expect(limits).toHaveLength(2)
  })

  it('reads the Hub error headers before the body', async () => {
    handlers = {
      hub: (_req, res) =>
        void res
          .writeHead(403, {
            'X-Error-Code': 'GatedRepo',
            'X-Error-Message': 'Access restricted',
            'X-Request-Id': 'abc',
            'Content-Type': 'application/json'
          })
          .end('{"error":"body message"}'),
      other: () => undefined
    }
    const { c } = client()
    const info = await readHubError(await c.request('/api/models/a/b/auth-check'))
    expect(info).toMatchObject({
      status: 403,
      code: 'GatedRepo',
      message: 'Access restricted',
      requestId: 'abc'
    })
  })

  it('parses Retry-After in seconds and as a date, and the RateLimit header', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }))).toBe(3000)
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4000)).toBe(6000)
    expect(retryAfterMs(new Headers({ ratelimit: '"api";r=0;t=42' }))).toBe(42000)
    expect(retryAfterMs(new Headers({}))).toBeUndefined()
  })
})

describe('bounds and endpoints with a path', () => {
  it('keeps the endpoint path for API paths (an enterprise mirror), and the origin for the token', async () => {
    handlers.hub = (_req, res) => res.end('{}')
    const client = new HubClient({ endpoint: `${hubUrl}/api/huggingfaceml/hf-remote/`, token: 'hf_tok' })
    seen.length = 0
    const outcome = await client.getJson('/api/models/a/b/auth-check')
    expect(outcome).toEqual({ ok: true, value: {} })
    expect(seen).toEqual([
      { server: 'hub', path: '/api/huggingfaceml/hf-remote/api/models/a/b/auth-check', auth: 'Bearer hf_tok' }
    ])
  })

  it('times out an API answer whose body drips, not only one whose headers never come', async () => {
    handlers.hub = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('[')
      const drip = setInterval(() => res.write(' '), 50)
      res.on('close', () => clearInterval(drip))
    }
    // The body drips for ever: only the limit, which covers the body too, can end the request.
    const client = new HubClient({ endpoint: hubUrl, timeoutMs: 300, attempts: 1 })
    await expect(client.getJson('/api/whoami-v2')).rejects.toThrow(/no complete answer .* within 0.3 s/)
  })

  it('refuses a JSON answer over the size limit, declared or streamed', async () => {
    handlers.hub = (_req, res) => res.end(JSON.stringify('x'.repeat(2000)))
    const client = new HubClient({ endpoint: hubUrl })
    await expect(client.getJson('/api/x', 1000)).rejects.toThrow(/over the 1000-byte limit/)
    handlers.hub = (_req, res) => {
      res.writeHead(200, { 'transfer-encoding': 'chunked' })
      res.write('"' + 'x'.repeat(800))
      res.end('x'.repeat(800) + '"')
    }
    await expect(client.getJson('/api/x', 1000)).rejects.toThrow(/over the 1000-byte limit/)
  })
})
