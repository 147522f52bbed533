import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import http from 'node:http'
import { close, listen, readBody } from '../../__fixtures__/http-body.js'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { exchangeIdToken } = await import('../../src/auth/oidc-exchange.js')
const { HubClient } = await import('../../src/hub/client.js')
const { redact } = await import('../../src/shared/safe-text.js')
const { HubResponseError } = await import('../../src/shared/errors.js')

/** `/oauth/token` answers these in turn (the last one again when they run out), and keeps what it was sent. */
type Answer = { status: number; body?: unknown; headers?: Record<string, string> }
let answers: Answer[] = []
const received: { method?: string; path?: string; headers: http.IncomingHttpHeaders; body: unknown }[] = []
const server = http.createServer((req, res) => {
  void readBody(req).then(raw => {
    received.push({ method: req.method, path: req.url, headers: req.headers, body: JSON.parse(String(raw)) })
    const answer = answers.length > 1 ? answers.shift()! : answers[0]
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body))
  })
})
let endpoint = ''
beforeAll(async () => {
  endpoint = await listen(server)
})
afterAll(() => close(server))
beforeEach(() => {
  core.resetCoreMock()
  received.length = 0
})
afterEach(() => void jest.restoreAllMocks())

const client = () => new HubClient({ endpoint, sleep: async () => undefined, attempts: 1 })
const claims = Buffer.from(
  JSON.stringify({
    repository: 'acme/ml-ci',
    ref: 'refs/heads/main',
    sub: 'repo:acme/ml-ci:ref:refs/heads/main'
  })
).toString('base64url')
const ID_TOKEN = `eyJhbGciOiJSUzI1NiJ9.${claims}.signature-part`
const user = { kind: 'user', value: 'alice' } as const
const repo = { kind: 'repo', value: 'acme/tiny' } as const
const TOKEN = 'hf_oauth_0123456789abcdef0123456789'
const granted = (extra: Record<string, unknown> = {}): Answer => ({
  status: 200,
  body: { access_token: TOKEN, token_type: 'Bearer', expires_in: 3600, ...extra }
})
const oauthError = (error: string, description = ''): Answer => ({
  status: 400,
  body: { error, error_description: description }
})

describe('the token exchange', () => {
  it('sends the id token as RFC 8693 asks, to the endpoint, and masks the token it gets', async () => {
    answers = [granted()]
    const before = Date.now()
    const exchanged = await exchangeIdToken(client(), ID_TOKEN, user)
    expect(exchanged.token).toBe(TOKEN)
    expect(exchanged.resource).toBe(user)
    expect(exchanged.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3600_000)
    expect(exchanged.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000)
    expect(received).toHaveLength(1)
    expect(received[0]).toMatchObject({
      method: 'POST',
      path: '/oauth/token',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
        subject_token: ID_TOKEN,
        resource: 'alice'
      }
    })
    expect(core.setSecret).toHaveBeenCalledWith(TOKEN)
    expect(redact(`token ${TOKEN}`)).toBe('token ***')
  })

  it('takes a token valid up to a week, and no longer', async () => {
    answers = [granted({ expires_in: 7 * 24 * 3600 })]
    const exchanged = await exchangeIdToken(client(), ID_TOKEN, user)
    expect(exchanged.expiresAt.getTime()).toBeGreaterThan(Date.now() + 7 * 24 * 3600_000 - 60_000)
    for (const expires_in of [7 * 24 * 3600 + 1, 0, -5, '3600', Infinity, null]) {
      answers = [granted({ expires_in })]
      await expect(exchangeIdToken(client(), ID_TOKEN, user)).rejects.toThrow(
        '"expires_in" is not a number of seconds'
      )
    }
  })

  it('refuses a malformed answer before masking anything of it', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ access_token: undefined }, 'it has no "access_token"'],
      [{ access_token: '' }, 'it has no "access_token"'],
      [{ access_token: 42 }, 'it has no "access_token"'],
      [
        { access_token: 'hf_oauth_0123 456789abcdef' },
        '"access_token" has white space or a control character'
      ],
      [{ access_token: 'hf_short' }, '"access_token" is 8 characters, shorter than any Hugging Face token'],
      [{ token_type: 'mac' }, '"token_type" is not bearer'],
      [{ token_type: undefined }, '"token_type" is not bearer']
    ]
    for (const [extra, why] of cases) {
      core.setSecret.mockClear()
      answers = [granted(extra)]
      const failure = exchangeIdToken(client(), ID_TOKEN, user)
      await expect(failure).rejects.toBeInstanceOf(HubResponseError)
      await expect(failure).rejects.toThrow(why)
      if (!why.includes('token_type')) expect(core.setSecret).not.toHaveBeenCalled()
    }
    // 20 characters is the shortest taken.
    answers = [granted({ access_token: 'hf_' + 'a'.repeat(17) })]
    await expect(exchangeIdToken(client(), ID_TOKEN, user)).resolves.toMatchObject({
      token: 'hf_' + 'a'.repeat(17)
    })
    answers = [{ status: 200, body: [TOKEN] }]
    await expect(exchangeIdToken(client(), ID_TOKEN, user)).rejects.toThrow('it has no "access_token"')
  })

  it('never follows a redirect: the id token goes to the endpoint and nowhere else', async () => {
    for (const status of [300, 301, 302, 307, 308]) {
      received.length = 0
      answers = [{ status, headers: { location: 'http://127.0.0.9:1/oauth/token?x=1' } }]
      const failure = exchangeIdToken(client(), ID_TOKEN, user)
      await expect(failure).rejects.toMatchObject({ title: 'Hugging Face token exchange failed' })
      await expect(failure).rejects.toThrow(
        `answered HTTP ${status}, a redirect to http://127.0.0.9:1, which the action does not follow`
      )
      expect(received).toHaveLength(1)
    }
    answers = [{ status: 302, headers: { location: 'http://[bad' } }]
    await expect(exchangeIdToken(client(), ID_TOKEN, user)).rejects.toThrow('a redirect to nowhere valid')
    answers = [{ status: 302 }]
    await expect(exchangeIdToken(client(), ID_TOKEN, user)).rejects.toThrow(`a redirect to ${endpoint},`)
  })

  it('tries once more after an invalid_grant that says the operation was aborted, and only once', async () => {
    answers = [oauthError('invalid_grant', 'This operation was aborted'), granted()]
    await expect(exchangeIdToken(client(), ID_TOKEN, user)).resolves.toMatchObject({ token: TOKEN })
    expect(received).toHaveLength(2)
    expect(core.info).toHaveBeenCalledTimes(1)
    received.length = 0
    answers = [oauthError('invalid_grant', 'This operation was aborted')]
    await expect(exchangeIdToken(client(), ID_TOKEN, user)).rejects.toThrow('found no trusted publisher')
    expect(received).toHaveLength(2)
  })

  it('tries once more after a slow invalid_grant (a server fault), not after a quick one', async () => {
    let now = 1_000_000
    jest.spyOn(Date, 'now').mockImplementation(() => (now += 8_000))
    answers = [oauthError('invalid_grant', 'Invalid subject token'), granted()]
    await expect(exchangeIdToken(client(), ID_TOKEN, user)).resolves.toMatchObject({ token: TOKEN })
    expect(received).toHaveLength(2)
    // Slow, but not invalid_grant: what the Hub said stands.
    received.length = 0
    answers = [oauthError('access_denied', 'locked'), granted()]
    await expect(exchangeIdToken(client(), ID_TOKEN, user)).rejects.toThrow('access_denied: locked')
    expect(received).toHaveLength(1)
    jest.restoreAllMocks()
    received.length = 0
    answers = [oauthError('invalid_grant', 'Invalid subject token'), granted()]
    await expect(exchangeIdToken(client(), ID_TOKEN, user)).rejects.toThrow('found no trusted publisher')
    expect(received).toHaveLength(1)
  })

  it('on invalid_grant, names the claims the Hub matched and where to add the publisher', async () => {
    answers = [
      { ...oauthError('invalid_grant', 'Invalid subject token'), headers: { 'x-request-id': 'req-42' } }
    ]
    const failure = exchangeIdToken(client(), ID_TOKEN, repo)
    await expect(failure).rejects.toThrow(
      'The Hub found no trusted publisher for "acme/tiny" matching this job (invalid_grant: Invalid subject token) (request id req-42).'
    )
    await expect(failure).rejects.toThrow('repository = acme/ml-ci; branch = main (ref = refs/heads/main)')
    await expect(failure).rejects.toThrow(`add a trusted publisher in the settings of ${endpoint}/acme/tiny`)
    // Never the id token itself.
    await expect(failure).rejects.not.toThrow('signature-part')
  })

  it('says what each other OAuth error means and how to fix it', async () => {
    answers = [oauthError('invalid_request', 'Invalid resource')]
    await expect(exchangeIdToken(client(), ID_TOKEN, repo)).rejects.toThrow(
      'The Hub refused the exchange request as malformed (invalid_request: Invalid resource): check oidc-resource ("acme/tiny")'
    )
    answers = [oauthError('unsupported_grant_type')]
    await expect(exchangeIdToken(client(), ID_TOKEN, repo)).rejects.toThrow(
      `The endpoint ${endpoint} does not support the token exchange (unsupported_grant_type)`
    )
    answers = [oauthError('access_denied', 'locked')]
    await expect(exchangeIdToken(client(), ID_TOKEN, repo)).rejects.toThrow(
      `The token exchange at ${endpoint}/oauth/token failed (access_denied: locked). Re-run the job later.`
    )
    expect(received).toHaveLength(3)
  })

  it('describes an answer that is not the OAuth error shape by the Hub’s error, else its status', async () => {
    answers = [{ status: 403, body: { error: 42 } }]
    await expect(exchangeIdToken(client(), ID_TOKEN, repo)).rejects.toThrow(/failed \(.*403.*\)/)
    answers = [{ status: 400, body: { error_description: 'only a description' } }]
    await expect(exchangeIdToken(client(), ID_TOKEN, repo)).rejects.toThrow('failed (only a description)')
    answers = [{ status: 400, body: 'not json at all' }]
    await expect(exchangeIdToken(client(), ID_TOKEN, repo)).rejects.toThrow(/failed \(.*400.*\)/)
    answers = [{ status: 400, body: { error: 'weird\n::error::owned' } }]
    await expect(exchangeIdToken(client(), ID_TOKEN, repo)).rejects.not.toThrow('\n::error::')
  })
})
