/**
 * Restore and save the hub cache with `@actions/cache` (restore in main, save in post, as setup-node does).
 * The key is derived from the *resolved commits*, so it changes when a model is updated and not otherwise;
 * restore falls back to the newest cache of the same OS/arch, so only changed files are fetched.
 */
import * as core from '@actions/core'
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { errorMessage } from '../shared/errors.js'
import type { RepoSpec } from '../hub/repo-spec.js'
import { LEFTOVER, writtenBy } from '../shared/temp-name.js'

/**
 * What is archived: the repo folders, and Python's shared blob store (its marker, payloads and manifests, so a
 * restored repo blob that links into it does not dangle); never the token, `stored_tokens`, `.locks`, the
 * store's lock files or anything else in HF_HOME. The store is listed file by file, so that its lock files
 * and temporaries can be left out. (The patterns are part of the cache's version: they never depend on
 * what is on disk.)
 */
export const ARCHIVED = [
  'models--*',
  'datasets--*',
  'spaces--*',
  'blobs/.huggingface-shared-blobs',
  'blobs/*/*',
  '!blobs/*/*.lock',
  '!blobs/*/*.soft',
  '!blobs/*/*.tmp'
]

export function cachePaths(hubCache: string): string[] {
  return ARCHIVED.map(glob =>
    glob.startsWith('!') ? `!${path.join(hubCache, glob.slice(1))}` : path.join(hubCache, glob)
  )
}

export function keyPrefix(env: Record<string, string | undefined> = process.env): string {
  const os = env.RUNNER_OS || process.platform
  const arch = env.RUNNER_ARCH || process.arch
  return `hf-hub-${os}-${arch}-`
}

export interface KeyedRepo {
  spec: Pick<RepoSpec, 'type' | 'id' | 'globs'>
  commit?: string
}

/** `hf-hub-<os>-<arch>-<hash of each repo's type, id, resolved commit and globs>`; order-independent. */
export function computeCacheKey(
  repos: KeyedRepo[],
  env: Record<string, string | undefined> = process.env
): string {
  const lines = repos
    .filter(r => r.commit)
    .map(r => [r.spec.type, r.spec.id, r.commit, [...r.spec.globs].sort().join(' ')].join('\t'))
    .sort()
  const hash = createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32)
  return `${keyPrefix(env)}${hash}`
}

/**
 * `@actions/cache` is loaded when a run caches, not at start: with the Azure SDK it brings, it is most of the
 * bundle, and a run without caching should not pay for parsing it (it lands in a chunk of its own).
 */
const loadCache = () => import('@actions/cache')

export async function cacheServiceAvailable(): Promise<boolean> {
  return (await loadCache()).isFeatureAvailable()
}

export interface RestoreResult {
  matchedKey?: string
  /** True only for an exact primary-key hit. */
  hit: boolean
}

/** Never throws: a failing cache service is a warning, and the job goes on without a cache. */
export async function restoreHubCache(
  hubCache: string,
  key: string,
  restoreKeys: string[]
): Promise<RestoreResult> {
  try {
    const cache = await loadCache()
    const matchedKey = await cache.restoreCache(cachePaths(hubCache), key, restoreKeys)
    return { matchedKey, hit: matchedKey === key }
  } catch (error) {
    core.warning(`Restoring the Hugging Face cache failed, continuing without it: ${errorMessage(error)}`, {
      title: 'Cache restore failed'
    })
    return { hit: false }
  }
}

/** Never throws; returns whether a cache entry was written. */
export async function saveHubCache(hubCache: string, key: string): Promise<boolean> {
  try {
    const cache = await loadCache()
    const id = await cache.saveCache(cachePaths(hubCache), key)
    return id !== -1
  } catch (error) {
    core.warning(`Saving the Hugging Face cache failed: ${errorMessage(error)}`, {
      title: 'Cache save failed'
    })
    return false
  }
}

/**
 * Another writer's temporary file (a job sharing this cache on a self-hosted runner, or Python) is in use
 * while it is being written; one untouched this long was left by a writer that died.
 */
export const STALE_LEFTOVER_MS = 10 * 60 * 1000

interface Entry {
  /** `<repo folder>/<path inside it>` */
  rel: string
  full: string
  kind: 'file' | 'link' | 'dir'
  size: number
  mtimeMs: number
  /** A link's target. */
  target?: string
}

async function walk(root: string, rel: string): Promise<Entry[]> {
  const items = await fs.readdir(path.join(root, rel), { withFileTypes: true }).catch(() => [])
  const out: Entry[] = []
  for (const item of items.sort((a, b) => a.name.localeCompare(b.name))) {
    const childRel = `${rel}/${item.name}`
    const full = path.join(root, childRel)
    // Dirents describe the entry itself, so a linked folder is a link here and is never walked into.
    if (item.isDirectory()) {
      out.push({ rel: childRel, full, kind: 'dir', size: 0, mtimeMs: 0 }, ...(await walk(root, childRel)))
    } else if (item.isSymbolicLink()) {
      out.push({ rel: childRel, full, kind: 'link', size: 0, mtimeMs: 0, target: await fs.readlink(full) })
    } else if (item.isFile()) {
      const stat = await fs.lstat(full)
      out.push({ rel: childRel, full, kind: 'file', size: stat.size, mtimeMs: stat.mtimeMs })
    }
  }
  return out
}

/** The folders archived: repos, and Python's shared blob store. */
const REPO_FOLDER = /^((models|datasets|spaces)--|blobs$)/

interface Scan {
  entries: Entry[]
  /** Repo folders that are links (or not folders): never walked, never archived. */
  foreign: string[]
}

/** Every entry of the archived repo folders, in a stable order, in one walk. */
async function scan(hubCache: string): Promise<Scan> {
  const items = await fs.readdir(hubCache, { withFileTypes: true }).catch(() => [])
  const folders = items.filter(i => REPO_FOLDER.test(i.name)).sort((a, b) => (a.name < b.name ? -1 : 1))
  const foreign = folders.filter(i => !i.isDirectory()).map(i => path.join(hubCache, i.name))
  const walked = await Promise.all(folders.filter(i => i.isDirectory()).map(i => walk(hubCache, i.name)))
  return { entries: walked.flat(), foreign }
}

function fingerprintOf(entries: Entry[]): string {
  const hash = createHash('sha256')
  for (const entry of entries) {
    if (entry.kind === 'dir' || LEFTOVER.test(entry.rel)) continue
    hash.update(`${entry.rel}\t${entry.kind}\t${entry.target ?? entry.size}\n`)
  }
  return hash.digest('hex')
}

/** Bytes the archive would hold (blobs and copies; links count nothing). */
function sizeOf(entries: Entry[]): number {
  return entries.reduce((total, entry) => total + entry.size, 0)
}

/** Whether a leftover may be deleted: main's own (by its pid in the name), or any writer's stale one. */
function removable(entry: Entry, ownPid: number | undefined, now: number): boolean {
  if (entry.kind === 'dir' || !LEFTOVER.test(entry.rel)) return false
  if (ownPid !== undefined && writtenBy(entry.rel, ownPid)) return true
  return entry.kind === 'link' || now - entry.mtimeMs > STALE_LEFTOVER_MS
}

/**
 * Deletes the leftovers among `entries` that no live writer uses, so nothing half-written is archived;
 * returns the rest (a leftover still in use is not fingerprinted).
 */
async function removeLeftovers(entries: Entry[], ownPid?: number): Promise<Entry[]> {
  const now = Date.now()
  const leftovers = new Set(entries.filter(e => removable(e, ownPid, now)))
  await Promise.all([...leftovers].map(e => fs.rm(e.full, { force: true })))
  return entries.filter(e => !leftovers.has(e))
}

/** Every archived entry: what restore brought and what was added since can be compared by this. */
export async function cacheFingerprint(hubCache: string): Promise<string> {
  return fingerprintOf((await scan(hubCache)).entries)
}

/**
 * Post, before saving: one walk removes the leftovers, and repo "folders" that are links (a tampered
 * cache's way to make every later run write or delete elsewhere: the link is removed, never its target);
 * then fingerprints and sizes what remains.
 */
export async function prepareSave(
  hubCache: string,
  ownPid?: number
): Promise<{ fingerprint: string; size: number; removedLinks: string[] }> {
  const { entries, foreign } = await scan(hubCache)
  await Promise.all(foreign.map(link => fs.rm(link, { force: true })))
  const kept = await removeLeftovers(entries, ownPid)
  return { fingerprint: fingerprintOf(kept), size: sizeOf(kept), removedLinks: foreign }
}
