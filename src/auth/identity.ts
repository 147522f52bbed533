/** whoami: proves the token works and says whose it is, without ever printing it. */
import { ActionError, HubResponseError } from '../shared/errors.js'
import { isRecord } from '../shared/shape.js'
import { HubStatusError } from '../hub/errors.js'
import type { HubClient } from '../hub/client.js'

export interface Identity {
  name: string
  type: string
  orgs: string[]
  /** read, write, admin, contributor or fineGrained; empty when the Hub does not say. */
  role: string
  tokenName?: string
  /** For fine-grained tokens: whether "read access to public gated repos" is ticked. */
  canReadGatedRepos?: boolean
}

export function newTokenHint(endpoint: string): string {
  return `Create a read token at ${endpoint}/settings/tokens and store it as a repository secret (Settings → Secrets and variables → Actions), then pass it as hf-token: \${{ secrets.HF_TOKEN }}.`
}

/** whoami answered 401: the token is invalid, expired or revoked (or, from the keyless exchange, repo-scoped). */
export class TokenRejectedError extends ActionError {
  constructor(message: string) {
    super('Hugging Face token rejected', message)
    this.name = 'TokenRejectedError'
  }
}

/**
 * GET /api/whoami-v2 through our client. `@huggingface/hub`'s `whoAmI` is not used: it adds nothing we need
 * (the answer's shape is checked here either way) and loading that library is most of the action's start-up.
 */
export async function verifyToken(client: HubClient): Promise<Identity> {
  const outcome = await client.getJson('/api/whoami-v2')
  if (!outcome.ok) {
    if (outcome.info.status === 401) {
      throw new TokenRejectedError(
        `The Hub rejected the token (HTTP 401 from ${client.endpoint}/api/whoami-v2): it is invalid, expired or revoked. ${newTokenHint(client.endpoint)}`
      )
    }
    throw new HubStatusError(outcome.info)
  }
  return parseWhoami(outcome.value)
}

const ROLES = new Set(['read', 'write', 'admin', 'contributor', 'fineGrained'])
/** Hub account and organization names (what the Hub allows; anything else is not a real answer). */
const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/

/** Checks the shape of a whoami answer and keeps only the fields we use, each of its expected type. */
export function parseWhoami(raw: unknown): Identity {
  const bad = (why: string) => new HubResponseError('whoami (/api/whoami-v2)', why)
  if (!isRecord(raw)) throw bad('the answer is not a JSON object')
  if (typeof raw.name !== 'string' || !ACCOUNT_NAME.test(raw.name)) throw bad('"name" is not an account name')
  const orgs: string[] = []
  if (raw.orgs !== undefined) {
    if (!Array.isArray(raw.orgs)) throw bad('"orgs" is not a list')
    for (const org of raw.orgs) {
      if (!isRecord(org) || typeof org.name !== 'string' || !ACCOUNT_NAME.test(org.name))
        throw bad('an entry of "orgs" has no valid "name"')
      orgs.push(org.name)
    }
  }
  const auth = isRecord(raw.auth) ? raw.auth : {}
  const token = isRecord(auth.accessToken) ? auth.accessToken : {}
  const fineGrained = isRecord(token.fineGrained) ? token.fineGrained : {}
  return {
    name: raw.name,
    type: typeof raw.type === 'string' ? raw.type : '',
    orgs,
    // An unknown role is reported as unknown rather than echoed.
    role: typeof token.role === 'string' && ROLES.has(token.role) ? token.role : '',
    tokenName: typeof token.displayName === 'string' ? token.displayName : undefined,
    canReadGatedRepos:
      typeof fineGrained.canReadGatedRepos === 'boolean' ? fineGrained.canReadGatedRepos : undefined
  }
}

/** Advice for tokens with more power than CI needs; undefined when there is none to give. */
export function leastPrivilegeAdvice(identity: Identity, endpoint: string): string | undefined {
  if (identity.role === 'write' || identity.role === 'admin') {
    return `This is a ${identity.role} token. CI that only downloads should use a read or fine-grained token, so a leaked secret cannot change your repos: ${endpoint}/settings/tokens`
  }
  return undefined
}
