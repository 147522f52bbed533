/**
 * End to end: pre-warm and the real @actions/cache through a local cache service, run after run, each
 * on a fresh machine at the same paths — one entry per repo at a commit, exact hits with zero content bytes,
 * an updated model restores its older entry and fetches only what changed, workflows and matrix legs share
 * entries without ever storing a model twice, and cache trouble is only ever a warning.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { FakeCacheService } from '../../__fixtures__/fake-cache-service.js'
import { bytes, fakeCommit, sha256, type FakeFile, type FakeHub } from '../../__fixtures__/fake-hub.js'
import { modelFiles, REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { downloadLikePython } from '../../__fixtures__/python-layout.js'
import { archiveEntries, compressLike, tokenLeaks, untarBytes } from '../../__fixtures__/leaks.js'
import {
  freshMachine,
  newJob,
  reposOf,
  runAction,
  type StepResult,
  ending,
  SUCCEEDED
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
  cold(): Promise<{ main: StepResult; post: StepResult }>
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
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(ending(post)).toEqual(SUCCEEDED)
      return { main, post }
    }
  }
  worlds.push(w)
  return w
}

/** The finalized entries of one repo (by the `<type>/<id>/` part of their keys). */
function entriesOf(service: FakeCacheService, typeAndId: string) {
  return service.finalized().filter(e => e.key.includes(`/${typeAndId}/`))
}

/** The repo folders an entry's archive holds. */
function foldersIn(archive: Buffer): string[] {
  const names = archiveEntries(archive).flatMap(
    e => /\/((?:models|datasets|spaces)--[^/]+)/.exec(e)?.[1] ?? []
  )
  return [...new Set(names)].sort()
}

describe('pre-warm and cache, run after run', () => {
  it('cold run: one entry per repo at its commit, saved in post, without the token or partial files', async () => {
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
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.outputs['cache-hit']).toBe('false')
    expect(main.outputs['cache-matched-key']).toBe('')
    expect(main.outputs['cache-key']).toMatch(/^hf-hub-v2\/Linux-X64\/index\/[0-9a-f]{16}\/$/)
    expect(main.outputs['hub-cache']).toBe(path.join(job.home, '.cache', 'huggingface', 'hub'))
    expect(main.exportedEnv.HF_HUB_CACHE).toBe(main.outputs['hub-cache'])
    const repos = reposOf(main)
    expect(repos.map(r => r.files)).toEqual([6, 3, 2])
    const commit = hub.repos.get(`model:${REPOS.public}`)!.branches.main
    expect(repos[0].cache).toEqual({
      key: expect.stringMatching(
        new RegExp(`^hf-hub-v2/Linux-X64/model/acme/tiny-model/${commit}/[0-9a-f]{12}$`)
      ),
      restored: 'none',
      'matched-key': null,
      verified: true
    })
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
    expect(main.summary).toContain('<th>Repo</th><th>Commit</th><th>Entry</th><th>Restored</th>')

    expect(ending(post)).toEqual(SUCCEEDED)
    // One entry per listed repo, holding that repo only, and the job's index.
    const saved = service.finalized()
    const [index, ...others] = saved
      .map(e => e.key)
      .sort((x, y) => Number(y.includes('/index/')) - Number(x.includes('/index/')))
    expect(index.startsWith(main.outputs['cache-key'])).toBe(true)
    expect(others.sort()).toEqual(repos.map(r => r.cache!.key).sort())
    for (const repo of repos) expect(post.stdout).toContain(`as ${repo.cache!.key}`)
    const tiny = saved.find(e => e.key === repos[0].cache!.key)!
    expect(foldersIn(tiny.archive!)).toEqual(['models--acme--tiny-model'])
    const entries = archiveEntries(tiny.archive!)
    expect(entries.some(e => e.includes(`models--acme--tiny-model/snapshots/${commit}/config.json`))).toBe(
      true
    )
    expect(entries.some(e => e.includes('models--acme--tiny-model/refs/main'))).toBe(true)
    // Never HF_HOME's files, the hub cache's tag or its lock folder, never a partial file or the token.
    for (const entry of saved) {
      const names = archiveEntries(entry.archive!)
      // One relative path, whatever the machine's hub cache: the entry's identity never depends on it.
      expect(names.every(e => e === 'hub/' || e.startsWith('hub/'))).toBe(true)
      expect(names.some(e => /(^|\/)(token|stored_tokens|CACHEDIR\.TAG)$/.test(e))).toBe(false)
      expect(names.some(e => e.endsWith('.incomplete') || e.includes('.locks'))).toBe(false)
      expect(untarBytes(entry.archive!).includes(Buffer.from(TOKENS.alice))).toBe(false)
    }
    // The stages are gone: Python's cache scan finds only repo folders.
    expect(fs.existsSync(path.join(hubCache, '.hf-auth-action'))).toBe(false)
    expect(post.summary).toContain('<th>Repo</th><th>Commit</th><th>Entry</th><th>Saved</th>')
    expect(tokenLeaks([main, post], TOKENS.alice)).toEqual([])
  })

  it('warm run on a new machine: every repo an exact hit, zero content bytes, nothing saved again', async () => {
    const { hub, service, machine, inputs, cold } = await world()
    await cold()
    const before = service.finalized().length
    hub.resetStats()
    const { main, post } = await runAction(machine(), inputs({ offline: 'true' }))
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.outputs['cache-hit']).toBe('true')
    expect(main.outputs['cache-matched-key']).toMatch(/^hf-hub-v2\/Linux-X64\/index\//)
    expect(reposOf(main).map(r => r.cache!.restored)).toEqual(['exact', 'exact', 'exact'])
    expect(hub.stats.contentBytes).toBe(0)
    expect(hub.stats.resolveRequests).toBe(0)
    expect(hub.stats.cdnRequests).toBe(0)
    expect(main.exportedEnv.HF_HUB_OFFLINE).toBe('1')
    expect(post.stdout).toContain('exact hit, not saved again')
    expect(service.finalized()).toHaveLength(before)
  })

  it('a poisoned entry (right size, wrong content) is caught before the blob is visible: only it is fetched again', async () => {
    const { hub, service, machine, inputs, cold: coldRun } = await world()
    const { main: first } = await coldRun()
    const tinyKey = reposOf(first)[0].cache!.key
    const cold = service.finalized().find(e => e.key === tinyKey)!
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
    const commit = hub.repos.get(`model:${REPOS.public}`)!.branches.main
    try {
      // Without a pre-warm, the wrong file never becomes visible to later steps.
      const { main: check } = await runAction(machine(), inputs({ download: 'false' }))
      expect(ending(check)).toEqual(SUCCEEDED)
      expect(
        warnings(check).some(w => w.startsWith('Hugging Face cache: acme/tiny-model: blobs refused'))
      ).toBe(true)
      const snapshot = path.join(check.outputs['hub-cache'], 'models--acme--tiny-model', 'snapshots', commit)
      expect(reposOf(check)[0].path).toBe(snapshot)
      expect(fs.existsSync(path.join(snapshot, 'config.json'))).toBe(false)
      expect(fs.existsSync(path.join(snapshot, 'tokenizer.json'))).toBe(true)

      hub.resetStats()
      const { main } = await runAction(machine(), inputs())
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(hub.stats.contentBytes).toBe(config.length)
      expect(fs.readFileSync(path.join(snapshot, 'config.json')).equals(config)).toBe(true)
    } finally {
      service.entries = service.entries.filter(e => e.id !== 9999)
    }
  })

  it('an updated model: its older entry is restored, only the changed file fetched, only its entry saved anew', async () => {
    const { hub, service, machine, inputs, cold } = await world()
    const { main: first } = await cold()
    const before = service.finalized().map(e => e.key)
    const changed = Buffer.from(JSON.stringify({ model_type: 'llama', updated: true }))
    hub.pushCommit('model', REPOS.public, { 'config.json': { content: changed, lfs: false } })
    hub.resetStats()
    const { main, post } = await runAction(machine(), inputs())
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.outputs['cache-hit']).toBe('false')
    const [tiny, llama, dataset] = reposOf(main)
    expect(tiny.cache!.restored).toBe('older')
    expect(tiny.cache!['matched-key']).toBe(reposOf(first)[0].cache!.key)
    expect([llama.cache!.restored, dataset.cache!.restored]).toEqual(['exact', 'exact'])
    expect(hub.stats.contentBytes).toBe(changed.length)
    const added = service.finalized().filter(e => !before.includes(e.key))
    // The updated repo's entry and the index (which names it): nothing of the other repos again.
    expect(added.map(e => e.key).filter(k => !k.includes('/index/'))).toEqual([tiny.cache!.key])
    expect(added).toHaveLength(2)
    expect(post.stdout).toContain(`as ${tiny.cache!.key}`)
  })

  it('save-cache: false restores but never saves', async () => {
    const { service, machine, inputs, cold } = await world()
    await cold()
    const before = service.finalized().length
    // Another revision than the cold run's: the restore is of an older entry, and there is something new.
    const { main, post } = await runAction(
      machine(),
      inputs({ 'save-cache': 'false', repos: `${REPOS.public}@v1.0` })
    )
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.outputs['cache-hit']).toBe('false')
    expect(reposOf(main)[0].cache!.restored).toBe('older')
    expect(post.stdout).toContain('save-cache is false')
    expect(service.finalized()).toHaveLength(before)
  })

  it('a failing cache service is a warning, never a failed job', async () => {
    const { service, machine, inputs } = await world()
    service.fault = 'error-400'
    const { main, post } = await runAction(machine(), inputs({ repos: `spaces/${REPOS.space}` }))
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(ending(post)).toEqual(SUCCEEDED)
    // One warning a step, naming what was not restored or saved; the service is not asked again.
    expect(warnings(main)).toEqual([
      expect.stringMatching(
        /^Cache service refused: .*HTTP 400.* Not restored: the index, spaces\/acme\/demo-space@[0-9a-f]{7}\.$/
      )
    ])
    expect(warnings(post)).toEqual([
      expect.stringMatching(
        /^Cache service refused: .*HTTP 400.* Not saved: spaces\/acme\/demo-space@[0-9a-f]{7}/
      )
    ])
  })

  it('no cache service at all (e.g. a runner without one) is a warning too', async () => {
    const { machineDir, inputs } = await world()
    const job = freshMachine(machineDir)
    const { main, post } = await runAction(job, inputs({ repos: `spaces/${REPOS.space}` }))
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(ending(post)).toEqual(SUCCEEDED)
    expect(warnings(main).some(w => w.startsWith('Cache service unavailable'))).toBe(true)
  })

  it('a failed pre-warm is saved under a partial key, which the next run resumes from and completes', async () => {
    const { hub, service, machine, inputs } = await world()
    // A repo no earlier entry holds, so what the first run fetched is all the second run can restore.
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
    expect(broken.post.stdout).toContain('did not finish')
    const keyOf = (k: string) => k.replace(/\/partial-\d+-\d+$/, '')
    const partial = entriesOf(service, 'model/acme/partial-model').find(e => /\/partial-\d+-\d+$/.test(e.key))
    expect(partial).toBeDefined()
    expect(entriesOf(service, 'model/acme/partial-model').some(e => e.key === keyOf(partial!.key))).toBe(
      false
    )

    hub.resetStats()
    const { main, post } = await runAction(machine(), inputs({ repos }))
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.outputs['cache-hit']).toBe('false')
    expect(reposOf(main)[0].cache).toEqual({
      key: keyOf(partial!.key),
      restored: 'older',
      'matched-key': partial!.key,
      verified: true
    })
    expect(hub.stats.contentBytes).toBe(weights.length)
    expect(post.stdout).toContain(`as ${keyOf(partial!.key)}`)
  })

  it('cache-key sets the scope of the index: another scope shares the entries, not the index', async () => {
    const { service, machine, inputs } = await world()
    const repos = `spaces/${REPOS.space}`
    const { main } = await runAction(machine(), inputs({ repos, 'cache-key': 'team-models-v7' }))
    expect(ending(main)).toEqual(SUCCEEDED)
    const other = await runAction(machine(), inputs({ repos }))
    expect(other.main.outputs['cache-key']).not.toBe(main.outputs['cache-key'])
    expect(other.main.outputs['cache-hit']).toBe('true')
    expect(other.main.outputs['cache-matched-key']).toBe('')
    const again = await runAction(machine(), inputs({ repos, 'cache-key': 'team-models-v7' }))
    expect(again.main.outputs['cache-key']).toBe(main.outputs['cache-key'])
    expect(again.main.outputs['cache-matched-key']).toMatch(new RegExp(`^${main.outputs['cache-key']}`))
    expect(entriesOf(service, `space/${REPOS.space}`)).toHaveLength(1)
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

  it('the Hub unreachable but the entries the index names restored: continues offline with a warning', async () => {
    const { hub, machine, inputs, cold } = await world()
    await cold()
    const closed = 'http://127.0.0.1:9' // discard port: nothing listens
    const { main } = await runAction(
      machine(),
      inputs({ endpoint: closed, repos: `${REPOS.public}\n${REPOS.llama}` })
    )
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.exportedEnv.HF_HUB_OFFLINE).toBe('1')
    expect(warnings(main).some(w => w.startsWith('Hugging Face Hub unreachable: using the cache'))).toBe(true)
    expect(reposOf(main).map(r => r.commit)).toEqual([
      hub.repos.get(`model:${REPOS.public}`)!.branches.main,
      hub.repos.get(`model:${REPOS.llama}`)!.branches.main
    ])
  }, 60_000)
})

/** A model of its own for the scenarios below: a config and `weightBytes` of weights. */
function addModel(hub: FakeHub, id: string, weightBytes = 1024 * 1024): Record<string, FakeFile> {
  const commit = fakeCommit(id)
  const files: Record<string, FakeFile> = {
    'config.json': { content: Buffer.from(JSON.stringify({ id })), lfs: false },
    'model.safetensors': { content: bytes(`${id}-weights`, weightBytes), lfs: true }
  }
  hub.addRepo({ type: 'model', id, branches: { main: commit }, commits: { [commit]: files } })
  return files
}

const contentBytes = (files: Record<string, FakeFile>) =>
  Object.values(files).reduce((sum, f) => sum + f.content.length, 0)

/** The environment of a job of workflow `name` (the index's scope is the workflow file and the job). */
const workflow = (name: string, job = 'test') => ({
  GITHUB_WORKFLOW_REF: `acme/app/.github/workflows/${name}.yml@refs/heads/main`,
  GITHUB_JOB: job
})

describe('one quota, many workflows: each model stored once', () => {
  it('two workflows run a, b, a, b: no entry holds the other’s model, ≤ 1.1× the unique bytes, runs 3 and 4 fetch nothing', async () => {
    const { hub, service, machine, inputs } = await world()
    const a = addModel(hub, 'acme/model-a')
    const b = addModel(hub, 'acme/model-b')
    const run = (name: 'a' | 'b') =>
      runAction(machine(workflow(name)), inputs({ repos: `acme/model-${name}` }))
    for (const name of ['a', 'b'] as const) expect(ending((await run(name)).main)).toEqual(SUCCEEDED)
    hub.resetStats()
    for (const name of ['a', 'b'] as const) {
      const { main } = await run(name)
      expect(main.outputs['cache-hit']).toBe('true')
    }
    expect(hub.stats.contentBytes).toBe(0)
    for (const entry of service.finalized().filter(e => !e.key.includes('/index/')))
      expect(foldersIn(entry.archive!)).toHaveLength(1)
    expect(entriesOf(service, 'model/acme/model-a')).toHaveLength(1)
    expect(entriesOf(service, 'model/acme/model-b')).toHaveLength(1)
    const unique = contentBytes(a) + contentBytes(b)
    expect(service.storedBytes()).toBeLessThanOrEqual(1.1 * unique)
  })

  it('a matrix of three jobs with overlapping models: each model stored once', async () => {
    const { hub, service, machine, inputs } = await world()
    for (const id of ['acme/m1', 'acme/m2', 'acme/m3']) addModel(hub, id, 64 * 1024)
    for (const repos of ['acme/m1\nacme/m2', 'acme/m2\nacme/m3', 'acme/m1\nacme/m3']) {
      const { main, post } = await runAction(machine(workflow('matrix')), inputs({ repos }))
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(ending(post)).toEqual(SUCCEEDED)
    }
    for (const id of ['acme/m1', 'acme/m2', 'acme/m3'])
      expect(entriesOf(service, `model/${id}`)).toHaveLength(1)
  })

  it('the service refuses one repo’s entry: a warning names it and its size, the others are saved', async () => {
    const { hub, service, machine, inputs } = await world()
    addModel(hub, 'acme/huge', 2 * 1024 * 1024)
    addModel(hub, 'acme/small', 16 * 1024)
    service.refuse = (_key, size) =>
      size > 1024 * 1024
        ? `cache write denied: entry of ${size} bytes is over the repository's limit`
        : undefined
    const { main, post } = await runAction(machine(), inputs({ repos: 'acme/huge\nacme/small' }))
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(ending(post)).toEqual(SUCCEEDED)
    const refused = warnings(post).filter(w => w.startsWith('Hugging Face cache: acme/huge not saved'))
    expect(refused).toHaveLength(1)
    expect(refused[0]).toContain('acme/huge@')
    expect(refused[0]).toMatch(/acme\/huge@[0-9a-f]{7} \(2\.\d MB\)/)
    expect(entriesOf(service, 'model/acme/small')).toHaveLength(1)
    expect(entriesOf(service, 'model/acme/huge')).toHaveLength(0)
  })
})

describe('what later steps add', () => {
  it('an unlisted dataset a test downloaded: its own entry, restored by the same job’s next run, not by another workflow', async () => {
    const { hub, service, machine, inputs } = await world()
    addModel(hub, 'acme/listed', 16 * 1024)
    const commit = fakeCommit('unlisted')
    const data: Record<string, FakeFile> = {
      'data/train.parquet': { content: bytes('unlisted', 48 * 1024), lfs: true },
      'README.md': { content: Buffer.from('# unlisted\n'), lfs: false }
    }
    const folder = 'datasets--acme--unlisted'
    // On the Hub (a repo a later step added is taken whole only as the Hub lists it).
    hub.addRepo({
      type: 'dataset',
      id: 'acme/unlisted',
      branches: { main: commit },
      commits: { [commit]: data }
    })
    const job = machine(workflow('train'))
    const hubCache = path.join(job.home, '.cache', 'huggingface', 'hub')
    const first = await runAction(job, inputs({ repos: 'acme/listed' }), () =>
      downloadLikePython(hubCache, folder, commit, data)
    )
    expect(ending(first.post)).toEqual(SUCCEEDED)
    const [saved] = entriesOf(service, 'dataset/acme/unlisted')
    expect(saved.key).toMatch(
      new RegExp(`^hf-hub-v2/Linux-X64/dataset/acme/unlisted/${commit}/[0-9a-f]{12}$`)
    )
    expect(foldersIn(saved.archive!)).toEqual([folder])
    expect(first.post.summary).toContain('datasets/acme/unlisted &#40;added by a later step&#41;')

    const next = await runAction(machine(workflow('train')), inputs({ repos: 'acme/listed' }))
    expect(ending(next.main)).toEqual(SUCCEEDED)
    const snapshot = path.join(hubCache, folder, 'snapshots', commit)
    expect(
      fs.readFileSync(path.join(snapshot, 'data', 'train.parquet')).equals(data['data/train.parquet'].content)
    ).toBe(true)
    expect(fs.readFileSync(path.join(hubCache, folder, 'refs', 'main'), 'utf8')).toBe(commit)
    expect(entriesOf(service, 'dataset/acme/unlisted')).toHaveLength(1)

    const elsewhere = await runAction(machine(workflow('lint')), inputs({ repos: 'acme/listed' }))
    expect(ending(elsewhere.main)).toEqual(SUCCEEDED)
    expect(fs.existsSync(path.join(hubCache, folder))).toBe(false)
  })
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

  it('week 2’s entry holds what week 2 needs: its weights, not both weeks’', async () => {
    const { hub, service, machine, inputs } = await weeklyWorld()
    const weeklyInputs = () => inputs({ repos: weekly })
    const first = await runAction(machine(), weeklyInputs())
    expect(ending(first.post)).toEqual(SUCCEEDED)
    const weekTwoWeights = bytes('weekly-2', 1024 * 1024)
    const weekTwo = hub.pushCommit('model', weekly, {
      'config.json': { content: Buffer.from('{"week": 2}'), lfs: false },
      'model.safetensors': { content: weekTwoWeights, lfs: true }
    })
    const { main } = await runAction(machine(), weeklyInputs())
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(reposOf(main)[0].cache!['matched-key']).toBe(reposOf(first.main)[0].cache!.key)
    const saved = service.finalized().find(e => e.key === reposOf(main)[0].cache!.key)!
    const entries = archiveEntries(saved.archive!)
    expect(entries.some(e => e.includes(`${folder}/snapshots/${weekOne}`))).toBe(false)
    expect(entries.some(e => e.includes(sha256(bytes('weekly-1', 1024 * 1024))))).toBe(false)
    expect(entries.some(e => e.includes(`${folder}/snapshots/${weekTwo}/model.safetensors`))).toBe(true)
    expect(entries.some(e => e.includes(`${folder}/blobs/${sha256(weekTwoWeights)}`))).toBe(true)
    // The older commit the restore brought is not saved again as an entry of its own.
    expect(entriesOf(service, `model/${weekly}`)).toHaveLength(2)
    expect(untarBytes(saved.archive!).length).toBeLessThan(1.5 * 1024 * 1024)
  })

  it('a persistent hf-home keeps its older revisions, and what was there before the action is not saved', async () => {
    const { hub, service, inputs } = await weeklyWorld()
    const hfHome = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-weekly-home-'))
    const weekTwo = hub.pushCommit('model', weekly, {
      'config.json': { content: Buffer.from('{"week": 2}'), lfs: false }
    })
    const first = await runAction(
      newJob({ ...service.env(), HF_HOME: hfHome }),
      inputs({ repos: `${weekly}@${weekOne}` })
    )
    expect(ending(first.main)).toEqual(SUCCEEDED)
    const { main, post } = await runAction(
      newJob({ ...service.env(), HF_HOME: hfHome }),
      inputs({ repos: weekly })
    )
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(ending(post)).toEqual(SUCCEEDED)
    for (const commit of [weekOne, weekTwo])
      expect(fs.existsSync(path.join(hfHome, 'hub', folder, 'snapshots', commit))).toBe(true)
    // Week 1's entry (listed by the first job) and week 2's: week 1 is not saved again as a later step's.
    expect(entriesOf(service, `model/${weekly}`)).toHaveLength(2)
  })
})
