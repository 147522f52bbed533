import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { mintIdToken } = await import('../../src/auth/github-id-token.js')

beforeEach(() => core.resetCoreMock())
afterEach(() => void jest.useRealTimers())

const runner = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'ghs_x'
}

describe('the GitHub id token', () => {
  it('reads only the claims the Hub matches on from an id token', async () => {
    const { idTokenClaims } = await import('../../src/auth/github-id-token.js')
    const payload = Buffer.from(
      JSON.stringify({
        repository: 'a/b',
        ref: 'refs/heads/main',
        sub: 'repo:a/b:ref:refs/heads/main',
        secret: 'x',
        aud: 1
      })
    ).toString('base64url')
    expect(idTokenClaims(`h.${payload}.sig`)).toEqual({
      repository: 'a/b',
      ref: 'refs/heads/main',
      sub: 'repo:a/b:ref:refs/heads/main'
    })
    expect(idTokenClaims('not-a-jwt')).toEqual({})
  })

  it("gives up after 60 s when GitHub's id-token service does not answer, saying what to do", async () => {
    jest.useFakeTimers()
    core.getIDToken.mockReturnValue(new Promise<string>(() => undefined))
    const minting = mintIdToken('https://huggingface.co', runner)
    const outcome = expect(minting).rejects.toMatchObject({
      title: 'No GitHub id token',
      message: expect.stringContaining(
        "GitHub's id-token service did not give a token: no answer within 60 s"
      )
    })
    await jest.advanceTimersByTimeAsync(59_000)
    let settled = false
    void minting.catch(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    await jest.advanceTimersByTimeAsync(1_000)
    await outcome
  })

  it('says which permission to add when the job cannot mint one', async () => {
    await expect(mintIdToken('https://huggingface.co', {})).rejects.toThrow(
      'add "permissions: { id-token: write, contents: read }" to the job'
    )
    expect(core.getIDToken).not.toHaveBeenCalled()
  })
})
