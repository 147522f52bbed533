import { describe, expect, it } from '@jest/globals'
import { formatBytes } from '../../src/shared/format.js'
import { isHex40, isHex64, isRecord, isSize } from '../../src/shared/shape.js'
import { LEFTOVER, temporaryName, uniqueSuffix, writtenBy } from '../../src/shared/temp-name.js'

describe('shapes of JSON from the network', () => {
  it('takes an object as a record, never null or a list', () => {
    expect(isRecord({})).toBe(true)
    for (const value of [null, [], 'x', 1, undefined]) expect(isRecord(value)).toBe(false)
  })

  it('takes a size only as a safe whole number from 0', () => {
    for (const value of [0, 1, 2 ** 53 - 1]) expect(isSize(value)).toBe(true)
    for (const value of [-1, 1.5, 2 ** 53, NaN, Infinity, '1', null]) expect(isSize(value)).toBe(false)
  })

  it('takes lower-case hex of exactly 40 or 64 characters', () => {
    expect(isHex40('a'.repeat(40))).toBe(true)
    expect(isHex64('0123456789abcdef'.repeat(4))).toBe(true)
    for (const value of [
      'a'.repeat(39),
      'a'.repeat(41),
      'A'.repeat(40),
      `x${'a'.repeat(39)}`,
      `${'a'.repeat(39)}g`,
      40,
      // Not text, though its text would pass.
      ['a'.repeat(40)]
    ])
      expect(isHex40(value)).toBe(false)
    for (const value of [
      'a'.repeat(63),
      'a'.repeat(65),
      'F'.repeat(64),
      `${'a'.repeat(64)}\n`,
      null,
      ['a'.repeat(64)]
    ])
      expect(isHex64(value)).toBe(false)
  })
})

describe('sizes for people', () => {
  it('uses decimal units, one decimal past bytes, and stops at TB', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(999)).toBe('999 B')
    expect(formatBytes(1000)).toBe('1.0 KB')
    expect(formatBytes(2_500_000)).toBe('2.5 MB')
    expect(formatBytes(75.2e9)).toBe('75.2 GB')
    expect(formatBytes(3e12)).toBe('3.0 TB')
    expect(formatBytes(5e15)).toBe('5000.0 TB')
  })
})

describe('temporary names', () => {
  it('are unpredictable, name their writer, and end as leftovers do', () => {
    const name = temporaryName('/cache/blobs/abc', 'incomplete')
    expect(name).toMatch(new RegExp(`^/cache/blobs/abc\\.${process.pid}-[0-9a-f]{12}\\.incomplete$`))
    expect(temporaryName('/x', 'tmp')).toMatch(/\.tmp$/)
    expect(uniqueSuffix()).not.toBe(uniqueSuffix())
    expect(LEFTOVER.test(name)).toBe(true)
    expect(LEFTOVER.test('/x.tmp')).toBe(true)
    expect(LEFTOVER.test('/x.tmp.json')).toBe(false)
    expect(LEFTOVER.test('/x.incompletely')).toBe(false)
    expect(writtenBy(name, process.pid)).toBe(true)
    expect(writtenBy(name, process.pid + 1)).toBe(false)
    // Only the file's own name counts, not a folder above it.
    expect(writtenBy(`/a.${process.pid}-b/file.tmp`, process.pid)).toBe(false)
  })
})
