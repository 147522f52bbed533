import { describe, expect, it } from '@jest/globals'
import { signatureExpiry } from '../../src/prewarm/location.js'

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
