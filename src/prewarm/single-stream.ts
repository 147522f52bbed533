/** A file as one stream, resumed with `Range` after a break (or restarted where Range is ignored). */
import type { StreamResponse } from '../http/types.js'
import { FileHasher } from '../hub-cache/hash-worker.js'
import { TransferError, type Job, type Transferred, type Written } from './job.js'
import { contentRange, get, withRetries } from './request.js'
import { writeBody } from './write-body.js'

/**
 * The whole file as one stream, resumed with `Range` after a break (or restarted when Range is ignored).
 * `first` is an answer already received for the whole file (a server that ignored a range request).
 */
export async function singleStream(job: Job, first?: StreamResponse): Promise<Transferred> {
  const { file, handle } = job
  let hasher = new FileHasher(job.temp, file.lfs, file.size)
  const written: Written = { bytes: 0 }
  let received = 0
  try {
    await withRetries(job, file.path, n =>
      job.connections(async () => {
        const controller = new AbortController()
        const from = written.bytes
        const res =
          n === 1 && first
            ? first
            : await get(job, job.url, from > 0 ? `bytes=${from}-` : undefined, controller)
        if (from > 0 && contentRange(res)?.start !== from) {
          // The server ignored Range: start over from the first byte.
          written.bytes = 0
          await hasher.dispose()
          hasher = new FileHasher(job.temp, file.lfs, file.size)
          await handle.truncate(0)
        }
        const before = written.bytes
        try {
          await writeBody(job, res, { written, limit: file.size }, hasher, controller)
        } finally {
          received += written.bytes - before
        }
        if (written.bytes !== file.size) {
          throw new TransferError(`received ${written.bytes} of ${file.size} bytes (terminated)`)
        }
      })
    )
    return { received, digest: await hasher.digest(), hashed: hasher.hashedBytes }
  } finally {
    await hasher.dispose()
  }
}
