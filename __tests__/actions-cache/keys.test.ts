import { describe, expect, it } from '@jest/globals'
import {
  cacheScope,
  entryKey,
  indexKey,
  indexPrefix,
  isEntryKey,
  partialKey,
  platformPrefix,
  repoPrefix
} from '../../src/actions-cache/keys.js'

const env = { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' }
const C = '1'.repeat(40)

describe('entry keys', () => {
  it('name the platform, the repo, its commit and its selection, short enough for the service', () => {
    const key = entryKey('model', 'meta-llama/Llama-3.2-1B', C, { globs: ['*.json'] }, env)
    expect(key).toMatch(new RegExp(`^hf-hub-v2/Linux-X64/model/meta-llama/Llama-3.2-1B/${C}/[0-9a-f]{12}$`))
    expect(
      entryKey('model', `${'a'.repeat(96)}/${'b'.repeat(96)}`, C, { globs: [] }, env).length
    ).toBeLessThan(512)
  })

  it('change with the selection, not with the order of the globs; files and globs never collide', () => {
    const base = entryKey('model', 'a/b', C, { globs: ['*.json', '*.txt'] }, env)
    expect(entryKey('model', 'a/b', C, { globs: ['*.txt', '*.json'] }, env)).toBe(base)
    expect(entryKey('model', 'a/b', C, { globs: ['*.json'] }, env)).not.toBe(base)
    expect(entryKey('model', 'a/b', C, { files: ['*.json', '*.txt'] }, env)).not.toBe(base)
    expect(entryKey('dataset', 'a/b', C, { globs: ['*.json', '*.txt'] }, env)).not.toBe(base)
    expect(
      entryKey('model', 'a/b', C, { globs: ['*.json', '*.txt'] }, { ...env, RUNNER_OS: 'macOS' })
    ).not.toBe(base)
  })

  it('a later step’s repo is keyed by the files its snapshot holds, whatever their order', () => {
    const key = (files: string[]) => entryKey('model', 'a/b', C, { files }, env)
    expect(key(['b', 'a'])).toBe(key(['a', 'b']))
    expect(key(['a'])).not.toBe(key(['a', 'b']))
    expect(key([])).not.toBe(entryKey('model', 'a/b', C, { globs: [] }, env))
  })

  it('a repo’s prefix matches its own entries only (acme/tiny is no prefix of acme/tiny-model)', () => {
    const tiny = repoPrefix('model', 'acme/tiny', env)
    expect(entryKey('model', 'acme/tiny', C, { globs: [] }, env).startsWith(tiny)).toBe(true)
    expect(entryKey('model', 'acme/tiny-model', C, { globs: [] }, env).startsWith(tiny)).toBe(false)
    // Nor are the first design's keys found by any prefix of this one.
    expect('hf-hub-Linux-X64-0123abcd'.startsWith(platformPrefix(env))).toBe(false)
  })

  it('a partial entry is found by `<key>/`, never as the key itself', () => {
    const key = entryKey('model', 'a/b', C, { globs: [] }, env)
    const partial = partialKey(key, { ...env, GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '2' })
    expect(partial).toBe(`${key}/partial-77-2`)
    expect(isEntryKey(partial, 'model', 'a/b', C)).toBe(false)
  })

  it('isEntryKey accepts exactly the shape of the repo’s entry at that commit', () => {
    const key = entryKey('model', 'a/b', C, { globs: [] })
    expect(isEntryKey(key, 'model', 'a/b', C)).toBe(true)
    expect(isEntryKey(key, 'model', 'a/c', C)).toBe(false)
    expect(isEntryKey(key, 'model', 'a/b', '2'.repeat(40))).toBe(false)
    expect(isEntryKey(`${key}0`, 'model', 'a/b', C)).toBe(false)
  })
})

describe('the index of a scope', () => {
  it('is scoped by the workflow file and the job by default, every branch alike', () => {
    const main = { GITHUB_WORKFLOW_REF: 'o/r/.github/workflows/ci.yml@refs/heads/main', GITHUB_JOB: 'test' }
    const pr = { GITHUB_WORKFLOW_REF: 'o/r/.github/workflows/ci.yml@refs/pull/3/merge', GITHUB_JOB: 'test' }
    expect(cacheScope('', main)).toBe('o/r/.github/workflows/ci.yml#test')
    expect(cacheScope('', pr)).toBe(cacheScope('', main))
    expect(cacheScope('', { ...main, GITHUB_JOB: 'lint' })).not.toBe(cacheScope('', main))
    expect(cacheScope('team-models', main)).toBe('team-models')
    // Older runners without GITHUB_WORKFLOW_REF: the workflow's name.
    expect(cacheScope('', { GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'test' })).toBe('CI#test')
    expect(cacheScope('', {})).toBe('workflow#job')
  })

  it('is keyed under the scope’s prefix by the hash of what it names', () => {
    const prefix = indexPrefix('s', env)
    expect(prefix).toMatch(/^hf-hub-v2\/Linux-X64\/index\/[0-9a-f]{16}\/$/)
    expect(indexKey('s', 'a', env).startsWith(prefix)).toBe(true)
    expect(indexKey('s', 'a', env)).not.toBe(indexKey('s', 'b', env))
    expect(indexPrefix('t', env)).not.toBe(prefix)
  })
})
