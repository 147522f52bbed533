import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FileHasher, gitBlobHeader, terminateHashWorkers } from '../../src/hub-cache/hash-worker.js'

function tempFile(content: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-hash-')), 'blob')
  fs.writeFileSync(file, content)
  return file
}

const content = Buffer.from('0123456789'.repeat(1000))
const sha256 = createHash('sha256').update(content).digest('hex')

describe('FileHasher', () => {
  it('hashes a file fed in order, in parts', async () => {
    const hasher = new FileHasher(tempFile(content), true, content.length)
    hasher.feed(0, 4000)
    hasher.feed(4000, content.length)
    await expect(hasher.digest()).resolves.toBe(sha256)
    expect(hasher.hashedBytes).toBe(content.length)
  })

  it('refuses a digest that would not cover every byte of the file', async () => {
    const hasher = new FileHasher(tempFile(content), true, content.length)
    hasher.feed(0, 4000)
    await expect(hasher.digest()).rejects.toThrow('only 4000 of 10000 bytes were hashed')
  })

  it('refuses parts fed with a gap', () => {
    const hasher = new FileHasher(tempFile(content), true, content.length)
    hasher.feed(0, 10)
    expect(() => hasher.feed(20, 30)).toThrow('bytes 10-20 skipped')
    return hasher.dispose()
  })

  it('fails a waiting digest at once when its worker dies, and later files get a new worker', async () => {
    // Large enough that the worker is still hashing when it is ended (a sparse file: no disk used).
    const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-hash-')), 'big')
    fs.closeSync(fs.openSync(big, 'w'))
    fs.truncateSync(big, 256 * 1024 * 1024)
    const waiting = new FileHasher(big, true, 256 * 1024 * 1024)
    waiting.feed(0, 256 * 1024 * 1024)
    const digest = waiting.digest()
    await terminateHashWorkers()
    await expect(digest).rejects.toThrow('the hashing worker stopped')
    const after = new FileHasher(tempFile(content), true, content.length)
    after.feed(0, content.length)
    await expect(after.digest()).resolves.toBe(sha256)
  })

  it('hashes a git blob as git does: sha1 of its header and content', async () => {
    const hasher = new FileHasher(tempFile(content), false, content.length)
    hasher.feed(0, content.length)
    const sha1 = createHash('sha1').update(gitBlobHeader(content.length)).update(content).digest('hex')
    await expect(hasher.digest()).resolves.toBe(sha1)
    expect(gitBlobHeader(12)).toBe('blob 12\0')
  })

  it('takes an empty part anywhere, as nothing', async () => {
    const hasher = new FileHasher(tempFile(content), true, content.length)
    hasher.feed(0, 10)
    hasher.feed(20, 20)
    hasher.feed(30, 25)
    hasher.feed(10, content.length)
    await expect(hasher.digest()).resolves.toBe(sha256)
  })

  it('fails the digest of a file it cannot open safely (a link, a FIFO, none), and the next file is hashed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-hash-'))
    const target = tempFile(content)
    fs.symlinkSync(target, path.join(dir, 'link'))
    execFileSync('mkfifo', [path.join(dir, 'fifo')])
    for (const name of ['link', 'fifo', 'missing']) {
      const hasher = new FileHasher(path.join(dir, name), true, content.length)
      hasher.feed(0, content.length)
      await expect(hasher.digest()).rejects.toThrow(/^hashing failed: /)
    }
    const ok = new FileHasher(target, true, content.length)
    ok.feed(0, content.length)
    await expect(ok.digest()).resolves.toBe(sha256)
  })

  it('refuses a digest when the file on disk is not the size it should be', async () => {
    const file = tempFile(content)
    const hasher = new FileHasher(file, true, content.length)
    hasher.feed(0, content.length)
    fs.appendFileSync(file, 'more')
    await expect(hasher.digest()).rejects.toThrow(
      `the file is ${content.length + 4} bytes, not ${content.length}`
    )
    // A file cut short under the hasher: its bytes cannot be read.
    const cut = tempFile(content)
    const short = new FileHasher(cut, true, content.length)
    fs.truncateSync(cut, 100)
    short.feed(0, content.length)
    await expect(short.digest()).rejects.toThrow('short read at 100')
  })

  it('lets go of a file once, whatever happened to it', async () => {
    const hasher = new FileHasher(path.join(os.tmpdir(), 'no-such-file-for-hashing'), true, 10)
    await hasher.dispose()
    await hasher.dispose()
    const ok = new FileHasher(tempFile(content), true, content.length)
    ok.feed(0, content.length)
    await ok.dispose()
    await expect(ok.digest()).rejects.toThrow()
  })

  it('fails a file whose worker died before its digest was asked', async () => {
    const hasher = new FileHasher(tempFile(content), true, content.length)
    hasher.feed(0, content.length)
    await terminateHashWorkers()
    await expect(hasher.digest()).rejects.toThrow('the hashing worker stopped')
    const after = new FileHasher(tempFile(content), true, content.length)
    after.feed(0, content.length)
    await expect(after.digest()).resolves.toBe(sha256)
  })
})
