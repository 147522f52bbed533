import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inventoryAfterRestore, pruneRestored } from '../../src/hub-cache/prune.js'

const [OLD, NEW] = ['1'.repeat(40), '2'.repeat(40)]
const hash = (c: string) => c.repeat(64)
const SPEC = { type: 'model' as const, id: 'a/b' }

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

  it('prunes nothing the inventory does not name (a folder that was there before the restore)', async () => {
    // The same repo copied under another name: only the copy was restored, so only it is pruned.
    const { hub, repo, inventory } = restoredCache()
    fs.cpSync(repo, path.join(hub, 'models--c--d'), { recursive: true, verbatimSymlinks: true })
    const pruned = await pruneRestored(hub, {
      repos: [{ ...inventory.repos[0], folder: 'models--c--d' }]
    })
    expect(pruned).toMatchObject({ revisions: 1, locked: 0 })
    expect(fs.readdirSync(path.join(hub, 'models--c--d', 'snapshots'))).toEqual([NEW])
    expect(fs.readdirSync(path.join(repo, 'snapshots')).sort()).toEqual([OLD, NEW])
    expect(fs.readdirSync(path.join(repo, 'blobs'))).toHaveLength(3)
    // The store was there before the restore too (no store in the inventory): left whole.
    expect(fs.existsSync(path.join(hub, 'blobs', 'aa', hash('a')))).toBe(true)
  })
})

describe('pruneRestored on a cache a later step tampered with', () => {
  /**
   * The attack of the hostile-inputs review: a restored repo whose `.no_exist`, `trees`, `blobs` or
   * `snapshots` is a relative link out of the cache, to a victim folder holding names a prune would remove
   * (an old commit's folder, its listing, blob-like files).
   */
  function tampered(linked: '.no_exist' | 'trees' | 'blobs' | 'snapshots') {
    const { hub, repo } = restoredCache()
    const victim = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-victim-'))
    fs.mkdirSync(path.join(victim, OLD))
    fs.writeFileSync(path.join(victim, OLD, 'precious'), 'keep')
    fs.writeFileSync(path.join(victim, `${OLD}.json`), 'keep')
    fs.writeFileSync(path.join(victim, 'e'.repeat(40)), 'keep')
    fs.rmSync(path.join(repo, linked), { recursive: true, force: true })
    fs.symlinkSync(path.relative(repo, victim), path.join(repo, linked))
    const intact = () => {
      expect(fs.readdirSync(victim).sort()).toEqual([OLD, `${OLD}.json`, 'e'.repeat(40)].sort())
      expect(fs.readdirSync(path.join(victim, OLD))).toEqual(['precious'])
    }
    return { hub, repo, victim, intact }
  }

  it.each(['.no_exist', 'trees', 'blobs', 'snapshots'] as const)(
    'a linked %s: the inventory taken after the restore names nothing behind it, and the prune removes nothing there',
    async linked => {
      const { hub, intact } = tampered(linked)
      const inventory = await inventoryAfterRestore(
        hub,
        [{ spec: SPEC, commit: NEW }],
        new Set(['models--a--b', 'blobs'])
      )
      if (linked === 'snapshots') expect(inventory.repos[0].snapshots).toEqual([])
      if (linked === 'blobs') expect(inventory.repos[0].blobs).toEqual([])
      await pruneRestored(hub, inventory)
      intact()
    }
  )

  it.each(['.no_exist', 'trees', 'blobs', 'snapshots'] as const)(
    'a linked %s: even an inventory naming what lies behind it removes nothing through the link',
    async linked => {
      const { hub, intact } = tampered(linked)
      const inventory = {
        repos: [
          { folder: 'models--a--b', commit: NEW, snapshots: [OLD, NEW], blobs: ['e'.repeat(40)], refs: [] }
        ]
      }
      await pruneRestored(hub, inventory)
      intact()
    }
  )

  it('takes only names of their shape into the inventory (commits 40-hex, blobs 40/64-hex, payloads in their folder)', async () => {
    const { hub, repo } = restoredCache()
    fs.mkdirSync(path.join(repo, 'snapshots', 'precious'))
    fs.writeFileSync(path.join(repo, 'blobs', 'notes.txt'), 'x')
    fs.mkdirSync(path.join(hub, 'blobs', 'zz'))
    fs.writeFileSync(path.join(hub, 'blobs', 'zz', hash('a')), 'misplaced')
    const inventory = await inventoryAfterRestore(
      hub,
      [{ spec: SPEC, commit: NEW }],
      new Set(['models--a--b', 'blobs'])
    )
    expect(inventory.repos[0].snapshots.sort()).toEqual([OLD, NEW])
    expect(inventory.repos[0].blobs.sort()).toEqual(['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(40)])
    expect(inventory.store?.sort()).toEqual([`aa/${hash('a')}`, `bb/${hash('b')}`])
  })
})

const HAS_FLOCK = (() => {
  try {
    execFileSync('flock', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

/**
 * The processes other than `except` now running `flock` on `file`, named or handed as an open file (from
 * /proc: Linux, where the store lock is taken).
 */
function flockWaiters(file: string, except: number): number {
  let n = 0
  for (const pid of fs.readdirSync('/proc').filter(p => /^\d+$/.test(p) && Number(p) !== except)) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
      if (!cmd[0]?.endsWith('flock')) continue
      if (
        cmd.includes(file) ||
        fs.readdirSync(`/proc/${pid}/fd`).some(fd => fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === file)
      )
        n++
    } catch {
      // gone meanwhile
    }
  }
  return n
}

describe('store pruning and other writers', () => {
  ;(HAS_FLOCK ? it : it.skip)(
    'keeps a payload a writer is linking under the hash’s lock (its reference written, its link not yet)',
    async () => {
      const { hub, repo, inventory } = restoredCache()
      const payload = path.join(hub, 'blobs', 'aa', hash('a'))
      const lock = `${payload}.lock`
      // Another repo's writer, as Python's try_link_from_shared_store: the lock held, the reference appended.
      const writer = spawn('flock', [lock, 'sh', '-c', 'echo locked; read line'], {
        stdio: ['pipe', 'pipe', 'ignore']
      })
      await once(writer.stdout, 'data')
      fs.appendFileSync(`${payload}.refs`, 'models--c--d/blobs/' + 'f'.repeat(64) + '\n')
      const pruning = pruneRestored(hub, inventory)
      // The prune is waiting for the lock (or, not taking it, already done).
      let done = false
      void pruning.then(() => (done = true))
      while (!done && flockWaiters(lock, writer.pid!) === 0) await new Promise(r => setTimeout(r, 20))
      // The writer makes its link and lets go.
      fs.mkdirSync(path.join(hub, 'models--c--d', 'blobs'), { recursive: true })
      fs.symlinkSync(`../../blobs/aa/${hash('a')}`, path.join(hub, 'models--c--d', 'blobs', 'f'.repeat(64)))
      writer.stdin.end('\n')
      await once(writer, 'exit')
      await pruning
      expect(fs.existsSync(payload)).toBe(true)
      expect(fs.readFileSync(`${payload}.refs`, 'utf8')).toBe(`models--c--d/blobs/${'f'.repeat(64)}\n`)
      expect(fs.existsSync(path.join(repo, 'snapshots', OLD))).toBe(false)
    }
  )

  ;(HAS_FLOCK ? it : it.skip)(
    'leaves an entry whose lock stays held past the wait, and says so',
    async () => {
      const { hub, inventory } = restoredCache()
      const payload = path.join(hub, 'blobs', 'aa', hash('a'))
      const holder = spawn('flock', [`${payload}.lock`, 'sh', '-c', 'echo locked; read line'], {
        stdio: ['pipe', 'pipe', 'ignore']
      })
      await once(holder.stdout, 'data')
      try {
        const pruned = await pruneRestored(hub, inventory, { lockWaitSeconds: 0 })
        expect(pruned.locked).toBe(1)
        expect(fs.existsSync(payload)).toBe(true)
      } finally {
        holder.stdin.end('\n')
        await once(holder, 'exit')
      }
    }
  )
})
