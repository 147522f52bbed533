import { describe, expect, it, jest } from '@jest/globals'
import { formatDuration, Progress } from '../../src/prewarm/progress.js'

describe('progress', () => {
  it('says bytes done of the total, the recent rate and the time left at the average rate', () => {
    const lines: string[] = []
    let now = 1_000_000
    const progress = new Progress(
      10e6,
      l => lines.push(l),
      1000,
      () => now
    )
    progress.add(2.5e6)
    now += 1000
    expect(progress.line()).toBe('2.5 MB of 10.0 MB (25%), 2.5 MB/s, about 3 s left')
    now += 1000
    expect(progress.line()).toBe('2.5 MB of 10.0 MB (25%), 2.5 MB/s, about 6 s left')
  })

  it('prints a line each interval while bytes are still to come, and stops printing when stopped', () => {
    jest.useFakeTimers()
    try {
      const lines: string[] = []
      const progress = new Progress(10, l => lines.push(l), 1000).start()
      progress.add(4)
      jest.advanceTimersByTime(2500)
      expect(lines).toHaveLength(2)
      progress.stop()
      jest.advanceTimersByTime(5000)
      expect(lines).toHaveLength(2)
    } finally {
      jest.useRealTimers()
    }
  })

  it('keeps no timer and prints nothing for a pre-warm with nothing to fetch, and calls it complete', () => {
    jest.useFakeTimers()
    try {
      const lines: string[] = []
      const progress = new Progress(0, l => lines.push(l), 1000).start()
      expect(jest.getTimerCount()).toBe(0)
      jest.advanceTimersByTime(5000)
      expect(lines).toEqual([])
      expect(progress.line()).toMatch(/ of .* \(100%\)/)
    } finally {
      jest.useRealTimers()
    }
  })

  it('formats durations for people', () => {
    expect(formatDuration(4.2)).toBe('5 s')
    expect(formatDuration(125)).toBe('2 min 5 s')
    expect(formatDuration(7300)).toBe('2 h 1 min')
  })
})
