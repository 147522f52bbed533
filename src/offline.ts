/** What a restored cache holds, for running offline when the Hub cannot be reached. */
import fs from 'node:fs/promises'
import { RepoCacheDir } from './hub-cache.js'
import { isCommitHash, type RepoSpec } from './repo-spec.js'

/**
 * The commit Python would use offline for this repo and revision: `refs/<revision>` (or the revision
 * itself when it is a commit), provided its snapshot folder exists. Undefined when the cache lacks it.
 */
export async function findCachedCommit(hubCache: string, spec: RepoSpec): Promise<string | undefined> {
  const repo = new RepoCacheDir(hubCache, spec.type, spec.id)
  const commit = isCommitHash(spec.revision) ? spec.revision : await repo.readRef(spec.revision)
  if (!commit || !isCommitHash(commit)) return undefined
  const present = await fs.stat(repo.snapshotDir(commit)).then(
    s => s.isDirectory(),
    () => false
  )
  return present ? commit : undefined
}
