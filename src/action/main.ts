/**
 * The main step: the steps it runs, in order, each a function of its own (steps/), what they learn kept in
 * the job's plan (plan.ts), and what post needs in its record (record.ts). What only some runs need (the cache,
 * the pre-warm, git, the keyless exchange) is imported by the step that needs it: a run that only checks a
 * token loads none of it.
 */
import * as core from '@actions/core'
import { resolveAndMaskToken } from '../auth/token.js'
import { HubClient } from '../hub/client.js'
import { closeProxies, maskProxyCredentials } from '../http/proxy.js'
import { logRetry } from '../hub/retry-log.js'
import { ActionError, errorMessage } from '../shared/errors.js'
import { annotate } from '../shared/safe-text.js'
import { onCancel } from './cancel.js'
import { getInputs, type Inputs } from './inputs.js'
import { JobPlan } from './plan.js'
import { publish } from './publish.js'
import { RecordForPost } from './record.js'
import { requireAccess } from './steps/access.js'
import { Listings } from './steps/cache.js'
import { mainSteps, type MainSteps } from './steps/index.js'
import { exportEnvironment } from './steps/token.js'

/** What main needs for the work after the access check. */
interface Job {
  inputs: Inputs
  plan: JobPlan
  record: RecordForPost
  client: HubClient
  steps: MainSteps
  cancel: AbortSignal
}

export async function runMain(
  record: RecordForPost,
  cancel: AbortSignal,
  steps: MainSteps = mainSteps
): Promise<void> {
  // The token and the proxies' credentials are read and masked before anything else can print (an input
  // error included).
  const given = resolveAndMaskToken()
  maskProxyCredentials()
  const inputs = getInputs()
  const chosen = await steps.chooseToken(given, inputs)
  exportEnvironment(inputs, chosen)
  if (chosen) await steps.storeToken(chosen.token, inputs, record)

  const client = new HubClient({ endpoint: inputs.endpoint, token: chosen?.token, onRetry: logRetry })
  const plan = new JobPlan(inputs)
  const { identity, unreachableReason } = await steps.identify(client, chosen, inputs)
  plan.identity = identity
  if (chosen?.source === 'oidc')
    plan.keyless = { resource: inputs.oidcResource!.value, expiresAt: chosen.expiresAt! }
  await steps.setUpGit(inputs, chosen?.token, identity)
  const checked = await steps.checkAccess(client, inputs, identity?.name, unreachableReason)
  plan.accessChecked(checked.statuses)
  const job: Job = { inputs, plan, record, client, steps, cancel }
  try {
    if (checked.unreachableReason) await standInForHub(job, checked.unreachableReason)
    else await useHub(job)
    await readyLaterSteps(job)
  } finally {
    // Once, on every path that checked the repos: a failed access check or a Hub down included.
    await publish(plan)
  }
}

/** The Hub is down: the cache stands in for it (each listed repo at the commit the cache holds), or the step fails. */
async function standInForHub({ inputs, plan, record, steps }: Job, unreachableReason: Error): Promise<void> {
  const restored = await steps.standInForHub(inputs, unreachableReason, record)
  if (!restored) throw new ActionError('Hugging Face Hub unreachable', unreachableReason.message)
  plan.cacheRestored(restored)
  plan.offline = true
}

/** Access required, then the cache restored and the pre-warm (or the check of what the cache brought). */
async function useHub({ inputs, plan, record, client, steps, cancel }: Job): Promise<void> {
  requireAccess(plan.reports(), inputs)
  const listings = new Listings(client)
  const cache = await steps.restoreCache(inputs, plan.targets(), record, listings)
  if (cache) plan.cacheRestored(cache)
  if (!inputs.download && !cache) return
  const targets = await listings.withListings(plan.targets())
  const results = await steps.prewarmOrCheck(client, inputs, targets, cancel)
  if (results) plan.prewarmed(targets, results)
  record.prewarmFinished()
}

/** What later steps get: offline mode, and each repo's snapshot folder where the hub cache holds it. */
async function readyLaterSteps({ inputs, plan, steps }: Job): Promise<void> {
  if (inputs.offline) {
    if (!inputs.download) {
      core.warning(
        'offline: true without download: true relies on the restored cache holding every file later steps need.'
      )
    }
    plan.offline = true
  }
  if (plan.offline) core.exportVariable('HF_HUB_OFFLINE', '1')
  if (inputs.download || plan.cache) {
    const targets = plan.atCommits()
    plan.snapshotsFound(targets, await steps.findSnapshotPaths(targets, inputs.hubCache))
  }
}

function reportFailure(error: unknown): void {
  if (error instanceof ActionError) annotate('error', error.message, error.title)
  else annotate('error', errorMessage(error), 'hf-auth-action failed')
  process.exitCode = core.ExitCode.Failure
}

/** The step as the runner starts it: main's work, raced against a cancel, its failure one error annotation. */
export async function run(steps: MainSteps = mainSteps): Promise<void> {
  const record = new RecordForPost()
  const cancel = new AbortController()
  const stopListening = onCancel(cancel)
  try {
    await Promise.race([
      runMain(record, cancel.signal, steps),
      new Promise<never>((_, reject) =>
        cancel.signal.addEventListener('abort', () => reject(cancel.signal.reason))
      )
    ])
  } catch (error) {
    reportFailure(error)
  } finally {
    stopListening()
    // Written even on failure: post must still remove a token file main wrote.
    record.persist()
    // A proxy that left a CONNECT unanswered must not keep the step running after its work is done.
    await closeProxies()
  }
}
