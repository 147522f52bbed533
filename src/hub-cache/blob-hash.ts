/** The content hash a blob is named by: off the main thread for files (hash-worker.ts), or here for a few bytes. */
import { createHash, type Hash } from 'node:crypto'
import fs from 'node:fs/promises'
import { FileHasher, gitBlobHeader } from './hash-worker.js'

/** The hash a blob is named by, for content hashed on this thread (sha256 for LFS files, else the git blob id). */
export function contentHash(lfs: boolean, size: number): Hash {
  return lfs ? createHash('sha256') : createHash('sha1').update(gitBlobHeader(size))
}

/**
 * The content hash a blob is named by (sha256 for a 64-hex name, the git blob id for a 40-hex one), hashed by
 * the same worker that verifies downloads; undefined when the file is not a regular file.
 */
export async function blobDigest(file: string, name: string): Promise<string | undefined> {
  const stat = await fs.lstat(file).catch(() => undefined)
  if (!stat?.isFile()) return undefined
  const hasher = new FileHasher(file, name.length === 64, stat.size)
  hasher.feed(0, stat.size)
  return hasher.digest().catch(() => undefined)
}
