import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  cacheFingerprint,
  cachePaths,
  computeCacheKey,
  keyPrefix,
  prepareSave,
  STALE_LEFTOVER_MS
} from '../../src/actions-cache/archive.js'

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
  function cache(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-cache-unit-'))
    fs.mkdirSync(path.join(dir, 'models--a--b', 'blobs'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'models--a--b', 'blobs', 'x'.repeat(40)), '12345')
    return dir
  }

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

  it('prunes interrupted downloads and temporary files, which the fingerprint ignores', async () => {
    const dir = cache()
    const before = await cacheFingerprint(dir)
    const blobs = path.join(dir, 'models--a--b', 'blobs')
    // A dead writer's (untouched for long), main's own (its pid in the name), and a live writer's.
    fs.writeFileSync(path.join(blobs, 'y.incomplete'), 'half')
    const old = (Date.now() - STALE_LEFTOVER_MS - 60_000) / 1000
    fs.utimesSync(path.join(blobs, 'y.incomplete'), old, old)
    fs.writeFileSync(path.join(blobs, 'z.123-ab.tmp'), 'half')
    fs.writeFileSync(path.join(blobs, 'w.456-cd.incomplete'), 'being written by another job')
    expect(await cacheFingerprint(dir)).toBe(before)
    expect((await prepareSave(dir, 123)).fingerprint).toBe(before)
    expect(fs.readdirSync(blobs).sort()).toEqual(['w.456-cd.incomplete', 'x'.repeat(40)])
  })

  it('fingerprints what a later step adds, and sizes the archive', async () => {
    const dir = cache()
    const before = await cacheFingerprint(dir)
    fs.mkdirSync(path.join(dir, 'datasets--c--d', 'snapshots', 'c'.repeat(40)), { recursive: true })
    fs.symlinkSync('../../blobs/q', path.join(dir, 'datasets--c--d', 'snapshots', 'c'.repeat(40), 'f'))
    expect(await cacheFingerprint(dir)).not.toBe(before)
    fs.writeFileSync(path.join(dir, 'token'), 'hf_secret') // beside the repo folders: never counted
    expect((await prepareSave(dir)).size).toBe(5)
  })
})
