/** End to end: the committed dist/ run as the runner runs it — token in, HF_TOKEN out, whoami, post cleanup. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FakeHub } from '../../__fixtures__/fake-hub.js'
import { REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { tokenLeaks } from '../../__fixtures__/leaks.js'
import {
  newJob,
  runAction,
  runPost,
  runStep,
  type StepResult,
  ending,
  SUCCEEDED
} from '../../__fixtures__/runner.js'

let hub: FakeHub
beforeAll(async () => {
  hub = await startWorld()
})
afterAll(() => hub.stop())

function annotations(step: StepResult, kind: 'error' | 'warning') {
  return step.commands.filter(c => c.command === kind)
}

describe('token, environment and whoami', () => {
  it('verifies a good token (with a trailing newline), exports it, writes the token file and removes it in post', async () => {
    const job = newJob()
    const tokenFile = path.join(job.home, '.cache', 'huggingface', 'token')
    const { main, post } = await runAction(
      job,
      { 'hf-token': `${TOKENS.alice}\n`, endpoint: hub.url },
      () => {
        // Between the steps, as a later step would see it.
        expect(fs.readFileSync(tokenFile, 'utf8')).toBe(TOKENS.alice)
        expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600)
      }
    )
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.stdout.split('\n')[0]).toBe(`::add-mask::${TOKENS.alice}`)
    expect(main.outputs).toMatchObject({
      authenticated: 'true',
      username: 'alice',
      orgs: 'acme,ml-team',
      'token-role': 'read'
    })
    expect(main.exportedEnv).toEqual({
      HF_HOME: path.join(job.home, '.cache', 'huggingface'),
      HF_HUB_CACHE: path.join(job.home, '.cache', 'huggingface', 'hub'),
      HF_HUB_DISABLE_TELEMETRY: '1',
      HF_ENDPOINT: hub.url,
      HF_TOKEN: TOKENS.alice
    })
    expect(annotations(main, 'warning')).toEqual([])
    expect(main.summary).toContain('alice')
    expect(main.summary).toContain('read')
    expect(ending(post)).toEqual(SUCCEEDED)
    expect(fs.existsSync(tokenFile)).toBe(false)
    expect(tokenLeaks([main, post], TOKENS.alice)).toEqual([])
  })

  it('warns about a write token (least privilege) but succeeds', async () => {
    const { main } = await runAction(newJob(), { 'hf-token': TOKENS.bob, endpoint: hub.url })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.outputs['token-role']).toBe('write')
    const [warning] = annotations(main, 'warning')
    expect(warning.properties.title).toBe('Token has more rights than CI needs')
    expect(warning.message).toContain('read or fine-grained token')
    expect(tokenLeaks([main], TOKENS.bob)).toEqual([])
  })

  it('fails clearly on an invalid token, and post still removes the token file', async () => {
    const job = newJob()
    const { main, post } = await runAction(job, { 'hf-token': TOKENS.revoked, endpoint: hub.url })
    expect(main.exitCode).toBe(1)
    const [error] = annotations(main, 'error')
    expect(error.properties.title).toBe('Hugging Face token rejected')
    expect(error.message).toContain('invalid, expired or revoked')
    expect(error.message).toContain(`${hub.url}/settings/tokens`)
    expect(ending(post)).toEqual(SUCCEEDED)
    expect(fs.existsSync(path.join(job.home, '.cache', 'huggingface', 'token'))).toBe(false)
    expect(tokenLeaks([main, post], TOKENS.revoked)).toEqual([])
  })

  it('fails without a token, naming hf-token and the fork pull-request case', async () => {
    const { main, post } = await runAction(newJob(), { endpoint: hub.url })
    expect(main.exitCode).toBe(1)
    const [error] = annotations(main, 'error')
    expect(error.properties.title).toBe('No Hugging Face token')
    expect(error.message).toContain('"hf-token" input')
    expect(error.message).toContain('fork')
    expect(error.message).toContain('allow-anonymous: true')
    expect(ending(post)).toEqual(SUCCEEDED)
  })

  it('continues anonymously with allow-anonymous: public repos work, gated ones say a token is needed', async () => {
    const { main } = await runAction(newJob(), {
      endpoint: hub.url,
      'allow-anonymous': 'true',
      repos: `${REPOS.public}\n${REPOS.llama}`,
      'require-access': 'false',
      cache: 'false'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.outputs).toMatchObject({ authenticated: 'false', username: '', 'token-role': '' })
    expect(main.exportedEnv.HF_TOKEN).toBeUndefined()
    const repos = JSON.parse(main.outputs.repos)
    expect(repos.map((r: { access: string }) => r.access)).toEqual(['granted', 'unauthenticated'])
  })

  it('takes the token from HF_TOKEN in the environment when the input is empty, and masks it', async () => {
    const job = newJob({ HF_TOKEN: TOKENS.alice })
    const main = await runStep(job, 'main', { endpoint: hub.url, login: 'false' })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.stdout.split('\n')[0]).toBe(`::add-mask::${TOKENS.alice}`)
    expect(main.outputs.username).toBe('alice')
    expect(fs.existsSync(path.join(job.home, '.cache', 'huggingface', 'token'))).toBe(false)
    expect(tokenLeaks([main], TOKENS.alice)).toEqual([])
  })

  it('exports HUGGING_FACE_HUB_TOKEN only with export-legacy-env, and honours hf-home', async () => {
    const job = newJob()
    const hfHome = path.join(job.dir, 'custom-hf')
    const main = await runStep(job, 'main', {
      'hf-token': TOKENS.carol,
      endpoint: hub.url,
      'export-legacy-env': 'true',
      'hf-home': hfHome
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.exportedEnv.HUGGING_FACE_HUB_TOKEN).toBe(TOKENS.carol)
    expect(main.exportedEnv.HF_HOME).toBe(hfHome)
    expect(main.outputs['token-role']).toBe('fineGrained')
    expect(fs.readFileSync(path.join(hfHome, 'token'), 'utf8')).toBe(TOKENS.carol)
    expect(tokenLeaks([main], TOKENS.carol)).toEqual([])
  })

  it('writes the token file where HF_TOKEN_PATH says, as Python reads it, and post removes it', async () => {
    const tokenPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-token-path-')), 'tokens', 'hf')
    const job = newJob({ HF_TOKEN_PATH: tokenPath })
    const main = await runStep(job, 'main', { 'hf-token': TOKENS.alice, endpoint: hub.url })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(fs.readFileSync(tokenPath, 'utf8')).toBe(TOKENS.alice)
    expect(fs.statSync(tokenPath).mode & 0o777).toBe(0o600)
    expect(fs.existsSync(path.join(job.home, '.cache', 'huggingface', 'token'))).toBe(false)
    const post = await runPost(job, main)
    expect(post.stdout).toContain(`Removed the token file ${tokenPath}`)
    expect(fs.readdirSync(path.dirname(tokenPath))).toEqual([])
  })

  it('puts back a token file that was already there (self-hosted runners)', async () => {
    const job = newJob()
    const tokenFile = path.join(job.home, '.cache', 'huggingface', 'token')
    fs.mkdirSync(path.dirname(tokenFile), { recursive: true })
    fs.writeFileSync(tokenFile, 'hf_someone_elses_token')
    const { post } = await runAction(job, { 'hf-token': TOKENS.alice, endpoint: hub.url })
    expect(ending(post)).toEqual(SUCCEEDED)
    expect(fs.readFileSync(tokenFile, 'utf8')).toBe('hf_someone_elses_token')
  })

  it("jobs sharing a persistent hf-home, each with its own token: posts in any order put the machine's back", async () => {
    const hfHome = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-shared-home-'))
    const tokenFile = path.join(hfHome, 'token')
    fs.writeFileSync(tokenFile, 'hf_the_machines_own_token')
    const [a, b] = [newJob(), newJob()]
    const inputsOf = (token: string) => ({
      'hf-token': token,
      endpoint: hub.url,
      'hf-home': hfHome,
      cache: 'false'
    })
    const mainA = await runStep(a, 'main', inputsOf(TOKENS.alice))
    const mainB = await runStep(b, 'main', inputsOf(TOKENS.bob))
    expect(fs.readFileSync(tokenFile, 'utf8')).toBe(TOKENS.bob)
    // A ends first: B's later steps keep B's token, and A's leaves the machine with A's post.
    const postA = await runPost(a, mainA, inputsOf(TOKENS.alice))
    expect(fs.readFileSync(tokenFile, 'utf8')).toBe(TOKENS.bob)
    const postB = await runPost(b, mainB, inputsOf(TOKENS.bob))
    for (const step of [mainA, mainB, postA, postB]) expect(ending(step)).toEqual(SUCCEEDED)
    expect(fs.readdirSync(hfHome)).toEqual(['token'])
    expect(fs.readFileSync(tokenFile, 'utf8')).toBe('hf_the_machines_own_token')
  })

  it("a matrix of jobs sharing a persistent hf-home, all at once: the machine's token file comes back, no job's stays", async () => {
    const hfHome = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-shared-home-'))
    const tokenFile = path.join(hfHome, 'token')
    fs.writeFileSync(tokenFile, 'hf_the_machines_own_token')
    const tokens = ['one', 'two', 'three', 'four'].map(leg => {
      const token = `hf_matrix_${leg}_0123456789abcdef`
      hub.addToken(token, { name: `leg-${leg}` })
      return token
    })
    const jobs = tokens.map(() => newJob())
    const inputsOf = (token: string) => ({
      'hf-token': token,
      endpoint: hub.url,
      'hf-home': hfHome,
      cache: 'false'
    })
    const mains = await Promise.all(jobs.map((job, i) => runStep(job, 'main', inputsOf(tokens[i]))))
    expect(tokens).toContain(fs.readFileSync(tokenFile, 'utf8'))
    const posts = await Promise.all(jobs.map((job, i) => runPost(job, mains[i], inputsOf(tokens[i]))))
    for (const step of [...mains, ...posts]) expect(ending(step)).toEqual(SUCCEEDED)
    expect(fs.readdirSync(hfHome)).toEqual(['token'])
    expect(fs.readFileSync(tokenFile, 'utf8')).toBe('hf_the_machines_own_token')
  })

  it('warns about a token that does not look like a Hugging Face token', async () => {
    hub.addToken('not-an-hf-token-but-valid', { name: 'dave' })
    const main = await runStep(newJob(), 'main', {
      'hf-token': 'not-an-hf-token-but-valid',
      endpoint: hub.url
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(annotations(main, 'warning').some(w => w.message.includes('does not start with "hf_"'))).toBe(true)
    expect(tokenLeaks([main], 'not-an-hf-token-but-valid')).toEqual([])
  })

  it('warns when a fine-grained token cannot read public gated repos', async () => {
    hub.addToken('hf_fine_no_gated_0123456789abcdefgh', {
      name: 'erin',
      role: 'fineGrained',
      canReadGatedRepos: false
    })
    const main = await runStep(newJob(), 'main', {
      'hf-token': 'hf_fine_no_gated_0123456789abcdefgh',
      endpoint: hub.url,
      repos: REPOS.public,
      cache: 'false'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(annotations(main, 'warning').map(w => w.message)).toEqual([
      expect.stringContaining('cannot read public gated repos')
    ])
  })

  it('post never fails the job over cleanup, and does nothing without state', async () => {
    const job = newJob()
    const stuck = path.join(job.dir, 'token-is-a-folder')
    fs.mkdirSync(stuck) // removing it as a file fails
    const { dev, ino, mtimeNs } = fs.lstatSync(stuck, { bigint: true })
    const state = JSON.stringify({
      version: 1,
      tokenFile: { path: stuck, identity: `${dev}:${ino}:${mtimeNs}` }
    })
    const post = await runStep(job, 'post', {}, { 'STATE_hf-auth-action': state })
    expect(ending(post)).toEqual(SUCCEEDED)
    expect(annotations(post, 'warning')[0].message).toContain('Could not remove the token file')
    // A record of another version (or not main's) is refused, with a warning: nothing is touched.
    const other = await runStep(
      job,
      'post',
      {},
      { 'STATE_hf-auth-action': JSON.stringify({ tokenFile: { path: stuck } }) }
    )
    expect(ending(other)).toEqual(SUCCEEDED)
    expect(annotations(other, 'warning')).toEqual([
      expect.objectContaining({ properties: { title: 'Post step: record refused' } })
    ])
    expect(fs.existsSync(stuck)).toBe(true)
    const idle = await runStep(newJob(), 'post')
    expect(ending(idle)).toEqual(SUCCEEDED)
    expect(idle.stdout).toContain('Nothing to clean up')
  })

  it('names the input and the fix for bad input', async () => {
    const main = await runStep(newJob(), 'main', {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      download: 'sometimes'
    })
    expect(main.exitCode).toBe(1)
    const [error] = annotations(main, 'error')
    expect(error.properties.title).toBe('Invalid input "download"')
    expect(error.message).toBe(
      'Input "download" must be true or false (yes/no, on/off and 1/0 are read too), not "sometimes".'
    )
  })

  it('declares runs.using node24 with a post step that always runs', async () => {
    const { readActionYaml } = await import('../../__fixtures__/runner.js')
    expect(readActionYaml().runs).toEqual({
      using: 'node24',
      main: 'dist/main/index.js',
      post: 'dist/post/index.js',
      'post-if': 'always()'
    })
  })
})
