/** The runner's cancel (SIGINT, then SIGTERM), as an abort of main's work. */
import * as core from '@actions/core'
import { ActionError } from '../shared/errors.js'

/**
 * The runner cancels a step with SIGINT, then SIGTERM. The first stops the work (downloads remove their
 * temporary files as they unwind); post still runs and cleans up, since the state was saved as it changed.
 */
export function onCancel(controller: AbortController): () => void {
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(core.ExitCode.Failure)
    controller.abort(
      new ActionError('Cancelled', `The step was cancelled (${signal}); the post step removes what it wrote.`)
    )
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}
