/** The content hash a blob is named by, computed off the main thread (hash-worker.ts). */
import fs from 'node:fs/promises'
import { FileHasher } from './hash-worker.js'

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
