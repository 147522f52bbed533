/**
 * One blob from the Hub to `blobs/<etag>`: written into a temporary file of its own, verified (sha256 for LFS
 * files, the git blob id otherwise) and only then renamed into place, so a blob is either whole and verified
 * or absent. Large files go in ranges (ranged-transfer.ts), others as one stream (single-stream.ts); the
 * connections are shared by every transfer of the pre-warm.
 */
import { constants } from 'node:fs'
import fs from 'node:fs/promises'
import pLimit from 'p-limit'
import { contentHash } from '../hub-cache/blob-hash.js'
import type { HubClient } from '../hub/client.js'
import { NO_FOLLOW } from '../shared/safe-fs.js'
import { isSize } from '../shared/shape.js'
import { temporaryName } from '../shared/temp-name.js'
import { rangedTransfer } from './ranged-transfer.js'
import { singleStream } from './single-stream.js'
import { MAX_FILE_BYTES } from '../hub/tree.js'
import type { Job, RemoteFile, TransferOptions } from './job.js'
import { CONNECTIONS, RANGED_MIN_BYTES } from './sizing.js'

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
        ? { received: 0, digest: contentHash(file.lfs, 0).digest('hex'), hashed: 0 }
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
