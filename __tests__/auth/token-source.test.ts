import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const keylessToken = jest.fn<typeof import('../../src/auth/keyless.js').keylessToken>()
jest.unstable_mockModule('../../src/auth/keyless.js', () => ({ keylessToken }))
const { chooseToken } = await import('../../src/auth/token-source.js')
const { InputError } = await import('../../src/shared/errors.js')

const expiresAt = new Date('2026-12-03T12:00:00Z')
const user = { kind: 'user', value: 'alice' } as const
const repo = { kind: 'repo', value: 'acme/tiny' } as const

beforeEach(() => {
  core.resetCoreMock()
  keylessToken.mockReset()
  keylessToken.mockImplementation(async (_endpoint, resource) => ({
    token: 'hf_oauth_exchanged_0123456789',
    expiresAt,
    resource
  }))
})

describe('chooseToken', () => {
  it('uses the input’s or the environment’s token when oidc-resource is not set, exchanging nothing', async () => {
    const resolved = { token: 'hf_secret_value_0123456789', source: 'HF_TOKEN' } as const
    expect(await chooseToken(resolved, undefined, 'https://hub.example')).toBe(resolved)
    expect(await chooseToken(undefined, undefined, 'https://hub.example')).toBeUndefined()
    expect(keylessToken).not.toHaveBeenCalled()
  })

  it('refuses hf-token and oidc-resource together, naming the input and the fix', async () => {
    const input = { token: 'hf_secret_value_0123456789', source: 'input' } as const
    const failure = chooseToken(input, user, 'https://hub.example')
    await expect(failure).rejects.toBeInstanceOf(InputError)
    await expect(failure).rejects.toMatchObject({ input: 'oidc-resource' })
    await expect(failure).rejects.toThrow('Set either "hf-token" or "oidc-resource", not both')
    expect(keylessToken).not.toHaveBeenCalled()
  })

  it('exchanges the id token for the resource at the endpoint, over an environment token', async () => {
    const env = { token: 'hf_env_value_0123456789', source: 'HF_TOKEN' } as const
    expect(await chooseToken(env, user, 'https://hub.example')).toEqual({
      token: 'hf_oauth_exchanged_0123456789',
      source: 'oidc',
      expiresAt
    })
    expect(keylessToken).toHaveBeenCalledWith('https://hub.example', user)
    const said = core.info.mock.calls.map(([line]) => line).join('\n')
    expect(said).toContain('Keyless: HF_TOKEN from the environment is not used (oidc-resource is set).')
    expect(said).toContain('for the CI/CD identity of alice, valid until 2026-12-03T12:00:00.000Z')
    core.info.mockClear()
    await chooseToken(undefined, repo, 'https://hub.example')
    const saidRepo = core.info.mock.calls.map(([line]) => line).join('\n')
    expect(saidRepo).not.toContain('from the environment is not used')
    expect(saidRepo).toContain('for the repo acme/tiny,')
  })
})
