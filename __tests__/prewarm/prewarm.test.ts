import { realDisk } from '../../src/prewarm/disk-space.js'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pLimit from 'p-limit'
import { CONNECTIONS, RANGE_MAX_BYTES, RANGE_MIN_BYTES, rangeBytesFor } from '../../src/prewarm/sizing.js'
import { prewarmAll } from '../../src/prewarm/prewarm.js'
import { prewarmRepo } from '../../__fixtures__/prewarm.js'
import { RepoCacheDir } from '../../src/hub-cache/layout.js'
import { HubClient } from '../../src/hub/client.js'
import { parseRepoSpecs } from '../../src/hub/repo-spec.js'
import { bytes, fakeCommit, gitBlobSha1, sha256, type FakeHub } from '../../__fixtures__/fake-hub.js'
import { REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'

let hub: FakeHub
beforeAll(async () => {
  hub = await startWorld()
})
afterAll(() => hub.stop())

function setup(line: string, token: string | undefined = TOKENS.alice) {
  const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-dl-test-'))
  const client = new HubClient({ endpoint: hub.url, token, sleep: async () => undefined })
  const [spec] = parseRepoSpecs(line)
  const repo = hub.repos.get(`${spec.type}:${spec.id}`)!
  const commit = repo.branches[spec.revision] ?? repo.tags?.[spec.revision] ?? spec.revision
  return { hubCache, client, spec, commit, cache: new RepoCacheDir(hubCache, spec.type, spec.id), repo }
}

function listTree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()
}

describe('prewarmRepo', () => {
  it('writes blobs, relative snapshot links and refs/main, and never sends the token to the CDN', async () => {
    const { hubCache, client, spec, commit, cache, repo } = setup(REPOS.llama)
    hub.resetStats()
    const result = await prewarmRepo(client, spec, commit, hubCache)
    expect(result).toMatchObject({ files: 6, downloadedFiles: 6 })
    expect(fs.readFileSync(path.join(cache.root, 'refs', 'main'), 'utf8')).toBe(commit)
    const weights = repo.commits[commit]['model.safetensors'].content
    const link = path.join(cache.root, 'snapshots', commit, 'model.safetensors')
    expect(fs.readlinkSync(link)).toBe(`../../blobs/${sha256(weights)}`)
    expect(fs.readFileSync(link).equals(weights)).toBe(true)
    expect(listTree(path.join(cache.root, 'blobs')).some(n => n.endsWith('.incomplete'))).toBe(false)
    expect(hub.stats.cdnRequests).toBe(2) // the two LFS files went through the CDN
    expect(hub.stats.cdnAuthorizations).toEqual([])
  })

  it('handles empty files, identical content under two paths, and names that need URL escaping', async () => {
    const { hubCache, client, spec, commit, cache } = setup(REPOS.edgeCases)
    hub.resetStats()
    const result = await prewarmRepo(client, spec, commit, hubCache)
    // The two identical files share one blob, fetched once: both are this run's download.
    expect(result).toMatchObject({ files: 4, downloadedFiles: 4 })
    const snapshot = path.join(cache.root, 'snapshots', commit)
    expect(fs.readFileSync(path.join(snapshot, 'pkg', '__init__.py'), 'utf8')).toBe('')
    expect(fs.readFileSync(path.join(snapshot, 'nested', 'same-b.json'), 'utf8')).toBe('{"same": true}')
    expect(fs.readFileSync(path.join(snapshot, 'names with spaces & ünïcode.txt'), 'utf8')).toBe('ok')
  })

  it('asks for unencoded bytes, so sizes, hashes and Range resumes refer to the file itself', async () => {
    const { hubCache, client, spec, commit } = setup(`${REPOS.public} config.json`)
    hub.resetStats()
    await prewarmRepo(client, spec, commit, hubCache)
    expect(hub.stats.acceptEncodings).toEqual(['identity'])
  })

  it('selects files with fnmatch globs', async () => {
    const { hubCache, client, commit, cache } = setup(REPOS.public)
    const [spec] = parseRepoSpecs(`${REPOS.public} *.json onnx/`)
    const result = await prewarmRepo(client, spec, commit, hubCache)
    expect(result.files).toBe(3)
    expect(listTree(path.join(cache.root, 'snapshots', commit))).toEqual([
      'config.json',
      'onnx',
      'onnx/model.onnx',
      'tokenizer.json'
    ])
  })

  it('downloads no content bytes when every blob is already cached', async () => {
    const { hubCache, client, spec, commit } = setup(REPOS.public)
    await prewarmRepo(client, spec, commit, hubCache)
    hub.resetStats()
    const warm = await prewarmRepo(client, spec, commit, hubCache)
    expect(warm.downloadedFiles).toBe(0)
    expect(hub.stats.contentBytes).toBe(0)
    expect(hub.stats.resolveRequests).toBe(0)
  })

  it('follows the paginated tree listing', async () => {
    const { hubCache, client, spec, commit } = setup(REPOS.big)
    hub.resetStats()
    const result = await prewarmRepo(client, spec, commit, hubCache)
    expect(result.files).toBe(120)
    expect(hub.stats.paths.filter(p => p.includes('/tree/')).length).toBeGreaterThanOrEqual(3)
  })

  it('resumes a transfer reset mid-body and leaves no partial blob visible', async () => {
    const { hubCache, client, spec, commit, cache, repo } = setup(REPOS.public)
    const weights = repo.commits[commit]['model.safetensors'].content
    hub.faults.resetMidBody.set(sha256(weights), 1)
    hub.resetStats()
    const lines: string[] = []
    await prewarmRepo(client, spec, commit, hubCache, { log: l => lines.push(l) })
    expect(lines.some(l => l.includes('retrying model.safetensors'))).toBe(true)
    expect(fs.readFileSync(cache.blobPath(sha256(weights))).equals(weights)).toBe(true)
    // The retry asked only for the missing half.
    expect(hub.stats.contentBytes).toBeLessThan(weights.length * 2)
  })

  it('removes the partial file when every attempt breaks off', async () => {
    const { hubCache, client, spec, commit, cache, repo } = setup(`${REPOS.public} model.safetensors`)
    const weights = repo.commits[commit]['model.safetensors'].content
    hub.faults.resetMidBody.set(sha256(weights), 10)
    await expect(prewarmRepo(client, spec, commit, hubCache, { attempts: 2 })).rejects.toThrow(
      /model.safetensors/
    )
    hub.faults.resetMidBody.clear()
    expect(fs.readdirSync(path.join(cache.root, 'blobs'))).toEqual([])
    expect(fs.existsSync(path.join(cache.root, 'refs', 'main'))).toBe(false)
  })

  it('cuts a body that drips below the throughput floor, retries it, then fails with why', async () => {
    const { hubCache, client, spec, commit, cache } = setup(`${REPOS.public} model.safetensors`)
    hub.faults.cdnDripMs = 20
    try {
      await expect(
        prewarmRepo(client, spec, commit, hubCache, { attempts: 2, windowMs: 200, minBytesPerWindow: 1024 })
      ).rejects.toThrow(/failed after 2 attempts: fewer than 1024 bytes in 0.2 s/)
    } finally {
      hub.faults.cdnDripMs = 0
    }
    expect(fs.readdirSync(path.join(cache.root, 'blobs'))).toEqual([])
  })

  it('refuses hostile paths from the listing and writes nothing outside the cache', async () => {
    const { hubCache, client, spec, commit } = setup(REPOS.hostile)
    const parent = path.dirname(hubCache)
    const before = fs.readdirSync(parent).filter(n => n.includes('escaped'))
    await expect(prewarmRepo(client, spec, commit, hubCache)).rejects.toThrow(
      /refusing the file path "(\.\.\/\.\.\/\.\.\/escaped\.txt|\/etc\/escaped\.txt|a\/\.\.\/\.\.\/escaped\.txt)" listed by evil\/hostile-paths/
    )
    expect(fs.readdirSync(parent).filter(n => n.includes('escaped'))).toEqual(before)
    expect(fs.readdirSync(hubCache)).toEqual([])
  })

  it('fails with the Hub error for a gated repo the token cannot read', async () => {
    const { hubCache, client, spec, commit } = setup(REPOS.notGranted)
    await expect(prewarmRepo(client, spec, commit, hubCache)).rejects.toThrow(/403 GatedRepo/)
  })
})

const MiB = 1024 * 1024

describe('range sizes', () => {
  it('cut a file into one range per connection, within the smallest and largest range', () => {
    expect(rangeBytesFor(20 * MiB)).toBe(RANGE_MIN_BYTES)
    // 192 MiB: all of its ranges at once, none left for a second round.
    expect(Math.ceil((192 * MiB) / rangeBytesFor(192 * MiB))).toBe(CONNECTIONS)
    expect(rangeBytesFor(192 * MiB) % MiB).toBe(0)
    expect(rangeBytesFor(15 * 1024 * MiB)).toBe(RANGE_MAX_BYTES)
  })
})

describe('the disk', () => {
  it('fails in seconds, before any download, when what is left to fetch does not fit, saying both sizes', async () => {
    const { hubCache, client, spec, commit } = setup(REPOS.public)
    hub.resetStats()
    const disk = { ...realDisk, freeBytes: async () => 100 * 1024 ** 2, mountTable: async () => '' }
    const failure = prewarmRepo(client, spec, commit, hubCache, { disk })
    await expect(failure).rejects.toMatchObject({ title: 'Not enough disk space' })
    await expect(failure).rejects.toThrow(/still to fetch .* but the disk holding .* has 104\.9 MB free/)
    expect(hub.stats.contentBytes).toBe(0)
  })

  it('goes ahead when it fits, and asks nothing of the disk when nothing is left to fetch', async () => {
    const { hubCache, client, spec, commit } = setup(REPOS.public)
    const asked: string[] = []
    const disk = { ...realDisk, freeBytes: async (dir: string) => (asked.push(dir), 10 * 1024 ** 3) }
    await prewarmRepo(client, spec, commit, hubCache, { disk })
    await prewarmRepo(client, spec, commit, hubCache, { disk })
    expect(asked).toEqual([hubCache])
  })
})

describe('ranged downloads, one pool, progress', () => {
  const ranged = { rangeBytes: MiB, rangedMinBytes: 2 * MiB }

  function bigRepo(id: string, size: number) {
    const commit = fakeCommit(id)
    const content = bytes(id, size)
    hub.addRepo({
      type: 'model',
      id,
      branches: { main: commit },
      commits: {
        [commit]: {
          'model.safetensors': { content, lfs: true },
          'config.json': { content: Buffer.from('{}'), lfs: false }
        }
      }
    })
    return { content, commit, spec: parseRepoSpecs(id)[0] }
  }

  afterEach(() => {
    hub.faults.cdnIgnoresRange = false
    hub.faults.cdnCorrupt.clear()
    hub.faults.resetMidBody.clear()
    hub.faults.cdnBytesPerSecond = 0
    hub.faults.cdnBarrier = 0
    hub.faults.signedUrlSeconds = 3600
    hub.faults.cdnRefuseAfter = -1
    hub.faults.signedUrlUses = 0
    hub.cdnHold = undefined
  })

  it('resolves a file again when its signed URL expires during the transfer, once per expiry', async () => {
    const { content, commit, spec } = bigRepo('acme/ranged-expiring', 6 * MiB)
    const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-ranged-'))
    // Six ranges, one connection at a time; each URL expires after serving two of them (counted, not timed).
    hub.faults.signedUrlUses = 2
    hub.resetStats()
    const client = new HubClient({ endpoint: hub.url, token: TOKENS.alice })
    await prewarmRepo(client, spec, commit, hubCache, { ...ranged, connections: pLimit(1) })
    const cache = new RepoCacheDir(hubCache, spec.type, spec.id)
    expect(fs.readFileSync(cache.blobPath(sha256(content))).equals(content)).toBe(true)
    // Refused once at each expiry (after ranges 2 and 4), resolved again each time: 3 URLs for 6 ranges.
    expect(hub.stats.cdnRefusals).toBe(2)
    expect(hub.stats.resolveRequests - 1).toBe(3) // config.json's own resolve aside
  })

  it('fails with a clear error, not a loop, when the CDN refuses every URL the Hub gives', async () => {
    const { commit, spec } = bigRepo('acme/ranged-refused', 3 * MiB)
    const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-ranged-'))
    hub.faults.signedUrlSeconds = -60 // every URL is expired already
    hub.resetStats()
    const client = new HubClient({ endpoint: hub.url, token: TOKENS.alice })
    await expect(prewarmRepo(client, spec, commit, hubCache, ranged)).rejects.toThrow(
      /the CDN refused 8 URLs the Hub resolved for it, each anew \(last answer: .*Request has expired/
    )
    expect(hub.stats.resolveRequests).toBeLessThan(30)
  })

  it('stays bounded when the signature says it has expired already and the CDN refuses after the first range', async () => {
    // The review's case: X-Amz-Expires=0 made every look at the location resolve it anew, and refusals of a
    // location that was no longer the current one were never counted: thousands of resolves, no end.
    const { commit, spec } = bigRepo('acme/ranged-expired-refusing', 40 * MiB)
    const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-ranged-'))
    hub.faults.signedUrlSeconds = 0
    hub.faults.cdnRefuseAfter = 1
    hub.resetStats()
    const client = new HubClient({ endpoint: hub.url, token: TOKENS.alice })
    await expect(prewarmRepo(client, spec, commit, hubCache, ranged)).rejects.toThrow(
      /the CDN refused 8 URLs the Hub resolved for it, each anew \(last answer: .*Auth failed: refused/
    )
    expect(hub.stats.resolveRequests).toBeLessThanOrEqual(64)
    expect(hub.stats.cdnRefusals).toBeLessThanOrEqual(160)
  })

  it('splits a large file into ranges over several connections, straight to the CDN, never with the token', async () => {
    const { content, commit, spec } = bigRepo('acme/ranged', 5 * MiB + 123)
    const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-ranged-'))
    const client = new HubClient({ endpoint: hub.url, token: TOKENS.alice })
    // The first range is asked alone (its answer decides how the rest is fetched); the next four are held until
    // all four are in flight: the peak is the pool's size, not chance.
    hub.resetStats()
    hub.cdnHold = n => {
      // Armed as the second arrives: it and the next three are held.
      if (n === 2) hub.faults.cdnBarrier = 4
      return undefined
    }
    const result = await prewarmRepo(client, spec, commit, hubCache, { ...ranged, connections: pLimit(4) })
    expect(result).toMatchObject({ downloadedFiles: 2 })
    expect(result.downloadedBytes).toBe(content.length + 2)
    const cache = new RepoCacheDir(hubCache, spec.type, spec.id)
    expect(fs.readFileSync(cache.blobPath(sha256(content))).equals(content)).toBe(true)
    const ranges = hub.stats.cdnRanges.filter(Boolean).sort()
    expect(ranges).toHaveLength(6)
    expect(ranges).toContain(`bytes=${5 * MiB}-${5 * MiB + 122}`)
    // One resolve for the weights (the first range); the others went to the CDN URL it redirected to.
    expect(hub.stats.resolveRequests).toBe(2)
    // The weights' URL was resolved without Range, so it serves every range: none refused.
    expect(hub.stats.cdnRefusals).toBe(0)
    expect(hub.stats.cdnAuthorizations).toEqual([])
    expect(hub.stats.cdnPeakInFlight).toBe(4)
  })

  it('resumes a broken range alone', async () => {
    const { content, commit, spec } = bigRepo('acme/ranged-broken', 4 * MiB)
    const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-ranged-'))
    const client = new HubClient({ endpoint: hub.url, token: TOKENS.alice })
    hub.faults.resetMidBody.set(sha256(content), 1)
    hub.resetStats()
    const lines: string[] = []
    await prewarmRepo(client, spec, commit, hubCache, { ...ranged, log: l => lines.push(l) })
    expect(lines.some(l => /retrying model.safetensors bytes \d+-\d+/.test(l))).toBe(true)
    expect(hub.stats.contentBytes).toBeLessThan(content.length + MiB)
    const cache = new RepoCacheDir(hubCache, spec.type, spec.id)
    expect(fs.readFileSync(cache.blobPath(sha256(content))).equals(content)).toBe(true)
  })

  it('falls back to one stream when the server ignores Range', async () => {
    const { content, commit, spec } = bigRepo('acme/ranged-ignored', 3 * MiB)
    const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-ranged-'))
    hub.faults.cdnIgnoresRange = true
    hub.resetStats()
    await prewarmRepo(
      new HubClient({ endpoint: hub.url, token: TOKENS.alice }),
      spec,
      commit,
      hubCache,
      ranged
    )
    expect(hub.stats.cdnRequests).toBe(1)
    expect(hub.stats.contentBytes).toBe(content.length + 2)
    const cache = new RepoCacheDir(hubCache, spec.type, spec.id)
    expect(fs.readFileSync(cache.blobPath(sha256(content))).equals(content)).toBe(true)
  })

  it('never renames a ranged file whose hash does not match into place', async () => {
    const { content, commit, spec } = bigRepo('acme/ranged-corrupt', 3 * MiB)
    const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-ranged-'))
    hub.faults.cdnCorrupt.add(sha256(content))
    const client = new HubClient({ endpoint: hub.url, token: TOKENS.alice })
    await expect(prewarmRepo(client, spec, commit, hubCache, ranged)).rejects.toThrow(
      /does not match the expected/
    )
    const cache = new RepoCacheDir(hubCache, spec.type, spec.id)
    expect(fs.readdirSync(path.dirname(cache.blobPath(sha256(content))))).toEqual([
      gitBlobSha1(Buffer.from('{}'))
    ])
  })

  it('logs progress while bytes move, with done, total, rate and time left', async () => {
    const { commit, spec } = bigRepo('acme/ranged-slow', 2 * MiB)
    const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-ranged-'))
    // The first of two ranges is served; the second is held until a progress line has been logged.
    let logged!: () => void
    const progressLogged = new Promise<void>(resolve => (logged = resolve))
    hub.resetStats()
    hub.cdnHold = n => (n === 2 ? progressLogged : undefined)
    const lines: string[] = []
    try {
      await prewarmRepo(new HubClient({ endpoint: hub.url, token: TOKENS.alice }), spec, commit, hubCache, {
        ...ranged,
        connections: pLimit(1),
        progressIntervalMs: 50,
        log: l => {
          lines.push(l)
          if (l.startsWith('  progress: ')) logged()
        }
      })
    } finally {
      hub.cdnHold = undefined
    }
    const [first] = lines.filter(l => l.startsWith('  progress: '))
    expect(first).toMatch(/^ {2}progress: 1\.0 MB of 2\.1 MB \(50%\), [\d.]+ (B|KB|MB)\/s, about \d+ s left$/)
  })

  it('runs the files of several repos as one pool', async () => {
    const a = bigRepo('acme/pool-a', 512 * 1024)
    const b = bigRepo('acme/pool-b', 512 * 1024)
    const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-pool-'))
    // Held until both weights are in flight at once (a pool that ran repos one after the other would wait 5 s).
    hub.faults.cdnBarrier = 2
    hub.resetStats()
    const results = await prewarmAll(
      new HubClient({ endpoint: hub.url, token: TOKENS.alice }),
      [a, b].map(r => ({ spec: r.spec, commit: r.commit })),
      hubCache
    )
    expect(results.map(r => r.downloadedFiles)).toEqual([2, 2])
    expect(hub.stats.cdnPeakInFlight).toBe(2)
  })

  it('times each repo on the clock it is given, from the start to its last file', async () => {
    const a = bigRepo('acme/clock-a', 1024)
    const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-clock-'))
    // The start reads 10 s; every later reading (a repo's last file, a repo with nothing to fetch) 12.5 s.
    const readings = [10_000]
    let later = 12_500
    const now = () => readings.shift() ?? later
    const client = new HubClient({ endpoint: hub.url, token: TOKENS.alice })
    const target = { spec: a.spec, commit: a.commit }
    const [fetched] = await prewarmAll(client, [target], hubCache, { now })
    expect(fetched.seconds).toBe(2.5)
    readings.push(20_000)
    later = 21_000
    const [cached] = await prewarmAll(client, [target], hubCache, { now })
    expect(cached).toMatchObject({ downloadedFiles: 0, seconds: 1 })
  })
})

describe('without symlinks (forced, as on Windows without rights)', () => {
  it('keeps one copy of each file (no blob beside it), verifies copies like blobs, and a warm run fetches nothing', async () => {
    const { hubCache, client, spec, commit, cache, repo } = setup(REPOS.edgeCases)
    const result = await prewarmRepo(client, spec, commit, hubCache, { symlinks: false })
    expect(result.downloadedFiles).toBe(4)
    const snapshot = path.join(cache.root, 'snapshots', commit)
    for (const [name, file] of Object.entries(repo.commits[commit])) {
      const entry = path.join(snapshot, ...name.split('/'))
      expect(fs.lstatSync(entry).isSymbolicLink()).toBe(false)
      expect(fs.readFileSync(entry).equals(file.content)).toBe(true)
    }
    // Moved, not copied: no blob kept beside the files.
    expect(
      fs.existsSync(path.join(cache.root, 'blobs')) ? fs.readdirSync(path.join(cache.root, 'blobs')) : []
    ).toEqual([])
    hub.resetStats()
    const warm = await prewarmRepo(client, spec, commit, hubCache, { symlinks: false })
    expect(warm.downloadedFiles).toBe(0)
    expect(hub.stats.contentBytes).toBe(0)
    // A tampered copy is caught like a tampered blob.
    fs.writeFileSync(path.join(snapshot, 'same-a.json'), '{"same": false}')
    const again = await prewarmRepo(client, spec, commit, hubCache, { symlinks: false })
    expect(again.downloadedFiles).toBe(0) // its twin same-b.json still holds the content: copied from there
    expect(fs.readFileSync(path.join(snapshot, 'same-a.json'), 'utf8')).toBe('{"same": true}')
  })
})
