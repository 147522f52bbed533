/**
 * `npm run bench`: performance claims, each as a ratio against a baseline measured in the same run on the
 * same local servers (no absolute numbers are promised: machines differ). The action runs as the runner runs
 * it (`node dist/main`, a process of its own), and so do its baselines (`curl`, Python).
 *   1. Access checks: 1 repo, 20 repos concurrently, and the same 20 one after another, with Hub latency.
 *   2. One 192 MiB file from a CDN that gives each connection 24 MiB/s: the action against one `curl` stream.
 *   3. 512 MiB in 8 files on loopback: the action against `curl --parallel` (8 at once) writing the same bytes to
 *      the same disk, and against Python `snapshot_download` where the machine has huggingface_hub.
 *   Both from Debian's nginx as the CDN (sendfile, native Range, `limit_rate`) where it is installed, else
 *   from the fake Hub's own CDN (then with 40 ms to first byte in case 2).
 *   4. Start with nothing to do, against a bare `node -e 0`.
 *   5. A warm run: Hub requests and content bytes, and its time (every cached blob re-hashed before reuse).
 *   6. Case 3 behind Debian's squid (HTTP, the Hub and CDN names resolved by squid alone), against the same
 *      pre-warm without a proxy, in turns.
 *   7. The cache: 20 repos restored as 20 per-repo entries (all exact hits) against the same bytes as one entry,
 *      both merged into the hub cache with every blob hashed, through the real @actions/cache and the local
 *      cache service: time and service calls. Then two workflows with a model each, run a, b, a, b by the
 *      bundled action: the bytes the service stores against the unique bytes used.
 *   8. The cache service down: the action's main and post with 20 listed repos against a hand-written
 *      `actions/cache` step under the same outage.
 *   9. A warm job's restore: this bundle against an earlier commit's (BENCH_BASE_REV), in turns.
 * The fake Hub runs in this process: on loopback it competes with the measured process for the 2 cores.
 * `npm run bench -- 2 3` runs only the cases named; BENCH_ROUNDS=1 prints every round of a contest, not only
 * the best (on two cores shared with the fake Hub, one round in three or four can be a quarter slower).
 */
import { execFile, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { checkRepos } from '../src/hub/access.js'
import { resolveUrl } from '../src/hub/urls.js'
import { HubClient } from '../src/hub/client.js'
import { parseRepoSpecs, type RepoSpec } from '../src/hub/repo-spec.js'
import { bytes, fakeCommit, FakeHub, sha256 } from '../__fixtures__/fake-hub.js'
import { buildWorld, REPOS, TOKENS } from '../__fixtures__/hub-world.js'
import { pythonHub } from '../__fixtures__/python-hub.js'
import { hasNginx, Nginx } from '../__fixtures__/nginx.js'
import { ACTION_NODE, newJob, runStep, stepCommand } from '../__fixtures__/runner.js'
import { contest, fmt, line, MiB, timed } from './bench-lib.js'
import { hasSquid, Squid } from '../__fixtures__/squid.js'

const LATENCY_MS = 50
const CDN_CAP = 24 * MiB
const CDN_LATENCY_MS = 40
const run = promisify(execFile)

const hub = buildWorld(await new FakeHub().start())
const fakeCdn = hub.cdnUrl
const nginx = hasNginx() ? await new Nginx(CDN_CAP).start() : undefined
const client = () => new HubClient({ endpoint: hub.url, token: TOKENS.alice })
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-auth-bench-'))

interface ShardedRepo {
  spec: RepoSpec
  commit: string
  names: string[]
  bytes: number
}

/** A model of `count` LFS shards (made before any traffic, so no request waits on their generation). */
function shardedRepo(id: string, count: number, shardBytes: number): ShardedRepo {
  const commit = fakeCommit(id)
  const names = Array.from({ length: count }, (_, i) => `model-${i + 1}-of-${count}.safetensors`)
  const files = Object.fromEntries(
    names.map(name => [name, { content: bytes(`${id}/${name}`, shardBytes), lfs: true }])
  )
  hub.addRepo({ type: 'model', id, branches: { main: commit }, commits: { [commit]: files } })
  for (const file of Object.values(files)) nginx?.add(sha256(file.content), file.content)
  return { spec: parseRepoSpecs(id)[0], commit, names, bytes: count * shardBytes }
}

const chosen = new Set(process.argv.slice(2).map(Number))
const runs = (n: number) => chosen.size === 0 || chosen.has(n)

const hasCurl = spawnSync('curl', ['--version']).status === 0

/** Baseline: `curl -L`, straight to disk, no checks: one file at a time, or all at once (`--parallel`). */
async function curlDownload(
  repo: ShardedRepo,
  parallel = false,
  endpoint = hub.url,
  proxy?: string
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(scratch, 'curl-'))
  const urls = repo.names.map(name => [
    path.join(dir, name),
    resolveUrl(endpoint, repo.spec, repo.commit, name)
  ])
  const auth = ['-H', `authorization: Bearer ${TOKENS.alice}`, ...(proxy ? ['-x', proxy] : [])]
  if (hasCurl && parallel) {
    await run('curl', [
      '-sSfL',
      '--parallel',
      '--parallel-max',
      '8',
      ...auth,
      ...urls.flatMap(([f, u]) => ['-o', f, u])
    ])
  }
  for (const [file, url] of parallel && hasCurl ? [] : urls) {
    const name = path.basename(file)
    if (hasCurl) {
      await run('curl', ['-sSfL', ...auth, '-o', path.join(dir, name), url])
    } else {
      const res = await fetch(url, { headers: { authorization: `Bearer ${TOKENS.alice}` } })
      await fs.promises.writeFile(path.join(dir, name), Buffer.from(await res.arrayBuffer()))
    }
  }
  fs.rmSync(dir, { recursive: true, force: true })
}

/** The committed bundle as the runner runs it: a pre-warm into a fresh hub cache. */
async function actionPrewarm(
  repo: ShardedRepo,
  endpoint = hub.url,
  env: Record<string, string> = {}
): Promise<void> {
  const job = newJob(env)
  const main = await runStep(job, 'main', {
    'hf-token': TOKENS.alice,
    endpoint,
    repos: repo.spec.id,
    download: 'true',
    cache: 'false',
    login: 'false'
  })
  if (main.exitCode !== 0) throw new Error(`the action failed:\n${main.stdout}`)
  fs.rmSync(job.dir, { recursive: true, force: true })
}

const python = pythonHub()

async function pythonPrewarm(repo: ShardedRepo): Promise<void> {
  if (!python.ok) throw new Error(python.why)
  const cache = fs.mkdtempSync(path.join(scratch, 'python-'))
  await python.run(
    `
from huggingface_hub import snapshot_download
snapshot_download("${repo.spec.id}")
print("null")
`,
    { HF_ENDPOINT: hub.url, HF_TOKEN: TOKENS.alice, HF_HUB_CACHE: cache }
  )
  fs.rmSync(cache, { recursive: true, force: true })
}

try {
  const oneBig = shardedRepo('bench/one-big', 1, 192 * MiB)
  const eight = shardedRepo('bench/eight', 8, 64 * MiB)

  if (runs(1)) {
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
    console.log(`1. Access checks (Hub latency ${LATENCY_MS} ms per request)`)
    console.log(`  1 repo                            ${fmt(one)}`)
    console.log(
      `  20 repos, concurrently            ${fmt(parallel)}   ${(parallel / one).toFixed(2)}× the time of one`
    )
    console.log(
      `  20 repos, one after other (base)  ${fmt(sequential)}   speed-up ${(sequential / parallel).toFixed(1)}×`
    )
  }
  if (runs(2)) {
    // 2. One large file from a distant CDN: each connection capped, and each request waits for its first byte
    // (which is what makes ranges too small cost more than they bring).
    if (nginx) hub.cdnUrl = nginx.cappedUrl
    else {
      hub.faults.cdnBytesPerSecond = CDN_CAP
      hub.faults.cdnLatencyMs = CDN_LATENCY_MS
    }
    const [curlCapped, actionCapped] = await contest(
      1,
      () => curlDownload(oneBig),
      () => actionPrewarm(oneBig)
    )
    hub.faults.cdnBytesPerSecond = 0
    hub.faults.cdnLatencyMs = 0
    hub.cdnUrl = fakeCdn
    const cdn = nginx ? 'nginx' : `the fake CDN, ${CDN_LATENCY_MS} ms to first byte`
    console.log(
      `\n2. One ${oneBig.bytes / MiB} MiB file, each CDN connection capped at ${CDN_CAP / MiB} MiB/s (${cdn})`
    )
    line(`${hasCurl ? 'curl' : 'fetch'}, one stream (baseline)`, curlCapped, oneBig.bytes, '')
    line(
      'the action (ranges, verified)',
      actionCapped,
      oneBig.bytes,
      `${(curlCapped / actionCapped).toFixed(2)}× the baseline`
    )
  }
  if (runs(3)) {
    // 3. Many files on loopback: CPU and disk bound.
    if (nginx) hub.cdnUrl = nginx.url
    const [curlLoop, actionLoop] = await contest(
      3,
      () => curlDownload(eight, true),
      () => actionPrewarm(eight)
    )
    console.log(
      `\n3. ${eight.bytes / MiB} MiB in ${eight.names.length} files on loopback (${nginx ? 'nginx' : 'the fake CDN'}; best of 3 each, in turns)`
    )
    line(`${hasCurl ? 'curl --parallel' : 'fetch'} (baseline)`, curlLoop, eight.bytes, '')
    line(
      'the action (verified, cached)',
      actionLoop,
      eight.bytes,
      `${(curlLoop / actionLoop).toFixed(2)}× the baseline`
    )
    if (python.ok) {
      const [py] = await contest(2, () => pythonPrewarm(eight))
      line(
        'Python snapshot_download',
        py,
        eight.bytes,
        `the action is ${(py / actionLoop).toFixed(2)}× Python`
      )
    } else {
      console.log(`  Python snapshot_download          skipped: ${python.why}`)
    }
    hub.cdnUrl = fakeCdn
  }
  if (runs(4)) {
    // 4. Start with nothing to do: no token, no repos. Both started the same way, in the step's environment, in
    // turns (the machine's state then weighs on both alike), by the Node that runs the action: this one, or the
    // one HF_ACTION_NODE names (Node 24, the runtime users run: node_modules/.cache/node24, as .ci/run installs).
    const startRuns = 20
    const startJob = newJob()
    const bare: number[] = []
    const start: number[] = []
    for (let i = 0; i < startRuns; i++) {
      const step = stepCommand(startJob, 'main', { 'allow-anonymous': 'true', cache: 'false' })
      const options = { env: step.env, cwd: startJob.workspace }
      const [b] = await timed(() => run(ACTION_NODE, ['-e', '0'], options))
      const [a] = await timed(() => run(ACTION_NODE, [step.script], options))
      bare.push(b)
      start.push(a)
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]
    const version = spawnSync(ACTION_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()
    console.log(`\n4. Start with nothing to do, on Node ${version} (median of ${startRuns}, in turns)`)
    console.log(`  node -e 0 (baseline)              ${fmt(median(bare))}`)
    console.log(
      `  node dist/main                    ${fmt(median(start))}   ${(median(start) / median(bare)).toFixed(2)}× the baseline`
    )
  }
  if (runs(5)) {
    // 5. A warm run: the blobs are in the cache; they are re-hashed before reuse and the listing is asked again.
    const warmJob = newJob()
    const inputs = {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: eight.spec.id,
      download: 'true',
      cache: 'false',
      login: 'false'
    }
    const [cold] = await timed(() => runStep(warmJob, 'main', inputs))
    hub.resetStats()
    const [warm] = await timed(() => runStep(warmJob, 'main', inputs))
    console.log(`\n5. Warm run (${eight.names.length} files, ${eight.bytes / MiB} MiB already cached)`)
    console.log(
      `  Hub requests                      ${String(hub.stats.requests).padStart(6)}      (whoami 1, access check 2, listing 1; per-file metadata would add ${eight.names.length} HEADs)`
    )
    console.log(`  content bytes downloaded          ${String(hub.stats.contentBytes).padStart(6)}`)
    console.log(
      `  time, every blob re-hashed        ${fmt(warm)}   ${(cold / warm).toFixed(1)}× faster than the cold run (${fmt(cold).trim()}, baseline)`
    )
  }
  if (runs(6)) {
    // 6. Behind a proxy: squid alone resolves the names the Hub's and the CDN's URLs use.
    if (!hasSquid()) console.log('\n6. Behind a proxy: skipped (no squid)')
    else {
      const cdnAddress = new URL(nginx?.url ?? fakeCdn)
      const squid = await new Squid({
        hosts: { 'hub.test': '127.0.0.1', 'cdn.test': cdnAddress.hostname }
      }).start()
      try {
        const named = `http://hub.test:${new URL(hub.url).port}`
        const proxyEnv = { http_proxy: squid.url, HTTP_PROXY: squid.url }
        const viaNames = `http://cdn.test:${cdnAddress.port}`
        const [direct, proxied, curlProxied] = await contest(
          3,
          async () => {
            hub.cdnUrl = cdnAddress.origin
            await actionPrewarm(eight)
          },
          async () => {
            hub.cdnUrl = viaNames
            await actionPrewarm(eight, named, proxyEnv)
          },
          async () => {
            hub.cdnUrl = viaNames
            await curlDownload(eight, true, named, squid.url)
          }
        )
        hub.cdnUrl = fakeCdn
        console.log(
          `\n6. ${eight.bytes / MiB} MiB in ${eight.names.length} files behind squid (best of 3 each, in turns)`
        )
        line('the action, direct (baseline)', direct, eight.bytes, '')
        line(
          'the action, through squid',
          proxied,
          eight.bytes,
          `${(direct / proxied).toFixed(2)}× the baseline`
        )
        // What squid itself lets through on this machine: the ceiling of any client behind it.
        line(
          'curl --parallel, through squid',
          curlProxied,
          eight.bytes,
          `the action is ${(curlProxied / proxied).toFixed(2)}× curl behind the same proxy`
        )
      } finally {
        await squid.stop()
      }
    }
  }
  for (const which of [7, 8, 9].filter(runs)) {
    // In a process of its own, as the action restores in its own: this one holds the cases' models in memory.
    const tsx = path.join(
      path.dirname(new URL(import.meta.url).pathname),
      '..',
      'node_modules',
      '.bin',
      'tsx'
    )
    const { stdout } = await run(
      tsx,
      [path.join(path.dirname(new URL(import.meta.url).pathname), 'bench-cache.ts'), String(which)],
      {
        maxBuffer: 1 << 24
      }
    )
    process.stdout.write(stdout)
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true })
  await nginx?.stop()
  await hub.stop()
}
