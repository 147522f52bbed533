import { describe, expect, it } from '@jest/globals'
import { cachePaths, computeCacheKey, keyPrefix } from '../../src/actions-cache/archive.js'

const env = { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' }
const repo = (id: string, commit: string, globs: string[] = []) => ({
  spec: { type: 'model' as const, id, globs },
  commit
})

describe('cache key', () => {
  const a = repo('acme/a', '1'.repeat(40))
  const b = repo('acme/b', '2'.repeat(40), ['*.json'])

  it('is hf-hub-<os>-<arch>-<hash>, and the restore prefix is the part before the hash', () => {
    expect(computeCacheKey([a], env)).toMatch(/^hf-hub-Linux-X64-[0-9a-f]{32}$/)
    expect(keyPrefix(env)).toBe('hf-hub-Linux-X64-')
  })

  it('changes when a commit, a glob, a type or the OS changes, and not with the order of the lines', () => {
    const base = computeCacheKey([a, b], env)
    expect(computeCacheKey([b, a], env)).toBe(base)
    expect(computeCacheKey([a, { ...b, commit: '3'.repeat(40) }], env)).not.toBe(base)
    expect(computeCacheKey([a, repo('acme/b', '2'.repeat(40), ['*.txt'])], env)).not.toBe(base)
    expect(computeCacheKey([a, { ...b, spec: { ...b.spec, type: 'dataset' as const } }], env)).not.toBe(base)
    expect(computeCacheKey([a, b], { RUNNER_OS: 'Windows', RUNNER_ARCH: 'X64' })).not.toBe(base)
  })

  it('ignores repos without a resolved commit', () => {
    expect(computeCacheKey([a, { spec: b.spec }], env)).toBe(computeCacheKey([a], env))
  })
})

describe('what is archived', () => {
  it("only repo folders and Python's shared store: never the token, stored_tokens, .locks or the store's locks", () => {
    expect(cachePaths('/h/hub')).toEqual([
      '/h/hub/models--*',
      '/h/hub/datasets--*',
      '/h/hub/spaces--*',
      '/h/hub/blobs/.huggingface-shared-blobs',
      '/h/hub/blobs/*/*',
      '!/h/hub/blobs/*/*.lock',
      '!/h/hub/blobs/*/*.soft',
      '!/h/hub/blobs/*/*.tmp'
    ])
  })
})
