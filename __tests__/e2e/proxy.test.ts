/**
 * End to end behind a real corporate proxy: Debian's squid, the only host that resolves `hub.test` and
 * `cdn.test`, and the runner's variables alone (`http_proxy`, `https_proxy`, `no_proxy`; never
 * NODE_USE_ENV_PROXY). Plain http is forwarded, https goes through CONNECT tunnels; the committed dist/ runs as
 * the runner runs it, and Python huggingface_hub in the same environment for parity.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { bytes, CDN_HOST, fakeCommit, sha256, type FakeHub } from '../../__fixtures__/fake-hub.js'
import { REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { tokenLeaks } from '../../__fixtures__/leaks.js'
import { pythonHub } from '../../__fixtures__/python-hub.js'
import { newJob, runStep, type StepResult, ending, SUCCEEDED } from '../../__fixtures__/runner.js'
import { GitRepos, hasGit } from '../../__fixtures__/git-http.js'
import { hasSquid, Squid } from '../../__fixtures__/squid.js'
import { NAMES_CERT, NAMES_KEY } from '../../__fixtures__/test-tls.js'

const describeWithSquid = hasSquid() ? describe : describe.skip
if (!hasSquid()) console.warn('proxy tests skipped: no squid (Debian package squid) on this machine')

const NAMES = { hub: 'hub.test', cdn: 'cdn.test' }
const HOSTS = { 'hub.test': '127.0.0.1', 'cdn.test': CDN_HOST }
const BIG = 'acme/behind-proxy'
const MiB = 1024 * 1024
const weights = bytes(BIG, 20 * MiB)

/** A world whose URLs name hosts only squid resolves; the weights are large enough to go in ranges. */
async function world(tls: boolean): Promise<FakeHub> {
  const cert = { cert: NAMES_CERT, key: NAMES_KEY }
  const hub = await startWorld({}, { names: NAMES, ...(tls ? { hubTls: cert, cdnTls: cert } : {}) })
  const commit = fakeCommit(BIG)
  hub.addRepo({
    type: 'model',
    id: BIG,
    branches: { main: commit },
    commits: {
      [commit]: {
        'config.json': { content: Buffer.from('{"model_type": "llama"}'), lfs: false },
        'model.safetensors': { content: weights, lfs: true }
      }
    }
  })
  return hub
}

const errors = (step: StepResult) => step.commands.filter(c => c.command === 'error')

describeWithSquid('behind a corporate proxy (squid)', () => {
  let squid: Squid
  let authSquid: Squid
  let plain: FakeHub
  let secure: FakeHub
  let caFile = ''
  beforeAll(async () => {
    ;[squid, authSquid, plain, secure] = await Promise.all([
      new Squid({ hosts: HOSTS }).start(),
      new Squid({ hosts: HOSTS, credentials: { user: 'ci', password: 'p@ss:word' } }).start(),
      world(false),
      world(true)
    ])
    caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-proxy-ca-')), 'ca.pem')
    fs.writeFileSync(caFile, NAMES_CERT)
  })
  afterAll(async () => {
    await Promise.all([squid?.stop(), authSquid?.stop(), plain?.stop(), secure?.stop()])
  })

  const inputs = (hub: FakeHub, extra: Record<string, string> = {}) => ({
    'hf-token': TOKENS.alice,
    endpoint: hub.url,
    repos: `${BIG}\n${REPOS.llama} *.json`,
    download: 'true',
    cache: 'false',
    ...extra
  })

  /** The variables the runner sets for every step on a machine configured with a proxy (both cases). */
  const proxyEnv = (proxy: string, extra: Record<string, string> = {}) => ({
    http_proxy: proxy,
    https_proxy: proxy,
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    no_proxy: 'localhost,127.0.0.1',
    NO_PROXY: 'localhost,127.0.0.1',
    ...extra
  })

  it('plain http: whoami, access and a ranged pre-warm all go through the proxy; the CDN never gets the token', async () => {
    // This test's lines of squid's log only: the other tests go through the same squid, in any order, and
    // squid writes a line when its request ends.
    const before = await squid.mark(plain.url)
    plain.resetStats()
    const job = newJob(proxyEnv(squid.url))
    const main = await runStep(job, 'main', inputs(plain))
    expect(errors(main)).toEqual([])
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.outputs.username).toBe('alice')
    expect(JSON.parse(main.outputs.repos).map((r: { access: string }) => r.access)).toEqual([
      'granted',
      'granted'
    ])
    const blob = path.join(
      job.home,
      '.cache',
      'huggingface',
      'hub',
      'models--acme--behind-proxy',
      'blobs',
      sha256(weights)
    )
    expect(fs.readFileSync(blob).equals(weights)).toBe(true)
    const log = squid.accessLog().slice(before)
    expect(log.some(l => l.startsWith(`GET ${plain.url}/api/whoami-v2 200`))).toBe(true)
    expect(log.some(l => /^GET http:\/\/cdn\.test:\d+\/repos\//.test(l))).toBe(true)
    // Ranges went to the CDN (more than one request for the weights), all through the proxy.
    expect(plain.stats.cdnRanges.filter(Boolean).length).toBeGreaterThan(1)
    expect(log.filter(l => l.includes('cdn.test')).length).toBe(plain.stats.cdnRequests)
    expect(plain.stats.cdnAuthorizations).toEqual([])
    expect(tokenLeaks([main], TOKENS.alice)).toEqual([])
  })

  it('https: CONNECT tunnels to the Hub and the CDN, the proxy seeing neither the requests nor the token', async () => {
    secure.resetStats()
    const before = squid.accessLog().length
    const job = newJob(proxyEnv(squid.url, { NODE_EXTRA_CA_CERTS: caFile }))
    const main = await runStep(job, 'main', inputs(secure))
    expect(errors(main)).toEqual([])
    expect(ending(main)).toEqual(SUCCEEDED)
    const log = squid.accessLog().slice(before)
    const port = new URL(secure.url).port
    expect(log.some(l => l.startsWith(`CONNECT hub.test:${port} 200`))).toBe(true)
    expect(log.some(l => /^CONNECT cdn\.test:\d+ 200/.test(l))).toBe(true)
    expect(log.every(l => l.startsWith('CONNECT '))).toBe(true)
    expect(secure.stats.cdnAuthorizations).toEqual([])
    const blob = path.join(
      job.home,
      '.cache',
      'huggingface',
      'hub',
      'models--acme--behind-proxy',
      'blobs',
      sha256(weights)
    )
    expect(fs.readFileSync(blob).equals(weights)).toBe(true)
  })

  it('a proxy that asks for credentials: works with them in the URL, fails clearly without', async () => {
    const withCredentials = authSquid.urlWith('ci', 'p@ss:word')
    const ok = await runStep(
      newJob(proxyEnv(withCredentials, { NODE_EXTRA_CA_CERTS: caFile })),
      'main',
      inputs(secure)
    )
    expect(errors(ok)).toEqual([])
    expect(ending(ok)).toEqual(SUCCEEDED)
    const refused = await runStep(
      newJob(proxyEnv(authSquid.url, { NODE_EXTRA_CA_CERTS: caFile })),
      'main',
      inputs(secure)
    )
    expect(refused.exitCode).toBe(1)
    const [error] = errors(refused)
    expect(error.properties.title).toBe('Proxy failed')
    expect(error.message).toContain(`the proxy ${authSquid.url} (from https_proxy)`)
    expect(error.message).toContain('407')
    expect(error.message).toContain('The proxy asks for credentials: put them in https_proxy')
    const wrong = await runStep(
      newJob(proxyEnv(authSquid.urlWith('ci', 'wrong'), { NODE_EXTRA_CA_CERTS: caFile })),
      'main',
      inputs(secure)
    )
    expect(wrong.exitCode).toBe(1)
    expect(errors(wrong)[0].message).toContain('The proxy refused the credentials in https_proxy')
    expect(wrong.stdout).not.toContain('wrong@')
  })

  it('no_proxy naming the Hub sends it direct, where its name does not resolve: the error names the host', async () => {
    const job = newJob(proxyEnv(squid.url, { no_proxy: 'hub.test', NO_PROXY: 'hub.test' }))
    const main = await runStep(job, 'main', inputs(plain, { repos: '' }))
    expect(main.exitCode).toBe(1)
    const [error] = errors(main)
    expect(error.properties.title).toBe('Hugging Face Hub unreachable')
    expect(error.message).toContain(`could not reach ${plain.url}`)
  }, 60_000)

  ;(hasGit() ? it : it.skip)(
    'git-credential: a later step clones a gated repo through the same proxy',
    async () => {
      const repos = new GitRepos()
      repos.create('meta-llama/behind-proxy-git', { 'config.json': '{"through": "squid"}' })
      plain.overrides.push({
        path: /\/(info\/refs|git-upload-pack)$/,
        answer: repos.handler(p => p === TOKENS.alice)
      })
      try {
        const before = squid.accessLog().length
        const job = newJob(proxyEnv(squid.url))
        const main = await runStep(job, 'main', {
          'hf-token': TOKENS.alice,
          endpoint: plain.url,
          'git-credential': 'true',
          login: 'false'
        })
        expect(ending(main)).toEqual(SUCCEEDED)
        const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-proxy-git-')), 'clone')
        await promisify(execFile)(
          'git',
          ['clone', '-q', `${plain.url}/meta-llama/behind-proxy-git`, target],
          {
            env: { ...job.env, GIT_TERMINAL_PROMPT: '0' }
          }
        )
        expect(fs.readFileSync(path.join(target, 'config.json'), 'utf8')).toBe('{"through": "squid"}')
        expect(
          squid
            .accessLog()
            .slice(before)
            .some(l => l.includes('hub.test') && l.includes('git-upload-pack'))
        ).toBe(true)
      } finally {
        plain.overrides.length = 0
      }
    }
  )

  const python = pythonHub()
  ;(python.ok ? it : it.skip)(
    'Python huggingface_hub in the same environment downloads through the same proxy',
    async () => {
      if (!python.ok) return
      const before = squid.accessLog().length
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-proxy-py-'))
      const got = (await python.run(
        `from huggingface_hub import hf_hub_download
p = hf_hub_download("${BIG}", "config.json")
print(json.dumps(open(p).read()))`,
        {
          HOME: home,
          HF_HOME: path.join(home, 'hf'),
          HF_TOKEN: TOKENS.alice,
          HF_ENDPOINT: plain.url,
          ...proxyEnv(squid.url)
        }
      )) as string
      expect(got).toBe('{"model_type": "llama"}')
      expect(
        squid
          .accessLog()
          .slice(before)
          .some(l => l.includes('hub.test') && l.includes('config.json'))
      ).toBe(true)
    }
  )
})
