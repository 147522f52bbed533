/** Access to the listed repos: checked, reported, and required unless require-access is false. */
import * as core from '@actions/core'
import { checkRepos, uncheckedStatus, type AccessStatus } from '../../hub/access.js'
import type { HubClient } from '../../hub/client.js'
import { ActionError } from '../../shared/errors.js'
import type { Inputs } from '../inputs.js'
import { annotateAccess, logAccess } from '../outputs.js'

export interface Checked {
  statuses: AccessStatus[]
  /** Why the Hub could not be reached, when it could not: whoami's error, or every check's. */
  unreachableReason?: Error
}

/** Each listed repo's access and commit; nothing is asked when the Hub is already known to be down. */
export async function checkAccess(
  client: HubClient,
  inputs: Inputs,
  account: string | undefined,
  unreachableReason: Error | undefined
): Promise<Checked> {
  const unchecked = inputs.repos.map(spec => uncheckedStatus(spec, inputs.endpoint))
  if (inputs.repos.length === 0 || unreachableReason) return { statuses: unchecked, unreachableReason }
  core.startGroup(`Checking access to ${inputs.repos.length} repo(s)`)
  const statuses = await checkRepos(inputs.repos, { client, account })
  logAccess(statuses)
  core.endGroup()
  const allUnreachable = statuses.every(s => s.unreachable)
  return { statuses, unreachableReason: allUnreachable ? new Error(statuses[0].message) : undefined }
}

/**
 * One annotation per repo that cannot be read; with require-access (the default), the step then fails (main
 * still sets the outputs and the summary that say which repos and why).
 */
export function requireAccess(statuses: AccessStatus[], inputs: Pick<Inputs, 'requireAccess'>): void {
  const failed = statuses.filter(s => s.access !== 'granted')
  annotateAccess(failed, inputs.requireAccess)
  if (failed.length === 0 || !inputs.requireAccess) return
  throw new ActionError(
    'Hugging Face access check failed',
    `${failed.length} of ${statuses.length} repo(s) cannot be read with this token (set require-access: false to continue anyway).`
  )
}
