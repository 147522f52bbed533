import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createHash } from 'node:crypto'
import {
  caseCollisions,
  caseInsensitive,
  UnsafePathError,
  unsafeReason
} from '../../src/hub-cache/path-safety.js'
import { contentHash } from '../../src/hub-cache/blob-hash.js'
import { RepoCacheDir, repoFolderName } from '../../src/hub-cache/layout.js'
import { STALE_LEFTOVER_MS } from '../../src/hub-cache/leftovers.js'
import { symlinksSupported } from '../../src/hub-cache/symlinks.js'

const COMMIT = 'a'.repeat(40)
const SHA1 = 'b'.repeat(40)
const SHA256 = 'c'.repeat(64)

function tempCache(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hf-cache-test-'))
}

/** Whether this machine lets the tests make symlinks (Windows without Developer Mode does not). */
const CAN_LINK = (() => {
  const scratch = tempCache()
  fs.writeFileSync(path.join(scratch, 'target'), '')
  try {
    fs.symlinkSync('target', path.join(scratch, 'link'))
    return true
  } catch {
    return false
  }
})()
/** Tests that make symlinks themselves, or need the cache to. */
const withLinks = CAN_LINK ? it : it.skip

describe('hub cache layout', () => {
  it('names repo folders like Python', () => {
    expect(repoFolderName('model', 'meta-llama/Llama-3.2-1B')).toBe('models--meta-llama--Llama-3.2-1B')
    expect(repoFolderName('dataset', 'a/b')).toBe('datasets--a--b')
    expect(repoFolderName('space', 'a/b')).toBe('spaces--a--b')
  })

  withLinks('links snapshots to blobs with relative symlinks, one ../ per folder level', async () => {
    const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
    fs.mkdirSync(path.dirname(repo.blobPath(SHA256)), { recursive: true })
    fs.writeFileSync(repo.blobPath(SHA256), 'weights')
    await repo.link(COMMIT, 'onnx/deep/model.onnx', SHA256)
    const pointer = repo.snapshotPath(COMMIT, 'onnx/deep/model.onnx')
    expect(fs.readlinkSync(pointer)).toBe(`../../../../blobs/${SHA256}`)
    expect(fs.readFileSync(pointer, 'utf8')).toBe('weights')
    await repo.link(COMMIT, 'onnx/deep/model.onnx', SHA256) // idempotent
    expect(await repo.hasSnapshotEntry(COMMIT, 'onnx/deep/model.onnx')).toBe(true)
  })

  it('without symlinks (Windows without rights), moves a new blob to its path and copies it to the others', async () => {
    const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
    fs.mkdirSync(path.dirname(repo.blobPath(SHA1)), { recursive: true })
    fs.writeFileSync(repo.blobPath(SHA1), '{}')
    await repo.link(COMMIT, 'config.json', SHA1, { symlinks: false, move: true })
    const pointer = repo.snapshotPath(COMMIT, 'config.json')
    expect(fs.lstatSync(pointer).isSymbolicLink()).toBe(false)
    expect(fs.readFileSync(pointer, 'utf8')).toBe('{}')
    expect(fs.existsSync(repo.blobPath(SHA1))).toBe(false) // one copy, not a blob and a copy
    await repo.link(COMMIT, 'same.json', SHA1, { symlinks: false, source: pointer })
    expect(fs.readFileSync(repo.snapshotPath(COMMIT, 'same.json'), 'utf8')).toBe('{}')
  })

  it('probes whether symlinks can be made in the cache, leaving nothing behind', async () => {
    const hubCache = tempCache()
    expect(await symlinksSupported(hubCache)).toBe(CAN_LINK)
    expect(fs.readdirSync(hubCache)).toEqual([])
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

  it('reuses a blob only when its size and content match its name, and removes a wrong one', async () => {
    const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
    const abc = contentHash(false, 3).update('abc').digest('hex')
    const abcSha256 = createHash('sha256').update('abc').digest('hex')
    fs.mkdirSync(path.dirname(repo.blobPath(abc)), { recursive: true })
    fs.writeFileSync(repo.blobPath(abc), 'abc')
    expect(await repo.hasBlob(abc, 3)).toBe(true)
    fs.writeFileSync(repo.blobPath(abcSha256), 'abc')
    expect(await repo.hasBlob(abcSha256, 3)).toBe(true)
    // Right size, wrong content (a poisoned cache): not reused, and removed.
    fs.writeFileSync(repo.blobPath(SHA1), 'xyz')
    expect(await repo.hasBlob(SHA1, 3)).toBe(false)
    expect(fs.existsSync(repo.blobPath(SHA1))).toBe(false)
    fs.writeFileSync(repo.blobPath(SHA256), 'abcd')
    expect(await repo.hasBlob(SHA256, 3)).toBe(false)
  })

  it('does not reuse a blob of the right content when the listing gives another size', async () => {
    // The content hashes to the blob's name: only the size check can refuse it.
    const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
    const abc = createHash('sha256').update('abc').digest('hex')
    fs.mkdirSync(path.dirname(repo.blobPath(abc)), { recursive: true })
    fs.writeFileSync(repo.blobPath(abc), 'abc')
    expect(await repo.hasBlob(abc, 4)).toBe(false)
  })

  withLinks(
    'prunes a snapshot to what the listing says: no extra files, no links elsewhere, no wrong blobs',
    async () => {
      const hubCache = tempCache()
      const repo = new RepoCacheDir(hubCache, 'model', 'a/b')
      const good = contentHash(false, 2).update('{}').digest('hex')
      const outside = tempCache()
      await repo.makeDir(path.join(repo.root, 'blobs'))
      fs.writeFileSync(repo.blobPath(good), '{}')
      fs.writeFileSync(repo.blobPath(SHA1), 'poisoned')
      await repo.link(COMMIT, 'config.json', good)
      await repo.link(COMMIT, 'nested/extra.py', good) // not in the commit
      await repo.link(COMMIT, 'weights.bin', SHA1) // listed, but its blob is wrong
      fs.symlinkSync(path.join(outside, 'x'), path.join(repo.snapshotDir(COMMIT), 'tokenizer.json'))
      fs.symlinkSync(outside, path.join(repo.snapshotDir(COMMIT), 'linked-dir'))
      const expected = new Map([
        ['config.json', good],
        ['weights.bin', SHA1],
        ['tokenizer.json', good]
      ])
      const removed = await repo.pruneSnapshot(COMMIT, expected)
      expect(removed.sort()).toEqual(['linked-dir', 'nested/extra.py', 'tokenizer.json', 'weights.bin'])
      expect(fs.readFileSync(path.join(repo.snapshotDir(COMMIT), 'config.json'), 'utf8')).toBe('{}')
      expect(fs.existsSync(repo.blobPath(SHA1))).toBe(false)
      expect(fs.readdirSync(outside)).toEqual([])
    }
  )

  withLinks.each([
    ['the repo folder', ''],
    ['blobs/', 'blobs'],
    ['snapshots/', 'snapshots'],
    ['refs/', 'refs']
  ])('never writes through a linked %s, wherever it points', async (_what, linked) => {
    const outside = tempCache()
    const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
    if (linked) fs.mkdirSync(repo.root)
    fs.symlinkSync(outside, path.join(repo.root, linked))
    const refused = (part: string) => linked === '' || linked === part
    const attempts: [string, () => Promise<unknown>][] = [
      ['blobs', () => repo.makeDir(path.join(repo.root, 'blobs'))],
      ['snapshots', () => repo.link(COMMIT, 'config.json', SHA1)],
      ['refs', () => repo.writeRef('main', COMMIT)]
    ]
    for (const [part, attempt] of attempts) {
      if (refused(part))
        await expect(attempt()).rejects.toThrow(/is a link, which the action does not follow/)
      else await attempt()
    }
    expect(fs.readdirSync(outside)).toEqual([])
  })

  withLinks('reads refs without following a link', async () => {
    const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
    const outside = path.join(tempCache(), 'secret')
    fs.writeFileSync(outside, COMMIT)
    await repo.makeDir(path.join(repo.root, 'refs'))
    fs.symlinkSync(outside, path.join(repo.root, 'refs', 'main'))
    expect(await repo.readRef('main')).toBeUndefined()
    expect(await repo.cachedCommit('main')).toBeUndefined()
  })

  it.each(['a\nb', 'x\r::error::y', 'tab\there'])('refuses control characters in %j', name => {
    expect(unsafeReason(name)).toMatch(/control character/)
  })

  it.each(['CON', 'aux.txt', 'dir/nul', 'COM1.json', 'name.', 'name ', 'x/a:b', 'q?.txt'])(
    'refuses %j on Windows only',
    name => {
      expect(unsafeReason(name, 'win32')).toBeDefined()
      expect(unsafeReason(name, 'linux')).toBeUndefined()
    }
  )

  it('finds names that collide on a case-insensitive file system', () => {
    expect(caseCollisions(['Config.json', 'a/b', 'config.json', 'A/B'])).toEqual([
      ['Config.json', 'config.json'],
      ['a/b', 'A/B']
    ])
    expect(caseInsensitive('win32') && caseInsensitive('darwin') && !caseInsensitive('linux')).toBe(true)
  })

  it.each(['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\..\\x', 'a//b', './a', '', 'a/\0b'])(
    'refuses the network-supplied path %j',
    path => {
      const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
      expect(unsafeReason(path)).toBeDefined()
      expect(() => repo.snapshotPath(COMMIT, path)).toThrow(UnsafePathError)
    }
  )

  withLinks('does not follow links a tampered cache could hold', async () => {
    const outside = tempCache()
    const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
    // A symlinked snapshot folder pointing outside: writing through it is refused.
    fs.mkdirSync(path.join(repo.root, 'snapshots'), { recursive: true })
    fs.symlinkSync(outside, path.join(repo.root, 'snapshots', COMMIT))
    fs.mkdirSync(path.dirname(repo.blobPath(SHA1)), { recursive: true })
    fs.writeFileSync(repo.blobPath(SHA1), '{}')
    await expect(repo.link(COMMIT, 'config.json', SHA1)).rejects.toThrow(/is a link/)
    expect(fs.readdirSync(outside)).toEqual([])
    // A blob that is a link (other than into Python's store) counts as missing, so it is downloaded again and
    // replaced, even when what it points at has exactly the right content: it is never read through the link.
    const abc = createHash('sha256').update('abc').digest('hex')
    fs.writeFileSync(path.join(outside, 'secret'), 'abc')
    fs.symlinkSync(path.join(outside, 'secret'), repo.blobPath(abc))
    expect(await repo.hasBlob(abc, 3)).toBe(false)
    expect(fs.existsSync(repo.blobPath(abc))).toBe(false)
    expect(fs.readFileSync(path.join(outside, 'secret'), 'utf8')).toBe('abc')
  })

  it('refuses etags and commits that are not hashes', () => {
    const repo = new RepoCacheDir(tempCache(), 'model', 'a/b')
    expect(() => repo.blobPath('../../token')).toThrow(UnsafePathError)
    expect(() => repo.snapshotDir('../main')).toThrow(UnsafePathError)
    expect(() => repo.refPath('../../../token')).toThrow(UnsafePathError)
  })
})

describe('a repo folder’s parts, checked', () => {
  const content = Buffer.from('{"a": 1}')
  const ETAG = createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex')

  function repoWith(): RepoCacheDir {
    const repo = new RepoCacheDir(tempCache(), 'model', 'acme/one')
    fs.mkdirSync(path.join(repo.root, 'blobs'), { recursive: true })
    fs.writeFileSync(repo.blobPath(ETAG), content)
    return repo
  }

  it('a snapshot that is a file is removed whole; one that is not there removes nothing', async () => {
    const repo = repoWith()
    expect(await repo.pruneSnapshot(COMMIT, new Map())).toEqual([])
    fs.mkdirSync(path.dirname(repo.snapshotDir(COMMIT)), { recursive: true })
    fs.writeFileSync(repo.snapshotDir(COMMIT), 'not a folder')
    expect(await repo.pruneSnapshot(COMMIT, new Map())).toEqual(['.'])
    expect(fs.existsSync(repo.snapshotDir(COMMIT))).toBe(false)
  })

  it('without symlinks, a copy is kept when its content is the listed blob’s, removed otherwise, in name order', async () => {
    const repo = repoWith()
    const dir = repo.snapshotDir(COMMIT)
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'right.json'), content)
    fs.writeFileSync(path.join(dir, 'wrong.json'), Buffer.alloc(content.length))
    fs.writeFileSync(path.join(dir, 'b-extra.json'), content)
    const expected = new Map([
      ['right.json', ETAG],
      ['wrong.json', ETAG]
    ])
    expect(await repo.pruneSnapshot(COMMIT, expected)).toEqual(['b-extra.json', 'wrong.json'])
    expect(fs.readdirSync(dir)).toEqual(['right.json'])
  })

  it('a link to the right name is kept only while the blob behind it is right', async () => {
    const repo = repoWith()
    await repo.link(COMMIT, 'a.json', ETAG)
    expect(await repo.pruneSnapshot(COMMIT, new Map([['a.json', ETAG]]))).toEqual([])
    fs.writeFileSync(repo.blobPath(ETAG), Buffer.alloc(content.length, 'x'))
    const fresh = new RepoCacheDir(repo.hubCache, 'model', 'acme/one')
    fs.utimesSync(fresh.blobPath(ETAG), new Date(), new Date(Date.now() + 5000))
    expect(await fresh.pruneSnapshot(COMMIT, new Map([['a.json', ETAG]]))).toEqual(['a.json'])
    expect(fs.existsSync(repo.blobPath(ETAG))).toBe(false)
  })

  withLinks(
    "leaves another writer's fresh temporary link (a job sharing the hf-home); a stale one goes, unreported",
    async () => {
      const repo = repoWith()
      await repo.link(COMMIT, 'a.json', ETAG)
      const dir = repo.snapshotDir(COMMIT)
      // What another job's replaceAtomically has made beside `b.json` before its rename, and a dead writer's.
      fs.symlinkSync('../../blobs/' + ETAG, path.join(dir, 'b.json.777-0123456789ab.tmp'))
      fs.symlinkSync('../../blobs/' + ETAG, path.join(dir, 'c.json.778-0123456789ab.tmp'))
      const stale = (Date.now() - STALE_LEFTOVER_MS - 60_000) / 1000
      fs.lutimesSync(path.join(dir, 'c.json.778-0123456789ab.tmp'), stale, stale)
      const expected = new Map([
        ['a.json', ETAG],
        ['b.json', ETAG]
      ])
      expect(await repo.pruneSnapshot(COMMIT, expected)).toEqual([])
      expect(fs.readdirSync(dir).sort()).toEqual(['a.json', 'b.json.777-0123456789ab.tmp'])
      // The other job's rename then succeeds.
      fs.renameSync(path.join(dir, 'b.json.777-0123456789ab.tmp'), path.join(dir, 'b.json'))
      expect(await repo.pruneSnapshot(COMMIT, expected)).toEqual([])
    }
  )

  it('the commit of a revision: a ref holding a commit, or the commit itself, only with its snapshot', async () => {
    const repo = repoWith()
    expect(await repo.cachedCommit(COMMIT)).toBeUndefined()
    fs.mkdirSync(repo.snapshotDir(COMMIT), { recursive: true })
    expect(await repo.cachedCommit(COMMIT)).toBe(COMMIT)
    expect(await repo.cachedCommit('main')).toBeUndefined()
    fs.mkdirSync(path.join(repo.root, 'refs'), { recursive: true })
    fs.writeFileSync(repo.refPath('main'), `${COMMIT}\n`)
    expect(await repo.readRef('main')).toBe(COMMIT)
    expect(await repo.cachedCommit('main')).toBe(COMMIT)
    fs.writeFileSync(repo.refPath('v1'), 'not a commit')
    expect(await repo.cachedCommit('v1')).toBeUndefined()
  })

  it('writes a ref only when it changes', async () => {
    const repo = repoWith()
    await repo.writeRef('main', COMMIT)
    const inode = fs.statSync(repo.refPath('main')).ino
    await repo.writeRef('main', COMMIT)
    expect(fs.statSync(repo.refPath('main')).ino).toBe(inode)
    await repo.writeRef('main', SHA1)
    expect(fs.readFileSync(repo.refPath('main'), 'utf8')).toBe(SHA1)
    await repo.writeRef(COMMIT, COMMIT)
    expect(fs.existsSync(repo.refPath(COMMIT))).toBe(false)
  })

  it('marks a missing file of a commit once, and refuses a commit that is not one', async () => {
    const repo = repoWith()
    await repo.markAbsent(COMMIT, 'sub/gone.txt')
    await repo.markAbsent(COMMIT, 'sub/gone.txt')
    expect(fs.readFileSync(path.join(repo.root, '.no_exist', COMMIT, 'sub', 'gone.txt'), 'utf8')).toBe('')
    await expect(repo.markAbsent('main', 'x')).rejects.toThrow(/not a 40-hex commit/)
    expect(() => repo.treePath('main')).toThrow(/not a 40-hex commit/)
    expect(() => repo.snapshotDir('main')).toThrow(/not a 40-hex commit/)
    expect(() => repo.blobPath('xyz')).toThrow(/the etag is not a sha1 or sha256/)
  })

  it('unmarks only the files a listing has, keeping folders and other markers; nothing without markers', async () => {
    const repo = repoWith()
    await repo.unmarkListed(COMMIT, [{ path: 'x', size: 1, blobId: ETAG }])
    expect(fs.existsSync(path.join(repo.root, '.no_exist'))).toBe(false)
    await repo.markAbsent(COMMIT, 'sub/listed.txt')
    await repo.markAbsent(COMMIT, 'absent.txt')
    await repo.unmarkListed(COMMIT, [
      { path: 'sub/listed.txt', size: 1, blobId: ETAG },
      { path: 'sub', size: 1, blobId: ETAG }
    ])
    const markers = path.join(repo.root, '.no_exist', COMMIT)
    expect(fs.readdirSync(markers).sort()).toEqual(['absent.txt', 'sub'])
    expect(fs.readdirSync(path.join(markers, 'sub'))).toEqual([])
    await expect(repo.unmarkListed('main', [])).rejects.toThrow(/not a 40-hex commit/)
  })

  it('refuses a folder outside the hub cache, and one reached through a link', async () => {
    const repo = repoWith()
    await expect(repo.hasDir(path.join(repo.hubCache, '..', 'elsewhere'))).rejects.toThrow(
      /outside the hub cache/
    )
    const elsewhere = tempCache()
    fs.symlinkSync(elsewhere, path.join(repo.root, 'snapshots'))
    await expect(repo.hasDir(repo.snapshotDir(COMMIT))).rejects.toThrow(
      /it is a link, which the action does not follow/
    )
    expect(await repo.hasDir(path.join(repo.root, 'refs'))).toBe(false)
    expect(await repo.hasDir(path.join(repo.root, 'blobs'))).toBe(true)
  })

  it('reads no listing it cannot trust: none, not JSON, or of another shape', async () => {
    const repo = repoWith()
    expect(await repo.readTree(COMMIT)).toBeUndefined()
    fs.mkdirSync(path.join(repo.root, 'trees'))
    fs.writeFileSync(repo.treePath(COMMIT), '{not json')
    expect(await repo.readTree(COMMIT)).toBeUndefined()
    await repo.writeTree(COMMIT, [{ path: 'a', size: 1, blobId: SHA1 }])
    expect(await repo.readTree(COMMIT)).toEqual([
      { path: 'a', size: 1, blobId: SHA1, lfsSha256: undefined, lfsSize: undefined, xetHash: undefined }
    ])
    await repo.writeTree(SHA1, [{ path: 'a', size: 1, blobId: SHA1, xetHash: 'bad' }])
    expect(fs.existsSync(repo.treePath(SHA1))).toBe(false)
  })
})
