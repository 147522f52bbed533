/** Bounds on main: the runner's cancel (SIGINT, then SIGTERM) and the pre-warm's overall time limit. */
import * as core from '@actions/core'
import { ActionError } from '../shared/errors.js'

/** The pre-warm's overall limit, also cut short by a cancel; its reason is the error the step fails with. */
export function prewarmDeadline(ms: number, cancel: AbortSignal): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController()
  const timer = setTimeout(() => {
    controller.abort(
      new ActionError(
        'Pre-warm timed out',
        `The pre-warm did not finish within ${ms / 60_000} minute(s) (download-timeout-minutes). What was fetched is kept and cached under a partial key, so the next run resumes; raise download-timeout-minutes or narrow the files with globs in "repos".`
      )
    )
  }, ms)
  timer.unref()
  return { signal: AbortSignal.any([controller.signal, cancel]), clear: () => clearTimeout(timer) }
}

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
