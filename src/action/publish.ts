/** The outputs and the job summary, set once from the job's plan, on every path that checked the repos. */
import * as core from '@actions/core'
import { setCacheOutputs, setReposOutput } from './outputs.js'
import type { JobPlan } from './plan.js'
import { buildSummary } from './summary.js'

export async function publish(plan: JobPlan): Promise<void> {
  const repos = plan.reports()
  setReposOutput(repos)
  if (plan.cache) setCacheOutputs(plan.cache)
  core.setOutput('hub-cache', plan.inputs.hubCache)
  await buildSummary({
    endpoint: plan.inputs.endpoint,
    identity: plan.identity,
    keyless: plan.keyless,
    repos,
    cache: plan.cache,
    hubCache: plan.inputs.hubCache,
    offline: plan.offline
  }).write()
}
