/**
 * A step's stages and what is staged, edge by edge (entries.test.ts carries whole entries from one hub cache to
 * another): stage names, whose folders are removed and when, the index's file, refs and listings that are not
 * what they should be, blobs shared by two files.
 */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { bytes, sha256 } from '../../__fixtures__/fake-hub.js'
import { downloadLikePython } from '../../__fixtures__/python-layout.js'
import {
  linkedBlob,
  readStagedIndex,
  removeStages,
  removeStaleStages,
  STAGE_DIR,
  STALE_STAGES_MS,
  Stages,
  stageSnapshot,
  writeStagedIndex
} from '../../src/hub-cache/entry-stage.js'

const C = 'c'.repeat(40)
const D = 'd'.repeat(40)
const FOLDER = 'models--acme--one'
const tmp = () => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-stage-')))
const weights = { content: bytes('w', 64), lfs: true }

/** A hub cache holding acme/one at C (config.json and the weights), as Python leaves it. */
function hubWithRepo(): string {
  const hub = tmp()
  downloadLikePython(hub, FOLDER, C, {
    'config.json': { content: Buffer.from('{}'), lfs: false },
    'w.bin': weights
  })
  return hub
}

/** Files under `dir`, relative and sorted (links listed as files). */
function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter(rel => !fs.lstatSync(path.join(dir, rel)).isDirectory())
    .sort()
}

describe('stage names', () => {
  it('are numbered in the step’s folder, and made of the label’s safe characters', async () => {
    const hub = tmp()
    const stages = await Stages.open(hub)
    const names: string[] = []
    const note = async (stage: { dir: string }) => names.push(path.basename(stage.dir))
    await stages.withStage('models--acme--one', note, async () => undefined)
    await stages.withStage('../a b/c\n', note, async () => undefined)
    expect(names).toEqual(['1-models--acme--one', '2-.._a_b_c_'])
    await stages.close()
  })
})

describe('removing stages', () => {
  it('removes only a folder directly in the stages’ folder', async () => {
    const hub = tmp()
    const elsewhere = path.join(tmp(), 'step')
    fs.mkdirSync(elsewhere)
    await removeStages(hub, elsewhere)
    expect(fs.existsSync(elsewhere)).toBe(true)
    const deeper = path.join(hub, STAGE_DIR, 'a', 'b')
    fs.mkdirSync(deeper, { recursive: true })
    await removeStages(hub, deeper)
    expect(fs.existsSync(deeper)).toBe(true)
  })

  it('counts a step as dead only past STALE_STAGES_MS (six hours) untouched', async () => {
    expect(STALE_STAGES_MS).toBe(6 * 60 * 60 * 1000)
    const hub = tmp()
    const step = path.join(hub, STAGE_DIR, '1-step')
    fs.mkdirSync(step, { recursive: true })
    const touched = fs.lstatSync(step).mtimeMs
    await removeStaleStages(hub, touched + STALE_STAGES_MS)
    expect(fs.existsSync(step)).toBe(true)
    await removeStaleStages(hub, touched + STALE_STAGES_MS + 1)
    expect(fs.existsSync(step)).toBe(false)
  })

  it('does nothing where there is no stages’ folder', async () => {
    const hub = tmp()
    await removeStaleStages(hub)
    expect(fs.readdirSync(hub)).toEqual([])
  })
})

describe('the index’s stage', () => {
  it('holds one file, entries.json, read back only as a regular file within the bound', async () => {
    const hub = tmp()
    const stages = await Stages.open(hub)
    await stages.withStage(
      'index',
      async stage => {
        await writeStagedIndex(stage, '{"entries":[]}')
        expect(files(stage.dir)).toEqual(['hub/entries.json'])
        expect(await readStagedIndex(stage, 100)).toBe('{"entries":[]}')
        expect(await readStagedIndex(stage, 5)).toBeUndefined()
        fs.rmSync(path.join(stage.hub, 'entries.json'))
        fs.symlinkSync('/etc/hostname', path.join(stage.hub, 'entries.json'))
        expect(await readStagedIndex(stage, 100)).toBeUndefined()
        return true
      },
      async () => undefined
    )
    await stages.close()
  })
})

describe('linkedBlob', () => {
  it('is the blob a snapshot link names only when the name is a blob’s and the link has Python’s shape', () => {
    const folder = '/hub/models--acme--one'
    const link = `${folder}/snapshots/${C}/config.json`
    expect(linkedBlob(folder, link, `../../blobs/${D}`)).toBe(D)
    expect(linkedBlob(folder, link, '../../blobs/not-a-blob')).toBeUndefined()
    expect(linkedBlob(folder, link, `../../../blobs/${D}`)).toBeUndefined()
  })
})

describe('staging a snapshot', () => {
  it('stages a blob two files link once, its bytes counted once', async () => {
    const hub = tmp()
    downloadLikePython(hub, FOLDER, C, { 'a.bin': weights, 'copy/b.bin': weights })
    const stage = path.join(tmp(), 'hub')
    const staged = await stageSnapshot(hub, stage, FOLDER, C)
    expect(staged).toEqual({ bytes: 64, files: ['a.bin', 'copy/b.bin'] })
    expect(files(path.join(stage, FOLDER, 'blobs'))).toEqual([sha256(weights.content)])
  })

  it('stages nested refs naming the commit; never one too large to be a ref, or a leftover', async () => {
    const hub = hubWithRepo()
    const refs = path.join(hub, FOLDER, 'refs')
    // Only a nested ref names the commit: its folders are made whole.
    fs.writeFileSync(path.join(refs, 'main'), D)
    fs.mkdirSync(path.join(refs, 'pr'))
    fs.writeFileSync(path.join(refs, 'pr', '1'), C)
    fs.writeFileSync(path.join(refs, 'big'), `${C}${' '.repeat(2000)}`)
    fs.writeFileSync(path.join(refs, `main.${process.pid}-abcdef.tmp`), C)
    const stage = path.join(tmp(), 'hub')
    expect(await stageSnapshot(hub, stage, FOLDER, C)).toBeDefined()
    expect(files(path.join(stage, FOLDER, 'refs'))).toEqual(['pr/1'])
  })

  it('stages markers without a listing, and no listing that is a link', async () => {
    const hub = hubWithRepo()
    fs.mkdirSync(path.join(hub, FOLDER, '.no_exist', C), { recursive: true })
    fs.writeFileSync(path.join(hub, FOLDER, '.no_exist', C, 'missing.txt'), '')
    const elsewhere = path.join(tmp(), 'listing.json')
    fs.writeFileSync(elsewhere, JSON.stringify({ format_version: 1, files: {} }))
    fs.mkdirSync(path.join(hub, FOLDER, 'trees'))
    fs.symlinkSync(elsewhere, path.join(hub, FOLDER, 'trees', `${C}.json`))
    const stage = path.join(tmp(), 'hub')
    expect(await stageSnapshot(hub, stage, FOLDER, C)).toBeDefined()
    expect(files(path.join(stage, FOLDER, '.no_exist'))).toEqual([`${C}/missing.txt`])
    expect(fs.existsSync(path.join(stage, FOLDER, 'trees'))).toBe(false)
  })
})
