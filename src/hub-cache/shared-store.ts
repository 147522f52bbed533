/**
 * Python huggingface_hub's cache-wide shared blob store (since 1.3x, with hf_xet, its default install): a Xet
 * file's payload at `<hub cache>/blobs/<2 hex>/<xet hash>`, one copy for every repo that has it, and each repo's
 * `blobs/<etag>` a relative link to it; `<xet hash>.refs` lists those links (one line each, relative to the hub
 * cache), `<xet hash>.lock` is the lock Python takes to publish, link and collect. See hub-contract.md,
 * "Cache layout". This module reads it (which repo blobs are links of exactly Python's shape, into a store
 * Python marked as its own: nothing else about a link is trusted, and no link is followed to read, the payload
 * is opened by its own path) and links a repo blob from it as Python does. It never publishes into the store:
 * Python publishes only what hf_xet verified, never a plain-HTTP download, and neither does the action.
 */
import { randomBytes } from 'node:crypto'
import { constants as fsConstants } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { NO_FOLLOW, readRegular } from '../shared/safe-fs.js'
import { isHex64 } from '../shared/shape.js'
import { blobDigest } from './blob-hash.js'

export const STORE_DIR = 'blobs'
const MARKER = '.huggingface-shared-blobs'
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
  return (await readRegular(path.join(dir, MARKER), 64)) === LAYOUT_VERSION
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
  if (!isHex64(xetHash)) return undefined
  const entry = storeEntry(hubCache, xetHash)
  if (resolved !== entry.payload || !(await isMarkedStore(hubCache))) return undefined
  const prefix = await fs.lstat(path.dirname(entry.payload)).catch(() => undefined)
  const payload = await fs.lstat(entry.payload).catch(() => undefined)
  return prefix?.isDirectory() && payload?.isFile() ? entry : undefined
}

/** Python's switches: `HF_HUB_DISABLE_SHARED_BLOBS` or `HF_HUB_DISABLE_XET` (1, ON, YES, TRUE) turn the store off. */
export function sharedBlobsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const on = (name: string) => /^(1|on|yes|true)$/i.test(env[name]?.trim() ?? '')
  return !on('HF_HUB_DISABLE_SHARED_BLOBS') && !on('HF_HUB_DISABLE_XET')
}

/**
 * Appends the manifest line and makes the repo blob's link visible, run under the hash's lock (below): the
 * entry is checked again there (Python's collector takes the same lock), the reference is flushed before the
 * link is renamed into place, as Python does. Arguments: payload, size, manifest, line, temporary link, blob.
 */
const LINK_UNDER_LOCK = `
const fs = require('node:fs')
const [payload, size, manifest, line, temp, blob] = process.argv.slice(1)
const entry = fs.lstatSync(payload)
if (!entry.isFile() || entry.size !== Number(size)) process.exit(3)
const fd = fs.openSync(manifest, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | (fs.constants.O_NOFOLLOW || 0), 0o666)
try {
  if (!fs.fstatSync(fd).isFile()) process.exit(4)
  fs.writeSync(fd, line + '\\n')
  fs.fsyncSync(fd)
} finally {
  fs.closeSync(fd)
}
fs.renameSync(temp, blob)
`

/** Python's lock file for a hash, made as Python makes it: never through a planted link, and shareable. */
async function lockFile(entry: StoreEntry): Promise<string> {
  const lock = entry.payload + '.lock'
  const handle = await fs.open(lock, fsConstants.O_WRONLY | fsConstants.O_CREAT | NO_FOLLOW, 0o666)
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${lock} is not a regular file`)
  } finally {
    await handle.close()
  }
  return lock
}

/**
 * Makes `blobPath` (a repo's `blobs/<etag>`) a link to the store's payload for `xetHash`, as Python's
 * `try_link_from_shared_store` does, when the store holds a usable entry: a regular file of the expected size
 * whose content hashes to `etag` (no blob becomes visible unverified). Under the hash's lock, taken with
 * util-linux's `flock` (the lock Python's filelock takes: flock(2) on `<xet hash>.lock`; Node has none of its
 * own), the manifest gets the reference before the link appears. Returns false (and the caller downloads)
 * when anything is missing: no store, no entry, another size or content, no `flock` on this machine.
 */
export async function linkFromStore(
  hubCache: string,
  blobPath: string,
  xetHash: string,
  etag: string,
  size: number
): Promise<boolean> {
  if (!isHex64(xetHash) || !(await isMarkedStore(hubCache))) return false
  const entry = storeEntry(hubCache, xetHash)
  const prefix = await fs.lstat(path.dirname(entry.payload)).catch(() => undefined)
  const payload = await fs.lstat(entry.payload).catch(() => undefined)
  if (!prefix?.isDirectory() || !payload?.isFile() || payload.size !== size) return false
  if ((await blobDigest(entry.payload, etag)) !== etag) return false
  const root = path.resolve(hubCache)
  const line = path.relative(root, blobPath).split(path.sep).join('/')
  const temp = path.join(
    path.dirname(blobPath),
    `.${path.basename(blobPath)}.${randomBytes(4).toString('hex')}.shared`
  )
  await fs.symlink(path.relative(path.dirname(blobPath), entry.payload), temp)
  try {
    const { getExecOutput } = await import('@actions/exec')
    const args = ['--wait', '10', await lockFile(entry), process.execPath, '-e', LINK_UNDER_LOCK]
    const linked = await getExecOutput(
      'flock',
      [...args, entry.payload, String(size), entry.manifest, line, temp, blobPath],
      {
        silent: true,
        ignoreReturnCode: true
      }
    ).catch(() => undefined)
    return linked?.exitCode === 0
  } finally {
    await fs.rm(temp, { force: true })
  }
}
