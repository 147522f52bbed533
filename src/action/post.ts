/** The post step: clean up only what main created, then save the cache. Never fails the job. */
import * as core from '@actions/core'
import { maskProxyCredentials } from '../http/proxy.js'
import { errorMessage } from '../shared/errors.js'
import { loadMainState } from './state.js'
import { writeSaveSummary } from './summary.js'
import { removeTokenFile } from '../auth/token-file.js'

export async function runPost(): Promise<void> {
  // Before anything can print a proxy's answer (the cache service is reached through it too).
  maskProxyCredentials()
  const state = loadMainState()
  if (!state) return core.info('Nothing to clean up: the main step saved no state.')
  // Token first: cleanup must not wait on (or be skipped by) a slow cache upload.
  if (state.tokenFile) {
    try {
      await removeTokenFile(state.tokenFile)
      core.info(`Removed the token file ${state.tokenFile.path}`)
    } catch (error) {
      core.warning(`Could not remove the token file ${state.tokenFile.path}: ${errorMessage(error)}`)
    }
  }
  if (state.stages) {
    const { removeStages } = await import('../hub-cache/entry-stage.js')
    await removeStages(state.stages.hubCache, state.stages.root)
  }
  if (state.cache) {
    try {
      // Loaded only by a post that saves: the cache service's client and the archive reader it brings.
      const { saveStep } = await import('../actions-cache/save.js')
      await writeSaveSummary(await saveStep(state.cache))
    } catch (error) {
      core.warning(`Saving the Hugging Face cache failed: ${errorMessage(error)}`, {
        title: 'Cache save failed'
      })
    }
  }
}
