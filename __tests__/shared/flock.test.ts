/** A folder's lock: steps of other jobs take turns, and a lock that cannot be had never stops the work. */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { heldElsewhere, untilSomeoneWaitsFor } from '../../__fixtures__/flock.js'
import { flockDescriptor, underFolderLock } from '../../src/shared/flock.js'

const folder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hf-flock-'))
const lockedNow = (dir: string) => {
  try {
    execFileSync('flock', ['--nonblock', dir, 'true'])
    return false
  } catch {
    return true
  }
}

/** Runs `check` with PATH holding only `dir` (where a test puts the `flock` it wants, or none). */
async function withPath<T>(dir: string, check: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH
  process.env.PATH = dir
  try {
    return await check()
  } finally {
    process.env.PATH = saved
  }
}

const sleepCommand = () => execFileSync('sh', ['-c', 'command -v sleep']).toString().trim()

const timers = () => process.getActiveResourcesInfo().filter(r => r === 'Timeout').length

describe('flockDescriptor', () => {
  it('locks an open file until this process closes it, and leaves no timer behind', async () => {
    const file = path.join(folder(), 'x.lock')
    const handle = await fs.promises.open(file, 'w')
    const before = timers()
    expect(await flockDescriptor(handle.fd, 5)).toBe(true)
    expect(timers()).toBe(before)
    expect(lockedNow(file)).toBe(true)
    await handle.close()
    expect(lockedNow(file)).toBe(false)
  })

  it('is false after the wait when another process holds the lock', async () => {
    const file = path.join(folder(), 'x.lock')
    fs.writeFileSync(file, '')
    const release = await heldElsewhere(file)
    const handle = await fs.promises.open(file, 'r')
    try {
      const before = timers()
      expect(await flockDescriptor(handle.fd, 0.2)).toBe(false)
      expect(timers()).toBe(before)
    } finally {
      await handle.close()
      release()
    }
  })

  it('is false without flock on the machine (macOS, Windows)', async () => {
    const handle = await fs.promises.open(path.join(folder(), 'x.lock'), 'w')
    try {
      const before = timers()
      expect(await withPath(folder(), () => flockDescriptor(handle.fd, 1))).toBe(false)
      expect(timers()).toBe(before)
    } finally {
      await handle.close()
    }
  })

  it('lets a slow flock finish within its wait and the grace after it', async () => {
    const bin = folder()
    // A flock that takes its time (a loaded machine), then locks.
    fs.writeFileSync(path.join(bin, 'flock'), `#!/bin/sh\n${sleepCommand()} 0.2\nexit 0\n`, { mode: 0o755 })
    const handle = await fs.promises.open(path.join(folder(), 'x.lock'), 'w')
    try {
      expect(await withPath(bin, () => flockDescriptor(handle.fd, 1, 1))).toBe(true)
    } finally {
      await handle.close()
    }
  })

  it('kills a flock that runs past its own wait, and is false', async () => {
    const bin = folder()
    // A flock that never answers (a machine too loaded to run it).
    fs.writeFileSync(path.join(bin, 'flock'), `#!/bin/sh\nexec ${sleepCommand()} 30\n`, { mode: 0o755 })
    const handle = await fs.promises.open(path.join(folder(), 'x.lock'), 'w')
    try {
      expect(await withPath(bin, () => flockDescriptor(handle.fd, 0.1, 0.1))).toBe(false)
    } finally {
      await handle.close()
    }
  })
})

describe('underFolderLock', () => {
  it('runs the work holding the lock on the folder, leaves nothing in it, and gives the result', async () => {
    const dir = folder()
    expect(await underFolderLock(dir, async () => [lockedNow(dir)], 5)).toEqual([true])
    expect(lockedNow(dir)).toBe(false)
    expect(fs.readdirSync(dir)).toEqual([])
  })

  it('releases the lock when the work fails', async () => {
    const dir = folder()
    await expect(underFolderLock(dir, () => Promise.reject(new Error('no')), 5)).rejects.toThrow('no')
    expect(lockedNow(dir)).toBe(false)
  })

  it('waits while another process holds the folder, and runs the work once it lets go', async () => {
    const dir = folder()
    const release = await heldElsewhere(dir)
    let released = false
    let settled = false
    const work = underFolderLock(dir, async () => released, 30).finally(() => (settled = true))
    await untilSomeoneWaitsFor(dir, () => settled)
    released = true
    release()
    expect(await work).toBe(true)
  })

  it('runs the work anyway once the wait is over, or when the folder cannot be locked', async () => {
    const dir = folder()
    const release = await heldElsewhere(dir)
    try {
      expect(await underFolderLock(dir, async () => 'ran', 1)).toBe('ran')
    } finally {
      release()
    }
    // A FIFO where the folder should be is never opened (opening it could block).
    const fifo = path.join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    expect(await underFolderLock(fifo, async () => 'ran', 1)).toBe('ran')
    expect(await underFolderLock(path.join(dir, 'missing'), async () => 'ran', 1)).toBe('ran')
  })
})
