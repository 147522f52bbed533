import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { checkDiskSpace, localMounts, realDisk, type DiskProbe } from '../../src/prewarm/disk-space.js'

const GiB = 1024 ** 3

/** A GitHub-hosted Linux runner as its mount table shows it: the root disk, and the larger one at /mnt. */
const HOSTED = [
  '/dev/root / ext4 rw,relatime,discard,errors=remount-ro 0 0',
  'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0',
  'tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0',
  '/dev/sda15 /boot/efi vfat rw,relatime 0 0',
  '/dev/sdb1 /mnt ext4 rw,relatime 0 0',
  '/dev/sdc1 /media/read\\040only ext4 ro,relatime 0 0',
  'server:/share /nfs nfs4 rw,relatime 0 0',
  '/dev/sdd1 /data\\040disk xfs rw,relatime 0 0'
].join('\n')

/** Free bytes and devices per mount point; the hub cache is on the root disk (device 1). */
function machine(free: Record<string, number>, writable: Record<string, boolean> = {}): DiskProbe {
  const device: Record<string, number> = { '/': 1, '/mnt': 2, '/data disk': 3 }
  return {
    freeBytes: async dir => free[dir.startsWith('/home') ? '/' : dir] ?? 0,
    mountTable: async () => HOSTED,
    probe: async dir => ({ writable: writable[dir] ?? true, device: device[dir] ?? 1 })
  }
}

describe('the disk a pre-warm needs', () => {
  it('reads the writable local disks of a mount table, never memory, network, read-only or system mounts', () => {
    expect(localMounts(HOSTED)).toEqual(['/', '/mnt', '/data disk'])
    expect(localMounts('')).toEqual([])
  })

  it('names the volume with the most room, and the hf-home line that would use it', async () => {
    const disk = machine({ '/': 2 * GiB, '/mnt': 70 * GiB, '/data disk': 20 * GiB })
    const failure = checkDiskSpace('/home/runner/.cache/huggingface/hub', 10 * GiB, disk)
    await expect(failure).rejects.toMatchObject({ title: 'Not enough disk space' })
    await expect(failure).rejects.toThrow(
      /has 2\.1 GB free\. .* or move the cache to \/mnt, which has 75\.2 GB free: set "hf-home: \/mnt\/huggingface"\.$/
    )
    // The larger volume listed after a smaller one that also fits: still the larger.
    const second = machine({ '/': 2 * GiB, '/mnt': 20 * GiB, '/data disk': 70 * GiB })
    await expect(checkDiskSpace('/home/runner/hub', 10 * GiB, second)).rejects.toThrow(
      /or move the cache to \/data disk, which has 75\.2 GB free: set "hf-home: \/data disk\/huggingface"\.$/
    )
  })

  it('names none that is too small or that this process cannot write, and then says to find a larger disk', async () => {
    const small = machine({ '/': 2 * GiB, '/mnt': 9 * GiB, '/data disk': 5 * GiB })
    await expect(checkDiskSpace('/home/runner/hub', 10 * GiB, small)).rejects.toThrow(
      /or set hf-home to a larger disk\.$/
    )
    const locked = machine({ '/': 2 * GiB, '/mnt': 70 * GiB }, { '/mnt': false })
    await expect(checkDiskSpace('/home/runner/hub', 10 * GiB, locked)).rejects.toThrow(
      /or set hf-home to a larger disk\.$/
    )
  })

  it('goes ahead when it fits, asking nothing more', async () => {
    let asked = 0
    const disk = { ...machine({ '/': 20 * GiB }), mountTable: async () => (asked++, HOSTED) }
    await checkDiskSpace('/home/runner/hub', 10 * GiB, disk)
    expect(asked).toBe(0)
  })

  it('reads this machine as it is (a mount table, or none, and its own disks)', async () => {
    const mounts = localMounts(await realDisk.mountTable())
    for (const mount of mounts) expect(fs.statSync(mount).isDirectory()).toBe(true)
    expect(await realDisk.probe('/nonexistent-folder-for-this-test')).toBeUndefined()
  })

  it('takes every local file system type on a /dev/ device, and nothing it cannot read as a mount line', () => {
    const types = ['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'f2fs', 'ntfs', 'ntfs3', 'exfat', 'vfat']
    const table = types.map((type, i) => `/dev/sd${i} /data/${type} ${type} rw 0 0`)
    expect(localMounts(table.join('\n'))).toEqual(types.map(type => `/data/${type}`))
    const odd = [
      '/dev/sda1 /no-options ext4',
      '/dev/sda1 /no-type',
      '/dev/sda1',
      'overlay /not-a-device ext4 rw 0 0',
      '/dev/sda2 /memory tmpfs rw 0 0',
      '/dev/sda3 /twice ext4 rw 0 0',
      '/dev/sda4 /twice ext4 rw 0 0'
    ]
    expect(localMounts(odd.join('\n'))).toEqual(['/twice'])
  })

  it('leaves out the system’s own folders, and only those', () => {
    const at = (point: string) => `/dev/sda1 ${point} ext4 rw 0 0`
    const system = [
      '/proc',
      '/sys/x',
      '/dev',
      '/run/user',
      '/boot',
      '/snap/core',
      '/etc',
      '/usr',
      '/var/lib/docker/overlay'
    ]
    expect(localMounts(system.map(at).join('\n'))).toEqual([])
    const data = ['/data/proc', '/usrdata', '/var/lib/dockerd', '/srv']
    expect(localMounts(data.map(at).join('\n'))).toEqual(data)
  })

  it('counts the margin: 256 MiB, or 5% of a large fetch', async () => {
    const MiB = 1024 ** 2
    const fits = (free: number, needed: number) =>
      checkDiskSpace('/home/runner/hub', needed, machine({ '/': free })).then(
        () => true,
        () => false
      )
    expect(await fits(GiB + 256 * MiB, GiB)).toBe(true)
    expect(await fits(GiB + 256 * MiB - 1, GiB)).toBe(false)
    expect(await fits(100 * GiB + 5 * GiB, 100 * GiB)).toBe(true)
    expect(await fits(100 * GiB + 5 * GiB - 1, 100 * GiB)).toBe(false)
    // Nothing to fetch needs no room at all.
    expect(await fits(0, 0)).toBe(true)
  })

  it('names another volume only when the fetch and its margin fit there, the first of equals, never its own disk', async () => {
    const MiB = 1024 ** 2
    const needed = 10 * GiB + 512 * MiB
    const exact = machine({ '/': GiB, '/mnt': needed, '/data disk': needed })
    await expect(checkDiskSpace('/home/runner/hub', 10 * GiB, exact)).rejects.toThrow(
      'or move the cache to /mnt, which has'
    )
    const short = machine({ '/': GiB, '/mnt': needed - 1 })
    await expect(checkDiskSpace('/home/runner/hub', 10 * GiB, short)).rejects.toThrow(
      'or set hf-home to a larger disk'
    )
    // A mount on the hub cache's own disk is no way out, however much it says is free.
    const same = {
      ...machine({ '/': GiB, '/mnt': 70 * GiB }),
      probe: async () => ({ writable: true, device: 1 })
    }
    await expect(checkDiskSpace('/home/runner/hub', 10 * GiB, same)).rejects.toThrow(
      'or set hf-home to a larger disk'
    )
    // A volume that cannot say how free it is, or is gone, is passed over.
    const failing = {
      ...machine({ '/': GiB, '/data disk': 20 * GiB }),
      freeBytes: async (dir: string) => {
        if (dir === '/mnt') throw new Error('EIO')
        return dir === '/data disk' ? 20 * GiB : GiB
      }
    }
    await expect(checkDiskSpace('/home/runner/hub', 10 * GiB, failing)).rejects.toThrow(
      'or move the cache to /data disk'
    )
    const gone = {
      ...machine({ '/': GiB, '/mnt': 70 * GiB }),
      probe: async (dir: string) =>
        dir === '/mnt' ? undefined : { writable: true, device: dir === '/data disk' ? 3 : 1 }
    }
    await expect(checkDiskSpace('/home/runner/hub', 10 * GiB, gone)).rejects.toThrow(
      'or set hf-home to a larger disk'
    )
  })

  it('asks which disk the hub cache is on at its nearest existing folder (it may not exist yet)', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'disk-'))
    try {
      const probed: string[] = []
      const disk = {
        ...machine({ '/': GiB }),
        probe: async (dir: string) => (probed.push(dir), { writable: true, device: 1 })
      }
      await expect(checkDiskSpace(path.join(root, 'a', 'b', 'hub'), 10 * GiB, disk)).rejects.toThrow()
      expect(probed[0]).toBe(root)
      probed.length = 0
      await expect(checkDiskSpace(root, 10 * GiB, disk)).rejects.toThrow()
      expect(probed[0]).toBe(root)
    } finally {
      fs.rmSync(root, { recursive: true, force: true })
    }
  })

  it('probes a real folder: writable and its device; nothing for a file', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'disk-'))
    try {
      expect(await realDisk.probe(root)).toEqual({ writable: true, device: fs.statSync(root).dev })
      fs.writeFileSync(path.join(root, 'file'), 'x')
      expect(await realDisk.probe(path.join(root, 'file'))).toBeUndefined()
      expect(await realDisk.freeBytes(path.join(root, 'made'))).toBeGreaterThan(0)
      expect(fs.statSync(path.join(root, 'made')).isDirectory()).toBe(true)
    } finally {
      fs.rmSync(root, { recursive: true, force: true })
    }
  })
})
