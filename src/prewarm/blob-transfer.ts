/**
 * One blob from the Hub to `blobs/<etag>`: written into a temporary file of its own, verified (sha256 for LFS
 * files, the git blob id otherwise) and only then renamed into place, so a blob is either whole and verified
 * or absent.
 *
 * A large file is split into ranges fetched over several connections at once (a distant CDN gives each TCP
 * stream a fraction of the link, which is why hf_transfer and `aria2c -x` exist): each range is written in
 * place and resumed alone after a break. The first range's answer decides: a server that ignores `Range` (200,
 * or no `Content-Range`) is read as one stream. Connections are shared by every transfer of the pre-warm.
 */
import { createHash, type Hash } from 'node:crypto'
import { constants, writeSync } from 'node:fs'
import fs from 'node:fs/promises'
import pLimit, { type LimitFunction } from 'p-limit'
import { errorMessage, isErrorLike } from '../shared/errors.js'
import { gitBlobHasher } from '../hub-cache/layout.js'
import { NO_FOLLOW } from '../shared/safe-fs.js'
import { isSize } from '../shared/shape.js'
import { temporaryName } from '../shared/temp-name.js'
import { FileHasher } from '../hub-cache/hash-worker.js'
import { describeHubError } from '../hub/errors.js'
import { readHubError } from '../hub/body.js'
import type { HubClient } from '../hub/client.js'
import type { StreamResponse } from '../http/types.js'

/** A file to fetch: where it is in the repo, how big, and the blob name it must hash to. */
export interface RemoteFile {
  path: string
  size: number
  /** The blob name: LFS sha256, else the git blob sha1. */
  etag: string
  lfs: boolean
}

const MiB = 1024 * 1024
/** Connections open at once across the whole pre-warm. */
export const CONNECTIONS = 16
/**
 * Range sizes: a file is cut into about CONNECTIONS ranges (all of its ranges then run at once: no tail of a
 * few connections finishing a second round), but never below the smallest size (each request pays the
 * CDN's time to first byte) nor above the largest (one slow connection must not hold up a huge file, and
 * hashing follows completed ranges in order). Chosen with `npm run bench` (case 2 and 3).
 */
export const RANGE_MIN_BYTES = 8 * MiB
export const RANGE_MAX_BYTES = 64 * MiB
/**
 * The largest file the action downloads: 1 TiB, far above any file the Hub serves (its uploads are capped at
 * 50 GB a file, and a CDN refuses a non-ranged GET beyond that). A listing announcing more is refused before
 * anything is planned or allocated for it.
 */
export const MAX_FILE_BYTES = 2 ** 40
/** Files at least this big are split; smaller ones are one request. */
export const RANGED_MIN_BYTES = 2 * RANGE_MIN_BYTES

/** The range size for a file of `size` bytes (whole MiB). */
export function rangeBytesFor(size: number): number {
  const share = Math.ceil(size / CONNECTIONS / MiB) * MiB
  return Math.min(RANGE_MAX_BYTES, Math.max(RANGE_MIN_BYTES, share))
}

export interface TransferOptions {
  /** Attempts per file, or per range, when a transfer breaks off mid-body. */
  attempts?: number
  /**
   * Throughput floor: a body that brings fewer than `minBytesPerWindow` bytes in `windowMs` is cut and resumed
   * (a server that drips a byte every few seconds would otherwise hold the job for ever).
   */
  windowMs?: number
  minBytesPerWindow?: number
  /** Aborts everything (the pre-warm's overall time limit); its reason is the error thrown. */
  signal?: AbortSignal
  log?: (line: string) => void
  /** The connection pool shared by every transfer; one of CONNECTIONS slots when not given. */
  connections?: LimitFunction
  rangeBytes?: number
  rangedMinBytes?: number
  /** Told of content bytes as they arrive (progress). */
  onBytes?: (bytes: number) => void
}

class TransferError extends Error {}

/**
 * Downloads one blob, verifies it and renames it into place. Returns the content bytes received (more than
 * the size when ranges had to be fetched again).
 */
export async function downloadBlob(
  client: HubClient,
  url: string,
  file: RemoteFile,
  blobPath: string,
  options: TransferOptions = {}
): Promise<number> {
  if (!isSize(file.size) || file.size > MAX_FILE_BYTES) {
    throw new Error(
      `download of ${file.path} refused: ${file.size} bytes is over the ${MAX_FILE_BYTES}-byte limit`
    )
  }
  // No other writer uses it (another job, or Python, may fetch the same blob at once).
  const temp = temporaryName(blobPath, 'incomplete')
  // Created exclusively, never through a planted link.
  const handle = await fs.open(
    temp,
    constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW,
    0o644
  )
  try {
    const job: Job = {
      client,
      url,
      file,
      temp,
      handle,
      options,
      connections: options.connections ?? pLimit(CONNECTIONS)
    }
    const ranged = file.size >= (options.rangedMinBytes ?? RANGED_MIN_BYTES)
    // An empty file (an __init__.py) needs no request, but its blob must still exist.
    const { received, digest, hashed } =
      file.size === 0
        ? { received: 0, digest: newHasher(file).digest('hex'), hashed: 0 }
        : ranged
          ? await rangedTransfer(job)
          : await singleStream(job)
    // The digest vouches for the blob only if it covers every byte of it.
    if (hashed !== file.size) {
      throw new Error(`download of ${file.path} failed: ${hashed} of its ${file.size} bytes were hashed`)
    }
    if (digest !== file.etag) {
      throw new Error(
        `download of ${file.path} failed: content hash ${digest} does not match the expected ${file.etag}`
      )
    }
    // What is renamed into place must be the very file that was hashed, not one swapped in under its name.
    const [ours, named] = await Promise.all([handle.stat(), fs.lstat(temp)])
    if (ours.ino !== named.ino || ours.dev !== named.dev || named.size !== file.size) {
      throw new Error(`the temporary file of ${file.path} was replaced while it was written`)
    }
    await fs.rename(temp, blobPath)
    return received
  } finally {
    await handle.close()
    // Nothing half-written is left where a later step (or the cache archive) would find it.
    await fs.rm(temp, { force: true })
  }
}

interface Job {
  client: HubClient
  url: string
  file: RemoteFile
  /** The temporary file, which the hashing worker reads back. */
  temp: string
  handle: fs.FileHandle
  options: TransferOptions
  connections: LimitFunction
}

function newHasher(file: RemoteFile): Hash {
  return file.lfs ? createHash('sha256') : gitBlobHasher(file.size)
}

function isBrokenTransfer(error: unknown): boolean {
  if (error instanceof TransferError) return true
  if (!isErrorLike(error)) return false
  return (
    error.name === 'AbortError' ||
    /terminated|socket|ECONNRESET|aborted|other side closed/i.test(error.message)
  )
}

/** Runs `attempt` until it succeeds, retrying broken transfers (never a deadline or a refusal). */
async function withRetries<T>(job: Job, what: string, attempt: (n: number) => Promise<T>): Promise<T> {
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
async function get(
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
  if (!res.ok) {
    throw new Error(`download of ${job.file.path} failed: ${describeHubError(await readHubError(res))}`)
  }
  return res
}

/** `bytes a-b/total` of a 206, or undefined when the answer is not the range asked for. */
function contentRange(res: StreamResponse): { start: number; end: number; total: number } | undefined {
  if (res.status !== 206) return undefined
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get('content-range') ?? '')
  return m ? { start: Number(m[1]), end: Number(m[2]), total: Number(m[3]) } : undefined
}

/** What a transfer brought: content bytes received, and the digest of the first `hashed` bytes on disk. */
interface Transferred {
  received: number
  digest: string
  hashed: number
}

/** Bytes written by a transfer so far, kept up to date even when it breaks off. */
interface Written {
  bytes: number
}

/**
 * The whole file as one stream, resumed with `Range` after a break (or restarted when Range is ignored).
 * `first` is an answer already received for the whole file (a server that ignored a range request).
 */
async function singleStream(job: Job, first?: StreamResponse): Promise<Transferred> {
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

/** One byte range of a file, and how much of it is on disk. */
interface Range {
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
async function rangedTransfer(job: Job): Promise<Transferred> {
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
  // Later ranges go straight to where the first was served from (the CDN's signed URL), saving a Hub
  // request each; when that is refused (an expired signature), they ask the Hub again.
  let direct = job.url
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
          const res = probing
            ? await get(job, job.url, asked, controller)
            : await getRange(job, direct, asked, controller)
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
            direct = res.url || job.url
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
  const settle = async (work: Promise<unknown>[]) => {
    const results = await Promise.allSettled(work)
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed) throw failed.reason
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
    // Any failure stops the other ranges; none is still writing when this returns or throws.
    await settle(running.map(work => work.catch(error => (failure.abort(error), Promise.reject(error)))))
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

/** A range from the direct URL, falling back to the Hub's resolve URL when the direct one is refused. */
async function getRange(
  job: Job,
  direct: string,
  range: string,
  controller: AbortController
): Promise<StreamResponse> {
  if (direct === job.url) return get(job, job.url, range, controller)
  try {
    return await get(job, direct, range, controller)
  } catch (error) {
    if (isBrokenTransfer(error) || job.options.signal?.aborted) throw error
    return get(job, job.url, range, controller)
  }
}

/** The hashing worker is told of written bytes in steps of this size (not per piece: fewer messages). */
const HASH_STEP_BYTES = 1024 * 1024

/** Where a body goes: the part of the file from `base`, `limit` bytes long, `written` of them so far. */
interface Target {
  written: Written
  limit: number
  base?: number
}

/**
 * Writes a body into the file at `base + written.bytes` as it arrives (each piece synchronously, straight
 * from the socket's buffer, as curl does; the hasher reads back what landed), cutting the transfer when fewer
 * than `minBytesPerWindow` bytes arrive in a window (stalled, or dripping), and refusing a body longer than
 * the part it was asked for (a hostile server could otherwise fill the disk). `written` is exact at every
 * moment, so a broken transfer resumes right after the last byte on disk.
 */
async function writeBody(
  job: Job,
  res: StreamResponse,
  { written, limit, base = 0 }: Target,
  hasher: FileHasher | undefined,
  controller: AbortController
): Promise<void> {
  const windowMs = job.options.windowMs ?? 30_000
  const floor = job.options.minBytesPerWindow ?? 64 * 1024
  let inWindow = 0
  const watchdog = setInterval(() => {
    if (inWindow < floor) {
      controller.abort(
        new TransferError(`fewer than ${floor} bytes in ${windowMs / 1000} s (stalled or too slow)`)
      )
    }
    inWindow = 0
  }, windowMs)
  const fd = job.handle.fd
  let fed = written.bytes
  const feed = () => {
    hasher?.feed(base + fed, base + written.bytes)
    fed = written.bytes
  }
  try {
    await res.body.consume(piece => {
      if (written.bytes + piece.length > limit) {
        throw new Error(`the server sent more of ${job.file.path} than the ${limit} bytes asked for`)
      }
      for (let done = 0; done < piece.length;) {
        done += writeSync(fd, piece, done, piece.length - done, base + written.bytes + done)
      }
      written.bytes += piece.length
      inWindow += piece.length
      job.options.onBytes?.(piece.length)
      if (written.bytes - fed >= HASH_STEP_BYTES) feed()
    })
  } catch (error) {
    // The abort's reason says why the body stopped.
    const reason: unknown = controller.signal.reason
    throw reason instanceof TransferError ? reason : error
  } finally {
    clearInterval(watchdog)
    // What arrived before a break is on disk and hashed: the resume starts right after it.
    feed()
  }
}
