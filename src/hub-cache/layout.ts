/**
 * The hub cache layout Python `huggingface_hub` reads offline:
 *   <type>s--owner--name/blobs/<etag>, snapshots/<commit>/<path> (relative symlink), refs/<revision>.
 * Every name that comes from the network (file paths, etags, commits) is validated here, so nothing
 * is ever written outside the repo's folder.
 *
 * huggingface_hub 1.x also keeps `trees/<commit>.json` and a `CACHEDIR.TAG` (python-files.ts).
 */
import { constants, type Stats } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import pLimit from 'p-limit'
import { repoLabel, type RepoType } from '../hub/repo-spec.js'
import type { TreeEntry } from '../hub/tree.js'
import { readRegular, replaceAtomically, writeExclusive } from '../shared/safe-fs.js'
import { isHex40, isHex64 } from '../shared/shape.js'
import { blobDigest } from './blob-hash.js'
import { isLeftover, leftoverRemovable } from './leftovers.js'
import { joinInside, UnsafePathError } from './path-safety.js'
import { checkFolder, walk } from './safe-tree.js'
import { linkedStoreEntry } from './shared-store.js'
import { decodeTree, encodeTree } from './python-files.js'

export function repoFolderName(type: RepoType, id: string): string {
  return `${type}s--${id.split('/').join('--')}`
}

/** Cached files checked (and so perhaps re-hashed) at once. */
export const CHECKS_AT_ONCE = 8

/** The blob each listed path must point at (what `pruneSnapshot` checks against). */
export function blobsByPath(tree: TreeEntry[]): Map<string, string> {
  return new Map(tree.map(e => [e.path, e.lfsSha256 ?? e.blobId]))
}

/** A blob's content as hashed: a file changed since (another inode, size or time) is hashed again. */
const verifiedKey = (content: string, stat: Stats) => `${content}\0${stat.ino}\0${stat.size}\0${stat.mtimeMs}`

/** Whether `file` is still the entry `before` described (not replaced by a rename, nor removed). */
async function sameEntry(file: string, before: Stats): Promise<boolean> {
  const now = await fs.lstat(file).catch(() => undefined)
  return now?.ino === before.ino && now.dev === before.dev && now.mtimeMs === before.mtimeMs
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
    this.label = repoLabel({ type, id })
  }

  blobPath(etag: string): string {
    if (!isHex40(etag) && !isHex64(etag))
      throw new UnsafePathError(this.label, etag, 'the etag is not a sha1 or sha256')
    return path.join(this.root, 'blobs', etag)
  }

  snapshotDir(commit: string): string {
    if (!isHex40(commit)) throw new UnsafePathError(this.label, commit, 'not a 40-hex commit')
    return path.join(this.root, 'snapshots', commit)
  }

  snapshotPath(commit: string, relPath: string): string {
    return joinInside(this.snapshotDir(commit), relPath, this.label)
  }

  refPath(revision: string): string {
    return joinInside(path.join(this.root, 'refs'), revision, this.label)
  }

  treePath(commit: string): string {
    if (!isHex40(commit)) throw new UnsafePathError(this.label, commit, 'not a 40-hex commit')
    return path.join(this.root, 'trees', `${commit}.json`)
  }

  /** The commit's full listing (all files, whatever was selected), as Python writes it. */
  async writeTree(commit: string, entries: TreeEntry[]): Promise<void> {
    const text = encodeTree(entries)
    if (text === undefined) return // Python skips these too
    const file = this.treePath(commit)
    await this.makeDir(path.dirname(file))
    await replaceAtomically(file, temp => writeExclusive(temp, text))
  }

  /** The cached listing (only ever used with the Hub unreachable), or undefined when absent or unknown. */
  async readTree(commit: string): Promise<TreeEntry[] | undefined> {
    try {
      const file = this.treePath(commit)
      if (!(await this.hasDir(path.dirname(file)))) return undefined
      const text = await readRegular(file)
      if (text === undefined) return undefined
      return decodeTree(text)
    } catch {
      return undefined
    }
  }

  /** Blobs already hashed by this process and found right: hashed once a run, whatever reuses them. */
  private static verified = new Set<string>()

  /**
   * True when the blob is a regular file of the expected size (when given) *and content*, or a link of exactly
   * Python's shape into its shared store (shared-store.ts) whose payload is: a restored or pre-existing cache is
   * not trusted, so a blob is re-hashed (the payload read by its own path, never through the link) before it is
   * reused, and a good link is kept as Python made it. A wrong blob, or a link of any other shape, is removed
   * (only a tampered cache could hold one: the rename of a new blob replaces it) — unless it was replaced while
   * it was checked: another writer sharing the hub cache put its own, checked blob there.
   */
  async hasBlob(etag: string, size?: number): Promise<boolean> {
    const file = this.blobPath(etag)
    if (!(await this.hasDir(path.dirname(file)))) return false
    const stat = await fs.lstat(file).catch(() => undefined)
    if (!stat) return false
    const entry = stat.isSymbolicLink() ? await linkedStoreEntry(this.hubCache, file) : undefined
    const content = entry ? entry.payload : file
    // A payload collected since its link was read (Python's store is shared) leaves a dangling link.
    const contentStat = entry ? await fs.lstat(entry.payload).catch(() => undefined) : stat
    if (contentStat && (await RepoCacheDir.rightBlob(content, contentStat, etag, size))) return true
    // A store payload is shared: a wrong one is not removed here (other repos may link to it), only our link.
    if (await sameEntry(file, stat)) await fs.rm(file, { force: true })
    return false
  }

  /** Whether `content` (as `stat` found it) is a regular file of `size` hashing to `etag`; remembered if so. */
  private static async rightBlob(
    content: string,
    stat: Stats,
    etag: string,
    size?: number
  ): Promise<boolean> {
    const key = verifiedKey(content, stat)
    if (RepoCacheDir.verified.has(key)) return true
    if (!stat.isFile() || (size !== undefined && stat.size !== size)) return false
    if ((await blobDigest(content, etag)) !== etag) return false
    RepoCacheDir.verified.add(key)
    return true
  }

  /** Records a blob as hashed and right (its content path as it is now): this run does not hash it again. */
  static async remember(content: string): Promise<void> {
    RepoCacheDir.verified.add(verifiedKey(content, await fs.lstat(content)))
  }

  /**
   * Makes a restored blob (`file`, in a stage: entry-merge.ts) this repo's `blobs/<etag>` once its content
   * hashes to the name: no restored blob is visible unverified. A right one already here is kept. False when
   * `file` is not a regular file of the name's content.
   */
  async adoptBlob(etag: string, file: string): Promise<boolean> {
    if (await this.hasBlob(etag)) return true
    if ((await blobDigest(file, etag)) !== etag) return false
    const target = this.blobPath(etag)
    await this.makeDir(path.dirname(target))
    await fs.rename(file, target)
    await RepoCacheDir.remember(target)
    return true
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
      throw new UnsafePathError(this.label, dir, 'it is outside the hub cache', 'cache')
    }
    const found = await checkFolder(root, dir, create)
    if (found.state === 'foreign') {
      throw new UnsafePathError(
        this.label,
        found.rel,
        found.kind === 'link' ? 'it is a link, which the action does not follow' : 'it is not a folder',
        'cache'
      )
    }
    return found.state === 'real'
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
    const root = path.resolve(this.hubCache)
    const found = (await walk(root, path.relative(root, top))).filter(e => e.kind !== 'dir')
    // Temporary files are no snapshot entry: another writer's fresh one (a job sharing this hf-home, about to
    // rename its link into place) is that writer's, a stale one is removed (leftovers.ts).
    const now = Date.now()
    for (const entry of found) if (leftoverRemovable(entry, now)) await fs.rm(entry.full, { force: true })
    const entries = found.filter(e => !isLeftover(e)).map(e => e.rel)
    // Checked a few at a time: each check may re-hash a blob, and the hashing workers take them in parallel.
    const removed: string[] = []
    const limit = pLimit(CHECKS_AT_ONCE)
    await Promise.all(
      entries.map(rel =>
        limit(async () => {
          const full = path.join(top, rel)
          // Gone since the walk, or replaced while checked: another writer sharing the hub cache put it there
          // (and checked it), so it is not this check's to remove.
          const stat = await fs.lstat(full).catch(() => undefined)
          const etag = expected.get(rel)
          if (!stat || (etag !== undefined && (await this.pointsAt(full, stat, etag)))) return
          if (!(await sameEntry(full, stat))) return
          await fs.rm(full, { force: true })
          removed.push(rel)
        })
      )
    )
    return removed.sort()
  }

  /**
   * Whether a snapshot entry is our link to `blobs/<etag>` with the right content there, or (where symlinks
   * cannot be made) a file with that content (`stat`: the entry's own, lstat-ed).
   */
  private async pointsAt(full: string, stat: Stats, etag: string): Promise<boolean> {
    if (stat.isSymbolicLink()) {
      const target = await fs.readlink(full)
      if (target !== path.relative(path.dirname(full), this.blobPath(etag))) return false
      return this.hasBlob(etag)
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

  /** A restored snapshot copy (where symlinks cannot be made), its content already checked: moved into place. */
  async adoptCopy(commit: string, relPath: string, file: string): Promise<void> {
    const target = this.snapshotPath(commit, relPath)
    await this.makeDir(path.dirname(target))
    await fs.rename(file, target)
  }

  /** `.no_exist/<commit>/<path>`: Python's marker of a file the commit does not have (an empty file). */
  async markAbsent(commit: string, relPath: string): Promise<void> {
    if (!isHex40(commit)) throw new UnsafePathError(this.label, commit, 'not a 40-hex commit')
    const file = joinInside(path.join(this.root, '.no_exist', commit), relPath, this.label)
    await this.makeDir(path.dirname(file))
    await writeExclusive(file, '').catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error
    })
  }

  /**
   * Removes `.no_exist/<commit>/` markers naming a file the commit's listing has: Python (and transformers, which
   * asks "absent?" first) would take the file for missing, online and offline.
   */
  async unmarkListed(commit: string, listing: TreeEntry[]): Promise<void> {
    if (!isHex40(commit)) throw new UnsafePathError(this.label, commit, 'not a 40-hex commit')
    const root = path.resolve(this.hubCache)
    const markers = path.join(this.root, '.no_exist', commit)
    if ((await checkFolder(root, markers)).state !== 'real') return
    const listed = new Set(listing.map(e => e.path))
    for (const marker of await walk(root, path.relative(root, markers)))
      if (marker.kind !== 'dir' && listed.has(marker.rel)) await fs.rm(marker.full, { force: true })
  }

  async readRef(revision: string): Promise<string | undefined> {
    const file = this.refPath(revision)
    if (!(await this.hasDir(path.dirname(file)))) return undefined
    return (await readRegular(file, 1024))?.trim()
  }

  /** refs/<revision> holds the commit, no newline; a commit revision needs no ref. */
  async writeRef(revision: string, commit: string): Promise<void> {
    if (isHex40(revision)) return
    const file = this.refPath(revision)
    if ((await this.readRef(revision)) === commit) return
    await this.makeDir(path.dirname(file))
    await replaceAtomically(file, temp => writeExclusive(temp, commit))
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
    const commit = isHex40(revision) ? revision : await this.readRef(revision)
    if (!commit || !isHex40(commit)) return undefined
    return (await this.hasDir(this.snapshotDir(commit))) ? commit : undefined
  }
}
