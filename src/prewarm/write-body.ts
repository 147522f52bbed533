/** Writing a body in place as it arrives, under a throughput floor, the hashing worker told as it goes. */
import { writeSync } from 'node:fs'
import type { StreamResponse } from '../http/types.js'
import type { FileHasher } from '../hub-cache/hash-worker.js'
import { TransferError, type Job, type Written } from './job.js'

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
