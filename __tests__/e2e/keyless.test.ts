/**
 * End to end, keyless: the committed dist/ mints the job's GitHub id token from a fake id-token service,
 * exchanges it at the fake Hub's /oauth/token (Trusted Publishers) and uses the one-hour token for
 * everything; every failure says what to do; neither token leaks anywhere the runner keeps.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { FakeCacheService } from '../../__fixtures__/fake-cache-service.js'
import { DEFAULT_JOB, FakeGitHubOidc } from '../../__fixtures__/fake-github-oidc.js'
import type { FakeHub } from '../../__fixtures__/fake-hub.js'
import { REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { archiveEntries, tokenLeaks, untarBytes } from '../../__fixtures__/leaks.js'
import { pythonHub } from '../../__fixtures__/python-hub.js'
import {
  freshMachine,
  newJob,
  runAction,
  runStep,
  type StepResult,
  ending,
  SUCCEEDED
} from '../../__fixtures__/runner.js'

let hub: FakeHub
let github: FakeGitHubOidc
let service: FakeCacheService
beforeAll(async () => {
  hub = await startWorld()
  github = await new FakeGitHubOidc().start()
  service = await new FakeCacheService().start()
  hub.publishers.push(
    { resource: 'alice', repository: DEFAULT_JOB.repository, branch: 'main', workflow: 'ci.yml' },
    { resource: REPOS.private, repository: DEFAULT_JOB.repository }
  )
})
afterAll(async () => {
  await hub.stop()
  await github.stop()
  await service.stop()
})
afterEach(() => {
  github.job = { ...DEFAULT_JOB }
  hub.overrides.length = 0
})

const errors = (step: StepResult) => step.commands.filter(c => c.command === 'error')

/** Every id token and exchanged token so far must be absent from everything the runner keeps. */
function expectNoTokenLeaks(steps: StepResult[]): void {
  const secrets = [...github.issued, ...hub.exchanges.flatMap(e => (e.issued ? [e.issued] : []))]
  expect(secrets.length).toBeGreaterThan(0)
  for (const secret of secrets) expect(tokenLeaks(steps, secret)).toEqual([])
}

describe('keyless (Trusted Publishers)', () => {
  it('a CI/CD identity: exchanges, reads a gated repo, pre-warms and caches, and leaks neither token', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-keyless-'))
    const job = freshMachine(dir, { ...github.env(), ...service.env() })
    const before = Date.now()
    const { main, post } = await runAction(job, {
      'oidc-resource': 'alice',
      endpoint: hub.url,
      repos: `${REPOS.llama} *.json *.safetensors`,
      download: 'true'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(github.audiences.at(-1)).toBe(hub.url)
    const exchange = hub.exchanges.at(-1)!
    expect(exchange).toMatchObject({ resource: 'alice', subjectToken: github.issued.at(-1) })
    expect(main.outputs['token-source']).toBe('oidc')
    const expires = Date.parse(main.outputs['token-expires-at'])
    // The Hub's `expires_in` (3600 s) from the moment its answer arrived, which lies between these two.
    expect(expires - before).toBeGreaterThanOrEqual(3600_000)
    expect(expires - Date.now()).toBeLessThanOrEqual(3600_000)
    expect(main.outputs.authenticated).toBe('true')
    expect(main.exportedEnv.HF_TOKEN).toBe(exchange.issued)
    expect(main.exportedEnv.HF_OIDC_RESOURCE).toBe('alice')
    expect(JSON.parse(main.outputs.repos)[0]).toMatchObject({ access: 'granted', files: 3 })
    expect(main.stdout).toContain('Keyless: exchanged this job')
    expect(main.summary).toContain('keyless (Trusted Publishers) for alice')
    // Masked the moment it existed: its mask line comes before any other line naming it.
    expect(main.stdout.split('\n').find(l => l.includes(exchange.issued!))).toBe(
      `::add-mask::${exchange.issued}`
    )
    expect(post.stdout).toMatch(/Cache: saving .+ as hf-hub-v2\//)
    expectNoTokenLeaks([main, post])
    expect(service.finalized().length).toBeGreaterThan(0)
    for (const entry of service.finalized()) {
      const archive = untarBytes(entry.archive!)
      for (const secret of [exchange.issued!, ...github.issued])
        expect(archive.includes(Buffer.from(secret))).toBe(false)
      expect(archiveEntries(entry.archive!).some(e => /(^|\/)token$/.test(e))).toBe(false)
    }
  })

  it('a repo publisher: whoami refusing the repo-scoped token is no failure, the access check proves it', async () => {
    const main = await runStep(newJob(github.env()), 'main', {
      'oidc-resource': REPOS.private,
      endpoint: hub.url,
      repos: REPOS.private,
      cache: 'false'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.outputs).toMatchObject({ authenticated: 'true', username: '', 'token-source': 'oidc' })
    expect(main.stdout).toContain(`it is a trusted-publisher token for ${REPOS.private}`)
    expect(JSON.parse(main.outputs.repos)[0].access).toBe('granted')
    expect(hub.exchanges.at(-1)!.issued).toMatch(/^hf_jwt_/)
    expectNoTokenLeaks([main])
  })

  it('retries a 5xx and a transient invalid_grant ("operation was aborted"), then succeeds', async () => {
    hub.faults.oauthFailures = 1
    hub.faults.oauthAborted = 1
    const main = await runStep(newJob(github.env()), 'main', { 'oidc-resource': 'alice', endpoint: hub.url })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.stdout).toMatch(/HTTP 503 from \/oauth\/token; retry 1/)
    expect(main.stdout).toContain('looks like a server fault; trying once more')
    expect(main.outputs.username).toBe('alice')
  })
})

describe('keyless errors say what to do', () => {
  it('without id-token permission: prints the permissions to add', async () => {
    const main = await runStep(newJob(), 'main', { 'oidc-resource': 'alice', endpoint: hub.url })
    expect(main.exitCode).toBe(1)
    const [error] = errors(main)
    expect(error.properties.title).toBe('No GitHub id token')
    expect(error.message).toContain('permissions: { id-token: write, contents: read }')
    expect(error.message).toContain('settings/authentication#ci-cd-access')
  })

  it('on a pull request from a fork: says so and points to allow-anonymous', async () => {
    const job = newJob()
    const event = path.join(job.dir, 'event.json')
    fs.writeFileSync(
      event,
      JSON.stringify({
        repository: { full_name: 'acme/ml-ci' },
        pull_request: { head: { repo: { full_name: 'mallory/ml-ci', fork: true } } }
      })
    )
    const main = await runStep(
      job,
      'main',
      { 'oidc-resource': 'alice', endpoint: hub.url },
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event
      }
    )
    expect(main.exitCode).toBe(1)
    const [error] = errors(main)
    expect(error.properties.title).toBe('No GitHub id token (pull request from a fork)')
    expect(error.message).toContain('mallory/ml-ci')
    expect(error.message).toContain('allow-anonymous: true')
  })

  it('invalid_grant: prints the claims the Hub matched on (never the token) and where to configure them', async () => {
    github.job = { ...DEFAULT_JOB, ref: 'refs/heads/feature', environment: 'staging' }
    const main = await runStep(newJob(github.env()), 'main', { 'oidc-resource': 'alice', endpoint: hub.url })
    expect(main.exitCode).toBe(1)
    const [error] = errors(main)
    expect(error.properties.title).toBe('Hugging Face token exchange failed')
    for (const text of [
      'no trusted publisher for "alice"',
      'repository = acme/ml-ci',
      'branch = feature (ref = refs/heads/feature)',
      'workflow = ci.yml',
      'environment = staging',
      'sub = repo:acme/ml-ci:environment:staging',
      `${hub.url}/settings/authentication#ci-cd-access`
    ])
      expect(error.message).toContain(text)
    expectNoTokenLeaks([main])
    const repoResource = await runStep(newJob(github.env()), 'main', {
      'oidc-resource': `datasets/${REPOS.dataset}`,
      endpoint: hub.url
    })
    expect(errors(repoResource)[0].message).toContain(
      `${hub.url}/datasets/${REPOS.dataset} (Settings → Trusted Publishers`
    )
  })

  it.each([
    ['invalid_request', /refused the exchange request as malformed .* check oidc-resource/],
    ['unsupported_grant_type', /does not support the token exchange/]
  ])('%s: a clear failure', async (code, message) => {
    hub.overrides.push({
      path: /^\/oauth\/token$/,
      answer: (_req, res: http.ServerResponse) => {
        res.writeHead(400, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: code, error_description: 'nope' }))
        return true
      }
    })
    const main = await runStep(newJob(github.env()), 'main', { 'oidc-resource': 'alice', endpoint: hub.url })
    expect(main.exitCode).toBe(1)
    expect(errors(main)[0].message).toMatch(message)
  })

  it('never follows a redirect of the exchange: the id token goes to the endpoint only', async () => {
    const elsewhere: string[] = []
    const server = http.createServer((req, res) => {
      elsewhere.push(`${req.method} ${req.url}`)
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: 'invalid_grant', error_description: 'said by another origin' }))
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.3', resolve))
    const target = `http://127.0.0.3:${(server.address() as AddressInfo).port}`
    try {
      for (const status of [307, 308]) {
        hub.overrides.push({
          path: /^\/oauth\/token$/,
          answer: (_req, res) => (
            res.writeHead(status, { location: `${target}/oauth/token` }),
            res.end(),
            true
          )
        })
        const main = await runStep(newJob(github.env()), 'main', {
          'oidc-resource': 'alice',
          endpoint: hub.url
        })
        hub.overrides.length = 0
        expect(main.exitCode).toBe(1)
        expect(errors(main)[0].properties.title).toBe('Hugging Face token exchange failed')
        expect(errors(main)[0].message).toContain(
          `answered HTTP ${status}, a redirect to ${target}, which the action does not follow`
        )
        expect(main.stdout).not.toContain('said by another origin')
      }
      expect(elsewhere).toEqual([])
    } finally {
      await new Promise(resolve => server.close(resolve))
    }
  })

  it.each([
    [
      'a line break',
      'hf_oauth_0123456789abcdefghij\n::warning title=X::injected',
      'white space or a control character'
    ],
    ['three characters', 'abc', 'shorter than any Hugging Face token']
  ])('refuses an exchanged token with %s before masking any of it', async (_what, token, why) => {
    hub.overrides.push({
      path: /^\/oauth\/token$/,
      answer: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 3600 }))
        return true
      }
    })
    const main = await runStep(newJob(github.env()), 'main', { 'oidc-resource': 'alice', endpoint: hub.url })
    expect(main.exitCode).toBe(1)
    expect(errors(main)[0].properties.title).toBe('Unexpected answer from the Hub')
    expect(errors(main)[0].message).toContain(why)
    const masks = main.stdout.split('\n').filter(line => line.startsWith('::add-mask::'))
    // Only the id token was masked: nothing of the malformed answer.
    expect(masks).toEqual([`::add-mask::${github.issued.at(-1)}`])
    expect(main.exportedEnv.HF_TOKEN).toBeUndefined()
  })

  it('hf-token and oidc-resource together: an input error that says which to keep', async () => {
    const main = await runStep(newJob(github.env()), 'main', {
      'hf-token': TOKENS.alice,
      'oidc-resource': 'alice',
      endpoint: hub.url
    })
    expect(main.exitCode).toBe(1)
    expect(errors(main)[0].properties.title).toBe('Invalid input "oidc-resource"')
    expect(errors(main)[0].message).toContain('Set either "hf-token" or "oidc-resource", not both')
  })

  it('a malformed oidc-resource is refused before anything is asked', async () => {
    const [minted, exchanged] = [github.issued.length, hub.exchanges.length]
    const main = await runStep(newJob(github.env()), 'main', {
      'oidc-resource': 'models/a/b/c',
      endpoint: hub.url
    })
    expect(main.exitCode).toBe(1)
    expect(errors(main)[0].message).toContain('Input "oidc-resource" must be your Hub username')
    // Neither GitHub nor the Hub was asked anything.
    expect(github.issued.length).toBe(minted)
    expect(hub.exchanges.length).toBe(exchanged)
  })
})

const python = pythonHub()
const describeWithPython = python.ok ? describe : describe.skip

describeWithPython('Python huggingface_hub in a later step', () => {
  it('re-exchanges by itself with HF_OIDC_RESOURCE, and uses HF_TOKEN without it', async () => {
    if (!python.ok) return
    const job = newJob(github.env())
    const main = await runStep(job, 'main', { 'oidc-resource': 'alice', endpoint: hub.url, cache: 'false' })
    expect(ending(main)).toEqual(SUCCEEDED)
    const code = `
from huggingface_hub import HfApi
api = HfApi()
api.auth_check("${REPOS.llama}")
print(json.dumps(api.whoami()["name"]))
`
    const exchanges = hub.exchanges.length
    // The later step's environment: the job's (with the id-token variables) plus what the action exported.
    expect(await python.run(code, { ...job.env })).toBe('alice')
    expect(hub.exchanges.length).toBe(exchanges + 1)
    expect(hub.exchanges.at(-1)!.resource).toBe('alice')
    const withoutOidc = { ...job.env }
    delete withoutOidc.HF_OIDC_RESOURCE
    expect(await python.run(code, withoutOidc)).toBe('alice')
    expect(hub.exchanges.length).toBe(exchanges + 1)
  })
})
