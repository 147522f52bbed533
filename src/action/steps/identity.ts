/** Who the token belongs to, and git set up to use it. */
import * as core from '@actions/core'
import { TokenRejectedError, verifyToken, type Identity } from '../../auth/identity.js'
import type { ResolvedToken } from '../../auth/token.js'
import type { HubClient } from '../../hub/client.js'
import { isHubDown } from '../../hub/errors.js'
import { logInfo } from '../../shared/safe-text.js'
import type { Inputs } from '../inputs.js'
import { reportIdentity } from '../outputs.js'

export interface Identified {
  identity?: Identity
  /** Why the Hub could not be reached, when it could not (a restored cache may still serve). */
  unreachableReason?: Error
}

/**
 * whoami, reported in outputs and the log. A token from the keyless exchange was just issued by the Hub:
 * whoami refusing it (repo-scoped tokens cannot call it) is not a failure, the access checks prove what it
 * can read.
 */
export async function identify(
  client: HubClient,
  chosen: ResolvedToken | undefined,
  inputs: Inputs
): Promise<Identified> {
  const found = chosen ? await whoami(client, chosen, inputs) : {}
  if (!chosen)
    core.info('No token: continuing anonymously (allow-anonymous: true); only public repos are reachable.')
  reportIdentity(found.identity, inputs.endpoint, inputs.repos.length > 0, chosen?.source === 'oidc')
  return found
}

async function whoami(client: HubClient, chosen: ResolvedToken, inputs: Inputs): Promise<Identified> {
  try {
    return { identity: await verifyToken(client) }
  } catch (error) {
    if (chosen.source === 'oidc' && error instanceof TokenRejectedError) {
      logInfo(
        `whoami does not answer for this token: it is a trusted-publisher token for ${inputs.oidcResource?.value}; the access checks show what it can read.`
      )
      return {}
    }
    if (!isHubDown(error)) throw error
    return { unreachableReason: error as Error }
  }
}

/** With `git-credential`: later steps' git authenticates to the endpoint with the token (none: a warning). */
export async function setUpGit(
  inputs: Inputs,
  token: string | undefined,
  identity?: Identity
): Promise<void> {
  if (!inputs.gitCredential) return
  if (!token)
    return void core.warning('git-credential: true, but there is no token to give git (anonymous run).')
  const { configureGitCredential } = await import('../../auth/git-credential.js')
  await configureGitCredential(inputs.endpoint, identity?.name ?? 'hf')
}
