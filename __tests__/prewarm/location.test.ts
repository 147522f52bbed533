import { describe, expect, it } from '@jest/globals'
import { FileLocation, MAX_REFUSALS, MAX_RESOLVES, signatureExpiry } from '../../src/prewarm/location.js'
import { DownloadRefused } from '../../src/prewarm/job.js'

describe('signatureExpiry', () => {
  const now = Date.UTC(2026, 11, 2, 12, 0, 0)

  it('reads X-Amz-Date and X-Amz-Expires, measured from the CDN clock', () => {
    const url = 'https://cdn.example/x?X-Amz-Date=20261202T115900Z&X-Amz-Expires=3600&X-Amz-Signature=ab'
    expect(signatureExpiry(url, now)).toBe(Date.UTC(2026, 11, 2, 12, 59, 0))
    // A runner clock 10 minutes behind the CDN's: the URL still has 59 minutes, on the runner's clock.
    expect(signatureExpiry(url, now - 600_000, now)).toBe(Date.UTC(2026, 11, 2, 12, 49, 0))
  })

  it('reads CloudFront Expires (epoch seconds), and X-Amz-Expires alone from now', () => {
    expect(signatureExpiry(`https://cdn.example/x?Expires=${now / 1000 + 3600}&Signature=x`, now)).toBe(
      now + 3600_000
    )
    expect(signatureExpiry('https://cdn.example/x?X-Amz-Expires=60', now)).toBe(now + 60_000)
  })

  it('has none for an unsigned URL, or one it cannot read', () => {
    expect(signatureExpiry('https://hub.example/acme/m/resolve/main/f', now)).toBeUndefined()
    expect(signatureExpiry('not a url', now)).toBeUndefined()
    expect(signatureExpiry('https://cdn.example/x?Expires=soon', now)).toBeUndefined()
  })

  it('reads the signing time to the second, and only a whole X-Amz-Date', () => {
    const at = (date: string) =>
      signatureExpiry(`https://cdn.example/x?X-Amz-Date=${date}&X-Amz-Expires=60`, now)
    expect(at('20261202T115907Z')).toBe(Date.UTC(2026, 11, 2, 12, 0, 7))
    // Not a date: the lifetime counts from now.
    expect(at('x20261202T115907Z')).toBe(now + 60_000)
    expect(at('20261202T115907Zx')).toBe(now + 60_000)
  })
})

describe('FileLocation', () => {
  /** A Hub that resolves to a new URL each time, its signature expired already, on a clock the test moves. */
  function world(expiresIn: number | null = 0) {
    let now = 1_000_000
    let resolves = 0
    const where = new FileLocation(
      'model.safetensors',
      async () => ({
        url: `https://cdn.example/${++resolves}`,
        resolvedAt: now,
        ...(expiresIn === null ? {} : { expiresAt: now + expiresIn })
      }),
      () => now
    )
    return { where, resolves: () => resolves, tick: (ms: number) => (now += ms) }
  }
  const refusal = new DownloadRefused('model.safetensors', 403, 'HTTP 403: Auth failed: refused')

  it('counts each refused location once per file, whichever is current, and then fails naming the answer', async () => {
    const { where, resolves, tick } = world()
    let refusals = 0
    let failure: unknown
    // 16 ranges, each asking for the location and being refused, 100 ms apart, until the file fails.
    for (let request = 0; request < 10_000 && !failure; request++) {
      tick(100)
      try {
        const at = await where.get()
        refusals++
        await where.refused(at, refusal)
      } catch (error) {
        failure = error
      }
    }
    expect(String(failure)).toMatch(/refused 8 URLs .*last answer: HTTP 403: Auth failed: refused/)
    expect(refusals).toBeLessThanOrEqual(160)
    expect(resolves()).toBeLessThanOrEqual(MAX_REFUSALS + 1)
    // Every later caller gets the same error at once, without asking the Hub again.
    await expect(where.get()).rejects.toBe(failure)
    expect(resolves()).toBeLessThanOrEqual(MAX_REFUSALS + 1)
  })

  it('resolves once for every range refused with the same location', async () => {
    const { where, resolves } = world(3600_000)
    const at = await where.get()
    await Promise.all(Array.from({ length: 16 }, () => where.refused(at, refusal)))
    expect(resolves()).toBe(2)
    await where.refused(at, refusal)
    expect(resolves()).toBe(2)
  })

  it('uses a location whose signature claims to be expired for a while, then refreshes it, boundedly', async () => {
    const { where, resolves, tick } = world(0)
    for (let i = 0; i < 1000; i++) {
      await where.get()
      tick(5) // 5 s in all: one resolve
    }
    expect(resolves()).toBe(1)
    for (let i = 0; i < 100_000; i++) {
      tick(100)
      try {
        await where.get()
      } catch {
        break
      }
    }
    expect(resolves()).toBe(MAX_RESOLVES)
    await expect(where.get()).rejects.toThrow(`asked for its location ${MAX_RESOLVES} times`)
  })

  it('refreshes a short-lived location a quarter of its life before it expires', async () => {
    const short = world(100_000)
    await short.where.get()
    short.tick(74_999)
    await short.where.get()
    expect(short.resolves()).toBe(1)
    short.tick(1)
    await short.where.get()
    expect(short.resolves()).toBe(2)
  })

  it('fails at the ninth refused location, not before, and refuses every later call at once', async () => {
    const { where, resolves } = world(3600_000)
    for (let i = 0; i < MAX_REFUSALS; i++) await where.refused(await where.get(), refusal)
    expect(resolves()).toBe(MAX_REFUSALS + 1)
    const last = await where.get()
    expect(() => where.refused(last, refusal)).toThrow('refused 8 URLs')
    expect(() => where.refused(last, refusal)).toThrow('refused 8 URLs')
    expect(resolves()).toBe(MAX_REFUSALS + 1)
  })

  it('refreshes a signed location shortly before it expires, and never an unsigned one', async () => {
    const signed = world(3600_000)
    await signed.where.get()
    signed.tick(3600_000 - 61_000)
    await signed.where.get()
    expect(signed.resolves()).toBe(1)
    signed.tick(2_000)
    await signed.where.get()
    expect(signed.resolves()).toBe(2)
    const unsigned = world(null)
    await unsigned.where.get()
    unsigned.tick(24 * 3600_000)
    await unsigned.where.get()
    expect(unsigned.resolves()).toBe(1)
  })
})

describe('FileLocation.of (the Hub’s /resolve)', () => {
  /** A job whose client answers /resolve with `answer`, recording what it was asked. */
  function job(answer: { status: number; headers?: Record<string, string>; body?: string }) {
    const asked: { url: string; init: Record<string, unknown> }[] = []
    let cancelled = 0
    const client = {
      download: async (url: string, init: Record<string, unknown>) => {
        asked.push({ url, init })
        const body = answer.body ?? ''
        return {
          status: answer.status,
          ok: answer.status >= 200 && answer.status < 300,
          headers: new Headers(answer.headers ?? {}),
          url,
          body: {
            cancel: async () => void cancelled++,
            consume: async (sink: (piece: Uint8Array) => void) => sink(Buffer.from(body)),
            async *[Symbol.asyncIterator]() {
              yield Buffer.from(body)
            }
          }
        }
      }
    }
    const url = 'https://hub.example/acme/m/resolve/abc/model.safetensors'
    const the = {
      client,
      url,
      file: { path: 'model.safetensors', size: 1, etag: 'e', lfs: true },
      options: {}
    }
    return { location: FileLocation.of(the as never), asked, cancelled: () => cancelled }
  }

  it('asks for identity bytes without following the redirect, and takes the CDN URL verbatim', async () => {
    const cdn =
      'https://cdn.example/x%2Fy?X-Amz-Date=20261202T115900Z&X-Amz-Expires=3600&X-Amz-Signature=a%2Bb'
    const { location, asked, cancelled } = job({
      status: 302,
      headers: { location: cdn, date: 'Wed, 02 Dec 2026 12:00:00 GMT' }
    })
    const before = Date.now()
    const at = await location.get()
    expect(at.url).toBe(cdn)
    expect(asked[0].init).toMatchObject({ headers: { 'accept-encoding': 'identity' }, redirect: 'manual' })
    // Signed at 11:59 for an hour, by the CDN's clock at 12:00: 59 minutes from now, on this machine's.
    expect(at.expiresAt! - at.resolvedAt).toBe(59 * 60_000)
    expect(at.resolvedAt).toBeGreaterThanOrEqual(before)
    expect(cancelled()).toBe(1)
  })

  it('resolves a relative location against the Hub’s URL; keeps http and https ones in any case', async () => {
    expect((await job({ status: 307, headers: { location: '/cdn/blob' } }).location.get()).url).toBe(
      'https://hub.example/cdn/blob'
    )
    expect(
      (await job({ status: 302, headers: { location: 'HTTP://cdn.example/b' } }).location.get()).url
    ).toBe('HTTP://cdn.example/b')
    expect((await job({ status: 302, headers: { location: 'cdn/https://x' } }).location.get()).url).toBe(
      'https://hub.example/acme/m/resolve/abc/cdn/https://x'
    )
  })

  it('measures expiry from this machine’s clock when the redirect has no date', async () => {
    const at = await job({
      status: 302,
      headers: { location: 'https://cdn.example/x?X-Amz-Expires=600' }
    }).location.get()
    expect(at.expiresAt! - at.resolvedAt).toBe(600_000)
  })

  it('fetches from the Hub itself when it serves the file, and fails with what the Hub said otherwise', async () => {
    const served = job({ status: 200, body: 'x' })
    expect(await served.location.get()).toEqual({
      url: 'https://hub.example/acme/m/resolve/abc/model.safetensors',
      resolvedAt: expect.any(Number)
    })
    expect(served.cancelled()).toBe(1)
    // A redirect without a location is no redirect: refused like any other non-2xx answer.
    for (const status of [302, 404, 400]) {
      const refused = job({
        status,
        headers: { 'content-type': 'application/json' },
        body: '{"error":"Entry not found"}'
      })
      const failure = refused.location.get()
      await expect(failure).rejects.toBeInstanceOf(DownloadRefused)
      await expect(failure).rejects.toMatchObject({ status })
      await expect(failure).rejects.toThrow('download of model.safetensors failed:')
    }
  })
})
