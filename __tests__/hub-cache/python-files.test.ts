/** Python's own files beside the blobs: CACHEDIR.TAG and trees/<commit>.json, byte for byte. */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { decodeTree, encodeTree, writeCacheDirTag } from '../../src/hub-cache/python-files.js'

const SHA1 = 'a'.repeat(40)
const SHA256 = 'b'.repeat(64)
const XET = 'c'.repeat(64)

describe('CACHEDIR.TAG', () => {
  it('is written as huggingface_hub writes it (backup tools read its first line), once, in a new folder', async () => {
    const hub = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-tag-')), 'hub')
    await writeCacheDirTag(hub)
    expect(fs.readFileSync(path.join(hub, 'CACHEDIR.TAG'), 'utf8')).toBe(
      'Signature: 8a477f597d28d172789f06886806bc55\n' +
        '# This file is a cache directory tag created by huggingface_hub.\n' +
        '# For information about cache directory tags, see:\n' +
        '#\thttps://bford.info/cachedir/\n'
    )
    fs.writeFileSync(path.join(hub, 'CACHEDIR.TAG'), 'the user’s own')
    await writeCacheDirTag(hub)
    expect(fs.readFileSync(path.join(hub, 'CACHEDIR.TAG'), 'utf8')).toBe('the user’s own')
  })
})

describe('trees/<commit>.json', () => {
  const entries = [
    { path: 'z.safetensors', size: 10, blobId: SHA1, lfsSha256: SHA256, lfsSize: 10, xetHash: XET },
    { path: 'é/config.json', size: 3, blobId: SHA1 }
  ]

  it('is json.dump(indent=1) of the sorted listing, non-ASCII escaped, LFS and Xet fields only where present', () => {
    expect(encodeTree(entries)).toBe(
      [
        '{',
        ' "format_version": 1,',
        ' "files": {',
        '  "z.safetensors": {',
        '   "size": 10,',
        `   "blob_id": "${SHA1}",`,
        `   "lfs_sha256": "${SHA256}",`,
        '   "lfs_size": 10,',
        `   "xet_hash": "${XET}"`,
        '  },',
        '  "\\u00e9/config.json": {',
        '   "size": 3,',
        `   "blob_id": "${SHA1}"`,
        '  }',
        ' }',
        '}'
      ].join('\n')
    )
  })

  it('sorts by path whatever the order given', () => {
    const b = { path: 'b', size: 1, blobId: SHA1 }
    const a = { path: 'a', size: 1, blobId: SHA1 }
    const c = { path: 'c', size: 1, blobId: SHA1 }
    const text = encodeTree([a, b, c])
    expect(encodeTree([c, a, b])).toBe(text)
    expect(encodeTree([b, c, a])).toBe(text)
    expect(Object.keys(JSON.parse(text!).files)).toEqual(['a', 'b', 'c'])
  })

  it('sorts a long listing given in any order', () => {
    const paths = Array.from({ length: 24 }, (_, i) => `f${String((i * 7) % 24).padStart(2, '0')}`)
    const text = encodeTree(paths.map(p => ({ path: p, size: 1, blobId: SHA1 })))
    expect(Object.keys(JSON.parse(text!).files)).toEqual([...paths].sort())
  })

  it('is not written for a listing with a malformed Xet hash (Python writes none either)', () => {
    expect(encodeTree([{ path: 'x', size: 1, blobId: SHA1, xetHash: 'not-hex' }])).toBeUndefined()
    expect(encodeTree([{ path: 'x', size: 1, blobId: SHA1, xetHash: XET }])).toBeDefined()
  })

  it('reads back what it wrote', () => {
    expect(decodeTree(encodeTree(entries)!)).toEqual([
      { path: 'z.safetensors', size: 10, blobId: SHA1, lfsSha256: SHA256, lfsSize: 10, xetHash: XET },
      {
        path: 'é/config.json',
        size: 3,
        blobId: SHA1,
        lfsSha256: undefined,
        lfsSize: undefined,
        xetHash: undefined
      }
    ])
  })

  const file = (files: unknown, version: unknown = 1) => JSON.stringify({ format_version: version, files })
  it.each([
    ['another format version', file({}, 2)],
    ['files that are not an object', file([])],
    ['an entry that is not an object', file({ a: 5 })],
    ['a size that is not a size', file({ a: { size: -1, blob_id: SHA1 } })],
    ['a blob id that is not 40 hex', file({ a: { size: 1, blob_id: 'x' } })],
    ['an LFS hash that is not 64 hex', file({ a: { size: 1, blob_id: SHA1, lfs_sha256: 'x' } })]
  ])('refuses a listing with %s', (_, text) => {
    expect(decodeTree(text)).toBeUndefined()
  })

  it('keeps every entry of a good listing, and ignores a Xet hash that is not text', () => {
    const text = file({
      a: { size: 1, blob_id: SHA1, xet_hash: 7 },
      b: { size: 2, blob_id: SHA1, xet_hash: XET }
    })
    expect(decodeTree(text)?.map(e => [e.path, e.xetHash])).toEqual([
      ['a', undefined],
      ['b', XET]
    ])
  })
})
