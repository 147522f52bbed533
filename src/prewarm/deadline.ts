/** The pre-warm's overall time limit (download-timeout-minutes), also cut short by the runner's cancel. */
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
