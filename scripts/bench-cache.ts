/**
 * `npm run bench`, case 7 (run by bench.ts in a process of its own): the cache. 20 repos restored as 20 per-repo
 * entries (all exact hits) against the same bytes as one entry, both merged into the hub cache with every blob
 * hashed, through the real @actions/cache and the local cache service: time and service calls. Then two workflows
 * with a model each, run a, b, a, b by the bundled action: the bytes the service stores against the unique bytes.
 * The service runs in a process of its own: the archives it holds in memory must not make the measured
 * process bigger (every child process tar and zstd need costs more in a bigger process).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn } from 'node:child_process'
import readline from 'node:readline'
import { bytes, fakeCommit, FakeHub } from '../__fixtures__/fake-hub.js'
import { buildWorld, TOKENS } from '../__fixtures__/hub-world.js'
import { downloadLikePython } from '../__fixtures__/python-layout.js'
import { freshMachine, runAction } from '../__fixtures__/runner.js'
import { contest, line, MiB } from './bench-lib.js'

/** The service's process: its job environment, and what it counts. */
interface ServiceProcess {
  env: Record<string, string>
  stats(): Promise<{ calls: number; storedBytes: number }>
  stop(): void
}

async function startService(): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, '..', '__fixtures__', 'fake-cache-service-process.ts')
    ],
    {
      stdio: ['pipe', 'pipe', 'inherit']
    }
  )
  const lines = readline.createInterface({ input: child.stdout })
  const first = await new Promise<string>(resolve => lines.once('line', resolve))
  const env = JSON.parse(first) as Record<string, string>
  return {
    env,
    stats: async () =>
      (await fetch(`${env.ACTIONS_RESULTS_URL}_stats`)).json() as Promise<{
        calls: number
        storedBytes: number
      }>,
    stop: () => child.stdin.end()
  }
}

/** Rounds of the contest: restoring 80 MiB takes under a second, so a few more rounds cost little. */
const ROUNDS = 5
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-auth-bench-cache-'))
const service = await startService()
try {
  await cacheEntries()
} finally {
  fs.rmSync(scratch, { recursive: true, force: true })
  service.stop()
}

/** Case 7 (see the header). */
async function cacheEntries(): Promise<void> {
  const saved = { ...process.env }
  fs.writeFileSync(path.join(scratch, 'outputs'), '')
  Object.assign(process.env, service.env, {
    RUNNER_TEMP: fs.mkdtempSync(path.join(scratch, 'temp-')),
    GITHUB_WORKSPACE: scratch,
    GITHUB_OUTPUT: path.join(scratch, 'outputs')
  })
  try {
    const { restoreStep } = await import('../src/actions-cache/restore.js')
    const { saveOne } = await import('../src/actions-cache/entries.js')
    const { entryKey } = await import('../src/actions-cache/keys.js')
    const { restoreEntry, saveEntry } = await import('../src/actions-cache/service.js')
    const { mergeStage } = await import('../src/hub-cache/entry-merge.js')
    const { removeStage, stagePath, stageSnapshot } = await import('../src/hub-cache/entry-stage.js')
    const hubCache = path.join(scratch, 'entries-hub')
    const commit = fakeCommit('entries')
    const ids = Array.from({ length: 20 }, (_, i) => `bench/model-${i}`)
    const repoBytes = 4 * MiB
    for (const id of ids) {
      downloadLikePython(hubCache, `models--${id.replace('/', '--')}`, commit, {
        'config.json': { content: Buffer.from(JSON.stringify({ id })), lfs: false },
        'model.safetensors': { content: bytes(id, repoBytes), lfs: true }
      })
    }
    const entry = (id: string) => ({
      type: 'model' as const,
      id,
      commit,
      key: entryKey('model', id, commit, { globs: [] }),
      listed: true,
      restored: 'none' as const
    })
    // The contenders' entries: one per repo, and one holding all 20 (the stages put side by side).
    const quiet = <T>(work: () => Promise<T>) => withoutStdout(work)
    await quiet(async () => {
      for (const id of ids) await saveOne(hubCache, entry(id), entry(id).key)
    })
    const all = stagePath(hubCache, 'all-repos')
    for (const id of ids) {
      const folder = `models--${id.replace('/', '--')}`
      const stage = stagePath(hubCache, folder)
      await stageSnapshot(hubCache, stage, folder, commit)
      fs.cpSync(stage, all, { recursive: true, verbatimSymlinks: true, force: false })
      await removeStage(hubCache, stage)
    }
    await quiet(() => saveEntry(all, 'bench-one-entry'))
    const granted = ids.map(id => ({
      spec: { type: 'model' as const, id, revision: 'main', globs: [], line: 1 },
      commit
    }))
    const calls = { perRepo: 0, one: 0 }
    const [perRepo, one] = await contest(
      ROUNDS,
      async () => {
        fs.rmSync(hubCache, { recursive: true, force: true })
        const before = (await service.stats()).calls
        const { report } = await quiet(() =>
          restoreStep({ cacheKey: 'bench', hubCache, saveCache: false, download: false }, granted)
        )
        if (!report.hit) throw new Error('case 7: the per-repo entries were not all exact hits')
        calls.perRepo = (await service.stats()).calls - before
      },
      async () => {
        fs.rmSync(hubCache, { recursive: true, force: true })
        const before = (await service.stats()).calls
        await quiet(async () => {
          const found = await restoreEntry(all, 'bench-one-entry', [])
          if (!found.hit) throw new Error('case 7: the one entry was not restored')
          for (const id of ids) await mergeStage(hubCache, all, 'model', id)
          await removeStage(hubCache, all)
        })
        calls.one = (await service.stats()).calls - before
      }
    )
    const total = ids.length * repoBytes
    console.log(
      `\n7. The cache: ${ids.length} repos, ${total / MiB} MiB, all exact hits (best of ${ROUNDS} each, in turns)`
    )
    line('one entry holding all (baseline)', one, total, `${calls.one} cache-service call(s)`)
    line(
      `${ids.length} per-repo entries`,
      perRepo,
      total,
      `${(perRepo / one).toFixed(2)}× the baseline's time (goal ≤ 1.5×), ${calls.perRepo} cache-service calls`
    )
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  }
  await twoWorkflows()
}

/** Two workflows with a model each, run a, b, a, b on fresh machines: what the service stores. */
async function twoWorkflows(): Promise<void> {
  const hub = buildWorld(await new FakeHub().start())
  try {
    await runTwoWorkflows(hub)
  } finally {
    await hub.stop()
  }
}

async function runTwoWorkflows(hub: FakeHub): Promise<void> {
  const before = (await service.stats()).storedBytes
  const models = ['a', 'b'].map(name => {
    const id = `bench/workflow-${name}`
    const weights = bytes(id, 8 * MiB)
    const c = fakeCommit(id)
    hub.addRepo({
      type: 'model',
      id,
      branches: { main: c },
      commits: { [c]: { 'model.safetensors': { content: weights, lfs: true } } }
    })
    return { name, id, bytes: weights.length }
  })
  const machineDir = path.join(scratch, 'machine')
  let fetched = 0
  for (const [round, { name, id }] of [...models, ...models].entries()) {
    const job = freshMachine(machineDir, {
      ...service.env,
      GITHUB_WORKFLOW_REF: `acme/app/.github/workflows/${name}.yml@refs/heads/main`,
      GITHUB_JOB: 'test'
    })
    hub.resetStats()
    const { main, post } = await runAction(job, {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: id,
      download: 'true'
    })
    if (main.exitCode !== 0 || post.exitCode !== 0) throw new Error(`case 7: run ${round + 1} failed`)
    if (round >= 2) fetched += hub.stats.contentBytes
  }
  const unique = models.reduce((sum, m) => sum + m.bytes, 0)
  const stored = (await service.stats()).storedBytes - before
  console.log(
    `\n   Two workflows with a model each (${unique / MiB} MiB unique), run a, b, a, b on fresh machines`
  )
  console.log(
    `  bytes stored by the cache service   ${(stored / MiB).toFixed(2)} MiB   ${(stored / unique).toFixed(3)}× the unique bytes (goal ≤ 1.1×)`
  )
  console.log(`  content bytes fetched in runs 3, 4  ${fetched}`)
}

/** Runs `work` with the toolkit's progress lines (and ours) kept out of the bench's output. */
async function withoutStdout<T>(work: () => Promise<T>): Promise<T> {
  const write = process.stdout.write
  process.stdout.write = (() => true) as typeof process.stdout.write
  try {
    return await work()
  } finally {
    process.stdout.write = write
  }
}
