/**
 * Python huggingface_hub's cache-wide shared blob store (since 1.3x, with hf_xet, its default install): a Xet
 * file's payload at `<hub cache>/blobs/<2 hex>/<xet hash>`, one copy for every repo that has it, and each repo's
 * `blobs/<etag>` a relative link to it; `<xet hash>.refs` lists those links (one line each, relative to the hub
 * cache), `<xet hash>.lock` is the lock Python takes to publish, link and collect. See hub-contract.md,
 * "Cache layout". This module reads it: which repo blobs are links of exactly Python's shape, into a store
 * Python marked as its own. Nothing else about a link is trusted, and no link is followed to read: the payload
 * is opened by its own path.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { readRegular } from '../shared/safe-fs.js'
import { isHex64 } from '../shared/shape.js'

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
