/** main's identity step: whoami reported in outputs and the log, a keyless token and a Hub that is down. */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'

const configureGitCredential = jest.fn(async (_endpoint: string, _username: string) => true)
jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('../../src/auth/git-credential.js', () => ({ configureGitCredential }))
const { identify, setUpGit } = await import('../../src/action/steps/identity.js')
const { getInputs } = await import('../../src/action/inputs.js')
type HubClient = import('../../src/hub/client.js').HubClient

const ENDPOINT = 'https://hub.example'

/** A Hub whose whoami answers `value`, or the status `status`. */
function hub(answer: { value?: unknown; status?: number }): HubClient {
  return {
    endpoint: ENDPOINT,
    getJson: async () =>
      answer.status
        ? { ok: false, info: { status: answer.status, url: `${ENDPOINT}/api/whoami-v2`, message: 'no' } }
        : { ok: true, value: answer.value }
  } as unknown as HubClient
}

const whoami = (role: string, extra: Record<string, unknown> = {}) => ({
  name: 'alice',
  type: 'user',
  orgs: [{ name: 'acme' }],
  auth: { accessToken: { role, displayName: 'ci', ...extra } },
  ...{}
})

function inputs(values: Record<string, string> = {}) {
  Object.assign(core.inputs, { endpoint: ENDPOINT, ...values })
  return getInputs({})
}
const outputs = () => Object.fromEntries(core.setOutput.mock.calls.map(([k, v]) => [k, v]))
const given = { token: 'hf_abc', source: 'input' as const }

beforeEach(() => {
  core.resetCoreMock()
  configureGitCredential.mockClear()
})

describe('identify', () => {
  it('reports the account, its orgs and the token role, and logs them', async () => {
    const found = await identify(hub({ value: whoami('read') }), given, inputs())
    expect(found.identity).toMatchObject({ name: 'alice', orgs: ['acme'], role: 'read' })
    expect(outputs()).toEqual({
      authenticated: 'true',
      username: 'alice',
      orgs: 'acme',
      'token-role': 'read'
    })
    expect(core.info).toHaveBeenCalledWith(
      `Authenticated to ${ENDPOINT} as alice (orgs: acme), token role: read`
    )
    expect(core.warning).not.toHaveBeenCalled()
  })

  it('warns about a write token, and a fine-grained one that cannot read gated repos when repos are listed', async () => {
    await identify(hub({ value: whoami('write') }), given, inputs())
    expect(core.warning).toHaveBeenCalledWith(expect.any(String), {
      title: 'Token has more rights than CI needs'
    })
    core.resetCoreMock()
    const fine = whoami('fineGrained', { fineGrained: { canReadGatedRepos: false } })
    await identify(hub({ value: fine }), given, inputs({ repos: 'acme/one' }))
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining('cannot read public gated repos'))
    core.resetCoreMock()
    await identify(hub({ value: fine }), given, inputs())
    expect(core.warning.mock.calls.map(([m]) => String(m))).not.toContainEqual(
      expect.stringContaining('cannot read public gated repos')
    )
  })

  it('goes on anonymously with empty outputs, saying so', async () => {
    expect(await identify(hub({ status: 500 }), undefined, inputs())).toEqual({})
    expect(outputs()).toEqual({ authenticated: 'false', username: '', orgs: '', 'token-role': '' })
    expect(core.info).toHaveBeenCalledWith(expect.stringContaining('No token: continuing anonymously'))
  })

  it('takes a keyless token whoami refuses as authenticated, and fails for a given token it refuses', async () => {
    const keyless = { token: 'hf_oauth_x', source: 'oidc' as const, expiresAt: new Date() }
    expect(await identify(hub({ status: 401 }), keyless, inputs({ 'oidc-resource': 'alice' }))).toEqual({})
    expect(outputs().authenticated).toBe('true')
    expect(core.info).toHaveBeenCalledWith(expect.stringContaining('trusted-publisher token for alice'))
    await expect(identify(hub({ status: 401 }), given, inputs())).rejects.toMatchObject({
      title: 'Hugging Face token rejected'
    })
  })

  it('gives the reason when the Hub is down (the cache may stand in), and fails on any other error', async () => {
    const down = await identify(hub({ status: 503 }), given, inputs())
    expect(down.unreachableReason).toMatchObject({ statusCode: 503 })
    expect(outputs().authenticated).toBe('false')
    await expect(identify(hub({ status: 403 }), given, inputs())).rejects.toMatchObject({ statusCode: 403 })
  })
})

describe('setUpGit', () => {
  it('hands git the endpoint and the account name only with git-credential, and warns without a token', async () => {
    await setUpGit(inputs(), 'hf_abc')
    expect(configureGitCredential).not.toHaveBeenCalled()
    await setUpGit(inputs({ 'git-credential': 'true' }), 'hf_abc', { name: 'alice' } as never)
    expect(configureGitCredential).toHaveBeenCalledWith(ENDPOINT, 'alice')
    await setUpGit(inputs({ 'git-credential': 'true' }), 'hf_abc')
    expect(configureGitCredential).toHaveBeenLastCalledWith(ENDPOINT, 'hf')
    await setUpGit(inputs({ 'git-credential': 'true' }), undefined)
    expect(core.warning).toHaveBeenCalledWith(
      'git-credential: true, but there is no token to give git (anonymous run).'
    )
    expect(configureGitCredential).toHaveBeenCalledTimes(2)
  })
})
