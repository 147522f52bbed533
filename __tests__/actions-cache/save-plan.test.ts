/** What post saves, in what order, under which keys: decided before the service is asked anything. */
import { afterEach, describe, expect, it } from '@jest/globals'
import { entryKey } from '../../src/actions-cache/keys.js'
import { addedEntry, MAX_SAVES, planSaves } from '../../src/actions-cache/save-plan.js'
import type { EntryState, Restored } from '../../src/actions-cache/types.js'
import type { CachedSnapshot } from '../../src/hub-cache/repo-folders.js'

const C = 'c'.repeat(40)
const D = 'd'.repeat(40)

const listed = (id: string, restored: Restored = 'none'): EntryState => ({
  type: 'model',
  id,
  commit: C,
  key: entryKey('model', id, C, { globs: [] }),
  revision: 'main',
  listed: true,
  restored
})
const extra = (id: string, restored: Restored): EntryState => ({
  type: 'dataset',
  id,
  commit: D,
  key: entryKey('dataset', id, D, { files: ['x'] }),
  listed: false,
  restored
})
const snapshot = (id: string): CachedSnapshot => ({
  folder: `datasets--${id.replace('/', '--')}`,
  type: 'dataset',
  id,
  commit: D,
  files: ['a.json', 'b.bin']
})
const ids = (items: { entry: EntryState }[]) => items.map(i => i.entry.id)

afterEach(() => {
  delete process.env.GITHUB_RUN_ID
})

describe('addedEntry', () => {
  it('keys a snapshot a later step added by the files it holds; not listed, not restored', () => {
    expect(addedEntry(snapshot('acme/data'))).toEqual({
      type: 'dataset',
      id: 'acme/data',
      commit: D,
      key: entryKey('dataset', 'acme/data', D, { files: ['a.json', 'b.bin'] }),
      listed: false,
      restored: 'none'
    })
  })
})

describe('planSaves', () => {
  it('saves each listed repo that missed under its key; an exact hit is not saved again', () => {
    const [one, two, three] = [listed('acme/one'), listed('acme/two', 'exact'), listed('acme/three', 'other')]
    const plan = planSaves([one, two, three], [], true)
    expect(plan.listed).toEqual([
      { entry: one, key: one.key },
      { entry: three, key: three.key }
    ])
    expect(plan.hits).toEqual([two])
    expect(plan.added).toEqual([])
    expect(plan.over).toEqual([])
  })

  it('after an unfinished pre-warm, saves the listed repos under partial keys, and what later steps added under its own', () => {
    process.env.GITHUB_RUN_ID = '77'
    const one = listed('acme/one')
    const plan = planSaves([one], [snapshot('acme/data')], false)
    expect(plan.listed.map(i => i.key)).toEqual([`${one.key}/partial-77-1`])
    expect(plan.added.map(i => i.key)).toEqual([addedEntry(snapshot('acme/data')).key])
  })

  it('the index names the listed repos, extras restored exactly and what is to be saved; never an extra that missed', () => {
    const one = listed('acme/one')
    const kept = extra('acme/kept', 'exact')
    const missed = extra('acme/missed', 'none')
    const plan = planSaves([one, kept, missed], [snapshot('acme/added')], true)
    expect(plan.index.map(e => e.id)).toEqual(['acme/one', 'acme/kept', 'acme/added'])
    // An extra that missed is neither saved (it is not on disk) nor named.
    expect(ids(plan.listed)).toEqual(['acme/one'])
    expect(ids(plan.added)).toEqual(['acme/added'])
  })

  it(`saves at most ${MAX_SAVES} entries, the index one of them: the listed repos first, then added ones; the rest over the cap`, () => {
    const entries = Array.from({ length: 3 }, (_, i) => listed(`acme/l${i}`))
    const added = Array.from({ length: MAX_SAVES }, (_, i) =>
      snapshot(`later/m${String(i).padStart(3, '0')}`)
    )
    const plan = planSaves(entries, added, true)
    expect(ids(plan.listed)).toEqual(['acme/l0', 'acme/l1', 'acme/l2'])
    expect(plan.added).toHaveLength(MAX_SAVES - 1 - 3)
    expect(ids(plan.added).at(-1)).toBe('later/m095')
    expect(plan.over.map(e => e.id)).toEqual(['later/m096', 'later/m097', 'later/m098', 'later/m099'])
    // The index names what is saved, not what is over the cap.
    expect(plan.index).toHaveLength(MAX_SAVES - 1)
    expect(plan.index.some(e => e.id === 'later/m096')).toBe(false)
  })

  it('listed repos outrank added ones under the cap, whatever their number', () => {
    const entries = Array.from({ length: MAX_SAVES + 1 }, (_, i) => listed(`acme/l${i}`))
    const plan = planSaves(entries, [snapshot('acme/added')], true)
    expect(plan.listed).toHaveLength(MAX_SAVES - 1)
    expect(plan.added).toEqual([])
    expect(plan.over.map(e => e.id)).toEqual([`acme/l${MAX_SAVES - 1}`, `acme/l${MAX_SAVES}`, 'acme/added'])
  })
})
