/** End to end: gated-repo checks through dist/, every outcome, the failure/warning switch, output and summary. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { FakeHub } from '../../__fixtures__/fake-hub.js'
import { REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { tokenLeaks } from '../../__fixtures__/leaks.js'
import { newJob, runStep, ending, SUCCEEDED } from '../../__fixtures__/runner.js'

let hub: FakeHub
beforeAll(async () => {
  hub = await startWorld()
})
afterAll(() => hub.stop())

const EVERY_OUTCOME = [
  '# one line per outcome',
  REPOS.public,
  `${REPOS.llama}   *.json`,
  REPOS.notGranted,
  REPOS.private,
  'acme/misspelt-model',
  `${REPOS.public}@v9.9`,
  REPOS.disabled,
  `datasets/${REPOS.dataset}`,
  `spaces/${REPOS.space}`
].join('\n')

describe('access checks', () => {
  it('fails after checking every repo, with one titled error per inaccessible repo and the fix', async () => {
    const main = await runStep(newJob(), 'main', {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: EVERY_OUTCOME,
      cache: 'false'
    })
    expect(main.exitCode).toBe(1)
    const errors = main.commands.filter(c => c.command === 'error')
    expect(errors.map(e => e.properties.title)).toEqual([
      `${REPOS.notGranted}: license not accepted / access not granted`,
      `${REPOS.private}: repository not found`,
      'acme/misspelt-model: repository not found',
      `${REPOS.public}: revision not found`,
      `${REPOS.disabled}: repository disabled`,
      'Hugging Face access check failed'
    ])
    expect(errors[0].message).toContain(`Open ${hub.url}/${REPOS.notGranted} logged in as alice`)
    expect(errors[3].message).toContain('revision "v9.9" does not exist')
    expect(errors[5].message).toContain('5 of 9 repo(s)')

    const repos = JSON.parse(main.outputs.repos) as Record<string, unknown>[]
    expect(repos.map(r => [r.type, r.id, r.revision, r.access, r.gated])).toEqual([
      ['model', REPOS.public, 'main', 'granted', false],
      ['model', REPOS.llama, 'main', 'granted', 'manual'],
      ['model', REPOS.notGranted, 'main', 'gated', 'auto'],
      ['model', REPOS.private, 'main', 'not-found', false],
      ['model', 'acme/misspelt-model', 'main', 'not-found', false],
      ['model', REPOS.public, 'v9.9', 'revision-not-found', false],
      ['model', REPOS.disabled, 'main', 'disabled', false],
      ['dataset', REPOS.dataset, 'main', 'granted', false],
      ['space', REPOS.space, 'main', 'granted', false]
    ])
    expect(repos[0].commit).toMatch(/^[0-9a-f]{40}$/)
    expect(repos[2].commit).toBe(hub.repos.get(`model:${REPOS.notGranted}`)!.branches.main)

    // The summary table: repo, type, revision → short commit, gated, access with the license link.
    expect(main.summary).toContain(
      '<th>Repo</th><th>Type</th><th>Revision → commit</th><th>Gated</th><th>Access</th>'
    )
    expect(main.summary).toContain(`<a href="${hub.url}/${REPOS.notGranted}">accept the license</a>`)
    expect(main.summary).toContain(
      `<a href="${hub.url}/datasets/${REPOS.dataset}">datasets/${REPOS.dataset}</a>`
    )
    expect(tokenLeaks([main], TOKENS.alice)).toEqual([])
  })

  it('with require-access: false, problems are warnings and the step succeeds', async () => {
    const main = await runStep(newJob(), 'main', {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: EVERY_OUTCOME,
      'require-access': 'false',
      cache: 'false'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.commands.filter(c => c.command === 'error')).toEqual([])
    expect(main.commands.filter(c => c.command === 'warning').map(w => w.properties.title)).toHaveLength(5)
  })

  it('refuses a malformed line before anything is sent to the Hub', async () => {
    hub.resetStats()
    const main = await runStep(newJob(), 'main', {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: `${REPOS.public}\n\nmeta-llama/Llama-3-8B!`
    })
    expect(main.exitCode).toBe(1)
    const [error] = main.commands.filter(c => c.command === 'error')
    expect(error.properties.title).toBe('Invalid input "repos"')
    expect(error.message).toContain('line 3 ("meta-llama/Llama-3-8B!")')
    expect(hub.stats.requests).toBe(0)
  })

  it('waits out a 429 as the Hub asks, warns about the rate limit, and succeeds', async () => {
    hub.faults.rateLimit.set(`/api/models/${REPOS.rateLimited}/auth-check`, 1)
    const main = await runStep(newJob(), 'main', {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: REPOS.rateLimited,
      cache: 'false'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(JSON.parse(main.outputs.repos)[0].access).toBe('granted')
    const [warning] = main.commands.filter(c => c.command === 'warning')
    expect(warning.properties.title).toBe('Rate limited')
    expect(warning.message).toContain('HTTP 429')
  })

  it('fails with the rate-limit title and what to do when the Hub asks to wait longer than it may', async () => {
    hub.faults.rateLimit.set('/api/whoami-v2', 1)
    hub.faults.retryAfterSeconds = 600
    try {
      const main = await runStep(newJob(), 'main', {
        'hf-token': TOKENS.alice,
        endpoint: hub.url,
        cache: 'false'
      })
      expect(main.exitCode).toBe(1)
      const [error] = main.commands.filter(c => c.command === 'error')
      expect(error.properties.title).toBe('Hugging Face Hub rate limit')
      expect(error.message).toContain('it asks to wait 600 s')
      expect(error.message).toContain('Re-run the job later')
    } finally {
      hub.faults.rateLimit.clear()
      hub.faults.retryAfterSeconds = 1
    }
  })

  it('offline without download: exports HF_HUB_OFFLINE and warns that the cache must hold every file', async () => {
    const main = await runStep(newJob(), 'main', {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: REPOS.public,
      offline: 'true',
      cache: 'false'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.exportedEnv.HF_HUB_OFFLINE).toBe('1')
    const [warning] = main.commands.filter(c => c.command === 'warning')
    expect(warning.message).toContain('offline: true without download: true relies on the restored cache')
  })
})
