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

  it('has none for an unsigned URL', () => {
    expect(signatureExpiry('https://hub.example/acme/m/resolve/main/f', now)).toBeUndefined()
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
