/**
 * A restored entry's archive, read by the action's own code: an honest one (made as `@actions/cache` makes it:
 * GNU tar --posix, zstd or gzip) lands whole in the stage; an archive with any member that could write outside
 * the stage, through a link, or as anything but a folder, file or link is refused — and nothing of it is ever
 * written outside the stage. Hostile archives are made with Python's tarfile, which writes what it is told.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { toolkitArchive } from '../../__fixtures__/toolkit-archive.js'
import { receiveArchive, RefusedArchive, vetMember } from '../../src/hub-cache/entry-archive.js'

const tmp = (prefix = 'hf-archive-') => fs.mkdtempSync(path.join(os.tmpdir(), prefix))

interface Member {
  name: string
  type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'fifo' | 'chardev'
  target?: string
  data?: string
}

/** An archive holding exactly `members`, in order, made by Python's tarfile (PAX, as --posix writes). */
function craftedArchive(members: Member[]): Buffer {
  const script = `
import io, json, sys, tarfile
members = json.loads(sys.argv[1])
out = io.BytesIO()
with tarfile.open(fileobj=out, mode='w', format=tarfile.PAX_FORMAT) as tar:
    for m in members:
        info = tarfile.TarInfo(m['name'])
        kind = m.get('type', 'file')
        data = m.get('data', '').encode()
        info.type = {'file': tarfile.REGTYPE, 'dir': tarfile.DIRTYPE, 'symlink': tarfile.SYMTYPE,
                     'hardlink': tarfile.LNKTYPE, 'fifo': tarfile.FIFOTYPE, 'chardev': tarfile.CHRTYPE}[kind]
        info.linkname = m.get('target', '')
        info.size = len(data) if kind == 'file' else 0
        tar.addfile(info, io.BytesIO(data) if kind == 'file' else None)
sys.stdout.buffer.write(out.getvalue())
`
  const tar = execFileSync('python3', ['-c', script, JSON.stringify(members)])
  return execFileSync('zstd', ['-q', '-c'], { input: tar })
}

async function* pieces(buffer: Buffer, size = 7): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size)
}

/** Every path below `root`, links shown with their targets. */
function listing(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[])
    .map(rel => {
      const stat = fs.lstatSync(path.join(root, rel))
      return stat.isSymbolicLink() ? `${rel} -> ${fs.readlinkSync(path.join(root, rel))}` : rel
    })
    .sort()
}

describe('an honest archive', () => {
  it.each(['zstd', 'gzip'] as const)('lands whole in the stage, links as links (%s)', async compression => {
    const source = tmp()
    const repo = path.join(source, 'hub', 'models--acme--one')
    fs.mkdirSync(path.join(repo, 'blobs'), { recursive: true })
    fs.mkdirSync(path.join(repo, 'snapshots', 'c'.repeat(40), 'sub'), { recursive: true })
    fs.writeFileSync(path.join(repo, 'blobs', 'a'.repeat(40)), 'config')
    fs.writeFileSync(path.join(repo, 'blobs', 'b'.repeat(64)), Buffer.alloc(300_000, 7))
    fs.symlinkSync(
      `../../blobs/${'a'.repeat(40)}`,
      path.join(repo, 'snapshots', 'c'.repeat(40), 'config.json')
    )
    fs.symlinkSync(
      `../../../blobs/${'b'.repeat(64)}`,
      path.join(repo, 'snapshots', 'c'.repeat(40), 'sub', 'w')
    )
    const stage = tmp()
    const received = await receiveArchive(
      stage,
      pieces(toolkitArchive(source, compression), 4096),
      compression
    )
    expect(received).toEqual({ files: 2, bytes: 6 + 300_000 })
    expect(listing(stage)).toEqual(listing(source))
    expect(fs.readFileSync(path.join(stage, 'hub', 'models--acme--one', 'blobs', 'b'.repeat(64)))).toEqual(
      Buffer.alloc(300_000, 7)
    )
    expect(
      fs.statSync(path.join(stage, 'hub', 'models--acme--one', 'blobs', 'a'.repeat(40))).mode & 0o7777
    ).toBe(0o644)
  })
})

describe('a hostile archive is refused, and nothing of it lands outside the stage', () => {
  const outside = tmp('hf-archive-outside-')
  it.each<[string, Member[], string]>([
    ['an absolute member', [{ name: `${outside}/x`, data: 'owned' }], 'outside hub/'],
    ['a member climbing out', [{ name: 'hub/../../x', data: 'owned' }], 'climbs'],
    ['a member outside hub/', [{ name: 'other/x', data: 'owned' }], 'outside hub/'],
    [
      'a link to an absolute target',
      [{ name: 'hub/l', type: 'symlink', target: outside }],
      'absolute target'
    ],
    ['a link that leads out', [{ name: 'hub/a/l', type: 'symlink', target: '../../..' }], 'leads out'],
    [
      'a member written through a link',
      [
        { name: 'hub/l', type: 'symlink', target: 'models' },
        { name: 'hub/l/x', data: 'through' }
      ],
      'below a link'
    ],
    ['a hard link', [{ name: 'hub/h', type: 'hardlink', target: '/etc/passwd' }], 'type Link'],
    ['a FIFO', [{ name: 'hub/f', type: 'fifo' }], 'type FIFO'],
    ['a device', [{ name: 'hub/d', type: 'chardev' }], 'type CharacterDevice'],
    [
      'a member written twice',
      [
        { name: 'hub/x', data: 'first' },
        { name: 'hub/x', data: 'second' }
      ],
      'written twice'
    ],
    ['a name with a line break', [{ name: 'hub/a\n::warning::x', data: 'x' }], 'control character']
  ])('%s', async (_, members, reason) => {
    const stage = tmp()
    const error = await receiveArchive(stage, pieces(craftedArchive(members)), 'zstd').catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(RefusedArchive)
    expect((error as Error).message).toContain(reason)
    expect(fs.readdirSync(outside)).toEqual([])
    for (const entry of listing(stage)) expect(entry.startsWith('hub')).toBe(true)
  })

  it('a truncated archive, or one zstd cannot read, is refused', async () => {
    const source = tmp()
    fs.mkdirSync(path.join(source, 'hub'))
    fs.writeFileSync(path.join(source, 'hub', 'x'), Buffer.alloc(100_000, 1))
    const whole = toolkitArchive(source)
    await expect(
      receiveArchive(tmp(), pieces(whole.subarray(0, whole.length / 2)), 'zstd')
    ).rejects.toBeInstanceOf(RefusedArchive)
    await expect(
      receiveArchive(tmp(), pieces(Buffer.from('not zstd at all')), 'zstd')
    ).rejects.toBeInstanceOf(RefusedArchive)
  })

  it('an abort ends the reading with the abort’s reason', async () => {
    const source = tmp()
    fs.mkdirSync(path.join(source, 'hub'))
    fs.writeFileSync(path.join(source, 'hub', 'x'), Buffer.alloc(100_000, 1))
    const controller = new AbortController()
    async function* slow(): AsyncGenerator<Uint8Array> {
      yield toolkitArchive(source).subarray(0, 10)
      controller.abort(new Error('given up'))
      yield Buffer.alloc(0)
    }
    await expect(receiveArchive(tmp(), slow(), 'zstd', controller.signal)).rejects.toThrow('given up')
  })
})

describe('vetting one member', () => {
  it('takes folders, files and links that stay inside hub/', () => {
    expect(vetMember('hub/', 'Directory', undefined, new Set(), new Set())).toBeUndefined()
    expect(vetMember('hub/a/b', 'File', undefined, new Set(), new Set())).toBeUndefined()
    expect(
      vetMember('hub/m/snapshots/c/x', 'SymbolicLink', '../../blobs/e', new Set(), new Set())
    ).toBeUndefined()
    expect(vetMember('hub/l', 'SymbolicLink', '.', new Set(), new Set())).toBeUndefined()
    expect(vetMember('hub/l', 'SymbolicLink', '..', new Set(), new Set())).toBe(
      'a link that leads out of the entry'
    )
    expect(vetMember('hub/a/./b', 'File', undefined, new Set(), new Set())).toBe(
      'a member whose name climbs or is not plain'
    )
    expect(vetMember('hub\\a', 'File', undefined, new Set(), new Set())).toBe(
      'a name with a control character'
    )
  })

  it('takes the file types tar gives regular files, and names every other type it refuses', () => {
    const vet = (name: string, type: string, target?: string) =>
      vetMember(name, type, target, new Set(), new Set())
    expect(vet('hub/a', 'OldFile')).toBeUndefined()
    expect(vet('hub/a', 'ContiguousFile')).toBeUndefined()
    expect(vet('hub/a', 'CharacterDevice')).toBe(
      'a member of type CharacterDevice (only folders, files and links are taken)'
    )
    expect(vet('hub/l', 'SymbolicLink')).toBe('a link with an absolute target')
  })

  it('reads a folder’s trailing slashes as one; an empty part anywhere else is not plain', () => {
    const vet = (name: string) => vetMember(name, 'Directory', undefined, new Set(), new Set())
    expect(vet('hub/a//')).toBeUndefined()
    expect(vet('hub//a')).toBe('a member whose name climbs or is not plain')
  })

  it('takes a name of up to 4,096 characters', () => {
    const name = (length: number) => `hub/${'a'.repeat(length - 4)}`
    expect(vetMember(name(4096), 'File', undefined, new Set(), new Set())).toBeUndefined()
    expect(vetMember(name(4097), 'File', undefined, new Set(), new Set())).toBe(
      'a name of over 4,096 characters'
    )
  })

  it('a refused archive says so, with the reason', () => {
    const refused = new RefusedArchive('a member written twice')
    expect(refused.message).toBe('the archive was refused: a member written twice')
    expect(refused.name).toBe('RefusedArchive')
  })
})
