/** What the user sees of identity and access: log lines, annotations and outputs. */
import * as core from '@actions/core'
import { leastPrivilegeAdvice, type Identity } from '../auth/identity.js'
import type { CacheReport } from '../actions-cache/types.js'
import { repoLabel } from '../hub/repo-spec.js'
import { annotate, logInfo } from '../shared/safe-text.js'
import type { RepoReport } from './report.js'

const ACCESS_TITLE: Record<RepoReport['access'], string> = {
  granted: 'access granted',
  gated: 'license not accepted / access not granted',
  'not-found': 'repository not found',
  'revision-not-found': 'revision not found',
  disabled: 'repository disabled',
  unauthenticated: 'token needed',
  error: 'access check failed'
}

/** `keyless`: the token was just issued by the Hub's exchange, so it is authenticated even without whoami. */
export function reportIdentity(
  identity: Identity | undefined,
  endpoint: string,
  checksRepos: boolean,
  keyless = false
): void {
  core.setOutput('authenticated', identity || keyless ? 'true' : 'false')
  core.setOutput('username', identity?.name ?? '')
  core.setOutput('orgs', identity?.orgs.join(',') ?? '')
  core.setOutput('token-role', identity?.role ?? '')
  if (!identity) return
  const orgs = identity.orgs.length ? ` (orgs: ${identity.orgs.join(', ')})` : ''
  logInfo(
    `Authenticated to ${endpoint} as ${identity.name}${orgs}, token role: ${identity.role || 'unknown'}`
  )
  const advice = leastPrivilegeAdvice(identity, endpoint)
  if (advice) core.warning(advice, { title: 'Token has more rights than CI needs' })
  if (identity.canReadGatedRepos === false && checksRepos) {
    core.warning(
      'This fine-grained token cannot read public gated repos: tick "Read access to contents of all public gated repos you can access" in its settings.'
    )
  }
}

export function logAccess(statuses: RepoReport[]): void {
  for (const s of statuses) {
    const commit = s.commit ? ` (${s.commit.slice(0, 7)})` : ''
    logInfo(`${repoLabel(s.spec)}@${s.spec.revision}: ${s.access}${commit}`)
  }
}

/** One annotation per repo that cannot be read, titled with the repo: errors, or warnings when allowed. */
export function annotateAccess(statuses: RepoReport[], failing: boolean): void {
  for (const status of statuses) {
    if (status.access === 'granted') continue
    const title = `${repoLabel(status.spec)}: ${ACCESS_TITLE[status.access]}`
    annotate(failing ? 'error' : 'warning', status.message, title)
  }
}

/** The `repos` output: one object a listed repo, in the input's order. */
export function setReposOutput(statuses: RepoReport[]): void {
  const repos = statuses.map(s => ({
    type: s.spec.type,
    id: s.spec.id,
    revision: s.spec.revision,
    commit: s.commit ?? null,
    gated: s.gated,
    access: s.access,
    ...(s.files !== undefined ? { files: s.files, bytes: s.bytes } : {}),
    ...(s.path !== undefined ? { path: s.path } : {}),
    ...(s.cache
      ? {
          cache: {
            key: s.cache.key,
            // Named `older` since v1 for any other entry of the repo (README: What is taken of an entry).
            restored: s.cache.restored === 'other' ? 'older' : s.cache.restored,
            'matched-key': s.cache.matchedKey ?? null,
            verified: s.cache.verified
          }
        }
      : {})
  }))
  core.setOutput('repos', JSON.stringify(repos))
}

/**
 * The cache outputs, from what the restore (or, with the Hub down, the stand-in) found: the scope's index prefix,
 * whether every listed repo was an exact hit, and the index restored.
 */
export function setCacheOutputs(report: CacheReport): void {
  core.setOutput('cache-key', report.key)
  core.setOutput('cache-hit', report.hit ? 'true' : 'false')
  core.setOutput('cache-matched-key', report.matchedKey ?? '')
}
