/**
 * Pre-warm: fetch the selected files of a repo at its resolved commit into the hub cache, in the layout
 * Python reads offline (see hub-cache.ts).
 *
 * `@huggingface/hub`'s `downloadFileToCacheDir` is not used: it files a snapshot under the file's *last*
 * commit rather than the revision's commit, writes no `refs/<revision>`, does not verify what it
 * downloaded and cannot resume — Python would then miss the files offline. We keep its `listFiles`
 * (paginated tree listing) and write the cache ourselves.
 */
import { listFiles } from '@huggingface/hub'
import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import pLimit from 'p-limit'
import { errorMessage, isErrorLike } from './errors.js'
import { matchesAny } from './fnmatch.js'
import {
  gitBlobHasher,
  normalizeEtag,
  RepoCacheDir,
  unsafeReason,
  UnsafePathError,
  writeCacheDirTag,
  type TreeEntry
} from './hub-cache.js'
import { HubClient, readHubError, describeHubError } from './hub-client.js'
import { repoLabel, type RepoSpec } from './repo-spec.js'

export interface RemoteFile {
  path: string
  size: number
  /** The blob name: LFS sha256, else the git blob sha1. */
  etag: string
  lfs: boolean
}

export interface PrewarmResult {
  files: number
  bytes: number
  downloadedFiles: number
  downloadedBytes: number
  seconds: number
}

export interface PrewarmOptions {
  concurrency?: number
  /** Attempts per file when a transfer breaks off mid-body. */
  attempts?: number
  /** A body that sends nothing for this long is cut and resumed. */
  idleTimeoutMs?: number
  log?: (line: string) => void
}

/** The commit's full listing from the Hub's paginated tree endpoint (files only). */
export async function listTree(client: HubClient, spec: RepoSpec, commit: string): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = []
  const listing = listFiles({
    repo: { type: spec.type, name: spec.id },
    revision: commit,
    recursive: true,
    hubUrl: client.endpoint,
    fetch: client.fetch
  })
  for await (const entry of listing) {
    if (entry.type !== 'file') continue
    entries.push({
      path: entry.path,
      size: entry.lfs?.size ?? entry.size,
      blobId: normalizeEtag(entry.oid ?? ''),
      ...(entry.lfs ? { lfsSha256: normalizeEtag(entry.lfs.oid), lfsSize: entry.lfs.size } : {}),
      ...(entry.xetHash ? { xetHash: entry.xetHash } : {})
    })
  }
  return entries
}

/**
 * Checks every path of the listing (names from the network never reach the disk unchecked) and keeps
 * the files the globs select (fnmatch, as Python's allow_patterns).
 */
export function selectFiles(spec: RepoSpec, tree: TreeEntry[]): RemoteFile[] {
  for (const entry of tree) {
    const why = unsafeReason(entry.path)
    if (why) throw new UnsafePathError(repoLabel(spec), entry.path, why)
  }
  return tree
    .filter(entry => matchesAny(entry.path, spec.globs))
    .map(entry => ({
      path: entry.path,
      size: entry.size,
      etag: entry.lfsSha256 ?? entry.blobId,
      lfs: entry.lfsSha256 !== undefined
    }))
}

export function resolveUrl(endpoint: string, spec: RepoSpec, commit: string, filePath: string): string {
  const prefix = spec.type === 'model' ? '' : `${spec.type}s/`
  const encoded = filePath.split('/').map(encodeURIComponent).join('/')
  return `${endpoint}/${prefix}${spec.id}/resolve/${commit}/${encoded}`
}

class TransferError extends Error {}

/**
 * Downloads one blob into `blobs/<etag>.incomplete`, resuming with `Range` when a transfer breaks off,
 * checks size and hash, then renames it into place: a blob is either whole and verified, or absent.
 * Returns the content bytes received.
 */
export async function downloadBlob(
  client: HubClient,
  url: string,
  file: RemoteFile,
  blobPath: string,
  options: PrewarmOptions = {}
): Promise<number> {
  const attempts = options.attempts ?? 5
  const temp = `${blobPath}.incomplete`
  await fs.mkdir(path.dirname(blobPath), { recursive: true })
  let received = 0
  let lastError: unknown
  try {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        // Resume from what is already on disk (this run's broken transfer, or an earlier one's).
        const onDisk = (await fs.stat(temp).catch(() => undefined))?.size ?? 0
        received += await transfer(client, url, temp, onDisk > file.size ? 0 : onDisk, file, options)
        await fs.rename(temp, blobPath)
        return received
      } catch (error) {
        lastError = error
        if (!(error instanceof TransferError) && !isBrokenTransfer(error)) throw error
        if (attempt < attempts) {
          options.log?.(
            `  retrying ${file.path} (attempt ${attempt + 1} of ${attempts}): ${errorMessage(error)}`
          )
        }
      }
    }
    throw new Error(`download of ${file.path} failed after ${attempts} attempts: ${errorMessage(lastError)}`)
  } catch (error) {
    // Nothing half-written is left where a later step (or the cache archive) would find it.
    await fs.rm(temp, { force: true })
    throw error
  }
}

function isBrokenTransfer(error: unknown): boolean {
  if (!isErrorLike(error)) return false
  return (
    error.name === 'AbortError' ||
    /terminated|socket|ECONNRESET|aborted|other side closed/i.test(error.message)
  )
}

function newHasher(file: RemoteFile): Hash {
  return file.lfs ? createHash('sha256') : gitBlobHasher(file.size)
}

/** Hashes the first `length` bytes already on disk, streamed (a partial blob may be gigabytes). */
async function hashPrefix(hasher: Hash, temp: string, length: number): Promise<void> {
  if (length === 0) return
  for await (const chunk of createReadStream(temp, { end: length - 1 })) hasher.update(chunk as Buffer)
}

/** One request: appends to `temp` from `offset` (or restarts when Range is ignored), then verifies. */
async function transfer(
  client: HubClient,
  url: string,
  temp: string,
  offset: number,
  file: RemoteFile,
  options: PrewarmOptions
): Promise<number> {
  let start = offset
  let written = 0
  let hasher: Hash | undefined
  if (offset < file.size) {
    const controller = new AbortController()
    const res = await client.request(url, {
      headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
      signal: controller.signal
    })
    if (!res.ok) {
      throw new Error(`download of ${file.path} failed: ${describeHubError(await readHubError(res))}`)
    }
    // A 200 to a ranged request means the server ignored Range: start over from the first byte.
    start = res.status === 206 ? offset : 0
    // Hashed as it streams; only a resumed transfer re-reads the part already on disk.
    hasher = newHasher(file)
    await hashPrefix(hasher, temp, start)
    written = await writeBody(res, temp, start === 0, hasher, controller, options.idleTimeoutMs ?? 60_000)
  }
  if (start + written !== file.size) {
    throw new TransferError(`received ${start + written} of ${file.size} bytes (terminated)`)
  }
  if (!hasher) {
    hasher = newHasher(file)
    await hashPrefix(hasher, temp, file.size)
  }
  const digest = hasher.digest('hex')
  if (digest !== file.etag) {
    await fs.rm(temp, { force: true })
    throw new TransferError(`content hash ${digest} does not match the expected ${file.etag}`)
  }
  return written
}

/** Streams the body to `temp` through the hasher, cutting the transfer when no data comes for `idleTimeoutMs`. */
async function writeBody(
  res: Response,
  temp: string,
  truncate: boolean,
  hasher: Hash,
  controller: AbortController,
  idleTimeoutMs: number
): Promise<number> {
  const handle = await fs.open(temp, truncate ? 'w' : 'a')
  let written = 0
  let timer: NodeJS.Timeout | undefined
  const arm = () => {
    clearTimeout(timer)
    timer = setTimeout(
      () => controller.abort(new TransferError(`no data for ${idleTimeoutMs} ms`)),
      idleTimeoutMs
    )
  }
  try {
    arm()
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      arm()
      hasher.update(chunk)
      await handle.write(chunk)
      written += chunk.length
    }
  } finally {
    clearTimeout(timer)
    await handle.close()
  }
  return written
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`
}

/** Pre-warms one repo at its resolved commit. Files whose blob is already cached cost no content bytes. */
export async function prewarmRepo(
  client: HubClient,
  spec: RepoSpec,
  commit: string,
  hubCache: string,
  options: PrewarmOptions = {}
): Promise<PrewarmResult> {
  const started = Date.now()
  const repo = new RepoCacheDir(hubCache, spec.type, spec.id)
  // A commit's listing never changes: a cached one saves the listing requests.
  const cachedTree = await repo.readTree(commit)
  const tree = cachedTree ?? (await listTree(client, spec, commit))
  const files = selectFiles(spec, tree)
  // Validate every name before anything is written.
  for (const file of files) {
    repo.snapshotPath(commit, file.path)
    repo.blobPath(file.etag)
  }
  // Identical content in two paths is one blob: download it once.
  const byEtag = new Map<string, RemoteFile[]>()
  for (const file of files) byEtag.set(file.etag, [...(byEtag.get(file.etag) ?? []), file])
  const limit = pLimit(options.concurrency ?? 8)
  let downloadedFiles = 0
  let downloadedBytes = 0
  const failures: string[] = []
  await Promise.all(
    [...byEtag.values()].map(group =>
      limit(async () => {
        const first = group[0]
        try {
          if (!(await repo.hasBlob(first.etag, first.size))) {
            const url = resolveUrl(client.endpoint, spec, commit, first.path)
            const received = await downloadBlob(client, url, first, repo.blobPath(first.etag), options)
            downloadedBytes += received
            downloadedFiles++
            options.log?.(`  downloaded ${first.path} (${formatBytes(first.size)})`)
          }
          for (const file of group) await repo.link(commit, file.path, file.etag)
        } catch (error) {
          failures.push(`${first.path}: ${errorMessage(error)}`)
        }
      })
    )
  )
  if (failures.length > 0) {
    throw new Error(
      `pre-warm of ${repoLabel(spec)} failed for ${failures.length} file(s):\n  ${failures.join('\n  ')}`
    )
  }
  if (!cachedTree) await repo.writeTree(commit, tree)
  await repo.writeRef(spec.revision, commit)
  await writeCacheDirTag(hubCache)
  return {
    files: files.length,
    bytes: files.reduce((sum, f) => sum + f.size, 0),
    downloadedFiles,
    downloadedBytes,
    seconds: (Date.now() - started) / 1000
  }
}
