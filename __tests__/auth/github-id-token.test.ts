import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { describeClaims, idTokenClaims, mintIdToken } = await import('../../src/auth/github-id-token.js')
const { redact } = await import('../../src/shared/safe-text.js')

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

  it('masks the id token it returns, and leaves no timer behind', async () => {
    jest.useFakeTimers()
    const idToken = 'opaque-id-token-value-0123456789abcdef'
    core.getIDToken.mockResolvedValue(idToken)
    expect(await mintIdToken('https://huggingface.co', runner)).toBe(idToken)
    expect(core.getIDToken).toHaveBeenCalledWith('https://huggingface.co')
    expect(redact(`got ${idToken}`)).toBe('got ***')
    // The 60 s limit is cleared once the token is there: nothing keeps the action's process alive.
    expect(jest.getTimerCount()).toBe(0)
  })

  it('needs both the request URL and its token to ask GitHub', async () => {
    for (const env of [
      { ACTIONS_ID_TOKEN_REQUEST_URL: runner.ACTIONS_ID_TOKEN_REQUEST_URL },
      { ACTIONS_ID_TOKEN_REQUEST_TOKEN: runner.ACTIONS_ID_TOKEN_REQUEST_TOKEN }
    ])
      await expect(mintIdToken('https://huggingface.co', env)).rejects.toMatchObject({
        title: 'No GitHub id token'
      })
    expect(core.getIDToken).not.toHaveBeenCalled()
  })
})

describe('a pull request from a fork', () => {
  let dir = ''
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-'))
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))
  let events = 0
  const event = (payload: unknown, name = 'pull_request') => {
    const file = path.join(dir, `event-${++events}.json`)
    fs.writeFileSync(file, typeof payload === 'string' ? payload : JSON.stringify(payload))
    return { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: file }
  }
  const why = async (env: Record<string, string>) => {
    const error = await mintIdToken('https://huggingface.co', env).catch((e: unknown) => e)
    return error as { title: string; message: string }
  }
  const pr = (head: unknown, base = 'acme/ml-ci') => ({
    pull_request: { head },
    repository: { full_name: base }
  })

  it('says GitHub gives a fork’s pull request no id token, naming the fork, and how to run without one', async () => {
    const fork = await why(event(pr({ repo: { full_name: 'mallory/ml-ci', fork: true } })))
    expect(fork.title).toBe('No GitHub id token (pull request from a fork)')
    expect(fork.message).toContain('This run is a pull request from the fork mallory/ml-ci:')
    expect(fork.message).toContain('allow-anonymous: true')
    // A head repository other than the base is a fork even when the payload does not say so.
    const other = await why(event(pr({ repo: { full_name: 'mallory/ml-ci' } }), 'pull_request_target'))
    expect(other.message).toContain('from the fork mallory/ml-ci:')
    const unnamed = await why(event(pr({ repo: { fork: true } })))
    expect(unnamed.message).toContain('from the fork another repository:')
  })

  it('says which permission to add for a pull request from the repository itself, or any other event', async () => {
    const cases = [
      event(pr({ repo: { full_name: 'acme/ml-ci', fork: false } })),
      event(pr({ repo: { full_name: 'acme/ml-ci' } }, 'acme/ml-ci')),
      event(pr({ repo: { full_name: 'mallory/ml-ci', fork: true } }), 'push'),
      event(pr({ repo: { full_name: 'mallory/ml-ci', fork: true } }), 'workflow_dispatch_pull_request'),
      event(pr({ repo: 'mallory/ml-ci' })),
      event(pr(undefined)),
      event({ pull_request: 'x' }),
      event({ pull_request: { head: { repo: { full_name: 'mallory/x', fork: false } } }, repository: 'x' }),
      event('{ not json'),
      { GITHUB_EVENT_NAME: 'pull_request' },
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path.join(dir, 'missing.json') }
    ]
    for (const env of cases) {
      const error = await why(env)
      expect(error.title).toBe('No GitHub id token')
      expect(error.message).toContain('add "permissions: { id-token: write, contents: read }"')
      expect(error.message).toContain(
        'add a CI/CD identity at https://huggingface.co/settings/authentication'
      )
    }
  })
})

describe('the claims an id token is matched on', () => {
  const jwt = (claims: unknown) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`

  it('keeps only string claims', () => {
    expect(idTokenClaims(jwt({ repository: 5, ref: 'refs/heads/main', sub: null }))).toEqual({
      ref: 'refs/heads/main'
    })
    expect(idTokenClaims(jwt(['repository']))).toEqual({})
    expect(idTokenClaims(jwt(null))).toEqual({})
  })

  it('describes them as the Hub’s publisher form asks: repository, branch, workflow file, environment', () => {
    const claims = {
      repository: 'acme/ml-ci',
      ref: 'refs/heads/release/v2',
      workflow: 'CI',
      workflow_ref: 'acme/ml-ci/.github/workflows/ci.yml@refs/heads/release/v2',
      environment: 'prod',
      sub: 'repo:acme/ml-ci:environment:prod'
    }
    expect(describeClaims(jwt(claims))).toBe(
      'repository = acme/ml-ci; branch = release/v2 (ref = refs/heads/release/v2); workflow = ci.yml (workflow_ref = acme/ml-ci/.github/workflows/ci.yml@refs/heads/release/v2); environment = prod; sub = repo:acme/ml-ci:environment:prod'
    )
    expect(
      describeClaims(jwt({ ref: 'refs/tags/v1', workflow: 'CI', workflow_ref: 'acme/x@refs/tags/v1' }))
    ).toBe(
      'repository = (none); branch = (not a branch) (ref = refs/tags/v1); workflow = CI (workflow_ref = acme/x@refs/tags/v1); environment = (none); sub = (none)'
    )
    expect(describeClaims('not-a-jwt')).toBe(
      'repository = (none); branch = (not a branch) (ref = (none)); workflow = (none) (workflow_ref = (none)); environment = (none); sub = (none)'
    )
  })

  it('prints claims as plain text: no workflow command, no line break', () => {
    const described = describeClaims(jwt({ repository: 'a/b\n::error::owned', environment: 'x'.repeat(400) }))
    expect(described).not.toContain('\n')
    expect(described.length).toBeLessThan(1200)
  })
})
