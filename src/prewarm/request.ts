/** One request of a transfer: the GET itself, what a 206 says it holds, and the retry of broken transfers. */
import type { StreamResponse } from '../http/types.js'
import { readHubError } from '../hub/body.js'
import { describeHubError } from '../hub/errors.js'
import { errorMessage, isErrorLike } from '../shared/errors.js'
import { DownloadRefused, TransferError, type Job } from './job.js'

function isBrokenTransfer(error: unknown): boolean {
  if (error instanceof TransferError) return true
  if (!isErrorLike(error)) return false
  return (
    error.name === 'AbortError' ||
    /terminated|socket|ECONNRESET|aborted|other side closed/i.test(error.message)
  )
}

/** Runs `attempt` until it succeeds, retrying broken transfers (never a deadline or a refusal). */
export async function withRetries<T>(job: Job, what: string, attempt: (n: number) => Promise<T>): Promise<T> {
  const attempts = job.options.attempts ?? 5
  for (let n = 1; ; n++) {
    try {
      return await attempt(n)
    } catch (error) {
      if (job.options.signal?.aborted) throw job.options.signal.reason
      if (!isBrokenTransfer(error)) throw error
      if (n >= attempts) {
        throw new Error(`download of ${what} failed after ${attempts} attempts: ${errorMessage(error)}`, {
          cause: error
        })
      }
      job.options.log?.(`  retrying ${what} (attempt ${n + 1} of ${attempts}): ${errorMessage(error)}`)
    }
  }
}

/** One GET, with identity encoding (sizes, hashes and offsets then refer to the file, not an encoding). */
export async function get(
  job: Job,
  url: string,
  range: string | undefined,
  controller: AbortController
): Promise<StreamResponse> {
  const signal = job.options.signal
    ? AbortSignal.any([job.options.signal, controller.signal])
    : controller.signal
  const res = await job.client.download(url, {
    headers: { 'accept-encoding': 'identity', ...(range ? { range } : {}) },
    signal
  })
  if (!res.ok) throw new DownloadRefused(job.file.path, res.status, describeHubError(await readHubError(res)))
  return res
}

/** `bytes a-b/total` of a 206, or undefined when the answer is not the range asked for. */
export function contentRange(res: StreamResponse): { start: number; end: number; total: number } | undefined {
  if (res.status !== 206) return undefined
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get('content-range') ?? '')
  return m ? { start: Number(m[1]), end: Number(m[2]), total: Number(m[3]) } : undefined
}
