import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pruneRestored } from '../../src/actions-cache/prune.js'

const [OLD, NEW] = ['1'.repeat(40), '2'.repeat(40)]
const hash = (c: string) => c.repeat(64)

/** A hub cache as a restore brings it: one repo at two commits, its LFS blobs links into Python's store. */
function restoredCache() {
  const hub = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-prune-'))
  const repo = path.join(hub, 'models--a--b')
  fs.mkdirSync(path.join(hub, 'blobs'), { recursive: true })
  fs.writeFileSync(path.join(hub, 'blobs', '.huggingface-shared-blobs'), '1\n')
  const blob = (etag: string, xet?: string) => {
    fs.mkdirSync(path.join(repo, 'blobs'), { recursive: true })
    if (!xet) return fs.writeFileSync(path.join(repo, 'blobs', etag), etag)
    const payload = path.join(hub, 'blobs', xet.slice(0, 2), xet)
    fs.mkdirSync(path.dirname(payload), { recursive: true })
    fs.writeFileSync(payload, `payload ${xet.slice(0, 4)}`)
    fs.symlinkSync(path.relative(path.join(repo, 'blobs'), payload), path.join(repo, 'blobs', etag))
    fs.appendFileSync(`${payload}.refs`, `models--a--b/blobs/${etag}\n`)
  }
  const snapshot = (commit: string, file: string, etag: string) => {
    const dir = path.join(repo, 'snapshots', commit)
    fs.mkdirSync(dir, { recursive: true })
    fs.symlinkSync(`../../blobs/${etag}`, path.join(dir, file))
  }
  // Old weights only in the old commit; shared weights in both (their store entry also linked by another repo).
  blob('a'.repeat(64), hash('a'))
  blob('b'.repeat(64), hash('b'))
  blob('c'.repeat(40))
  snapshot(OLD, 'old.safetensors', 'a'.repeat(64))
  snapshot(OLD, 'shared.safetensors', 'b'.repeat(64))
  snapshot(NEW, 'shared.safetensors', 'b'.repeat(64))
  snapshot(NEW, 'config.json', 'c'.repeat(40))
  fs.mkdirSync(path.join(repo, 'refs'), { recursive: true })
  fs.writeFileSync(path.join(repo, 'refs', 'v1'), OLD)
  fs.writeFileSync(path.join(repo, 'refs', 'main'), NEW)
  const inventory = {
    repos: [
      {
        folder: 'models--a--b',
        commit: NEW,
        snapshots: [OLD, NEW],
        blobs: ['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(40)],
        refs: ['main', 'v1']
      }
    ],
    store: [`${hash('a').slice(0, 2)}/${hash('a')}`, `${hash('b').slice(0, 2)}/${hash('b')}`]
  }
  return { hub, repo, inventory }
}

describe('pruneRestored', () => {
  it('removes the old commit, its ref, the blobs and store payloads only it used; the rest stays', async () => {
    const { hub, repo, inventory } = restoredCache()
    const pruned = await pruneRestored(hub, inventory)
    expect(pruned.revisions).toBe(1)
    expect(fs.readdirSync(path.join(repo, 'snapshots'))).toEqual([NEW])
    expect(fs.readdirSync(path.join(repo, 'refs'))).toEqual(['main'])
    expect(fs.readdirSync(path.join(repo, 'blobs')).sort()).toEqual(['b'.repeat(64), 'c'.repeat(40)])
    expect(fs.existsSync(path.join(hub, 'blobs', 'aa', hash('a')))).toBe(false)
    expect(fs.existsSync(path.join(hub, 'blobs', 'aa', `${hash('a')}.refs`))).toBe(false)
    expect(fs.readFileSync(path.join(hub, 'blobs', 'bb', `${hash('b')}.refs`), 'utf8')).toBe(
      `models--a--b/blobs/${'b'.repeat(64)}\n`
    )
    expect(pruned.bytes).toBeGreaterThan(0)
  })

  it('rewrites a manifest to the references that still hold, and leaks a payload whose manifest is missing', async () => {
    const { hub, inventory } = restoredCache()
    const manifest = path.join(hub, 'blobs', 'bb', `${hash('b')}.refs`)
    fs.appendFileSync(manifest, 'models--gone--repo/blobs/x\n../../etc/passwd\n')
    fs.rmSync(path.join(hub, 'blobs', 'aa', `${hash('a')}.refs`))
    await pruneRestored(hub, inventory)
    expect(fs.readFileSync(manifest, 'utf8')).toBe(`models--a--b/blobs/${'b'.repeat(64)}\n`)
    expect(fs.existsSync(path.join(hub, 'blobs', 'aa', hash('a')))).toBe(true)
  })

  it('prunes nothing the inventory does not name (folders there before the restore)', async () => {
    const { hub, repo } = restoredCache()
    const pruned = await pruneRestored(hub, { repos: [] })
    expect(pruned).toEqual({ revisions: 0, bytes: 0 })
    expect(fs.readdirSync(path.join(repo, 'snapshots')).sort()).toEqual([OLD, NEW])
    expect(fs.existsSync(path.join(hub, 'blobs', 'aa', hash('a')))).toBe(true)
  })
})
