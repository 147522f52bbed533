import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'
import { FakeHub } from '../../__fixtures__/fake-hub.js'
import { FakeGitHubOidc } from '../../__fixtures__/fake-github-oidc.js'

jest.unstable_mockModule('@actions/core', () => core)
const { keylessToken } = await import('../../src/auth/keyless.js')

const hub = new FakeHub()
const github = new FakeGitHubOidc()
const saved = { ...process.env }
beforeAll(async () => {
  await hub.start()
  await github.start()
})
afterAll(async () => {
  process.env = saved
  await hub.stop()
  await github.stop()
})
beforeEach(() => core.resetCoreMock())

describe('keylessToken', () => {
  it('mints the job’s id token for the endpoint and exchanges it there for a Hugging Face token', async () => {
    hub.tokens.set('hf_alice_0123456789abcdef0123', { name: 'alice' })
    hub.publishers.push({ resource: 'alice', repository: github.job.repository, branch: 'main' })
    Object.assign(process.env, github.env())
    // What @actions/core does with the runner's variables: ask GitHub's id-token service for the audience.
    core.getIDToken.mockImplementation(async audience => github.mint(audience ?? ''))
    const exchanged = await keylessToken(hub.url, { kind: 'user', value: 'alice' })
    expect(core.getIDToken).toHaveBeenCalledWith(hub.url)
    expect(hub.exchanges.at(-1)).toMatchObject({ resource: 'alice', issued: exchanged.token })
    expect(exchanged.token).toMatch(/^hf_oauth_/)
  })
})
