/** The post step: it reads main's record, cleans up what main made, and hands the save what main learnt. */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'
import type { CacheState } from '../../src/actions-cache/types.js'

const saveStep = jest.fn<(cache: CacheState, filesComplete: boolean) => Promise<[]>>(async () => [])
jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('../../src/actions-cache/save.js', () => ({ saveStep }))
const { runPost } = await import('../../src/action/post.js')

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-post-')))
const hubCache = path.join(root, 'hub')
const cache: CacheState = {
  hubCache,
  scope: 's',
  entries: [],
  snapshotsAfterRestore: [],
  save: true,
  mainPid: 7
}

function recorded(record: unknown) {
  core.getState.mockImplementation(() => JSON.stringify(record))
}

beforeEach(() => {
  core.resetCoreMock()
  saveStep.mockClear()
})

describe('runPost', () => {
  it('does nothing without a record', async () => {
    core.getState.mockImplementation(() => '')
    await runPost()
    expect(core.info).toHaveBeenCalledWith('Nothing to clean up: the main step saved no state.')
    expect(saveStep).not.toHaveBeenCalled()
  })

  it('removes the token file and main’s stages, then saves with what main learnt of the files', async () => {
    const token = path.join(root, 'token')
    fs.writeFileSync(token, 'hf_x')
    const stages = path.join(hubCache, '.hf-auth-action', '7-abc')
    fs.mkdirSync(path.join(stages, '1-entry'), { recursive: true })
    // A step that died long ago left its stages; another job's live step sharing the hub cache keeps its own.
    const dead = path.join(hubCache, '.hf-auth-action', '1-dead')
    const live = path.join(hubCache, '.hf-auth-action', '2-live')
    fs.mkdirSync(path.join(dead, '1-models--acme--one'), { recursive: true })
    fs.mkdirSync(live)
    const old = new Date(Date.now() - 7 * 60 * 60 * 1000)
    fs.utimesSync(dead, old, old)
    recorded({ version: 1, tokenFile: { path: token }, stages: { hubCache, root: stages }, cache })
    await runPost()
    expect(fs.existsSync(token)).toBe(false)
    expect(core.info).toHaveBeenCalledWith(`Removed the token file ${token}`)
    expect(fs.readdirSync(path.join(hubCache, '.hf-auth-action'))).toEqual(['2-live'])
    expect(saveStep).toHaveBeenCalledWith(cache, false)
    recorded({ version: 1, cache, filesComplete: true })
    await runPost()
    expect(saveStep).toHaveBeenLastCalledWith(cache, true)
  })

  it('refuses a record it cannot read, with a warning, touching nothing', async () => {
    const token = path.join(root, 'kept')
    fs.writeFileSync(token, 'not ours')
    recorded({ version: 2, tokenFile: { path: token }, cache })
    await runPost()
    expect(fs.existsSync(token)).toBe(true)
    expect(saveStep).not.toHaveBeenCalled()
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringContaining('its version is 2, this post reads 1'),
      {
        title: 'Post step: record refused'
      }
    )
  })

  it('removes stale stages of the hub cache main restored into, even when main recorded no stages of its own', async () => {
    const dead = path.join(hubCache, '.hf-auth-action', '1-dead-too')
    fs.mkdirSync(dead, { recursive: true })
    const old = new Date(Date.now() - 7 * 60 * 60 * 1000)
    fs.utimesSync(dead, old, old)
    recorded({ version: 1, cache, filesComplete: true })
    await runPost()
    expect(fs.existsSync(dead)).toBe(false)
  })

  it('warns when the token file cannot be removed, and goes on to save', async () => {
    const stuck = path.join(root, 'stuck')
    fs.mkdirSync(path.join(stuck, 'inside'), { recursive: true })
    recorded({ version: 1, tokenFile: { path: stuck }, cache, filesComplete: true })
    await runPost()
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringMatching(`^Could not remove the token file ${stuck}: `)
    )
    expect(core.info).not.toHaveBeenCalledWith(`Removed the token file ${stuck}`)
    expect(saveStep).toHaveBeenCalledTimes(1)
  })

  it('turns a failed save into one warning, never a failure', async () => {
    saveStep.mockRejectedValueOnce(new Error('disk full'))
    recorded({ version: 1, cache, filesComplete: true })
    await runPost()
    expect(core.warning).toHaveBeenCalledWith('Saving the Hugging Face cache failed: disk full', {
      title: 'Cache save failed'
    })
  })
})
