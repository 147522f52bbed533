/**
 * End to end on the committed dist/, the attacks of the third hostile-inputs review: a later step of a job that
 * saves the cache plants links out of it or FIFOs in it; a saved cache key carries a workflow command or markup;
 * a proxy echoes the credentials it got, or never answers a CONNECT. Each job on a fresh machine, against the
 * real @actions/cache and the local cache service.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FakeCacheService } from '../../__fixtures__/fake-cache-service.js'
import { sha256, xetHash, type FakeHub } from '../../__fixtures__/fake-hub.js'
import { HostileProxy } from '../../__fixtures__/hostile-proxy.js'
import { REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { archiveEntries } from '../../__fixtures__/leaks.js'
import {
  foreignCommands,
  freshMachine,
  newJob,
  runAction,
  runPost,
  runStep,
  type StepResult,
  ending,
  SUCCEEDED
} from '../../__fixtures__/runner.js'
import { NAMES_CERT, NAMES_KEY } from '../../__fixtures__/test-tls.js'

let hub: FakeHub
let service: FakeCacheService
beforeAll(async () => {
  hub = await startWorld()
  service = await new FakeCacheService().start()
})
afterAll(async () => {
  await hub.stop()
  await service.stop()
})

const inputs = (extra: Record<string, string> = {}) => ({
  'hf-token': TOKENS.alice,
  endpoint: hub.url,
  repos: `${REPOS.public} config.json`,
  download: 'true',
  ...extra
})

/** A machine folder of its own: the cache version hashes the hub cache's path, so no other test's entry matches. */
const machine = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hf-hostile-cache-'))
const hubCacheOf = (home: string) => path.join(home, '.cache', 'huggingface', 'hub')
const REPO_FOLDER = 'models--acme--tiny-model'
const warnings = (step: StepResult) => step.commands.filter(c => c.command === 'warning')
/** The tiny model's entry a step saved (other machines' tests save the same key under other versions). */
const entryKeyOf = (main: StepResult): string => JSON.parse(main.outputs.repos)[0].cache.key
const savedBy = (main: StepResult, key = entryKeyOf(main)) =>
  service
    .finalized()
    .filter(e => e.key === key)
    .sort((a, b) => b.createdAt - a.createdAt)[0]

describe('a later step plants links out of the cache', () => {
  it.each(['.no_exist', 'trees', 'blobs', 'snapshots'])(
    '%s made a link out of the cache: neither post deletes anything behind it',
    async linked => {
      const dir = machine()
      // Beside the machine's folder, so that it outlives both fresh machines.
      const victim = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-victim-'))
      fs.mkdirSync(path.join(victim, 'precious'))
      fs.writeFileSync(path.join(victim, 'precious', 'thesis.tex'), 'years of work')
      fs.writeFileSync(path.join(victim, 'precious.json'), '{}')
      fs.writeFileSync(path.join(victim, 'notes'), 'keep')
      const intact = () => {
        expect(fs.readdirSync(victim).sort()).toEqual(['notes', 'precious', 'precious.json'])
        expect(fs.readFileSync(path.join(victim, 'precious', 'thesis.tex'), 'utf8')).toBe('years of work')
      }

      const job1 = freshMachine(dir, service.env())
      const first = await runAction(job1, inputs(), () => {
        const repo = path.join(hubCacheOf(job1.home), REPO_FOLDER)
        fs.rmSync(path.join(repo, linked), { recursive: true, force: true })
        fs.symlinkSync(path.relative(repo, victim), path.join(repo, linked))
        if (linked !== 'snapshots') fs.mkdirSync(path.join(repo, 'snapshots', 'precious'))
      })
      expect(ending(first.main)).toEqual(SUCCEEDED)
      expect(ending(first.post)).toEqual(SUCCEEDED)
      intact()

      // Another job with other globs restores that entry by prefix, merging only what has Python’s shapes.
      const job2 = freshMachine(dir, service.env())
      const second = await runAction(job2, inputs({ repos: `${REPOS.public} *.json` }))
      intact()
      expect(second.main.outputs['cache-matched-key']).not.toBe('')
      expect(ending(second.main)).toEqual(SUCCEEDED)
      expect(ending(second.post)).toEqual(SUCCEEDED)
      // The first post removed the link itself before its save, with a warning saying why.
      expect(warnings(first.post).map(w => w.message)).toContainEqual(
        expect.stringContaining(`Removed ${REPO_FOLDER}/${linked} from the hub cache before saving`)
      )
    }
  )
})

describe('FIFOs in the cache', () => {
  const LIMIT = { 'download-timeout-minutes': '0.25' }
  /** main and post of a job whose hub cache (a persistent hf-home) holds a FIFO that `plant` made. */
  async function withFifo(plant: (hubCache: string) => void, extra: Record<string, string> = {}) {
    const hfHome = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-fifo-home-'))
    // A first job fills the persistent hf-home.
    const warm = await runAction(newJob({ HF_HOME: hfHome }), inputs({ cache: 'false', ...extra }))
    expect(ending(warm.main)).toEqual(SUCCEEDED)
    plant(path.join(hfHome, 'hub'))
    const job = newJob({ HF_HOME: hfHome, ...service.env() })
    const main = await runStep(job, 'main', inputs({ ...LIMIT, ...extra }))
    const post = await runPost(job, main, inputs({ ...LIMIT, ...extra }))
    return { main, post, hubCache: path.join(hfHome, 'hub') }
  }
  const mkfifo = (file: string) => execFileSync('mkfifo', [file])

  // A FIFO with no writer blocks whoever opens it for reading, for good: each of these hung main or post. The
  // test's own time limit is the check: both steps must end, and before the job's.
  it('as refs/main: main and post end, and the ref is written anew', async () => {
    const { main, post, hubCache } = await withFifo(cache => {
      const ref = path.join(cache, REPO_FOLDER, 'refs', 'main')
      fs.rmSync(ref)
      mkfifo(ref)
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(ending(post)).toEqual(SUCCEEDED)
    const commit = hub.repos.get(`model:${REPOS.public}`)!.branches.main
    expect(fs.readFileSync(path.join(hubCache, REPO_FOLDER, 'refs', 'main'), 'utf8')).toBe(commit)
  }, 60_000)

  it('as the store marker: main and post end; the store is not used', async () => {
    // The listing names the weights' Xet hash, so the action looks for them in the store, reading its marker.
    hub.xetInListings = true
    try {
      const { main, post } = await withFifo(
        cache => {
          fs.mkdirSync(path.join(cache, 'blobs'), { recursive: true })
          mkfifo(path.join(cache, 'blobs', '.huggingface-shared-blobs'))
          fs.rmSync(path.join(cache, REPO_FOLDER), { recursive: true })
        },
        { repos: `${REPOS.public} config.json *.safetensors` }
      )
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(ending(post)).toEqual(SUCCEEDED)
    } finally {
      hub.xetInListings = false
    }
  }, 60_000)

  it('as a store manifest beside a good payload: main and post end, and the blob is downloaded instead', async () => {
    hub.xetInListings = true
    try {
      const weights = hub.repos.get(`model:${REPOS.public}`)!
      const content = weights.commits[weights.branches.main]['model.safetensors'].content
      const xet = xetHash(content)
      const { main, post, hubCache } = await withFifo(
        cache => {
          const store = path.join(cache, 'blobs')
          fs.mkdirSync(path.join(store, xet.slice(0, 2)), { recursive: true })
          fs.writeFileSync(path.join(store, '.huggingface-shared-blobs'), '1\n')
          fs.writeFileSync(path.join(store, xet.slice(0, 2), xet), content)
          mkfifo(path.join(store, xet.slice(0, 2), `${xet}.refs`))
          fs.rmSync(path.join(cache, REPO_FOLDER), { recursive: true })
        },
        { repos: `${REPOS.public} config.json *.safetensors` }
      )
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(ending(post)).toEqual(SUCCEEDED)
      const blob = path.join(hubCache, REPO_FOLDER, 'blobs', sha256(content))
      expect(fs.lstatSync(blob).isFile()).toBe(true)
    } finally {
      hub.xetInListings = false
    }
  }, 60_000)

  it('planted by a later step before the save: post ends, and the saved archive holds no FIFO', async () => {
    // A service of its own: an entry of this repo an earlier test saved would be found, and not saved again.
    const own = await new FakeCacheService().start()
    const dir = machine()
    const job = freshMachine(dir, own.env())
    const { main, post } = await runAction(job, inputs(LIMIT), () => {
      const ref = path.join(hubCacheOf(job.home), REPO_FOLDER, 'refs', 'main')
      fs.rmSync(ref)
      mkfifo(ref)
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(ending(post)).toEqual(SUCCEEDED)
    const saved = own.finalized().find(e => e.key === entryKeyOf(main))!
    const listing = archiveEntries(saved.archive!)
    expect(listing.filter(e => e.endsWith(`${REPO_FOLDER}/refs/main`))).toEqual([])
    const next = await runAction(freshMachine(dir, own.env()), inputs(LIMIT))
    await own.stop()
    expect(ending(next.main)).toEqual(SUCCEEDED)
    expect(next.main.outputs['cache-hit']).toBe('true')
  }, 60_000)
})

describe('cache keys from elsewhere', () => {
  /** A line that, printed raw, the runner would obey as a warning annotation titled X. */
  const INJECTED = 'hf-hub-Linux-X64-x\n::warning title=X::y'

  it('refuses a cache-key input with a line break, naming the input', async () => {
    const main = await runStep(newJob(service.env()), 'main', inputs({ 'cache-key': INJECTED }))
    expect(main.exitCode).toBe(1)
    expect(foreignCommands(main)).toEqual([])
    const [error] = main.commands.filter(c => c.command === 'error')
    expect(error.message).toContain('Input "cache-key" may not contain a line break')
  })

  /** Job 1's entry (or its index) saved again under `key`, newer: the one a prefix restore now finds. */
  async function plantKey(dir: string, key: (main: StepResult) => string, index = false) {
    const { main } = await runAction(freshMachine(dir, service.env()), inputs())
    const saved = savedBy(main, index ? undefined : entryKeyOf(main))
    const source = index
      ? service
          .finalized()
          .filter(e => e.key.startsWith(main.outputs['cache-key']))
          .at(-1)!
      : saved
    const planted = key(main)
    service.entries.push({
      ...source,
      id: 100_000 + service.entries.length,
      key: planted,
      createdAt: Date.now() + 1
    })
    return planted
  }

  it('a restored key with a line break: the runner obeys nothing in it, the toolkit’s lines included, and the toolkit’s own commands still work', async () => {
    const dir = machine()
    // Under the repo's prefix, so that a job with other globs restores it as the repo's newest entry.
    const planted = await plantKey(
      dir,
      main => `${entryKeyOf(main).replace(/[^/]+\/[^/]+$/, '')}x\n::warning title=X::y`
    )
    // A selection no other test of this file uses: the service they share holds no exact entry for it.
    const main = await runStep(
      freshMachine(dir, service.env()),
      'main',
      inputs({ repos: `${REPOS.public} *.json *.line-break-test` })
    )
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(JSON.parse(main.outputs.repos)[0].cache['matched-key']).toBe(planted)
    expect(foreignCommands(main)).toEqual([])
    // Ours, on one line; the toolkit's own, its second line escaped.
    const [first, second] = planted.split('\n')
    expect(main.stdout).toContain(`restored ${first}\\n${second}; only what changed is fetched`)
    // The service's signed URL is masked.
    expect(main.commands.some(c => c.command === 'add-mask')).toBe(true)
  })

  it('a restored index key with markup, with the Hub down: the summary shows it as text', async () => {
    const dir = machine()
    await plantKey(
      dir,
      main => `${main.outputs['cache-key']}<img src=x onerror=alert(1)><h1>owned</h1>`,
      true
    )
    hub.faults.failAll = 503
    try {
      const main = await runStep(freshMachine(dir, service.env()), 'main', inputs())
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(main.exportedEnv.HF_HUB_OFFLINE).toBe('1')
      expect(main.summary).toContain('&#60;img src=x onerror=alert&#40;1&#41;&#62;')
      expect(main.summary).not.toMatch(/<img|<h1>/)
    } finally {
      hub.faults.failAll = 0
    }
  }, 60_000)
})

describe('hostile proxies', () => {
  const proxyEnv = (proxy: string) => ({
    http_proxy: proxy,
    https_proxy: proxy,
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    no_proxy: '',
    NO_PROXY: ''
  })

  it('a proxy that echoes the credentials it got: the password is shown nowhere', async () => {
    const proxy = await new HostileProxy({ hosts: {}, echoStatuses: [502, 403] }).start()
    try {
      const password = 'S3cretProxyPw7'
      const withCredentials = proxy.url.replace('http://', `http://alice:${password}@`)
      const main = await runStep(newJob(proxyEnv(withCredentials)), 'main', {
        'hf-token': TOKENS.alice,
        endpoint: 'http://hub.test:8080',
        cache: 'false'
      })
      expect(main.exitCode).toBe(1)
      const [error] = main.commands.filter(c => c.command === 'error')
      expect(error.message).toContain('could not forward the request of ***')
      const basic = Buffer.from(`alice:${password}`).toString('base64')
      const shown = [main.stdout, main.stderr, main.raw.output, main.raw.summary]
        .flatMap(text => text.split('\n'))
        .filter(line => !line.startsWith('::add-mask::'))
      expect(shown.filter(line => line.includes(password) || line.includes(basic))).toEqual([])
      // Masked as the runner masks: the password alone, not only the whole proxy URL.
      expect(main.stdout.split('\n')).toContain(`::add-mask::${password}`)
    } finally {
      await proxy.stop()
    }
  }, 60_000)

  it('a proxy that never answers the first CONNECT: main ends soon after its work, not minutes later', async () => {
    const secure = await startWorld(
      {},
      { names: { hub: 'hub.test', cdn: 'cdn.test' }, hubTls: { cert: NAMES_CERT, key: NAMES_KEY } }
    )
    const proxy = await new HostileProxy({ hosts: { 'hub.test': '127.0.0.1' }, silentConnects: 1 }).start()
    const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-proxy-ca-')), 'ca.pem')
    fs.writeFileSync(caFile, NAMES_CERT)
    try {
      const job = newJob({ ...proxyEnv(proxy.url), NODE_EXTRA_CA_CERTS: caFile })
      // whoami's first attempt waits out its 30 s on the silent CONNECT; the retry goes through.
      const main = await runStep(job, 'main', {
        'hf-token': TOKENS.alice,
        endpoint: secure.url,
        cache: 'false'
      })
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(main.outputs.username).toBe('alice')
      expect(proxy.connects.length).toBeGreaterThanOrEqual(2)
      // The step ended (this test's limit is far below undici's 300 s), and it closed the silent CONNECT.
      expect(Number.isNaN(proxy.silentClosedAt[0])).toBe(false)
    } finally {
      await Promise.all([proxy.stop(), secure.stop()])
    }
  }, 120_000)
})
