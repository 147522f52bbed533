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
    expect(formatDuration(59.5)).toBe('60 s')
    expect(formatDuration(60)).toBe('1 min 0 s')
    expect(formatDuration(3599)).toBe('59 min 59 s')
    expect(formatDuration(3600)).toBe('1 h 0 min')
  })

  it('says the rate since the last line, and that it waits while nothing has come', () => {
    jest.useFakeTimers()
    try {
      const lines: string[] = []
      let now = 0
      const progress = new Progress(
        10e6,
        l => lines.push(l),
        1000,
        () => now
      )
      expect(progress.line()).toBe('0 B of 10.0 MB (0%), 0 B/s, waiting for data')
      progress.start()
      progress.add(3e6)
      now = 1000
      jest.advanceTimersByTime(1000)
      progress.add(1e6)
      now = 2000
      jest.advanceTimersByTime(1000)
      expect(lines).toEqual([
        '  progress: 3.0 MB of 10.0 MB (30%), 3.0 MB/s, about 3 s left',
        '  progress: 4.0 MB of 10.0 MB (40%), 1.0 MB/s, about 3 s left'
      ])
      progress.stop()
    } finally {
      jest.useRealTimers()
    }
  })

  it('never keeps the process alive by itself', () => {
    const made = jest.spyOn(global, 'setInterval')
    const progress = new Progress(10, () => undefined, 1000).start()
    expect((made.mock.results[0].value as NodeJS.Timeout).hasRef()).toBe(false)
    progress.stop()
    made.mockRestore()
  })
})
