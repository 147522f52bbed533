/** The step's one budget for the cache service: retries, stops, time limits and one warning per cause. */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { ServiceBudget } = await import('../../src/actions-cache/budget.js')
const { ServiceFault } = await import('../../src/actions-cache/fault.js')

beforeEach(() => core.resetCoreMock())

/** A budget whose waits are recorded and take no time. */
function budget(verb: 'restored' | 'saved' = 'restored') {
  const waits: number[] = []
  const b = new ServiceBudget({
    verb,
    sleep: async ms => {
      waits.push(ms)
    }
  })
  return { b, waits }
}

const down = () => Promise.reject(new ServiceFault('unavailable', 'HTTP 500: down'))

describe('the service budget', () => {
  it('passes an answer through, counting the call', async () => {
    const { b } = budget()
    expect(await b.run('lookup', 'a', 1000, async () => 'found')).toBe('found')
    expect(b.calls).toEqual({ lookup: 1, download: 0, save: 0 })
    b.report()
    expect(core.warning).not.toHaveBeenCalled()
  })

  it('an outage: one call retries on the toolkit’s schedule while the others wait, then all stop', async () => {
    const { b, waits } = budget()
    const attempts: string[] = []
    const run = (entry: string) =>
      b.run('lookup', entry, 1000, () => {
        attempts.push(entry)
        return down()
      })
    const results = await Promise.all(['a', 'b', 'c'].map(run))
    expect(results).toEqual([undefined, undefined, undefined])
    // Each call's first try went out at once; then one call alone tried four more times.
    expect(attempts.slice(0, 3).sort()).toEqual(['a', 'b', 'c'])
    expect(attempts).toHaveLength(3 + 4)
    expect(new Set(attempts.slice(3)).size).toBe(1)
    expect(waits).toHaveLength(4)
    expect(waits[0]).toBe(3000)
    for (const [i, ms] of waits.slice(1).entries()) {
      const min = 3000 * 1.5 ** (i + 1)
      expect(ms).toBeGreaterThanOrEqual(min)
      expect(ms).toBeLessThan(min * 1.5)
    }
    // Stopped for every kind of call: nothing more is tried.
    const later = jest.fn(async () => 'x')
    expect(await b.run('save', 'd', 1000, later)).toBeUndefined()
    expect(later).not.toHaveBeenCalled()
    b.report()
    expect(core.warning).toHaveBeenCalledTimes(1)
    const [message, props] = core.warning.mock.calls[0]
    expect(props).toEqual({ title: 'Cache service unavailable' })
    expect(message).toBe(
      'The cache service failed (HTTP 500: down) after 5 attempts, so it is not used again in this step; the job goes on without it. Not restored: a, b, c, d.'
    )
  })

  it('a fault that passes: the waiting calls go on once the retrying one gets through', async () => {
    const { b } = budget()
    let failures = 2
    const flaky = async () => {
      if (failures-- > 0) throw new ServiceFault('unavailable', 'HTTP 503')
      return 'ok'
    }
    const [first, second] = await Promise.all([
      b.run('lookup', 'a', 1000, flaky),
      b.run('lookup', 'b', 1000, flaky)
    ])
    expect([first, second]).toEqual(['ok', 'ok'])
    expect(await b.run('download', 'c', 1000, async () => 'more')).toBe('more')
    b.report()
    expect(core.warning).not.toHaveBeenCalled()
  })

  it('a 429 stops that kind of call for the step, with the wait the service asked; other kinds go on', async () => {
    const { b, waits } = budget('saved')
    const limited = jest.fn(() => Promise.reject(new ServiceFault('rate-limited', 'HTTP 429', 42)))
    expect(await b.run('save', 'a', 1000, limited)).toBeUndefined()
    expect(await b.run('save', 'b', 1000, limited)).toBeUndefined()
    expect(limited).toHaveBeenCalledTimes(1)
    expect(waits).toEqual([])
    expect(b.stopOf('save')?.kind).toBe('rate-limited')
    expect(b.stopOf('lookup')).toBeUndefined()
    expect(await b.run('lookup', 'c', 1000, async () => 'found')).toBe('found')
    b.report()
    expect(core.warning).toHaveBeenCalledTimes(1)
    const [message, props] = core.warning.mock.calls[0]
    expect(props).toEqual({ title: 'Cache service rate limit' })
    expect(message).toContain('answered 429 to saves (CreateCacheEntry) (HTTP 429; retry after 42 s)')
    expect(message).toContain('200 cache uploads and 1,500 downloads a minute per repository')
    expect(message).toMatch(/Not saved: a, b\.$/)
  })

  it('a spent quota stops the service for the rest of the step', async () => {
    const { b } = budget('saved')
    const full = () => Promise.reject(new ServiceFault('quota', 'insufficient usage'))
    expect(await b.run('save', 'a', 1000, full)).toBeUndefined()
    expect(b.stopOf('lookup')?.kind).toBe('quota')
    b.report()
    expect(core.warning.mock.calls[0][1]).toEqual({ title: 'Cache storage quota reached' })
    expect(core.warning.mock.calls[0][0]).toContain('Actions → Caches, or gh cache delete')
  })

  it('a call past the time limit is abandoned (its signal aborted), and that kind of call stops', async () => {
    const { b } = budget()
    let signal: AbortSignal | undefined
    const hangs = (s: AbortSignal) => {
      signal = s
      return new Promise<never>(() => undefined)
    }
    expect(await b.run('download', 'a', 20, hangs)).toBeUndefined()
    expect(signal?.aborted).toBe(true)
    expect(b.stopOf('download')?.kind).toBe('timeout')
    expect(b.stopOf('lookup')).toBeUndefined()
    b.report()
    expect(core.warning.mock.calls[0][1]).toEqual({ title: 'Cache service timed out' })
    expect(core.warning.mock.calls[0][0]).toContain(
      'did not answer archive downloads in time (no answer within 0 s)'
    )
  })

  it('an abandoned call failing later is nobody’s error; an endless limit sets no timer', async () => {
    const { b } = budget()
    let fail: (e: Error) => void = () => undefined
    const late = () => new Promise<never>((_, reject) => (fail = reject))
    expect(await b.run('lookup', 'a', 10, late)).toBeUndefined()
    fail(new Error('too late'))
    await new Promise(resolve => setImmediate(resolve))
    jest.useFakeTimers()
    try {
      const done = b.run('download', 'b', Infinity, async () => 'done')
      expect(jest.getTimerCount()).toBe(0)
      expect(await done).toBe('done')
    } finally {
      jest.useRealTimers()
    }
  })

  it('a fault that may pass is final when the call was retried already (a save worker), and stops all', async () => {
    const { b, waits } = budget('saved')
    expect(await b.run('save', 'a', 1000, down, false)).toBeUndefined()
    expect(waits).toEqual([])
    expect(b.stopOf('lookup')?.kind).toBe('unavailable')
  })

  it('an error that is not the service’s is the caller’s, and stops nothing', async () => {
    const { b } = budget()
    await expect(
      b.run('download', 'a', 1000, () => Promise.reject(new Error('the archive was refused')))
    ).rejects.toThrow('the archive was refused')
    expect(b.stopOf('download')).toBeUndefined()
  })

  it('groups by cause: one outage is one warning whatever the calls; a 429 is one warning per kind of call', async () => {
    const { b } = budget('saved')
    const limited = () => Promise.reject(new ServiceFault('rate-limited', 'HTTP 429'))
    await b.run('lookup', 'a', 1000, limited)
    await b.run('save', 'b', 1000, limited)
    await b.run('save', 'c', 1000, limited)
    expect(b.summary().map(c => [c.title, c.entries])).toEqual([
      ['Cache service rate limit', ['a']],
      ['Cache service rate limit', ['b', 'c']]
    ])
    const down = budget('saved').b
    await down.run('lookup', 'a', 1000, () => Promise.reject(new ServiceFault('quota', 'insufficient usage')))
    await down.run('save', 'b', 1000, async () => 'never')
    await down.run('download', 'c', 1000, async () => 'never')
    expect(down.summary().map(c => [c.title, c.entries])).toEqual([
      ['Cache storage quota reached', ['a', 'b', 'c']]
    ])
  })

  it('names ten entries in a warning and counts the rest; skips of the step’s own are grouped alike', async () => {
    const { b } = budget('saved')
    const fault = new ServiceFault('refused', 'HTTP 401: invalid runtime token')
    for (let i = 0; i < 13; i++) b.skip('save', `e${i}`, fault)
    b.skip('save', 'e0', fault)
    expect(b.summary()).toEqual([
      {
        kind: 'refused',
        title: 'Cache service refused',
        entries: Array.from({ length: 13 }, (_, i) => `e${i}`),
        message: expect.stringMatching(
          /\(HTTP 401: invalid runtime token\).* Not saved: e0, .*, e9 and 3 more\.$/
        )
      }
    ])
  })
})
