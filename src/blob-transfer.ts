/**
 * One blob from the Hub to `blobs/<etag>`: streamed to `<etag>.incomplete` while hashed, resumed with
 * `Range` when a transfer breaks off, verified (sha256 for LFS files, the git blob id otherwise) and only
 * then renamed into place, so a blob is either whole and verified or absent.
 */
import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
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
  /** A body that sends nothing for this long is cut and resumed. */
  idleTimeoutMs?: number
  log?: (line: string) => void
}

class TransferError extends Error {}

/**
 * Downloads one blob into `blobs/<etag>.incomplete`, resuming with `Range` when a transfer breaks off,
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
  const temp = `${blobPath}.incomplete`
  let received = 0
  let lastError: unknown
  try {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        // Resume from what is already on disk (this run's broken transfer, or an earlier one's).
        const onDisk = (await fs.stat(temp).catch(() => undefined))?.size ?? 0
        received += await transfer(client, url, temp, onDisk > file.size ? 0 : onDisk, file, options)
        await fs.rename(temp, blobPath)
        return received
      } catch (error) {
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
  } catch (error) {
    // Nothing half-written is left where a later step (or the cache archive) would find it.
    await fs.rm(temp, { force: true })
    throw error
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

/** Hashes the first `length` bytes already on disk, streamed (a partial blob may be gigabytes). */
async function hashPrefix(hasher: Hash, temp: string, length: number): Promise<void> {
  if (length === 0) return
  for await (const chunk of createReadStream(temp, { end: length - 1 })) hasher.update(chunk as Buffer)
}

/** One request: appends to `temp` from `offset` (or restarts when Range is ignored), then verifies. */
async function transfer(
  client: HubClient,
  url: string,
  temp: string,
  offset: number,
  file: RemoteFile,
  options: TransferOptions
): Promise<number> {
  let start = offset
  let written = 0
  let hasher: Hash | undefined
  if (offset < file.size) {
    const controller = new AbortController()
    const res = await client.request(url, {
      // identity, as Python asks: sizes, hashes and Range offsets then refer to the file, not an encoding.
      headers: { 'accept-encoding': 'identity', ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) },
      signal: controller.signal
    })
    if (!res.ok) {
      throw new Error(`download of ${file.path} failed: ${describeHubError(await readHubError(res))}`)
    }
    // A 200 to a ranged request means the server ignored Range: start over from the first byte.
    start = res.status === 206 ? offset : 0
    // Hashed as it streams; only a resumed transfer re-reads the part already on disk.
    hasher = newHasher(file)
    await hashPrefix(hasher, temp, start)
    written = await writeBody(res, temp, start === 0, hasher, controller, options.idleTimeoutMs ?? 60_000)
  } else if (file.size === 0) {
    // An empty file (an __init__.py) needs no request, but its blob must still exist.
    await fs.writeFile(temp, '')
  }
  if (start + written !== file.size) {
    throw new TransferError(`received ${start + written} of ${file.size} bytes (terminated)`)
  }
  if (!hasher) {
    hasher = newHasher(file)
    await hashPrefix(hasher, temp, file.size)
  }
  const digest = hasher.digest('hex')
  if (digest !== file.etag) {
    await fs.rm(temp, { force: true })
    throw new TransferError(`content hash ${digest} does not match the expected ${file.etag}`)
  }
  return written
}

/** Streams the body to `temp` through the hasher, cutting the transfer when no data comes for `idleTimeoutMs`. */
async function writeBody(
  res: Response,
  temp: string,
  truncate: boolean,
  hasher: Hash,
  controller: AbortController,
  idleTimeoutMs: number
): Promise<number> {
  const handle = await fs.open(temp, truncate ? 'w' : 'a')
  let written = 0
  let timer: NodeJS.Timeout | undefined
  const arm = () => {
    clearTimeout(timer)
    timer = setTimeout(
      () => controller.abort(new TransferError(`no data for ${idleTimeoutMs} ms`)),
      idleTimeoutMs
    )
  }
  try {
    arm()
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      arm()
      hasher.update(chunk)
      await handle.write(chunk)
      written += chunk.length
    }
  } finally {
    clearTimeout(timer)
    await handle.close()
  }
  return written
}
