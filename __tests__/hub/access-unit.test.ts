/** Each answer the Hub can give an access check, from a stand-in client, and the words the user reads of it. */
import { describe, expect, it } from '@jest/globals'
import { checkRepo, parseRepoInfo, uncheckedStatus } from '../../src/hub/access.js'
import { HubUnreachableError } from '../../src/hub/errors.js'
import { parseRepoSpecs } from '../../src/hub/repo-spec.js'

const C = 'c'.repeat(40)
const [spec] = parseRepoSpecs('acme/one@v1')
const ENDPOINT = 'https://hub.example'
type Answer = { value: unknown } | { status: number; code?: string; message?: string } | Error

/** A client whose auth-check and repo-info answer as given. */
function client(auth: Answer, info: Answer, token: string | undefined) {
  const answer = (a: Answer, url: string) => {
    if (a instanceof Error) throw a
    return 'value' in a
      ? { ok: true, value: a.value }
      : { ok: false, info: { status: a.status, code: a.code, message: a.message ?? '', url } }
  }
  return {
    endpoint: ENDPOINT,
    token,
    getJson: async (url: string) => answer(url.endsWith('/auth-check') ? auth : info, url)
  } as never
}
const ok = { value: {} }
const repoInfo = (fields: Record<string, unknown> = {}) => ({ value: { sha: C, gated: false, ...fields } })

async function check(auth: Answer, info: Answer, opts: { token?: string; account?: string } = {}) {
  const token = 'token' in opts ? opts.token : 'hf_x'
  const account = 'account' in opts ? opts.account : 'alice'
  return checkRepo(spec, { client: client(auth, info, token), account })
}

describe('checkRepo', () => {
  it('grants a readable repo at its commit, with its gating and privacy, and asks both endpoints', async () => {
    const asked: string[] = []
    const c = client(ok, repoInfo({ gated: 'auto', private: true }), 'hf_x')
    const spy = {
      ...(c as object),
      getJson: async (url: string) => (
        asked.push(url),
        (c as { getJson: (u: string) => unknown }).getJson(url)
      )
    }
    expect(await checkRepo(spec, { client: spy as never, account: 'alice' })).toEqual({
      spec,
      gated: 'auto',
      private: true,
      access: 'granted',
      commit: C,
      message: '',
      url: `${ENDPOINT}/acme/one`
    })
    expect(asked.sort()).toEqual(['/api/models/acme/one/auth-check', '/api/models/acme/one/revision/v1'])
  })

  it('reports a disabled repo, and one whose info gives no commit', async () => {
    expect(await check(ok, repoInfo({ disabled: true }))).toMatchObject({
      access: 'disabled',
      message: 'model acme/one is disabled on the Hub.'
    })
    expect(await check(ok, { value: { gated: false } })).toMatchObject({
      access: 'error',
      message: 'the Hub gave no valid commit for model acme/one@v1.'
    })
  })

  it('names what to do for a gated repo, with or without a token, keeping the commit the info gave', async () => {
    const gated = await check(
      { status: 403, code: 'GatedRepo', message: 'restricted' },
      repoInfo({ gated: 'manual' })
    )
    expect(gated).toMatchObject({ access: 'gated', gated: 'manual', commit: C, unreachable: false })
    expect(gated.message).toBe(
      `model acme/one is gated and the account "alice" has not been granted access. Open ${ENDPOINT}/acme/one logged in as alice, accept the license and wait for approval; if access was granted to another account, use a token from that one. The Hub said: "restricted"`
    )
    const unnamed = await check({ status: 403, code: 'GatedRepo' }, repoInfo(), { account: undefined })
    expect(unnamed.message).toContain("the token's account has not been granted access. Open")
    expect(unnamed.message).toContain('logged in as that account')
    expect(unnamed.message).not.toContain('The Hub said')
    const anonymous = await check({ status: 401, code: 'GatedRepo' }, repoInfo(), { token: undefined })
    expect(anonymous).toMatchObject({ access: 'unauthenticated' })
    expect(anonymous.message).toMatch(/^model acme\/one is gated and no token was sent\. Pass a token/)
  })

  it('tells a missing repo and revision apart, saying whether a token was sent', async () => {
    const missing = await check({ status: 404, code: 'RepoNotFound' }, { status: 404 })
    expect(missing.access).toBe('not-found')
    expect(missing.message).toContain('or is private and the account "alice" has no access.')
    expect((await check({ status: 404 }, { status: 404 }, { account: undefined })).message).toContain(
      'the account "of the token" has no access'
    )
    expect((await check({ status: 404 }, { status: 404 }, { token: undefined })).message).toContain(
      'or is private and no token was sent.'
    )
    const revision = await check(ok, { status: 404, code: 'RevisionNotFound', message: 'no v1' })
    expect(revision).toMatchObject({ access: 'revision-not-found', unreachable: false })
    expect(revision.message).toBe(
      `revision "v1" does not exist in model acme/one: use a branch, tag or full 40-character commit that does (see ${ENDPOINT}/acme/one/tree/main). The Hub said: "no v1"`
    )
  })

  it('reads a disabled repo from the Hub’s words, a rejected token from a 401, anything else as an error', async () => {
    expect(
      await check({ status: 403, message: 'Access to this resource is disabled.' }, repoInfo())
    ).toMatchObject({
      access: 'disabled'
    })
    expect((await check({ status: 451, message: 'repo disabled by admin' }, repoInfo())).access).toBe('error')
    expect((await check({ status: 403, message: 'was disabled' }, repoInfo())).access).toBe('disabled')
    const rejected = await check({ status: 401 }, repoInfo())
    expect(rejected).toMatchObject({ access: 'unauthenticated' })
    expect(rejected.message).toBe(
      'the Hub rejected the credentials for model acme/one: the token is invalid or expired.'
    )
    expect(await check({ status: 418, message: 'teapot' }, repoInfo())).toMatchObject({
      access: 'error',
      message: 'could not check model acme/one: HTTP 418: teapot'
    })
  })

  it('calls the Hub down on a 5xx from either endpoint (after retries) or no answer at all, and not on a 4xx', async () => {
    expect((await check({ status: 500 }, repoInfo())).unreachable).toBe(true)
    expect((await check(ok, { status: 503 })).unreachable).toBe(true)
    expect((await check({ status: 499 }, { status: 499 })).unreachable).toBe(false)
    const gone = await check(
      new HubUnreachableError(`${ENDPOINT}/api`, new Error('ECONNREFUSED')),
      repoInfo()
    )
    expect(gone).toMatchObject({ access: 'error', unreachable: true })
    expect(gone.message).toBe(`could not check model acme/one: could not reach ${ENDPOINT}: ECONNREFUSED`)
    expect((await check(new Error('bug'), repoInfo())).unreachable).toBe(false)
  })

  it('refuses a repo info whose fields are not what the Hub sends', async () => {
    const refused = (raw: unknown) => check(ok, { value: raw })
    for (const [raw, why] of [
      [[], 'the answer is not a JSON object'],
      [{ sha: 'abc' }, '"sha" is not a 40-character hex commit'],
      [{ sha: C, gated: 'yes' }, '"gated" is not false, "auto" or "manual"'],
      [{ sha: C, private: 'no' }, '"private" is not true or false'],
      [{ sha: C, disabled: 1 }, '"disabled" is not true or false']
    ] as const) {
      const status = await refused(raw)
      expect(status.access).toBe('error')
      expect(status.message).toContain(
        `could not check model acme/one: repo info of model acme/one@v1: ${why}. `
      )
    }
    expect(parseRepoInfo({ sha: C }, spec)).toEqual({
      sha: C,
      gated: false,
      private: undefined,
      disabled: undefined
    })
    expect(parseRepoInfo({ gated: 'auto', private: false, disabled: false }, spec)).toMatchObject({
      gated: 'auto'
    })
  })
})

describe('uncheckedStatus', () => {
  it('is an error the Hub could not be asked about, with the repo’s page', () => {
    expect(uncheckedStatus(spec, ENDPOINT)).toEqual({
      spec,
      access: 'error',
      gated: false,
      url: `${ENDPOINT}/acme/one`,
      message: 'not checked: the Hub could not be reached',
      unreachable: true
    })
  })
})
