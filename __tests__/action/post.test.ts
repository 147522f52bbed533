/**
 * The post step: it reads main's record, cleans up what main made, and saves as planned from what main learnt,
 * with the saver behind a stand-in (steps/save.ts): no cache service, no staging.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'
import type { PostSteps } from '../../src/action/steps/save.js'
import type { SavePlan } from '../../src/actions-cache/save-plan.js'
import type { SavedEntry } from '../../src/actions-cache/save.js'
import type { CacheState, EntryState } from '../../src/actions-cache/types.js'
import type { CachedSnapshot } from '../../src/hub-cache/repo-folders.js'

const { summary: realSummary } = await import('@actions/core')
jest.unstable_mockModule('@actions/core', () => ({ ...core, summary: realSummary }))
const { runPost: runPostWith } = await import('../../src/action/post.js')
const { entryKey } = await import('../../src/actions-cache/keys.js')
const { writeTokenFile } = await import('../../src/auth/token-file.js')

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-post-')))
const hubCache = path.join(root, 'hub')
// The toolkit's summary keeps the first file it wrote to: one file for the suite, emptied before each test.
const summaryFile = path.join(root, 'summary.md')
process.env.GITHUB_STEP_SUMMARY = summaryFile
const C = 'c'.repeat(40)
const D = 'd'.repeat(40)
const listed: EntryState = {
  type: 'model',
  id: 'acme/one',
  commit: C,
  key: entryKey('model', 'acme/one', C, { globs: [] }),
  listed: true,
  restored: 'none'
}
const cache: CacheState = {
  hubCache,
  scope: 's',
  entries: [listed],
  snapshotsAfterRestore: [],
  save: true,
  mainPid: 7
}
const later: CachedSnapshot = {
  folder: 'datasets--acme--data',
  type: 'dataset',
  id: 'acme/data',
  commit: D,
  files: ['x.json']
}

/** What post asked of the saver, in order; the plan it carried out. */
const calls: string[] = []
let plans: SavePlan[] = []
const saver = {
  readyDisk: jest.fn(async () => {
    calls.push('readyDisk')
    return [later]
  }),
  carryOut: jest.fn(async (plan: SavePlan): Promise<SavedEntry[]> => {
    calls.push('carryOut')
    plans.push(plan)
    return [...plan.listed, ...plan.added].map(({ entry, key }) => ({ entry, key, outcome: 'saved' }))
  }),
  close: jest.fn(async () => {
    calls.push('close')
  })
}
const openSaver = jest.fn<PostSteps['openSaver']>(async () => saver)
const runPost = () => runPostWith({ openSaver })

function recorded(record: unknown) {
  core.getState.mockImplementation(() => JSON.stringify(record))
}

beforeEach(() => {
  core.resetCoreMock()
  jest.clearAllMocks()
  calls.length = 0
  plans = []
  fs.writeFileSync(summaryFile, '')
})

describe('runPost', () => {
  it('does nothing without a record', async () => {
    core.getState.mockImplementation(() => '')
    await runPost()
    expect(core.info).toHaveBeenCalledWith('Nothing to clean up: the main step saved no state.')
    expect(openSaver).not.toHaveBeenCalled()
  })

  it('removes the token file and main’s stages, then saves with what main learnt of the files', async () => {
    const token = path.join(root, 'token')
    const tokenFile = (await writeTokenFile(token, 'hf_x'))!
    const stages = path.join(hubCache, '.hf-auth-action', '7-abc')
    fs.mkdirSync(path.join(stages, '1-entry'), { recursive: true })
    // A step that died long ago left its stages; another job's live step sharing the hub cache keeps its own.
    const dead = path.join(hubCache, '.hf-auth-action', '1-dead')
    const live = path.join(hubCache, '.hf-auth-action', '2-live')
    fs.mkdirSync(path.join(dead, '1-models--acme--one'), { recursive: true })
    fs.mkdirSync(live)
    const old = new Date(Date.now() - 7 * 60 * 60 * 1000)
    fs.utimesSync(dead, old, old)
    recorded({ version: 1, tokenFile, stages: { hubCache, root: stages }, cache })
    await runPost()
    expect(fs.existsSync(token)).toBe(false)
    expect(core.info).toHaveBeenCalledWith(`Removed the token file ${token}`)
    expect(fs.readdirSync(path.join(hubCache, '.hf-auth-action'))).toEqual(['2-live'])
    expect(openSaver).toHaveBeenCalledWith(cache)
    // An unfinished pre-warm: the listed repo under a partial key, what a later step added under its own.
    expect(plans[0].listed.map(i => i.key)).toEqual([expect.stringMatching(`^${listed.key}/partial-`)])
    expect(plans[0].added.map(i => i.key)).toEqual([
      entryKey('dataset', 'acme/data', D, { files: ['x.json'] })
    ])
    expect(core.info).toHaveBeenCalledWith(
      'Cache: the pre-warm did not finish, so what it fetched is saved under partial keys.'
    )
    recorded({ version: 1, cache, filesComplete: true })
    await runPost()
    expect(plans[1].listed.map(i => i.key)).toEqual([listed.key])
  })

  it('readies the hub cache, plans from what it holds, carries the plan out, closes, then writes the summary', async () => {
    recorded({ version: 1, cache, filesComplete: true })
    await runPost()
    expect(calls).toEqual(['readyDisk', 'carryOut', 'close'])
    expect(plans[0].index.map(e => e.id)).toEqual(['acme/one', 'acme/data'])
    const summary = fs.readFileSync(summaryFile, 'utf8')
    expect(summary).toContain('<h3>Cache saved</h3>')
    expect(summary).toContain('acme/data')
    expect(core.info).not.toHaveBeenCalledWith(expect.stringContaining('partial keys'))
  })

  it('saves nothing, and writes no summary, when the saver says this post saves nothing', async () => {
    openSaver.mockResolvedValueOnce(undefined)
    recorded({ version: 1, cache, filesComplete: true })
    await runPost()
    expect(calls).toEqual([])
    expect(fs.readFileSync(summaryFile, 'utf8')).toBe('')
  })

  it('closes the saver (its stages removed) when carrying the plan out fails, and warns once', async () => {
    saver.carryOut.mockRejectedValueOnce(new Error('disk full'))
    recorded({ version: 1, cache, filesComplete: true })
    await runPost()
    expect(calls).toEqual(['readyDisk', 'close'])
    expect(core.warning).toHaveBeenCalledTimes(1)
    expect(core.warning).toHaveBeenCalledWith('Saving the Hugging Face cache failed: disk full', {
      title: 'Cache save failed'
    })
    expect(fs.readFileSync(summaryFile, 'utf8')).toBe('')
  })

  it('refuses a record it cannot read, with a warning, touching nothing', async () => {
    const token = path.join(root, 'kept')
    fs.writeFileSync(token, 'not ours')
    recorded({ version: 2, tokenFile: { path: token }, cache })
    await runPost()
    expect(fs.existsSync(token)).toBe(true)
    expect(openSaver).not.toHaveBeenCalled()
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
    const { dev, ino, mtimeNs } = fs.lstatSync(stuck, { bigint: true })
    recorded({
      version: 1,
      tokenFile: { path: stuck, identity: `${dev}:${ino}:${mtimeNs}` },
      cache,
      filesComplete: true
    })
    await runPost()
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringMatching(`^Could not remove the token file ${stuck}: `)
    )
    expect(core.info).not.toHaveBeenCalledWith(`Removed the token file ${stuck}`)
    expect(openSaver).toHaveBeenCalledTimes(1)
  })

  it('turns a failed save into one warning, never a failure', async () => {
    openSaver.mockRejectedValueOnce(new Error('disk full'))
    recorded({ version: 1, cache, filesComplete: true })
    await runPost()
    expect(core.warning).toHaveBeenCalledWith('Saving the Hugging Face cache failed: disk full', {
      title: 'Cache save failed'
    })
  })
})
