/**
 * `npm run bench`, cases 7 and 8 (run by bench.ts in a process of its own; `bench-cache.ts 7` or `8` runs one):
 *   7. The cache: 20 repos restored as 20 per-repo entries (all exact hits, each archive vetted as it streams)
 *      against the same bytes as one entry restored by @actions/cache's `restoreCache`, both merged into the hub
 *      cache with every blob hashed, through the local cache service: time and service calls. Then two
 *      workflows with a model each, run a, b, a, b by the bundled action: the bytes the service stores against
 *      the unique bytes.
 *   8. The cache service down (every call answers 500): the bundled action's main and post with 20 listed repos,
 *      against a hand-written `actions/cache` step (the toolkit's `restoreCache`, then `saveCache`) under the same
 *      outage.
 *   9. A warm job (8 repos, every entry an exact hit): this bundle's main against the bundle of an earlier commit
 *      (`BENCH_BASE_REV`, default the last commit before entries were vetted), in turns.
 * The service runs in a process of its own: the archives it holds in memory must not make the measured
 * process bigger (every child process tar and zstd need costs more in a bigger process).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFile, execFileSync, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import readline from 'node:readline'
import { bytes, fakeCommit, FakeHub, type FakeFile } from '../__fixtures__/fake-hub.js'
import { buildWorld, TOKENS } from '../__fixtures__/hub-world.js'
import { downloadLikePython } from '../__fixtures__/python-layout.js'
import {
  ACTION_NODE,
  freshMachine,
  parseFileCommands,
  ROOT,
  runAction,
  runPost,
  runStep,
  stepCommand,
  type StepResult
} from '../__fixtures__/runner.js'
import { contest, line, MiB } from './bench-lib.js'

/** The service's process: its job environment, and what it counts. */
interface ServiceProcess {
  env: Record<string, string>
  stats(): Promise<{ calls: number; storedBytes: number }>
  fault(mode: 'none' | 'error-500'): Promise<unknown>
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
    fault: async mode => (await fetch(`${env.ACTIONS_RESULTS_URL}_fault?mode=${mode}`)).json(),
    stop: () => child.stdin.end()
  }
}

/** The bundled save worker (the action's post starts the one beside it). */
const WORKER = path.join(ROOT, 'dist', 'save-entry', 'index.js')

/** The commit whose bundle case 9 compares with: the last before archives were read and vetted by the action. */
const BASE_REV = process.env.BENCH_BASE_REV ?? '82174b4'

/** Rounds of the contest: restoring 80 MiB takes under a second, so a few more rounds cost little. */
const ROUNDS = 5
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-auth-bench-cache-'))
const service = await startService()
const only = process.argv[2]
try {
  if (!only || only === '7') await cacheEntries()
  if (!only || only === '8') await outage()
  if (!only || only === '9') await warmAgainstBase()
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
    const { saveEntry } = await import('../src/actions-cache/entries.js')
    const { entryKey } = await import('../src/actions-cache/keys.js')
    const { CacheService } = await import('../src/actions-cache/service.js')
    const { saveInWorker } = await import('../src/actions-cache/save-worker.js')
    const { mergeStage } = await import('../src/hub-cache/entry-merge.js')
    const { stageSnapshot } = await import('../src/hub-cache/entry-stage.js')
    const { restoreCache } = await import('@actions/cache')
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
    const saver = await CacheService.open(hubCache, 'saved', { worker: WORKER })
    await quiet(async () => {
      for (const id of ids) await saveEntry(saver, hubCache, entry(id), entry(id).key)
    })
    const all = path.join(scratch, 'all-repos')
    for (const id of ids) {
      const folder = `models--${id.replace('/', '--')}`
      await saver.stages.withStage(
        folder,
        stage => stageSnapshot(hubCache, stage.hub, folder, commit),
        async stage => fs.cpSync(stage.dir, all, { recursive: true, verbatimSymlinks: true, force: false })
      )
    }
    await saver.close()
    await quiet(() => saveInWorker(all, 'bench-one-entry', new AbortController().signal, WORKER))
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
          restoreStep({ cacheKey: 'bench', hubCache, saveCache: false }, granted)
        )
        if (!report.hit) throw new Error('case 7: the per-repo entries were not all exact hits')
        calls.perRepo = (await service.stats()).calls - before
      },
      async () => {
        fs.rmSync(hubCache, { recursive: true, force: true })
        const before = (await service.stats()).calls
        // As before the action read archives itself: the toolkit's `tar -x -P` into a stage, then the merge.
        const stage = path.join(scratch, 'toolkit-stage')
        fs.rmSync(stage, { recursive: true, force: true })
        fs.mkdirSync(stage)
        process.env.GITHUB_WORKSPACE = stage
        await quiet(async () => {
          const found = await restoreCache(['hub'], 'bench-one-entry', [])
          if (found !== 'bench-one-entry') throw new Error('case 7: the one entry was not restored')
          for (const id of ids) await mergeStage(hubCache, path.join(stage, 'hub'), 'model', id)
        })
        fs.rmSync(stage, { recursive: true, force: true })
        calls.one = (await service.stats()).calls - before
      }
    )
    const total = ids.length * repoBytes
    console.log(
      `\n7. The cache: ${ids.length} repos, ${total / MiB} MiB, all exact hits (best of ${ROUNDS} each, in turns)`
    )
    line('one entry, restoreCache (baseline)', one, total, `${calls.one} cache-service call(s)`)
    line(
      `${ids.length} per-repo entries`,
      perRepo,
      total,
      `${(perRepo / one).toFixed(2)}× the baseline's time (goal ≤ 1.5×; 1.4× before archives were vetted), ${calls.perRepo} cache-service calls`
    )
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  }
  await twoWorkflows()
}

/** The world's fake Hub, with a model for each of `ids` at a commit of its own holding `files(id)`. */
async function hubWith(ids: string[], files: (id: string) => Record<string, FakeFile>): Promise<FakeHub> {
  const hub = buildWorld(await new FakeHub().start())
  for (const id of ids) {
    const c = fakeCommit(id)
    hub.addRepo({ type: 'model', id, branches: { main: c }, commits: { [c]: files(id) } })
  }
  return hub
}

/** Case 8 (see the header): one round each, in turns; a retry cycle is mostly waiting, not work. */
async function outage(): Promise<void> {
  const ids = Array.from({ length: 20 }, (_, i) => `bench/outage-${i}`)
  const hub = await hubWith(ids, id => ({
    'config.json': { content: Buffer.from(JSON.stringify({ id })), lfs: false }
  }))
  const saved = { ...process.env }
  const dir = path.join(scratch, 'outage')
  fs.mkdirSync(path.join(dir, 'hub'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'hub', 'file'), 'x')
  Object.assign(process.env, service.env, {
    RUNNER_TEMP: fs.mkdtempSync(path.join(scratch, 'temp-')),
    GITHUB_WORKSPACE: dir
  })
  try {
    const { restoreCache, saveCache } = await import('@actions/cache')
    const job = freshMachine(path.join(scratch, 'outage-job'), service.env)
    const inputs = { 'hf-token': TOKENS.alice, endpoint: hub.url, repos: ids.join('\n'), download: 'false' }
    await service.fault('error-500')
    let main: StepResult | undefined
    const [handRestore, ourMain] = await contest(
      1,
      () => withoutStdout(() => restoreCache(['hub'], 'bench-outage', ['bench-'])),
      async () => {
        main = await runStep(job, 'main', inputs)
      }
    )
    // The toolkit finds its paths from the working directory, as a step's are found from the workspace.
    const cwd = process.cwd()
    process.chdir(dir)
    const [handSave, ourPost] = await contest(
      1,
      () => withoutStdout(() => saveCache(['hub'], `bench-outage-${Date.now()}`)),
      () => runPost(job, main!, inputs)
    ).finally(() => process.chdir(cwd))
    console.log(`\n8. The cache service down (every call answers 500), ${ids.length} listed repos`)
    line('actions/cache restore (baseline)', handRestore, 0, 'one restore key, retried by the toolkit')
    line('main', ourMain, 0, `${(ourMain / handRestore).toFixed(2)}× the baseline (goal ≤ 1.5×)`)
    line('actions/cache save (baseline)', handSave, 0, 'one save, retried by the toolkit')
    line('post', ourPost, 0, `${(ourPost / handSave).toFixed(2)}× the baseline (goal ≤ 1.5×)`)
  } finally {
    await service.fault('none')
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
    await hub.stop()
  }
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

/** Case 9 (see the header). */
async function warmAgainstBase(): Promise<void> {
  const base = path.join(scratch, 'base')
  fs.mkdirSync(base)
  execFileSync('sh', ['-c', `git -C "$0" archive ${BASE_REV} dist action.yml | tar -x -C "$1"`, ROOT, base])
  const ids = Array.from({ length: 8 }, (_, i) => `bench/warm-${i}`)
  const hub = await hubWith(ids, id => ({
    'config.json': { content: Buffer.from(JSON.stringify({ id })), lfs: false },
    'model.safetensors': { content: bytes(id, 8 * MiB), lfs: true }
  }))
  const inputs = { 'hf-token': TOKENS.alice, endpoint: hub.url, repos: ids.join('\n'), download: 'true' }
  try {
    for (const root of [base, ROOT]) {
      const dir = path.join(scratch, `warm-${root === base ? 'base' : 'now'}`)
      // The cold run saves the entries; its post needs its main's machine, so both run on one.
      const job = freshMachine(dir, service.env)
      const main = await runStepOf(root, job, 'main', inputs)
      await runStepOf(root, job, 'post', inputs, main.state)
    }
    const warm = (root: string, dir: string) => async () => {
      const { outputs } = await runStepOf(root, freshMachine(dir, service.env), 'main', inputs)
      if (outputs['cache-hit'] !== 'true') throw new Error(`case 9: ${root}'s warm run was no hit`)
    }
    const [before, now] = await contest(
      3,
      warm(base, path.join(scratch, 'warm-base')),
      warm(ROOT, path.join(scratch, 'warm-now'))
    )
    console.log(`\n9. A warm job, 8 repos of 8 MiB, every entry an exact hit (best of 3 each, in turns)`)
    line(`the bundle of ${BASE_REV} (baseline)`, before, 8 * 8 * MiB, 'restored by @actions/cache')
    line(
      'this bundle',
      now,
      8 * 8 * MiB,
      `${(now / before).toFixed(2)}× the baseline (goal ≤ 1.1×), each archive vetted as it streams`
    )
  } finally {
    await hub.stop()
  }
}

/** One step of the bundle under `root` in `job` (the runner's way: its file commands, its state). */
async function runStepOf(
  root: string,
  job: ReturnType<typeof freshMachine>,
  entry: 'main' | 'post',
  inputs: Record<string, string>,
  state: Record<string, string> = {}
): Promise<{ state: Record<string, string>; outputs: Record<string, string> }> {
  const stateEnv: Record<string, string> = {}
  for (const [name, value] of Object.entries(state)) stateEnv[`STATE_${name}`] = value
  const { env, files } = stepCommand(job, entry, inputs, stateEnv)
  // Not spawnSync: the fake Hub answers from this process.
  await promisify(execFile)(ACTION_NODE, [path.join(root, 'dist', entry, 'index.js')], {
    env,
    cwd: job.workspace,
    maxBuffer: 1 << 26
  }).catch((error: { stdout?: string }) => {
    throw new Error(`case 9: ${entry} of ${root} failed:\n${error.stdout}`)
  })
  return {
    state: parseFileCommands(fs.readFileSync(files.state, 'utf8')),
    outputs: parseFileCommands(fs.readFileSync(files.output, 'utf8'))
  }
}
