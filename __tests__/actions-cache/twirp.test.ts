/** The lookup the action makes itself: what it sends, and each answer sorted as the budget needs it. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import http from 'node:http'
import * as core from '../../__fixtures__/core.js'
import { close, listen, readBody } from '../../__fixtures__/http-body.js'

jest.unstable_mockModule('@actions/core', () => core)
const { lookup, serviceUrl } = await import('../../src/actions-cache/twirp.js')

let answer: (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void = () => undefined
const server = http.createServer(async (req, res) => answer(req, res, await readBody(req)))
let url = ''
const saved = { ...process.env }

beforeAll(async () => {
  url = `${await listen(server)}/`
})
afterAll(() => close(server))
beforeEach(() => {
  core.resetCoreMock()
  Object.assign(process.env, {
    ACTIONS_CACHE_SERVICE_V2: 'True',
    ACTIONS_RESULTS_URL: url,
    ACTIONS_RUNTIME_TOKEN: 'runtime-token'
  })
})
afterEach(() => {
  for (const name of ['ACTIONS_CACHE_SERVICE_V2', 'ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN'])
    if (saved[name] === undefined) delete process.env[name]
})

const json = (res: http.ServerResponse, status: number, value: unknown, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(typeof value === 'string' ? value : JSON.stringify(value))
}
const signal = () => new AbortController().signal

describe('the lookup', () => {
  it('asks GetCacheEntryDownloadURL with the runtime token, the keys and the version', async () => {
    let seen: { path?: string; auth?: string; body?: unknown } = {}
    answer = (req, res, body) => {
      seen = { path: req.url, auth: req.headers.authorization, body: JSON.parse(body.toString()) }
      json(res, 200, { ok: false })
    }
    expect(await lookup('k', ['p/'], 'v1', signal())).toBeUndefined()
    expect(seen).toEqual({
      path: '/twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL',
      auth: 'Bearer runtime-token',
      body: { key: 'k', restore_keys: ['p/'], version: 'v1' }
    })
  })

  it('gives the matched key and the signed URL, whose signature is masked', async () => {
    answer = (_req, res) =>
      json(res, 200, {
        ok: true,
        matched_key: 'k/older',
        signed_download_url: 'https://blob/x?sig=s%2Fecret'
      })
    expect(await lookup('k', [], 'v', signal())).toEqual({
      matchedKey: 'k/older',
      url: 'https://blob/x?sig=s%2Fecret'
    })
    expect(core.setSecret).toHaveBeenCalledWith('s/ecret')
    expect(core.setSecret).toHaveBeenCalledWith('s%2Fecret')
  })

  it.each([
    [
      'a 429, with the wait asked',
      429,
      { msg: 'too many requests' },
      { 'retry-after': '17' },
      'rate-limited',
      17
    ],
    ['a 5xx', 502, { msg: 'bad gateway' }, {}, 'unavailable', undefined],
    [
      'a spent quota, whatever its status',
      403,
      { msg: 'insufficient usage to create' },
      {},
      'quota',
      undefined
    ],
    ['any other refusal', 401, { msg: 'invalid runtime token' }, {}, 'refused', undefined]
  ])('sorts %s', async (_, status, body, headers, kind, retryAfter) => {
    answer = (_req, res) => json(res, status, body, headers)
    const error = await lookup('k', [], 'v', signal()).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'ServiceFault', kind, retryAfter })
    expect((error as Error).message).toContain(`HTTP ${status}: ${body.msg}`)
  })

  it.each([
    ['not JSON', 200, 'not json'],
    ['without a URL', 200, { ok: true, matched_key: 'k' }],
    [
      'with a URL that is not http',
      200,
      { ok: true, matched_key: 'k', signed_download_url: 'file:///etc/passwd' }
    ],
    ['oversized', 200, { ok: false, pad: 'x'.repeat(70 * 1024) }]
  ])('takes an answer %s for a service that is not well', async (_, status, body) => {
    answer = (_req, res) => json(res, status, body)
    await expect(lookup('k', [], 'v', signal())).rejects.toMatchObject({ kind: 'unavailable' })
  })

  it('a service that cannot be reached is unavailable; an abort is the signal’s reason', async () => {
    process.env.ACTIONS_RESULTS_URL = 'http://127.0.0.1:1/'
    await expect(lookup('k', [], 'v', signal())).rejects.toMatchObject({ kind: 'unavailable' })
    process.env.ACTIONS_RESULTS_URL = url
    answer = () => undefined
    const controller = new AbortController()
    const asked = lookup('k', [], 'v', controller.signal)
    controller.abort(new Error('given up'))
    await expect(asked).rejects.toThrow('given up')
  })

  it.each([
    ['not JSON', 'not json', 'an answer that is not JSON'],
    ['without a URL', { ok: true, matched_key: 'k' }, 'an answer without a matched key and download URL'],
    [
      'without a matched key',
      { ok: true, matched_key: 5, signed_download_url: 'https://blob/x' },
      'an answer without a matched key and download URL'
    ],
    [
      'whose URL only holds http',
      { ok: true, matched_key: 'k', signed_download_url: 'xhttps://blob/x' },
      'an answer without a matched key and download URL'
    ],
    ['oversized', { ok: false, pad: 'x'.repeat(64 * 1024) }, 'an oversized answer']
  ])('says what was wrong with an answer %s', async (_, body, message) => {
    answer = (_req, res) => json(res, 200, body)
    await expect(lookup('k', [], 'v', signal())).rejects.toMatchObject({ kind: 'unavailable', message })
  })

  it('takes an answer of up to 64 KiB, and a plain http URL; masks no signature the URL lacks', async () => {
    const text = JSON.stringify({ ok: true, matched_key: 'k', signed_download_url: 'http://blob/x', pad: '' })
    const padded = text.replace('"pad":""', `"pad":"${'x'.repeat(64 * 1024 - text.length)}"`)
    expect(padded).toHaveLength(64 * 1024)
    answer = (_req, res) => json(res, 200, padded)
    expect(await lookup('k', [], 'v', signal())).toEqual({ matchedKey: 'k', url: 'http://blob/x' })
    expect(core.setSecret).not.toHaveBeenCalled()
  })

  it('says HTTP and the status alone when the refusal gives no message', async () => {
    answer = (_req, res) => json(res, 500, 'oops')
    await expect(lookup('k', [], 'v', signal())).rejects.toMatchObject({ message: 'HTTP 500' })
    answer = (_req, res) => json(res, 400, { msg: 7 })
    await expect(lookup('k', [], 'v', signal())).rejects.toMatchObject({ message: 'HTTP 400' })
  })

  it('is refused without a service, and says why a service could not be reached', async () => {
    delete process.env.ACTIONS_RESULTS_URL
    await expect(lookup('k', [], 'v', signal())).rejects.toMatchObject({
      kind: 'refused',
      message: 'the job has no cache service'
    })
    process.env.ACTIONS_RESULTS_URL = 'http://127.0.0.1:1/'
    const error = (await lookup('k', [], 'v', signal()).catch((e: unknown) => e)) as Error
    expect(error.message).not.toMatch(/^(undefined|\[object Object\])?$/)
  })

  it('needs the v2 service’s URL and a runtime token', () => {
    expect(
      serviceUrl({ ACTIONS_CACHE_SERVICE_V2: 'True', ACTIONS_RESULTS_URL: 'u', ACTIONS_RUNTIME_TOKEN: 't' })
    ).toBe('u')
    expect(serviceUrl({ ACTIONS_RESULTS_URL: 'u', ACTIONS_RUNTIME_TOKEN: 't' })).toBeUndefined()
    expect(serviceUrl({ ACTIONS_CACHE_SERVICE_V2: 'True', ACTIONS_RESULTS_URL: 'u' })).toBeUndefined()
  })
})
