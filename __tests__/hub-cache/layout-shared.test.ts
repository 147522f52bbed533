/**
 * A hub cache other writers share (jobs on one self-hosted runner's persistent hf-home, Python): a blob found
 * wrong is removed only while it is still the file that was checked. The replacement happens inside the check
 * here (blobDigest stands in for the hashing worker), where a real one lands between two system calls.
 */
import { expect, it, jest } from '@jest/globals'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const COMMIT = 'a'.repeat(40)
const good = Buffer.from('abc')
const ETAG = createHash('sha1').update(`blob ${good.length}\0`).update(good).digest('hex')
/** What another writer does while the blob is being checked; nothing unless a test sets it. */
let duringCheck: (file: string) => void = () => undefined

jest.unstable_mockModule('../../src/hub-cache/blob-hash.js', () => ({
  contentHash: () => createHash('sha1'),
  blobDigest: async (file: string) => {
    const content = fs.readFileSync(file)
    duringCheck(file)
    return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex')
  }
}))
/** What Python's collection of the shared store does once a blob's link was read; nothing unless a test sets it. */
let afterLinkRead: (payload: string) => void = () => undefined
jest.unstable_mockModule('../../src/hub-cache/shared-store.js', () => ({
  // As the real one, with a moment between its check of the payload and the caller's use of it.
  linkedStoreEntry: async (_hubCache: string, blob: string) => {
    const payload = path.resolve(path.dirname(blob), fs.readlinkSync(blob))
    if (!fs.statSync(payload, { throwIfNoEntry: false })?.isFile()) return undefined
    afterLinkRead(payload)
    return { xetHash: path.basename(payload), payload, manifest: `${payload}.refs` }
  }
}))
const { RepoCacheDir } = await import('../../src/hub-cache/layout.js')

function repoWithBlob(content: Buffer) {
  const repo = new RepoCacheDir(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-shared-check-')), 'model', 'a/b')
  fs.mkdirSync(path.dirname(repo.blobPath(ETAG)), { recursive: true })
  fs.writeFileSync(repo.blobPath(ETAG), content)
  return repo
}

it("a wrong blob another writer replaces while it is checked: not reused, and the other writer's blob kept", async () => {
  const repo = repoWithBlob(Buffer.from('xyz'))
  duringCheck = file => {
    fs.writeFileSync(`${file}.other`, good)
    fs.renameSync(`${file}.other`, file)
  }
  expect(await repo.hasBlob(ETAG, 3)).toBe(false)
  expect(fs.readFileSync(repo.blobPath(ETAG))).toEqual(good)
})

it('a wrong blob still there after its check is removed', async () => {
  const repo = repoWithBlob(Buffer.from('xyz'))
  duringCheck = () => undefined
  expect(await repo.hasBlob(ETAG, 3)).toBe(false)
  expect(fs.existsSync(repo.blobPath(ETAG))).toBe(false)
})

it('a snapshot entry another writer removes while others are checked is nothing to prune', async () => {
  const repo = repoWithBlob(good)
  const names = Array.from({ length: 12 }, (_, i) => `f${String(i).padStart(2, '0')}.json`)
  fs.mkdirSync(repo.snapshotDir(COMMIT), { recursive: true })
  // Copies (no symlinks), each checked by its content: more of them than are checked at once.
  for (const name of names) fs.writeFileSync(repo.snapshotPath(COMMIT, name), good)
  const last = repo.snapshotPath(COMMIT, names.at(-1)!)
  duringCheck = () => fs.rmSync(last, { force: true })
  const expected = new Map(names.map(name => [name, ETAG]))
  expect(await repo.pruneSnapshot(COMMIT, expected)).toEqual([])
  expect(fs.readdirSync(repo.snapshotDir(COMMIT))).toEqual(names.slice(0, -1))
})

it("a wrong snapshot entry another writer replaces while it is checked: the other writer's kept", async () => {
  const repo = repoWithBlob(good)
  fs.mkdirSync(repo.snapshotDir(COMMIT), { recursive: true })
  const copy = repo.snapshotPath(COMMIT, 'config.json')
  fs.writeFileSync(copy, 'xyz')
  duringCheck = file => {
    if (file !== copy) return
    fs.writeFileSync(`${copy}.other`, good)
    fs.renameSync(`${copy}.other`, copy)
  }
  expect(await repo.pruneSnapshot(COMMIT, new Map([['config.json', ETAG]]))).toEqual([])
  expect(fs.readFileSync(copy)).toEqual(good)
  // Still wrong once nobody replaces it: removed.
  fs.writeFileSync(copy, 'xyz')
  duringCheck = () => undefined
  expect(await repo.pruneSnapshot(COMMIT, new Map([['config.json', ETAG]]))).toEqual(['config.json'])
})

it('a blob linked into the shared store whose payload is collected once its link was read: missing, not an error', async () => {
  const repo = repoWithBlob(good)
  const blob = repo.blobPath(ETAG)
  const payload = path.join(repo.hubCache, 'blobs', 'ab', 'ab'.repeat(32))
  fs.mkdirSync(path.dirname(payload), { recursive: true })
  fs.renameSync(blob, payload)
  fs.symlinkSync(path.relative(path.dirname(blob), payload), blob)
  duringCheck = () => undefined
  afterLinkRead = () => undefined
  expect(await repo.hasBlob(ETAG, 3)).toBe(true)
  afterLinkRead = file => fs.rmSync(file)
  expect(await repo.hasBlob(ETAG, 3)).toBe(false)
  // The dangling link is removed (a download puts the blob back), nothing else.
  expect(fs.existsSync(path.dirname(blob)) && fs.readdirSync(path.dirname(blob))).toEqual([])
})
