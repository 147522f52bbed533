/**
 * The job's GitHub OIDC id token, minted with `core.getIDToken` (audience = the endpoint's URL, as Python
 * `huggingface_hub` asks): masked the moment it exists; only its non-secret claims are ever printed, to say why
 * no publisher matched. When none can be minted, says why (a fork's pull request, a missing permission).
 */
import * as core from '@actions/core'
import fs from 'node:fs'
import type { Env } from '../shared/env.js'
import { ActionError, errorMessage } from '../shared/errors.js'
import { registerSecret, safeText } from '../shared/safe-text.js'
import { isRecord } from '../shared/shape.js'
import { hubSideHint } from './oidc-resource.js'

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

export function describeClaims(idToken: string): string {
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
