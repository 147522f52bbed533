/**
 * Keyless authentication with the Hub's Trusted Publishers: the job's GitHub id token (github-id-token.ts)
 * is exchanged at `{endpoint}/oauth/token` (RFC 8693) for a one-hour Hugging Face token, masked the moment it
 * is validated. The exchange goes to the endpoint and nowhere else: a redirect is never followed.
 */
import * as core from '@actions/core'
import { ActionError, HubResponseError } from '../shared/errors.js'
import { readCapped, readHubError, readJson, ERROR_BODY_TIMEOUT_MS } from '../hub/body.js'
import type { HubClient } from '../hub/client.js'
import { describeHubError } from '../hub/errors.js'
import { safeText } from '../shared/safe-text.js'
import { isRecord } from '../shared/shape.js'
import { describeClaims } from './github-id-token.js'
import { hubSideHint, type OidcResource } from './oidc-resource.js'
import { isWellFormedToken, maskSecret, MIN_TOKEN_LENGTH } from './token.js'

export interface ExchangedToken {
  token: string
  expiresAt: Date
  resource: OidcResource
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
    const body = JSON.parse(await readCapped(res, 64 * 1024, ERROR_BODY_TIMEOUT_MS)) as unknown
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
  for (let retried = false; ; retried = true) {
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
    if (res.ok) return parseExchange(await readJson(res, 64 * 1024, EXCHANGE), resource)
    const failure = await readOAuthError(res)
    const transient =
      failure.error === 'invalid_grant' &&
      (Date.now() - started >= SLOW_EXCHANGE_MS || /operation was aborted/i.test(failure.description))
    if (transient && !retried) {
      core.info(
        'The token exchange answered invalid_grant after what looks like a server fault; trying once more.'
      )
      continue
    }
    throw exchangeError(failure, idToken, resource, client.endpoint)
  }
}

/** The exchange answered with a redirect, which is not followed: where it pointed, and what to do. */
/** How the exchange is named in errors about its answer. */
const EXCHANGE = 'the token exchange (/oauth/token)'

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
function parseExchange(body: unknown, resource: OidcResource): ExchangedToken {
  const bad = (why: string) => new HubResponseError(EXCHANGE, why)
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
