import { describe, expect, it } from '@jest/globals'
import { TransferError } from '../../src/prewarm/job.js'
import { contentRange, withRetries } from '../../src/prewarm/request.js'

const answer = (status: number, range?: string) =>
  ({ status, headers: new Headers(range === undefined ? {} : { 'content-range': range }) }) as never

describe('contentRange', () => {
  it('reads `bytes a-b/total` of a 206, and nothing else', () => {
    expect(contentRange(answer(206, 'bytes 10-19/100'))).toEqual({ start: 10, end: 19, total: 100 })
    expect(contentRange(answer(200, 'bytes 10-19/100'))).toBeUndefined()
    for (const range of [
      undefined,
      'bytes 10-19/*',
      'xbytes 10-19/100',
      'bytes 10-19/100x',
      'bytes=10-19/100'
    ])
      expect(contentRange(answer(206, range))).toBeUndefined()
  })
})

describe('withRetries', () => {
  const job = (options: Record<string, unknown> = {}) => {
    const lines: string[] = []
    return { job: { options: { log: (line: string) => lines.push(line), ...options } } as never, lines }
  }

  it('retries a broken transfer up to the attempts allowed, saying each retry', async () => {
    const { job: j, lines } = job({ attempts: 3 })
    let calls = 0
    const failure = withRetries(j, 'model.safetensors', async n => {
      calls++
      expect(n).toBe(calls)
      throw new TransferError(`cut ${n}`)
    })
    await expect(failure).rejects.toThrow('download of model.safetensors failed after 3 attempts: cut 3')
    await expect(failure).rejects.toMatchObject({ cause: expect.any(TransferError) })
    expect(calls).toBe(3)
    expect(lines).toEqual([
      '  retrying model.safetensors (attempt 2 of 3): cut 1',
      '  retrying model.safetensors (attempt 3 of 3): cut 2'
    ])
  })

  it('returns what a later attempt brought', async () => {
    const { job: j } = job()
    expect(
      await withRetries(j, 'f', async n => (n < 5 ? Promise.reject(new Error('socket hang up')) : 'ok'))
    ).toBe('ok')
  })

  it('counts resets, aborts and closed sockets as broken transfers, and nothing else', async () => {
    for (const message of ['terminated', 'ECONNRESET', 'other side closed', 'The operation was aborted']) {
      const { job: j } = job({ attempts: 2 })
      let calls = 0
      await expect(
        withRetries(j, 'f', async () => (calls++, Promise.reject(new Error(message))))
      ).rejects.toThrow('after 2 attempts')
      expect(calls).toBe(2)
    }
    const { job: j } = job({ attempts: 2 })
    let calls = 0
    const abortError = Object.assign(new Error('stopped'), { name: 'AbortError' })
    await expect(withRetries(j, 'f', async () => (calls++, Promise.reject(abortError)))).rejects.toThrow(
      'after 2 attempts'
    )
    for (const error of [new Error('HTTP 404: not found'), 'a string', undefined]) {
      calls = 0
      await expect(withRetries(j, 'f', async () => (calls++, Promise.reject(error)))).rejects.toBe(error)
      expect(calls).toBe(1)
    }
  })

  it('never retries past the job’s own abort, whose reason it throws', async () => {
    const controller = new AbortController()
    const { job: j } = job({ signal: controller.signal })
    let calls = 0
    const failure = withRetries(j, 'f', async () => {
      calls++
      controller.abort(new Error('deadline'))
      throw new TransferError('cut')
    })
    await expect(failure).rejects.toThrow('deadline')
    expect(calls).toBe(1)
  })
})
