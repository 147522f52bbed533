/** Another process holding a flock(2) lock, and a way to see that this one waits for it. */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'

/** Another writer holding the lock on `file` (a file or a folder) until the returned function is called. */
export async function heldElsewhere(file: string): Promise<() => void> {
  // A process group of its own: the lock is held by `sleep` too (it inherits the descriptor), so both go.
  const holder = spawn('flock', ['--exclusive', file, 'sleep', '30'], { stdio: 'ignore', detached: true })
  // Held once a lock attempt that must not wait fails.
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('flock', ['--nonblock', file, 'true'])
    } catch {
      return () => process.kill(-holder.pid!, 'SIGKILL')
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error('the other writer never took the lock')
}

/** Whether some process is blocked waiting for the lock on `file` (a waiter in /proc/locks). */
export function someoneWaitsFor(file: string): boolean {
  const inode = String(fs.statSync(file).ino)
  return fs
    .readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .some(line => line.includes('->') && line.includes(`:${inode} `))
}

/** Resolves once someone waits for the lock on `file`, or once `settled()` says the waiter is done anyway. */
export async function untilSomeoneWaitsFor(file: string, settled: () => boolean): Promise<void> {
  while (!settled() && !someoneWaitsFor(file)) await new Promise(resolve => setImmediate(resolve))
}
