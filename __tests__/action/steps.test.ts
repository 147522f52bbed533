/** main's steps, each on its own (steps/): what they decide, output and warn, with @actions/core mocked. */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'

// The job summary is the real one (it writes to the file GITHUB_STEP_SUMMARY names); the rest is mocked.
const { summary: realSummary } = await import('@actions/core')
jest.unstable_mockModule('@actions/core', () => ({ ...core, summary: realSummary }))
const { chooseTokenStep, exportEnvironment, storeToken } = await import('../../src/action/steps/token.js')
const { RecordForPost } = await import('../../src/action/record.js')
const { requireAccess } = await import('../../src/action/steps/access.js')
const { getInputs } = await import('../../src/action/inputs.js')
const { parseRepoSpecs } = await import('../../src/hub/repo-spec.js')
type RepoReport = import('../../src/action/report.js').RepoReport

beforeEach(() => core.resetCoreMock())

function inputs(values: Record<string, string> = {}) {
  Object.assign(core.inputs, values)
  return getInputs({})
}

describe('chooseTokenStep', () => {
  it('fails with what to do when there is no token and anonymous runs are not allowed', async () => {
    await expect(chooseTokenStep(undefined, inputs())).rejects.toThrow(
      /No token was given: set the "hf-token" input/
    )
  })

  it('goes on anonymously when allowed, with empty token outputs', async () => {
    expect(await chooseTokenStep(undefined, inputs({ 'allow-anonymous': 'true' }))).toBeUndefined()
    expect(core.setOutput.mock.calls).toEqual([
      ['token-source', ''],
      ['token-expires-at', '']
    ])
  })

  it('warns about a plain-http endpoint off this machine, and a token that is not a Hub token', async () => {
    const chosen = { token: 'mirror-token-1234567890', source: 'input' as const }
    await chooseTokenStep(chosen, inputs({ endpoint: 'http://hub.example.com' }))
    expect(core.warning.mock.calls.map(([message, props]) => [String(message), props?.title])).toEqual([
      [
        'The token from the "hf-token" input does not start with "hf_": is it a Hugging Face access token?',
        undefined
      ],
      [
        'The endpoint http://hub.example.com uses plain http: the token crosses the network unencrypted. Use https.',
        'Insecure endpoint'
      ]
    ])
  })

  it('does not warn about https, nor plain http on this machine', async () => {
    const chosen = { token: 'hf_abcdefghijklmnopqrstuvwxyz', source: 'input' as const }
    await chooseTokenStep(chosen, inputs({ endpoint: 'https://hub.example.com' }))
    core.resetCoreMock()
    await chooseTokenStep(chosen, inputs({ endpoint: 'http://127.0.0.1:8080' }))
    expect(core.warning).not.toHaveBeenCalled()
  })
})

describe('exportEnvironment', () => {
  it('exports where the cache is, no telemetry, the endpoint when not the default, and the keyless resource', () => {
    const given = inputs({ endpoint: 'https://mirror.example', 'hf-home': '/hf', 'oidc-resource': 'alice' })
    exportEnvironment(given, { token: 'hf_oauth_x', source: 'oidc' })
    expect(Object.fromEntries(core.exportVariable.mock.calls)).toEqual({
      HF_HOME: '/hf',
      HF_HUB_CACHE: '/hf/hub',
      HF_HUB_DISABLE_TELEMETRY: '1',
      HF_ENDPOINT: 'https://mirror.example',
      HF_OIDC_RESOURCE: 'alice'
    })
  })
})

describe('requireAccess', () => {
  const [spec] = parseRepoSpecs('acme/gated')
  const denied: RepoReport = {
    spec,
    access: 'gated',
    gated: 'manual',
    url: '',
    message: 'accept the license'
  }

  it('fails the step with require-access (the default), after one error per repo naming it and the fix', () => {
    expect(() => requireAccess([denied], inputs())).toThrow(
      expect.objectContaining({
        title: 'Hugging Face access check failed',
        message: expect.stringContaining('set require-access: false to continue anyway')
      })
    )
    expect(core.error).toHaveBeenCalledWith('accept the license', {
      title: 'acme/gated: license not accepted / access not granted'
    })
  })

  it('warns per repo and goes on with require-access: false', () => {
    requireAccess([denied], inputs({ 'require-access': 'false' }))
    expect(core.warning).toHaveBeenCalledWith('accept the license', {
      title: 'acme/gated: license not accepted / access not granted'
    })
  })
})

describe('the cache outputs', () => {
  it('are set from what the restore or the stand-in found: the index prefix, the hit, the index restored', async () => {
    const { setCacheOutputs } = await import('../../src/action/outputs.js')
    setCacheOutputs({ key: 'hf-hub-v2/Linux-X64/index/abc/', hit: true, matchedKey: 'm', entries: [] })
    setCacheOutputs({ key: 'k/', hit: false, entries: [] })
    expect(core.setOutput.mock.calls).toEqual([
      ['cache-key', 'hf-hub-v2/Linux-X64/index/abc/'],
      ['cache-hit', 'true'],
      ['cache-matched-key', 'm'],
      ['cache-key', 'k/'],
      ['cache-hit', 'false'],
      ['cache-matched-key', '']
    ])
  })
})

describe('the repos output and the access log', () => {
  const [spec] = parseRepoSpecs('acme/one *.json')
  const C = 'c'.repeat(40)
  const base: RepoReport = { spec, access: 'granted', commit: C, gated: 'auto', url: '', message: '' }

  it('has one object a repo: files, path and cache only when known; another entry of the repo is `older`', async () => {
    const { setReposOutput } = await import('../../src/action/outputs.js')
    setReposOutput([
      base,
      {
        ...base,
        commit: undefined,
        files: 2,
        bytes: 20,
        path: '/hub/snap',
        cache: { key: 'k', restored: 'other', matchedKey: 'm', verified: false }
      },
      { ...base, cache: { key: 'k', restored: 'exact', verified: true } }
    ])
    const [[name, value]] = core.setOutput.mock.calls
    expect(name).toBe('repos')
    expect(JSON.parse(String(value))).toEqual([
      { type: 'model', id: 'acme/one', revision: 'main', commit: C, gated: 'auto', access: 'granted' },
      {
        type: 'model',
        id: 'acme/one',
        revision: 'main',
        commit: null,
        gated: 'auto',
        access: 'granted',
        files: 2,
        bytes: 20,
        path: '/hub/snap',
        cache: { key: 'k', restored: 'older', 'matched-key': 'm', verified: false }
      },
      expect.objectContaining({ cache: { key: 'k', restored: 'exact', 'matched-key': null, verified: true } })
    ])
  })

  it('logs each repo’s access and short commit, and annotates each one that cannot be read', async () => {
    const { annotateAccess, logAccess } = await import('../../src/action/outputs.js')
    const denied = { ...base, access: 'not-found' as const, commit: undefined, message: 'no such repo' }
    logAccess([base, denied])
    expect(core.info.mock.calls.map(([line]) => line)).toEqual([
      `acme/one@main: granted (${C.slice(0, 7)})`,
      'acme/one@main: not-found'
    ])
    annotateAccess([base, denied], false)
    expect(core.warning).toHaveBeenCalledTimes(1)
    expect(core.warning).toHaveBeenCalledWith('no such repo', { title: 'acme/one: repository not found' })
  })
})

describe('storeToken', () => {
  it('exports HF_TOKEN (and the legacy name when asked), and writes the token file only with login', async () => {
    const hfHome = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-'))
    const record = new RecordForPost()
    await storeToken('hf_abc', inputs({ 'hf-home': hfHome, login: 'false' }), record)
    expect(core.exportVariable.mock.calls).toEqual([['HF_TOKEN', 'hf_abc']])
    expect(fs.existsSync(path.join(hfHome, 'token'))).toBe(false)
    expect(core.saveState).not.toHaveBeenCalled()
    core.resetCoreMock()
    await storeToken('hf_abc', inputs({ 'hf-home': hfHome, 'export-legacy-env': 'true' }), record)
    expect(core.exportVariable.mock.calls).toEqual([
      ['HF_TOKEN', 'hf_abc'],
      ['HUGGING_FACE_HUB_TOKEN', 'hf_abc']
    ])
    expect(fs.readFileSync(path.join(hfHome, 'token'), 'utf8')).toBe('hf_abc')
    // Post learns of the file before it is written, of the file written before it is put in place, and of
    // the outcome.
    const records = core.saveState.mock.calls.map(([, value]) => JSON.parse(String(value)))
    expect(records).toHaveLength(3)
    expect(records[0].tokenFile).toEqual({ path: path.join(hfHome, 'token'), temp: expect.any(String) })
    expect(records[1].tokenFile).toEqual({ ...records[0].tokenFile, identity: expect.any(String) })
    expect(records[2].tokenFile).toEqual(records[1].tokenFile)
  })
})
