/**
 * Files Python `huggingface_hub` keeps beside the blobs, written byte for byte as it writes them:
 * `trees/<commit>.json` (the commit's full listing: offline, it tells a complete snapshot from a partial one)
 * and `CACHEDIR.TAG` at the root (backup tools skip the cache).
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type { TreeEntry } from '../hub/tree.js'
import { isHex40, isHex64, isRecord, isSize } from '../shared/shape.js'

const TREE_FORMAT_VERSION = 1

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

/** A listing as `trees/<commit>.json`, or undefined where Python writes none (a malformed xet hash). */
export function encodeTree(entries: TreeEntry[]): string | undefined {
  if (entries.some(e => e.xetHash !== undefined && !isHex64(e.xetHash))) return undefined
  const files: Record<string, unknown> = {}
  for (const e of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    files[e.path] = {
      size: e.size,
      blob_id: e.blobId,
      ...(e.lfsSha256 !== undefined ? { lfs_sha256: e.lfsSha256, lfs_size: e.lfsSize } : {}),
      ...(e.xetHash !== undefined ? { xet_hash: e.xetHash } : {})
    }
  }
  return pythonJson({ format_version: TREE_FORMAT_VERSION, files })
}

/** A `trees/<commit>.json` read back, shape-checked: undefined when it is not one this format knows. */
export function decodeTree(text: string): TreeEntry[] | undefined {
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
}
