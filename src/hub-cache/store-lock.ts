/**
 * The lock Python takes on a shared-store hash (`<xet hash>.lock`) to publish, link and collect it: filelock's
 * flock(2) on that file. Node has no flock of its own, so util-linux's `flock` takes it on a file descriptor
 * this process opened and hands to it (`flock --wait N 3`): flock(2) locks belong to the open file, which the
 * child shares, so the lock stays held here after `flock` exits, until this process closes the file. The
 * file is opened as Python makes it (created if missing), never through a link and never blocking, and must
 * be a regular file.
 *
 * Why not `@actions/exec`: it runs a command and collects its output; it cannot hand the child an open file.
 */
import { spawn } from 'node:child_process'
import { constants } from 'node:fs'
import { openRegular } from '../shared/safe-fs.js'

/** How long to wait for a lock another writer holds before giving up (the caller then leaves the entry be). */
export const STORE_LOCK_WAIT_SECONDS = 10

/** Asks `flock` to lock the open file it is given as fd 3; true once locked, false on timeout or no flock. */
function lockDescriptor(fd: number, waitSeconds: number): Promise<boolean> {
  return new Promise(resolve => {
    const child = spawn('flock', ['--exclusive', '--wait', String(waitSeconds), '3'], {
      stdio: ['ignore', 'ignore', 'ignore', fd]
    })
    // flock's own --wait bounds the wait; this bounds flock itself (a machine too loaded to run it).
    const guard = setTimeout(() => child.kill('SIGKILL'), (waitSeconds + 10) * 1000)
    child.on('error', () => {
      clearTimeout(guard)
      resolve(false)
    })
    child.on('exit', code => {
      clearTimeout(guard)
      resolve(code === 0)
    })
  })
}

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
    if (!(await lockDescriptor(handle.fd, waitSeconds))) return undefined
    return await work()
  } finally {
    // Closing the last descriptor of the open file releases the lock.
    await handle.close()
  }
}
