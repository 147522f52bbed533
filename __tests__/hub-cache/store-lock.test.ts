/** The store's lock, taken with util-linux's flock as Python's filelock takes it: bounded, never on a FIFO. */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { heldElsewhere, untilSomeoneWaitsFor } from '../../__fixtures__/flock.js'
import { withStoreLock } from '../../src/hub-cache/store-lock.js'
import { symlinksSupported } from '../../src/hub-cache/symlinks.js'

const lockFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-lock-')), 'x.lock')

describe('withStoreLock', () => {
  it('runs the work holding the lock, and gives its result', async () => {
    const file = lockFile()
    const result = await withStoreLock(file, async () => {
      // While the work runs, nobody else gets the lock.
      expect(() => execFileSync('flock', ['--nonblock', file, 'true'], { stdio: 'ignore' })).toThrow()
      return 42
    })
    expect(result).toBe(42)
    expect(() => execFileSync('flock', ['--nonblock', file, 'true'])).not.toThrow()
  })

  it('gives up after the wait when another writer holds the lock, without running the work', async () => {
    const file = lockFile()
    const release = await heldElsewhere(file)
    try {
      let ran = false
      expect(await withStoreLock(file, async () => (ran = true), 1)).toBeUndefined()
      expect(ran).toBe(false)
    } finally {
      release()
    }
  })

  it('waits for another writer to release the lock, then runs the work', async () => {
    const file = lockFile()
    const release = await heldElsewhere(file)
    let released = false
    let settled = false
    const locked = withStoreLock(file, async () => released, 30).finally(() => (settled = true))
    // The other writer lets go only once this one is blocked waiting for the file's lock.
    await untilSomeoneWaitsFor(file, () => settled)
    released = true
    release()
    expect(await locked).toBe(true)
  })

  it('takes no lock whose file is a FIFO (and does not block on it)', async () => {
    const file = lockFile()
    execFileSync('mkfifo', [file])
    expect(await withStoreLock(file, async () => 1)).toBeUndefined()
  })
})

describe('symlinksSupported', () => {
  it('probes a folder once, making it when missing, and leaves nothing behind', async () => {
    const hub = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-probe-')), 'hub')
    expect(await symlinksSupported(hub)).toBe(true)
    expect(fs.readdirSync(hub)).toEqual([])
    // Remembered: a second probe does not touch the folder.
    fs.rmSync(hub, { recursive: true })
    expect(await symlinksSupported(hub)).toBe(true)
    expect(fs.existsSync(hub)).toBe(false)
  })
})
