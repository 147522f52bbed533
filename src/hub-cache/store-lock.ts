/**
 * The lock Python takes on a shared-store hash (`<xet hash>.lock`) to publish, link and collect it: filelock's
 * flock(2) on that file. The file is opened as Python makes it (created if missing), never through a link and
 * never blocking, and must be a regular file.
 */
import { constants } from 'node:fs'
import { flockDescriptor } from '../shared/flock.js'
import { openRegular } from '../shared/safe-fs.js'

/** How long to wait for a lock another writer holds before giving up (the caller then leaves the entry be). */
export const STORE_LOCK_WAIT_SECONDS = 10

/**
 * Runs `work` holding the lock at `lockPath`; undefined (and `work` not run) when the lock file is not a
 * regular file, when another writer held it for `waitSeconds`, or when `flock` is missing (macOS, Windows).
 */
export async function withStoreLock<T>(
  lockPath: string,
  work: () => Promise<T>,
  waitSeconds = STORE_LOCK_WAIT_SECONDS
): Promise<T | undefined> {
  const handle = await openRegular(lockPath, constants.O_RDWR, true)
  if (!handle) return undefined
  try {
    if (!(await flockDescriptor(handle.fd, waitSeconds))) return undefined
    return await work()
  } finally {
    // Closing the last descriptor of the open file releases the lock.
    await handle.close()
  }
}
