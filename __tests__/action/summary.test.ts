/** The job summary, as the runner shows it: who, each repo, the cache; every value from outside escaped. */
import { beforeEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { summary } from '@actions/core'
import { buildSummary, writeSaveSummary } from '../../src/action/summary.js'
import type { RepoReport } from '../../src/action/report.js'
import type { SavedEntry } from '../../src/actions-cache/save.js'
import type { EntryState } from '../../src/actions-cache/types.js'
import { parseRepoSpecs } from '../../src/hub/repo-spec.js'

// The toolkit's summary keeps the first file it wrote to: one file for the suite, emptied before each test.
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-summary-')), 'summary.md')
process.env.GITHUB_STEP_SUMMARY = file
const written = () => fs.readFileSync(file, 'utf8')

const C = 'c'.repeat(40)
const [one, gated] = parseRepoSpecs('acme/one\ndatasets/acme/gated@v1')
const repo = (over: Partial<RepoReport>): RepoReport => ({
  spec: one,
  access: 'granted',
  commit: C,
  gated: false,
  url: 'https://hub.example/acme/one',
  message: '',
  ...over
})
const entry = (over: Partial<EntryState>): EntryState => ({
  type: 'model',
  id: 'acme/one',
  commit: C,
  key: 'hf-hub-v2/k1',
  listed: true,
  restored: 'exact',
  ...over
})
const base = { endpoint: 'https://hub.example', hubCache: '/hf/hub', offline: false }

beforeEach(() => {
  fs.writeFileSync(file, '')
  summary.emptyBuffer()
})

describe('buildSummary', () => {
  it('names the account, its orgs and role, the hub cache and offline mode', async () => {
    const identity = { name: 'alice', type: 'user', orgs: ['acme', 'b<i>'], role: 'read' }
    await buildSummary({ ...base, identity, repos: [], offline: true }).write()
    const text = written()
    expect(text).toContain('<td>Account</td><td>alice</td>')
    expect(text).toContain('<td>Organizations</td><td>acme, b&#60;i&#62;</td>')
    expect(text).toContain('<td>Token role</td><td>read</td>')
    expect(text).toContain('<code>/hf/hub</code>')
    expect(text).toContain('yes (HF_HUB_OFFLINE=1)')
    expect(text).not.toContain('Repositories')
  })

  it('says what it knows of a keyless token, and of none', async () => {
    const expiresAt = new Date('2026-12-06T12:00:00Z')
    await buildSummary({ ...base, keyless: { resource: 'acme/one', expiresAt }, repos: [] }).write()
    expect(written()).toContain('not reported by whoami for this token')
    expect(written()).toContain(
      'keyless (Trusted Publishers) for acme/one, valid until 2026-12-06T12:00:00.000Z'
    )
    fs.writeFileSync(file, '')
    await buildSummary({ ...base, repos: [] }).write()
    expect(written()).toContain('anonymous (no token)')
    expect(written()).toContain('<td>Offline mode for later steps</td><td>no</td>')
  })

  it('has one row a repo, the pre-warm’s figures when one ran, and the problems with their fix', async () => {
    const fetched = repo({ files: 3, bytes: 3_000_000, downloadedBytes: 2_000_000, seconds: 2 })
    const cached = repo({
      spec: { ...one, id: 'acme/cached' },
      files: 1,
      bytes: 10,
      downloadedBytes: 0,
      seconds: 0
    })
    const denied = repo({
      spec: gated,
      access: 'gated',
      commit: undefined,
      gated: 'manual',
      url: 'https://hub.example/datasets/acme/gated',
      message: 'accept <the> license'
    })
    await buildSummary({ ...base, repos: [fetched, cached, denied] }).write()
    const text = written()
    expect(text).toContain(`main → <code>${C.slice(0, 7)}</code>`)
    expect(text).toContain('<td>3</td><td>3.0 MB</td><td>2.0 MB</td><td>2.0 s</td><td>1.0 MB/s</td>')
    expect(text).toContain('<td>1</td><td>10 B</td><td>0 B</td><td>0.0 s</td><td>—</td>')
    expect(text).toContain('v1 → —')
    expect(text).toContain('<td>manual</td>')
    expect(text).toContain(
      '⛔ not granted — <a href="https://hub.example/datasets/acme/gated">accept the license</a>'
    )
    expect(text).toContain('<li>datasets/acme/gated: accept &#60;the&#62; license</li>')
    // Without a pre-warm, no figures at all.
    fs.writeFileSync(file, '')
    await buildSummary({ ...base, repos: [repo({})] }).write()
    expect(written()).not.toContain('Throughput')
  })

  it('has one row an entry: exact, another entry of the repo (which), or none; the note and the index', async () => {
    const cache = {
      key: 'hf-hub-v2/index/',
      hit: false,
      matchedKey: 'hf-hub-v2/index/abc',
      note: 'a <note>',
      entries: [
        entry({}),
        entry({ id: 'acme/two', restored: 'other', matchedKey: 'hf-hub-v2/older' }),
        entry({ id: 'acme/three', restored: 'none', listed: false })
      ]
    }
    await buildSummary({ ...base, repos: [], cache }).write()
    const text = written()
    expect(text).toContain('<p>a &#60;note&#62;</p>')
    expect(text).toContain('<td>exact hit</td>')
    expect(text).toContain('<td>another entry of the repo: <code>hf-hub-v2/older</code></td>')
    expect(text).toContain('<td>acme/three &#40;added by a later step&#41;</td>')
    expect(text).toContain('<td>none</td>')
    expect(text).toContain("Index of this job's entries: <code>hf-hub-v2/index/abc</code>")
    fs.writeFileSync(file, '')
    await buildSummary({ ...base, repos: [], cache: { ...cache, matchedKey: undefined } }).write()
    expect(written()).toContain("Index of this job's entries: none yet")
  })
  it('is, for one fetched repo and one that needs a token, exactly this', async () => {
    await buildSummary({
      ...base,
      identity: { name: 'alice', type: 'user', orgs: [], role: '' },
      repos: [
        repo({ files: 2, bytes: 2048, downloadedBytes: 1024, seconds: 0.5 }),
        repo({
          spec: gated,
          access: 'unauthenticated',
          commit: undefined,
          gated: 'auto',
          url: 'https://hub.example/datasets/acme/gated',
          message: 'log in'
        })
      ]
    }).write()
    const row = (...cells: string[]) => `<tr>${cells.map(c => `<td>${c}</td>`).join('')}</tr>`
    const head = (...cells: string[]) => `<tr>${cells.map(c => `<th>${c}</th>`).join('')}</tr>`
    const gatedUrl = 'https://hub.example/datasets/acme/gated'
    expect(written()).toBe(
      [
        '<h2>🤗 Hugging Face</h2>',
        `<table>${head('Hub', 'Value')}${row('Endpoint', 'https://hub.example')}${row('Account', 'alice')}${row('Organizations', '—')}${row('Token role', 'unknown')}${row('Hub cache', '<code>/hf/hub</code>')}${row('Offline mode for later steps', 'no')}</table>`,
        '<h3>Repositories</h3>',
        `<table>${head('Repo', 'Type', 'Revision → commit', 'Gated', 'Access', 'Files', 'Size', 'Downloaded', 'Time', 'Throughput')}` +
          row(
            '<a href="https://hub.example/acme/one">acme/one</a>',
            'model',
            `main → <code>${C.slice(0, 7)}</code>`,
            'no',
            '✅ granted',
            '2',
            '2.0 KB',
            '1.0 KB',
            '0.5 s',
            '2.0 KB/s'
          ) +
          row(
            `<a href="${gatedUrl}">datasets/acme/gated</a>`,
            'dataset',
            'v1 → —',
            'auto',
            `🔒 token needed — <a href="${gatedUrl}">accept the license</a>`,
            '—',
            '—',
            '—',
            '—',
            '—'
          ) +
          '</table>',
        '<ul><li>datasets/acme/gated: log in</li></ul>',
        ''
      ].join('\n')
    )
  })
})

describe('writeSaveSummary', () => {
  it('writes nothing when nothing was to be saved, else one row an entry with what became of it', async () => {
    await writeSaveSummary([])
    expect(written()).toBe('')
    await writeSaveSummary([
      { entry: entry({}), key: 'k/partial', outcome: 'saved' },
      { entry: entry({ id: 'acme/two' }), key: 'k2', outcome: 'hit' },
      { entry: entry({ id: 'acme/three' }), key: 'k3', outcome: 'skipped' }
    ])
    const text = written()
    expect(text).toContain('Cache saved')
    expect(text).toContain('<td><code>k/partial</code></td><td>saved</td>')
    expect(text).toContain('<td>exact hit: not saved again</td>')
    expect(text).toContain('not saved: the cache service was not asked (see the warning)')
  })
})

describe('each outcome in words', () => {
  it('names every access answer, with the license link only where a token or acceptance is needed', async () => {
    const answers: [RepoReport['access'], string][] = [
      ['not-found', '❓ not found'],
      ['revision-not-found', '❓ revision not found'],
      ['disabled', '🚫 disabled'],
      ['error', '⚠️ error'],
      ['unauthenticated', '🔒 token needed — <a href="https://hub.example/acme/one">accept the license</a>']
    ]
    await buildSummary({ ...base, repos: answers.map(([access]) => repo({ access })) }).write()
    for (const [, label] of answers) expect(written()).toContain(`<td>${label}</td>`)
  })

  it('names what became of each entry saved', async () => {
    const outcomes: [SavedEntry['outcome'], string][] = [
      ['exists', 'already saved by another job'],
      ['missing', 'not in the hub cache: nothing to save'],
      ['refused', 'not saved (see the warning)']
    ]
    await writeSaveSummary(outcomes.map(([outcome], i) => ({ entry: entry({}), key: `k${i}`, outcome })))
    for (const [, words] of outcomes) expect(written()).toContain(`<td>${words}</td>`)
  })
})
