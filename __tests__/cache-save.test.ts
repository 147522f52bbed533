import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const saveCache = jest.fn(async (_paths: string[], _key: string) => 1)
jest.unstable_mockModule('@actions/cache', () => ({
  saveCache,
  restoreCache: jest.fn(),
  isFeatureAvailable: () => true
}))
const { saveStep } = await import('../src/cache-save.js')
const { cacheFingerprint } = await import('../src/cache.js')

beforeEach(() => {
  core.resetCoreMock()
  saveCache.mockClear()
})

async function restoredCache() {
  const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-save-test-'))
  fs.mkdirSync(path.join(hubCache, 'models--a--b', 'blobs'), { recursive: true })
  fs.writeFileSync(path.join(hubCache, 'models--a--b', 'blobs', 'a'.repeat(40)), 'restored')
  const state = {
    hubCache,
    key: 'hf-hub-Linux-X64-k',
    hit: false,
    fingerprint: await cacheFingerprint(hubCache),
    save: true
  }
  const add = (bytes: number) =>
    fs.writeFileSync(path.join(hubCache, 'models--a--b', 'blobs', 'b'.repeat(40)), Buffer.alloc(bytes))
  return { state, add }
}

describe('saveStep', () => {
  it('saves when something was added since restore', async () => {
    const { state, add } = await restoredCache()
    add(10)
    await saveStep(state)
    expect(saveCache).toHaveBeenCalledWith(
      [`${state.hubCache}/models--*`, `${state.hubCache}/datasets--*`, `${state.hubCache}/spaces--*`],
      state.key
    )
  })

  it('does not save an exact hit, an unchanged cache, or with save-cache: false', async () => {
    const { state, add } = await restoredCache()
    await saveStep(state)
    await saveStep({ ...state, hit: true })
    add(10)
    await saveStep({ ...state, save: false })
    expect(saveCache).not.toHaveBeenCalled()
  })

  it('warns instead of uploading a cache over the quota', async () => {
    const { state, add } = await restoredCache()
    add(100)
    await saveStep(state, 50)
    expect(saveCache).not.toHaveBeenCalled()
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining('over GitHub'), {
      title: 'Hugging Face cache too large'
    })
  })

  it('warns when the cache service refuses the save', async () => {
    const { state, add } = await restoredCache()
    add(10)
    saveCache.mockResolvedValueOnce(-1)
    await saveStep(state)
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining('was not saved'), {
      title: 'Cache not saved'
    })
  })
})
