/**
 * End to end: pre-warm and the real @actions/cache through a local cache service, run after run, each
 * on a fresh machine at the same paths — cold saves, warm hits with zero content bytes, an updated model
 * restores the older cache and fetches only what changed, and cache trouble is only ever a warning.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { FakeCacheService } from '../../__fixtures__/fake-cache-service.js'
import { bytes, fakeCommit, sha256, type FakeHub } from '../../__fixtures__/fake-hub.js'
import { modelFiles, REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { archiveEntries, compressLike, tokenLeaks, untarBytes } from '../../__fixtures__/leaks.js'
import {
  freshMachine,
  newJob,
  runAction,
  runPost,
  runStep,
  type StepResult
} from '../../__fixtures__/runner.js'
import { TEST_CERT, TEST_KEY } from '../../__fixtures__/test-tls.js'

/**
 * Each test has a world of its own (a Hub, a cache service, a machine folder), so it runs alone and in any
 * order; `cold()` runs the first job a test needs a cache from.
 */
interface World {
  hub: FakeHub
  service: FakeCacheService
  machineDir: string
  inputs(extra?: Record<string, string>): Record<string, string>
  /** A fresh machine of this world (same paths: the cache version hashes them). */
  machine(env?: Record<string, string>): ReturnType<typeof freshMachine>
  /** The cold run: downloads everything and saves the cache; its main and post. */
  cold(): Promise<{ main: StepResult; post: StepResult; key: string }>
}

const worlds: World[] = []
afterEach(async () => {
  await Promise.all(worlds.splice(0).flatMap(w => [w.hub.stop(), w.service.stop()]))
})

function warnings(step: StepResult): string[] {
  return step.commands
    .filter(c => c.command === 'warning')
    .map(c => `${c.properties.title ?? ''}: ${c.message}`)
}

const REPO_LINES = `${REPOS.public}\n${REPOS.llama} *.json *.safetensors\ndatasets/${REPOS.dataset}`

async function world(): Promise<World> {
  const [hub, service] = await Promise.all([startWorld(), new FakeCacheService().start()])
  const machineDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-auth-cache-e2e-'))
  const w: World = {
    hub,
    service,
    machineDir,
    inputs: (extra = {}) => ({
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: REPO_LINES,
      download: 'true',
      ...extra
    }),
    machine: (env = {}) => freshMachine(machineDir, { ...service.env(), ...env }),
    cold: async () => {
      const { main, post } = await runAction(w.machine(), w.inputs())
      expect(main.exitCode).toBe(0)
      expect(post.exitCode).toBe(0)
      return { main, post, key: main.outputs['cache-key'] }
    }
  }
  worlds.push(w)
  return w
}

describe('pre-warm and cache, run after run', () => {
  it('cold run: downloads everything, saves the cache in post, without the token or partial files', async () => {
    const { hub, service, machine, inputs } = await world()
    const job = machine()
    hub.resetStats()
    // A later step logs in with the hf CLI (stored_tokens beside the token file) and leaves lock files.
    const hfHome = path.join(job.home, '.cache', 'huggingface')
    const { main, post } = await runAction(job, inputs(), () => {
      fs.writeFileSync(path.join(hfHome, 'stored_tokens'), `[ci]\nhf_token = ${TOKENS.alice}\n`)
      fs.mkdirSync(path.join(hfHome, 'hub', '.locks', 'models--acme--tiny-model'), { recursive: true })
      fs.writeFileSync(path.join(hfHome, 'hub', '.locks', 'models--acme--tiny-model', 'x.lock'), '')
    })
    expect(main.exitCode).toBe(0)
    expect(main.outputs['cache-hit']).toBe('false')
    expect(main.outputs['cache-matched-key']).toBe('')
    const coldKey = main.outputs['cache-key']
    expect(coldKey).toMatch(/^hf-hub-Linux-X64-[0-9a-f]{32}$/)
    expect(main.outputs['hub-cache']).toBe(path.join(job.home, '.cache', 'huggingface', 'hub'))
    expect(main.exportedEnv.HF_HUB_CACHE).toBe(main.outputs['hub-cache'])
    const repos = JSON.parse(main.outputs.repos)
    expect(repos.map((r: { files: number }) => r.files)).toEqual([6, 3, 2])
    // Each repo's snapshot folder, for from_pretrained(<folder>) or load_dataset(<folder>) offline.
    const hubCache = path.join(job.home, '.cache', 'huggingface', 'hub')
    expect(repos[2].path).toBe(
      path.join(
        hubCache,
        'datasets--acme--tiny-dataset',
        'snapshots',
        hub.repos.get(`dataset:${REPOS.dataset}`)!.branches.main
      )
    )
    for (const repo of repos) expect(fs.statSync(repo.path).isDirectory()).toBe(true)
    expect(hub.stats.contentBytes).toBeGreaterThan(0)
    expect(hub.stats.cdnAuthorizations).toEqual([])
    expect(main.summary).toContain('<th>Files</th><th>Size</th>')

    expect(post.exitCode).toBe(0)
    expect(post.stdout).toContain(`Cache saved: ${coldKey}`)
    const [entry] = service.finalized()
    expect(entry.key).toBe(coldKey)
    const entries = archiveEntries(entry.archive!)
    expect(entries.some(e => e.includes('models--acme--tiny-model/snapshots/'))).toBe(true)
    // Only repo folders (and the store): never HF_HOME's files, the hub cache's tag or its lock folder.
    expect(entries.filter(e => !/\/hub\/(models|datasets|spaces)--/.test(e))).toEqual([])
    expect(entries.some(e => /(^|\/)(token|stored_tokens|CACHEDIR\.TAG)$/.test(e))).toBe(false)
    expect(entries.some(e => e.endsWith('.incomplete') || e.includes('.locks'))).toBe(false)
    expect(untarBytes(entry.archive!).includes(Buffer.from(TOKENS.alice))).toBe(false)
    expect(tokenLeaks([main, post], TOKENS.alice)).toEqual([])
  })

  it('warm run on a new machine: exact hit, zero content bytes, nothing saved again', async () => {
    const { hub, service, machine, inputs, cold } = await world()
    const { key: coldKey } = await cold()
    hub.resetStats()
    const { main, post } = await runAction(machine(), inputs({ offline: 'true' }))
    expect(main.exitCode).toBe(0)
    expect(main.outputs['cache-hit']).toBe('true')
    expect(main.outputs['cache-key']).toBe(coldKey)
    expect(main.outputs['cache-matched-key']).toBe(coldKey)
    expect(hub.stats.contentBytes).toBe(0)
    expect(hub.stats.resolveRequests).toBe(0)
    expect(hub.stats.cdnRequests).toBe(0)
    expect(main.exportedEnv.HF_HUB_OFFLINE).toBe('1')
    expect(post.stdout).toContain('nothing to save')
    expect(service.finalized()).toHaveLength(1)
  })

  it('a poisoned cache entry (right size, wrong content) is caught: the blob is fetched again, nothing else', async () => {
    const { hub, service, machine, inputs, cold: coldRun } = await world()
    const { key: coldKey } = await coldRun()
    const cold = service.finalized().find(e => e.key === coldKey)!
    const config = modelFiles('tiny-v2')['config.json'].content
    const tar = untarBytes(cold.archive!)
    const at = tar.indexOf(config)
    expect(at).toBeGreaterThan(0)
    Buffer.alloc(config.length, '!').copy(tar, at)
    // Another branch's workflow saved it under the same key, later: it is the one restored.
    service.entries.push({
      ...cold,
      id: 9999,
      archive: compressLike(cold.archive!, tar),
      createdAt: Date.now() + 1
    })
    try {
      hub.resetStats()
      const { main } = await runAction(machine(), inputs())
      expect(main.exitCode).toBe(0)
      expect(main.outputs['cache-hit']).toBe('true')
      expect(main.stdout).toContain('removed config.json from the cached snapshot')
      expect(hub.stats.contentBytes).toBe(config.length)
      const commit = hub.repos.get(`model:${REPOS.public}`)!.branches.main
      const snapshot = path.join(main.outputs['hub-cache'], 'models--acme--tiny-model', 'snapshots', commit)
      expect(fs.readFileSync(path.join(snapshot, 'config.json')).equals(config)).toBe(true)

      // Without a pre-warm, the wrong file is removed before later steps could trust it.
      const { main: check } = await runAction(machine(), inputs({ download: 'false' }))
      expect(check.exitCode).toBe(0)
      // A restore that holds the repo gives its snapshot folder too.
      expect(JSON.parse(check.outputs.repos)[0].path).toBe(snapshot)
      expect(fs.existsSync(path.join(snapshot, 'config.json'))).toBe(false)
      expect(fs.existsSync(path.join(snapshot, 'tokenizer.json'))).toBe(true)
    } finally {
      service.entries = service.entries.filter(e => e.id !== 9999)
    }
  })

  it('an updated model: restores the older cache by prefix, fetches only the changed file, saves a new key', async () => {
    const { hub, service, machine, inputs, cold } = await world()
    const { key: coldKey } = await cold()
    const changed = Buffer.from(JSON.stringify({ model_type: 'llama', updated: true }))
    hub.pushCommit('model', REPOS.public, { 'config.json': { content: changed, lfs: false } })
    hub.resetStats()
    const { main, post } = await runAction(machine(), inputs())
    expect(main.exitCode).toBe(0)
    expect(main.outputs['cache-hit']).toBe('false')
    expect(main.outputs['cache-key']).not.toBe(coldKey)
    expect(main.outputs['cache-matched-key']).toBe(coldKey)
    expect(hub.stats.contentBytes).toBe(changed.length)
    expect(post.stdout).toContain(`Cache saved: ${main.outputs['cache-key']}`)
    expect(service.finalized().map(e => e.key)).toEqual([coldKey, main.outputs['cache-key']])
  })

  it('save-cache: false restores but never saves', async () => {
    const { service, machine, inputs, cold } = await world()
    await cold()
    // Another revision than the cold run's: the restore is by prefix, and there is something new to save.
    const { main, post } = await runAction(
      machine(),
      inputs({ 'save-cache': 'false', repos: `${REPOS.public}@v1.0` })
    )
    expect(main.exitCode).toBe(0)
    expect(main.outputs['cache-hit']).toBe('false')
    expect(main.outputs['cache-matched-key']).not.toBe('')
    expect(post.stdout).toContain('save-cache is false')
    expect(service.finalized()).toHaveLength(1)
  })

  it('a failing cache service is a warning, never a failed job', async () => {
    const { service, machine, inputs } = await world()
    service.fault = 'error-400'
    const { main, post } = await runAction(machine(), inputs({ repos: `spaces/${REPOS.space}` }))
    expect(main.exitCode).toBe(0)
    expect(post.exitCode).toBe(0)
    expect(warnings(main).some(w => w.includes('Failed to restore'))).toBe(true)
    expect(warnings(post).some(w => w.startsWith('Cache not saved'))).toBe(true)
  })

  it('no cache service at all (e.g. a runner without one) is a warning too', async () => {
    const { machineDir, inputs } = await world()
    const job = freshMachine(machineDir)
    const { main, post } = await runAction(job, inputs({ repos: `spaces/${REPOS.space}` }))
    expect(main.exitCode).toBe(0)
    expect(post.exitCode).toBe(0)
    expect(warnings(main).some(w => w.startsWith('Cache service unavailable'))).toBe(true)
  })

  it('a failed pre-warm is saved under a partial key, which the next run resumes from and completes', async () => {
    const { hub, service, machine, inputs } = await world()
    // A repo no earlier cache holds, so what the first run fetched is all the second run can restore.
    const commit = fakeCommit('partial-model')
    const files = modelFiles('partial-model')
    hub.addRepo({
      type: 'model',
      id: 'acme/partial-model',
      branches: { main: commit },
      commits: { [commit]: files }
    })
    const weights = files['model.safetensors'].content
    const repos = 'acme/partial-model'
    hub.faults.resetMidBody.set(sha256(weights), 20)
    const broken = await runAction(machine(), inputs({ repos }))
    hub.faults.resetMidBody.clear()
    expect(broken.main.exitCode).toBe(1)
    const key = broken.main.outputs['cache-key']
    expect(broken.post.stdout).toContain('did not finish')
    const partial = service.finalized().find(e => e.key.startsWith(`${key}-partial-`))
    expect(partial).toBeDefined()
    expect(service.finalized().some(e => e.key === key)).toBe(false)

    hub.resetStats()
    const { main, post } = await runAction(machine(), inputs({ repos }))
    expect(main.exitCode).toBe(0)
    expect(main.outputs['cache-hit']).toBe('false')
    expect(main.outputs['cache-matched-key']).toBe(partial!.key)
    expect(hub.stats.contentBytes).toBe(weights.length)
    expect(post.stdout).toContain(`Cache saved: ${key}`)
  })

  it('cache-key overrides the derived key for restore and save', async () => {
    const { service, machine, inputs } = await world()
    const { main, post } = await runAction(
      machine(),
      inputs({ repos: `spaces/${REPOS.space}`, 'cache-key': 'team-models-v7' })
    )
    expect(main.exitCode).toBe(0)
    expect(main.outputs['cache-key']).toBe('team-models-v7')
    expect(post.stdout).toContain('Cache saved: team-models-v7')
    expect(service.finalized().some(e => e.key === 'team-models-v7')).toBe(true)
  })

  it('the Hub unreachable and no cache to stand in for it: fails, saying why and what to do', async () => {
    const { inputs } = await world()
    // An endpoint whose certificate Node does not trust: unreachable at once, without the retries' backoff.
    const server = https.createServer({ cert: TEST_CERT, key: TEST_KEY }, (_req, res) => res.end('{}'))
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
      const empty = await new FakeCacheService().start()
      try {
        const job = freshMachine(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-down-')), empty.env())
        const { main } = await runAction(job, inputs({ endpoint, repos: REPOS.public }))
        expect(main.exitCode).toBe(1)
        const [error] = main.commands.filter(c => c.command === 'error')
        expect(error.properties.title).toBe('Hugging Face Hub unreachable')
        expect(error.message).toContain(`could not reach ${endpoint}`)
        expect(error.message).toContain('NODE_EXTRA_CA_CERTS')
        expect(main.exportedEnv.HF_HUB_OFFLINE).toBeUndefined()
      } finally {
        await empty.stop()
      }
    } finally {
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    }
  })

  it('the Hub unreachable but a cache restored: continues offline with a warning', async () => {
    const { hub, machine, inputs, cold } = await world()
    await cold()
    const closed = 'http://127.0.0.1:9' // discard port: nothing listens
    const { main } = await runAction(
      machine(),
      inputs({ endpoint: closed, repos: `${REPOS.public}\n${REPOS.llama}` })
    )
    expect(main.exitCode).toBe(0)
    expect(main.exportedEnv.HF_HUB_OFFLINE).toBe('1')
    expect(warnings(main).some(w => w.startsWith('Hugging Face Hub unreachable: using the cache'))).toBe(true)
    const repos = JSON.parse(main.outputs.repos)
    expect(repos.map((r: { commit: string }) => r.commit)).toEqual([
      hub.repos.get(`model:${REPOS.public}`)!.branches.main,
      hub.repos.get(`model:${REPOS.llama}`)!.branches.main
    ])
  }, 60_000)
})

describe('a cache over months: a model updated every week', () => {
  const weekly = 'acme/weekly-model'
  const folder = 'models--acme--weekly-model'
  const weekOne = fakeCommit('weekly-1')
  /** A world whose Hub has the weekly model at week 1. */
  async function weeklyWorld(): Promise<World> {
    const w = await world()
    w.hub.addRepo({
      type: 'model',
      id: weekly,
      branches: { main: weekOne },
      commits: {
        [weekOne]: {
          'config.json': { content: Buffer.from('{"week": 1}'), lfs: false },
          'model.safetensors': { content: bytes('weekly-1', 1024 * 1024), lfs: true }
        }
      }
    })
    return w
  }

  it('week 2 saves only what week 2 needs, and keeps what a later step added to a repo it did not list', async () => {
    const { hub, service, machine, inputs } = await weeklyWorld()
    const weeklyInputs = () => inputs({ repos: weekly })
    const first = await runAction(machine(), weeklyInputs())
    expect(first.post.stdout).toContain('Cache saved')
    const weekTwoWeights = bytes('weekly-2', 1024 * 1024)
    const weekTwo = hub.pushCommit('model', weekly, {
      'config.json': { content: Buffer.from('{"week": 2}'), lfs: false },
      'model.safetensors': { content: weekTwoWeights, lfs: true }
    })
    const job = machine()
    const main = await runStep(job, 'main', weeklyInputs())
    expect(main.exitCode).toBe(0)
    expect(main.outputs['cache-matched-key']).toBe(first.main.outputs['cache-key'])
    // A later step downloads something of a repo the job did not list.
    const other = path.join(job.home, '.cache', 'huggingface', 'hub', 'models--someone--else', 'blobs')
    fs.mkdirSync(other, { recursive: true })
    fs.writeFileSync(path.join(other, 'e'.repeat(40)), 'a later step')
    const post = await runPost(job, main)
    expect(post.stdout).toContain('Cache: pruned 1 old revision(s)')
    const saved = service.finalized().find(e => e.key === main.outputs['cache-key'])!
    const entries = archiveEntries(saved.archive!)
    expect(entries.some(e => e.includes(`${folder}/snapshots/${weekOne}`))).toBe(false)
    expect(entries.some(e => e.includes(sha256(bytes('weekly-1', 1024 * 1024))))).toBe(false)
    expect(entries.some(e => e.includes(`${folder}/snapshots/${weekTwo}/model.safetensors`))).toBe(true)
    expect(entries.some(e => e.includes(`${folder}/blobs/${sha256(weekTwoWeights)}`))).toBe(true)
    expect(entries.some(e => e.includes(`models--someone--else/blobs/${'e'.repeat(40)}`))).toBe(true)
    // What it holds is what week 2 needs: its weights, not both weeks'.
    expect(untarBytes(saved.archive!).length).toBeLessThan(1.5 * 1024 * 1024)
  })

  it('a persistent hf-home keeps its older revisions: nothing that was there before the action is pruned', async () => {
    const { hub, service, inputs } = await weeklyWorld()
    const hfHome = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-weekly-home-'))
    const weekTwo = hub.pushCommit('model', weekly, {
      'config.json': { content: Buffer.from('{"week": 2}'), lfs: false }
    })
    const first = await runAction(
      newJob({ ...service.env(), HF_HOME: hfHome }),
      inputs({ repos: `${weekly}@${weekOne}` })
    )
    expect(first.main.exitCode).toBe(0)
    const { main, post } = await runAction(
      newJob({ ...service.env(), HF_HOME: hfHome }),
      inputs({ repos: weekly })
    )
    expect(main.exitCode).toBe(0)
    expect(post.stdout).not.toContain('Cache: pruned')
    for (const commit of [weekOne, weekTwo])
      expect(fs.existsSync(path.join(hfHome, 'hub', folder, 'snapshots', commit))).toBe(true)
  })
})
