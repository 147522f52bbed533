import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { downloadLikePython } from '../../__fixtures__/python-layout.js'
import { cleanForSave, readyForSave } from '../../src/hub-cache/archived.js'
import { STALE_LEFTOVER_MS } from '../../src/hub-cache/leftovers.js'

const removeForeign = async (hub: string) => (await cleanForSave(hub)).foreign
const removeLeftovers = async (hub: string, pid?: number) => (await cleanForSave(hub, pid)).leftovers

describe('leftovers', () => {
  it('removes interrupted downloads and temporary files no live writer uses', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-cache-unit-'))
    const blobs = path.join(dir, 'models--a--b', 'blobs')
    fs.mkdirSync(blobs, { recursive: true })
    fs.writeFileSync(path.join(blobs, 'x'.repeat(40)), '12345')
    // A dead writer's (untouched for long), main's own (its pid in the name), and a live writer's.
    fs.writeFileSync(path.join(blobs, 'y.incomplete'), 'half')
    const old = (Date.now() - STALE_LEFTOVER_MS - 60_000) / 1000
    fs.utimesSync(path.join(blobs, 'y.incomplete'), old, old)
    fs.writeFileSync(path.join(blobs, 'z.123-ab.tmp'), 'half')
    fs.writeFileSync(path.join(blobs, 'w.456-cd.incomplete'), 'being written by another job')
    // Beside the repo folders: not the action's to touch.
    fs.writeFileSync(path.join(dir, 'notes.123-ab.tmp'), 'another tool')
    expect(await removeLeftovers(dir, 123)).toBe(2)
    expect(fs.readdirSync(blobs).sort()).toEqual(['w.456-cd.incomplete', 'x'.repeat(40)])
    expect(fs.existsSync(path.join(dir, 'notes.123-ab.tmp'))).toBe(true)
  })
})

describe('leftovers, precisely', () => {
  it('a leftover folder and a fresh one of another writer stay; a link named like a leftover goes when stale', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-leftover-'))
    const blobs = path.join(dir, 'models--a--b', 'blobs')
    fs.mkdirSync(path.join(blobs, 'folder.777-ab.tmp'), { recursive: true })
    fs.writeFileSync(path.join(blobs, 'fresh.777-ab.incomplete'), '')
    const nearlyStale = (Date.now() - STALE_LEFTOVER_MS + 60_000) / 1000
    fs.utimesSync(path.join(blobs, 'fresh.777-ab.incomplete'), nearlyStale, nearlyStale)
    fs.symlinkSync('x', path.join(blobs, 'link.777-ab.tmp'))
    const stale = (Date.now() - STALE_LEFTOVER_MS - 60_000) / 1000
    fs.lutimesSync(path.join(blobs, 'link.777-ab.tmp'), stale, stale)
    expect(await removeLeftovers(dir, 123)).toBe(1)
    expect(fs.readdirSync(blobs).sort()).toEqual(['folder.777-ab.tmp', 'fresh.777-ab.incomplete'])
    expect(STALE_LEFTOVER_MS).toBe(10 * 60 * 1000)
  })

  it("another job's link about to be renamed into a snapshot stays: removing it would fail that job's write", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-leftover-'))
    const commit = 'c'.repeat(40)
    const snapshot = path.join(dir, 'models--a--b', 'snapshots', commit)
    fs.mkdirSync(snapshot, { recursive: true })
    // What replaceAtomically makes beside `config.json` before its rename (shared/temp-name.ts).
    const inFlight = path.join(snapshot, 'config.json.777-0123456789ab.tmp')
    fs.symlinkSync(`../../blobs/${'d'.repeat(40)}`, inFlight)
    expect(await cleanForSave(dir, 123)).toEqual({ foreign: [], leftovers: 0 })
    fs.renameSync(inFlight, path.join(snapshot, 'config.json'))
    // Main's own is gone at once, whatever its kind.
    fs.symlinkSync(`../../blobs/${'d'.repeat(40)}`, path.join(snapshot, 'x.json.123-0123456789ab.tmp'))
    expect(await cleanForSave(dir, 123)).toEqual({ foreign: [], leftovers: 1 })
    expect(fs.readdirSync(snapshot)).toEqual(['config.json'])
  })
})

describe('what no tool makes is removed before a save', () => {
  function planted() {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-foreign-'))
    const hub = path.join(base, 'hub')
    const victim = path.join(base, 'victim')
    fs.mkdirSync(path.join(victim, 'c'.repeat(40)), { recursive: true })
    fs.writeFileSync(path.join(victim, 'precious'), 'keep')
    const repo = path.join(hub, 'models--a--b')
    const commit = 'c'.repeat(40)
    fs.mkdirSync(path.join(repo, 'snapshots', commit), { recursive: true })
    fs.mkdirSync(path.join(repo, 'blobs'), { recursive: true })
    fs.mkdirSync(path.join(repo, 'refs'), { recursive: true })
    fs.mkdirSync(path.join(hub, 'blobs', 'aa'), { recursive: true })
    // Python's own: a snapshot file linking to a blob, a blob linking into the store, a regular ref.
    fs.writeFileSync(path.join(repo, 'blobs', 'd'.repeat(40)), 'x')
    fs.symlinkSync(`../../blobs/${'d'.repeat(40)}`, path.join(repo, 'snapshots', commit, 'config.json'))
    fs.symlinkSync(`../../blobs/aa/${'a'.repeat(64)}`, path.join(repo, 'blobs', 'e'.repeat(64)))
    fs.writeFileSync(path.join(repo, 'refs', 'main'), commit)
    // Planted: links where Python makes none, and special files.
    const out = (from: string) => path.relative(path.dirname(from), victim)
    for (const where of [
      'trees',
      '.no_exist',
      path.join('snapshots', 'f'.repeat(40)),
      path.join('refs', 'v1')
    ])
      fs.symlinkSync(out(path.join(repo, where)), path.join(repo, where))
    fs.symlinkSync(victim, path.join(hub, 'datasets--x--y'))
    execFileSync('mkfifo', [path.join(repo, 'refs', 'pr')])
    execFileSync('mkfifo', [path.join(hub, 'blobs', '.huggingface-shared-blobs')])
    execFileSync('mkfifo', [path.join(hub, 'blobs', 'aa', `${'a'.repeat(64)}.refs`)])
    return { hub, victim, repo, commit }
  }

  it('says of each removal what it was and why', async () => {
    const { hub } = planted()
    // More of what can be planted: a repo folder that is a file, the store a link, a link inside the store.
    fs.writeFileSync(path.join(hub, 'spaces--a--file'), 'a file')
    fs.symlinkSync('../x', path.join(hub, 'blobs', 'aa', 'planted'))
    const removed = Object.fromEntries((await removeForeign(hub)).map(r => [r.rel, [r.kind, r.why]]))
    const LINK = 'it is a link where the hub cache holds none (it would send reads and deletes to its target)'
    const SPECIAL = 'it is a FIFO, socket or device, which no hub cache holds'
    expect(removed['datasets--x--y']).toEqual([
      'link',
      'a repo folder of the hub cache must be a folder, not a link'
    ])
    expect(removed['spaces--a--file']).toEqual([
      'file',
      'a repo folder of the hub cache must be a folder, not a file'
    ])
    expect(removed['models--a--b/trees']).toEqual(['link', LINK])
    expect(removed[`models--a--b/snapshots/${'f'.repeat(40)}`]).toEqual(['link', LINK])
    expect(removed['blobs/aa/planted']).toEqual(['link', LINK])
    expect(removed['models--a--b/refs/pr']).toEqual(['special', SPECIAL])
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-foreign-store-'))
    const other = path.join(store, 'hub')
    fs.mkdirSync(other)
    fs.symlinkSync(store, path.join(other, 'blobs'))
    expect((await removeForeign(other)).map(r => r.why)).toEqual([
      'a store folder of the hub cache must be a folder, not a link'
    ])
  })

  it('keeps links only at Python’s two places: a snapshot’s file, and a repo blob', async () => {
    const hub = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-foreign-places-'))
    const place = (rel: string) => {
      fs.mkdirSync(path.dirname(path.join(hub, rel)), { recursive: true })
      fs.symlinkSync('elsewhere', path.join(hub, rel))
    }
    const kept = [
      `models--a--b/snapshots/${'c'.repeat(40)}/config.json`,
      `models--a--b/snapshots/${'c'.repeat(40)}/deep/er.json`,
      `models--a--b/blobs/${'d'.repeat(40)}`
    ]
    const removed = [
      `models--a--b/blobs/sub/${'d'.repeat(40)}`,
      'models--a--b/refs/main',
      `blobs/snapshots/${'c'.repeat(40)}/x`,
      'blobs/blobs/x'
    ]
    for (const rel of [...kept, ...removed]) place(rel)
    expect((await removeForeign(hub)).map(r => r.rel).sort()).toEqual([...removed].sort())
    for (const rel of kept) expect(fs.lstatSync(path.join(hub, rel)).isSymbolicLink()).toBe(true)
  })

  it('links where Python makes none and FIFOs go (the links themselves); Python’s own links and files stay', async () => {
    const { hub, victim, repo, commit } = planted()
    const removed = (await removeForeign(hub)).map(r => r.rel).sort()
    expect(removed).toEqual(
      [
        'blobs/.huggingface-shared-blobs',
        `blobs/aa/${'a'.repeat(64)}.refs`,
        'datasets--x--y',
        'models--a--b/.no_exist',
        'models--a--b/refs/pr',
        'models--a--b/refs/v1',
        `models--a--b/snapshots/${'f'.repeat(40)}`,
        'models--a--b/trees'
      ].sort()
    )
    expect(fs.readFileSync(path.join(victim, 'precious'), 'utf8')).toBe('keep')
    expect(fs.existsSync(path.join(victim, 'c'.repeat(40)))).toBe(true)
    expect(fs.readlinkSync(path.join(repo, 'snapshots', commit, 'config.json'))).toBe(
      `../../blobs/${'d'.repeat(40)}`
    )
    expect(fs.lstatSync(path.join(repo, 'blobs', 'e'.repeat(64))).isSymbolicLink()).toBe(true)
    expect(fs.readFileSync(path.join(repo, 'refs', 'main'), 'utf8')).toBe(commit)
    expect(await removeForeign(hub)).toEqual([])
  })
})

describe('readyForSave', () => {
  it('cleans first, then gives what later steps added: not what was there after the restore, nor a listed repo’s commit', async () => {
    const hub = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-ready-'))
    const [C, D] = ['c'.repeat(40), 'd'.repeat(40)]
    const file = { 'a.json': { content: Buffer.from('{}'), lfs: false } }
    downloadLikePython(hub, 'models--acme--listed', C, file)
    downloadLikePython(hub, 'models--acme--listed', D, file)
    downloadLikePython(hub, 'models--acme--restored', C, file)
    downloadLikePython(hub, 'datasets--acme--added', D, file)
    fs.symlinkSync('/tmp', path.join(hub, 'models--evil--link'))
    const blobs = path.join(hub, 'models--acme--listed', 'blobs')
    fs.writeFileSync(path.join(blobs, `${'e'.repeat(40)}.321-ab.incomplete`), 'main’s leftover')
    const ready = await readyForSave(
      hub,
      321,
      [`models--acme--restored/${C}`],
      [{ type: 'model', id: 'acme/listed', commit: C }]
    )
    expect(ready.added.map(s => `${s.folder}/${s.commit}`).sort()).toEqual([
      `datasets--acme--added/${D}`,
      `models--acme--listed/${D}`
    ])
    expect(ready.added.find(s => s.folder === 'datasets--acme--added')).toMatchObject({
      type: 'dataset',
      id: 'acme/added',
      files: ['a.json']
    })
    expect(ready.removed.map(r => r.rel)).toEqual(['models--evil--link'])
    expect(fs.readdirSync(blobs).some(name => name.endsWith('.incomplete'))).toBe(false)
  })
})
