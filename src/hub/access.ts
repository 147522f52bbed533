/**
 * Access checks for the listed repos: resolve each revision to its commit and ask the Hub whether the
 * token may read the repo, then say what is wrong in words that tell the user what to do.
 *
 * `@huggingface/hub`'s `checkRepoAccess` is not used: it asks the repo-info endpoint, which answers 200
 * for a gated repo the token cannot read, and its HubApiError drops the `X-Error-Code` header that tells
 * a gated repo from a missing one. We call `/auth-check` (as Python `auth_check` does) and read the headers.
 */
import pLimit from 'p-limit'
import { describeHubError, isHubDown, type HubErrorInfo } from './errors.js'
import type { HubClient } from './client.js'
import type { RepoSpec } from './repo-spec.js'
import { repoApiPath, repoPageUrl } from './urls.js'
import { errorMessage, HubResponseError } from '../shared/errors.js'
import { isHex40, isRecord } from '../shared/shape.js'

export type Access =
  'granted' | 'gated' | 'not-found' | 'revision-not-found' | 'disabled' | 'unauthenticated' | 'error'

/** What the Hub says of one listed repo: may the token read it, at which commit, and if not, why. */
export interface AccessStatus {
  spec: RepoSpec
  access: Access
  /** The commit the revision resolved to (when the repo info could be read). */
  commit?: string
  gated: false | 'auto' | 'manual'
  private?: boolean
  /** The repo's page, where a gated repo's license is accepted. */
  url: string
  /** What is wrong and how to fix it; empty when access is granted. */
  message: string
  /** Set when the Hub could not be reached at all. */
  unreachable?: boolean
}

export interface CheckContext {
  client: HubClient
  /** whoami name, when a token was verified. */
  account?: string
  concurrency?: number
}

const DISABLED = 'Access to this resource is disabled.'

interface RepoInfo {
  sha?: string
  gated: false | 'auto' | 'manual'
  private?: boolean
  disabled?: boolean
}

type Outcome<T> = { ok: true; value: T } | { ok: false; info: HubErrorInfo }

const GATED = new Set<unknown>([false, 'auto', 'manual'])

/**
 * The fields of a repo-info answer we use, each checked: a commit must be 40 hex characters, `gated` one of
 * its three values, flags booleans. Anything else is refused before it reaches a log, an output or a path.
 */
export function parseRepoInfo(raw: unknown, spec: RepoSpec): RepoInfo {
  const bad = (why: string) =>
    new HubResponseError(`repo info of ${spec.type} ${spec.id}@${spec.revision}`, why)
  if (!isRecord(raw)) throw bad('the answer is not a JSON object')
  if (raw.sha !== undefined && !isHex40(raw.sha)) throw bad('"sha" is not a 40-character hex commit')
  const gated = raw.gated ?? false
  if (!GATED.has(gated)) throw bad('"gated" is not false, "auto" or "manual"')
  for (const flag of ['private', 'disabled'] as const) {
    if (raw[flag] !== undefined && typeof raw[flag] !== 'boolean') throw bad(`"${flag}" is not true or false`)
  }
  return {
    sha: raw.sha as string | undefined,
    gated: gated as RepoInfo['gated'],
    private: raw.private as boolean | undefined,
    disabled: raw.disabled as boolean | undefined
  }
}

async function getRepoInfo(client: HubClient, path: string, spec: RepoSpec): Promise<Outcome<RepoInfo>> {
  const outcome = await client.getJson(path)
  return outcome.ok ? { ok: true, value: parseRepoInfo(outcome.value, spec) } : outcome
}

function classify(
  spec: RepoSpec,
  info: HubErrorInfo,
  ctx: CheckContext
): Pick<AccessStatus, 'access' | 'message'> {
  const label = `${spec.type} ${spec.id}`
  const page = repoPageUrl(ctx.client.endpoint, spec)
  const hub = info.message ? ` The Hub said: "${info.message}"` : ''
  const anonymous = !ctx.client.token
  if (info.message === DISABLED || (info.status === 403 && info.message.includes('disabled'))) {
    return { access: 'disabled', message: `${label} is disabled on the Hub and cannot be downloaded.${hub}` }
  }
  if (info.code === 'GatedRepo' && info.status === 401) {
    return {
      access: 'unauthenticated',
      message: `${label} is gated and no token was sent. Pass a token whose account was granted access (hf-token: \${{ secrets.HF_TOKEN }}), after accepting the license at ${page}.`
    }
  }
  if (info.code === 'GatedRepo') {
    const who = ctx.account ? `account "${ctx.account}"` : "token's account"
    return {
      access: 'gated',
      message: `${label} is gated and the ${who} has not been granted access. Open ${page} logged in as ${ctx.account ?? 'that account'}, accept the license and wait for approval; if access was granted to another account, use a token from that one.${hub}`
    }
  }
  if (info.code === 'RevisionNotFound') {
    return {
      access: 'revision-not-found',
      message: `revision "${spec.revision}" does not exist in ${label}: use a branch, tag or full 40-character commit that does (see ${page}/tree/main).${hub}`
    }
  }
  if (info.code === 'RepoNotFound' || info.status === 404) {
    const privacy = anonymous
      ? 'or is private and no token was sent'
      : `or is private and the account "${ctx.account ?? 'of the token'}" has no access`
    return {
      access: 'not-found',
      message: `${label} was not found: check the spelling and the type prefix (datasets/, spaces/), ${privacy}.${hub}`
    }
  }
  if (info.status === 401) {
    return {
      access: 'unauthenticated',
      message: `the Hub rejected the credentials for ${label}: the token is invalid or expired.${hub}`
    }
  }
  return { access: 'error', message: `could not check ${label}: ${describeHubError(info)}` }
}

/** A repo not (yet) checked: what is reported when the Hub could not be asked. */
export function uncheckedStatus(spec: RepoSpec, endpoint: string): AccessStatus {
  return {
    spec,
    access: 'error',
    gated: false,
    url: repoPageUrl(endpoint, spec),
    message: 'not checked: the Hub could not be reached',
    unreachable: true
  }
}

export async function checkRepo(spec: RepoSpec, ctx: CheckContext): Promise<AccessStatus> {
  const base = { spec, gated: false as const, url: repoPageUrl(ctx.client.endpoint, spec) }
  try {
    const revisionPath = `${repoApiPath(spec)}/revision/${encodeURIComponent(spec.revision)}`
    // Both at once: auth-check says whether we may read, repo info gives the commit and gating.
    const [auth, info] = await Promise.all([
      ctx.client.getJson(`${repoApiPath(spec)}/auth-check`),
      getRepoInfo(ctx.client, revisionPath, spec)
    ])
    const gated = info.ok ? info.value.gated : false
    // 5xx after every retry: the Hub is down, which the caller may ride out with a restored cache.
    const down = (!auth.ok && auth.info.status >= 500) || (!info.ok && info.info.status >= 500)
    // Repo info answers for a gated repo even without access, so its commit is still worth reporting.
    const commit = info.ok ? info.value.sha : undefined
    if (!auth.ok) return { ...base, gated, commit, unreachable: down, ...classify(spec, auth.info, ctx) }
    if (!info.ok) return { ...base, unreachable: down, ...classify(spec, info.info, ctx) }
    if (info.value.disabled) {
      return {
        ...base,
        gated,
        access: 'disabled',
        message: `${spec.type} ${spec.id} is disabled on the Hub.`
      }
    }
    if (!info.value.sha) {
      return {
        ...base,
        gated,
        access: 'error',
        message: `the Hub gave no valid commit for ${spec.type} ${spec.id}@${spec.revision}.`
      }
    }
    return {
      ...base,
      gated,
      private: info.value.private,
      access: 'granted',
      commit: info.value.sha,
      message: ''
    }
  } catch (error) {
    return {
      ...base,
      access: 'error',
      unreachable: isHubDown(error),
      message: `could not check ${spec.type} ${spec.id}: ${errorMessage(error)}`
    }
  }
}

/**
 * How many repos are checked at once: enough that a typical list (up to 20) costs one round trip,
 * bounded so a long list does not open hundreds of connections or burst the Hub's rate limit.
 */
export const CHECK_CONCURRENCY = 20

/** Checks every repo concurrently (bounded), keeping the input's order in the result. */
export async function checkRepos(specs: RepoSpec[], ctx: CheckContext): Promise<AccessStatus[]> {
  const limit = pLimit(ctx.concurrency ?? CHECK_CONCURRENCY)
  return Promise.all(specs.map(spec => limit(() => checkRepo(spec, ctx))))
}
