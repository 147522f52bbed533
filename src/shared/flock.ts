/**
 * flock(2) from Node, which has none of its own: util-linux's `flock` locks a file descriptor this process
 * opened and hands to it (`flock --wait N 3`). flock(2) locks belong to the open file, which the child shares,
 * so the lock stays held here after `flock` exits, until this process closes its descriptor (or dies: a lock
 * is never left behind by a crash or a cancel).
 *
 * Why not `@actions/exec`: it runs a command and collects its output; it cannot hand the child an open file.
 */
import { spawn } from 'node:child_process'
import { constants } from 'node:fs'
import fs from 'node:fs/promises'

/**
 * Locks the open file `fd` exclusively; true once locked, false after `waitSeconds` or with no `flock` here.
 * A `flock` still running `graceSeconds` past its own wait (a machine too loaded to run it) is killed.
 */
export function flockDescriptor(fd: number, waitSeconds: number, graceSeconds = 10): Promise<boolean> {
  return new Promise(resolve => {
    const child = spawn('flock', ['--exclusive', '--wait', String(waitSeconds), '3'], {
      stdio: ['ignore', 'ignore', 'ignore', fd],
      // Looked up on this process's PATH as it is now.
      env: process.env
    })
    // flock's own --wait bounds the wait; this bounds flock itself.
    const guard = setTimeout(() => child.kill('SIGKILL'), (waitSeconds + graceSeconds) * 1000)
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
 * Runs `work` holding flock(2) on the folder `dir` (nothing is created for it, so nothing is left behind), so
 * steps of other jobs on this machine doing the same never interleave with it. Best effort: where the lock
 * cannot be had (no `flock`, not a folder we can open, another holder past `waitSeconds`) `work` runs anyway.
 */
export async function underFolderLock<T>(
  dir: string,
  work: () => Promise<T>,
  waitSeconds: number
): Promise<T> {
  // O_DIRECTORY: a FIFO or device planted at the name is refused, never opened (which could block).
  const handle = await fs
    .open(dir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NONBLOCK)
    .catch(() => undefined)
  try {
    if (handle) await flockDescriptor(handle.fd, waitSeconds)
    return await work()
  } finally {
    await handle?.close()
  }
}
