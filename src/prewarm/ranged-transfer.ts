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
export function rangedTransfer(job: Job): Promise<Transferred> {
  return new RangedTransfer(job).run()
}

/** One file's ranged transfer: its ranges, the first answer's decision, the bytes received, the hashing. */
class RangedTransfer {
  private readonly step: number
  private readonly count: number
  /** Every range, the first included, is fetched from the one location the Hub resolved the file to. */
  private readonly where: FileLocation
  private received = 0
  private decision: Decision | undefined
  private decide: (decision: Decision) => void = () => undefined
  private readonly decided = new Promise<Decision>(resolve => (this.decide = resolve))
  /** Aborts every range in flight, and stops the ones not started, once one has failed. */
  private readonly failure = new AbortController()
  private readonly hasher: FileHasher
  /** Ranges complete in any order and are hashed in file order: the ones ahead of the next to hash wait here. */
  private readonly completed = new Map<number, Range>()
  private nextToHash = 0
  /** The next range a puller takes (the first is asked alone, first). */
  private next = 1

  constructor(private readonly job: Job) {
    this.step = job.options.rangeBytes ?? rangeBytesFor(job.file.size)
    this.count = Math.ceil(job.file.size / this.step)
    this.where = FileLocation.of(job)
    this.hasher = new FileHasher(job.temp, job.file.lfs, job.file.size)
  }

  async run(): Promise<Transferred> {
    const running: Promise<void>[] = []
    try {
      const first = this.fetchRange(this.rangeAt(0))
      running.push(first)
      // A first range that fails before its headers decides nothing: its error is the file's.
      const how = await Promise.race([this.decided, first.then(() => this.decided)])
      if (!how.ranged) {
        await this.hasher.dispose()
        return await singleStream(this.job, how.whole)
      }
      for (let i = 0; i < Math.min(CONNECTIONS, this.count - 1); i++) running.push(this.puller())
      // Any failure stops the other ranges at once; the catch below waits for them all to end, so none is still
      // writing when this returns or throws.
      await Promise.all(running)
      return { received: this.received, digest: await this.hasher.digest(), hashed: this.hasher.hashedBytes }
    } catch (error) {
      this.failure.abort(error)
      await Promise.allSettled(running)
      if (!(error instanceof RangeIgnoredError)) throw error
      return await this.again(error)
    } finally {
      await this.hasher.dispose()
    }
  }

  /** The server stopped honouring Range part way: start over as one stream, from nothing. */
  private async again(error: RangeIgnoredError): Promise<Transferred> {
    this.job.options.log?.(`  ${errorMessage(error)}: reading it again as one stream`)
    await this.hasher.dispose()
    await this.job.handle.truncate(0)
    const whole = await singleStream(this.job)
    return { ...whole, received: this.received + whole.received }
  }

  /** Takes the next range as its connection frees up, until none is left. */
  private async puller(): Promise<void> {
    for (let index = this.next++; index < this.count; index = this.next++)
      await this.fetchRange(this.rangeAt(index))
  }

  private rangeAt(index: number): Range {
    const start = index * this.step
    return { index, start, end: Math.min(this.job.file.size, start + this.step) - 1, written: { bytes: 0 } }
  }

  private fetchRange(range: Range): Promise<void> {
    const what = `${this.job.file.path} bytes ${range.start}-${range.end}`
    return withRetries(this.job, what, () => this.job.connections(() => this.fetchOnce(range)))
  }

  /** One attempt at the rest of a range, stopped when another range fails. */
  private async fetchOnce(range: Range): Promise<void> {
    if (this.failure.signal.aborted) throw this.failure.signal.reason
    const controller = new AbortController()
    const stop = () => controller.abort(this.failure.signal.reason)
    this.failure.signal.addEventListener('abort', stop, { once: true })
    try {
      const from = range.start + range.written.bytes
      const probing = this.decision === undefined
      const res = await getFrom(this.job, this.where, `bytes=${from}-${range.end}`, controller)
      if (probing && res.status === 200) {
        // The first answer decides: a server that ignores Range sends the file, read as one stream.
        this.decide((this.decision = { ranged: false, whole: res }))
        return
      }
      await this.checkRange(res, from, range)
      if (probing) {
        await this.job.handle.truncate(this.job.file.size)
        this.decide((this.decision = { ranged: true }))
      }
      await this.write(range, res, controller)
    } finally {
      this.failure.signal.removeEventListener('abort', stop)
    }
  }

  /** The answer must be exactly the range asked for, of a file of the listed size. */
  private async checkRange(res: StreamResponse, from: number, range: Range): Promise<void> {
    const got = contentRange(res)
    const size = this.job.file.size
    if (got && got.start === from && got.end === range.end && got.total === size) return
    await res.body.cancel()
    const path = this.job.file.path
    if (!got) throw new RangeIgnoredError(`the server answered a range of ${path} with the whole file`)
    throw new Error(`the server answered a range of ${path} with another part of it`)
  }

  /** The range's body written in place; done (and hashed when its turn comes) only when every byte is on disk. */
  private async write(range: Range, res: StreamResponse, controller: AbortController): Promise<void> {
    const before = range.written.bytes
    const length = range.end - range.start + 1
    try {
      const into = { written: range.written, limit: length, base: range.start }
      await writeBody(this.job, res, into, undefined, controller)
    } finally {
      this.received += range.written.bytes - before
    }
    if (range.written.bytes !== length) {
      throw new TransferError(`received ${range.written.bytes} of ${length} bytes (terminated)`)
    }
    this.completed.set(range.index, range)
    for (let r = this.completed.get(this.nextToHash); r; r = this.completed.get(this.nextToHash)) {
      this.completed.delete(this.nextToHash++)
      this.hasher.feed(r.start, r.end + 1)
    }
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
