/**
 * A cache entry is built in a stage of its own: a small hub cache holding one repo at one commit (its snapshot,
 * the blobs it links, the refs naming the commit, its listing and `.no_exist` markers) and the payloads of
 * Python's shared store those blobs link to. `@actions/cache` archives a stage by its path, and the path is part
 * of the entry's version, so each repo has one stage path whatever the commit: an older commit's entry is then
 * found by prefix. Stages live in `<hub cache>/.hf-auth-action/` (same disk: blobs are hard-linked, not copied)
 * and only while the action works on them: main removes each once merged, post once saved.
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
import { LEFTOVER } from '../shared/temp-name.js'
import { blobsByPath, RepoCacheDir } from './layout.js'
import { parseRepoFolder } from './repo-folders.js'
import { checkFolder, read, remove, walk } from './safe-tree.js'
import { linkedStoreEntry, STORE_DIR, STORE_MARKER } from './shared-store.js'

/** Where stages live, inside the hub cache (Python's cache scan skips what is not a repo folder or its store). */
export const STAGE_DIR = '.hf-auth-action'

export const isBlobName = (name: string) => isHex40(name) || isHex64(name)

/** The stage of `name` (a repo folder name, or `index`): the same path on every run. */
export function stagePath(hubCache: string, name: string): string {
  return path.join(path.resolve(hubCache), STAGE_DIR, name)
}

/**
 * Removes a stage (a leftover of a cancelled run, or what a later step put there) and makes sure the folder
 * above it is a real folder: a link planted there would send the restore's files elsewhere.
 */
export async function clearStage(hubCache: string, stage: string): Promise<void> {
  const root = path.resolve(hubCache)
  const parent = path.join(root, STAGE_DIR)
  if ((await checkFolder(root, parent)).state === 'foreign') await remove(root, parent)
  await remove(root, stage)
  await checkFolder(root, parent, true)
}

/**
 * Removes a stage once done with it, and the stages' folder when nothing else is in it: Python's cache scan
 * would report a folder that is not a repo's.
 */
export async function removeStage(hubCache: string, stage: string): Promise<void> {
  const root = path.resolve(hubCache)
  await remove(root, stage)
  await fs.rmdir(path.join(root, STAGE_DIR)).catch(() => undefined)
}

/** Removes every stage: what a cancelled main left (post runs even then), or what a later step put there. */
export async function removeAllStages(hubCache: string): Promise<void> {
  const root = path.resolve(hubCache)
  await remove(root, path.join(root, STAGE_DIR))
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
 * Stages `folder` at `commit` (see the header); undefined when the hub cache holds no such snapshot. The stage
 * is cleared first.
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
  const entries = (await walk(root, snapshot)).filter(e => !LEFTOVER.test(e.rel))
  const repo = parseRepoFolder(folder)
  if (!repo || !isHex40(commit) || !entries.some(e => e.kind === 'link' || e.kind === 'file'))
    return undefined
  await clearStage(root, stage)
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
    if (ref.kind !== 'file' || LEFTOVER.test(ref.rel)) continue
    if ((await read(root, ref.full, 1024))?.trim() !== commit) continue
    await fs.mkdir(path.dirname(path.join(to, 'refs', ref.rel)), { recursive: true })
    await writeExclusive(path.join(to, 'refs', ref.rel), commit)
  }
  const tree = (await walk(root, `${folder}/trees`)).find(f => f.rel === `${commit}.json`)
  if (tree?.kind === 'file') await linkOrCopy(tree.full, path.join(to, 'trees', tree.rel))
  for (const marker of await walk(root, `${folder}/.no_exist/${commit}`)) {
    if (marker.kind !== 'file' || LEFTOVER.test(marker.rel)) continue
    const file = path.join(to, '.no_exist', commit, marker.rel)
    await fs.mkdir(path.dirname(file), { recursive: true })
    await writeExclusive(file, '')
  }
}
