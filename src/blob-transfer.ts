/**
 * One blob from the Hub to `blobs/<etag>`: streamed to `<etag>.incomplete` while hashed, resumed with
 * `Range` when a transfer breaks off, verified (sha256 for LFS files, the git blob id otherwise) and only
 * then renamed into place, so a blob is either whole and verified or absent.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto'
import { constants } from 'node:fs'
import fs from 'node:fs/promises'
import { errorMessage, isErrorLike } from './errors.js'
import { gitBlobHasher } from './hub-cache.js'
import { describeHubError, readHubError, type HubClient } from './hub-client.js'

/** A file to fetch: where it is in the repo, how big, and the blob name it must hash to. */
export interface RemoteFile {
  path: string
  size: number
  /** The blob name: LFS sha256, else the git blob sha1. */
  etag: string
  lfs: boolean
}

export interface TransferOptions {
  /** Attempts per file when a transfer breaks off mid-body. */
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
}

class TransferError extends Error {}

/** A temporary name no other writer uses (another job, or Python, may fetch the same blob at once). */
function temporaryName(blobPath: string): string {
  return `${blobPath}.${process.pid}-${randomBytes(6).toString('hex')}.incomplete`
}

/**
 * Downloads one blob into a temporary file of its own, resuming with `Range` when a transfer breaks off,
 * checks size and hash, then renames it into place: a blob is either whole and verified, or absent.
 * Returns the content bytes received.
 */
export async function downloadBlob(
  client: HubClient,
  url: string,
  file: RemoteFile,
  blobPath: string,
  options: TransferOptions = {}
): Promise<number> {
  const attempts = options.attempts ?? 5
  const temp = temporaryName(blobPath)
  let received = 0
  let lastError: unknown
  try {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        received += await transfer(client, url, temp, attempt === 1, file, options)
        await fs.rename(temp, blobPath)
        return received
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason
        lastError = error
        if (!(error instanceof TransferError) && !isBrokenTransfer(error)) throw error
        if (attempt < attempts) {
          options.log?.(
            `  retrying ${file.path} (attempt ${attempt + 1} of ${attempts}): ${errorMessage(error)}`
          )
        }
      }
    }
    throw new Error(`download of ${file.path} failed after ${attempts} attempts: ${errorMessage(lastError)}`)
  } finally {
    // Nothing half-written is left where a later step (or the cache archive) would find it.
    await fs.rm(temp, { force: true })
  }
}

function isBrokenTransfer(error: unknown): boolean {
  if (!isErrorLike(error)) return false
  return (
    error.name === 'AbortError' ||
    /terminated|socket|ECONNRESET|aborted|other side closed/i.test(error.message)
  )
}

function newHasher(file: RemoteFile): Hash {
  return file.lfs ? createHash('sha256') : gitBlobHasher(file.size)
}

/** Hashes the first `length` bytes of our own temporary file, streamed (a partial blob may be gigabytes). */
async function hashPrefix(hasher: Hash, handle: fs.FileHandle, length: number): Promise<void> {
  if (length === 0) return
  const stream = handle.createReadStream({ start: 0, end: length - 1, autoClose: false })
  for await (const chunk of stream) hasher.update(chunk as Buffer)
}

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0

/**
 * One request into our temporary file: created exclusively on the first attempt (never through a planted
 * link), appended to from where it stopped on later ones (or restarted when Range is ignored); then
 * verified. Returns the bytes received.
 */
async function transfer(
  client: HubClient,
  url: string,
  temp: string,
  first: boolean,
  file: RemoteFile,
  options: TransferOptions
): Promise<number> {
  const flags = first
    ? constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW
    : constants.O_RDWR | NO_FOLLOW
  const handle = await fs.open(temp, flags, 0o644)
  try {
    const onDisk = first ? 0 : (await handle.stat()).size
    const offset = onDisk > file.size ? 0 : onDisk
    let start = offset
    let written = 0
    const hasher = newHasher(file)
    if (offset < file.size) {
      const controller = new AbortController()
      const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal
      const res = await client.request(
        url,
        {
          // identity, as Python asks: sizes, hashes and Range offsets then refer to the file, not an encoding.
          headers: { 'accept-encoding': 'identity', ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) },
          signal
        },
        { stream: true }
      )
      if (!res.ok) {
        throw new Error(`download of ${file.path} failed: ${describeHubError(await readHubError(res))}`)
      }
      // A 200 to a ranged request means the server ignored Range: start over from the first byte.
      start = res.status === 206 ? offset : 0
      if (start === 0) await handle.truncate(0)
      // Hashed as it streams; only a resumed transfer re-reads the part already on disk.
      await hashPrefix(hasher, handle, start)
      written = await writeBody(res, handle, start, hasher, controller, options)
    } else {
      await hashPrefix(hasher, handle, file.size)
    }
    if (start + written !== file.size) {
      throw new TransferError(`received ${start + written} of ${file.size} bytes (terminated)`)
    }
    const digest = hasher.digest('hex')
    if (digest !== file.etag) {
      await handle.truncate(0)
      throw new TransferError(`content hash ${digest} does not match the expected ${file.etag}`)
    }
    // What is renamed into place must be the very file that was hashed, not one swapped in under its name.
    const [ours, named] = await Promise.all([handle.stat(), fs.lstat(temp)])
    if (ours.ino !== named.ino || ours.dev !== named.dev || named.size !== file.size) {
      throw new Error(`the temporary file of ${file.path} was replaced while it was written`)
    }
    return written
  } finally {
    await handle.close()
  }
}

/**
 * Streams the body into the file at `position` through the hasher, cutting the transfer when fewer than
 * `minBytesPerWindow` bytes arrive in a window (stalled, or dripping).
 */
async function writeBody(
  res: Response,
  handle: fs.FileHandle,
  position: number,
  hasher: Hash,
  controller: AbortController,
  options: TransferOptions
): Promise<number> {
  const windowMs = options.windowMs ?? 30_000
  const floor = options.minBytesPerWindow ?? 64 * 1024
  let written = 0
  let inWindow = 0
  const watchdog = setInterval(() => {
    if (inWindow < floor) {
      controller.abort(
        new TransferError(`fewer than ${floor} bytes in ${windowMs / 1000} s (stalled or too slow)`)
      )
    }
    inWindow = 0
  }, windowMs)
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      hasher.update(chunk)
      await handle.write(chunk, 0, chunk.length, position + written)
      written += chunk.length
      inWindow += chunk.length
    }
  } catch (error) {
    // The abort's reason says why the body stopped; undici may wrap it.
    const reason: unknown = controller.signal.reason
    throw reason instanceof TransferError ? reason : error
  } finally {
    clearInterval(watchdog)
  }
  return written
}
