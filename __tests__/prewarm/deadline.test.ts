import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { prewarmDeadline } from '../../src/prewarm/deadline.js'

afterEach(() => void jest.useRealTimers())

describe('prewarmDeadline', () => {
  it('aborts when the time is up, with an error naming the input to raise', async () => {
    jest.useFakeTimers()
    const { signal } = prewarmDeadline(120_000, new AbortController().signal)
    await jest.advanceTimersByTimeAsync(119_999)
    expect(signal.aborted).toBe(false)
    await jest.advanceTimersByTimeAsync(1)
    expect(signal.aborted).toBe(true)
    expect(signal.reason).toMatchObject({
      title: 'Pre-warm timed out',
      message: expect.stringContaining('did not finish within 2 minute(s) (download-timeout-minutes)')
    })
  })

  it('aborts at once with the runner’s cancel, and never after being cleared', async () => {
    jest.useFakeTimers()
    const cancel = new AbortController()
    const first = prewarmDeadline(60_000, cancel.signal)
    cancel.abort(new Error('cancelled'))
    expect(first.signal.reason).toEqual(new Error('cancelled'))
    const second = prewarmDeadline(60_000, new AbortController().signal)
    second.clear()
    await jest.advanceTimersByTimeAsync(120_000)
    expect(second.signal.aborted).toBe(false)
  })

  it('never keeps the process alive by itself', () => {
    const made = jest.spyOn(global, 'setTimeout')
    const { clear } = prewarmDeadline(60_000, new AbortController().signal)
    const timer = made.mock.results[0].value as NodeJS.Timeout
    expect(timer.hasRef()).toBe(false)
    clear()
    made.mockRestore()
  })
})
