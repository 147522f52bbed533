/** The hash a blob is named by: sha256 for a 64-hex name, the git blob id for a 40-hex one; regular files only. */
import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { blobDigest, contentHash } from '../../src/hub-cache/blob-hash.js'

const content = Buffer.from('{"model_type": "llama"}\n')
const SHA256 = createHash('sha256').update(content).digest('hex')
const GIT = createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex')

describe('blob digests', () => {
  it('hash a file as its name says', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-digest-')), 'f')
    fs.writeFileSync(file, content)
    expect(await blobDigest(file, SHA256)).toBe(SHA256)
    expect(await blobDigest(file, GIT)).toBe(GIT)
    expect(contentHash(true, content.length).update(content).digest('hex')).toBe(SHA256)
    expect(contentHash(false, content.length).update(content).digest('hex')).toBe(GIT)
  })

  it('hash nothing that is not a regular file: a link to one, a folder, a missing name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-digest-'))
    fs.writeFileSync(path.join(dir, 'f'), content)
    fs.symlinkSync('f', path.join(dir, 'link'))
    expect(await blobDigest(path.join(dir, 'link'), SHA256)).toBeUndefined()
    expect(await blobDigest(dir, SHA256)).toBeUndefined()
    expect(await blobDigest(path.join(dir, 'missing'), SHA256)).toBeUndefined()
  })
})
