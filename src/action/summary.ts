/** The job summary: who is authenticated, each repo's access, the cache. Never the token. */
import * as core from '@actions/core'
import { formatBytes } from '../shared/format.js'
import type { Identity } from '../auth/identity.js'
import { repoLabel } from '../hub/repo-spec.js'
import { summaryText } from '../shared/safe-text.js'
import type { SavedEntry } from '../actions-cache/save.js'
import type { CacheReport, EntryState } from '../actions-cache/types.js'
import type { RepoReport } from './report.js'

export interface SummaryInput {
  endpoint: string
  identity?: Identity
  /** A token from the keyless exchange: for what, and until when. */
  keyless?: { resource: string; expiresAt: Date }
  repos: RepoReport[]
  cache?: CacheReport
  hubCache: string
  offline: boolean
}

const ACCESS_LABEL: Record<RepoReport['access'], string> = {
  granted: '✅ granted',
  gated: '⛔ not granted',
  'not-found': '❓ not found',
  'revision-not-found': '❓ revision not found',
  disabled: '🚫 disabled',
  unauthenticated: '🔒 token needed',
  error: '⚠️ error'
}

function accessCell(status: RepoReport): string {
  const label = ACCESS_LABEL[status.access]
  if (status.access === 'gated' || status.access === 'unauthenticated') {
    return `${label} — <a href="${summaryText(status.url)}">accept the license</a>`
  }
  return label
}

/** Bytes fetched, time and throughput of a repo's pre-warm (a cached repo fetched nothing). */
function transferCells(r: RepoReport): string[] {
  if (r.downloadedBytes === undefined || r.seconds === undefined) return ['—', '—', '—']
  const rate =
    r.downloadedBytes > 0 ? `${formatBytes(r.downloadedBytes / Math.max(r.seconds, 0.001))}/s` : '—'
  return [formatBytes(r.downloadedBytes), `${r.seconds.toFixed(1)} s`, rate]
}

export function buildSummary(input: SummaryInput): typeof core.summary {
  const s = core.summary.addHeading('🤗 Hugging Face', 2)
  s.addTable([
    [
      { data: 'Hub', header: true },
      { data: 'Value', header: true }
    ],
    ['Endpoint', summaryText(input.endpoint)],
    ...whoRows(input),
    ['Hub cache', `<code>${summaryText(input.hubCache)}</code>`],
    ['Offline mode for later steps', input.offline ? 'yes (HF_HUB_OFFLINE=1)' : 'no']
  ])
  if (input.repos.length > 0) addReposTable(s, input.repos)
  if (input.cache) addCacheTable(s, input.cache)
  return s
}

/** Who the token is (whoami's account, orgs and role), and a keyless token's resource and expiry. */
function whoRows({ identity, keyless }: SummaryInput): string[][] {
  const who = identity
    ? [
        ['Account', summaryText(identity.name)],
        ['Organizations', summaryText(identity.orgs.join(', ') || '—')],
        ['Token role', summaryText(identity.role || 'unknown')]
      ]
    : keyless
      ? [['Account', 'not reported by whoami for this token']]
      : [['Account', 'anonymous (no token)']]
  if (keyless) {
    who.push([
      'Token',
      `keyless (Trusted Publishers) for ${summaryText(keyless.resource)}, valid until ${keyless.expiresAt.toISOString()}`
    ])
  }
  return who
}

/** One row a listed repo: its access and commit, and what the pre-warm fetched when one ran; then the problems. */
function addReposTable(s: typeof core.summary, repos: RepoReport[]): void {
  const downloaded = repos.some(r => r.files !== undefined)
  s.addHeading('Repositories', 3)
  s.addTable([
    [
      'Repo',
      'Type',
      'Revision → commit',
      'Gated',
      'Access',
      ...(downloaded ? ['Files', 'Size', 'Downloaded', 'Time', 'Throughput'] : [])
    ].map(h => ({ data: h, header: true })),
    ...repos.map(r => [
      `<a href="${summaryText(r.url)}">${summaryText(repoLabel(r.spec))}</a>`,
      summaryText(r.spec.type),
      `${summaryText(r.spec.revision)} → ${r.commit ? `<code>${r.commit.slice(0, 7)}</code>` : '—'}`,
      r.gated ? summaryText(r.gated) : 'no',
      accessCell(r),
      ...(downloaded
        ? [
            r.files === undefined ? '—' : String(r.files),
            r.bytes === undefined ? '—' : formatBytes(r.bytes),
            ...transferCells(r)
          ]
        : [])
    ])
  ])
  const problems = repos.filter(r => r.message)
  if (problems.length > 0)
    s.addList(problems.map(r => summaryText(`${repoLabel(r.spec)}: ${r.message}`, 2000)))
}

/** What the restore found of an entry; of another entry of the repo, which one. */
function restoredCell(e: EntryState): string {
  if (e.restored === 'exact') return 'exact hit'
  if (e.restored === 'none') return 'none'
  return `another entry of the repo: <code>${summaryText(e.matchedKey ?? '')}</code>`
}

/** The cells that name an entry: the repo (and whether a later step added it), its commit, its key. */
function entryCells(entry: EntryState, key: string): string[] {
  return [
    summaryText(`${repoLabel(entry)}${entry.listed ? '' : ' (added by a later step)'}`),
    `<code>${summaryText(entry.commit.slice(0, 7))}</code>`,
    `<code>${summaryText(key)}</code>`
  ]
}

/** One row an entry: the repo at its commit, its key, and what the restore found. */
function addCacheTable(s: typeof core.summary, c: CacheReport): void {
  s.addHeading('Cache', 3)
  if (c.note !== undefined) s.addRaw(`<p>${summaryText(c.note)}</p>`, true)
  const rows = c.entries.map(e => [...entryCells(e, e.key), restoredCell(e)])
  s.addTable([['Repo', 'Commit', 'Entry', 'Restored'].map(data => ({ data, header: true })), ...rows])
  const index = c.matchedKey ? `<code>${summaryText(c.matchedKey)}</code>` : 'none yet'
  s.addRaw(`<p>Index of this job's entries: ${index}</p>`, true)
}

const SAVED: Record<SavedEntry['outcome'], string> = {
  hit: 'exact hit: not saved again',
  saved: 'saved',
  exists: 'already saved by another job',
  missing: 'not in the hub cache: nothing to save',
  refused: 'not saved (see the warning)',
  skipped: 'not saved: the cache service was not asked (see the warning)'
}

/** Post's part of the job summary: what became of each entry. */
export async function writeSaveSummary(saved: SavedEntry[]): Promise<void> {
  if (!saved.length) return
  await core.summary
    .addHeading('Cache saved', 3)
    .addTable([
      ['Repo', 'Commit', 'Entry', 'Saved'].map(data => ({ data, header: true })),
      ...saved.map(({ entry, key, outcome }) => [...entryCells(entry, key), SAVED[outcome]])
    ])
    .write()
}
