import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from '../../__fixtures__/runner.js'
import { computeCacheKey, keyPrefix } from '../../src/actions-cache/keys.js'
import { cachePaths } from '../../src/actions-cache/service.js'

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
  /** The toolkit's own resolution of the paths (what it hands tar), from the installed @actions/cache. */
  async function resolvedByToolkit(patterns: string[], workspace: string): Promise<string[]> {
    const file = path.join(ROOT, 'node_modules', '@actions', 'cache', 'lib', 'internal', 'cacheUtils.js')
    const { resolvePaths } = (await import(pathToFileURL(file).href)) as {
      resolvePaths(patterns: string[]): Promise<string[]>
    }
    const saved = process.env.GITHUB_WORKSPACE
    process.env.GITHUB_WORKSPACE = workspace
    try {
      return (await resolvePaths(patterns)).sort()
    } finally {
      if (saved === undefined) delete process.env.GITHUB_WORKSPACE
      else process.env.GITHUB_WORKSPACE = saved
    }
  }

  it("hands tar the repo folders and Python's store, never the token, stored_tokens, .locks or the store's locks", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-archived-'))
    const hub = path.join(home, 'hub')
    const hash = 'ab'.repeat(32)
    const files = {
      // HF_HOME beside the hub cache, and the hub cache's own files that are not repos.
      token: 'hf_secret',
      stored_tokens: '[x]\nhf_token = hf_other',
      'hub/CACHEDIR.TAG': 'Signature: x',
      'hub/.locks/models--a--b/x.lock': '',
      'hub/version.txt': '1',
      // What is archived.
      'hub/models--a--b/refs/main': 'c'.repeat(40),
      'hub/datasets--c--d/refs/main': 'c'.repeat(40),
      'hub/spaces--e--f/refs/main': 'c'.repeat(40),
      'hub/blobs/.huggingface-shared-blobs': '1\n',
      [`hub/blobs/ab/${hash}`]: 'payload',
      [`hub/blobs/ab/${hash}.refs`]: 'models--a--b/blobs/x\n',
      // The store's lock and temporary files.
      [`hub/blobs/ab/${hash}.lock`]: '',
      [`hub/blobs/ab/${hash}.soft`]: '',
      [`hub/blobs/ab/${hash}.123-abc.tmp`]: ''
    }
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(home, name)), { recursive: true })
      fs.writeFileSync(path.join(home, name), content)
    }
    const workspace = path.join(home, 'workspace')
    fs.mkdirSync(workspace)
    const resolved = await resolvedByToolkit(cachePaths(hub), workspace)
    expect(resolved).toEqual(
      [
        '../hub/blobs/.huggingface-shared-blobs',
        `../hub/blobs/ab/${hash}`,
        `../hub/blobs/ab/${hash}.refs`,
        '../hub/datasets--c--d',
        '../hub/models--a--b',
        '../hub/spaces--e--f'
      ].sort()
    )
  })
})
