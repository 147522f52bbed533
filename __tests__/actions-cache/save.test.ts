import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'
import { bytes, type FakeFile } from '../../__fixtures__/fake-hub.js'
import { downloadLikePython } from '../../__fixtures__/python-layout.js'

jest.unstable_mockModule('@actions/core', () => core)
const { ServiceStub } = await import('../../__fixtures__/cache-service-stub.js')
const stub = new ServiceStub()
jest.unstable_mockModule('../../src/actions-cache/service.js', () => stub.module())
/** Marks a key as held by the service (another job saved it). */
const hold = (key: string) => stub.saved.set(key, fs.mkdtempSync(path.join(os.tmpdir(), 'hf-held-')))
const refused = stub.refused
const { CacheSaver } = await import('../../src/actions-cache/save.js')
const { MAX_SAVES, planSaves } = await import('../../src/actions-cache/save-plan.js')
const { entryKey, indexKey } = await import('../../src/actions-cache/keys.js')
const { encodeIndex } = await import('../../src/actions-cache/index-file.js')
type CacheState = import('../../src/actions-cache/types.js').CacheState

beforeEach(() => {
  core.resetCoreMock()
  stub.reset()
})

const C = 'c'.repeat(40)
const D = 'd'.repeat(40)
const files = (seed: string, size = 64): Record<string, FakeFile> => ({
  'config.json': { content: Buffer.from(`{"seed":"${seed}"}`), lfs: false },
  'model.safetensors': { content: bytes(seed, size), lfs: true }
})

/** A hub cache holding acme/one and acme/two at C, and the state main left for them. */
function restored(overrides: Partial<CacheState> = {}): CacheState {
  const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-save-test-'))
  downloadLikePython(hubCache, 'models--acme--one', C, files('one'))
  downloadLikePython(hubCache, 'models--acme--two', C, files('two', 2 * 1024 * 1024))
  const entry = (id: string) => ({
    type: 'model' as const,
    id,
    commit: C,
    revision: 'main',
    key: entryKey('model', id, C, { globs: [] }),
    listed: true,
    restored: 'none' as const
  })
  return {
    hubCache,
    scope: 'ci.yml#test',
    entries: [entry('acme/one'), entry('acme/two')],
    snapshotsAfterRestore: [],
    save: true,
    mainPid: process.pid,
    ...overrides
  }
}

/** Saves `state` as post does: the hub cache readied, the plan made of what it holds, carried out, closed. */
async function saveStep(state: CacheState, filesComplete: boolean) {
  const saver = await CacheSaver.open(state)
  if (!saver) return []
  try {
    return await saver.carryOut(planSaves(state.entries, await saver.readyDisk(), filesComplete))
  } finally {
    await saver.close()
  }
}

const savedKeys = () => stub.save.mock.calls.map(call => call[2])
const entryKeys = () => savedKeys().filter(k => !k.includes('/index/'))

describe('CacheSaver', () => {
  it('saves one entry per listed repo that missed, from a stage holding only that repo, then the index', async () => {
    const state = restored()
    const saved = await saveStep(state, true)
    expect(entryKeys().sort()).toEqual(state.entries.map(e => e.key).sort())
    expect(saved.map(s => s.outcome)).toEqual(['saved', 'saved'])
    // Each entry from a stage of its own in this step's folder, holding its one repo under `hub/`.
    const stages = stub.save.mock.calls.map(call => call[1].dir)
    expect(new Set(stages).size).toBe(3)
    for (const stage of stages)
      expect(path.dirname(path.dirname(stage))).toBe(path.join(state.hubCache, '.hf-auth-action'))
    const one = stub.saved.get(state.entries[0].key)!
    expect(fs.readdirSync(path.join(one, 'hub'))).toEqual(['models--acme--one'])
    // The stages are gone once saved.
    expect(fs.existsSync(path.join(state.hubCache, '.hf-auth-action'))).toBe(false)
  })

  it('carries the plan out in its order: the listed repos, the index, then added ones; names those over the cap', async () => {
    const state = restored()
    downloadLikePython(state.hubCache, 'models--later--m000', D, files('m0', 8))
    const over = Array.from({ length: 23 }, (_, i) => ({
      type: 'model' as const,
      id: `later/m${String(i + 1).padStart(3, '0')}`,
      commit: D,
      key: `k${i}`,
      listed: false,
      restored: 'none' as const
    }))
    const saver = (await CacheSaver.open(state))!
    const plan = planSaves(state.entries, await saver.readyDisk(), true)
    const saved = await saver.carryOut({ ...plan, over })
    await saver.close()
    const keys = savedKeys()
    expect(keys.slice(0, 2).sort()).toEqual(state.entries.map(e => e.key).sort())
    expect(keys[2]).toContain('/index/')
    expect(keys.slice(3)).toEqual([plan.added[0].key])
    expect(saved.filter(s => s.outcome === 'skipped').map(s => s.entry.id)).toEqual(over.map(e => e.id))
    const [message, props] = core.warning.mock.calls.find(
      ([, p]) => (p as { title?: string }).title === 'Hugging Face cache: save limit'
    )!
    expect(props).toEqual({ title: 'Hugging Face cache: save limit' })
    expect(message).toContain(`A job saves at most ${MAX_SAVES} cache entries`)
    expect(message).toContain(`23 later-step downloads were not saved: later/m001@${D.slice(0, 7)}`)
    expect(message).toContain('and 13 more.')
  })

  it('looks nothing up and saves nothing once saves are stopped; each entry is then skipped', async () => {
    stub.savesStopped = true
    const saved = await saveStep(restored(), true)
    expect(saved.map(s => s.outcome)).toEqual(['skipped', 'skipped'])
    expect(stub.find).not.toHaveBeenCalled()
    expect(stub.save).not.toHaveBeenCalled()
  })

  it('says so when another job saved an entry already', async () => {
    const state = restored()
    hold(state.entries[0].key)
    await saveStep(state, true)
    expect(core.info).toHaveBeenCalledWith(
      `Cache: acme/one@${C.slice(0, 7)} is saved as ${state.entries[0].key} (by another job).`
    )
    expect(core.info).toHaveBeenCalledWith(
      expect.stringMatching(/^Cache: saved the index of this job's entries as /)
    )
  })

  it('saves nothing without a cache service, and says so once', async () => {
    stub.available = false
    expect(await saveStep(restored(), true)).toEqual([])
    expect(core.warning).toHaveBeenCalledTimes(1)
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining('neither restored nor saved'), {
      title: 'Cache service unavailable'
    })
    expect(stub.find).not.toHaveBeenCalled()
  })

  it('saves nothing where the runner’s cache mode permits no writes', async () => {
    stub.mode = { read: true, write: false, mode: 'read' }
    expect(await saveStep(restored(), true)).toEqual([])
    expect(core.info).toHaveBeenCalledWith(
      "Cache: save skipped, the runner's cache mode (ACTIONS_CACHE_MODE=read) does not permit writes."
    )
    expect(stub.save).not.toHaveBeenCalled()
    expect(stub.find).not.toHaveBeenCalled()
  })

  it('does not save an exact hit again', async () => {
    const state = restored()
    state.entries[0].restored = 'exact'
    await saveStep(state, true)
    expect(entryKeys()).toEqual([state.entries[1].key])
  })

  it('does not save an entry the service already holds (another job saved it)', async () => {
    const state = restored()
    hold(state.entries[0].key)
    const saved = await saveStep(state, true)
    expect(entryKeys()).toEqual([state.entries[1].key])
    expect(saved[0].outcome).toBe('exists')
  })

  it('does not save with save-cache: false', async () => {
    const state = restored({ save: false })
    expect(await saveStep(state, true)).toEqual([])
    expect(stub.save).not.toHaveBeenCalled()
    expect(stub.find).not.toHaveBeenCalled()
  })

  it('saves an unfinished pre-warm under partial keys, never the full ones', async () => {
    const state = restored()
    process.env.GITHUB_RUN_ID = '77'
    try {
      await saveStep(state, false)
    } finally {
      delete process.env.GITHUB_RUN_ID
    }
    expect(entryKeys().sort()).toEqual(state.entries.map(e => `${e.key}/partial-77-1`).sort())
  })

  it('saves what a later step added as entries of its own, and not what was there after the restore', async () => {
    const state = restored()
    downloadLikePython(state.hubCache, 'datasets--acme--data', D, files('data'))
    downloadLikePython(state.hubCache, 'models--acme--old', D, files('old'))
    state.snapshotsAfterRestore = [`models--acme--old/${D}`]
    const saved = await saveStep(state, true)
    const added = saved.filter(s => !s.entry.listed)
    expect(added.map(s => `${s.entry.type}/${s.entry.id}@${s.entry.commit}`)).toEqual([
      `dataset/acme/data@${D}`
    ])
    expect(entryKeys()).toContain(added[0].key)
    // The index names it, so this job's next run restores it.
    const index = savedKeys().find(k => k.includes('/index/'))!
    const named = [...state.entries, added[0].entry].map(({ restored: _, matchedKey: __, ...e }) => e)
    expect(index).toBe(indexKey(state.scope, encodeIndex(named)))
  })

  it('the index names the listed repos, extras restored exactly and extras to be saved; never a missed one', async () => {
    const state = restored()
    const extra = (id: string, restored: 'exact' | 'none') => ({
      type: 'dataset' as const,
      id,
      commit: D,
      key: entryKey('dataset', id, D, { files: ['x'] }),
      listed: false,
      restored
    })
    state.entries.push(extra('acme/kept', 'exact'), extra('acme/missed', 'none'))
    downloadLikePython(state.hubCache, 'datasets--acme--added', D, files('added'))
    downloadLikePython(state.hubCache, 'datasets--acme--refused', D, files('refused'))
    refused.add(entryKey('dataset', 'acme/refused', D, { files: ['config.json', 'model.safetensors'] }))
    await saveStep(state, true)
    const index = savedKeys().find(k => k.includes('/index/'))!
    // Saved before the added entries (it outranks them under the service's limits), it names each of them.
    const added = (id: string) => ({
      type: 'dataset' as const,
      id,
      commit: D,
      key: entryKey('dataset', id, D, { files: ['config.json', 'model.safetensors'] }),
      listed: false
    })
    const named = [...state.entries.slice(0, 3), added('acme/added'), added('acme/refused')]
    expect(index).toBe(indexKey(state.scope, encodeIndex(named)))
  })

  it('a save the service refused but another job made meanwhile is no warning', async () => {
    const state = restored()
    state.entries = [state.entries[0]]
    state.snapshotsAfterRestore = [`models--acme--two/${C}`]
    // Another job's save won the race: the creation answers that the key exists.
    stub.save.mockImplementationOnce(async () => ({ outcome: 'exists' as const }))
    const saved = await saveStep(state, true)
    expect(saved.map(s => s.outcome)).toEqual(['exists'])
    expect(core.warning).not.toHaveBeenCalled()
  })

  it('a later step’s snapshot whose blobs are gone is not saved', async () => {
    const state = restored()
    downloadLikePython(state.hubCache, 'datasets--acme--gone', D, files('gone'))
    fs.rmSync(path.join(state.hubCache, 'datasets--acme--gone', 'blobs'), { recursive: true })
    const saved = await saveStep(state, true)
    expect(saved.find(s => s.entry.id === 'acme/gone')?.outcome).toBe('missing')
    expect(entryKeys().some(k => k.includes('acme/gone'))).toBe(false)
  })

  it('does not upload an index the service already holds', async () => {
    const state = restored()
    hold(indexKey(state.scope, encodeIndex(state.entries)))
    await saveStep(state, true)
    expect(savedKeys().some(k => k.includes('/index/'))).toBe(false)
  })

  it('does not save the index again when what it names is unchanged', async () => {
    const state = restored()
    state.entries.forEach(e => (e.restored = 'exact'))
    const text = encodeIndex(state.entries.map(({ restored: _, matchedKey: __, ...e }) => e))
    await saveStep({ ...state, indexKey: indexKey(state.scope, text) }, true)
    expect(stub.save).not.toHaveBeenCalled()
  })

  it('a refused entry is a warning naming the repo and its size; the others are still saved', async () => {
    const state = restored()
    refused.add(state.entries[1].key)
    const saved = await saveStep(state, true)
    expect(saved.map(s => s.outcome)).toEqual(['saved', 'refused'])
    const [message, props] = core.warning.mock.calls.find(([, p]) =>
      String((p as { title?: string })?.title).includes('not saved')
    )!
    expect(props).toEqual({ title: 'Hugging Face cache: acme/two not saved' })
    expect(String(message)).toContain(
      `acme/two@${C.slice(0, 7)} (2.1 MB) was not saved (over the size limit)`
    )
    expect(String(message)).toContain('narrow its files with globs in "repos"')
    expect(savedKeys().some(k => k.includes('/index/'))).toBe(true)
  })

  it('names each of the first ten foreign entries it removes, then counts the rest', async () => {
    const state = restored()
    for (let i = 0; i < 12; i++)
      fs.symlinkSync('/tmp', path.join(state.hubCache, `models--evil--link${String(i).padStart(2, '0')}`))
    await saveStep(state, true)
    const titles = core.warning.mock.calls.map(([, props]) => (props as { title?: string }).title)
    expect(titles.filter(t => t === 'Hugging Face cache: link removed')).toHaveLength(10)
    const more = core.warning.mock.calls.find(
      ([, props]) => (props as { title?: string }).title === 'Hugging Face cache: entries removed'
    )
    expect(more?.[0]).toBe('Removed 2 more such entries from the hub cache before saving.')
  })

  it('a FIFO removed before saving is named a special file', async () => {
    const state = restored()
    fs.rmSync(path.join(state.hubCache, 'models--acme--one', 'refs', 'main'))
    execFileSync('mkfifo', [path.join(state.hubCache, 'models--acme--one', 'refs', 'main')])
    await saveStep(state, true)
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringContaining('Removed models--acme--one/refs/main'),
      {
        title: 'Hugging Face cache: special file removed'
      }
    )
  })

  it('removes a repo folder that is a link (never its target) and main’s leftovers, and stages neither', async () => {
    const state = restored()
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-outside-'))
    downloadLikePython(outside, 'models--evil--x', D, files('evil'))
    fs.symlinkSync(path.join(outside, 'models--evil--x'), path.join(state.hubCache, 'models--evil--link'))
    const blobs = path.join(state.hubCache, 'models--acme--one', 'blobs')
    fs.writeFileSync(path.join(blobs, `${'e'.repeat(40)}.${process.pid}-abc.incomplete`), 'partial')
    await saveStep(state, true)
    expect(fs.existsSync(path.join(state.hubCache, 'models--evil--link'))).toBe(false)
    expect(fs.existsSync(path.join(outside, 'models--evil--x', 'refs', 'main'))).toBe(true)
    expect(fs.readdirSync(blobs).some(name => name.endsWith('.incomplete'))).toBe(false)
    expect(entryKeys().some(k => k.includes('evil'))).toBe(false)
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining('must be a folder, not a link'), {
      title: 'Hugging Face cache: link removed'
    })
  })
})
