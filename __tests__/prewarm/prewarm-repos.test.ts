import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'
import type { FakeHub } from '../../__fixtures__/fake-hub.js'
import { REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'

jest.unstable_mockModule('@actions/core', () => core)
const { findSnapshots, prewarmAll, prewarmRepos, verifyCachedRepos } =
  await import('../../src/prewarm/prewarm.js')
const { HubClient } = await import('../../src/hub/client.js')
const { parseRepoSpecs } = await import('../../src/hub/repo-spec.js')

let hub: FakeHub
beforeAll(async () => {
  hub = await startWorld()
})
afterAll(() => hub.stop())
beforeEach(() => core.resetCoreMock())

function targets(lines: string) {
  return parseRepoSpecs(lines).map(spec => {
    const repo = hub.repos.get(`${spec.type}:${spec.id}`)!
    return { spec, commit: repo.branches[spec.revision] }
  })
}
const client = () => new HubClient({ endpoint: hub.url, token: TOKENS.alice, sleep: async () => undefined })
const tempCache = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hf-prewarm-repos-'))
const said = () => core.info.mock.calls.map(([line]) => line)

describe('prewarmRepos', () => {
  it('does nothing for no repo, not even a log group', async () => {
    expect(await prewarmRepos(client(), [], tempCache())).toEqual([])
    expect(core.startGroup).not.toHaveBeenCalled()
  })

  it('pre-warms in one log group naming each repo at its revision and commit, and reports each', async () => {
    const wanted = targets(`${REPOS.public}\n${REPOS.edgeCases}`)
    const hubCache = tempCache()
    const results = await prewarmRepos(client(), wanted, hubCache)
    expect(core.startGroup).toHaveBeenCalledWith(
      `Pre-warming ${REPOS.public}@main (${wanted[0].commit.slice(0, 7)}), ${REPOS.edgeCases}@main (${wanted[1].commit.slice(0, 7)})`
    )
    expect(core.endGroup).toHaveBeenCalledTimes(1)
    const bytes = (i: number) =>
      Object.values(hub.repos.get(`model:${wanted[i].spec.id}`)!.commits[wanted[i].commit]).reduce(
        (sum, file) => sum + file.content.length,
        0
      )
    expect(results.map(r => [r.files, r.downloadedFiles, r.bytes, r.downloadedBytes])).toEqual([
      [results[0].files, results[0].files, bytes(0), bytes(0)],
      // Two of its four files hold the same content: one blob, fetched once.
      [4, 4, bytes(1), bytes(1) - Buffer.byteLength('{"same": true}')]
    ])
    // Timed on the pre-warm's own clock (prewarm.test.ts gives it another): a time, not a number of any size.
    for (const result of results) expect(Number.isFinite(result.seconds) && result.seconds >= 0).toBe(true)
    const summary = said().find(line => line.startsWith(`${REPOS.edgeCases}: 4 file(s)`))
    expect(summary).toMatch(/: downloaded 4 \(16 B\) in \d+\.\d s \(.+\/s\), 0 already cached$/)
    // A warm run: everything already cached.
    core.info.mockClear()
    await prewarmRepos(client(), wanted, hubCache)
    expect(said().find(line => line.startsWith(`${REPOS.edgeCases}: `))).toMatch(
      /downloaded 0 .*, 4 already cached$/
    )
  })

  it('closes its log group when the pre-warm fails', async () => {
    const hostile = targets(REPOS.hostile)
    await expect(prewarmRepos(client(), hostile, tempCache())).rejects.toThrow()
    expect(core.endGroup).toHaveBeenCalledTimes(1)
  })
})

describe('prewarmAll on failure', () => {
  it('names each repo and file that failed, keeps what was fetched, and says to re-run', async () => {
    const wanted = targets(`${REPOS.llama}\n${REPOS.edgeCases}`)
    const hubCache = tempCache()
    // The CDN refuses everything: the LFS files fail, the small files (served by the Hub itself) arrive.
    hub.faults.cdnRefuseAfter = 0
    try {
      const failure = prewarmAll(client(), wanted, hubCache)
      await expect(failure).rejects.toMatchObject({ title: 'Pre-warm failed' })
      await expect(failure).rejects.toThrow(
        new RegExp(
          `^pre-warm of ${REPOS.llama} failed for 2 file\\(s\\): .*model\\.safetensors: .*\\. Every file that was fetched and verified is kept: re-run the job to fetch only the rest\\.$`
        )
      )
      await expect(failure).rejects.not.toThrow(`pre-warm of ${REPOS.edgeCases}`)
    } finally {
      hub.faults.cdnRefuseAfter = -1
    }
    // The repo that fully arrived is finished: its ref is written.
    const edge = path.join(hubCache, `models--${REPOS.edgeCases.replace('/', '--')}`)
    expect(fs.readFileSync(path.join(edge, 'refs', 'main'), 'utf8')).toBe(wanted[1].commit)
    const llama = path.join(hubCache, `models--${REPOS.llama.replace('/', '--')}`)
    expect(fs.existsSync(path.join(llama, 'refs', 'main'))).toBe(false)
  })

  it('stops at an abort already given, downloading nothing', async () => {
    const controller = new AbortController()
    const wanted = targets(REPOS.edgeCases)
    const hubCache = tempCache()
    // Planned (the listing is read), then aborted before any file is fetched.
    const plannedThenAborted = {
      signal: controller.signal,
      disk: {
        freeBytes: async () => {
          controller.abort(new Error('cancelled by the runner'))
          return 2 ** 50
        },
        mountTable: async () => '',
        probe: async () => undefined
      }
    }
    hub.resetStats()
    await expect(prewarmAll(client(), wanted, hubCache, plannedThenAborted)).rejects.toThrow(
      'cancelled by the runner'
    )
    expect(hub.stats.resolveRequests).toBe(0)
  })

  it('fetches the largest files first', async () => {
    const wanted = targets(REPOS.llama)
    hub.resetStats()
    await prewarmAll(client(), wanted, tempCache(), { concurrency: 1 })
    const files = hub.repos.get(`model:${wanted[0].spec.id}`)!.commits[wanted[0].commit]
    const bySize = Object.entries(files)
      .sort(([, a], [, b]) => b.content.length - a.content.length)
      .map(([name]) => name)
    const asked = hub.stats.paths
      .filter(p => p.includes('/resolve/'))
      .map(p => decodeURIComponent(p.split('/resolve/')[1].split('/').slice(1).join('/')))
    expect(asked[0]).toBe(bySize[0])
  })
})

describe('verifyCachedRepos and findSnapshots', () => {
  it('checks only the repos the cache holds, and finds their snapshot folders', async () => {
    const wanted = targets(`${REPOS.public}\n${REPOS.edgeCases}`)
    const hubCache = tempCache()
    await prewarmAll(client(), [wanted[1]], hubCache)
    core.info.mockClear()
    await verifyCachedRepos(client(), wanted, hubCache)
    expect(said()).toEqual([`Checked the cached ${REPOS.edgeCases}@main against the Hub's listing`])
    const found = await findSnapshots(wanted, hubCache)
    expect(found[0]).toBeUndefined()
    expect(found[1]).toBe(
      path.join(hubCache, `models--${REPOS.edgeCases.replace('/', '--')}`, 'snapshots', wanted[1].commit)
    )
  })
})
