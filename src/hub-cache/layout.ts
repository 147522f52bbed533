/**
 * The hub cache layout Python `huggingface_hub` reads offline:
 *   <type>s--owner--name/blobs/<etag>, snapshots/<commit>/<path> (relative symlink), refs/<revision>.
 * Every name that comes from the network (file paths, etags, commits) is validated here, so nothing
 * is ever written outside the repo's folder.
 *
 * huggingface_hub 1.x also keeps `trees/<commit>.json` (the commit's full file listing: offline, it tells a
 * complete snapshot from a partial one; online, it saves the listing request) and a `CACHEDIR.TAG` at the
 * root. We write both exactly as Python does.
 */
import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import pLimit from 'p-limit'
import type { RepoType } from '../hub/repo-spec.js'
import { FileHasher } from './hash-worker.js'
import { isCommitHash } from '../hub/repo-spec.js'
import { readRegular } from '../shared/safe-fs.js'
import { temporaryName } from '../shared/temp-name.js'
import { isHex40, isHex64, isRecord, isSize } from '../shared/shape.js'

export class UnsafePathError extends Error {
  constructor(
    readonly repo: string,
    readonly unsafePath: string,
    why: string
  ) {
    super(`refusing the file path "${unsafePath}" listed by ${repo}: ${why}; nothing was written for it`)
    this.name = 'UnsafePathError'
  }
}

export function repoFolderName(type: RepoType, id: string): string {
  return `${type}s--${id.split('/').join('--')}`
}

const BLOB_NAME = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/
/** Device names Windows reserves in every folder, with or without an extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i
const WINDOWS_FORBIDDEN = /[<>:"|?*]/

/**
 * Why a repo-relative path is unsafe, or undefined when it is fine. Control characters (a line break in a
 * name could become a workflow command in a log) are refused everywhere; names Windows cannot hold or
 * would read as another file (`CON`, `aux.txt`, a trailing dot or space, `:`) on Windows.
 */
export function unsafeReason(
  relPath: string,
  platform: NodeJS.Platform = process.platform
): string | undefined {
  if (!relPath) return 'it is empty'
  if (CONTROL.test(relPath)) return 'it contains a control character'
  if (relPath.includes('\\')) return 'it contains a backslash'
  if (relPath.startsWith('/') || /^[A-Za-z]:/.test(relPath)) return 'it is absolute'
  const segments = relPath.split('/')
  if (segments.includes('..')) return 'it contains ".."'
  if (segments.some(s => s === '' || s === '.')) return 'it has empty or "." segments'
  if (platform === 'win32') {
    if (segments.some(s => WINDOWS_RESERVED.test(s))) return 'it uses a name Windows reserves for a device'
    if (segments.some(s => /[. ]$/.test(s)))
      return 'a part of it ends with a dot or a space, which Windows drops'
    if (WINDOWS_FORBIDDEN.test(relPath)) return 'it contains a character Windows does not allow in names'
  }
  return undefined
}

const symlinkSupport = new Map<string, boolean>()

/**
 * Whether symlinks can be made in the hub cache, probed once per folder the way Python `huggingface_hub`
 * does (Windows without Developer Mode or admin rights cannot make them).
 */
export async function symlinksSupported(hubCache: string): Promise<boolean> {
  const known = symlinkSupport.get(hubCache)
  if (known !== undefined) return known
  await fs.mkdir(hubCache, { recursive: true })
  const probe = await fs.mkdtemp(path.join(hubCache, '.symlink-probe-'))
  let supported = true
  try {
    await fs.writeFile(path.join(probe, 'target'), '')
    await fs.symlink('target', path.join(probe, 'link'))
  } catch {
    supported = false
  } finally {
    await fs.rm(probe, { recursive: true, force: true })
  }
  symlinkSupport.set(hubCache, supported)
  return supported
}

/** Whether file names differing only in case are one file here (Windows and macOS by default). */
export function caseInsensitive(platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32' || platform === 'darwin'
}

/** Paths that name the same file on a case-insensitive file system: [a, b] pairs. */
export function caseCollisions(paths: string[]): [string, string][] {
  const seen = new Map<string, string>()
  const out: [string, string][] = []
  for (const p of paths) {
    const folded = p.toLowerCase()
    const twin = seen.get(folded)
    if (twin !== undefined && twin !== p) out.push([twin, p])
    else seen.set(folded, p)
  }
  return out
}

/** Joins below `root`, refusing anything that would land outside it. */
function joinInside(root: string, relPath: string, repo: string): string {
  const why = unsafeReason(relPath)
  if (why) throw new UnsafePathError(repo, relPath, why)
  const full = path.resolve(root, ...relPath.split('/'))
  if (!full.startsWith(root + path.sep))
    throw new UnsafePathError(repo, relPath, 'it resolves outside the cache')
  return full
}

/**
 * The content hash a blob is named by (sha256 for a 64-hex name, the git blob id for a 40-hex one), hashed by
 * the same worker that verifies downloads; undefined when the file is not a regular file.
 */
export async function blobDigest(file: string, name: string): Promise<string | undefined> {
  const stat = await fs.lstat(file).catch(() => undefined)
  if (!stat?.isFile()) return undefined
  const hasher = new FileHasher(file, name.length === 64, stat.size)
  hasher.feed(0, stat.size)
  return hasher.digest().catch(() => undefined)
}

/** Cached files checked (and so perhaps re-hashed) at once. */
export const CHECKS_AT_ONCE = 8

/** Git's blob id: sha1 of `blob <size>\0<content>`, the ETag the Hub gives regular files. */
export function gitBlobHasher(size: number) {
  return createHash('sha1').update(`blob ${size}\0`)
}

/** One file of a commit's listing, as `trees/<commit>.json` stores it (fields of the /tree endpoint). */
export interface TreeEntry {
  path: string
  size: number
  /** Git blob id (for an LFS file, the pointer's). */
  blobId: string
  lfsSha256?: string
  lfsSize?: number
  xetHash?: string
}

/** The blob each listed path must point at (what `pruneSnapshot` checks against). */
export function blobsByPath(tree: TreeEntry[]): Map<string, string> {
  return new Map(tree.map(e => [e.path, e.lfsSha256 ?? e.blobId]))
}

const TREE_FORMAT_VERSION = 1
const XET_HASH = /^[0-9a-f]{64}$/

const CACHEDIR_TAG =
  'Signature: 8a477f597d28d172789f06886806bc55\n' +
  '# This file is a cache directory tag created by huggingface_hub.\n' +
  '# For information about cache directory tags, see:\n' +
  '#\thttps://bford.info/cachedir/\n'

/** Tags the hub cache so backup tools skip it (what huggingface_hub does on every download). */
export async function writeCacheDirTag(hubCache: string): Promise<void> {
  await fs.mkdir(hubCache, { recursive: true })
  await fs.writeFile(path.join(hubCache, 'CACHEDIR.TAG'), CACHEDIR_TAG, { flag: 'wx' }).catch(() => undefined)
}

/** Python's `json.dump(data, indent=1)`: same layout, and non-ASCII escaped as \uXXXX. */
function pythonJson(data: unknown): string {
  return JSON.stringify(data, null, 1).replace(
    /[\u0080-\uffff]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

export class RepoCacheDir {
  readonly root: string
  readonly label: string

  constructor(
    readonly hubCache: string,
    readonly type: RepoType,
    readonly id: string
  ) {
    this.root = path.join(path.resolve(hubCache), repoFolderName(type, id))
    this.label = type === 'model' ? id : `${type}s/${id}`
  }

  blobPath(etag: string): string {
    if (!BLOB_NAME.test(etag)) throw new UnsafePathError(this.label, etag, 'the etag is not a sha1 or sha256')
    return path.join(this.root, 'blobs', etag)
  }

  snapshotDir(commit: string): string {
    if (!isCommitHash(commit)) throw new UnsafePathError(this.label, commit, 'not a 40-hex commit')
    return path.join(this.root, 'snapshots', commit)
  }

  snapshotPath(commit: string, relPath: string): string {
    return joinInside(this.snapshotDir(commit), relPath, this.label)
  }

  refPath(revision: string): string {
    return joinInside(path.join(this.root, 'refs'), revision, this.label)
  }

  treePath(commit: string): string {
    if (!isCommitHash(commit)) throw new UnsafePathError(this.label, commit, 'not a 40-hex commit')
    return path.join(this.root, 'trees', `${commit}.json`)
  }

  /** The commit's full listing (all files, whatever was selected), as Python writes it. */
  async writeTree(commit: string, entries: TreeEntry[]): Promise<void> {
    if (entries.some(e => e.xetHash !== undefined && !XET_HASH.test(e.xetHash))) return // Python skips these too
    const files: Record<string, unknown> = {}
    for (const e of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      files[e.path] = {
        size: e.size,
        blob_id: e.blobId,
        ...(e.lfsSha256 !== undefined ? { lfs_sha256: e.lfsSha256, lfs_size: e.lfsSize } : {}),
        ...(e.xetHash !== undefined ? { xet_hash: e.xetHash } : {})
      }
    }
    const file = this.treePath(commit)
    await this.makeDir(path.dirname(file))
    await replaceAtomically(file, temp =>
      fs.writeFile(temp, pythonJson({ format_version: TREE_FORMAT_VERSION, files }), { flag: 'wx' })
    )
  }

  /** The cached listing (only ever used with the Hub unreachable), or undefined when absent or unknown. */
  async readTree(commit: string): Promise<TreeEntry[] | undefined> {
    try {
      const file = this.treePath(commit)
      if (!(await this.hasDir(path.dirname(file)))) return undefined
      const text = await readRegular(file)
      if (text === undefined) return undefined
      const data = JSON.parse(text) as { format_version?: unknown; files?: unknown }
      if (data.format_version !== TREE_FORMAT_VERSION || !isRecord(data.files)) return undefined
      const entries: TreeEntry[] = []
      for (const [p, f] of Object.entries(data.files)) {
        if (!isRecord(f) || !isSize(f.size) || !isHex40(f.blob_id)) return undefined
        if (f.lfs_sha256 !== undefined && !isHex64(f.lfs_sha256)) return undefined
        entries.push({
          path: p,
          size: f.size,
          blobId: f.blob_id,
          lfsSha256: f.lfs_sha256 as string | undefined,
          lfsSize: isSize(f.lfs_size) ? f.lfs_size : undefined,
          xetHash: typeof f.xet_hash === 'string' ? f.xet_hash : undefined
        })
      }
      return entries
    } catch {
      return undefined
    }
  }

  /** Blobs already hashed by this process and found right: hashed once a run, whatever reuses them. */
  private static verified = new Set<string>()

  /**
   * True when the blob is a regular file of the expected size *and content*: a restored or pre-existing
   * cache is not trusted, so a blob is re-hashed before it is reused. A wrong one is removed (a link, which
   * only a tampered cache could hold, is removed too: the rename of a new blob replaces it).
   */
  async hasBlob(etag: string, size: number): Promise<boolean> {
    const file = this.blobPath(etag)
    if (!(await this.hasDir(path.dirname(file)))) return false
    const stat = await fs.lstat(file).catch(() => undefined)
    if (!stat) return false
    const key = `${file}\0${stat.ino}\0${stat.size}\0${stat.mtimeMs}`
    if (RepoCacheDir.verified.has(key)) return true
    if (stat.isFile() && stat.size === size && (await blobDigest(file, etag)) === etag) {
      RepoCacheDir.verified.add(key)
      return true
    }
    await fs.rm(file, { force: true })
    return false
  }

  /**
   * Creates a folder below the repo's, one part at a time from the hub cache root, refusing any part that is
   * a link or not a folder: a restored cache could hold a symlinked repo folder (or `blobs/`, `snapshots/`)
   * pointing anywhere, and the action follows no link it did not make.
   */
  async makeDir(dir: string): Promise<void> {
    await this.walkDir(dir, true)
  }

  /**
   * Whether a folder below the hub cache exists, every part of it a real folder (false when a part is
   * missing); throws when a part is a link or a file. Reads and deletes go through this too, so a linked
   * repo folder never makes the action read, hash or remove files elsewhere.
   */
  async hasDir(dir: string): Promise<boolean> {
    return this.walkDir(dir, false)
  }

  private async walkDir(dir: string, create: boolean): Promise<boolean> {
    const root = path.resolve(this.hubCache)
    const rel = path.relative(root, dir)
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new UnsafePathError(this.label, dir, 'it is outside the hub cache')
    }
    if (create) await fs.mkdir(root, { recursive: true })
    let current = root
    for (const part of rel.split(path.sep).filter(Boolean)) {
      current = path.join(current, part)
      let stat = await fs.lstat(current).catch(() => undefined)
      if (!stat && !create) return false
      if (!stat) {
        await fs.mkdir(current).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error
        })
        stat = await fs.lstat(current)
      }
      if (stat.isSymbolicLink() || !stat.isDirectory()) {
        throw new UnsafePathError(
          this.label,
          path.relative(root, current),
          stat.isSymbolicLink() ? 'it is a link, which the action does not follow' : 'it is not a folder'
        )
      }
    }
    return true
  }

  /**
   * Makes `snapshots/<commit>/` hold only what the commit's listing (from the Hub) says, pointing at the right
   * blobs: anything else a restored or pre-existing cache put there — an extra file, a link elsewhere, a
   * linked folder, a copy with the wrong content — is removed. Returns the removed paths.
   */
  async pruneSnapshot(commit: string, expected: Map<string, string>): Promise<string[]> {
    const top = this.snapshotDir(commit)
    if (!(await this.hasDir(path.dirname(top)))) return []
    const stat = await fs.lstat(top).catch(() => undefined)
    if (!stat) return []
    if (!stat.isDirectory()) {
      await fs.rm(top, { force: true })
      return ['.']
    }
    const entries: string[] = []
    const visit = async (rel: string): Promise<void> => {
      for (const item of await fs.readdir(path.join(top, rel), { withFileTypes: true })) {
        const childRel = rel ? `${rel}/${item.name}` : item.name
        if (item.isDirectory()) await visit(childRel)
        else entries.push(childRel)
      }
    }
    await visit('')
    // Checked a few at a time: each check may re-hash a blob, and the hashing workers take them in parallel.
    const removed: string[] = []
    const limit = pLimit(CHECKS_AT_ONCE)
    await Promise.all(
      entries.map(rel =>
        limit(async () => {
          const full = path.join(top, rel)
          const etag = expected.get(rel)
          if (etag !== undefined && (await this.pointsAt(full, etag))) return
          await fs.rm(full, { force: true })
          removed.push(rel)
        })
      )
    )
    return removed.sort()
  }

  /**
   * Whether a snapshot entry is our link to `blobs/<etag>` with the right content there, or (where symlinks
   * cannot be made) a file with that content.
   */
  private async pointsAt(full: string, etag: string): Promise<boolean> {
    const stat = await fs.lstat(full)
    if (stat.isSymbolicLink()) {
      const target = await fs.readlink(full)
      if (target !== path.relative(path.dirname(full), this.blobPath(etag))) return false
      const blob = await fs.lstat(this.blobPath(etag)).catch(() => undefined)
      return !!blob && (await this.hasBlob(etag, blob.size))
    }
    return stat.isFile() && (await blobDigest(full, etag)) === etag
  }

  /** Whether `snapshots/<commit>/<path>` is there (a link or a file; after `pruneSnapshot`, a right one). */
  async hasSnapshotEntry(commit: string, relPath: string): Promise<boolean> {
    return fs.lstat(this.snapshotPath(commit, relPath)).then(
      () => true,
      () => false
    )
  }

  async readRef(revision: string): Promise<string | undefined> {
    const file = this.refPath(revision)
    if (!(await this.hasDir(path.dirname(file)))) return undefined
    return (await readRegular(file, 1024))?.trim()
  }

  /** refs/<revision> holds the commit, no newline; a commit revision needs no ref. */
  async writeRef(revision: string, commit: string): Promise<void> {
    if (isCommitHash(revision)) return
    const file = this.refPath(revision)
    if ((await this.readRef(revision)) === commit) return
    await this.makeDir(path.dirname(file))
    await replaceAtomically(file, temp => fs.writeFile(temp, commit, { flag: 'wx' }))
  }

  /**
   * Points snapshots/<commit>/<path> at the blob: a relative symlink (what Python writes, and what survives
   * the cache archive being restored under another home). Where symlinks cannot be made, as Python does then:
   * the new blob itself is moved to its first path (`move`), and other paths get a copy of `source` — one copy
   * of each file, not a blob and a copy.
   */
  async link(
    commit: string,
    relPath: string,
    etag: string,
    how: { symlinks: boolean; move?: boolean; source?: string } = { symlinks: true }
  ): Promise<void> {
    const pointer = this.snapshotPath(commit, relPath)
    const blob = this.blobPath(etag)
    await this.makeDir(path.dirname(pointer))
    if (how.symlinks) {
      const target = path.relative(path.dirname(pointer), blob)
      const current = await fs.readlink(pointer).catch(() => undefined)
      if (current === target) return
      return replaceAtomically(pointer, temp => fs.symlink(target, temp))
    }
    if (await this.hasSnapshotEntry(commit, relPath)) return
    if (how.move) return fs.rename(blob, pointer)
    const source = how.source ?? blob
    await replaceAtomically(pointer, temp => fs.copyFile(source, temp, constants.COPYFILE_EXCL))
  }

  /**
   * The commit Python would use offline for a revision — `refs/<revision>`, or the revision itself when it
   * is a commit — provided its snapshot folder exists; undefined when the cache lacks it.
   */
  async cachedCommit(revision: string): Promise<string | undefined> {
    const commit = isCommitHash(revision) ? revision : await this.readRef(revision)
    if (!commit || !isCommitHash(commit)) return undefined
    return (await this.hasDir(this.snapshotDir(commit))) ? commit : undefined
  }
}

/** Writes under a temporary name beside the target and renames, so readers see old or new, never half. */
async function replaceAtomically(file: string, write: (temp: string) => Promise<void>): Promise<void> {
  // Created exclusively by each writer (flag wx, symlink), so no planted link is followed.
  const temp = temporaryName(file, 'tmp')
  try {
    await write(temp)
    await fs.rename(temp, file)
  } catch (error) {
    await fs.rm(temp, { force: true })
    throw error
  }
}
