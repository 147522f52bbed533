import { describe, expect, it } from '@jest/globals'
import { isLeftover, leftoverRemovable, STALE_LEFTOVER_MS } from '../../src/hub-cache/leftovers.js'

const NOW = 1_800_000_000_000
const aged = (rel: string, ageMs: number, kind: 'file' | 'link' | 'dir' = 'file') => ({
  rel,
  kind,
  mtimeMs: NOW - ageMs
})

describe('temporary files of writers sharing a hub cache', () => {
  it('are named as temporary files, and are never folders', () => {
    expect(isLeftover({ rel: 'blobs/x.123-ab.incomplete', kind: 'file' })).toBe(true)
    expect(isLeftover({ rel: 'snapshots/c/config.json.123-ab.tmp', kind: 'link' })).toBe(true)
    expect(isLeftover({ rel: 'blobs/x.123-ab.tmp', kind: 'dir' })).toBe(false)
    expect(isLeftover({ rel: 'blobs/' + 'a'.repeat(40), kind: 'file' })).toBe(false)
  })

  it("another writer's, file or link, is in use until it is ten minutes untouched", () => {
    for (const kind of ['file', 'link'] as const) {
      expect(leftoverRemovable(aged('a.json.777-ab.tmp', STALE_LEFTOVER_MS, kind), NOW, 123)).toBe(false)
      expect(leftoverRemovable(aged('a.json.777-ab.tmp', STALE_LEFTOVER_MS + 1, kind), NOW, 123)).toBe(true)
    }
    expect(STALE_LEFTOVER_MS).toBe(10 * 60 * 1000)
  })

  it("the step's own goes at once; without a step named, only stale ones go", () => {
    expect(leftoverRemovable(aged('a.json.123-ab.tmp', 0, 'link'), NOW, 123)).toBe(true)
    expect(leftoverRemovable(aged('a.json.123-ab.tmp', 0, 'link'), NOW)).toBe(false)
    expect(leftoverRemovable(aged('blobs/x.123-ab.incomplete', STALE_LEFTOVER_MS + 1), NOW)).toBe(true)
  })

  it('what is not a temporary file never goes, however old: a blob, a folder named like one', () => {
    expect(leftoverRemovable(aged('blobs/' + 'a'.repeat(40), STALE_LEFTOVER_MS * 10), NOW)).toBe(false)
    expect(leftoverRemovable(aged('blobs/x.123-ab.tmp', STALE_LEFTOVER_MS * 10, 'dir'), NOW, 123)).toBe(false)
  })
})
