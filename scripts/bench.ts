/**
 * `npm run bench`: performance claims, each as a ratio against a baseline measured in the same run on
 * the same local servers (no absolute numbers are promised: machines differ).
 *   1. Access checks: 1 repo, 20 repos concurrently, and the same 20 one after another, with Hub latency.
 *   2. Cold pre-warm throughput against a raw single-stream download of the same bytes from the same CDN,
 *      on loopback and with each CDN connection's throughput capped (as a distant CDN's is).
 *   3. A warm run's Hub requests and content bytes, against what per-file metadata calls would cost.
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
const SHARDS = 8
const SHARD_BYTES = 32 * 1024 * 1024

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9
const fmt = (s: number) => `${(s * 1000).toFixed(0).padStart(6)} ms`

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint()
  const value = await fn()
  return [seconds(start), value]
}

const hub = buildWorld(await new FakeHub().start())
const client = () => new HubClient({ endpoint: hub.url, token: TOKENS.alice })

try {
  // The shards of part 2 are made before any traffic, so no request waits on their generation.
  const commit = fakeCommit('bench-shards')
  const files = Object.fromEntries(
    Array.from({ length: SHARDS }, (_, i) => [
      `model-${i + 1}-of-${SHARDS}.safetensors`,
      { content: bytes(`shard-${i}`, SHARD_BYTES), lfs: true }
    ])
  )
  hub.addRepo({
    type: 'model',
    id: 'bench/sharded',
    branches: { main: commit },
    commits: { [commit]: files }
  })
  const [spec] = parseRepoSpecs('bench/sharded')

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

  // 2. Cold pre-warm throughput vs a raw single-stream download of the same bytes.
  const total = SHARDS * SHARD_BYTES
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-auth-bench-'))
  const [raw] = await timed(async () => {
    // Baseline: what a plain `curl -L` per file does — one stream at a time, straight to disk, no checks.
    for (const name of Object.keys(files)) {
      const res = await fetch(resolveUrl(hub.url, spec, commit, name), {
        headers: { authorization: `Bearer ${TOKENS.alice}` }
      })
      await fs.promises.writeFile(path.join(scratch, name), Buffer.from(await res.arrayBuffer()))
    }
  })
  const hubCache = path.join(scratch, 'hub')
  const [cold, result] = await timed(() => prewarmRepo(client(), spec, commit, hubCache))
  const mb = total / 1e6
  console.log(`\nCold pre-warm of ${SHARDS} LFS files, ${mb.toFixed(0)} MB, through the Hub's 302 to the CDN`)
  console.log(
    `  raw single-stream download ${fmt(raw)}   ${(mb / raw).toFixed(0)} MB/s   baseline (no hash check, no cache layout)`
  )
  console.log(
    `  pre-warm (verified, cached)${fmt(cold)}   ${(mb / cold).toFixed(0)} MB/s   ${(raw / cold).toFixed(2)}× the baseline's throughput`
  )
  if (result.downloadedBytes !== total) throw new Error('pre-warm did not download every byte')

  // 2b. The same against a distant CDN, where each connection's throughput is capped.
  const capped = 25e6
  const few = 4
  const smallCommit = fakeCommit('bench-capped')
  const smallFiles = Object.fromEntries(
    Array.from({ length: few }, (_, i) => [
      `part-${i}.safetensors`,
      { content: bytes(`capped-${i}`, 8 * 1024 * 1024), lfs: true }
    ])
  )
  hub.addRepo({
    type: 'model',
    id: 'bench/capped',
    branches: { main: smallCommit },
    commits: { [smallCommit]: smallFiles }
  })
  const [capSpec] = parseRepoSpecs('bench/capped')
  hub.faults.cdnBytesPerSecond = capped
  const [rawCapped] = await timed(async () => {
    for (const name of Object.keys(smallFiles)) {
      const res = await fetch(resolveUrl(hub.url, capSpec, smallCommit, name), {
        headers: { authorization: `Bearer ${TOKENS.alice}` }
      })
      await res.arrayBuffer()
    }
  })
  const [coldCapped] = await timed(() =>
    prewarmRepo(client(), capSpec, smallCommit, path.join(scratch, 'hub-capped'))
  )
  hub.faults.cdnBytesPerSecond = 0
  const cappedMb = (few * 8 * 1024 * 1024) / 1e6
  console.log(
    `\nThe same over a distant CDN (each connection capped at ${capped / 1e6} MB/s), ${few} files, ${cappedMb.toFixed(0)} MB`
  )
  console.log(
    `  raw single-stream download ${fmt(rawCapped)}   ${(cappedMb / rawCapped).toFixed(0)} MB/s   baseline`
  )
  console.log(
    `  pre-warm (concurrent)      ${fmt(coldCapped)}   ${(cappedMb / coldCapped).toFixed(0)} MB/s   ${(rawCapped / coldCapped).toFixed(2)}× the baseline's throughput`
  )

  // 3. A warm run: the blobs and the tree listing are in the cache.
  hub.resetStats()
  const warmClient = client()
  await checkRepos([spec], { client: warmClient })
  const warm = await prewarmRepo(warmClient, spec, commit, hubCache)
  console.log(`\nWarm run (access check + pre-warm, ${warm.files} files already cached)`)
  console.log(
    `  Hub requests               ${String(hub.stats.requests).padStart(6)}      (2 for the access check; per-file metadata would add ${warm.files} HEADs)`
  )
  console.log(`  content bytes downloaded   ${String(hub.stats.contentBytes).padStart(6)}`)
  fs.rmSync(scratch, { recursive: true, force: true })
} finally {
  await hub.stop()
}
