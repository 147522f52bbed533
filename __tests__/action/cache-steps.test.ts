/**
 * main's cache steps with the subsystems behind them stood in for: when each runs, what it hands on, and what
 * it tells post through the record. The access step and the cancel handler too.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'
import type { CacheState } from '../../src/actions-cache/types.js'

const state: CacheState = {
  hubCache: '/hf/hub',
  scope: 's',
  entries: [],
  snapshotsAfterRestore: [],
  save: true,
  mainPid: 1
}
const report = { key: 'index/', hit: true, entries: [] }
const restoreStep = jest.fn(async (_inputs: unknown, _targets: unknown, onStages: (s: unknown) => void) => {
  onStages({ hubCache: '/hf/hub', root: '/hf/hub/.hf-auth-action/1-a' })
  return { report, state: restored ? state : undefined }
})
let restored = true
const restoreForOffline = jest.fn(
  async (_i: unknown, _s: unknown, _c: unknown, onStages: (s: unknown) => void) => {
    onStages({ hubCache: '/hf/hub', root: '/hf/hub/.hf-auth-action/1-b' })
    return report
  }
)
const prewarmRepos = jest.fn(async (_c: unknown, _t: unknown, _h: unknown, signal: AbortSignal) => {
  signals.push(signal)
  return [{ files: 1, bytes: 1, downloadedFiles: 1, downloadedBytes: 1, seconds: 1 }]
})
const verifyCachedRepos = jest.fn(async (_c: unknown, _t: unknown, _h: unknown, signal: AbortSignal) => {
  signals.push(signal)
})
const findSnapshots = jest.fn(async (targets: unknown[], _hubCache: string) => targets.map(() => '/snap'))
const checkRepos = jest.fn(async (specs: { id: string }[], _ctx: unknown) =>
  specs.map(spec => ({ spec, access: 'granted', commit: 'c'.repeat(40), gated: false, url: '', message: '' }))
)
const signals: AbortSignal[] = []
jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('../../src/actions-cache/restore.js', () => ({ restoreStep }))
jest.unstable_mockModule('../../src/actions-cache/offline.js', () => ({ restoreForOffline }))
jest.unstable_mockModule('../../src/prewarm/prewarm.js', () => ({
  prewarmRepos,
  verifyCachedRepos,
  findSnapshots
}))
const hubAccess = await import('../../src/hub/access.js')
jest.unstable_mockModule('../../src/hub/access.js', () => ({ ...hubAccess, checkRepos }))

const steps = await import('../../src/action/steps/cache.js')
const { checkAccess } = await import('../../src/action/steps/access.js')
const { onCancel } = await import('../../src/action/cancel.js')
const { RecordForPost, readPostRecord } = await import('../../src/action/record.js')
const { getInputs } = await import('../../src/action/inputs.js')
const { parseRepoSpecs } = await import('../../src/hub/repo-spec.js')

const [spec] = parseRepoSpecs('acme/one')
const targets = [{ key: 'model/acme/one@main', spec, commit: 'c'.repeat(40) }]
const client = {} as never

function inputs(values: Record<string, string> = {}) {
  Object.assign(core.inputs, { repos: 'acme/one', 'hf-home': '/hf', ...values })
  return getInputs({})
}
function lastRecord() {
  const [, value] = core.saveState.mock.calls.at(-1)!
  core.getState.mockImplementation(() => String(value))
  const read = readPostRecord()
  return 'record' in read ? read.record : undefined
}

beforeEach(() => {
  core.resetCoreMock()
  for (const mock of [
    restoreStep,
    restoreForOffline,
    prewarmRepos,
    verifyCachedRepos,
    findSnapshots,
    checkRepos
  ])
    mock.mockClear()
  signals.length = 0
  restored = true
})

describe('restoreCache', () => {
  it('restores the targets, telling post where the stages are and that the files wait for the pre-warm', async () => {
    const record = new RecordForPost()
    expect(await steps.restoreCache(inputs({ download: 'true' }), targets, record)).toBe(report)
    expect(restoreStep.mock.calls[0][1]).toBe(targets)
    expect(lastRecord()).toMatchObject({
      stages: { root: '/hf/hub/.hf-auth-action/1-a' },
      cache: state,
      filesComplete: false
    })
    await steps.restoreCache(inputs({ download: 'false' }), targets, record)
    expect(lastRecord()).toMatchObject({ filesComplete: true })
  })

  it('records no cache for post when the restore says there is nothing to save', async () => {
    restored = false
    const record = new RecordForPost()
    await steps.restoreCache(inputs(), targets, record)
    expect(lastRecord()?.cache).toBeUndefined()
  })

  it('does nothing with cache: false, and says why with no repos listed', async () => {
    const record = new RecordForPost()
    expect(await steps.restoreCache(inputs({ cache: 'false' }), targets, record)).toBeUndefined()
    core.resetCoreMock()
    expect(await steps.restoreCache(inputs({ repos: '' }), [], record)).toBeUndefined()
    expect(core.info).toHaveBeenCalledWith(
      expect.stringContaining('nothing to cache until "repos" lists the models')
    )
    expect(restoreStep).not.toHaveBeenCalled()
  })
})

describe('standInForHub', () => {
  it('asks the cache to stand in only with cache on and repos listed, telling post where the stages are', async () => {
    const record = new RecordForPost()
    const down = new Error('down')
    expect(await steps.standInForHub(inputs(), down, record)).toBe(report)
    expect(restoreForOffline.mock.calls[0][2]).toBe(down)
    expect(lastRecord()).toMatchObject({ stages: { root: '/hf/hub/.hf-auth-action/1-b' } })
    expect(await steps.standInForHub(inputs({ cache: 'false' }), down, record)).toBeUndefined()
    expect(await steps.standInForHub(inputs({ repos: '' }), down, record)).toBeUndefined()
    expect(restoreForOffline).toHaveBeenCalledTimes(1)
  })
})

describe('prewarmOrCheck', () => {
  it('pre-warms with download, else checks the cache, both under the deadline and the cancel', async () => {
    const cancel = new AbortController()
    expect(
      await steps.prewarmOrCheck(client, inputs({ download: 'true' }), targets, cancel.signal)
    ).toHaveLength(1)
    expect(verifyCachedRepos).not.toHaveBeenCalled()
    expect(
      await steps.prewarmOrCheck(client, inputs({ download: 'false' }), targets, cancel.signal)
    ).toBeUndefined()
    expect(verifyCachedRepos).toHaveBeenCalledTimes(1)
    expect(prewarmRepos).toHaveBeenCalledTimes(1)
    cancel.abort(new Error('cancelled'))
    expect(signals.map(s => s.aborted)).toEqual([true, true])
  })

  it('finds each target’s snapshot folder in the hub cache', async () => {
    expect(await steps.findSnapshotPaths(targets, '/hf/hub')).toEqual(['/snap'])
    expect(findSnapshots).toHaveBeenCalledWith(targets, '/hf/hub')
  })
})

describe('checkAccess', () => {
  it('checks each listed repo with the account, logging each in a group', async () => {
    const checked = await checkAccess(client, inputs(), 'alice', undefined)
    expect(checked.unreachableReason).toBeUndefined()
    expect(checked.statuses.map(s => s.access)).toEqual(['granted'])
    expect(checkRepos.mock.calls[0][1]).toMatchObject({ account: 'alice' })
    expect(core.startGroup).toHaveBeenCalledWith('Checking access to 1 repo(s)')
    expect(core.endGroup).toHaveBeenCalled()
  })

  it('asks nothing when the Hub is known down or no repo is listed; every check unreachable is the Hub down', async () => {
    const down = new Error('down')
    const none = await checkAccess(client, inputs(), 'alice', down)
    expect(none).toMatchObject({
      unreachableReason: down,
      statuses: [{ access: 'error', unreachable: true }]
    })
    expect(await checkAccess(client, inputs({ repos: '' }), 'alice', undefined)).toEqual({
      statuses: [],
      unreachableReason: undefined
    })
    expect(checkRepos).not.toHaveBeenCalled()
    checkRepos.mockResolvedValueOnce([
      { spec, access: 'error', gated: false, url: '', message: 'HTTP 503', unreachable: true }
    ] as never)
    expect((await checkAccess(client, inputs(), 'alice', undefined)).unreachableReason?.message).toBe(
      'HTTP 503'
    )
  })
})

describe('onCancel', () => {
  it('aborts main’s work at the first signal, exits at the second, and stops listening when told', () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
    try {
      const controller = new AbortController()
      const stop = onCancel(controller)
      process.emit('SIGTERM', 'SIGTERM')
      expect(controller.signal.reason).toMatchObject({
        title: 'Cancelled',
        message: 'The step was cancelled (SIGTERM); the post step removes what it wrote.'
      })
      expect(exit).not.toHaveBeenCalled()
      process.emit('SIGINT', 'SIGINT')
      expect(exit).toHaveBeenCalledWith(1)
      stop()
      expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(0)
    } finally {
      exit.mockRestore()
    }
  })
})
