/**
 * The one way the action walks, reads and removes below the hub cache. A restored cache, or a later step of a
 * job that saves it, can put a link where a folder should be (`blobs -> ../../..`), or a FIFO or a device
 * where a file should be. So every folder is lstat-ed before it is entered, from the hub cache's root down,
 * and a path whose folders are not all real folders is never read or removed through; a link is removed
 * itself, never its target; only regular files are opened (never blocking: safe-fs.ts).
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { readRegular } from '../shared/safe-fs.js'

export type Kind = 'dir' | 'file' | 'link' | 'special'

/** An entry found by a walk: what it is itself (a link is a link, never what it points at). */
export interface Found {
  /** Relative to the walk's root, `/`-separated. */
  rel: string
  full: string
  kind: Kind
  /** Bytes, for a regular file; 0 otherwise. */
  size: number
  mtimeMs: number
  /** A link's target, as written in the link. */
  target?: string
}

function kindOf(stat: import('node:fs').Stats): Kind {
  if (stat.isSymbolicLink()) return 'link'
  if (stat.isDirectory()) return 'dir'
  if (stat.isFile()) return 'file'
  return 'special'
}

/** What stands at a folder's place: every part a real folder, a part missing, or a part that is not a folder. */
export type FolderCheck =
  { state: 'real' } | { state: 'absent' } | { state: 'foreign'; rel: string; kind: Kind }

/**
 * Checks every part of `dir` from `root` down (both absolute, `dir` inside `root`), lstat by lstat; with
 * `create`, makes the missing parts. Throws when `dir` is not inside `root`.
 */
export async function checkFolder(root: string, dir: string, create = false): Promise<FolderCheck> {
  const rel = path.relative(root, dir)
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`${dir} is outside ${root}`)
  if (create) await fs.mkdir(root, { recursive: true })
  let current = root
  for (const part of rel.split(path.sep).filter(Boolean)) {
    current = path.join(current, part)
    let stat = await fs.lstat(current).catch(() => undefined)
    if (!stat && !create) return { state: 'absent' }
    if (!stat) {
      await fs.mkdir(current).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error
      })
      stat = await fs.lstat(current)
    }
    if (!stat.isDirectory() || stat.isSymbolicLink())
      return { state: 'foreign', rel: path.relative(root, current), kind: kindOf(stat) }
  }
  return { state: 'real' }
}

async function isRealFolder(root: string, dir: string): Promise<boolean> {
  return (await checkFolder(root, dir)).state === 'real'
}

/**
 * Everything below `root/rel` (a real folder reached through real folders), depth first in name order,
 * folders before what they hold. Links and special files are listed, never entered or opened. Empty when
 * `root/rel` is absent or not a real folder.
 */
export async function walk(root: string, rel = ''): Promise<Found[]> {
  const top = path.join(root, rel)
  if (!(await isRealFolder(root, top))) return []
  const out: Found[] = []
  const visit = async (dirRel: string): Promise<void> => {
    const dir = path.join(top, dirRel)
    const names = await fs.readdir(dir).catch(() => [] as string[])
    for (const name of names.sort()) {
      const childRel = dirRel ? `${dirRel}/${name}` : name
      const full = path.join(dir, name)
      const stat = await fs.lstat(full).catch(() => undefined)
      if (!stat) continue
      const kind = kindOf(stat)
      const target = kind === 'link' ? await fs.readlink(full).catch(() => '') : undefined
      out.push({
        rel: childRel,
        full,
        kind,
        size: kind === 'file' ? stat.size : 0,
        mtimeMs: stat.mtimeMs,
        ...(target === undefined ? {} : { target })
      })
      // Entered only because lstat said it is a real folder. (A writer racing this very walk could still swap
      // it for a link in between; the threat here is what earlier steps left, which holds still.)
      if (kind === 'dir') await visit(childRel)
    }
  }
  await visit('')
  return out
}

/** The names directly in `root/rel` with their kinds (empty when it is not a real folder). */
export async function list(root: string, rel: string): Promise<{ name: string; kind: Kind }[]> {
  const dir = path.join(root, rel)
  if (!(await isRealFolder(root, dir))) return []
  const out: { name: string; kind: Kind }[] = []
  for (const name of (await fs.readdir(dir).catch(() => [] as string[])).sort()) {
    const stat = await fs.lstat(path.join(dir, name)).catch(() => undefined)
    if (stat) out.push({ name, kind: kindOf(stat) })
  }
  return out
}

/**
 * Removes `full` (inside `root`): a file or a link itself (never the link's target), or a real folder and all
 * it holds (Node's recursive rm removes links inside as links). Nothing when a folder above it is not a real
 * folder: the path then leads somewhere the cache does not own. Returns the bytes of regular files removed.
 */
export async function remove(root: string, full: string): Promise<number> {
  if (!(await isRealFolder(root, path.dirname(full)))) return 0
  const stat = await fs.lstat(full).catch(() => undefined)
  if (!stat) return 0
  let bytes = stat.isFile() ? stat.size : 0
  if (stat.isDirectory()) {
    bytes = (await walk(root, path.relative(root, full))).reduce((sum, found) => sum + found.size, 0)
  }
  await fs.rm(full, { recursive: stat.isDirectory(), force: true })
  return bytes
}

/** A regular file's text, read only through real folders (undefined otherwise, or when absent or too big). */
export async function read(root: string, full: string, maxBytes?: number): Promise<string | undefined> {
  if (!(await isRealFolder(root, path.dirname(full)))) return undefined
  return readRegular(full, maxBytes)
}
