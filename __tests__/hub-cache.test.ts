import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  normalizeEtag,
  RepoCacheDir,
  repoFolderName,
  UnsafePathError,
  unsafeReason
} from '../src/hub-cache.js'

const COMMIT = 'a'.repeat(40)
const SHA1 = 'b'.repeat(40)
const SHA256 = 'c'.repeat(64)

function tempCache(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hf-cache-test-'))
}

describe('hub cache layout', () => {
  it('names repo folders like Python', () => {
    expect(repoFolderName('model', 'meta-llama/Llama-3.2-1B')).toBe('models--meta-llama--Llama-3.2-1B')
    expect(repoFolderName('dataset', 'a/b')).toBe('datasets--a--b')
    expect(repoFolderName('space', 'a/b')).toBe('spaces--a--b')
  })

  it('normalizes etags', () => {
    expect(normalizeEtag('W/"abc"')).toBe('abc')
    expect(normalizeEtag('"abc"')).toBe('abc')
  })

  it('links snapshots to blobs with relative symlinks, one ../ per folder level', async () => {
    const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
    fs.mkdirSync(path.dirname(repo.blobPath(SHA256)), { recursive: true })
    fs.writeFileSync(repo.blobPath(SHA256), 'weights')
    await repo.link(COMMIT, 'onnx/deep/model.onnx', SHA256)
    const pointer = repo.snapshotPath(COMMIT, 'onnx/deep/model.onnx')
    expect(fs.readlinkSync(pointer)).toBe(`../../../../blobs/${SHA256}`)
    expect(fs.readFileSync(pointer, 'utf8')).toBe('weights')
    await repo.link(COMMIT, 'onnx/deep/model.onnx', SHA256) // idempotent
    expect(await repo.hasSnapshotFile(COMMIT, 'onnx/deep/model.onnx')).toBe(true)
  })

  it('copies instead of linking where symlinks are not possible (Windows)', async () => {
    const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
    fs.mkdirSync(path.dirname(repo.blobPath(SHA1)), { recursive: true })
    fs.writeFileSync(repo.blobPath(SHA1), '{}')
    await repo.link(COMMIT, 'config.json', SHA1, 'win32')
    const pointer = repo.snapshotPath(COMMIT, 'config.json')
    expect(fs.lstatSync(pointer).isSymbolicLink()).toBe(false)
    expect(fs.readFileSync(pointer, 'utf8')).toBe('{}')
  })

  it('writes refs/<revision> with the commit and no newline, nested for refs/pr/N, none for a commit', async () => {
    const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
    await repo.writeRef('main', COMMIT)
    await repo.writeRef('refs/pr/1', COMMIT)
    await repo.writeRef(COMMIT, COMMIT)
    expect(fs.readFileSync(path.join(repo.root, 'refs', 'main'), 'utf8')).toBe(COMMIT)
    expect(fs.readFileSync(path.join(repo.root, 'refs', 'refs', 'pr', '1'), 'utf8')).toBe(COMMIT)
    expect(fs.readdirSync(path.join(repo.root, 'refs')).sort()).toEqual(['main', 'refs'])
  })

  it('treats a blob of the wrong size as missing', async () => {
    const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
    fs.mkdirSync(path.dirname(repo.blobPath(SHA1)), { recursive: true })
    fs.writeFileSync(repo.blobPath(SHA1), 'abc')
    expect(await repo.hasBlob(SHA1, 3)).toBe(true)
    expect(await repo.hasBlob(SHA1, 4)).toBe(false)
  })

  it.each(['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\..\\x', 'a//b', './a', '', 'a/\0b'])(
    'refuses the network-supplied path %j',
    path => {
      const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
      expect(unsafeReason(path)).toBeDefined()
      expect(() => repo.snapshotPath(COMMIT, path)).toThrow(UnsafePathError)
    }
  )

  it('does not follow links a tampered cache could hold', async () => {
    const outside = tempCache()
    const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
    // A symlinked snapshot folder pointing outside: writing through it is refused.
    fs.mkdirSync(path.join(repo.root, 'snapshots'), { recursive: true })
    fs.symlinkSync(outside, path.join(repo.root, 'snapshots', COMMIT))
    fs.mkdirSync(path.dirname(repo.blobPath(SHA1)), { recursive: true })
    fs.writeFileSync(repo.blobPath(SHA1), '{}')
    await expect(repo.link(COMMIT, 'config.json', SHA1)).rejects.toThrow(/leads outside the cache/)
    expect(fs.readdirSync(outside)).toEqual([])
    // A blob that is a link counts as missing, so it is downloaded again and replaced.
    fs.writeFileSync(path.join(outside, 'secret'), 'abc')
    fs.symlinkSync(path.join(outside, 'secret'), repo.blobPath(SHA256))
    expect(await repo.hasBlob(SHA256, 3)).toBe(false)
  })

  it('refuses etags and commits that are not hashes', () => {
    const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
    expect(() => repo.blobPath('../../token')).toThrow(UnsafePathError)
    expect(() => repo.snapshotDir('../main')).toThrow(UnsafePathError)
    expect(() => repo.refPath('../../../token')).toThrow(UnsafePathError)
  })
})
