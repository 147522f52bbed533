/**
 * The main step: the steps it runs, in order, each a function of its own (steps/). What only some runs need
 * (the cache, the pre-warm, git, the keyless exchange) is imported by the step that needs it: a run that only
 * checks a token loads none of it.
 */
import * as core from '@actions/core'
import type { CacheReport } from '../actions-cache/types.js'
import { resolveAndMaskToken } from '../auth/token.js'
import { HubClient } from '../hub/client.js'
import { closeProxies, maskProxyCredentials } from '../http/proxy.js'
import { logRetry } from '../hub/retry-log.js'
import { ActionError, errorMessage } from '../shared/errors.js'
import { annotate } from '../shared/safe-text.js'
import { onCancel } from './cancel.js'
import { getInputs, type Inputs } from './inputs.js'
import { setReposOutput } from './outputs.js'
import { saveMainState, type MainState } from './state.js'
import { checkAccess, requireAccess } from './steps/access.js'
import {
  Listings,
  prewarmOrCheck,
  restoreCache,
  standInForHub,
  targetsOf,
  withCacheEntries,
  withPrewarmResults,
  withSnapshotPaths
} from './steps/cache.js'
import { identify, setUpGit } from './steps/identity.js'
import { chooseTokenStep, exportEnvironment, storeToken } from './steps/token.js'
import { buildSummary, type SummaryInput } from './summary.js'
import type { RepoReport } from './report.js'

export async function runMain(state: MainState, cancel: AbortSignal): Promise<void> {
  // The token and the proxies' credentials are read and masked before anything else can print (an input
  // error included).
  const given = resolveAndMaskToken()
  maskProxyCredentials()
  const inputs = getInputs()
  const chosen = await chooseTokenStep(given, inputs)
  exportEnvironment(inputs, chosen)
  if (chosen) await storeToken(chosen.token, inputs, state)

  const client = new HubClient({ endpoint: inputs.endpoint, token: chosen?.token, onRetry: logRetry })
  const { identity, unreachableReason } = await identify(client, chosen, inputs)
  await setUpGit(inputs, chosen?.token, identity)
  const checked = await checkAccess(client, inputs, identity?.name, unreachableReason)
  const summary: SummaryInput = {
    endpoint: inputs.endpoint,
    identity,
    keyless:
      chosen?.source === 'oidc'
        ? { resource: inputs.oidcResource!.value, expiresAt: chosen.expiresAt! }
        : undefined,
    repos: checked.statuses,
    hubCache: inputs.hubCache,
    offline: inputs.offline
  }

  let statuses = checked.statuses
  let cache: CacheReport | undefined
  if (checked.unreachableReason) {
    ;({ cache, statuses } = await standInForHub(inputs, statuses, checked.unreachableReason, state))
    summary.offline = true
  } else {
    await requireAccess(statuses, inputs, summary)
    const listings = new Listings(client)
    cache = await restoreCache(
      inputs,
      statuses.filter(s => s.access === 'granted' && s.commit),
      state,
      listings
    )
    if (inputs.download || cache) {
      const targets = await listings.withKnown(targetsOf(statuses))
      const results = await prewarmOrCheck(client, inputs, targets, cancel)
      if (results) statuses = withPrewarmResults(statuses, targets, results)
    }
    if (state.cache) {
      state.cache.complete = true
      saveMainState(state)
    }
  }
  statuses = withCacheEntries(statuses, cache)
  await finish(inputs, statuses, { ...summary, cache }, !!(inputs.download || cache))
}

/** What later steps and the job's page get: offline mode, the repos and their snapshot folders, the summary. */
async function finish(
  inputs: Inputs,
  checked: RepoReport[],
  summary: SummaryInput,
  cached: boolean
): Promise<void> {
  if (inputs.offline) {
    if (!inputs.download) {
      core.warning(
        'offline: true without download: true relies on the restored cache holding every file later steps need.'
      )
    }
    core.exportVariable('HF_HUB_OFFLINE', '1')
  }
  const statuses = cached ? await withSnapshotPaths(checked, inputs.hubCache) : checked
  setReposOutput(statuses)
  core.setOutput('hub-cache', inputs.hubCache)
  await buildSummary({ ...summary, repos: statuses }).write()
}

function reportFailure(error: unknown): void {
  if (error instanceof ActionError) annotate('error', error.message, error.title)
  else annotate('error', errorMessage(error), 'hf-auth-action failed')
  process.exitCode = core.ExitCode.Failure
}

export async function run(): Promise<void> {
  const state: MainState = {}
  const cancel = new AbortController()
  const stopListening = onCancel(cancel)
  try {
    await Promise.race([
      runMain(state, cancel.signal),
      new Promise<never>((_, reject) =>
        cancel.signal.addEventListener('abort', () => reject(cancel.signal.reason))
      )
    ])
  } catch (error) {
    reportFailure(error)
  } finally {
    stopListening()
    // Saved even on failure: post must still remove a token file main wrote.
    saveMainState(state)
    // A proxy that left a CONNECT unanswered must not keep the step running after its work is done.
    await closeProxies()
  }
}
