/**
 * An entry's version: the same for every hub cache and machine of one OS. (That the toolkit's saves are found
 * under it is proved end to end: the real @actions/cache saves, the action's lookup finds.)
 */
import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { cacheLimits, cacheMode } from '../../src/actions-cache/service.js'
import { ENTRY_PATH, entryVersion } from '../../src/actions-cache/version.js'

const sha = (text: string) => createHash('sha256').update(text).digest('hex')

describe('the entry version', () => {
  it('hashes the one relative path, the compression and the toolkit’s salt; Windows apart', () => {
    expect(ENTRY_PATH).toBe('hub')
    expect(entryVersion('zstd-without-long', 'linux')).toBe(sha('hub|zstd-without-long|1.0'))
    expect(entryVersion('gzip', 'darwin')).toBe(sha('hub|gzip|1.0'))
    expect(entryVersion('zstd-without-long', 'win32')).toBe(sha('hub|zstd-without-long|windows-only|1.0'))
  })
})

describe('the time limits', () => {
  it('are 30 s a lookup, 60 s windows a download, 2 minutes plus the upload a save; one variable sets all', () => {
    expect(cacheLimits({})).toEqual({ lookupMs: 30_000, windowMs: 60_000, saveMs: 120_000 })
    expect(cacheLimits({ HF_ACTION_CACHE_TIMEOUT_SECONDS: '2.5' })).toEqual({
      lookupMs: 2500,
      windowMs: 2500,
      saveMs: 2500
    })
    for (const bad of ['0', '-1', 'soon'])
      expect(cacheLimits({ HF_ACTION_CACHE_TIMEOUT_SECONDS: bad }).lookupMs).toBe(30_000)
  })
})

describe('the runner’s cache mode', () => {
  it.each([
    ['', true, true],
    ['none', false, false],
    ['read', true, false],
    ['write', true, true],
    [' Write-Only ', false, true],
    ['something new', true, true]
  ])('ACTIONS_CACHE_MODE=%j: read %s, write %s (as @actions/cache reads it)', (mode, read, write) => {
    expect(cacheMode({ ACTIONS_CACHE_MODE: mode })).toMatchObject({ read, write })
  })
})
