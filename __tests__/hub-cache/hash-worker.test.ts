import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FileHasher, terminateHashWorkers } from '../../src/hub-cache/hash-worker.js'

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
})
