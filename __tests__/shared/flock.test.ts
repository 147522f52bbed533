/** A folder's lock: steps of other jobs take turns, and a lock that cannot be had never stops the work. */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { heldElsewhere, untilSomeoneWaitsFor } from '../../__fixtures__/flock.js'
import { underFolderLock } from '../../src/shared/flock.js'

const folder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hf-flock-'))
const lockedNow = (dir: string) => {
  try {
    execFileSync('flock', ['--nonblock', dir, 'true'])
    return false
  } catch {
    return true
  }
}

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
