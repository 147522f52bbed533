/**
 * Room on disk for a pre-warm: it fails in seconds, before any download, when the disk holding the hub cache
 * cannot take what is still to fetch (and a margin: the file system, the job's other steps), rather than with
 * ENOSPC after minutes. When another writable local volume could take it (GitHub's hosted Linux runners have
 * far more room under /mnt than under /home), the error names it and the `hf-home:` line that would use it.
 */
import { constants } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { ActionError } from '../shared/errors.js'
import { formatBytes } from '../shared/format.js'
import { safeText } from '../shared/safe-text.js'

/** What the check asks of the machine (tests give their own). */
export interface DiskProbe {
  /** Free bytes on the disk holding a folder. */
  freeBytes(dir: string): Promise<number>
  /** The machine's mount table (Linux's /proc/self/mounts format); empty where there is none. */
  mountTable(): Promise<string>
  /** Whether this process may create folders in `dir`, and the device it is on. */
  probe(dir: string): Promise<{ writable: boolean; device: number } | undefined>
}

export const realDisk: DiskProbe = {
  async freeBytes(dir) {
    await fs.mkdir(dir, { recursive: true })
    const stats = await fs.statfs(dir)
    return stats.bavail * stats.bsize
  },
  mountTable: () => fs.readFile('/proc/self/mounts', 'utf8').catch(() => ''),
  async probe(dir) {
    const stat = await fs.stat(dir).catch(() => undefined)
    if (!stat?.isDirectory()) return undefined
    const writable = await fs.access(dir, constants.W_OK).then(
      () => true,
      () => false
    )
    return { writable, device: stat.dev }
  }
}

/** File systems on local disks (not memory, network or pseudo file systems). */
const LOCAL_TYPES = new Set([
  'ext2',
  'ext3',
  'ext4',
  'xfs',
  'btrfs',
  'zfs',
  'f2fs',
  'ntfs',
  'ntfs3',
  'exfat',
  'vfat'
])
/** Where the system keeps what is not for data. */
const SYSTEM = /^\/(proc|sys|dev|run|boot|snap|etc|usr|var\/lib\/docker)(\/|$)/

/** The mount points of writable local disks in a mount table (`\040` and the like unescaped). */
export function localMounts(table: string): string[] {
  const mounts: string[] = []
  for (const line of table.split('\n')) {
    const [source, rawPoint, type, options] = line.split(' ')
    if (!rawPoint || !type || !options) continue
    const point = rawPoint.replace(/\\([0-7]{3})/g, (_m, octal: string) =>
      String.fromCharCode(parseInt(octal, 8))
    )
    if (!LOCAL_TYPES.has(type) || !source.startsWith('/dev/')) continue
    if (options.split(',').includes('ro') || SYSTEM.test(point)) continue
    mounts.push(point)
  }
  return [...new Set(mounts)]
}

/** Another writable local volume than the hub cache's, with room for `needed`: the one with the most. */
async function roomElsewhere(
  hubCache: string,
  needed: number,
  disk: DiskProbe
): Promise<{ mount: string; free: number } | undefined> {
  const own = await disk.probe(await nearestExisting(hubCache))
  let best: { mount: string; free: number } | undefined
  for (const mount of localMounts(await disk.mountTable())) {
    const found = await disk.probe(mount)
    if (!found?.writable || found.device === own?.device) continue
    const free = await disk.freeBytes(mount).catch(() => 0)
    if (free >= needed && (!best || free > best.free)) best = { mount, free }
  }
  return best
}

/** The folder itself, or the nearest of its parents that exists (the hub cache may not exist yet). */
async function nearestExisting(dir: string): Promise<string> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (
      await fs.stat(at).then(
        () => true,
        () => false
      )
    )
      return at
    if (path.dirname(at) === at) return at
  }
}

/** Fails (see the header) when `needed` bytes and the margin do not fit on the hub cache's disk. */
export async function checkDiskSpace(
  hubCache: string,
  needed: number,
  disk: DiskProbe = realDisk
): Promise<void> {
  if (needed === 0) return
  const margin = Math.max(256 * 1024 ** 2, Math.ceil(needed * 0.05))
  const free = await disk.freeBytes(hubCache)
  if (free >= needed + margin) return
  const elsewhere = await roomElsewhere(hubCache, needed + margin, disk)
  const move = elsewhere
    ? `, or move the cache to ${safeText(elsewhere.mount)}, which has ${formatBytes(elsewhere.free)} free: set "hf-home: ${safeText(path.posix.join(elsewhere.mount, 'huggingface'))}"`
    : ', or set hf-home to a larger disk'
  throw new ActionError(
    'Not enough disk space',
    `The pre-warm has ${formatBytes(needed)} still to fetch (and keeps ${formatBytes(margin)} spare), but the disk holding ${hubCache} has ${formatBytes(free)} free. Fetch less with globs in "repos" (for example *.safetensors *.json), free space on the runner earlier in the job${move}.`
  )
}
