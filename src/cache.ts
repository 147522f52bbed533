/**
 * Restore and save the hub cache with `@actions/cache` (restore in main, save in post, as setup-node does).
 * The key is derived from the *resolved commits*, so it changes when a model is updated and not otherwise;
 * restore falls back to the newest cache of the same OS/arch, so only changed files are fetched.
 */
import * as cache from '@actions/cache'
import * as core from '@actions/core'
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { errorMessage } from './errors.js'
import type { RepoSpec } from './repo-spec.js'

/** Only repo folders are archived: never the token, `stored_tokens`, `.locks` or anything else in HF_HOME. */
export const REPO_FOLDER_GLOBS = ['models--*', 'datasets--*', 'spaces--*']

/** The per-repository cache quota on github.com. */
export const CACHE_LIMIT_BYTES = 10 * 1024 ** 3

export function cachePaths(hubCache: string): string[] {
  return REPO_FOLDER_GLOBS.map(glob => path.join(hubCache, glob))
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

export function cacheServiceAvailable(): boolean {
  return cache.isFeatureAvailable()
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
    const id = await cache.saveCache(cachePaths(hubCache), key)
    return id !== -1
  } catch (error) {
    core.warning(`Saving the Hugging Face cache failed: ${errorMessage(error)}`, {
      title: 'Cache save failed'
    })
    return false
  }
}

/** What interrupted writers leave behind: `*.incomplete` downloads (ours and Python's), `*.tmp` of atomic writes. */
const LEFTOVER = /\.(incomplete|tmp)$/

interface Entry {
  /** `<repo folder>/<path inside it>` */
  rel: string
  full: string
  kind: 'file' | 'link' | 'dir'
  size: number
  /** A link's target. */
  target?: string
}

async function walk(root: string, rel: string): Promise<Entry[]> {
  const items = await fs.readdir(path.join(root, rel), { withFileTypes: true }).catch(() => [])
  const out: Entry[] = []
  for (const item of items.sort((a, b) => a.name.localeCompare(b.name))) {
    const childRel = `${rel}/${item.name}`
    const full = path.join(root, childRel)
    if (item.isDirectory()) {
      out.push({ rel: childRel, full, kind: 'dir', size: 0 }, ...(await walk(root, childRel)))
    } else if (item.isSymbolicLink()) {
      out.push({ rel: childRel, full, kind: 'link', size: 0, target: await fs.readlink(full) })
    } else if (item.isFile()) {
      out.push({ rel: childRel, full, kind: 'file', size: (await fs.stat(full)).size })
    }
  }
  return out
}

/** Every entry of the archived repo folders, in a stable order, in one walk. */
async function scan(hubCache: string): Promise<Entry[]> {
  const names = await fs.readdir(hubCache).catch(() => [] as string[])
  const folders = names.filter(n => /^(models|datasets|spaces)--/.test(n)).sort()
  return (await Promise.all(folders.map(folder => walk(hubCache, folder)))).flat()
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

/** Deletes the leftovers among `entries`, so nothing half-written is archived; returns the rest. */
async function removeLeftovers(entries: Entry[]): Promise<Entry[]> {
  const leftovers = new Set(entries.filter(e => e.kind !== 'dir' && LEFTOVER.test(e.rel)))
  await Promise.all([...leftovers].map(e => fs.rm(e.full, { force: true })))
  return entries.filter(e => !leftovers.has(e))
}

/** Every archived entry: what restore brought and what was added since can be compared by this. */
export async function cacheFingerprint(hubCache: string): Promise<string> {
  return fingerprintOf(await scan(hubCache))
}

export async function cacheSize(hubCache: string): Promise<number> {
  return sizeOf(await scan(hubCache))
}

/** Removes leftovers of interrupted writes; returns how many. */
export async function pruneIncomplete(hubCache: string): Promise<number> {
  const entries = await scan(hubCache)
  return entries.length - (await removeLeftovers(entries)).length
}

/** Post, before saving: one walk removes the leftovers, then fingerprints and sizes what remains. */
export async function prepareSave(hubCache: string): Promise<{ fingerprint: string; size: number }> {
  const kept = await removeLeftovers(await scan(hubCache))
  return { fingerprint: fingerprintOf(kept), size: sizeOf(kept) }
}
