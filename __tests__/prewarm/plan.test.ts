import { describe, expect, it } from '@jest/globals'
import type { RepoSpec } from '../../src/hub/repo-spec.js'
import type { TreeEntry } from '../../src/hub/tree.js'
import { UnsafePathError } from '../../src/hub-cache/path-safety.js'
import { needsDownload, selectFiles } from '../../src/prewarm/plan.js'

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
