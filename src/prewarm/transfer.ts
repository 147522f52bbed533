/**
 * What every transfer of a blob shares: the file and the options, the retry of broken transfers, one GET, and
 * writing a body in place as it arrives, under a throughput floor.
 */
import { writeSync } from 'node:fs'
import type fs from 'node:fs/promises'
import type { LimitFunction } from 'p-limit'
import type { StreamResponse } from '../http/types.js'
import { readHubError } from '../hub/body.js'
import type { HubClient } from '../hub/client.js'
import { describeHubError } from '../hub/errors.js'
import { MAX_FILE_BYTES } from '../hub/tree.js'
import type { FileHasher } from '../hub-cache/hash-worker.js'
import { isErrorLike, errorMessage } from '../shared/errors.js'

export { MAX_FILE_BYTES }

/** A file to fetch: where it is in the repo, how big, and the blob name it must hash to. */
export interface RemoteFile {
  path: string
  size: number
  /** The blob name: LFS sha256, else the git blob sha1. */
  etag: string
  lfs: boolean
  /** The Xet hash the listing gives (Python's shared store names payloads by it). */
  xetHash?: string
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

export class TransferError extends Error {}

export interface Job {
  client: HubClient
  url: string
  file: RemoteFile
  /** The temporary file, which the hashing worker reads back. */
  temp: string
  handle: fs.FileHandle
  options: TransferOptions
  connections: LimitFunction
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

/** A download answered with an error status (the CDN's 403 for a URL whose signature no longer holds, say). */
export class DownloadRefused extends Error {
  constructor(
    path: string,
    readonly status: number,
    /** What the server answered, described (safe to print). */
    readonly said: string
  ) {
    super(`download of ${path} failed: ${said}`)
  }
}

/** `bytes a-b/total` of a 206, or undefined when the answer is not the range asked for. */
export function contentRange(res: StreamResponse): { start: number; end: number; total: number } | undefined {
  if (res.status !== 206) return undefined
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get('content-range') ?? '')
  return m ? { start: Number(m[1]), end: Number(m[2]), total: Number(m[3]) } : undefined
}

/** What a transfer brought: content bytes received, and the digest of the first `hashed` bytes on disk. */
export interface Transferred {
  received: number
  digest: string
  hashed: number
}

/** Bytes written by a transfer so far, kept up to date even when it breaks off. */
export interface Written {
  bytes: number
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
export async function writeBody(
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
