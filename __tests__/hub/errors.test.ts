/** What the user reads of a failed Hub request: the status, the Hub's code and words, and what to do. */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const errors = await import('../../src/hub/errors.js')
const { backoffMs, retryAfterMs, RETRYABLE_STATUS } = await import('../../src/hub/retry.js')
const { logRetry } = await import('../../src/hub/retry-log.js')
const { repoApiPath, repoPageUrl, resolveUrl } = await import('../../src/hub/urls.js')
const { parseRepoSpecs } = await import('../../src/hub/repo-spec.js')

const info = { status: 403, url: 'https://hub.example/api/models/acme/one', message: 'gated' }

beforeEach(() => core.resetCoreMock())

describe('Hub errors', () => {
  it('describe the status, the code, the message and the request id, each only when there', () => {
    expect(errors.describeHubError(info)).toBe('HTTP 403: gated')
    expect(errors.describeHubError({ ...info, code: 'GatedRepo', requestId: 'r1' })).toBe(
      'HTTP 403 GatedRepo: gated (request id r1)'
    )
    expect(errors.describeHubError({ ...info, message: '' })).toBe('HTTP 403')
    expect(new errors.HubStatusError(info)).toMatchObject({
      title: 'Hugging Face Hub error',
      message: '/api/models/acme/one: HTTP 403: gated',
      statusCode: 403
    })
    expect(new errors.HubStatusError({ ...info, url: '' }).message).toBe('/: HTTP 403: gated')
  })

  it('name the origin only, never the path or query of what could not be reached', () => {
    expect(errors.originOf('https://hub.example:8443/x?token=y')).toBe('https://hub.example:8443')
    expect(errors.originOf('not a url')).toBe('not a url')
    const cause = Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } })
    const down = new errors.HubUnreachableError('https://hub.example/api/whoami-v2', cause)
    expect(down.message).toBe('could not reach https://hub.example: fetch failed (ECONNREFUSED)')
    expect(errors.causeText('plain')).toBe('plain')
    expect(errors.causeText(new Error('bare'))).toBe('bare')
  })

  it('say how to trust a proxy’s certificate authority when the certificate is the cause, however deep', () => {
    const tls = { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' }
    const wrapped = Object.assign(new Error('fetch failed'), {
      cause: Object.assign(new Error('x'), { cause: tls })
    })
    expect(errors.isCertificateError(wrapped)).toBe(true)
    expect(new errors.HubUnreachableError('https://hub.example', wrapped).message).toContain(
      'NODE_EXTRA_CA_CERTS'
    )
    // Deeper than three errors is not looked into; a code that is not a string is no code.
    const deep = { cause: { cause: { cause: tls } } }
    expect(errors.isCertificateError(deep)).toBe(false)
    expect(errors.isCertificateError({ code: 42 })).toBe(false)
    expect(new errors.HubUnreachableError('https://hub.example', new Error('x')).message).not.toContain(
      'NODE_EXTRA'
    )
  })

  it('say what did not come in time, and how long to wait for a rate limit', () => {
    expect(new errors.HubTimeoutError('https://hub.example/a', 30000, 'headers').message).toBe(
      'no complete response headers from https://hub.example within 30 s'
    )
    expect(new errors.HubTimeoutError('https://hub.example/a', 1500, 'body').message).toContain('answer body')
    expect(new errors.HubTimeoutError('https://hub.example/a', 1500, 'answer').message).toContain(
      ' answer from'
    )
    const limited = new errors.HubRateLimitError('u', 41_001, { ...info, status: 429 })
    expect(limited.message).toMatch(
      /^the Hub rate limit was hit and it asks to wait 42 s \(HTTP 429: gated\)\. /
    )
    expect(new errors.HubRateLimitError('u', 0, info).message).toMatch(/^the Hub rate limit was hit \(HTTP/)
  })

  it('tell a Hub that is down (no answer, or 5xx) from one that refused', () => {
    expect(errors.isHubDown(new errors.HubUnreachableError('https://hub.example', new Error('x')))).toBe(true)
    expect(errors.isHubDown({ statusCode: 500 })).toBe(true)
    expect(errors.isHubDown({ statusCode: 499 })).toBe(false)
    expect(errors.isHubDown({ statusCode: '503' })).toBe(false)
    expect(errors.isHubDown(null)).toBe(false)
  })
})

describe('Hub error names and titles', () => {
  it('are the ones the annotations and logs show', () => {
    const cases = [
      [
        new errors.HubUnreachableError('https://h', new Error('x')),
        'HubUnreachableError',
        'Hugging Face Hub unreachable'
      ],
      [
        new errors.HubTimeoutError('https://h', 1000, 'answer'),
        'HubTimeoutError',
        'Hugging Face Hub did not answer'
      ],
      [new errors.HubStatusError(info), 'HubStatusError', 'Hugging Face Hub error'],
      [new errors.HubRateLimitError('u', 0, info), 'HubRateLimitError', 'Hugging Face Hub rate limit']
    ] as const
    for (const [error, name, title] of cases) expect([error.name, error.title]).toEqual([name, title])
    expect(new errors.HubRateLimitError('u', 0, info).message).toMatch(
      /Re-run the job later, cache the models \(cache: true\) so fewer requests are made, or use a token from an account with a higher limit\.$/
    )
  })

  it('read no code from what is not an object, nor a cause that is none', () => {
    expect(errors.isCertificateError('CERT_HAS_EXPIRED')).toBe(false)
    expect(errors.isCertificateError({ code: 'CERT_HAS_EXPIRED' })).toBe(true)
    expect(errors.causeText(Object.assign(new Error('x'), { cause: 'ECONNRESET' }))).toBe('x')
    expect(errors.causeText(Object.assign(new Error('x'), { cause: {} }))).toBe('x')
  })
})

describe('retries', () => {
  it('are for the statuses Python retries, waiting what the Hub asks, else doubling up to the cap', () => {
    expect([...RETRYABLE_STATUS].sort()).toEqual([408, 429, 500, 502, 503, 504])
    expect(retryAfterMs(new Headers({ 'retry-after': '1.5' }))).toBe(1500)
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(1_000).toUTCString() }), 5_000)).toBe(0)
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon', ratelimit: '"api";r=0;t=7' }))).toBe(7000)
    expect(retryAfterMs(new Headers({ ratelimit: '"api";r=0' }))).toBeUndefined()
    expect(retryAfterMs(new Headers({ 'retry-after': ' 12 ' }))).toBe(12000)
    expect(retryAfterMs(new Headers({ 'retry-after': '1.25' }))).toBe(1250)
    expect(retryAfterMs(new Headers({ 'retry-after': 'x3' }))).toBeUndefined()
    expect(retryAfterMs(new Headers({ 'retry-after': '3x' }))).toBeUndefined()
    expect(retryAfterMs(new Headers({ ratelimit: '"api";r=0; t=9' }))).toBe(9000)
    expect(retryAfterMs(new Headers({ ratelimit: 't=4' }))).toBe(4000)
    expect(retryAfterMs(new Headers({ ratelimit: 'xt=4' }))).toBeUndefined()
    expect([1, 2, 3, 4, 5].map(n => backoffMs(n, 1000, 8000))).toEqual([1000, 2000, 4000, 8000, 8000])
  })

  it('are logged as info, a rate limit as a warning, with the path and never the query', () => {
    const event = {
      url: 'https://hub.example/api/x?token=secret',
      attempt: 2,
      waitMs: 1500,
      reason: 'HTTP 503'
    }
    logRetry({ ...event, rateLimited: false })
    expect(core.info).toHaveBeenCalledWith('HTTP 503 from /api/x; retry 2 in 1.5 s')
    logRetry({ ...event, rateLimited: true })
    expect(core.warning).toHaveBeenCalledWith(
      'Hugging Face Hub rate limit: HTTP 503 from /api/x; retry 2 in 1.5 s',
      {
        title: 'Rate limited'
      }
    )
  })
})

describe('Hub URLs', () => {
  it('keep the endpoint’s path (mirrors) and encode each segment of a file path', () => {
    const [model, dataset] = parseRepoSpecs('acme/one\ndatasets/acme/data')
    expect(repoPageUrl('https://mirror.example/hf', dataset)).toBe(
      'https://mirror.example/hf/datasets/acme/data'
    )
    expect(repoApiPath(dataset)).toBe('/api/datasets/acme/data')
    expect(resolveUrl('https://hub.example', model, 'c'.repeat(40), 'dir/a b#?.json')).toBe(
      `https://hub.example/acme/one/resolve/${'c'.repeat(40)}/dir/a%20b%23%3F.json`
    )
  })
})
