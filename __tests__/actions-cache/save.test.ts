import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const saveCache = jest.fn(async (_paths: string[], _key: string) => 1)
jest.unstable_mockModule('@actions/cache', () => ({
  saveCache,
  restoreCache: jest.fn(),
  isFeatureAvailable: () => true
}))
const { saveStep } = await import('../../src/actions-cache/save.js')
const { cachePaths } = await import('../../src/actions-cache/service.js')
const { cacheFingerprint } = await import('../../src/hub-cache/archived.js')

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
    save: true,
    complete: true,
    pid: process.pid
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
    expect(saveCache).toHaveBeenCalledWith(cachePaths(state.hubCache), state.key)
  })

  // Each case on a cache that changed since the restore, so only the check named stops the save.
  it('does not save an exact hit, even when later steps added files', async () => {
    const { state, add } = await restoredCache()
    add(10)
    await saveStep({ ...state, hit: true })
    expect(saveCache).not.toHaveBeenCalled()
  })

  it('does not save with save-cache: false, even when later steps added files', async () => {
    const { state, add } = await restoredCache()
    add(10)
    await saveStep({ ...state, save: false })
    expect(saveCache).not.toHaveBeenCalled()
  })

  it('does not save a cache unchanged since the restore', async () => {
    const { state } = await restoredCache()
    await saveStep(state)
    expect(saveCache).not.toHaveBeenCalled()
  })

  it('saves an unfinished pre-warm under a partial key the primary key finds by prefix, never the primary', async () => {
    const { state, add } = await restoredCache()
    add(10)
    process.env.GITHUB_RUN_ID = '77'
    process.env.GITHUB_RUN_ATTEMPT = '2'
    try {
      await saveStep({ ...state, complete: false })
    } finally {
      delete process.env.GITHUB_RUN_ID
      delete process.env.GITHUB_RUN_ATTEMPT
    }
    expect(saveCache).toHaveBeenCalledTimes(1)
    expect(saveCache.mock.calls[0][1]).toBe(`${state.key}-partial-77-2`)
  })

  it('removes a repo folder that is a link (never its target) and leftovers of main, before saving', async () => {
    const { state, add } = await restoredCache()
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-outside-'))
    fs.writeFileSync(path.join(outside, 'keep.tmp'), 'not ours')
    fs.symlinkSync(outside, path.join(state.hubCache, 'models--evil--link'))
    const blobs = path.join(state.hubCache, 'models--a--b', 'blobs')
    fs.writeFileSync(path.join(blobs, `${'c'.repeat(40)}.${process.pid}-abc.incomplete`), 'partial')
    fs.writeFileSync(path.join(blobs, `${'d'.repeat(40)}.999999-abc.incomplete`), 'another writer, fresh')
    add(10)
    await saveStep(state)
    expect(fs.existsSync(path.join(state.hubCache, 'models--evil--link'))).toBe(false)
    expect(fs.readFileSync(path.join(outside, 'keep.tmp'), 'utf8')).toBe('not ours')
    expect(fs.readdirSync(blobs).sort()).toEqual([
      'a'.repeat(40),
      'b'.repeat(40),
      `${'d'.repeat(40)}.999999-abc.incomplete`
    ])
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining('must be a folder, not a link'), {
      title: 'Hugging Face cache: link removed'
    })
    expect(saveCache).toHaveBeenCalledTimes(1)
  })

  it('leaves the size limit to the service, and says the size and how to save less when it refuses', async () => {
    const { state, add } = await restoredCache()
    add(12 * 1024 * 1024)
    saveCache.mockResolvedValueOnce(-1)
    await saveStep(state)
    expect(saveCache).toHaveBeenCalledTimes(1)
    const [message, props] = core.warning.mock.calls.at(-1)!
    expect(props).toEqual({ title: 'Cache not saved' })
    expect(String(message)).toContain('The Hugging Face cache (12.6 MB) was not saved')
    expect(String(message)).toContain('narrow the files with globs in "repos"')
  })
})
