import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import { close, listen } from '../../__fixtures__/http-body.js'
import {
  leastPrivilegeAdvice,
  newTokenHint,
  parseWhoami,
  TokenRejectedError,
  verifyToken,
  type Identity
} from '../../src/auth/identity.js'
import { HubClient } from '../../src/hub/client.js'
import { HubStatusError } from '../../src/hub/errors.js'
import { HubResponseError } from '../../src/shared/errors.js'

/** whoami answers what each test sets: a status and a JSON body. */
let answer: { status: number; body: unknown } = { status: 200, body: {} }
const server = http.createServer((req, res) => {
  const ok = req.url === '/api/whoami-v2' && req.headers.authorization === 'Bearer hf_test_token_value'
  res.writeHead(ok ? answer.status : 404, { 'content-type': 'application/json' })
  res.end(JSON.stringify(ok ? answer.body : { error: 'wrong route or token' }))
})
let endpoint = ''
beforeAll(async () => {
  endpoint = await listen(server)
})
afterAll(() => close(server))

const client = () =>
  new HubClient({ endpoint, token: 'hf_test_token_value', sleep: async () => undefined, attempts: 1 })

const whoami = (extra: Record<string, unknown> = {}) => ({
  type: 'user',
  name: 'alice',
  orgs: [{ name: 'acme' }, { name: 'meta-llama' }],
  auth: { type: 'access_token', accessToken: { displayName: 'ci', role: 'read' } },
  ...extra
})

describe('verifyToken', () => {
  it('says whose the token is, from GET /api/whoami-v2 with the token', async () => {
    answer = { status: 200, body: whoami() }
    expect(await verifyToken(client())).toEqual({
      name: 'alice',
      type: 'user',
      orgs: ['acme', 'meta-llama'],
      role: 'read',
      tokenName: 'ci',
      canReadGatedRepos: undefined
    })
  })

  it('refuses a rejected token (401) saying it is invalid and where to make a new one', async () => {
    answer = { status: 401, body: { error: 'Invalid credentials in Authorization header' } }
    const failure = verifyToken(client())
    await expect(failure).rejects.toBeInstanceOf(TokenRejectedError)
    await expect(failure).rejects.toMatchObject({
      title: 'Hugging Face token rejected',
      message: expect.stringContaining(`HTTP 401 from ${endpoint}/api/whoami-v2`)
    })
    await expect(failure).rejects.toThrow(`${endpoint}/settings/tokens`)
  })

  it('reports any other failure as the Hub’s, not as a bad token', async () => {
    answer = { status: 403, body: { error: 'Forbidden' } }
    const failure = verifyToken(client())
    await expect(failure).rejects.toBeInstanceOf(HubStatusError)
    await expect(failure).rejects.toMatchObject({ statusCode: 403 })
    await expect(failure).rejects.not.toBeInstanceOf(TokenRejectedError)
  })

  it('refuses an answer of the wrong shape instead of reporting a made-up identity', async () => {
    answer = { status: 200, body: ['alice'] }
    await expect(verifyToken(client())).rejects.toBeInstanceOf(HubResponseError)
  })
})

describe('parseWhoami', () => {
  const refused = (raw: unknown) => {
    try {
      parseWhoami(raw)
    } catch (error) {
      expect(error).toBeInstanceOf(HubResponseError)
      return (error as Error).message
    }
    throw new Error('accepted')
  }

  it('keeps only the fields it uses, each of its type', () => {
    const fine = whoami({
      type: 7,
      auth: {
        accessToken: { displayName: 3, role: 'fineGrained', fineGrained: { canReadGatedRepos: true } }
      },
      email: 'alice@example.com'
    })
    expect(parseWhoami(fine)).toEqual({
      name: 'alice',
      type: '',
      orgs: ['acme', 'meta-llama'],
      role: 'fineGrained',
      tokenName: undefined,
      canReadGatedRepos: true
    })
    const notTicked = whoami({
      auth: { accessToken: { role: 'fineGrained', fineGrained: { canReadGatedRepos: false } } }
    })
    expect(parseWhoami(notTicked).canReadGatedRepos).toBe(false)
    expect(
      parseWhoami(whoami({ auth: { accessToken: { fineGrained: { canReadGatedRepos: 'yes' } } } }))
        .canReadGatedRepos
    ).toBeUndefined()
  })

  it('takes an answer without orgs or auth (an OAuth token), reporting no role', () => {
    expect(parseWhoami({ name: 'alice', auth: { type: 'oauth' } })).toEqual({
      name: 'alice',
      type: '',
      orgs: [],
      role: '',
      tokenName: undefined,
      canReadGatedRepos: undefined
    })
    expect(parseWhoami({ name: 'alice', auth: 'x' }).role).toBe('')
    expect(parseWhoami({ name: 'alice', auth: { accessToken: 'x' } }).role).toBe('')
    expect(parseWhoami({ name: 'alice', auth: { accessToken: { fineGrained: 'x' } } }).role).toBe('')
  })

  it('reports each known role, and an unknown one as unknown rather than echoed', () => {
    for (const role of ['read', 'write', 'admin', 'contributor', 'fineGrained'])
      expect(parseWhoami(whoami({ auth: { accessToken: { role } } })).role).toBe(role)
    expect(parseWhoami(whoami({ auth: { accessToken: { role: '::error::owned' } } })).role).toBe('')
    expect(parseWhoami(whoami({ auth: { accessToken: { role: 5 } } })).role).toBe('')
  })

  it('refuses a name or an org that is not an account name (text that would reach the log)', () => {
    expect(refused('alice')).toContain('the answer is not a JSON object')
    expect(refused(null)).toContain('the answer is not a JSON object')
    expect(refused({})).toContain('"name" is not an account name')
    expect(refused({ name: 42 })).toContain('"name" is not an account name')
    expect(refused({ name: 'alice\n::error::x' })).toContain('"name" is not an account name')
    expect(refused({ name: '-alice' })).toContain('"name" is not an account name')
    expect(refused({ name: 'a'.repeat(97) })).toContain('"name" is not an account name')
    expect(parseWhoami({ name: 'a'.repeat(96) }).name).toHaveLength(96)
    expect(parseWhoami({ name: 'A1._-b' }).name).toBe('A1._-b')
    expect(refused({ name: 'alice', orgs: 'acme' })).toContain('"orgs" is not a list')
    expect(refused({ name: 'alice', orgs: ['acme'] })).toContain('an entry of "orgs" has no valid "name"')
    expect(refused({ name: 'alice', orgs: [{ name: 1 }] })).toContain('an entry of "orgs" has no valid')
    expect(refused({ name: 'alice', orgs: [{ name: 'x y' }] })).toContain('an entry of "orgs" has no valid')
    expect(refused({ name: 'alice', orgs: [{ name: 'ok' }, {}] })).toContain('an entry of "orgs"')
    expect(() => refused({ name: 'alice' })).toThrow('accepted')
  })
})

describe('advice', () => {
  const identity = (role: string): Identity => ({ name: 'alice', type: 'user', orgs: [], role })

  it('advises a read or fine-grained token when the token can write', () => {
    for (const role of ['write', 'admin']) {
      const advice = leastPrivilegeAdvice(identity(role), 'https://hub.example')
      expect(advice).toContain(`This is a ${role} token.`)
      expect(advice).toContain('https://hub.example/settings/tokens')
    }
    for (const role of ['read', 'fineGrained', 'contributor', ''])
      expect(leastPrivilegeAdvice(identity(role), 'https://hub.example')).toBeUndefined()
  })

  it('says where to create a token and how to pass it', () => {
    const hint = newTokenHint('https://hub.example')
    expect(hint).toContain('https://hub.example/settings/tokens')
    expect(hint).toContain('hf-token: ${{ secrets.HF_TOKEN }}')
  })
})
