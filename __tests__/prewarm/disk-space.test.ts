import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
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
})
