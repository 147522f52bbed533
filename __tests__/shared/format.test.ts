/** Text for people: a few names and a count of the rest; sizes (shape.test.ts has formatBytes' units). */
import { describe, expect, it } from '@jest/globals'
import { namedFew } from '../../src/shared/format.js'

describe('namedFew', () => {
  it('names all when there are no more than shown', () => {
    expect(namedFew([], 2)).toBe('')
    expect(namedFew(['a', 'b'], 2)).toBe('a, b')
  })

  it('names the first shown, then counts the rest', () => {
    expect(namedFew(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more')
    expect(namedFew(['a', 'b', 'c'], 2)).toBe('a, b and 1 more')
  })
})
