/** The Hub client with its transport stood in (fetchImpl): retries, rate limits, headers, where a failure was. */
import { describe, expect, it } from '@jest/globals'
import { HubClient } from '../../src/hub/client.js'
import { HubRateLimitError, HubUnreachableError } from '../../src/hub/errors.js'
import type { RetryEvent } from '../../src/hub/retry.js'

type Reply = Response | Error
/** A client whose transport gives `replies` in turn, noting each request and each wait. */
function client(
  replies: Reply[],
  options: { userAgent?: string; attempts?: number; endpoint?: string } = {}
) {
  const sent: { url: string; headers: Headers }[] = []
  const waits: number[] = []
  const retries: RetryEvent[] = []
  const c = new HubClient({
    endpoint: options.endpoint ?? 'https://hub.example',
    token: 'hf_x',
    userAgent: options.userAgent,
    attempts: options.attempts,
    sleep: async ms => void waits.push(ms),
    onRetry: event => void retries.push(event),
    fetchImpl: async (input, init) => {
      sent.push({ url: String(input), headers: new Headers(init?.headers) })
      const reply = replies.shift() ?? new Response('{}')
      if (reply instanceof Error) throw reply
      return reply
    }
  })
  return { c, sent, waits, retries }
}
const json = (body: unknown, init: ResponseInit = {}) => new Response(JSON.stringify(body), init)

describe('HubClient', () => {
  it('strips trailing slashes of the endpoint, names itself, asks for JSON', async () => {
    const { c, sent } = client([json({ a: 1 })], { endpoint: 'https://hub.example//' })
    expect(c.endpoint).toBe('https://hub.example')
    expect(await c.getJson('/api/x')).toEqual({ ok: true, value: { a: 1 } })
    expect(sent[0].url).toBe('https://hub.example/api/x')
    expect(sent[0].headers.get('user-agent')).toBe('hf-auth-action/1')
    expect(sent[0].headers.get('accept')).toBe('application/json')
    expect(sent[0].headers.get('authorization')).toBe('Bearer hf_x')
    const named = client([json({})], { userAgent: 'mine/2' })
    await named.c.fetch('https://hub.example/api/y')
    expect(named.sent[0].headers.get('user-agent')).toBe('mine/2')
  })

  it('names a JSON answer that is not JSON by its path', async () => {
    const { c } = client([new Response('nope')])
    await expect(c.getJson('/api/whoami-v2')).rejects.toThrow('/api/whoami-v2: the answer is not JSON')
  })

  it('retries a 503 and a rate limit, saying which, and waits what a 429 asks', async () => {
    const { c, waits, retries } = client([
      new Response('', { status: 503 }),
      new Response('', { status: 429, headers: { 'retry-after': '7' } }),
      json({ ok: true })
    ])
    expect((await c.request('/api/x')).status).toBe(200)
    expect(retries.map(r => [r.reason, r.rateLimited, r.attempt])).toEqual([
      ['HTTP 503', false, 1],
      ['HTTP 429 (rate limited)', true, 2]
    ])
    expect(waits).toEqual([1000, 7000])
  })

  it('gives up at once on a rate limit asking for longer than the cap, with what the Hub said', async () => {
    const { c, waits } = client([
      new Response('{"error":"slow down"}', { status: 429, headers: { 'retry-after': '121' } })
    ])
    const limited = c.request('/api/x')
    await expect(limited).rejects.toBeInstanceOf(HubRateLimitError)
    await expect(c.request('/api/x')).resolves.toBeDefined()
    expect(waits).toEqual([])
  })

  it('reports the last 429 as a rate limit when the attempts run out', async () => {
    const { c } = client(
      [new Response('', { status: 429 }), new Response('{"error":"still"}', { status: 429 })],
      { attempts: 2 }
    )
    await expect(c.request('/api/x')).rejects.toMatchObject({ waitMs: 0, info: { message: 'still' } })
  })

  it('is unreachable after network errors on every attempt, at the hop that failed; at once for a certificate', async () => {
    const reset = Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNRESET' } })
    const { c, retries } = client([reset, reset], { attempts: 2 })
    const failed = c.request('/api/x')
    await expect(failed).rejects.toBeInstanceOf(HubUnreachableError)
    await expect(failed).rejects.toThrow('could not reach https://hub.example: fetch failed (ECONNRESET)')
    expect(retries.map(r => r.reason)).toEqual(['fetch failed (ECONNRESET)'])
    const cert = Object.assign(new Error('fetch failed'), { cause: { code: 'SELF_SIGNED_CERT_IN_CHAIN' } })
    const tls = client([cert, json({})])
    await expect(tls.c.request('/api/x')).rejects.toThrow('NODE_EXTRA_CA_CERTS')
    expect(tls.retries).toEqual([])
  })

  it('does not ask again once the caller aborted', async () => {
    const controller = new AbortController()
    controller.abort(new Error('cancelled'))
    const { c, sent } = client([new Error('aborted'), json({})])
    await expect(c.request('/api/x', { signal: controller.signal })).rejects.toThrow()
    expect(sent).toHaveLength(1)
  })
})
