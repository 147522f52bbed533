/** Bodies from the network: capped in size and time, JSON parsed only within the caps, errors read as Python reads them. */
import { describe, expect, it } from '@jest/globals'
import { BODY_TIMEOUT_MS, readCapped, readHubError, readJson } from '../../src/hub/body.js'

/** An answer whose body yields `chunks` (then ends, or never does), noting whether it was cancelled. */
function answer(
  chunks: string[],
  headers: Record<string, string> = {},
  { endless = false, url = 'https://hub.example/api/x?q=1', status = 200 } = {}
) {
  const state = { cancelled: false }
  const body = {
    async cancel() {
      state.cancelled = true
    },
    async *[Symbol.asyncIterator]() {
      for (const chunk of chunks) yield Buffer.from(chunk)
      if (endless) await new Promise(() => undefined)
    }
  }
  return { res: { status, ok: status < 400, headers: new Headers(headers), url, body }, state }
}

describe('readCapped', () => {
  it('reads the whole body as UTF-8, up to the cap itself', async () => {
    const { res } = answer(['héllo ', 'wörld'])
    expect(await readCapped(res, Buffer.byteLength('héllo wörld'))).toBe('héllo wörld')
    const { res: empty } = answer([])
    expect(await readCapped({ ...empty, body: null }, 10)).toBe('')
  })

  it('refuses an answer declared or found larger than the cap, cancelling it, naming the path', async () => {
    const declared = answer(['x'], { 'content-length': '11' })
    await expect(readCapped(declared.res, 10)).rejects.toThrow(
      '/api/x: the answer is 11 bytes, over the 10-byte limit'
    )
    expect(declared.state.cancelled).toBe(true)
    const found = answer(['12345', '678901'], { 'content-length': '10' })
    await expect(readCapped(found.res, 10)).rejects.toThrow('the answer is over the 10-byte limit')
    expect(found.state.cancelled).toBe(true)
    const unnamed = answer(['12345678901'], {}, { url: '' })
    await expect(readCapped(unnamed.res, 10)).rejects.toThrow('the Hub: the answer is over the 10-byte limit')
  })

  it('gives up on a body still arriving after the time limit, cancelling it', async () => {
    const { res, state } = answer(['a'], {}, { endless: true })
    await expect(readCapped(res, 10, 20)).rejects.toThrow(
      'no complete answer body from https://hub.example within 0.02 s'
    )
    expect(state.cancelled).toBe(true)
    expect(BODY_TIMEOUT_MS).toBe(30_000)
  })
})

describe('readJson', () => {
  it('parses JSON within the caps, and names what was asked when it is not JSON', async () => {
    expect(await readJson(answer(['{"a":', '1}']).res)).toEqual({ a: 1 })
    await expect(readJson(answer(['nope']).res, 100, 'whoami')).rejects.toThrow(
      'whoami: the answer is not JSON'
    )
    await expect(readJson(answer(['nope']).res)).rejects.toThrow('/api/x: the answer is not JSON')
  })
})

describe('readHubError', () => {
  const failed = (chunks: string[], headers: Record<string, string> = {}) =>
    answer(chunks, headers, { status: 403 }).res

  it('reads the error headers first, then the JSON error or message, then the text', async () => {
    expect(
      await readHubError(
        failed(['{"error":"ignored"}'], {
          'x-error-message': 'Access to model acme/one is restricted',
          'x-error-code': 'GatedRepo',
          'x-request-id': 'req-1'
        })
      )
    ).toEqual({
      status: 403,
      code: 'GatedRepo',
      message: 'Access to model acme/one is restricted',
      requestId: 'req-1',
      url: 'https://hub.example/api/x?q=1'
    })
    expect((await readHubError(failed(['{"error":" from json "}']))).message).toBe('from json')
    expect((await readHubError(failed(['{"message":"the message"}']))).message).toBe('the message')
    expect((await readHubError(failed(['{"error":42}']))).message).toBe('')
    expect((await readHubError(failed(['x'.repeat(400)]))).message).toBe('x'.repeat(300))
  })

  it('takes the request id the CDNs give, and reads no more than 64 KiB of an error', async () => {
    expect((await readHubError(failed([], { 'x-amzn-trace-id': 'amzn' }))).requestId).toBe('amzn')
    expect((await readHubError(failed([], { 'x-amz-cf-id': 'cf' }))).requestId).toBe('cf')
    expect((await readHubError(failed([]))).requestId).toBeUndefined()
    expect((await readHubError(failed(['y'.repeat(64 * 1024 + 1)]))).message).toBe('')
    expect((await readHubError(failed(['y'.repeat(64 * 1024)]))).message).toBe('y'.repeat(300))
  })
})
