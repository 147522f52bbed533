/** Main's record for post: written as it changes, read back only when it has the shape main writes. */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { RecordForPost, readPostRecord, RECORD_VERSION } = await import('../../src/action/record.js')
const { entryKey } = await import('../../src/actions-cache/keys.js')

const C = 'c'.repeat(40)
const cache = {
  hubCache: '/home/runner/.cache/huggingface/hub',
  scope: 'ci.yml#test',
  entries: [
    {
      type: 'model' as const,
      id: 'acme/one',
      commit: C,
      key: entryKey('model', 'acme/one', C, { globs: [] }),
      revision: 'main',
      listed: true,
      restored: 'other' as const,
      matchedKey: 'hf-hub-v2/x'
    }
  ],
  snapshotsAfterRestore: [`models--acme--one/${C}`],
  save: true,
  mainPid: 4242
}
const tokenFile = {
  path: '/home/runner/.cache/huggingface/token',
  backup: '/home/runner/.cache/huggingface/token.hf-auth-action-backup-1-abc',
  temp: '/home/runner/.cache/huggingface/token.hf-auth-action-1-abc.tmp',
  identity: '2049:131:1796576908468289859'
}
const stages = { hubCache: cache.hubCache, root: `${cache.hubCache}/.hf-auth-action/1-abc` }

/** What post reads back of the last record main wrote. */
function lastWritten() {
  const [key, value] = core.saveState.mock.calls.at(-1)!
  core.getState.mockImplementation(name => (name === key ? String(value) : ''))
  return readPostRecord()
}

function given(raw: unknown) {
  core.getState.mockImplementation(() => (typeof raw === 'string' ? raw : JSON.stringify(raw)))
  return readPostRecord()
}

beforeEach(() => core.resetCoreMock())

describe('RecordForPost', () => {
  it('is written at each change, so a cancelled main still leaves post the token file and the stages', () => {
    const record = new RecordForPost()
    record.tokenFile({ path: tokenFile.path, temp: tokenFile.temp })
    expect(lastWritten()).toEqual({
      record: { version: RECORD_VERSION, tokenFile: { path: tokenFile.path, temp: tokenFile.temp } }
    })
    record.stages(stages)
    expect(lastWritten()).toMatchObject({ record: { stages } })
    expect(core.saveState).toHaveBeenCalledTimes(2)
  })

  it('says the files are complete only once the pre-warm that follows the restore finished', () => {
    const record = new RecordForPost()
    record.prewarmFinished()
    expect(core.saveState).not.toHaveBeenCalled()
    record.cacheRestored(cache, true)
    expect(lastWritten()).toEqual({ record: { version: RECORD_VERSION, cache, filesComplete: false } })
    record.prewarmFinished()
    expect(lastWritten()).toMatchObject({ record: { filesComplete: true } })
    record.cacheRestored(cache, false)
    expect(lastWritten()).toMatchObject({ record: { filesComplete: true } })
  })
})

describe('readPostRecord', () => {
  it('reads back what main wrote', () => {
    expect(given({ version: RECORD_VERSION, tokenFile, stages, cache, filesComplete: true })).toEqual({
      record: { version: RECORD_VERSION, tokenFile, stages, cache, filesComplete: true }
    })
    expect(given('')).toEqual({ absent: true })
  })

  it.each([
    ['not JSON', '{', 'it is not JSON'],
    ['an array', [], 'it is not an object'],
    ['another version', { version: 2 }, 'its version is 2, this post reads 1'],
    ['no version', {}, 'its version is undefined, this post reads 1'],
    ['a relative token file', { version: 1, tokenFile: { path: 'token' } }, 'its tokenFile'],
    [
      'a backup elsewhere',
      { version: 1, tokenFile: { ...tokenFile, backup: '/etc/passwd.hf-auth-action-backup-1' } },
      'its tokenFile'
    ],
    [
      'a temporary file that is another file',
      { version: 1, tokenFile: { ...tokenFile, temp: `${tokenFile.path}.hf-auth-action-x` } },
      'its tokenFile'
    ],
    [
      'an identity of another shape',
      { version: 1, tokenFile: { ...tokenFile, identity: `${tokenFile.identity}:1` } },
      'its tokenFile'
    ],
    ['a path with ..', { version: 1, stages: { ...stages, root: `${stages.root}/../..` } }, 'its stages'],
    ['a control character', { version: 1, stages: { ...stages, root: `${stages.root}\n` } }, 'its stages'],
    ['a cache with no pid', { version: 1, cache: { ...cache, mainPid: 0 } }, 'its cache'],
    [
      "another repo's key",
      {
        version: 1,
        cache: {
          ...cache,
          entries: [{ ...cache.entries[0], key: entryKey('model', 'acme/two', C, { globs: [] }) }]
        }
      },
      'its cache'
    ],
    [
      'an unknown restore result',
      { version: 1, cache: { ...cache, entries: [{ ...cache.entries[0], restored: 'older' }] } },
      'its cache'
    ],
    [
      'snapshots that are not names',
      { version: 1, cache: { ...cache, snapshotsAfterRestore: [1] } },
      'its cache'
    ],
    ['a token file that is no object', { version: 1, tokenFile: 'token' }, 'its tokenFile'],
    ['a token path too long', { version: 1, tokenFile: { path: `/${'a'.repeat(4096)}` } }, 'its tokenFile'],
    [
      'a backup in another folder',
      { version: 1, tokenFile: { ...tokenFile, backup: `/tmp/token.hf-auth-action-backup-1` } },
      'its tokenFile'
    ],
    [
      'a temporary file in another folder',
      { version: 1, tokenFile: { ...tokenFile, temp: '/tmp/token.hf-auth-action-1.tmp' } },
      'its tokenFile'
    ],
    ['stages that are no object', { version: 1, stages: [] }, 'its stages'],
    ['stages with a relative root', { version: 1, stages: { ...stages, root: 'x' } }, 'its stages'],
    ['stages with no hub cache', { version: 1, stages: { root: stages.root } }, 'its stages'],
    ['a cache that is no object', { version: 1, cache: 'x' }, 'its cache'],
    ['a cache in a relative folder', { version: 1, cache: { ...cache, hubCache: 'hub' } }, 'its cache'],
    ['a scope that is no text', { version: 1, cache: { ...cache, scope: 1 } }, 'its cache'],
    ['a scope too long', { version: 1, cache: { ...cache, scope: 's'.repeat(513) } }, 'its cache'],
    ['save that is no boolean', { version: 1, cache: { ...cache, save: 'yes' } }, 'its cache'],
    ['an index key that is no text', { version: 1, cache: { ...cache, indexKey: 5 } }, 'its cache'],
    ['an index key too long', { version: 1, cache: { ...cache, indexKey: 'k'.repeat(513) } }, 'its cache'],
    ['a pid that is no integer', { version: 1, cache: { ...cache, mainPid: 1.5 } }, 'its cache'],
    ['entries that are no list', { version: 1, cache: { ...cache, entries: {} } }, 'its cache'],
    [
      'more entries than a job restores',
      { version: 1, cache: { ...cache, entries: Array.from({ length: 2049 }, () => cache.entries[0]) } },
      'its cache'
    ],
    [
      'snapshots that are no list',
      { version: 1, cache: { ...cache, snapshotsAfterRestore: 'x' } },
      'its cache'
    ],
    [
      'more snapshots than a hub cache holds',
      { version: 1, cache: { ...cache, snapshotsAfterRestore: Array.from({ length: 100_001 }, () => 'x') } },
      'its cache'
    ],
    [
      'a snapshot name too long',
      { version: 1, cache: { ...cache, snapshotsAfterRestore: ['x'.repeat(1024)] } },
      'its cache'
    ],
    [
      'a matched key too long',
      { version: 1, cache: { ...cache, entries: [{ ...cache.entries[0], matchedKey: 'm'.repeat(513) }] } },
      'its cache'
    ],
    [
      'a matched key that is no text',
      { version: 1, cache: { ...cache, entries: [{ ...cache.entries[0], matchedKey: 1 }] } },
      'its cache'
    ]
  ])('refuses a record with %s, saying why', (_, raw, why) => {
    const read = given(raw)
    expect('refused' in read && read.refused).toContain(why)
  })

  it('takes the limits themselves, an index key and each restore result', () => {
    const entries = ['exact', 'other', 'none'].map(restored => ({ ...cache.entries[0], restored }))
    const edge = {
      ...cache,
      scope: 's'.repeat(512),
      indexKey: 'k'.repeat(512),
      entries: [...entries, { ...cache.entries[0], matchedKey: 'm'.repeat(512) }],
      snapshotsAfterRestore: ['x'.repeat(1023)]
    }
    expect(given({ version: 1, cache: edge })).toEqual({
      record: { version: 1, cache: edge, filesComplete: false }
    })
    const many = { ...cache, entries: Array.from({ length: 2048 }, () => cache.entries[0]) }
    expect(given({ version: 1, cache: many })).toMatchObject({ record: { cache: many } })
    const { matchedKey, ...unmatched } = cache.entries[0]
    expect(matchedKey).toBeDefined()
    expect(given({ version: 1, cache: { ...cache, entries: [unmatched] } })).toMatchObject({
      record: { cache: { entries: [unmatched] } }
    })
    expect(given({ version: 1, tokenFile: { path: tokenFile.path } })).toEqual({
      record: { version: 1, tokenFile: { path: tokenFile.path } }
    })
  })

  it('takes the files as incomplete unless the record says they are complete', () => {
    expect(given({ version: 1, cache })).toMatchObject({ record: { filesComplete: false } })
    expect(given({ version: 1, cache, filesComplete: 'yes' })).toMatchObject({
      record: { filesComplete: false }
    })
  })
})
