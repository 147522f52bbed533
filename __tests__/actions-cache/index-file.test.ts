import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  encodeIndex,
  MAX_INDEX_BYTES,
  MAX_INDEXED,
  parseIndex,
  validIndexedEntry
} from '../../src/actions-cache/index-file.js'
import { readStagedIndex, Stages, writeStagedIndex } from '../../src/hub-cache/entry-stage.js'
import { entryKey, indexKey } from '../../src/actions-cache/keys.js'

const C = 'c'.repeat(40)
const good = {
  type: 'model' as const,
  id: 'acme/one',
  commit: C,
  key: entryKey('model', 'acme/one', C, { globs: [] }),
  listed: true,
  revision: 'main'
}

/** Written into a stage and read back as a restored index is: bounded, then parsed. */
async function roundTrip(text: string) {
  const stages = await Stages.open(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-index-')))
  const read = await stages.withStage(
    'index',
    async stage => {
      await writeStagedIndex(stage, text)
      return true
    },
    stage => readStagedIndex(stage, MAX_INDEX_BYTES)
  )
  await stages.close()
  return read === undefined ? [] : parseIndex(read)
}

describe('the index file', () => {
  it('is the same text, so under the same key, whatever the order of its entries', () => {
    const of = (id: string) => ({ ...good, id, key: entryKey('model', id, C, { globs: [] }) })
    const [a, b, c] = [of('acme/b'), of('acme/a'), of('acme/c')]
    const texts = [encodeIndex([a, b, c]), encodeIndex([c, a, b]), encodeIndex([b, c, a])]
    expect(new Set(texts).size).toBe(1)
    expect(new Set(texts.map(t => indexKey('scope', t))).size).toBe(1)
  })

  it('reads back what was written, whatever the order', async () => {
    // A repo a later step added: no revision.
    const other = {
      type: 'model' as const,
      id: 'acme/two',
      commit: C,
      key: entryKey('model', 'acme/two', C, { globs: [] }),
      listed: false
    }
    const third = { ...other, id: 'acme/three', key: entryKey('model', 'acme/three', C, { globs: [] }) }
    const text = encodeIndex([other, good])
    expect(encodeIndex([good, other])).toBe(text)
    const orders = [
      [good, other, third],
      [third, other, good],
      [other, third, good]
    ].map(order => encodeIndex(order))
    expect(new Set(orders).size).toBe(1)
    expect(await roundTrip(text)).toEqual([good, other].sort((a, b) => (a.key < b.key ? -1 : 1)))
  })

  it.each([
    ['a key of another repo', { ...good, key: entryKey('model', 'acme/other', C, { globs: [] }) }],
    ['a key of another commit', { ...good, commit: 'd'.repeat(40) }],
    [
      'an id that leaves the cache',
      { ...good, id: '../x', key: entryKey('model', '../x', C, { globs: [] }) }
    ],
    ['an unknown type', { ...good, type: 'kernel' }],
    ['a revision with a line break', { ...good, revision: 'main\n::warning::x' }],
    ['a revision that is not text', { ...good, revision: 5 }],
    ['an id that is not text', { ...good, id: 5 }],
    ['a commit that is not 40 hex', { ...good, commit: 'main' }],
    ['no object at all', null]
  ])('leaves out an entry with %s', async (_, entry) => {
    expect(await roundTrip(JSON.stringify({ version: 1, entries: [entry, good] }))).toEqual([good])
  })

  it('is empty when absent, not JSON, or too big; reads at most MAX_INDEXED entries', async () => {
    const stages = await Stages.open(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-index-')))
    const empty = await stages.withStage(
      'index',
      async () => true,
      stage => readStagedIndex(stage, MAX_INDEX_BYTES)
    )
    expect(empty).toBeUndefined()
    expect(await roundTrip('{not json')).toEqual([])
    expect(await roundTrip(JSON.stringify({ entries: [good], pad: 'x'.repeat(300 * 1024) }))).toEqual([])
    const many = Array.from({ length: MAX_INDEXED + 5 }, () => good)
    expect(await roundTrip(JSON.stringify({ entries: many }))).toHaveLength(MAX_INDEXED)
  })
})

describe('an indexed entry', () => {
  it('is taken for each repo type, its key its own at its commit', () => {
    for (const type of ['model', 'dataset', 'space'] as const) {
      const entry = { ...good, type, key: entryKey(type, 'acme/one', C, { globs: [] }) }
      expect(validIndexedEntry(entry)).toEqual(entry)
    }
    expect(validIndexedEntry({ ...good, listed: 'yes', revision: undefined })).toEqual({
      ...good,
      listed: false,
      revision: undefined
    })
  })

  it('is refused of another type, with a key of another commit or none, or a revision no ref has', () => {
    for (const bad of [
      { ...good, type: 'spaces' },
      { ...good, type: '' },
      { ...good, key: entryKey('model', 'acme/one', 'd'.repeat(40), { globs: [] }) },
      { ...good, key: 7 },
      { ...good, commit: 'main' },
      { ...good, revision: 'has space' },
      { ...good, revision: '' },
      { ...good, id: '../x' }
    ])
      expect(validIndexedEntry(bad)).toBeUndefined()
  })

  it('a file whose entries are not a list, or that is a list, gives none', () => {
    expect(parseIndex(JSON.stringify({ version: 1, entries: { 0: good } }))).toEqual([])
    expect(parseIndex(JSON.stringify([good]))).toEqual([])
    expect(parseIndex(JSON.stringify({ version: 1, entries: [good, 'x'] }))).toEqual([good])
  })
})
