/** Redirects followed by hand, and the time limit of one attempt, with the transport and the timer stood in. */
import { describe, expect, it } from '@jest/globals'
import { followRedirects, HopError } from '../../src/hub/redirects.js'
import { withTimeLimit, type LimitTimer } from '../../src/hub/time-limit.js'

type Sent = {
  url: string
  method?: string
  body?: unknown
  auth: string | null
  ua: string | null
  redirect?: string
}

/** A transport answering each URL from `routes` (status and location), noting what each hop sent. */
function transport(routes: Record<string, [number, string?]>) {
  const sent: Sent[] = []
  const cancelled: string[] = []
  const send = async (url: string, init: RequestInit) => {
    const headers = new Headers(init.headers)
    sent.push({
      url,
      method: init.method,
      body: init.body,
      auth: headers.get('authorization'),
      ua: headers.get('user-agent'),
      redirect: init.redirect
    })
    const [status, location] = routes[url] ?? [200]
    if (status === 0) throw Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNRESET' } })
    return {
      status,
      ok: status < 300,
      url,
      headers: new Headers(location ? { location } : {}),
      body: { cancel: async () => void cancelled.push(url) }
    }
  }
  return { send, sent, cancelled }
}

const rules = {
  userAgent: 'hf-auth-action/1',
  authorization: (url: string) => (url.startsWith('https://hub.example/') ? 'Bearer hf_x' : undefined)
}

describe('followRedirects', () => {
  it('gives the token to the endpoint’s origin only, at every hop, whatever header the caller set', async () => {
    const t = transport({
      'https://hub.example/a': [302, '/b'],
      'https://hub.example/b': [307, 'https://cdn.example/c?sig=1'],
      'https://cdn.example/c?sig=1': [200]
    })
    const res = await followRedirects(
      'https://hub.example/a',
      { headers: { authorization: 'Bearer caller' } },
      t.send,
      rules
    )
    expect(res.url).toBe('https://cdn.example/c?sig=1')
    expect(t.sent.map(s => [s.url, s.auth, s.ua, s.redirect])).toEqual([
      ['https://hub.example/a', 'Bearer hf_x', 'hf-auth-action/1', 'manual'],
      ['https://hub.example/b', 'Bearer hf_x', 'hf-auth-action/1', 'manual'],
      ['https://cdn.example/c?sig=1', null, 'hf-auth-action/1', 'manual']
    ])
    // Each body left behind is cancelled (the connection is freed).
    expect(t.cancelled).toEqual(['https://hub.example/a', 'https://hub.example/b'])
  })

  it('turns a POST into a GET after 303, 301 and 302, and keeps it after 307 and 308', async () => {
    for (const [status, method] of [
      [303, 'GET'],
      [301, 'GET'],
      [302, 'GET'],
      [307, 'POST'],
      [308, 'POST']
    ] as const) {
      const t = transport({ 'https://hub.example/a': [status, '/b'] })
      await followRedirects('https://hub.example/a', { method: 'post', body: 'x' }, t.send, rules)
      expect([t.sent[1].method, t.sent[1].body]).toEqual([method, method === 'GET' ? undefined : 'x'])
    }
    const t = transport({ 'https://hub.example/a': [303, '/b'] })
    await followRedirects('https://hub.example/a', { method: 'PUT', body: 'y' }, t.send, rules)
    expect(t.sent[1].method).toBe('GET')
  })

  it('stops after five redirects, and returns a redirect itself with manual or without a location', async () => {
    const loop = transport(
      Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map(i => [`https://hub.example/${i}`, [302, `/${i + 1}`]]))
    )
    await expect(followRedirects('https://hub.example/0', {}, loop.send, rules)).rejects.toThrow(
      'too many redirects from https://hub.example/0'
    )
    expect(loop.sent).toHaveLength(6)
    const manual = transport({ 'https://hub.example/a': [302, '/b'] })
    expect(
      (await followRedirects('https://hub.example/a', { redirect: 'manual' }, manual.send, rules)).status
    ).toBe(302)
    const bare = transport({ 'https://hub.example/a': [302] })
    expect((await followRedirects('https://hub.example/a', {}, bare.send, rules)).status).toBe(302)
    const other = transport({ 'https://hub.example/a': [304, '/b'] })
    expect((await followRedirects('https://hub.example/a', {}, other.send, rules)).status).toBe(304)
  })

  it('says at which hop a request failed', async () => {
    const t = transport({
      'https://hub.example/a': [302, 'https://cdn.example/b'],
      'https://cdn.example/b': [0]
    })
    const failed = followRedirects('https://hub.example/a', {}, t.send, rules)
    await expect(failed).rejects.toBeInstanceOf(HopError)
    await expect(failed).rejects.toMatchObject({
      url: 'https://cdn.example/b',
      message: 'fetch failed (ECONNRESET)'
    })
  })
})

describe('withTimeLimit', () => {
  /** A timer the test fires by hand. */
  function handTimer() {
    const state = { fire: () => undefined as void, ms: 0, cleared: false, unrefed: false }
    const start = (fire: () => void, ms: number): LimitTimer => {
      Object.assign(state, { fire, ms })
      return { clear: () => void (state.cleared = true), unref: () => void (state.unrefed = true) }
    }
    return { state, start }
  }

  it('aborts the attempt when the limit passes, naming what did not come', async () => {
    const { state, start } = handTimer()
    const attempt = withTimeLimit(
      'https://hub.example/x',
      2000,
      undefined,
      'headers',
      signal => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      start
    )
    expect(state.ms).toBe(2000)
    state.fire()
    await expect(attempt).rejects.toThrow('no complete response headers from https://hub.example within 2 s')
    expect(state.cleared).toBe(true)
  })

  it('clears the limit once headers came; lets an answer’s run on with its body, unref-ed', async () => {
    const headers = handTimer()
    expect(await withTimeLimit('u', 1, undefined, 'headers', async () => 'h', headers.start)).toBe('h')
    expect([headers.state.cleared, headers.state.unrefed]).toEqual([true, false])
    const answer = handTimer()
    expect(await withTimeLimit('u', 1, undefined, 'answer', async () => 'a', answer.start)).toBe('a')
    expect([answer.state.cleared, answer.state.unrefed]).toEqual([false, true])
  })

  it('aborts with the caller’s signal too', async () => {
    const { start } = handTimer()
    const outer = new AbortController()
    const attempt = withTimeLimit(
      'u',
      1,
      outer.signal,
      'answer',
      signal => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      start
    )
    outer.abort(new Error('cancelled'))
    await expect(attempt).rejects.toThrow('cancelled')
  })
})
