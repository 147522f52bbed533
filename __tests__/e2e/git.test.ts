/**
 * End to end with the real `git`: after the committed dist/ ran with `git-credential: true`, a later step's
 * `git clone` of a gated repo over smart HTTP succeeds with the token; without the action it fails; and a
 * repo on another origin never receives the token.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import { CDN_HOST, sha256, type FakeHub } from '../../__fixtures__/fake-hub.js'
import { GitRepos, hasGit } from '../../__fixtures__/git-http.js'
import { REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { tokenLeaks } from '../../__fixtures__/leaks.js'
import { newJob, runAction, runStep, type Job, ending, SUCCEEDED } from '../../__fixtures__/runner.js'

const describeWithGit = hasGit() ? describe : describe.skip
if (!hasGit()) console.warn('git tests skipped: no git on this machine')

let hub: FakeHub
let weights: Buffer
let repos: GitRepos
let other: http.Server
let otherUrl = ''
const otherRepos = new GitRepos()

beforeAll(async () => {
  hub = await startWorld()
  repos = new GitRepos()
  repos.create('meta-llama/gated-git', { 'config.json': '{"gated": true}' })
  // A model whose weights are an LFS pointer, the content served by the fake Hub's CDN.
  const llama = hub.repos.get(`model:${REPOS.llama}`)!
  weights = llama.commits[llama.branches.main]['model.safetensors'].content
  repos.create('meta-llama/gated-lfs', {
    '.gitattributes': '*.safetensors filter=lfs diff=lfs merge=lfs -text\n',
    'model.safetensors': `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(weights)}\nsize ${weights.length}\n`
  })
  hub.overrides.push({
    path: /\/(info\/refs|git-upload-pack|info\/lfs\/objects\/batch)$/,
    answer: repos.handler(
      p => p === TOKENS.alice,
      oid => hub.signedCdnUrl(oid)
    )
  })
  // Another origin (another host) that would take any password: it must never be sent one.
  otherRepos.create('acme/elsewhere', { 'README.md': 'x' })
  const handle = otherRepos.handler(p => p !== undefined)
  other = http.createServer((req, res) => {
    if (!handle(req, res, new URL(req.url ?? '/', 'http://x'))) res.writeHead(404).end()
  })
  await new Promise<void>(r => other.listen(0, CDN_HOST, r))
  otherUrl = `http://${CDN_HOST}:${(other.address() as AddressInfo).port}`
})
afterAll(async () => {
  await hub.stop()
  other.closeAllConnections()
  await new Promise(r => other.close(r))
})

/** A later step of the job: `git clone` with the job's environment (what GITHUB_ENV exported included). */
async function clone(job: Job, url: string, env: Record<string, string> = job.env) {
  const target = fs.mkdtempSync(path.join(job.dir, 'clone-'))
  try {
    await promisify(execFile)('git', ['clone', '-q', url, target], {
      env: { ...env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '' }
    })
    return { ok: true, dir: target }
  } catch (error) {
    return { ok: false, dir: target, error: String(error) }
  }
}

describeWithGit('git-credential', () => {
  it('lets a later step clone a gated repo from the endpoint, and gives the token to no other host', async () => {
    const job = newJob({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'user.name',
      GIT_CONFIG_VALUE_0: 'existing'
    })
    const before = await clone(job, `${hub.url}/meta-llama/gated-git`)
    expect(before.ok).toBe(false)
    const { main, post } = await runAction(
      job,
      { 'hf-token': TOKENS.alice, endpoint: hub.url, 'git-credential': 'true' },
      async () => {
        const cloned = await clone(job, `${hub.url}/meta-llama/gated-git`)
        expect(cloned.ok).toBe(true)
        expect(fs.readFileSync(path.join(cloned.dir, 'config.json'), 'utf8')).toBe('{"gated": true}')
        const elsewhere = await clone(job, `${otherUrl}/acme/elsewhere`)
        expect(elsewhere.ok).toBe(false)
      }
    )
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.stdout).toContain(`git: later steps authenticate to ${hub.url} with HF_TOKEN`)
    // Appended after the job's own git configuration, which stays.
    expect(main.exportedEnv).toMatchObject({
      GIT_CONFIG_COUNT: '3',
      GIT_CONFIG_KEY_1: `credential.${hub.url}.helper`,
      GIT_CONFIG_VALUE_1: '',
      GIT_CONFIG_KEY_2: `credential.${hub.url}.helper`
    })
    expect(main.exportedEnv.GIT_CONFIG_VALUE_2).not.toContain(TOKENS.alice)
    expect(otherRepos.authorizations).toEqual([])
    expect(repos.authorizations.length).toBeGreaterThan(0)
    expect(tokenLeaks([main, post], TOKENS.alice)).toEqual([])
    // No file anywhere holds the token for git: not the job's home, not a git config.
    const files = fs.readdirSync(job.home, { recursive: true, encoding: 'utf8' })
    for (const file of files) {
      const full = path.join(job.home, file)
      if (fs.statSync(full).isFile()) expect(fs.readFileSync(full, 'utf8')).not.toContain(TOKENS.alice)
    }
  })

  const hasLfs = (() => {
    try {
      execFileSync('git', ['lfs', 'version'], { stdio: 'ignore' })
      return true
    } catch {
      return false
    }
  })()
  if (!hasLfs) console.warn('git-lfs test skipped: no git-lfs on this machine (Debian package git-lfs)')
  ;(hasLfs ? it : it.skip)(
    'git-lfs asks git for the credential: large files come from the CDN, without the token',
    async () => {
      const job = newJob()
      const main = await runStep(job, 'main', {
        'hf-token': TOKENS.alice,
        endpoint: hub.url,
        'git-credential': 'true',
        login: 'false'
      })
      expect(ending(main)).toEqual(SUCCEEDED)
      await promisify(execFile)('git', ['lfs', 'install', '--skip-repo'], { env: job.env })
      hub.resetStats()
      const cloned = await clone(job, `${hub.url}/meta-llama/gated-lfs`)
      expect(cloned).toMatchObject({ ok: true })
      expect(fs.readFileSync(path.join(cloned.dir, 'model.safetensors')).equals(weights)).toBe(true)
      expect(hub.stats.cdnRequests).toBeGreaterThan(0)
      expect(hub.stats.cdnAuthorizations).toEqual([])
    }
  )

  it('without the token in the environment the helper gives nothing, and the clone fails', async () => {
    const job = newJob()
    const main = await runStep(job, 'main', {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      'git-credential': 'true',
      login: 'false'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    const env = { ...job.env }
    delete env.HF_TOKEN
    expect((await clone(job, `${hub.url}/meta-llama/gated-git`, env)).ok).toBe(false)
  })

  it('warns, and does not fail, on an anonymous run: there is no token to give git', async () => {
    const main = await runStep(newJob(), 'main', {
      endpoint: hub.url,
      'allow-anonymous': 'true',
      'git-credential': 'true'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    const [warning] = main.commands.filter(c => c.command === 'warning')
    expect(warning.message).toBe('git-credential: true, but there is no token to give git (anonymous run).')
    expect(main.exportedEnv.GIT_CONFIG_COUNT).toBeUndefined()
  })

  it('warns, and does not fail, when git is missing', async () => {
    const job = newJob()
    const main = await runStep(
      job,
      'main',
      { 'hf-token': TOKENS.alice, endpoint: hub.url, 'git-credential': 'true' },
      {
        PATH: path.join(job.dir, 'no-git-here')
      }
    )
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.commands.find(c => c.command === 'warning')?.properties.title).toBe('git not found')
    expect(main.exportedEnv.GIT_CONFIG_COUNT).toBeUndefined()
  })
})
