/**
 * The restore half against a cache service stood in for by its entries (__fixtures__/cache-service-stub.ts):
 * an entry is the folder its archive unpacks to, made by staging a real hub cache.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'
import { bytes, gitBlobSha1, sha256, type FakeFile } from '../../__fixtures__/fake-hub.js'
import { downloadLikePython } from '../../__fixtures__/python-layout.js'

jest.unstable_mockModule('@actions/core', () => core)
const { ServiceStub } = await import('../../__fixtures__/cache-service-stub.js')
const stub = new ServiceStub()
jest.unstable_mockModule('../../src/actions-cache/service.js', () => stub.module())
const saved = stub.saved
const find = stub.find
const { restoreStep } = await import('../../src/actions-cache/restore.js')
const { RESTORES_AT_ONCE } = await import('../../src/actions-cache/restore-many.js')
const { restoreForOffline } = await import('../../src/actions-cache/offline.js')
const { entryKey, indexKey, indexPrefix, repoPrefix } = await import('../../src/actions-cache/keys.js')
const { encodeIndex } = await import('../../src/actions-cache/index-file.js')
const { stageSnapshot } = await import('../../src/hub-cache/entry-stage.js')
const { RefusedArchive } = await import('../../src/hub-cache/entry-archive.js')

const C = 'c'.repeat(40)
const D = 'd'.repeat(40)
const files = (seed: string): Record<string, FakeFile> => ({
  'config.json': { content: Buffer.from(`{"seed":"${seed}"}`), lfs: false },
  'model.safetensors': { content: bytes(seed, 256), lfs: true }
})
const spec = (id: string, globs: string[] = []) => ({
  type: 'model' as const,
  id,
  revision: 'main',
  globs,
  line: 1
})

/** The Hub's listing of `id` at `commit` (what the tests' entries hold), as main asks it of the Hub. */
const hubListing = async (_type: string, id: string, commit: string) =>
  Object.entries(files(`${id}@${commit}`)).map(([name, f]) =>
    f.lfs
      ? {
          path: name,
          size: 132,
          blobId: 'f'.repeat(40),
          lfsSha256: sha256(f.content),
          lfsSize: f.content.length
        }
      : { path: name, size: f.content.length, blobId: gitBlobSha1(f.content) }
  )

/** An entry of `id` at `commit` in the fake service under `key`, staged from a hub cache Python filled. */
async function saveEntry(
  key: string,
  id: string,
  commit: string,
  type: 'model' | 'dataset' = 'model',
  { withListing = true } = {}
) {
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-restore-source-'))
  const folder = `${type}s--${id.replace('/', '--')}`
  const content = files(`${id}@${commit}`)
  downloadLikePython(source, folder, commit, content)
  // The commit's listing, as the action and Python write it (what stands in for the Hub when it is down).
  const listing = Object.fromEntries(
    Object.entries(content).map(([name, f]) => [
      name,
      f.lfs
        ? { size: 132, blob_id: 'f'.repeat(40), lfs_sha256: sha256(f.content), lfs_size: f.content.length }
        : { size: f.content.length, blob_id: gitBlobSha1(f.content) }
    ])
  )
  if (withListing) {
    fs.mkdirSync(path.join(source, folder, 'trees'))
    fs.writeFileSync(
      path.join(source, folder, 'trees', `${commit}.json`),
      JSON.stringify({ format_version: 1, files: listing })
    )
  }
  const entry = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-restore-entry-'))
  expect(await stageSnapshot(source, path.join(entry, 'hub'), folder, commit)).toBeDefined()
  saved.set(key, entry)
}

function saveIndex(scope: string, entries: Parameters<typeof encodeIndex>[0]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-restore-index-'))
  const text = encodeIndex(entries)
  fs.mkdirSync(path.join(dir, 'hub'))
  fs.writeFileSync(path.join(dir, 'hub', 'entries.json'), text)
  saved.set(indexKey(scope, text), dir)
}

const hubCache = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hf-restore-hub-'))
const settings = (hub: string, extra = {}) => ({
  cacheKey: 'scope',
  hubCache: hub,
  saveCache: true,
  ...extra
})

beforeEach(() => {
  core.resetCoreMock()
  stub.reset()
})

describe('restoreStep', () => {
  it('restores each listed repo’s exact entry into the hub cache: a hit when all are exact', async () => {
    await saveEntry(entryKey('model', 'acme/one', C, { globs: [] }), 'acme/one', C)
    await saveEntry(entryKey('model', 'acme/two', C, { globs: ['*.json'] }), 'acme/two', C)
    const hub = hubCache()
    const { report, state } = await restoreStep(settings(hub), [
      { spec: spec('acme/one'), commit: C },
      { spec: spec('acme/two', ['*.json']), commit: C }
    ])
    expect(report.hit).toBe(true)
    expect(state!.entries.map(e => e.restored)).toEqual(['exact', 'exact'])
    expect(report.key).toBe(indexPrefix('scope'))
    for (const folder of ['models--acme--one', 'models--acme--two'])
      expect(fs.readFileSync(path.join(hub, folder, 'snapshots', C, 'config.json'), 'utf8')).toContain('seed')
    expect(state!.snapshotsAfterRestore.sort()).toEqual([`models--acme--one/${C}`, `models--acme--two/${C}`])
    // The stages are gone.
    expect(fs.existsSync(path.join(hub, '.hf-auth-action'))).toBe(false)
    const key = entryKey('model', 'acme/one', C, { globs: [] })
    expect(core.info).toHaveBeenCalledWith(`Cache: acme/one@${C.slice(0, 7)}: exact hit (${key})`)
  })

  it('a missing commit restores the repo’s newest entry by its own prefix, never another repo’s', async () => {
    await saveEntry(entryKey('model', 'acme/one', D, { globs: [] }), 'acme/one', D)
    await saveEntry(entryKey('model', 'acme/one-other', C, { globs: [] }), 'acme/one-other', C)
    const hub = hubCache()
    const { report, state } = await restoreStep(settings(hub), [{ spec: spec('acme/one'), commit: C }])
    expect(report.hit).toBe(false)
    const [entry] = state!.entries
    expect(entry).toMatchObject({
      restored: 'other',
      matchedKey: entryKey('model', 'acme/one', D, { globs: [] })
    })
    expect(find).toHaveBeenCalledWith(expect.any(String), entry.key, [
      `${entry.key}/`,
      repoPrefix('model', 'acme/one')
    ])
    expect(core.info).toHaveBeenCalledWith(
      `Cache: acme/one@${C.slice(0, 7)}: restored ${entry.matchedKey}; only what changed is fetched`
    )
    // Of another commit's entry, only its blobs: the pre-warm links what the new commit shares with it.
    expect(fs.existsSync(path.join(hub, 'models--acme--one', 'snapshots', D))).toBe(false)
    expect(fs.readdirSync(path.join(hub, 'models--acme--one', 'blobs'))).toHaveLength(2)
    expect(fs.existsSync(path.join(hub, 'models--acme--one-other'))).toBe(false)
  })

  it('restores what the scope’s index adds (exactly), not what the listed repos already are', async () => {
    const listedKey = entryKey('model', 'acme/one', C, { globs: [] })
    const extraKey = entryKey('dataset', 'acme/data', D, { files: ['x'] })
    await saveEntry(listedKey, 'acme/one', C)
    await saveEntry(extraKey, 'acme/data', D, 'dataset')
    saveIndex('scope', [
      { type: 'model', id: 'acme/one', commit: C, key: listedKey, listed: true, revision: 'main' },
      { type: 'dataset', id: 'acme/data', commit: D, key: extraKey, listed: false }
    ])
    const hub = hubCache()
    const { report, state } = await restoreStep(
      settings(hub),
      [{ spec: spec('acme/one'), commit: C }],
      undefined,
      hubListing
    )
    expect(report.matchedKey).toMatch(new RegExp(`^${indexPrefix('scope')}`))
    expect(state!.entries.map(e => [e.id, e.listed, e.restored])).toEqual([
      ['acme/one', true, 'exact'],
      ['acme/data', false, 'exact']
    ])
    expect(find).toHaveBeenCalledWith(expect.any(String), extraKey, [])
    expect(fs.existsSync(path.join(hub, 'datasets--acme--data', 'snapshots', D))).toBe(true)
    // Another scope gets no index, so not the dataset.
    const other = hubCache()
    const { state: elsewhere } = await restoreStep(settings(other, { cacheKey: 'other' }), [
      { spec: spec('acme/one'), commit: C }
    ])
    expect(elsewhere!.entries.map(e => e.id)).toEqual(['acme/one'])
  })

  it('is no hit when one listed repo misses, though another hits', async () => {
    await saveEntry(entryKey('model', 'acme/one', C, { globs: [] }), 'acme/one', C)
    const { report, state } = await restoreStep(settings(hubCache()), [
      { spec: spec('acme/one'), commit: C },
      { spec: spec('acme/two'), commit: C }
    ])
    expect(state!.entries.map(e => e.restored)).toEqual(['exact', 'none'])
    expect(report.hit).toBe(false)
    expect(report.matchedKey).toBeUndefined()
    expect(core.info).toHaveBeenCalledWith(`Cache: acme/two@${C.slice(0, 7)}: no entry restored`)
  })

  it('an index entry that a listed repo already is, is not restored again as an extra', async () => {
    const key = entryKey('model', 'acme/one', C, { globs: [] })
    await saveEntry(key, 'acme/one', C)
    saveIndex('scope', [{ type: 'model', id: 'acme/one', commit: C, key, listed: false }])
    const { state } = await restoreStep(settings(hubCache()), [{ spec: spec('acme/one'), commit: C }])
    expect(state!.entries.map(e => [e.id, e.listed])).toEqual([['acme/one', true]])
    expect(find.mock.calls.filter(call => call[1] === key)).toHaveLength(1)
  })

  it('a restored entry holding a blob of the wrong content: a warning naming the repo, the blob left out, no hit', async () => {
    const key = entryKey('model', 'acme/one', C, { globs: [] })
    await saveEntry(key, 'acme/one', C)
    const blobs = path.join(saved.get(key)!, 'hub', 'models--acme--one', 'blobs')
    const config = fs.readdirSync(blobs).find(name => name.length === 40)!
    fs.rmSync(path.join(blobs, config))
    fs.writeFileSync(path.join(blobs, config), 'tampered')
    const hub = hubCache()
    const { report, state } = await restoreStep(settings(hub), [{ spec: spec('acme/one'), commit: C }])
    expect(state!.entries[0].restored).toBe('none')
    expect(report.hit).toBe(false)
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringContaining('1 blob(s) whose content does not match'),
      {
        title: 'Hugging Face cache: acme/one: blobs refused'
      }
    )
    expect(fs.existsSync(path.join(hub, 'models--acme--one', 'blobs', config))).toBe(false)
  })

  it('an entry whose archive is refused: a warning saying how to delete it; one that fails to arrive: a warning', async () => {
    const one = entryKey('model', 'acme/one', C, { globs: [] })
    const two = entryKey('model', 'acme/two', C, { globs: [] })
    await saveEntry(one, 'acme/one', C)
    await saveEntry(two, 'acme/two', C)
    stub.failing.set(one, new RefusedArchive('a member written twice'))
    stub.failing.set(two, new Error('connection reset'))
    const { state } = await restoreStep(settings(hubCache()), [
      { spec: spec('acme/one'), commit: C },
      { spec: spec('acme/two'), commit: C }
    ])
    expect(state!.entries.map(e => e.restored)).toEqual(['none', 'none'])
    expect(core.warning).toHaveBeenCalledWith(
      `The cache entry ${one} of acme/one@${C.slice(0, 7)} was not used: the archive was refused: a member written twice. No honest save makes such an entry: delete it (gh cache delete "${one}", or Actions → Caches) and find which job of the default branch wrote it.`,
      { title: 'Hugging Face cache: acme/one: entry refused' }
    )
    expect(core.warning).toHaveBeenCalledWith(
      `Restoring acme/two@${C.slice(0, 7)} from the cache failed, continuing without it: connection reset`,
      { title: 'Cache restore failed' }
    )
  })

  it('is no hit with no listed repo', async () => {
    const { report, state } = await restoreStep(settings(hubCache()), [])
    expect(report.hit).toBe(false)
    expect(state!.entries).toEqual([])
  })

  it('restores a later step’s commit of a listed repo, and removes the index’s stage', async () => {
    const listedKey = entryKey('model', 'acme/one', C, { globs: [] })
    const otherCommit = entryKey('model', 'acme/one', D, { files: ['x'] })
    await saveEntry(listedKey, 'acme/one', C)
    await saveEntry(otherCommit, 'acme/one', D)
    const sameCommitOtherType = entryKey('dataset', 'acme/one', C, { files: ['x'] })
    const sameCommitOtherId = entryKey('model', 'acme/onf', C, { files: ['x'] })
    await saveEntry(sameCommitOtherType, 'acme/one', C, 'dataset')
    await saveEntry(sameCommitOtherId, 'acme/onf', C)
    saveIndex('scope', [
      { type: 'model', id: 'acme/one', commit: D, key: otherCommit, listed: false },
      { type: 'dataset', id: 'acme/one', commit: C, key: sameCommitOtherType, listed: false },
      { type: 'model', id: 'acme/onf', commit: C, key: sameCommitOtherId, listed: false }
    ])
    const hub = hubCache()
    const { state } = await restoreStep(
      settings(hub),
      [{ spec: spec('acme/one'), commit: C }],
      undefined,
      hubListing
    )
    expect(state!.entries.map(e => [e.type, e.id, e.commit, e.restored])).toEqual([
      ['model', 'acme/one', C, 'exact'],
      ['dataset', 'acme/one', C, 'exact'],
      ['model', 'acme/one', D, 'exact'],
      ['model', 'acme/onf', C, 'exact']
    ])
    expect(fs.existsSync(path.join(hub, 'models--acme--one', 'snapshots', D))).toBe(true)
    expect(fs.existsSync(path.join(hub, '.hf-auth-action'))).toBe(false)
  })

  it('what a later step added is taken whole only as the Hub lists it: without the Hub, only its blobs', async () => {
    const extraKey = entryKey('dataset', 'acme/data', D, { files: ['x'] })
    await saveEntry(extraKey, 'acme/data', D, 'dataset')
    saveIndex('scope', [{ type: 'dataset', id: 'acme/data', commit: D, key: extraKey, listed: false }])
    const hub = hubCache()
    await restoreStep(
      settings(hub),
      [{ spec: spec('acme/one'), commit: C }],
      undefined,
      async () => undefined
    )
    expect(fs.existsSync(path.join(hub, 'datasets--acme--data', 'snapshots'))).toBe(false)
    expect(fs.readdirSync(path.join(hub, 'datasets--acme--data', 'blobs'))).toHaveLength(2)
  })

  it('an entry the Hub’s listing contradicts: its extra files removed, no hit, a warning saying how to delete it', async () => {
    const key = entryKey('model', 'acme/one', C, { globs: [] })
    await saveEntry(key, 'acme/one', C)
    const snapshot = path.join(saved.get(key)!, 'hub', 'models--acme--one', 'snapshots', C)
    fs.symlinkSync(fs.readlinkSync(path.join(snapshot, 'config.json')), path.join(snapshot, 'evil.py'))
    const hub = hubCache()
    const { report, state } = await restoreStep(
      settings(hub),
      [{ spec: spec('acme/one'), commit: C }],
      undefined,
      hubListing
    )
    expect(state!.entries[0].restored).toBe('none')
    expect(report.hit).toBe(false)
    expect(fs.existsSync(path.join(hub, 'models--acme--one', 'snapshots', C, 'evil.py'))).toBe(false)
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringContaining(
        `held 1 file(s) the Hub's listing of acme/one@ccccccc does not have as they were (evil.py)`
      ),
      { title: 'Hugging Face cache: acme/one: entry does not match the Hub' }
    )
    expect(
      core.warning.mock.calls.find(([, p]) =>
        String((p as { title: string }).title).endsWith('match the Hub')
      )![0]
    ).toContain(`gh cache delete "${key}"`)
  })

  it('restores RESTORES_AT_ONCE entries at once, never more; one repo’s entries one after another', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `acme/m${i}`)
    for (const id of ids) await saveEntry(entryKey('model', id, C, { globs: [] }), id, C)
    stub.fetchMs = 20
    const { report } = await restoreStep(
      settings(hubCache()),
      ids.map(id => ({ spec: spec(id), commit: C }))
    )
    expect(report.hit).toBe(true)
    // Eight, as measured and documented (README: "eight at a time").
    expect(RESTORES_AT_ONCE).toBe(8)
    expect(stub.mostInFlight).toBe(8)
    // Two commits of one repo: never at once (they merge into one repo folder).
    stub.reset()
    await saveEntry(entryKey('model', 'acme/one', C, { globs: [] }), 'acme/one', C)
    await saveEntry(entryKey('model', 'acme/one', D, { globs: [] }), 'acme/one', D)
    stub.fetchMs = 20
    await restoreStep(settings(hubCache()), [
      { spec: spec('acme/one'), commit: C },
      { spec: { ...spec('acme/one'), revision: 'v1' }, commit: D }
    ])
    expect(stub.mostInFlight).toBe(1)
  })

  it('restores nothing where the runner’s cache mode permits no reads, and still lets post save', async () => {
    await saveEntry(entryKey('model', 'acme/one', C, { globs: [] }), 'acme/one', C)
    stub.mode = { read: false, write: true, mode: 'write-only' }
    const { report, state } = await restoreStep(settings(hubCache()), [{ spec: spec('acme/one'), commit: C }])
    expect(stub.find).not.toHaveBeenCalled()
    expect(report).toMatchObject({ hit: false, note: 'cache mode write-only: not restored' })
    expect(state!.entries.map(e => [e.id, e.restored])).toEqual([['acme/one', 'none']])
    expect(core.info).toHaveBeenCalledWith(expect.stringContaining('ACTIONS_CACHE_MODE=write-only'))
    expect(
      await restoreForOffline(settings(hubCache()), [spec('acme/one')], new Error('down'))
    ).toBeUndefined()
  })

  it('without a cache service: a warning, no state, nothing restored', async () => {
    stub.available = false
    const { report, state } = await restoreStep(settings(hubCache()), [{ spec: spec('acme/one'), commit: C }])
    expect(state).toBeUndefined()
    expect(report).toEqual({
      key: indexPrefix('scope'),
      hit: false,
      entries: [],
      note: 'cache service unavailable'
    })
    expect(core.setOutput).not.toHaveBeenCalled()
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining('not available'), {
      title: 'Cache service unavailable'
    })
    expect(find).not.toHaveBeenCalled()
  })
})

describe('restoreForOffline', () => {
  it('restores what the index names for each listed revision, and gives the commits the cache holds', async () => {
    const key = entryKey('model', 'acme/one', C, { globs: [] })
    await saveEntry(key, 'acme/one', C)
    await saveEntry(entryKey('model', 'acme/one', D, { globs: [] }), 'acme/one', D)
    saveIndex('scope', [{ type: 'model', id: 'acme/one', commit: C, key, listed: true, revision: 'main' }])
    const hub = hubCache()
    const restored = await restoreForOffline(settings(hub), [spec('acme/one')], new Error('down'))
    expect(restored?.entries).toEqual([
      expect.objectContaining({ commit: C, revision: 'main', listed: true })
    ])
    expect(find).toHaveBeenCalledWith(expect.any(String), key, [`${key}/`])
    const index = indexKey(
      'scope',
      encodeIndex([{ type: 'model', id: 'acme/one', commit: C, key, listed: true, revision: 'main' }])
    )
    expect(restored).toMatchObject({
      key: indexPrefix('scope'),
      matchedKey: index,
      hit: false,
      unverified: true,
      note: `Hub unreachable: restored 1 entries named by ${index}; their files were not verified against the Hub`
    })
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringMatching(
        /^The Hub could not be reached \(down\)\. The cache holds every listed repo \(1 entries restored\), so later steps run offline/
      ),
      { title: 'Hugging Face Hub unreachable: using the cache' }
    )
    expect(stub.find.mock.calls[0]).toEqual([expect.any(String), indexPrefix('scope'), []])
  })

  it('takes the entry the index names for the listed repo at its revision, and no other', async () => {
    const A = 'a'.repeat(40)
    const B = 'b'.repeat(40)
    const key = (type: 'model' | 'dataset', id: string, commit: string) =>
      entryKey(type, id, commit, { globs: [] })
    const main = key('model', 'acme/one', C)
    await saveEntry(main, 'acme/one', C)
    // The index is sorted by key: each wrong entry comes before the right one.
    saveIndex('scope', [
      {
        type: 'dataset',
        id: 'acme/one',
        commit: A,
        key: key('dataset', 'acme/one', A),
        listed: true,
        revision: 'main'
      },
      {
        type: 'model',
        id: 'acme/a-first',
        commit: A,
        key: key('model', 'acme/a-first', A),
        listed: true,
        revision: 'main'
      },
      {
        type: 'model',
        id: 'acme/one',
        commit: A,
        key: key('model', 'acme/one', A),
        listed: false,
        revision: 'main'
      },
      {
        type: 'model',
        id: 'acme/one',
        commit: B,
        key: key('model', 'acme/one', B),
        listed: true,
        revision: 'v1'
      },
      { type: 'model', id: 'acme/one', commit: C, key: main, listed: true, revision: 'main' }
    ])
    const restored = await restoreForOffline(settings(hubCache()), [spec('acme/one')], new Error('down'))
    expect(restored?.entries.filter(e => e.listed).map(e => e.commit)).toEqual([C])
    const listedCall = find.mock.calls.find(call => call[1] === main)
    expect(listedCall?.[2]).toEqual([`${main}/`])
    expect(restored!).toMatchObject({
      hit: false,
      entries: [
        { id: 'acme/one', commit: C, listed: true, restored: 'exact' },
        { id: 'acme/one', commit: A, listed: false }
      ]
    })
    expect(restored!.note).toMatch(/^Hub unreachable: restored 1 entries named by hf-hub-v2\//)
  })

  it('without an index, the repo’s newest entry stands in', async () => {
    await saveEntry(entryKey('model', 'acme/one', C, { globs: [] }), 'acme/one', C)
    const restored = await restoreForOffline(settings(hubCache()), [spec('acme/one')], new Error('down'))
    expect(restored?.entries.filter(e => e.listed).map(e => e.commit)).toEqual([C])
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringContaining('The Hub could not be reached (down)'),
      {
        title: 'Hugging Face Hub unreachable: using the cache'
      }
    )
  })

  it('without a cache service, nothing stands in', async () => {
    stub.available = false
    expect(
      await restoreForOffline(settings(hubCache()), [spec('acme/one')], new Error('down'))
    ).toBeUndefined()
    expect(find).not.toHaveBeenCalled()
  })

  it('is undefined when the cache holds a listed repo’s snapshot but no listing to check it with', async () => {
    await saveEntry(entryKey('model', 'acme/one', C, { globs: [] }), 'acme/one', C, 'model', {
      withListing: false
    })
    const hub = hubCache()
    const restored = await restoreForOffline(settings(hub), [spec('acme/one')], new Error('down'))
    // The entry was restored (its blobs serve a later run), but nothing can say its snapshot is whole.
    expect(fs.existsSync(path.join(hub, 'models--acme--one', 'snapshots', C))).toBe(true)
    expect(restored).toBeUndefined()
  })

  it('is undefined when the cache cannot stand in for a listed repo', async () => {
    const restored = await restoreForOffline(settings(hubCache()), [spec('acme/none')], new Error('down'))
    expect(restored).toBeUndefined()
    expect(core.exportVariable).not.toHaveBeenCalledWith('HF_HUB_OFFLINE', '1')
  })
})
