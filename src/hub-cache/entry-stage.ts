/**
 * Where an entry lives on disk between the cache service and the hub cache: a stage, a small hub cache of one
 * repo at one commit (its snapshot, the blobs it links, the refs naming the commit, its listing and `.no_exist`
 * markers, and the payloads of Python's shared store those blobs link to) under `<stage>/hub/`, the one path
 * every entry is archived as (so an entry's identity never depends on where the hub cache is).
 *
 * Each step has a folder of its own, `<hub cache>/.hf-auth-action/<pid>-<12 hex>/` (same disk: blobs are
 * hard-linked, not copied), and each entry a fresh stage in it: no two users of one stage, in this process or
 * in another job sharing a persistent `hf-home`. A step removes its own folder when done (post also removes
 * main's, should main have been cancelled, and any left by a step that died long ago); the folder above them is
 * removed when empty, and made again when another step's removal raced its creation.
 *
 * Only what has the shape Python gives it is staged (snapshot links to `../../blobs/<etag>`, blobs that are
 * regular files or links of exactly the store's shape; without symlinks, snapshot files the listing names),
 * read through real folders only (safe-tree.ts): a link a later step planted is never followed into the stage.
 */
import { constants } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { writeExclusive } from '../shared/safe-fs.js'
import { isHex40, isHex64 } from '../shared/shape.js'
import { uniqueSuffix } from '../shared/temp-name.js'
import { ARCHIVE_ROOT } from './entry-archive.js'
import { blobsByPath, RepoCacheDir } from './layout.js'
import { isLeftover } from './leftovers.js'
import { parseRepoFolder } from './repo-folders.js'
import { checkFolder, list, read, remove, walk } from './safe-tree.js'
import { linkedStoreEntry, STORE_DIR, STORE_MARKER } from './shared-store.js'

/** Where steps' stage folders live, inside the hub cache (Python's cache scan skips what is not a repo's). */
export const STAGE_DIR = '.hf-auth-action'
/** A step's folder untouched this long belongs to a step that died (a job's default time limit is 6 hours). */
export const STALE_STAGES_MS = 6 * 60 * 60 * 1000

export const isBlobName = (name: string) => isHex40(name) || isHex64(name)

/** One entry's stage: `dir` is what the archive is made from (it holds `hub/`), `hub` the small hub cache. */
export class Stage {
  readonly hub: string
  constructor(readonly dir: string) {
    this.hub = path.join(dir, ARCHIVE_ROOT)
  }
}

/** A step's stages (see the header). */
export class Stages {
  private count = 0
  private constructor(
    readonly hubCache: string,
    /** This step's folder, absolute: post removes main's by it. */
    readonly root: string
  ) {}

  /** Makes this step's folder (a link planted at `.hf-auth-action` is removed first, never followed). */
  static async open(hubCache: string): Promise<Stages> {
    const cache = path.resolve(hubCache)
    const parent = path.join(cache, STAGE_DIR)
    const root = path.join(parent, uniqueSuffix())
    for (let tries = 0; ; tries++) {
      if ((await checkFolder(cache, parent)).state === 'foreign') await remove(cache, parent)
      try {
        if ((await checkFolder(cache, root, true)).state === 'real') return new Stages(cache, root)
      } catch (error) {
        // Another step removed the (empty) folder above between two of our mkdirs: make it again.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || tries >= 5) throw error
        continue
      }
      // Something not a folder stands in the way again and again: not a race, so no endless loop.
      if (tries >= 5) throw new Error(`${root} could not be made a folder of this step's own`)
    }
  }

  /**
   * One entry's stage, for as long as the entry needs it: made fresh, filled by `fill` (an archive received, a
   * snapshot or the index staged), handed to `use` with what `fill` gave, and removed whatever happens. Nothing
   * else makes or removes a stage. Undefined, without `use`, when `fill` gave nothing.
   */
  async withStage<F, T>(
    label: string,
    fill: (stage: Stage) => Promise<F | undefined>,
    use: (stage: Stage, filled: F) => Promise<T>
  ): Promise<T | undefined> {
    const stage = await this.fresh(label)
    try {
      const filled = await fill(stage)
      return filled === undefined ? undefined : await use(stage, filled)
    } finally {
      await remove(this.hubCache, stage.dir).catch(() => undefined)
    }
  }

  private async fresh(label: string): Promise<Stage> {
    const dir = path.join(
      this.root,
      `${++this.count}-${label.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100)}`
    )
    await fs.mkdir(dir)
    return new Stage(dir)
  }

  /** Removes this step's folder, and the folder above when no other step uses it. */
  async close(): Promise<void> {
    await removeStages(this.hubCache, this.root)
  }
}

/** Removes a step's stage folder (main's, from post) and the folder above when empty. */
export async function removeStages(hubCache: string, root: string): Promise<void> {
  const cache = path.resolve(hubCache)
  const parent = path.join(cache, STAGE_DIR)
  if (path.dirname(path.resolve(root)) !== parent) return
  await remove(cache, path.resolve(root)).catch(() => undefined)
  await fs.rmdir(parent).catch(() => undefined)
}

/**
 * Removes what no live step uses: a link or file where the stages' folder should be, and step folders left by
 * steps that died (untouched for STALE_STAGES_MS). Another job's step sharing this hub cache keeps its own.
 */
export async function removeStaleStages(hubCache: string, now = Date.now()): Promise<void> {
  const cache = path.resolve(hubCache)
  const parent = path.join(cache, STAGE_DIR)
  const check = await checkFolder(cache, parent)
  if (check.state === 'foreign') return void (await remove(cache, parent))
  if (check.state === 'absent') return
  for (const { name, kind } of await list(cache, STAGE_DIR)) {
    const full = path.join(parent, name)
    const stat = await fs.lstat(full).catch(() => undefined)
    if (kind !== 'dir' || (stat && now - stat.mtimeMs > STALE_STAGES_MS)) await remove(cache, full)
  }
  await fs.rmdir(parent).catch(() => undefined)
}
/** The blob a snapshot link points at (`<etag>`), when the link has Python's shape; undefined otherwise. */
export function linkedBlob(folderDir: string, linkPath: string, target: string): string | undefined {
  const name = path.basename(target)
  if (!isBlobName(name)) return undefined
  const expected = path.relative(path.dirname(linkPath), path.join(folderDir, 'blobs', name))
  return target === expected ? name : undefined
}

/** A hard link (same disk: no bytes copied), or a copy where the file system has none. */
async function linkOrCopy(source: string, target: string): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true })
  await fs.link(source, target).catch(() => fs.copyFile(source, target, constants.COPYFILE_EXCL))
}

export interface Staged {
  /** Bytes of content (blobs and payloads). */
  bytes: number
  files: string[]
}

/**
 * Stages `folder` at `commit` into `stage` (a fresh stage's `hub`, see the header); undefined when the hub
 * cache holds no such snapshot.
 */
export async function stageSnapshot(
  hubCache: string,
  stage: string,
  folder: string,
  commit: string
): Promise<Staged | undefined> {
  const root = path.resolve(hubCache)
  const from = path.join(root, folder)
  const to = path.join(stage, folder)
  const snapshot = `${folder}/snapshots/${commit}`
  const entries = (await walk(root, snapshot)).filter(e => !isLeftover(e))
  const repo = parseRepoFolder(folder)
  if (!repo || !isHex40(commit) || !entries.some(e => e.kind === 'link' || e.kind === 'file'))
    return undefined
  const staged: Staged = { bytes: 0, files: [] }
  const blobs = new Map<string, boolean>()
  // Where symlinks cannot be made (Windows without the right), Python copies each file into the snapshot: such
  // a copy is staged when the commit's listing names it (the merge checks its content against that name).
  const listing = entries.some(e => e.kind === 'file')
    ? blobsByPath((await new RepoCacheDir(root, repo.type, repo.id).readTree(commit)) ?? [])
    : new Map<string, string>()
  for (const entry of entries) {
    if (entry.kind === 'file' && listing.has(entry.rel)) {
      await linkOrCopy(entry.full, path.join(stage, snapshot, entry.rel))
      staged.bytes += entry.size
      staged.files.push(entry.rel)
      continue
    }
    const blob = entry.kind === 'link' ? linkedBlob(from, entry.full, entry.target!) : undefined
    if (!blob) continue
    if (!blobs.has(blob)) blobs.set(blob, await stageBlob(root, from, to, stage, blob, staged))
    if (!blobs.get(blob)) continue
    const link = path.join(stage, snapshot, entry.rel)
    await fs.mkdir(path.dirname(link), { recursive: true })
    await fs.symlink(entry.target!, link)
    staged.files.push(entry.rel)
  }
  if (!staged.files.length) return undefined
  await stageSmallFiles(root, folder, commit, to)
  return staged
}

/** One blob: a hard link of a regular one, or Python's link into the store with the payload it links to. */
async function stageBlob(
  root: string,
  from: string,
  to: string,
  stage: string,
  name: string,
  staged: Staged
): Promise<boolean> {
  const source = path.join(from, 'blobs', name)
  const stat = await fs.lstat(source).catch(() => undefined)
  if (stat?.isFile()) {
    await linkOrCopy(source, path.join(to, 'blobs', name))
    staged.bytes += stat.size
    return true
  }
  const entry = stat?.isSymbolicLink() ? await linkedStoreEntry(root, source) : undefined
  if (!entry) return false
  const payload = path.join(stage, path.relative(root, entry.payload))
  if (!(await fs.lstat(payload).catch(() => undefined))) {
    await linkOrCopy(entry.payload, payload)
    staged.bytes += (await fs.lstat(payload)).size
    await writeExclusive(path.join(stage, STORE_DIR, STORE_MARKER), '1\n').catch(() => undefined)
  }
  await fs.mkdir(path.join(to, 'blobs'), { recursive: true })
  await fs.symlink(await fs.readlink(source), path.join(to, 'blobs', name))
  return true
}

/** The refs naming the commit, its listing (`trees/<commit>.json`) and its `.no_exist` markers. */
async function stageSmallFiles(root: string, folder: string, commit: string, to: string): Promise<void> {
  for (const ref of await walk(root, `${folder}/refs`)) {
    if (ref.kind !== 'file' || isLeftover(ref)) continue
    if ((await read(root, ref.full, 1024))?.trim() !== commit) continue
    await fs.mkdir(path.dirname(path.join(to, 'refs', ref.rel)), { recursive: true })
    await writeExclusive(path.join(to, 'refs', ref.rel), commit)
  }
  const tree = (await walk(root, `${folder}/trees`)).find(f => f.rel === `${commit}.json`)
  if (tree?.kind === 'file') await linkOrCopy(tree.full, path.join(to, 'trees', tree.rel))
  // A marker naming a file the commit has (a later step may plant one) is never saved.
  const repo = parseRepoFolder(folder)!
  const listed = new Set(
    (await new RepoCacheDir(root, repo.type, repo.id).readTree(commit))?.map(e => e.path)
  )
  for (const marker of await walk(root, `${folder}/.no_exist/${commit}`)) {
    if (marker.kind !== 'file' || isLeftover(marker) || listed.has(marker.rel)) continue
    const file = path.join(to, '.no_exist', commit, marker.rel)
    await fs.mkdir(path.dirname(file), { recursive: true })
    await writeExclusive(file, '')
  }
}

/** The index entry's one file, in its stage's `hub/`. */
const INDEX_FILE = 'entries.json'

/** Writes an index entry's file into a fresh stage. */
export async function writeStagedIndex(stage: Stage, text: string): Promise<void> {
  await fs.mkdir(stage.hub, { recursive: true })
  await writeExclusive(path.join(stage.hub, INDEX_FILE), text)
}

/** A restored index entry's file (a regular file, at most `maxBytes`), or undefined. */
export async function readStagedIndex(stage: Stage, maxBytes: number): Promise<string | undefined> {
  return read(stage.dir, path.join(stage.hub, INDEX_FILE), maxBytes)
}
