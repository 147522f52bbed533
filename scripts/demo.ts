/**
 * `npm run demo`: runs the committed bundle exactly as the GitHub runner does (node dist/…, INPUT_*, the
 * file commands, then the post step) against an embedded Hub and Actions cache service, and prints what a
 * user sees: the log, the outputs and the job summary. Three runs of one workflow:
 *   1. cold: a granted gated model, one whose license is not accepted (a warning here), pre-warm, cache saved;
 *   2. a new machine: exact cache hit, zero bytes downloaded, later steps offline;
 *   3. require-access: true with the not-granted model: the step fails with the fix;
 *   4. keyless: no secret, the job's GitHub id token exchanged for a one-hour token (Trusted Publishers).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FakeCacheService } from '../__fixtures__/fake-cache-service.js'
import { DEFAULT_JOB, FakeGitHubOidc } from '../__fixtures__/fake-github-oidc.js'
import { REPOS, startWorld, TOKENS } from '../__fixtures__/hub-world.js'
import { bold, dim, renderLog, renderOutputs, renderSummary } from '../__fixtures__/render.js'
import { freshMachine, runAction, type StepResult } from '../__fixtures__/runner.js'

const hub = await startWorld({ weightBytes: 8 * 1024 * 1024 })
const cache = await new FakeCacheService().start()
const github = await new FakeGitHubOidc().start()
hub.publishers.push({
  resource: 'alice',
  repository: DEFAULT_JOB.repository,
  branch: 'main',
  workflow: 'ci.yml'
})
const machine = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-auth-demo-'))

const workflow = {
  'hf-token': TOKENS.alice,
  endpoint: hub.url,
  repos: [`${REPOS.llama} *.json *.safetensors`, REPOS.notGranted, `datasets/${REPOS.dataset}`].join('\n'),
  download: 'true',
  offline: 'true',
  'require-access': 'false'
}

function show(title: string, step: StepResult, withSummary = true): void {
  console.log(`\n${bold(`── ${title} `.padEnd(100, '─'))}`)
  console.log(renderLog(step))
  console.log(dim(`(exit code ${step.exitCode})`))
  if (Object.keys(step.outputs).length) console.log(`\n${bold('Outputs')}\n${renderOutputs(step)}`)
  if (withSummary && step.summary) console.log(`\n${bold('Job summary')}\n${renderSummary(step.summary)}`)
}

try {
  console.log(bold('hf-auth-action demo'))
  console.log(`Embedded Hub at ${hub.url} (LFS files served by a CDN on another host, ${hub.cdnUrl}),`)
  console.log(`Actions cache service at ${cache.url}; the runner's machine lives in ${machine}.`)
  console.log(`\n${bold('The workflow step')}\n  - uses: ./\n    with:`)
  for (const [k, v] of Object.entries(workflow)) {
    const value =
      k === 'hf-token'
        ? '${{ secrets.HF_TOKEN }}'
        : k === 'endpoint'
          ? v
          : v.includes('\n')
            ? `|\n${v.replace(/^/gm, '        ')}`
            : v
    console.log(`      ${k}: ${value}`)
  }

  hub.resetStats()
  let job = freshMachine(machine, cache.env())
  let run = await runAction(job, workflow)
  show('Run 1 — cold cache: check, pre-warm (main step)', run.main)
  show('Run 1 — post step: remove the token file, save the cache', run.post, false)
  console.log(
    dim(
      `Hub sent ${(hub.stats.contentBytes / 1e6).toFixed(1)} MB of file content; the CDN saw ${hub.stats.cdnAuthorizations.length} Authorization headers.`
    )
  )

  hub.resetStats()
  job = freshMachine(machine, cache.env())
  run = await runAction(job, workflow)
  show('Run 2 — a new machine, same workflow: cache hit (main step)', run.main)
  show('Run 2 — post step', run.post, false)
  console.log(
    dim(
      `Hub sent ${hub.stats.contentBytes} bytes of file content and answered ${hub.stats.requests} requests.`
    )
  )
  console.log(
    dim(
      `Later steps get: ${Object.entries(run.main.exportedEnv)
        .filter(([k]) => k !== 'HF_TOKEN')
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')} HF_TOKEN=***`
    )
  )

  job = freshMachine(machine, cache.env())
  run = await runAction(job, {
    ...workflow,
    'require-access': 'true',
    download: 'false',
    repos: `${REPOS.llama}\n${REPOS.notGranted}`
  })
  show('Run 3 — require-access: true and a license that was never accepted', run.main)

  console.log(
    `\n${bold('Run 4 — keyless')}: the job has permissions: id-token: write, and the account alice has a CI/CD identity for ${DEFAULT_JOB.repository} (branch main, workflow ci.yml); no secret.\n  - uses: ./\n    with:\n      oidc-resource: alice\n      repos: ${REPOS.llama} *.json`
  )
  job = freshMachine(machine, { ...cache.env(), ...github.env() })
  run = await runAction(job, {
    endpoint: hub.url,
    'oidc-resource': 'alice',
    repos: `${REPOS.llama} *.json`,
    download: 'true'
  })
  show('Run 4 — keyless (main step)', run.main)
} finally {
  await hub.stop()
  await cache.stop()
  await github.stop()
  fs.rmSync(machine, { recursive: true, force: true })
}
