/**
 * main's orchestration, with its steps behind stand-ins (steps/index.ts): which steps run on each path, what
 * the plan and the record learn, and that the outputs and the summary are set once on every path.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'
import type { MainSteps } from '../../src/action/steps/index.js'
import type { CacheReport, CacheState } from '../../src/actions-cache/types.js'
import type { AccessStatus } from '../../src/hub/access.js'

const { summary: realSummary } = await import('@actions/core')
jest.unstable_mockModule('@actions/core', () => ({ ...core, summary: realSummary }))
const { run: runStep, runMain } = await import('../../src/action/main.js')
const { RecordForPost, readPostRecord } = await import('../../src/action/record.js')
const { parseRepoSpecs } = await import('../../src/hub/repo-spec.js')
const { ActionError } = await import('../../src/shared/errors.js')

const C = 'c'.repeat(40)
const [one, two] = parseRepoSpecs('acme/one\nacme/two')
// The toolkit's summary keeps the first file it wrote to: one file for the suite, emptied before each test.
const summaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-main-')), 'summary.md')
process.env.GITHUB_STEP_SUMMARY = summaryFile

const granted = (spec: typeof one, commit = C): AccessStatus => ({
  spec,
  access: 'granted',
  commit,
  gated: false,
  url: `https://hub.example/${spec.id}`,
  message: ''
})
const cacheState: CacheState = {
  hubCache: '/hub',
  scope: 's',
  entries: [],
  snapshotsAfterRestore: [],
  save: true,
  mainPid: 1
}
const report = (over: Partial<CacheReport> = {}): CacheReport => ({
  key: 'hf-hub-v2/index/s/',
  hit: true,
  matchedKey: 'hf-hub-v2/index/s/abc',
  entries: [
    {
      type: 'model',
      id: 'acme/two',
      revision: 'main',
      commit: C,
      key: 'k2',
      listed: true,
      restored: 'exact'
    }
  ],
  ...over
})

/** Stand-ins for every step: a token, an identity, both repos granted, a cache that restores, a pre-warm. */
function stubSteps(): { [K in keyof MainSteps]: jest.Mock<MainSteps[K]> } {
  return {
    chooseToken: jest.fn<MainSteps['chooseToken']>(async () => ({ token: 'hf_abc', source: 'input' })),
    storeToken: jest.fn<MainSteps['storeToken']>(async () => undefined),
    identify: jest.fn<MainSteps['identify']>(async () => ({
      identity: { name: 'alice', orgs: [], role: 'read', canReadGatedRepos: true } as never
    })),
    setUpGit: jest.fn<MainSteps['setUpGit']>(async () => undefined),
    checkAccess: jest.fn<MainSteps['checkAccess']>(async () => ({
      statuses: [granted(one), granted(two)]
    })),
    restoreCache: jest.fn<MainSteps['restoreCache']>(async (_inputs, _targets, record) => {
      record.cacheRestored(cacheState, true)
      return report()
    }),
    standInForHub: jest.fn<MainSteps['standInForHub']>(async () => undefined),
    prewarmOrCheck: jest.fn<MainSteps['prewarmOrCheck']>(async (_c, _i, targets) =>
      targets.map((_, i) => ({ files: i + 1, bytes: 10, downloadedFiles: 1, downloadedBytes: 5, seconds: 1 }))
    ),
    findSnapshotPaths: jest.fn<MainSteps['findSnapshotPaths']>(async targets =>
      targets.map(t => `/hub/${t.spec.id}/snapshots/${t.commit}`)
    )
  }
}

function given(inputs: Record<string, string>) {
  Object.assign(core.inputs, { repos: 'acme/one\nacme/two', 'hf-home': '/hf', ...inputs })
}

const outputs = () => Object.fromEntries(core.setOutput.mock.calls.map(([k, v]) => [k, v]))
const reposOutput = () => JSON.parse(String(outputs().repos)) as Record<string, unknown>[]
const lastRecord = () => {
  const [, value] = core.saveState.mock.calls.at(-1)!
  core.getState.mockImplementation(() => String(value))
  const read = readPostRecord()
  if (!('record' in read)) throw new Error('no record')
  return read.record
}

async function run(steps: ReturnType<typeof stubSteps>) {
  const record = new RecordForPost()
  try {
    await runMain(record, new AbortController().signal, steps)
  } finally {
    record.persist()
  }
}

beforeEach(() => {
  core.resetCoreMock()
  core.getState.mockImplementation(() => '')
  fs.writeFileSync(summaryFile, '')
  realSummary.emptyBuffer()
})

describe('runMain', () => {
  it('restores, pre-warms, and sets each output once from the plan', async () => {
    given({ download: 'true' })
    const steps = stubSteps()
    await run(steps)
    // The pre-warm learns each repo's files; the restore, each repo's entry; the paths come last.
    expect(steps.prewarmOrCheck.mock.calls[0][2].map(t => [t.spec.id, t.commit])).toEqual([
      ['acme/one', C],
      ['acme/two', C]
    ])
    expect(reposOutput()).toEqual([
      expect.objectContaining({ id: 'acme/one', files: 1, path: `/hub/acme/one/snapshots/${C}` }),
      expect.objectContaining({
        id: 'acme/two',
        files: 2,
        cache: { key: 'k2', restored: 'exact', 'matched-key': null, verified: true }
      })
    ])
    const names = core.setOutput.mock.calls.map(([name]) => name)
    expect(names.filter(n => n === 'repos')).toHaveLength(1)
    expect(outputs()).toMatchObject({
      'cache-hit': 'true',
      'cache-key': 'hf-hub-v2/index/s/',
      'cache-matched-key': 'hf-hub-v2/index/s/abc',
      'hub-cache': '/hf/hub'
    })
    expect(fs.readFileSync(summaryFile, 'utf8').match(/Hugging Face<\/h2>/g)).toHaveLength(1)
    // The pre-warm finished: post saves full entries.
    expect(lastRecord()).toMatchObject({ cache: cacheState, filesComplete: true })
    expect(core.exportVariable).not.toHaveBeenCalledWith('HF_HUB_OFFLINE', '1')
  })

  it('leaves the files incomplete for post when the pre-warm does not finish', async () => {
    given({ download: 'true' })
    const steps = stubSteps()
    steps.prewarmOrCheck.mockRejectedValue(new Error('deadline'))
    await expect(run(steps)).rejects.toThrow('deadline')
    expect(lastRecord()).toMatchObject({ filesComplete: false })
    // The outputs still say what was learnt.
    expect(reposOutput()[1]).toMatchObject({ cache: { restored: 'exact' } })
  })

  it('checks a restored cache without download, and skips both when there is neither', async () => {
    given({})
    const steps = stubSteps()
    await run(steps)
    expect(steps.prewarmOrCheck).toHaveBeenCalledTimes(1)
    expect(reposOutput()[0].files).toBe(1)
    core.resetCoreMock()
    given({})
    const bare = stubSteps()
    bare.restoreCache.mockResolvedValue(undefined)
    await run(bare)
    expect(bare.prewarmOrCheck).not.toHaveBeenCalled()
    expect(bare.findSnapshotPaths).not.toHaveBeenCalled()
    expect(reposOutput()[0].path).toBeUndefined()
    expect(outputs()['cache-hit']).toBeUndefined()
  })

  it('fails a denied repo before the cache, with the outputs and the summary already set', async () => {
    given({ download: 'true' })
    const steps = stubSteps()
    steps.checkAccess.mockResolvedValue({
      statuses: [granted(one), { ...granted(two), access: 'gated', commit: undefined, message: 'accept' }]
    })
    await expect(run(steps)).rejects.toMatchObject({ title: 'Hugging Face access check failed' })
    expect(steps.restoreCache).not.toHaveBeenCalled()
    expect(reposOutput().map(r => r.access)).toEqual(['granted', 'gated'])
    expect(fs.readFileSync(summaryFile, 'utf8')).toContain('acme/two')
    // With require-access: false, the granted repo is still pre-warmed.
    core.resetCoreMock()
    given({ download: 'true', 'require-access': 'false' })
    await run(steps)
    expect(steps.prewarmOrCheck.mock.calls[0][2].map(t => t.spec.id)).toEqual(['acme/one'])
  })

  it('lets the cache stand in for a Hub that is down: commits from the cache, offline, unverified', async () => {
    given({})
    const steps = stubSteps()
    steps.checkAccess.mockResolvedValue({ statuses: [], unreachableReason: new Error('down') })
    steps.standInForHub.mockResolvedValue(report({ hit: false, unverified: true }))
    await run(steps)
    expect(steps.restoreCache).not.toHaveBeenCalled()
    expect(steps.prewarmOrCheck).not.toHaveBeenCalled()
    expect(core.exportVariable).toHaveBeenCalledWith('HF_HUB_OFFLINE', '1')
    expect(reposOutput()).toEqual([
      expect.objectContaining({ id: 'acme/one', commit: null }),
      expect.objectContaining({
        id: 'acme/two',
        commit: C,
        cache: expect.objectContaining({ verified: false })
      })
    ])
    expect(steps.findSnapshotPaths.mock.calls[0][0].map(t => t.key)).toEqual(['model/acme/two@main'])
    expect(outputs()['cache-hit']).toBe('false')
    expect(fs.readFileSync(summaryFile, 'utf8')).toContain('yes (HF_HUB_OFFLINE=1)')
  })

  it('fails with the Hub’s error when the cache cannot stand in, with the outputs set', async () => {
    given({})
    const steps = stubSteps()
    steps.checkAccess.mockResolvedValue({ statuses: [], unreachableReason: new Error('down') })
    await expect(run(steps)).rejects.toMatchObject({ title: 'Hugging Face Hub unreachable', message: 'down' })
    expect(reposOutput().map(r => r.access)).toEqual(['error', 'error'])
    expect(outputs()['hub-cache']).toBe('/hf/hub')
    expect(core.exportVariable).not.toHaveBeenCalledWith('HF_HUB_OFFLINE', '1')
  })

  it('exports offline mode when asked, warning when nothing was downloaded', async () => {
    given({ offline: 'true' })
    await run(stubSteps())
    expect(core.exportVariable).toHaveBeenCalledWith('HF_HUB_OFFLINE', '1')
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining('offline: true without download: true'))
    core.resetCoreMock()
    given({ offline: 'true', download: 'true' })
    await run(stubSteps())
    expect(core.warning).not.toHaveBeenCalled()
  })

  it('stores the token, and reports a keyless token in the summary', async () => {
    given({ 'oidc-resource': 'acme/one' })
    const steps = stubSteps()
    const expiresAt = new Date('2026-12-06T12:00:00Z')
    steps.chooseToken.mockResolvedValue({ token: 'hf_oauth_x', source: 'oidc', expiresAt })
    await run(steps)
    expect(steps.storeToken).toHaveBeenCalledWith('hf_oauth_x', expect.anything(), expect.anything())
    expect(fs.readFileSync(summaryFile, 'utf8')).toContain('valid until 2026-12-06T12:00:00.000Z')
    core.resetCoreMock()
    given({ 'allow-anonymous': 'true' })
    const anonymous = stubSteps()
    anonymous.chooseToken.mockResolvedValue(undefined)
    await run(anonymous)
    expect(anonymous.storeToken).not.toHaveBeenCalled()
  })
})

describe('run', () => {
  afterEach(() => {
    process.exitCode = undefined
  })

  it('annotates a failure with its title and fails the step, still leaving post its record', async () => {
    given({})
    const steps = stubSteps()
    steps.storeToken.mockImplementation(async (_token, _inputs, record) =>
      record.tokenFile({ path: '/hf/token' })
    )
    steps.checkAccess.mockRejectedValue(new ActionError('Hugging Face Hub error', 'HTTP 418'))
    await runStep(steps)
    expect(process.exitCode).toBe(1)
    expect(core.error).toHaveBeenCalledWith('HTTP 418', { title: 'Hugging Face Hub error' })
    expect(lastRecord()).toMatchObject({ tokenFile: { path: '/hf/token' } })
  })

  it('names the action in the title of an unexpected error, and succeeds when nothing fails', async () => {
    given({})
    const steps = stubSteps()
    steps.identify.mockRejectedValue(new TypeError('boom'))
    await runStep(steps)
    expect(core.error).toHaveBeenCalledWith('boom', { title: 'hf-auth-action failed' })
    process.exitCode = undefined
    core.resetCoreMock()
    given({})
    await runStep(stubSteps())
    expect(process.exitCode).toBeUndefined()
    expect(core.error).not.toHaveBeenCalled()
  })

  it('ends at the runner’s cancel, even while a step still runs', async () => {
    given({})
    const steps = stubSteps()
    steps.checkAccess.mockImplementation(() => {
      setImmediate(() => process.emit('SIGINT', 'SIGINT'))
      return new Promise(() => undefined)
    })
    await runStep(steps)
    expect(core.error).toHaveBeenCalledWith(expect.stringContaining('The step was cancelled (SIGINT)'), {
      title: 'Cancelled'
    })
    // The handler is gone once the step ended.
    expect(process.listenerCount('SIGINT')).toBe(0)
  })
})
