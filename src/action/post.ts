/**
 * The post step: clean up only what main created, then save the cache as planned from main's record (what to
 * save, in what order, under which keys: actions-cache/save-plan.ts), carried out by the saver (one service
 * budget, the stages). Never fails the job.
 */
import * as core from '@actions/core'
import { planSaves } from '../actions-cache/save-plan.js'
import type { Saver, SavedEntry } from '../actions-cache/save.js'
import type { CacheState } from '../actions-cache/types.js'
import { removeTokenFile } from '../auth/token-file.js'
import { maskProxyCredentials } from '../http/proxy.js'
import { errorMessage } from '../shared/errors.js'
import { readPostRecord, type PostRecord } from './record.js'
import { postSteps, type PostSteps } from './steps/save.js'
import { writeSaveSummary } from './summary.js'

export async function runPost(steps: PostSteps = postSteps): Promise<void> {
  // Before anything can print a proxy's answer (the cache service is reached through it too).
  maskProxyCredentials()
  const read = readPostRecord()
  if ('absent' in read) return core.info('Nothing to clean up: the main step saved no state.')
  if ('refused' in read) {
    return core.warning(
      `The main step's record could not be read (${read.refused}), so nothing is cleaned up or saved. Was the action's version changed between main and post, or GITHUB_STATE written by another step?`,
      { title: 'Post step: record refused' }
    )
  }
  await cleanUp(read.record)
  const { cache, filesComplete } = read.record
  if (cache) await saveCache(cache, filesComplete === true, steps)
}

/** Token first: cleanup must not wait on (or be skipped by) a slow cache upload. */
async function cleanUp({ tokenFile, stages, cache }: PostRecord): Promise<void> {
  if (tokenFile) {
    try {
      await removeTokenFile(tokenFile)
      core.info(`Removed the token file ${tokenFile.path}`)
    } catch (error) {
      core.warning(`Could not remove the token file ${tokenFile.path}: ${errorMessage(error)}`)
    }
  }
  const hubCache = stages?.hubCache ?? cache?.hubCache
  if (hubCache) {
    const { removeStages, removeStaleStages } = await import('../hub-cache/entry-stage.js')
    if (stages) await removeStages(stages.hubCache, stages.root)
    // And those of steps that died long ago (a self-hosted runner's persistent hf-home).
    await removeStaleStages(hubCache)
  }
}

async function saveCache(cache: CacheState, filesComplete: boolean, steps: PostSteps): Promise<void> {
  try {
    const saver = await steps.openSaver(cache)
    if (saver) await writeSaveSummary(await saveAsPlanned(saver, cache, filesComplete))
  } catch (error) {
    core.warning(`Saving the Hugging Face cache failed: ${errorMessage(error)}`, {
      title: 'Cache save failed'
    })
  }
}

/** The plan is made once the hub cache is ready (what later steps added is known), then carried out. */
async function saveAsPlanned(saver: Saver, cache: CacheState, filesComplete: boolean): Promise<SavedEntry[]> {
  try {
    const plan = planSaves(cache.entries, await saver.readyDisk(), filesComplete)
    if (!filesComplete) {
      // Stryker disable next-line StringLiteral: the log line's wording (the partial keys are tested)
      core.info('Cache: the pre-warm did not finish, so what it fetched is saved under partial keys.')
    }
    return await saver.carryOut(plan)
  } finally {
    await saver.close()
  }
}
