/**
 * Python huggingface_hub's cache-wide shared blob store (since 1.3x, with hf_xet, its default install): a Xet
 * file's payload at `<hub cache>/blobs/<2 hex>/<xet hash>`, one copy for every repo that has it, and each repo's
 * `blobs/<etag>` a relative link to it; `<xet hash>.refs` lists those links (one line each, relative to the hub
 * cache), `<xet hash>.lock` is the lock Python takes to publish, link and collect (huggingface_hub
 * `utils/_shared_blobs.py`). This module reads it (which repo blobs are links of exactly Python's shape, into a store
 * Python marked as its own: nothing else about a link is trusted, and no link is followed to read, the payload
 * is opened by its own path) and links a repo blob from it as Python does. It never publishes into the store:
 * Python publishes only what hf_xet verified, never a plain-HTTP download, and neither does the action.
 */
import { randomBytes } from 'node:crypto'
import { constants as fsConstants } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { openRegular, readRegular, replaceAtomically, writeExclusive } from '../shared/safe-fs.js'
import { isHex64 } from '../shared/shape.js'
import { blobDigest } from './blob-hash.js'
import { withStoreLock } from './store-lock.js'

export const STORE_DIR = 'blobs'
/** The file that marks `blobs/` as Python's store. */
export const STORE_MARKER = '.huggingface-shared-blobs'
const LAYOUT_VERSION = '1\n'

/** A store payload, and the manifest that lists the links to it. */
export interface StoreEntry {
  xetHash: string
  payload: string
  manifest: string
}

export function storeEntry(hubCache: string, xetHash: string): StoreEntry {
  const payload = path.join(path.resolve(hubCache), STORE_DIR, xetHash.slice(0, 2), xetHash)
  return { xetHash, payload, manifest: `${payload}.refs` }
}

/** Whether `<hub cache>/blobs` is a folder Python marked as its store (a real folder, its marker exactly "1\n"). */
export async function isMarkedStore(hubCache: string): Promise<boolean> {
  const dir = path.join(path.resolve(hubCache), STORE_DIR)
  const stat = await fs.lstat(dir).catch(() => undefined)
  if (!stat?.isDirectory()) return false
  return (await readRegular(path.join(dir, STORE_MARKER), 64)) === LAYOUT_VERSION
}

/**
 * The store entry for `xetHash` when it is usable: the store marked, its prefix folder a real folder and the
 * payload a regular file (of `size` bytes, when given). Undefined otherwise.
 */
async function usableEntry(
  hubCache: string,
  xetHash: string,
  size?: number
): Promise<StoreEntry | undefined> {
  if (!isHex64(xetHash) || !(await isMarkedStore(hubCache))) return undefined
  const entry = storeEntry(hubCache, xetHash)
  const prefix = await fs.lstat(path.dirname(entry.payload)).catch(() => undefined)
  const payload = await fs.lstat(entry.payload).catch(() => undefined)
  if (!prefix?.isDirectory() || !payload?.isFile()) return undefined
  return size === undefined || payload.size === size ? entry : undefined
}

/**
 * The store entry a repo blob links to, when the link has exactly Python's shape: relative, resolving to
 * `<hub cache>/blobs/<first 2 hex>/<64 hex>` in a marked store whose prefix folder is a real folder, and the
 * payload a regular file. Undefined for anything else (a link elsewhere, an absolute one, a dangling one).
 */
export async function linkedStoreEntry(hubCache: string, blobPath: string): Promise<StoreEntry | undefined> {
  const target = await fs.readlink(blobPath).catch(() => undefined)
  if (target === undefined || path.isAbsolute(target)) return undefined
  const resolved = path.resolve(path.dirname(blobPath), target)
  const xetHash = path.basename(resolved)
  if (!isHex64(xetHash) || resolved !== storeEntry(hubCache, xetHash).payload) return undefined
  return usableEntry(hubCache, xetHash)
}

/** Python's switches: `HF_HUB_DISABLE_SHARED_BLOBS` or `HF_HUB_DISABLE_XET` (1, ON, YES, TRUE) turn the store off. */
export function sharedBlobsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const on = (name: string) => /^(1|on|yes|true)$/i.test(env[name]?.trim() ?? '')
  return !on('HF_HUB_DISABLE_SHARED_BLOBS') && !on('HF_HUB_DISABLE_XET')
}

/** Runs `work` under the hash's lock, as Python's publish, link and collect do (store-lock.ts). */
export function underEntryLock<T>(
  entry: StoreEntry,
  work: () => Promise<T>,
  waitSeconds?: number
): Promise<T | undefined> {
  return withStoreLock(`${entry.payload}.lock`, work, waitSeconds)
}

/** Appends one reference to a manifest and flushes it (a manifest that is not a regular file: false). */
async function appendReference(manifest: string, line: string): Promise<boolean> {
  const handle = await openRegular(manifest, fsConstants.O_WRONLY | fsConstants.O_APPEND, true)
  if (!handle) return false
  try {
    await handle.write(`${line}\n`)
    await handle.sync()
    return true
  } finally {
    await handle.close()
  }
}

/**
 * Makes `blobPath` (a repo's `blobs/<etag>`) a link to the store's payload for `xetHash`, as Python's
 * `try_link_from_shared_store` does, when the store holds a usable entry: a regular file of the expected size
 * whose content hashes to `etag` (no blob becomes visible unverified). Under the hash's lock the entry is
 * checked again (Python's collector takes the same lock) and the manifest gets the reference, flushed, before
 * the link appears. Returns false (and the caller downloads) when anything is missing: no store, no entry,
 * another size or content, the lock held too long by another writer, no `flock` on this machine.
 */
export async function linkFromStore(
  hubCache: string,
  blobPath: string,
  xetHash: string,
  etag: string,
  size: number
): Promise<boolean> {
  const entry = await usableEntry(hubCache, xetHash, size)
  if (!entry || (await blobDigest(entry.payload, etag)) !== etag) return false
  return linkEntry(hubCache, blobPath, entry, size)
}

/** The locked half of linkFromStore: `entry`'s content is known to be right. */
async function linkEntry(
  hubCache: string,
  blobPath: string,
  entry: StoreEntry,
  size: number
): Promise<boolean> {
  const xetHash = entry.xetHash
  const root = path.resolve(hubCache)
  const line = path.relative(root, blobPath).split(path.sep).join('/')
  const temp = path.join(
    path.dirname(blobPath),
    `.${path.basename(blobPath)}.${randomBytes(4).toString('hex')}.shared`
  )
  await fs.symlink(path.relative(path.dirname(blobPath), entry.payload), temp)
  try {
    const linked = await underEntryLock(entry, async () => {
      if (!(await usableEntry(hubCache, xetHash, size))) return false
      if (!(await appendReference(entry.manifest, line))) return false
      await fs.rename(temp, blobPath)
      return true
    })
    return linked === true
  } finally {
    await fs.rm(temp, { force: true })
  }
}

/** Whether `name` is Python's name for a marker being written: `<marker>.<8 hex>.tmp`. */
const isMarkerTemp = (name: string) => /^\.huggingface-shared-blobs\.[0-9a-f]{8}\.tmp$/.test(name)

/**
 * Makes `<hub cache>/blobs` Python's store, as Python does: a folder made or found empty (but for markers other
 * writers are writing) gets the marker, written beside its name and renamed into place, so no reader sees it
 * half-written. False when the folder holds anything else, unmarked (another tool's), or is not a real folder.
 */
async function ensureStore(hubCache: string): Promise<boolean> {
  const dir = path.join(path.resolve(hubCache), STORE_DIR)
  await fs.mkdir(dir).catch(() => undefined)
  if (await isMarkedStore(hubCache)) return true
  if (!(await fs.lstat(dir).catch(() => undefined))?.isDirectory()) return false
  // Another writer may have made the folder a moment ago and not yet marked it: empty is as good as new.
  const names = await fs.readdir(dir).catch(() => undefined)
  if (!names?.every(isMarkerTemp)) return false
  // A marker another writer renamed into place first is as good as ours; one we cannot write, no store.
  // Its temporary name has Python's shape, not temporaryName's: Python takes a folder holding any other name
  // for another tool's and would refuse the store while ours is being written.
  const marker = path.join(dir, STORE_MARKER)
  const temp = `${marker}.${randomBytes(4).toString('hex')}.tmp`
  await replaceAtomically(marker, file => writeExclusive(file, LAYOUT_VERSION), temp).catch(() => undefined)
  return isMarkedStore(hubCache)
}

/**
 * A restored payload (`staged`, outside the store, its content already checked against `etag` by the caller)
 * becomes the store's entry for `xetHash` unless the store holds a usable one (kept: the one on disk may be
 * Python's, and is hashed before it is used), and `blobPath` links to it, as linkFromStore does. False when
 * there is no store to put it in (another tool's `blobs/`), or the lock cannot be had.
 */
export async function adoptIntoStore(
  hubCache: string,
  blobPath: string,
  staged: string,
  xetHash: string,
  etag: string
): Promise<boolean> {
  const size = (await fs.lstat(staged)).size
  if (!isHex64(xetHash) || !(await ensureStore(hubCache))) return false
  const entry = storeEntry(hubCache, xetHash)
  const prefix = path.dirname(entry.payload)
  if (!(await fs.lstat(prefix).catch(() => undefined))) await fs.mkdir(prefix).catch(() => undefined)
  if (!(await fs.lstat(prefix).catch(() => undefined))?.isDirectory()) return false
  const placed = await underEntryLock(entry, async () => {
    if (await usableEntry(hubCache, xetHash)) return false
    await fs.rename(staged, entry.payload)
    return true
  })
  if (placed === undefined) return false
  if (placed) return linkEntry(hubCache, blobPath, entry, size)
  return linkFromStore(hubCache, blobPath, xetHash, etag, size)
}
