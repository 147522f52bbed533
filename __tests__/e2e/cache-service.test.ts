/**
 * End to end: the bundle against a cache service that answers like GitHub's — exclusive reservations, 429 with
 * `Retry-After` per kind of call, a storage quota, outages and calls that never answer — one entry per repo at a
 * commit, many entries a job, many jobs at once. Each job has a runtime token of its own, so its calls are
 * counted: a fault costs a step one retry cycle and one warning, never one per entry.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FakeCacheService } from '../../__fixtures__/fake-cache-service.js'
import type { FakeHub } from '../../__fixtures__/fake-hub.js'
import { REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { archiveEntries } from '../../__fixtures__/leaks.js'
import { downloadLikePython } from '../../__fixtures__/python-layout.js'
import {
  newJob,
  reposOf,
  runAction,
  runPost,
  runStep,
  type Job,
  type StepResult,
  ending,
  SUCCEEDED
} from '../../__fixtures__/runner.js'

const worlds: { hub: FakeHub; service: FakeCacheService }[] = []
afterEach(async () => {
  await Promise.all(worlds.splice(0).flatMap(w => [w.hub.stop(), w.service.stop()]))
})

async function world() {
  const [hub, service] = await Promise.all([startWorld(), new FakeCacheService().start()])
  worlds.push({ hub, service })
  return { hub, service }
}

const REPO_LINES = `${REPOS.public}\n${REPOS.llama} *.json *.safetensors\ndatasets/${REPOS.dataset}`

const inputs = (hub: FakeHub, extra: Record<string, string> = {}) => ({
  'hf-token': TOKENS.alice,
  endpoint: hub.url,
  repos: REPO_LINES,
  download: 'true',
  ...extra
})

function warnings(step: StepResult): string[] {
  return step.commands
    .filter(c => c.command === 'warning')
    .map(c => `${c.properties.title ?? ''}: ${c.message}`)
}

const cacheWarnings = (step: StepResult) => warnings(step).filter(w => /cache/i.test(w))

/** A job on a machine of its own, with a runtime token of its own. */
const jobOf = (service: FakeCacheService, name: string, env: Record<string, string> = {}) =>
  newJob({ ...service.env(name), ...env })

const calls = (service: FakeCacheService, job: string, method: string) => service.callsOf(job)[method] ?? 0

/** The stage folders left in a hub cache (none once a step is done). */
const stagesLeft = (hubCache: string) => fs.existsSync(path.join(hubCache, '.hf-auth-action'))

const hubCacheOf = (job: Job) => path.join(job.home, '.cache', 'huggingface', 'hub')

describe('entries on disk: one owner, no collisions', () => {
  it('two commits of one repo in one job: each entry holds its own snapshot, both exact hits next run', async () => {
    const { hub, service } = await world()
    const repos = `${REPOS.public}\n${REPOS.public}@v1.0`
    const cold = await runAction(jobOf(service, 'cold'), inputs(hub, { repos }))
    expect(ending(cold.main)).toEqual(SUCCEEDED)
    expect(ending(cold.post)).toEqual(SUCCEEDED)
    expect(cacheWarnings(cold.post)).toEqual([])
    const [main, v1] = reposOf(cold.main)
    expect(main.commit).not.toBe(v1.commit)
    const saved = service.finalized().filter(e => e.key.includes('/model/acme/tiny-model/'))
    expect(saved.map(e => e.key).sort()).toEqual([main.cache!.key, v1.cache!.key].sort())
    for (const [repo, other] of [
      [main, v1],
      [v1, main]
    ]) {
      const names = archiveEntries(saved.find(e => e.key === repo.cache!.key)!.archive!)
      const snapshot = `hub/models--acme--tiny-model/snapshots/${repo.commit}/`
      expect(names.filter(n => n.startsWith(snapshot) && !n.endsWith('/')).length).toBe(repo.files)
      expect(names.some(n => n.includes(`/snapshots/${other.commit}`))).toBe(false)
    }
    // The next run takes both as exact hits and has every file without downloading.
    const warm = await runAction(jobOf(service, 'warm'), inputs(hub, { repos, download: 'false' }))
    expect(warm.main.outputs['cache-hit']).toBe('true')
    for (const [i, repo] of reposOf(warm.main).entries())
      expect(fs.readdirSync(repo.path).length).toBe(reposOf(cold.main)[i].files)
    expect(stagesLeft(warm.main.outputs['hub-cache'])).toBe(false)
  })

  it("jobs sharing a persistent hf-home: one job's post and others' mains never meet in a stage", async () => {
    const { hub, service } = await world()
    const hfHome = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-shared-home-'))
    const v1 = `${REPOS.public}@v1.0`
    await runAction(jobOf(service, 'seed'), inputs(hub, { repos: v1 }))
    const a = jobOf(service, 'a')
    const mainA = await runStep(a, 'main', inputs(hub, { 'hf-home': hfHome, repos: REPOS.public }))
    expect(ending(mainA)).toEqual(SUCCEEDED)
    // A's post saves tiny-model@main while others restore tiny-model@v1.0's entry into the same hub cache.
    const others = ['b', 'c', 'd', 'e'].map(name =>
      runStep(jobOf(service, name), 'main', inputs(hub, { 'hf-home': hfHome, repos: v1 }))
    )
    const [postA, ...mains] = await Promise.all([
      runPost(a, mainA, inputs(hub, { 'hf-home': hfHome, repos: REPOS.public })),
      ...others
    ])
    for (const step of [postA, ...mains]) {
      expect(ending(step)).toEqual(SUCCEEDED)
      expect(cacheWarnings(step)).toEqual([])
    }
    for (const main of mains) expect(reposOf(main)[0].cache!.restored).toBe('exact')
    const saved = service.finalized().find(e => e.key === reposOf(mainA)[0].cache!.key)!
    const names = archiveEntries(saved.archive!)
    expect(names.filter(n => n.includes(`/snapshots/${reposOf(mainA)[0].commit}/`)).length).toBeGreaterThan(1)
    expect(names.some(n => n.includes(`/snapshots/${reposOf(mains[0])[0].commit}/`))).toBe(false)
  })

  it('another hf-home and another runner home restore the same entries: each model is stored once', async () => {
    const { hub, service } = await world()
    const cold = await runAction(jobOf(service, 'cold'), inputs(hub))
    expect(ending(cold.post)).toEqual(SUCCEEDED)
    const stored = service.finalized().length
    const bytes = service.storedBytes()
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-mnt-'))
    const other = await runAction(
      jobOf(service, 'other'),
      inputs(hub, { 'hf-home': path.join(elsewhere, 'hf') })
    )
    expect(other.main.outputs['cache-hit']).toBe('true')
    expect(reposOf(other.main).every(r => r.cache!.restored === 'exact')).toBe(true)
    expect(service.finalized()).toHaveLength(stored)
    expect(service.storedBytes()).toBe(bytes)
    // A hub cache whose path holds glob characters is no different.
    const globby = await runAction(
      jobOf(service, 'globby'),
      inputs(hub, { 'hf-home': path.join(elsewhere, 'h[f]*?') })
    )
    expect(globby.main.outputs['cache-hit']).toBe('true')
    expect(service.finalized()).toHaveLength(stored)
  })
})

describe('one budget for the service per step', () => {
  it('calls that never answer are abandoned at the limit: main and post end, the pre-warm fetches', async () => {
    const { hub, service } = await world()
    const env = { HF_ACTION_CACHE_TIMEOUT_SECONDS: '2' }
    service.hang.add('GetCacheEntryDownloadURL')
    const job = jobOf(service, 'hung', env)
    const { main, post } = await runAction(job, inputs(hub))
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(ending(post)).toEqual(SUCCEEDED)
    expect(reposOf(main).every(r => fs.readdirSync(r.path).length === r.files)).toBe(true)
    expect(cacheWarnings(main)).toEqual([
      expect.stringMatching(/^Cache service timed out: .*lookups.* Not restored: /)
    ])
    expect(cacheWarnings(post)).toEqual([expect.stringMatching(/^Cache service timed out: .* Not saved: /)])
    // The lookups under way when the first hung (main's four, post's two at once), and none after them.
    expect(service.log.filter(c => c.job === 'hung').map(c => c.method)).toEqual(
      Array(6).fill('GetCacheEntryDownloadURL')
    )
  })

  it('a download or an upload that hangs is abandoned too, and only once a step', async () => {
    const { hub, service } = await world()
    const env = { HF_ACTION_CACHE_TIMEOUT_SECONDS: '2' }
    await runAction(jobOf(service, 'cold'), inputs(hub, { repos: REPOS.public }))
    service.hang.add('download').add('upload')
    const { main, post } = await runAction(jobOf(service, 'stuck', env), inputs(hub))
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(ending(post)).toEqual(SUCCEEDED)
    expect(cacheWarnings(main)).toEqual([
      expect.stringMatching(
        /^Cache service timed out: .*archive downloads.* Not restored: .*acme\/tiny-model@/
      )
    ])
    expect(reposOf(main).every(r => fs.readdirSync(r.path).length === r.files)).toBe(true)
    expect(cacheWarnings(post)).toEqual([
      expect.stringMatching(/^Cache service timed out: .*saves.* Not saved: /)
    ])
    // The first stuck upload stopped the saves: the creations under way with it (two at once), no more.
    expect(calls(service, 'stuck', 'CreateCacheEntry')).toBeLessThanOrEqual(2)
  })

  it('an outage costs one retry cycle a step and one warning, not one per entry', async () => {
    const { hub, service } = await world()
    // One job's main runs while the service is well; then, under the outage, that job's post and another
    // job's main run at once (each retry cycle is mostly waiting).
    const saver = jobOf(service, 'saver')
    const before = await runStep(saver, 'main', inputs(hub))
    service.fault = 'error-500'
    const [main, post] = await Promise.all([
      runStep(jobOf(service, 'down'), 'main', inputs(hub)),
      runPost(saver, before, inputs(hub))
    ])
    const count = (job: string) => service.log.filter(c => c.job === job && c.status === 500).length
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(ending(post)).toEqual(SUCCEEDED)
    // Five tries of one call, and the first try of each call already under way (the index and three repos;
    // post's two saves at once).
    expect(count('down')).toBeLessThanOrEqual(5 + 3)
    expect(count('saver')).toBeLessThanOrEqual(5 + 1)
    expect(cacheWarnings(main)).toEqual([
      expect.stringMatching(
        /^Cache service unavailable: .*HTTP 500.* after 5 attempts.* Not restored: .*, .*, /
      )
    ])
    expect(cacheWarnings(post)).toEqual([expect.stringMatching(/^Cache service unavailable: .* Not saved: /)])
  }, 120_000)

  it('a 429 stops that kind of call for the step: none is made after it, and it is said once', async () => {
    const { hub, service } = await world()
    service.setLimits({ uploads: 1000, downloads: 2, windowMs: 60_000 })
    const job = jobOf(service, 'limited')
    const main = await runStep(job, 'main', inputs(hub))
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(service.callsAfterRefusal('GetCacheEntryDownloadURL', 'limited')).toBe(0)
    expect(cacheWarnings(main)).toEqual([
      expect.stringMatching(/^Cache service rate limit: .*429.*lookups.*retry after \d+ s.* Not restored: /)
    ])
    service.setLimits({ uploads: 1, downloads: 1000, windowMs: 60_000 })
    const post = await runPost(job, main, inputs(hub))
    expect(ending(post)).toEqual(SUCCEEDED)
    expect(service.callsAfterRefusal('CreateCacheEntry', 'limited')).toBe(0)
    expect(cacheWarnings(post)).toEqual([
      expect.stringMatching(/^Cache service rate limit: .*CreateCacheEntry.* Not saved: /)
    ])
    // Only what could be saved was looked up: at most one creation refused, none repeated.
    expect(service.log.filter(c => c.job === 'limited' && c.status === 429).length).toBeLessThanOrEqual(4)
  })

  it('a spent storage quota stops saving at once, with one warning naming what was not saved', async () => {
    const { hub, service } = await world()
    service.quotaBytes = 1
    const job = jobOf(service, 'full')
    const { main, post } = await runAction(job, inputs(hub))
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(ending(post)).toEqual(SUCCEEDED)
    // The first entries fit (two are saved at once); the next creation is refused, and none follows.
    expect(service.finalized().length).toBeLessThanOrEqual(2)
    expect(service.callsAfterRefusal('CreateCacheEntry', 'full', 403)).toBe(0)
    expect(cacheWarnings(post)).toEqual([
      expect.stringMatching(/^Cache storage quota reached: .*insufficient usage.* Not saved: .*, /)
    ])
  })

  it('a later step leaving 300 snapshots: at most 100 saves, the index first of them; the next run restores them all', async () => {
    const { hub, service } = await world()
    const job = jobOf(service, 'many')
    const { main, post } = await runAction(job, inputs(hub, { repos: REPOS.public }), () => {
      for (let i = 0; i < 300; i++) {
        const folder = `models--later--m${String(i).padStart(3, '0')}`
        downloadLikePython(hubCacheOf(job), folder, i.toString(16).padStart(40, '0'), {
          'config.json': { content: Buffer.from(`{"i":${i}}`), lfs: false }
        })
      }
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(ending(post)).toEqual(SUCCEEDED)
    expect(calls(service, 'many', 'CreateCacheEntry')).toBe(100)
    const saved = service.finalized()
    expect(saved.filter(e => e.key.includes('/index/'))).toHaveLength(1)
    expect(saved.filter(e => e.key.includes('/model/later/'))).toHaveLength(98)
    expect(cacheWarnings(post)).toEqual([
      expect.stringMatching(
        /^Hugging Face cache: save limit: .*202 later-step downloads were not saved: later\/m098@/
      )
    ])
    // The next run restores the index's 98 extras and the listed repo, a few at a time, none failing.
    const next = await runAction(jobOf(service, 'next'), inputs(hub, { repos: REPOS.public }))
    expect(ending(next.main)).toEqual(SUCCEEDED)
    expect(cacheWarnings(next.main)).toEqual([])
    const restored = fs
      .readdirSync(next.main.outputs['hub-cache'])
      .filter(n => n.startsWith('models--later--'))
    expect(restored).toHaveLength(98)
    expect(calls(service, 'next', 'GetCacheEntryDownloadURL')).toBe(1 + 1 + 98)
    expect(stagesLeft(next.main.outputs['hub-cache'])).toBe(false)
  }, 180_000)
})

describe('a matrix of jobs at once', () => {
  it('8 concurrent jobs against scaled limits, two waves: no failed job, no 429 repeated, every repo restored', async () => {
    const { hub, service } = await world()
    // GitHub's 200 uploads and 1,500 downloads a minute, scaled down to what 8 jobs of 3 repos meet.
    service.setLimits({ uploads: 20, downloads: 150, windowMs: 600_000 })
    const wave = async (name: string) => {
      const jobs = Array.from({ length: 8 }, (_, i) => jobOf(service, `${name}${i}`))
      return Promise.all(jobs.map(job => runAction(job, inputs(hub))))
    }
    const first = await wave('one-')
    for (const { main, post } of first) {
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(ending(post)).toEqual(SUCCEEDED)
    }
    for (let i = 0; i < 8; i++) {
      for (const method of ['GetCacheEntryDownloadURL', 'CreateCacheEntry'])
        expect(service.callsAfterRefusal(method, `one-${i}`)).toBe(0)
      // At most a lookup and a creation (and its finalize) for each entry: 3 repos and the index.
      expect(service.log.filter(c => c.job === `one-${i}`).length).toBeLessThanOrEqual(4 + 4 * 3)
    }
    // Each repo stored once, whichever leg saved it.
    const repoEntries = service.finalized().filter(e => !e.key.includes('/index/'))
    expect(repoEntries).toHaveLength(3)
    service.setLimits({ uploads: 20, downloads: 150, windowMs: 600_000 })
    const second = await wave('two-')
    for (const { main, post } of second) {
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(ending(post)).toEqual(SUCCEEDED)
      expect(main.outputs['cache-hit']).toBe('true')
      expect(reposOf(main).every(r => r.cache!.restored === 'exact')).toBe(true)
    }
  }, 240_000)
})
