/**
 * A large file in ranges over several connections at once (a distant CDN gives each TCP stream a fraction of
 * the link, which is why hf_transfer and `aria2c -x` exist): each range written in place and resumed alone
 * after a break, hashed in file order as ranges complete. The first range's answer decides: a server that
 * ignores `Range` is read as one stream, and so is one that stops honouring it part way.
 */
import type { StreamResponse } from '../http/types.js'
import { FileHasher } from '../hub-cache/hash-worker.js'
import { errorMessage } from '../shared/errors.js'
import { FileLocation } from './location.js'
import { singleStream } from './single-stream.js'
import { DownloadRefused, TransferError, type Job, type Transferred, type Written } from './job.js'
import { contentRange, get, withRetries } from './request.js'
import { CONNECTIONS, rangeBytesFor } from './sizing.js'
import { writeBody } from './write-body.js'

/** One byte range of a file, and how much of it is on disk. */
export interface Range {
  index: number
  start: number
  /** Inclusive, as in `Content-Range`. */
  end: number
  written: Written
}

/**
 * A server that stopped honouring `Range` (it answered a range with the whole file): the ranged transfer is
 * abandoned and the file read as one stream. Not a broken transfer, so never retried as a range.
 */
class RangeIgnoredError extends Error {}

/** How the first range was answered: ranges are honoured, or the server sent the whole file (this answer). */
type Decision = { ranged: true } | { ranged: false; whole: StreamResponse }

/**
 * The file in ranges over several connections, written in place; hashed in order as ranges complete (read
 * back from the page cache), so the digest is ready as soon as the last range is. Ranges are made as
 * connections free up, never all at once: a file's size drives no allocation.
 */
export async function rangedTransfer(job: Job): Promise<Transferred> {
  const { file, handle } = job
  const step = job.options.rangeBytes ?? rangeBytesFor(file.size)
  const count = Math.ceil(file.size / step)
  const rangeAt = (index: number): Range => ({
    index,
    start: index * step,
    end: Math.min(file.size, (index + 1) * step) - 1,
    written: { bytes: 0 }
  })
  let received = 0
  // Every range, the first included, is fetched from the one location the Hub resolved the file to.
  const where = FileLocation.of(job)
  let decision: Decision | undefined
  let decide: (decision: Decision) => void = () => undefined
  const decided = new Promise<Decision>(resolve => (decide = resolve))
  // Aborts every range in flight, and stops the ones not started, once one has failed.
  const failure = new AbortController()
  const hasher = new FileHasher(job.temp, file.lfs, file.size)
  // Ranges complete in any order and are hashed in file order: the ones ahead of the next to hash wait here.
  const completed = new Map<number, Range>()
  let nextToHash = 0
  const completeRange = (range: Range) => {
    completed.set(range.index, range)
    for (let r = completed.get(nextToHash); r; r = completed.get(nextToHash)) {
      completed.delete(nextToHash++)
      hasher.feed(r.start, r.end + 1)
    }
  }

  const fetchRange = (range: Range) =>
    withRetries(job, `${file.path} bytes ${range.start}-${range.end}`, () =>
      job.connections(async () => {
        if (failure.signal.aborted) throw failure.signal.reason
        const controller = new AbortController()
        const stop = () => controller.abort(failure.signal.reason)
        failure.signal.addEventListener('abort', stop, { once: true })
        try {
          const from = range.start + range.written.bytes
          const asked = `bytes=${from}-${range.end}`
          const probing = decision === undefined
          const res = await getFrom(job, where, asked, controller)
          const got = contentRange(res)
          const exact = !!got && got.start === from && got.end === range.end && got.total === file.size
          if (probing && res.status === 200) {
            // The first answer decides: a server that ignores Range sends the file, read as one stream.
            decide((decision = { ranged: false, whole: res }))
            return
          }
          if (!exact) {
            await res.body.cancel()
            if (!got)
              throw new RangeIgnoredError(`the server answered a range of ${file.path} with the whole file`)
            throw new Error(`the server answered a range of ${file.path} with another part of it`)
          }
          if (probing) {
            await handle.truncate(file.size)
            decide((decision = { ranged: true }))
          }
          const before = range.written.bytes
          const length = range.end - range.start + 1
          try {
            await writeBody(
              job,
              res,
              { written: range.written, limit: length, base: range.start },
              undefined,
              controller
            )
          } finally {
            received += range.written.bytes - before
          }
          // Done only when every byte of it is on disk.
          if (range.written.bytes !== length) {
            throw new TransferError(`received ${range.written.bytes} of ${length} bytes (terminated)`)
          }
          completeRange(range)
        } finally {
          failure.signal.removeEventListener('abort', stop)
        }
      })
    )

  // Each puller takes the next range as its connection frees up; the first range is asked alone, first.
  let next = 1
  const puller = async () => {
    for (let index = next++; index < count; index = next++) await fetchRange(rangeAt(index))
  }
  const running: Promise<void>[] = []
  try {
    const first = fetchRange(rangeAt(0))
    running.push(first)
    // A first range that fails before its headers decides nothing: its error is the file's.
    const how = await Promise.race([decided, first.then(() => decided)])
    if (!how.ranged) {
      await hasher.dispose()
      return await singleStream(job, how.whole)
    }
    for (let i = 0; i < Math.min(CONNECTIONS, count - 1); i++) running.push(puller())
    // Any failure stops the other ranges at once; the catch below waits for them all to end, so none is still
    // writing when this returns or throws.
    await Promise.all(running)
    return { received, digest: await hasher.digest(), hashed: hasher.hashedBytes }
  } catch (error) {
    failure.abort(error)
    await Promise.allSettled(running)
    if (!(error instanceof RangeIgnoredError)) throw error
    // The server stopped honouring Range part way: start over as one stream, from nothing.
    job.options.log?.(`  ${errorMessage(error)}: reading it again as one stream`)
    await hasher.dispose()
    await handle.truncate(0)
    const whole = await singleStream(job)
    return { ...whole, received: received + whole.received }
  } finally {
    await hasher.dispose()
  }
}

/** A range from the file's location, resolved anew when the CDN refuses it (403). */
async function getFrom(
  job: Job,
  where: FileLocation,
  range: string,
  controller: AbortController
): Promise<StreamResponse> {
  for (;;) {
    const at = await where.get()
    try {
      return await get(job, at.url, range, controller)
    } catch (error) {
      // The Hub's own refusal is final; the CDN's means its URL no longer holds.
      if (!(error instanceof DownloadRefused) || error.status !== 403 || at.url === job.url) throw error
      await where.refused(at, error)
    }
  }
}
