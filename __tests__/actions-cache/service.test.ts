/** The toolkit's calls, one stage a call; a failing service is a warning, never a throw. */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const restoreCache =
  jest.fn<(paths: string[], key: string, keys?: string[], options?: object) => Promise<string | undefined>>()
const saveCache = jest.fn<(paths: string[], key: string) => Promise<number>>()
jest.unstable_mockModule('@actions/cache', () => ({
  restoreCache,
  saveCache,
  isFeatureAvailable: () => true
}))
const { entryExists, restoreEntry, saveEntry } = await import('../../src/actions-cache/service.js')

beforeEach(() => {
  core.resetCoreMock()
  restoreCache.mockReset()
  saveCache.mockReset()
})

describe('the cache service', () => {
  it('restores one stage under its key, with the restore keys given; a hit only for the key itself', async () => {
    restoreCache.mockResolvedValueOnce('k').mockResolvedValueOnce('k/older')
    expect(await restoreEntry('/hub/.hf-auth-action/x', 'k', ['k/', 'p/'])).toEqual({
      matchedKey: 'k',
      hit: true
    })
    expect(restoreCache).toHaveBeenCalledWith(['/hub/.hf-auth-action/x'], 'k', ['k/', 'p/'])
    expect(await restoreEntry('/s', 'k', ['k/'])).toEqual({ matchedKey: 'k/older', hit: false })
  })

  it('a failing restore is a warning naming the entry, and nothing restored', async () => {
    restoreCache.mockRejectedValueOnce(new Error('service down'))
    expect(await restoreEntry('/s', 'k', [])).toEqual({ hit: false })
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringContaining(
        'Restoring the Hugging Face cache entry k failed, continuing without it: service down'
      ),
      { title: 'Cache restore failed' }
    )
  })

  it('looks an entry up without downloading it: only the exact key counts', async () => {
    restoreCache
      .mockResolvedValueOnce('k')
      .mockResolvedValueOnce(undefined)
      .mockRejectedValueOnce(new Error('x'))
    expect(await entryExists('/s', 'k')).toBe(true)
    expect(restoreCache).toHaveBeenCalledWith(['/s'], 'k', [], { lookupOnly: true })
    expect(await entryExists('/s', 'k')).toBe(false)
    expect(await entryExists('/s', 'k')).toBe(false)
  })

  it('saves one stage under its key; a refusal (-1) or a throw is false, a throw also a warning', async () => {
    saveCache.mockResolvedValueOnce(7).mockResolvedValueOnce(-1).mockRejectedValueOnce(new Error('quota'))
    expect(await saveEntry('/s', 'k')).toBe(true)
    expect(saveCache).toHaveBeenCalledWith(['/s'], 'k')
    expect(await saveEntry('/s', 'k')).toBe(false)
    expect(core.warning).not.toHaveBeenCalled()
    expect(await saveEntry('/s', 'k')).toBe(false)
    expect(core.warning).toHaveBeenCalledWith('Saving the Hugging Face cache entry k failed: quota', {
      title: 'Cache save failed'
    })
  })
})
