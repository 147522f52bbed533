/** Which repos and commits a hub cache holds, read only from names of Python's shapes, never through a link. */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  cachedCommits,
  cachedSnapshots,
  parseRepoFolder,
  snapshotFiles
} from '../../src/hub-cache/repo-folders.js'

const C = 'c'.repeat(40)
const D = 'd'.repeat(40)

function hub(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-folders-'))
  const put = (rel: string, content = '') => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), content)
  }
  put(`models--acme--one/snapshots/${C}/config.json`)
  put(`models--acme--one/snapshots/${C}/sub/b.bin`)
  put(`models--acme--one/snapshots/${C}/sub/c.bin.123-ab.incomplete`)
  put(`models--acme--one/snapshots/${D}/.keep.123-ab.tmp`) // only a leftover: empty
  put('models--acme--one/snapshots/main/config.json') // not a commit
  put(`datasets--squad/snapshots/${C}/train.parquet`)
  put(`blobs/aa/${'a'.repeat(64)}`) // Python's store: no repo
  put(`not-a-repo/snapshots/${C}/x`)
  put('models--acme--file') // a file of a repo folder's name
  fs.mkdirSync(path.join(dir, `models--acme--two/snapshots`), { recursive: true })
  fs.writeFileSync(path.join(dir, `models--acme--two/snapshots/${C}`), 'a file, not a snapshot')
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-elsewhere-'))
  fs.mkdirSync(path.join(elsewhere, 'snapshots', C), { recursive: true })
  fs.writeFileSync(path.join(elsewhere, 'snapshots', C, 'secret'), 'x')
  fs.symlinkSync(elsewhere, path.join(dir, 'models--evil--link'))
  return dir
}

describe('repo folders', () => {
  it('parses Python’s folder names, and nothing else', () => {
    expect(parseRepoFolder('models--acme--one')).toEqual({ type: 'model', id: 'acme/one' })
    expect(parseRepoFolder('datasets--squad')).toEqual({ type: 'dataset', id: 'squad' })
    expect(parseRepoFolder('spaces--a--b.c')).toEqual({ type: 'space', id: 'a/b.c' })
    expect(parseRepoFolder(`models--a--${'b'.repeat(96)}`)).toBeDefined()
    for (const name of [
      'blobs',
      '.hf-auth-action',
      'models--',
      'models--a--b--c',
      'kernels--a--b',
      'models--..--x',
      'models--.a--b',
      'models--a--b-',
      `models--a--${'b'.repeat(97)}`,
      'xmodels--a--b'
    ])
      expect(parseRepoFolder(name)).toBeUndefined()
  })

  it('lists each real snapshot folder of a commit’s name in a real repo folder, never through a link', async () => {
    expect((await cachedCommits(hub())).sort()).toEqual(
      [`datasets--squad/${C}`, `models--acme--one/${C}`, `models--acme--one/${D}`].sort()
    )
  })

  it('gives a snapshot’s files, sorted, without folders or leftovers', async () => {
    expect(await snapshotFiles(hub(), 'models--acme--one', C)).toEqual(['config.json', 'sub/b.bin'])
  })

  it('gives every snapshot with its files, leaving out those that hold nothing', async () => {
    const found = await cachedSnapshots(hub())
    expect(found.map(s => `${s.type}:${s.id}@${s.commit}:${s.files.join(',')}`).sort()).toEqual([
      `dataset:squad@${C}:train.parquet`,
      `model:acme/one@${C}:config.json,sub/b.bin`
    ])
    expect(found.find(s => s.id === 'acme/one')?.folder).toBe('models--acme--one')
  })
})
