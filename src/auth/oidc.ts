/**
 * Keyless authentication with the Hub's Trusted Publishers: the job's GitHub OIDC id token (minted with
 * `core.getIDToken`, audience = the endpoint's URL, as Python `huggingface_hub` asks) is exchanged at
 * `{endpoint}/oauth/token` (RFC 8693) for a one-hour Hugging Face token. Both tokens are masked the moment
 * they exist; only the id token's non-secret claims are ever printed, to say why no publisher matched.
 */
import * as core from '@actions/core'
import fs from 'node:fs'
import { ActionError, errorMessage, HubResponseError, InputError } from '../shared/errors.js'
import { readCapped, readHubError, describeHubError, type HubClient } from '../hub/client.js'
import type { Env } from '../action/inputs.js'
import { registerSecret, safeText } from '../shared/safe-text.js'
import { isRecord } from '../shared/shape.js'
import { isWellFormedToken, maskSecret, MIN_TOKEN_LENGTH } from './token.js'

export type OidcResourceKind = 'user' | 'repo'

export interface OidcResource {
  kind: OidcResourceKind
  /** As sent to the Hub: a username, or `[datasets/|spaces/|kernels/]owner/name`. */
  value: string
}

export interface ExchangedToken {
  token: string
  expiresAt: Date
  resource: OidcResource
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?$/
const REPO_PREFIXES = new Set(['datasets', 'spaces', 'kernels'])

/** The `oidc-resource` input: a Hub username (CI/CD identity) or a repo (repo publisher). */
export function parseOidcResource(raw: string): OidcResource | undefined {
  const value = raw.trim()
  if (!value) return undefined
  const parts = value.split('/')
  const fail = (): never => {
    throw new InputError(
      'oidc-resource',
      `Input "oidc-resource" must be your Hub username (a CI/CD identity, to read the gated repos that account was granted) or a repo as [datasets/|spaces/|kernels/]owner/name (a repo trusted publisher), not "${safeText(value, 200)}".`
    )
  }
  if (parts.length === 1) return NAME.test(value) ? { kind: 'user', value } : fail()
  const [owner, name] = parts.length === 3 && REPO_PREFIXES.has(parts[0]) ? parts.slice(1) : parts
  if ((parts.length !== 2 && parts.length !== 3) || !NAME.test(owner) || !NAME.test(name ?? '')) fail()
  if (parts.length === 3 && !REPO_PREFIXES.has(parts[0])) fail()
  return { kind: 'repo', value }
}

const PERMISSIONS_YAML = 'permissions: { id-token: write, contents: read }'

/** Why this job cannot mint an id token: a fork's pull request, or a missing permission. */
function noIdTokenError(env: Env): ActionError {
  const fork = forkPullRequest(env)
  if (fork) {
    return new ActionError(
      'No GitHub id token (pull request from a fork)',
      `This run is a pull request from the fork ${safeText(fork, 200)}: GitHub gives such runs no id token (and no secrets), so the keyless exchange cannot happen. Run the job without oidc-resource on fork pull requests and set allow-anonymous: true (public repos only), for example oidc-resource: \${{ github.event.pull_request.head.repo.fork && '' || 'your-username' }}.`
    )
  }
  return new ActionError(
    'No GitHub id token',
    `The job cannot mint a GitHub id token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add "${PERMISSIONS_YAML}" to the job (or the workflow) and run again. Then configure the Hub side: ${hubSideHint()}`
  )
}

function hubSideHint(resource?: OidcResource, endpoint = 'https://huggingface.co'): string {
  if (resource?.kind === 'repo') {
    return `add a trusted publisher in the settings of ${endpoint}/${resource.value} (Settings → Trusted Publishers, provider GitHub Actions) with the claims below.`
  }
  return `add a CI/CD identity at ${endpoint}/settings/authentication#ci-cd-access (provider GitHub Actions) with the claims below, for a username resource; or a trusted publisher in a repo's settings, for a repo resource.`
}

/** The head repository of a pull request from a fork, read from the event payload; undefined otherwise. */
function forkPullRequest(env: Env): string | undefined {
  if (!env.GITHUB_EVENT_NAME?.startsWith('pull_request') || !env.GITHUB_EVENT_PATH) return undefined
  try {
    const event = JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as unknown
    const head = isRecord(event) && isRecord(event.pull_request) ? event.pull_request.head : undefined
    const repo = isRecord(head) && isRecord(head.repo) ? head.repo : undefined
    const base = isRecord(event) && isRecord(event.repository) ? event.repository.full_name : undefined
    if (!repo) return undefined
    const name = typeof repo.full_name === 'string' ? repo.full_name : 'another repository'
    return repo.fork === true || (typeof base === 'string' && name !== base) ? name : undefined
  } catch {
    return undefined
  }
}

/** Longest wait for GitHub's id-token service (the toolkit's client has no time limit of its own). */
const ID_TOKEN_TIMEOUT_MS = 60_000

/** The job's GitHub id token for `audience`, masked before it is returned. */
export async function mintIdToken(audience: string, env: Env = process.env): Promise<string> {
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) throw noIdTokenError(env)
  let timer: NodeJS.Timeout | undefined
  try {
    const idToken = await Promise.race([
      core.getIDToken(audience),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${ID_TOKEN_TIMEOUT_MS / 1000} s`)),
          ID_TOKEN_TIMEOUT_MS
        )
      })
    ])
    // core.getIDToken has masked it already; it is also cut from anything the action prints.
    registerSecret(idToken)
    return idToken
  } catch (error) {
    throw new ActionError(
      'No GitHub id token',
      `GitHub's id-token service did not give a token: ${errorMessage(error)}. Re-run the job; if it persists, check https://www.githubstatus.com.`
    )
  } finally {
    clearTimeout(timer)
  }
}

/** Claims the Hub matches publishers on, read from the id token's payload (never its signature). */
const MATCHED_CLAIMS = ['repository', 'ref', 'workflow', 'workflow_ref', 'environment', 'sub'] as const

export function idTokenClaims(idToken: string): Partial<Record<(typeof MATCHED_CLAIMS)[number], string>> {
  const payload = idToken.split('.')[1] ?? ''
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown
    if (!isRecord(claims)) return {}
    const out: Partial<Record<(typeof MATCHED_CLAIMS)[number], string>> = {}
    for (const name of MATCHED_CLAIMS) if (typeof claims[name] === 'string') out[name] = claims[name]
    return out
  } catch {
    return {}
  }
}

function describeClaims(idToken: string): string {
  const claims = idTokenClaims(idToken)
  const branch = claims.ref?.startsWith('refs/heads/') ? claims.ref.slice('refs/heads/'.length) : undefined
  const workflowFile = /\/\.github\/workflows\/([^@]+)@/.exec(claims.workflow_ref ?? '')?.[1]
  const lines = [
    `repository = ${claims.repository ?? '(none)'}`,
    `branch = ${branch ?? '(not a branch)'} (ref = ${claims.ref ?? '(none)'})`,
    `workflow = ${workflowFile ?? claims.workflow ?? '(none)'} (workflow_ref = ${claims.workflow_ref ?? '(none)'})`,
    `environment = ${claims.environment ?? '(none)'}`,
    `sub = ${claims.sub ?? '(none)'}`
  ]
  return lines.map(line => safeText(line, 300)).join('; ')
}

const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange'
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token'
/** An `invalid_grant` this slow, or saying the operation was aborted, has been a transient server fault. */
const SLOW_EXCHANGE_MS = 8_000

interface OAuthError {
  error: string
  description: string
  status: number
  requestId?: string
}

async function readOAuthError(res: Response): Promise<OAuthError> {
  const info = await readHubError(res.clone())
  let error = ''
  let description = ''
  try {
    const body = JSON.parse(await readCapped(res, 64 * 1024)) as unknown
    if (isRecord(body)) {
      if (typeof body.error === 'string') error = body.error
      if (typeof body.error_description === 'string') description = body.error_description
    }
  } catch {
    // not the OAuth error shape; the status says enough
  }
  return {
    error,
    description: description || (error ? '' : describeHubError(info)),
    status: res.status,
    requestId: info.requestId
  }
}

/**
 * Exchanges the id token for a Hugging Face token. Transient failures (5xx, 429, timeouts) are retried by
 * the client; an `invalid_grant` that looks like a server fault is retried once.
 */
export async function exchangeIdToken(
  client: HubClient,
  idToken: string,
  resource: OidcResource
): Promise<ExchangedToken> {
  const body = JSON.stringify({
    grant_type: GRANT_TYPE,
    subject_token_type: ID_TOKEN_TYPE,
    subject_token: idToken,
    resource: resource.value
  })
  for (let attempt = 1; ; attempt++) {
    const started = Date.now()
    // Never followed: the id token (its audience is this endpoint) goes to the endpoint and nowhere else.
    const res = await client.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
      redirect: 'manual'
    })
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined)
      throw redirectError(res, client.endpoint)
    }
    if (res.ok) return parseExchange(await readCapped(res, 64 * 1024), resource)
    const failure = await readOAuthError(res)
    const transient =
      failure.error === 'invalid_grant' &&
      (Date.now() - started >= SLOW_EXCHANGE_MS || /operation was aborted/i.test(failure.description))
    if (transient && attempt === 1) {
      core.info(
        'The token exchange answered invalid_grant after what looks like a server fault; trying once more.'
      )
      continue
    }
    throw exchangeError(failure, idToken, resource, client.endpoint)
  }
}

/** The exchange answered with a redirect, which is not followed: where it pointed, and what to do. */
function redirectError(res: Response, endpoint: string): ActionError {
  let target = 'nowhere valid'
  try {
    target = new URL(res.headers.get('location') ?? '', `${endpoint}/oauth/token`).origin
  } catch {
    // an unparsable Location: said as "nowhere valid"
  }
  return new ActionError(
    'Hugging Face token exchange failed',
    `The token exchange at ${endpoint}/oauth/token answered HTTP ${res.status}, a redirect to ${safeText(target, 200)}, which the action does not follow: the job's id token goes to the endpoint itself and nowhere else. Set "endpoint" to the Hub's own URL (a mirror or proxy that redirects cannot do the exchange), or use hf-token with a secret.`
  )
}

function exchangeError(
  failure: OAuthError,
  idToken: string,
  resource: OidcResource,
  endpoint: string
): ActionError {
  const said = safeText(
    [failure.error, failure.description].filter(Boolean).join(': ') || `HTTP ${failure.status}`,
    300
  )
  const request = failure.requestId ? ` (request id ${safeText(failure.requestId, 100)})` : ''
  const title = 'Hugging Face token exchange failed'
  if (failure.error === 'invalid_grant') {
    return new ActionError(
      title,
      `The Hub found no trusted publisher for "${resource.value}" matching this job (${said})${request}. The Hub matches these claims of the job's id token exactly: ${describeClaims(idToken)}. To fix it, ${hubSideHint(resource, endpoint)} If they match, check that the account is not locked and that the endpoint is the Hub the publisher was made on.`
    )
  }
  if (failure.error === 'invalid_request') {
    return new ActionError(
      title,
      `The Hub refused the exchange request as malformed (${said})${request}: check oidc-resource ("${resource.value}") is your username or an existing repo as [datasets/|spaces/|kernels/]owner/name.`
    )
  }
  if (failure.error === 'unsupported_grant_type') {
    return new ActionError(
      title,
      `The endpoint ${endpoint} does not support the token exchange (${said})${request}: Trusted Publishers need the Hugging Face Hub itself (a mirror or proxy may not forward /oauth/token). Use hf-token with a secret there.`
    )
  }
  return new ActionError(
    title,
    `The token exchange at ${endpoint}/oauth/token failed (${said})${request}. Re-run the job later.`
  )
}

/** The exchange's answer, shape-checked; the token is masked before anything else happens. */
function parseExchange(text: string, resource: OidcResource): ExchangedToken {
  const bad = (why: string) => new HubResponseError('the token exchange (/oauth/token)', why)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw bad('the answer is not JSON')
  }
  if (!isRecord(body) || typeof body.access_token !== 'string' || !body.access_token) {
    throw bad('it has no "access_token"')
  }
  const token = body.access_token
  // Checked before any of it is masked: a malformed answer must not make the runner hide random log words.
  if (!isWellFormedToken(token)) throw bad('"access_token" has white space or a control character inside')
  if (token.length < MIN_TOKEN_LENGTH) {
    throw bad(`"access_token" is ${token.length} characters, shorter than any Hugging Face token`)
  }
  maskSecret(token)
  if (typeof body.token_type !== 'string' || body.token_type.toLowerCase() !== 'bearer') {
    throw bad('"token_type" is not bearer')
  }
  const seconds = body.expires_in
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 7 * 24 * 3600) {
    throw bad('"expires_in" is not a number of seconds')
  }
  return { token, expiresAt: new Date(Date.now() + seconds * 1000), resource }
}
