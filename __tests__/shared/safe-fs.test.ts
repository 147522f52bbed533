import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { constants } from 'node:fs'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  openRegular,
  pathExists,
  readRegular,
  replaceAtomically,
  writeExclusive
} from '../../src/shared/safe-fs.js'

let dir = ''
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safe-fs-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))
const at = (name: string) => path.join(dir, name)
/** This process's open file descriptors: a handle left open shows here. */
const openFds = () => fs.readdirSync('/proc/self/fd').length

/** A planted link to a file outside, a FIFO with no writer, a folder: what a restored cache may hold. */
function plant() {
  const outside = at('outside')
  fs.writeFileSync(outside, 'secret outside the cache')
  fs.symlinkSync(outside, at('link'))
  execFileSync('mkfifo', [at('fifo')])
  fs.mkdirSync(at('folder'))
  return outside
}

describe('reading files another tool may have planted', () => {
  it('reads a regular file, and nothing through a link, from a FIFO (without blocking) or a folder', async () => {
    fs.writeFileSync(at('file'), 'hello')
    const outside = plant()
    expect(await readRegular(at('file'))).toBe('hello')
    for (const name of ['link', 'fifo', 'folder', 'missing'])
      expect(await readRegular(at(name))).toBeUndefined()
    expect(fs.readFileSync(outside, 'utf8')).toBe('secret outside the cache')
  })

  it('reads up to 64 MiB by default, and closes what it opened either way', async () => {
    fs.writeFileSync(at('file'), 'x'.repeat(100 * 1024))
    const before = openFds()
    expect(await readRegular(at('file'))).toHaveLength(100 * 1024)
    // A sparse file one byte over: refused before a byte is read.
    fs.closeSync(fs.openSync(at('large'), 'w'))
    fs.truncateSync(at('large'), 64 * 1024 * 1024 + 1)
    expect(await readRegular(at('large'))).toBeUndefined()
    expect(openFds()).toBe(before)
  })

  it('reads a file no larger than the limit', async () => {
    fs.writeFileSync(at('file'), 'x'.repeat(100))
    expect(await readRegular(at('file'), 100)).toHaveLength(100)
    expect(await readRegular(at('file'), 99)).toBeUndefined()
  })

  it('opens to write only a regular file, never through a link; and creates one when asked', async () => {
    const outside = plant()
    for (const name of ['link', 'fifo', 'folder', 'missing'])
      expect(await openRegular(at(name), constants.O_WRONLY)).toBeUndefined()
    // Asked to create: a planted link is still refused, never followed.
    expect(await openRegular(at('link'), constants.O_WRONLY, true)).toBeUndefined()
    expect(await openRegular(at('fifo'), constants.O_RDONLY, true)).toBeUndefined()
    expect(fs.readFileSync(outside, 'utf8')).toBe('secret outside the cache')
    const made = await openRegular(at('new'), constants.O_WRONLY, true)
    expect(made).toBeDefined()
    await made!.writeFile('made')
    await made!.close()
    expect(fs.readFileSync(at('new'), 'utf8')).toBe('made')
  })

  it('says whether anything is at a path, a dangling link included', async () => {
    fs.symlinkSync(at('nowhere'), at('dangling'))
    expect(await pathExists(at('dangling'))).toBe(true)
    expect(await pathExists(at('nowhere'))).toBe(false)
  })
})

describe('writing', () => {
  it('closes the file it created', async () => {
    const before = openFds()
    await writeExclusive(at('one'), 'a', 0o600)
    await writeExclusive(at('two'), 'b')
    expect(openFds()).toBe(before)
  })

  it('creates a file exclusively, with exactly the mode asked whatever the umask, never over anything', async () => {
    const before = process.umask(0o077)
    try {
      await writeExclusive(at('token'), 'hf_x', 0o644)
      expect(fs.statSync(at('token')).mode & 0o777).toBe(0o644)
      await writeExclusive(at('plain'), 'p')
      expect(fs.statSync(at('plain')).mode & 0o777).toBe(0o600)
    } finally {
      process.umask(before)
    }
    const outside = plant()
    await expect(writeExclusive(at('link'), 'x')).rejects.toThrow(/EEXIST/)
    await expect(writeExclusive(at('token'), 'x')).rejects.toThrow(/EEXIST/)
    expect(fs.readFileSync(outside, 'utf8')).toBe('secret outside the cache')
    expect(fs.readFileSync(at('token'), 'utf8')).toBe('hf_x')
  })

  it('replaces a file whole, and leaves nothing behind when the write fails', async () => {
    fs.writeFileSync(at('ref'), 'old')
    await replaceAtomically(at('ref'), temp => writeExclusive(temp, 'new'))
    expect(fs.readFileSync(at('ref'), 'utf8')).toBe('new')
    expect(fs.readdirSync(dir)).toEqual(['ref'])
    await expect(
      replaceAtomically(at('ref'), async temp => {
        await writeExclusive(temp, 'half')
        throw new Error('disk full')
      })
    ).rejects.toThrow('disk full')
    expect(fs.readFileSync(at('ref'), 'utf8')).toBe('new')
    expect(fs.readdirSync(dir)).toEqual(['ref'])
    // A write that failed before making its file: its own error, not the clean-up's.
    await expect(
      replaceAtomically(at('ref'), async () => {
        throw new Error('no room')
      })
    ).rejects.toThrow('no room')
    // The temporary name is the writer's own, beside the file, ending in .tmp (a leftover post recognises).
    let seen = ''
    await replaceAtomically(at('ref'), temp => ((seen = temp), writeExclusive(temp, 'again')))
    expect(seen).toMatch(new RegExp(`^${at('ref')}\\.${process.pid}-[0-9a-f]{12}\\.tmp$`))
    // Under the name the caller recorded.
    await replaceAtomically(at('ref'), temp => writeExclusive(temp, 'named'), at('ref.recorded.tmp'))
    expect(fs.readdirSync(dir)).toEqual(['ref'])
  })
})
