import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { checkRepos } from '../../src/hub/access.js'
import { HubClient } from '../../src/hub/client.js'
import { parseRepoSpecs } from '../../src/hub/repo-spec.js'
import type { FakeHub } from '../../__fixtures__/fake-hub.js'
import { REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'

let hub: FakeHub
beforeAll(async () => {
  hub = await startWorld()
})
afterAll(() => hub.stop())

const fast = { sleep: async () => undefined }

async function check(lines: string, token: string | undefined, account?: string) {
  const client = new HubClient({ endpoint: hub.url, token, ...fast })
  return checkRepos(parseRepoSpecs(lines), { client, account })
}

describe('checkRepos', () => {
  it('classifies every outcome the Hub signals', async () => {
    const result = await check(
      [
        REPOS.public,
        REPOS.llama,
        REPOS.notGranted,
        REPOS.private,
        'acme/does-not-exist',
        `${REPOS.public}@no-such-branch`,
        REPOS.disabled,
        `datasets/${REPOS.dataset}`,
        `spaces/${REPOS.space}`,
        `${REPOS.public}@v1.0`
      ].join('\n'),
      TOKENS.alice,
      'alice'
    )
    expect(result.map(r => [r.spec.id, r.spec.revision, r.access, r.gated])).toEqual([
      [REPOS.public, 'main', 'granted', false],
      [REPOS.llama, 'main', 'granted', 'manual'],
      [REPOS.notGranted, 'main', 'gated', 'auto'],
      [REPOS.private, 'main', 'not-found', false],
      ['acme/does-not-exist', 'main', 'not-found', false],
      [REPOS.public, 'no-such-branch', 'revision-not-found', false],
      [REPOS.disabled, 'main', 'disabled', false],
      [REPOS.dataset, 'main', 'granted', false],
      [REPOS.space, 'main', 'granted', false],
      [REPOS.public, 'v1.0', 'granted', false]
    ])
    expect(result[0].commit).toMatch(/^[0-9a-f]{40}$/)
    expect(result[9].commit).not.toBe(result[0].commit) // the tag resolves to its own commit
    const gated = result[2]
    expect(gated.message).toContain(`${hub.url}/${REPOS.notGranted}`)
    expect(gated.message).toContain('account "alice"')
    expect(gated.message).toContain('accept the license')
    expect(result[5].message).toContain('revision "no-such-branch" does not exist')
    expect(result[7].url).toBe(`${hub.url}/datasets/${REPOS.dataset}`)
  })

  it('tells an anonymous caller that a gated repo needs a token, and that missing may mean private', async () => {
    const [gated, missing, open] = await check(`${REPOS.llama}\n${REPOS.private}\n${REPOS.public}`, undefined)
    expect(gated.access).toBe('unauthenticated')
    expect(gated.message).toContain('no token was sent')
    expect(missing.access).toBe('not-found')
    expect(missing.message).toContain('private and no token was sent')
    expect(open.access).toBe('granted')
  })

  it('rides out a 429 with Retry-After and then succeeds', async () => {
    hub.faults.rateLimit.set(`/api/models/${REPOS.rateLimited}/auth-check`, 1)
    const waits: number[] = []
    const client = new HubClient({
      endpoint: hub.url,
      token: TOKENS.alice,
      sleep: async ms => void waits.push(ms)
    })
    const [status] = await checkRepos(parseRepoSpecs(REPOS.rateLimited), { client })
    expect(status.access).toBe('granted')
    expect(waits).toEqual([1000])
  })

  it('reports a Hub that keeps failing as an error with the status and request id', async () => {
    hub.faults.failAll = 503
    try {
      const client = new HubClient({ endpoint: hub.url, token: TOKENS.alice, attempts: 2, ...fast })
      const [status] = await checkRepos(parseRepoSpecs(REPOS.public), { client })
      expect(status.access).toBe('error')
      expect(status.message).toMatch(/HTTP 503.*request id Root=1-fake-\d+/)
    } finally {
      hub.faults.failAll = 0
    }
  })

  it('checks repos concurrently, within the bound (no timing: the Hub holds answers until enough are in flight)', async () => {
    try {
      const specs = Array.from({ length: 20 }, (_, i) => ({
        ...parseRepoSpecs(REPOS.public)[0],
        line: i + 1
      }))
      const client = new HubClient({ endpoint: hub.url, token: TOKENS.alice, ...fast })
      // Two requests a repo (auth-check and repo info): one repo after another would never reach 21 in flight;
      // the first answers wait until 21 are (or 5 s: then the peak shows the shortfall).
      hub.faults.apiBarrier = 21
      hub.resetStats()
      const result = await checkRepos(specs, { client })
      expect(result.every(r => r.access === 'granted')).toBe(true)
      expect(hub.stats.peakInFlight).toBeGreaterThanOrEqual(21)
      // Bounded: 4 repos at a time is 8 requests; the barrier at 8 fills, and nothing more is ever asked.
      hub.faults.apiBarrier = 8
      hub.resetStats()
      await checkRepos(specs, { client, concurrency: 4 })
      expect(hub.stats.peakInFlight).toBe(8)
    } finally {
      hub.faults.apiBarrier = 0
    }
  })
})
