/**
 * A repo as a later step's Python leaves it in the hub cache: blobs named by their hash (the git blob id, or
 * sha256 for LFS files), relative snapshot links to them, `refs/main`. For tests that need a cache the action
 * did not write.
 */
import fs from 'node:fs'
import path from 'node:path'
import { gitBlobSha1, sha256, type FakeFile } from './fake-hub.js'

export function downloadLikePython(
  hubCache: string,
  folder: string,
  commit: string,
  files: Record<string, FakeFile>
): void {
  const root = path.join(hubCache, folder)
  fs.mkdirSync(path.join(root, 'blobs'), { recursive: true })
  for (const [name, file] of Object.entries(files)) {
    const etag = file.lfs ? sha256(file.content) : gitBlobSha1(file.content)
    fs.writeFileSync(path.join(root, 'blobs', etag), file.content)
    const link = path.join(root, 'snapshots', commit, name)
    fs.mkdirSync(path.dirname(link), { recursive: true })
    fs.symlinkSync(path.relative(path.dirname(link), path.join(root, 'blobs', etag)), link)
  }
  fs.mkdirSync(path.join(root, 'refs'), { recursive: true })
  fs.writeFileSync(path.join(root, 'refs', 'main'), commit)
}
