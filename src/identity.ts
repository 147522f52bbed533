/** whoami: proves the token works and says whose it is, without ever printing it. */
import { HubApiError, whoAmI } from '@huggingface/hub'
import { ActionError } from './errors.js'
import { LIBRARY_TOKEN_PLACEHOLDER, type HubClient } from './hub-client.js'

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

interface RawAccessToken {
  displayName?: string
  role?: string
  fineGrained?: { canReadGatedRepos?: boolean }
}

export function newTokenHint(endpoint: string): string {
  return `Create a read token at ${endpoint}/settings/tokens and store it as a repository secret (Settings → Secrets and variables → Actions), then pass it as hf-token: \${{ secrets.HF_TOKEN }}.`
}

export async function verifyToken(client: HubClient): Promise<Identity> {
  let raw: Awaited<ReturnType<typeof whoAmI>>
  try {
    // The client adds the real token (see hub-client.ts); the library would refuse one without hf_.
    raw = await whoAmI({
      accessToken: LIBRARY_TOKEN_PLACEHOLDER,
      hubUrl: client.endpoint,
      fetch: client.fetch
    })
  } catch (error) {
    if (error instanceof HubApiError && error.statusCode === 401) {
      throw new ActionError(
        'Hugging Face token rejected',
        `The Hub rejected the token (HTTP 401 from ${client.endpoint}/api/whoami-v2): it is invalid, expired or revoked. ${newTokenHint(client.endpoint)}`
      )
    }
    throw error
  }
  const accessToken = raw.auth?.accessToken as RawAccessToken | undefined
  const orgs = 'orgs' in raw && Array.isArray(raw.orgs) ? raw.orgs.map(org => org.name) : []
  return {
    name: raw.name,
    type: raw.type,
    orgs,
    role: accessToken?.role ?? '',
    tokenName: accessToken?.displayName,
    canReadGatedRepos: accessToken?.fineGrained?.canReadGatedRepos
  }
}

/** Advice for tokens with more power than CI needs; undefined when there is none to give. */
export function leastPrivilegeAdvice(identity: Identity, endpoint: string): string | undefined {
  if (identity.role === 'write' || identity.role === 'admin') {
    return `This is a ${identity.role} token. CI that only downloads should use a read or fine-grained token, so a leaked secret cannot change your repos: ${endpoint}/settings/tokens`
  }
  return undefined
}
