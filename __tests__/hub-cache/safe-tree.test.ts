import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { checkFolder, list, read, remove, walk } from '../../src/hub-cache/safe-tree.js'

/** A hub cache with a repo folder, and a victim folder beside it that a planted link points at. */
function world() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-safe-tree-'))
  const root = path.join(base, 'hub')
  const victim = path.join(base, 'victim')
  fs.mkdirSync(path.join(root, 'models--a--b', 'snapshots'), { recursive: true })
  fs.mkdirSync(path.join(victim, 'inner'), { recursive: true })
  fs.writeFileSync(path.join(victim, 'precious'), 'not the cache’s')
  fs.writeFileSync(path.join(victim, 'inner', 'deep'), 'nor this')
  return { root, victim }
}

function victimIntact(victim: string) {
  expect(fs.readFileSync(path.join(victim, 'precious'), 'utf8')).toBe('not the cache’s')
  expect(fs.readFileSync(path.join(victim, 'inner', 'deep'), 'utf8')).toBe('nor this')
}

describe('safe tree', () => {
  it('walks without entering a linked folder: the link is listed as a link with its target', async () => {
    const { root, victim } = world()
    fs.symlinkSync(
      path.relative(path.join(root, 'models--a--b'), victim),
      path.join(root, 'models--a--b', 'blobs')
    )
    const found = await walk(root, 'models--a--b')
    expect(found.map(f => [f.rel, f.kind])).toEqual([
      ['blobs', 'link'],
      ['snapshots', 'dir']
    ])
    expect(found[0].target).toBe('../../victim')
    // Started below a link: nothing at all.
    expect(await walk(root, 'models--a--b/blobs')).toEqual([])
    expect(await list(root, 'models--a--b/blobs')).toEqual([])
  })

  it('removes a link itself, never its target, and nothing through a linked folder', async () => {
    const { root, victim } = world()
    const link = path.join(root, 'models--a--b', 'blobs')
    fs.symlinkSync(victim, link)
    expect(await remove(root, path.join(link, 'precious'))).toBe(0)
    expect(await remove(root, path.join(link, 'inner'))).toBe(0)
    victimIntact(victim)
    await remove(root, link)
    expect(fs.existsSync(link)).toBe(false)
    victimIntact(victim)
  })

  it('removes a real folder with what it holds, links inside removed as links, and counts file bytes', async () => {
    const { root, victim } = world()
    const dir = path.join(root, 'models--a--b', 'snapshots', 'c'.repeat(40))
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'sub', 'f'), '12345')
    fs.symlinkSync(victim, path.join(dir, 'out'))
    expect(await remove(root, dir)).toBe(5)
    expect(fs.existsSync(dir)).toBe(false)
    victimIntact(victim)
  })

  it('reads only regular files, at once even when a FIFO stands at the name, and not through a link', async () => {
    const { root, victim } = world()
    const refs = path.join(root, 'models--a--b', 'refs')
    fs.mkdirSync(refs)
    execFileSync('mkfifo', [path.join(refs, 'main')])
    fs.writeFileSync(path.join(refs, 'v1'), 'c'.repeat(40))
    // A FIFO with no writer: a blocking open would never return, and this test would time out.
    expect(await read(root, path.join(refs, 'main'))).toBeUndefined()
    expect(await read(root, path.join(refs, 'v1'))).toBe('c'.repeat(40))
    fs.symlinkSync(victim, path.join(root, 'models--a--b', 'trees'))
    expect(await read(root, path.join(root, 'models--a--b', 'trees', 'precious'))).toBeUndefined()
    expect(await read(root, path.join(refs, 'v1'), 10)).toBeUndefined()
  })

  it('tells real, absent and foreign folders apart, naming the first part that is not a folder', async () => {
    const { root, victim } = world()
    fs.symlinkSync(victim, path.join(root, 'models--a--b', 'blobs'))
    expect(await checkFolder(root, path.join(root, 'models--a--b', 'snapshots'))).toEqual({ state: 'real' })
    expect(await checkFolder(root, path.join(root, 'models--a--b', 'trees'))).toEqual({ state: 'absent' })
    expect(await checkFolder(root, path.join(root, 'models--a--b', 'blobs', 'inner'))).toEqual({
      state: 'foreign',
      rel: path.join('models--a--b', 'blobs'),
      kind: 'link'
    })
    await expect(checkFolder(root, victim)).rejects.toThrow('outside')
  })

  it('creates the missing parts, the root too, one by one, and stops at a part that is a file', async () => {
    const { root } = world()
    const fresh = path.join(path.dirname(root), 'fresh-hub')
    expect(await checkFolder(fresh, path.join(fresh, 'a', 'b'), true)).toEqual({ state: 'real' })
    expect(fs.statSync(path.join(fresh, 'a', 'b')).isDirectory()).toBe(true)
    fs.writeFileSync(path.join(root, 'models--a--b', 'file'), '')
    expect(await checkFolder(root, path.join(root, 'models--a--b', 'file', 'below'), true)).toEqual({
      state: 'foreign',
      rel: path.join('models--a--b', 'file'),
      kind: 'file'
    })
    expect(fs.existsSync(path.join(root, 'models--a--b', 'file', 'below'))).toBe(false)
  })

  it('lists names in order with what each is itself, and nothing of a linked folder', async () => {
    const { root, victim } = world()
    const repo = path.join(root, 'models--a--b')
    fs.writeFileSync(path.join(repo, 'c-file'), 'x')
    fs.symlinkSync(victim, path.join(repo, 'a-link'))
    execFileSync('mkfifo', [path.join(repo, 'b-fifo')])
    expect(await list(root, 'models--a--b')).toEqual([
      { name: 'a-link', kind: 'link' },
      { name: 'b-fifo', kind: 'special' },
      { name: 'c-file', kind: 'file' },
      { name: 'snapshots', kind: 'dir' }
    ])
    expect(await list(root, 'models--a--b/a-link')).toEqual([])
    expect(await list(root, 'models--a--b/absent')).toEqual([])
  })

  it('walks in name order, folders before what they hold, sizes of files only, link targets as written', async () => {
    const { root } = world()
    const repo = path.join(root, 'models--a--b')
    fs.mkdirSync(path.join(repo, 'b'))
    fs.writeFileSync(path.join(repo, 'b', 'z'), '12345')
    fs.writeFileSync(path.join(repo, 'a'), '1')
    fs.symlinkSync('../a', path.join(repo, 'b', 'y'))
    const found = await walk(root, 'models--a--b')
    expect(found.map(f => [f.rel, f.kind, f.size, f.target])).toEqual([
      ['a', 'file', 1, undefined],
      ['b', 'dir', 0, undefined],
      ['b/y', 'link', 0, '../a'],
      ['b/z', 'file', 5, undefined],
      ['snapshots', 'dir', 0, undefined]
    ])
    expect(found[0].full).toBe(path.join(repo, 'a'))
  })

  it('lists and walks in name order whatever order the file system keeps', async () => {
    const { root } = world()
    const names = Array.from({ length: 40 }, (_, i) => `n${String((i * 17) % 40).padStart(2, '0')}`)
    for (const name of names) fs.writeFileSync(path.join(root, 'models--a--b', name), '')
    const sorted = [...names, 'snapshots'].sort()
    expect((await list(root, 'models--a--b')).map(f => f.name)).toEqual(sorted)
    expect((await walk(root, 'models--a--b')).map(f => f.rel)).toEqual(sorted)
  })

  it('removes a file, a folder or a link and says how many bytes of files went; nothing for a missing name', async () => {
    const { root, victim } = world()
    const repo = path.join(root, 'models--a--b')
    fs.writeFileSync(path.join(repo, 'f'), '123')
    fs.mkdirSync(path.join(repo, 'd', 'e'), { recursive: true })
    fs.writeFileSync(path.join(repo, 'd', 'x'), '12')
    fs.writeFileSync(path.join(repo, 'd', 'e', 'y'), '1234')
    fs.symlinkSync(victim, path.join(repo, 'l'))
    expect(await remove(root, path.join(repo, 'f'))).toBe(3)
    expect(await remove(root, path.join(repo, 'd'))).toBe(6)
    expect(await remove(root, path.join(repo, 'l'))).toBe(0)
    expect(await remove(root, path.join(repo, 'missing'))).toBe(0)
    expect(fs.readdirSync(repo)).toEqual(['snapshots'])
    victimIntact(victim)
  })
})
