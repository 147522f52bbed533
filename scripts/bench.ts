/**
 * `npm run bench`: performance claims, each as a ratio against a baseline measured in the same run on
 * the same local servers (no absolute numbers are promised: machines differ).
 *   1. Access checks: 1 repo, 20 repos concurrently, and the same 20 one after another, with Hub latency.
 *   2. Cold pre-warm throughput against a raw single-stream download of the same bytes from the same CDN,
 *      on loopback and with each CDN connection's throughput capped (as a distant CDN's is).
 *   3. A warm run's Hub requests and content bytes, against what per-file metadata calls would cost, and
 *      its time (every cached blob re-hashed before reuse) against a cold loopback pre-warm.
 * The fake Hub runs in this same process, so on loopback it competes with the client for the 2 cores.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { checkRepos } from '../src/access.js'
import { prewarmRepo, resolveUrl } from '../src/download.js'
import { HubClient } from '../src/hub-client.js'
import { parseRepoSpecs, type RepoSpec } from '../src/repo-spec.js'
import { bytes, fakeCommit, FakeHub } from '../__fixtures__/fake-hub.js'
import { buildWorld, REPOS, TOKENS } from '../__fixtures__/hub-world.js'

const LATENCY_MS = 50
const CDN_CAP_BYTES_PER_SECOND = 25e6

const fmt = (s: number) => `${(s * 1000).toFixed(0).padStart(6)} ms`

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint()
  const value = await fn()
  return [Number(process.hrtime.bigint() - start) / 1e9, value]
}

const hub = buildWorld(await new FakeHub().start())
const client = () => new HubClient({ endpoint: hub.url, token: TOKENS.alice })
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-auth-bench-'))

interface ShardedRepo {
  spec: RepoSpec
  commit: string
  names: string[]
  megabytes: number
}

/** A model of `count` LFS shards (made before any traffic, so no request waits on their generation). */
function shardedRepo(id: string, count: number, shardBytes: number): ShardedRepo {
  const commit = fakeCommit(id)
  const names = Array.from({ length: count }, (_, i) => `model-${i + 1}-of-${count}.safetensors`)
  const files = Object.fromEntries(
    names.map(name => [name, { content: bytes(`${id}/${name}`, shardBytes), lfs: true }])
  )
  hub.addRepo({ type: 'model', id, branches: { main: commit }, commits: { [commit]: files } })
  return { spec: parseRepoSpecs(id)[0], commit, names, megabytes: (count * shardBytes) / 1e6 }
}

/** Baseline: what `curl -L` per file does — one stream at a time, straight to disk, no checks. */
async function rawDownload(repo: ShardedRepo): Promise<void> {
  for (const name of repo.names) {
    const res = await fetch(resolveUrl(hub.url, repo.spec, repo.commit, name), {
      headers: { authorization: `Bearer ${TOKENS.alice}` }
    })
    await fs.promises.writeFile(path.join(scratch, name), Buffer.from(await res.arrayBuffer()))
  }
}

async function compareDownload(title: string, repo: ShardedRepo): Promise<void> {
  const [raw] = await timed(() => rawDownload(repo))
  const hubCache = path.join(scratch, `hub-${repo.spec.id.replace('/', '-')}`)
  const [cold, result] = await timed(() => prewarmRepo(client(), repo.spec, repo.commit, hubCache))
  if (result.downloadedBytes / 1e6 !== repo.megabytes) throw new Error('pre-warm did not download every byte')
  const mb = repo.megabytes
  console.log(
    `\n${title}: ${repo.names.length} LFS files, ${mb.toFixed(0)} MB, through the Hub's 302 to the CDN`
  )
  console.log(
    `  raw single-stream download ${fmt(raw)}   ${(mb / raw).toFixed(0).padStart(4)} MB/s   baseline`
  )
  console.log(
    `  pre-warm (verified, cached)${fmt(cold)}   ${(mb / cold).toFixed(0).padStart(4)} MB/s   ${(raw / cold).toFixed(2)}× the baseline's throughput`
  )
}

try {
  const big = shardedRepo('bench/sharded', 8, 32 * 1024 * 1024)
  const distant = shardedRepo('bench/distant', 4, 8 * 1024 * 1024)

  // 1. Access checks under latency.
  hub.faults.latencyMs = LATENCY_MS
  const many: RepoSpec[] = Array.from({ length: 20 }, (_, i) => ({
    type: 'model',
    id: REPOS.public,
    revision: i % 2 ? 'main' : 'v1.0',
    globs: [],
    line: i + 1
  }))
  const [one] = await timed(() => checkRepos(many.slice(0, 1), { client: client() }))
  const [parallel] = await timed(() => checkRepos(many, { client: client() }))
  const [sequential] = await timed(async () => {
    for (const spec of many) await checkRepos([spec], { client: client() })
  })
  hub.faults.latencyMs = 0
  console.log(`Access checks (Hub latency ${LATENCY_MS} ms per request)`)
  console.log(`  1 repo                     ${fmt(one)}`)
  console.log(
    `  20 repos, concurrently     ${fmt(parallel)}   ${(parallel / one).toFixed(2)}× the time of one`
  )
  console.log(`  20 repos, one after other  ${fmt(sequential)}   baseline`)
  console.log(`  speed-up                   ${(sequential / parallel).toFixed(1)}×`)

  // 2. Cold pre-warm against a raw download of the same bytes: on loopback, then over a capped CDN.
  await compareDownload('Cold pre-warm on loopback', big)
  hub.faults.cdnBytesPerSecond = CDN_CAP_BYTES_PER_SECOND
  await compareDownload(
    `Cold pre-warm, each CDN connection capped at ${CDN_CAP_BYTES_PER_SECOND / 1e6} MB/s`,
    distant
  )
  hub.faults.cdnBytesPerSecond = 0

  // 3. A warm run: the blobs are in the cache. They are re-hashed before reuse (a restored cache is not
  // trusted) and the listing is asked of the Hub again; both must stay far cheaper than downloading.
  const [coldAgain] = await timed(() =>
    prewarmRepo(client(), big.spec, big.commit, path.join(scratch, 'hub-bench-cold-again'))
  )
  hub.resetStats()
  const warmClient = client()
  await checkRepos([big.spec], { client: warmClient })
  const [warmSeconds, warm] = await timed(() =>
    prewarmRepo(warmClient, big.spec, big.commit, path.join(scratch, 'hub-bench-sharded'))
  )
  console.log(
    `\nWarm run (access check + pre-warm, ${warm.files} files, ${big.megabytes.toFixed(0)} MB already cached)`
  )
  console.log(
    `  Hub requests               ${String(hub.stats.requests).padStart(6)}      (access check 2 + listing 1; per-file metadata would add ${warm.files} HEADs)`
  )
  console.log(`  content bytes downloaded   ${String(hub.stats.contentBytes).padStart(6)}`)
  console.log(
    `  time, every blob re-hashed ${fmt(warmSeconds)}   ${(coldAgain / warmSeconds).toFixed(1)}× faster than the cold loopback pre-warm (${fmt(coldAgain).trim()}), baseline`
  )
} finally {
  fs.rmSync(scratch, { recursive: true, force: true })
  await hub.stop()
}
