import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sha256, xetHash, type FakeHub } from '../../__fixtures__/fake-hub.js'
import { REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { HubClient } from '../../src/hub/client.js'
import { parseRepoSpecs } from '../../src/hub/repo-spec.js'
import { RepoCacheDir } from '../../src/hub-cache/layout.js'
import { adoptIntoStore } from '../../src/hub-cache/shared-store.js'
import type { RepoSpec } from '../../src/hub/repo-spec.js'
import type { TreeEntry } from '../../src/hub/tree.js'
import { UnsafePathError } from '../../src/hub-cache/path-safety.js'
import { needsDownload, planRepo, selectFiles, verifyCachedRepo } from '../../src/prewarm/plan.js'

const spec = (globs: string[] = []): RepoSpec => ({
  type: 'model',
  id: 'acme/tiny',
  revision: 'main',
  globs,
  line: 1
})
const sha = (c: string) => c.repeat(64)
const entry = (path: string, extra: Partial<TreeEntry> = {}): TreeEntry =>
  ({ path, size: 10, blobId: 'b'.repeat(40), ...extra }) as TreeEntry

describe('selectFiles', () => {
  it('keeps the files the globs select, named by their LFS hash or git blob id, with their Xet hash', () => {
    const tree = [
      entry('config.json'),
      entry('model.safetensors', { size: 99, lfsSha256: sha('a'), xetHash: sha('c') }),
      entry('weights.bin', { lfsSha256: sha('d') }),
      entry('README.md')
    ]
    expect(selectFiles(spec(['*.json', '*.safetensors', '*.bin']), tree)).toEqual([
      { path: 'config.json', size: 10, etag: 'b'.repeat(40), lfs: false },
      { path: 'model.safetensors', size: 99, etag: sha('a'), lfs: true, xetHash: sha('c') },
      { path: 'weights.bin', size: 10, etag: sha('d'), lfs: true }
    ])
    // No glob: every file.
    expect(selectFiles(spec(), tree)).toHaveLength(4)
    expect(Object.keys(selectFiles(spec(['weights.bin']), tree)[0])).not.toContain('xetHash')
  })

  it('refuses the whole listing when any name in it is unsafe, selected or not', () => {
    for (const bad of ['../escape', '/abs', 'a/../../b', 'dir/.', 'x\u0000y']) {
      expect(() => selectFiles(spec(['*.json']), [entry('config.json'), entry(bad)], 'linux')).toThrow(
        UnsafePathError
      )
    }
  })

  it('refuses names that differ only in case where the file system folds case, and only there', () => {
    const tree = [entry('Config.json'), entry('config.json')]
    for (const platform of ['darwin', 'win32'] as const) {
      expect(() => selectFiles(spec(), tree, platform)).toThrow(
        'it differs from "Config.json" only in case, and both would be one file on this runner\'s file system'
      )
    }
    expect(selectFiles(spec(), tree, 'linux')).toHaveLength(2)
    expect(selectFiles(spec(), [entry('a.json'), entry('b.json')], 'win32')).toHaveLength(2)
  })
})

describe('needsDownload', () => {
  it('is a blob neither cached nor already in the snapshot', () => {
    expect(needsDownload({ files: [], cached: false })).toBe(true)
    expect(needsDownload({ files: [], cached: true })).toBe(false)
    expect(needsDownload({ files: [], cached: false, existing: 'a.json' })).toBe(false)
  })
})

describe('planning against the Hub and the cache', () => {
  let hub: FakeHub
  beforeAll(async () => {
    hub = await startWorld()
  })
  afterAll(() => hub.stop())
  const client = () => new HubClient({ endpoint: hub.url, token: TOKENS.alice, sleep: async () => undefined })
  const target = (id: string) => {
    const [s] = parseRepoSpecs(id)
    return { spec: s, commit: hub.repos.get(`model:${id}`)!.branches.main }
  }

  it('checks every name of the listing before it changes anything of a cached snapshot', async () => {
    const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-plan-'))
    const { spec: s, commit } = target(REPOS.hostile)
    const repo = new RepoCacheDir(hubCache, 'model', REPOS.hostile)
    fs.mkdirSync(path.join(repo.root, 'snapshots', commit), { recursive: true })
    await expect(verifyCachedRepo(client(), s, commit, hubCache)).rejects.toThrow(UnsafePathError)
    // Neither the listing nor the ref was written.
    expect(fs.readdirSync(repo.root)).toEqual(['snapshots'])
  })

  it('links a blob from Python’s shared store when the listing gives its Xet hash, and says so', async () => {
    const hubCache = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-plan-'))
    const wanted = target(REPOS.llama)
    const weights = hub.repos.get(`model:${REPOS.llama}`)!.commits[wanted.commit]['model.safetensors'].content
    // Another repo's copy put the payload in the store (as Python's download would have).
    const staged = path.join(hubCache, 'staged')
    fs.writeFileSync(staged, weights)
    const other = path.join(hubCache, 'models--acme--other', 'blobs', sha256(weights))
    fs.mkdirSync(path.dirname(other), { recursive: true })
    expect(await adoptIntoStore(hubCache, other, staged, xetHash(weights), sha256(weights))).toBe(true)
    const lines: string[] = []
    hub.xetInListings = true
    try {
      const plan = await planRepo(client(), wanted, hubCache, { log: line => lines.push(line) })
      const group = plan.groups.find(g => g.files[0].path === 'model.safetensors')!
      expect(group.cached).toBe(true)
      expect(lines).toEqual([`  linked ${REPOS.llama}: model.safetensors from Python's shared blob store`])
      expect(plan.groups.filter(g => g.cached)).toHaveLength(1)
    } finally {
      hub.xetInListings = false
    }
    // Without the Xet hash in the listing, the store is not asked.
    const fresh = await planRepo(client(), wanted, fs.mkdtempSync(path.join(os.tmpdir(), 'hf-plan-')), {})
    expect(fresh.groups.every(g => !g.cached)).toBe(true)
  })
})
