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
import fs from 'node:fs/promises'
import path from 'node:path'
import type { RepoType } from './repo-spec.js'
import { isCommitHash } from './repo-spec.js'

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

/** `"abc"`, `W/"abc"` → `abc`, as huggingface_hub stores it. */
export function normalizeEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '')
}

const BLOB_NAME = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/

/** Why a repo-relative path is unsafe, or undefined when it is fine. */
export function unsafeReason(relPath: string): string | undefined {
  if (!relPath) return 'it is empty'
  if (relPath.includes('\0')) return 'it contains a NUL byte'
  if (relPath.includes('\\')) return 'it contains a backslash'
  if (relPath.startsWith('/') || /^[A-Za-z]:/.test(relPath)) return 'it is absolute'
  const segments = relPath.split('/')
  if (segments.includes('..')) return 'it contains ".."'
  if (segments.some(s => s === '' || s === '.')) return 'it has empty or "." segments'
  return undefined
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
      fs.writeFile(temp, pythonJson({ format_version: TREE_FORMAT_VERSION, files }))
    )
  }

  /** The cached listing, or undefined when absent or not in a format we know (then list again). */
  async readTree(commit: string): Promise<TreeEntry[] | undefined> {
    try {
      const data = JSON.parse(await fs.readFile(this.treePath(commit), 'utf8')) as {
        format_version?: number
        files?: Record<
          string,
          { size: number; blob_id: string; lfs_sha256?: string; lfs_size?: number; xet_hash?: string }
        >
      }
      if (data.format_version !== TREE_FORMAT_VERSION || !data.files) return undefined
      return Object.entries(data.files).map(([p, f]) => ({
        path: p,
        size: f.size,
        blobId: f.blob_id,
        lfsSha256: f.lfs_sha256,
        lfsSize: f.lfs_size,
        xetHash: f.xet_hash
      }))
    } catch {
      return undefined
    }
  }

  /**
   * True when the blob is a regular file of the expected size (a wrong size is a corrupt blob; a link,
   * which only a tampered cache could hold, is treated as missing and replaced).
   */
  async hasBlob(etag: string, size: number): Promise<boolean> {
    const stat = await fs.lstat(this.blobPath(etag)).catch(() => undefined)
    return !!stat && stat.isFile() && stat.size === size
  }

  /**
   * Creates a folder below the repo's and checks where it *really* is: a restored cache could hold a
   * symlinked folder pointing elsewhere, which checks on the path's text cannot see.
   */
  async makeDir(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true })
    const [real, root] = await Promise.all([fs.realpath(dir), fs.realpath(this.root)])
    if (real !== root && !real.startsWith(root + path.sep)) {
      throw new UnsafePathError(
        this.label,
        path.relative(this.root, dir),
        `it leads outside the cache (to ${real})`
      )
    }
  }

  async readRef(revision: string): Promise<string | undefined> {
    return fs.readFile(this.refPath(revision), 'utf8').then(
      text => text.trim(),
      () => undefined
    )
  }

  /** refs/<revision> holds the commit, no newline; a commit revision needs no ref. */
  async writeRef(revision: string, commit: string): Promise<void> {
    if (isCommitHash(revision)) return
    const file = this.refPath(revision)
    if ((await this.readRef(revision)) === commit) return
    await this.makeDir(path.dirname(file))
    await replaceAtomically(file, temp => fs.writeFile(temp, commit))
  }

  /**
   * Points snapshots/<commit>/<path> at the blob: a relative symlink (what Python writes, and what survives
   * the cache archive being restored under another home), or a copy where symlinks are not possible.
   */
  async link(commit: string, relPath: string, etag: string, platform = process.platform): Promise<void> {
    const pointer = this.snapshotPath(commit, relPath)
    const blob = this.blobPath(etag)
    await this.makeDir(path.dirname(pointer))
    const target = path.relative(path.dirname(pointer), blob)
    const current = await fs.readlink(pointer).catch(() => undefined)
    if (current === target) return
    if (platform === 'win32') {
      await replaceAtomically(pointer, temp => fs.copyFile(blob, temp))
    } else {
      await replaceAtomically(pointer, temp => fs.symlink(target, temp))
    }
  }

  /**
   * The commit Python would use offline for a revision — `refs/<revision>`, or the revision itself when it
   * is a commit — provided its snapshot folder exists; undefined when the cache lacks it.
   */
  async cachedCommit(revision: string): Promise<string | undefined> {
    const commit = isCommitHash(revision) ? revision : await this.readRef(revision)
    if (!commit || !isCommitHash(commit)) return undefined
    const present = await fs.stat(this.snapshotDir(commit)).then(
      s => s.isDirectory(),
      () => false
    )
    return present ? commit : undefined
  }

  /** Whether `snapshots/<commit>/<path>` resolves to a file (a dangling link counts as missing). */
  async hasSnapshotFile(commit: string, relPath: string): Promise<boolean> {
    return fs.stat(this.snapshotPath(commit, relPath)).then(
      s => s.isFile(),
      () => false
    )
  }
}

/** Writes under a temporary name beside the target and renames, so readers see old or new, never half. */
async function replaceAtomically(file: string, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  try {
    await write(temp)
    await fs.rename(temp, file)
  } catch (error) {
    await fs.rm(temp, { force: true })
    throw error
  }
}
