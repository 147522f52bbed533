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

async function repoFolders(hubCache: string): Promise<string[]> {
  const names = await fs.readdir(hubCache).catch(() => [] as string[])
  return names.filter(n => /^(models|datasets|spaces)--/.test(n)).sort()
}

interface Entry {
  rel: string
  full: string
  kind: 'file' | 'link' | 'dir'
  size: number
}

async function walk(root: string, rel = ''): Promise<Entry[]> {
  const dir = path.join(root, rel)
  const items = await fs.readdir(dir, { withFileTypes: true }).catch(() => [])
  const out: Entry[] = []
  for (const item of items.sort((a, b) => a.name.localeCompare(b.name))) {
    const childRel = rel ? `${rel}/${item.name}` : item.name
    const full = path.join(root, childRel)
    if (item.isDirectory()) {
      out.push({ rel: childRel, full, kind: 'dir', size: 0 }, ...(await walk(root, childRel)))
    } else if (item.isSymbolicLink()) {
      out.push({ rel: childRel, full, kind: 'link', size: 0 })
    } else if (item.isFile()) {
      out.push({ rel: childRel, full, kind: 'file', size: (await fs.stat(full)).size })
    }
  }
  return out
}

/** Every archived entry: what restore brought and what was added since can be compared by this. */
export async function cacheFingerprint(hubCache: string): Promise<string> {
  const hash = createHash('sha256')
  for (const folder of await repoFolders(hubCache)) {
    for (const entry of await walk(path.join(hubCache, folder))) {
      if (entry.kind === 'dir' || /\.(incomplete|tmp)$/.test(entry.rel)) continue
      const detail = entry.kind === 'link' ? await fs.readlink(entry.full) : String(entry.size)
      hash.update(`${folder}/${entry.rel}\t${entry.kind}\t${detail}\n`)
    }
  }
  return hash.digest('hex')
}

/** Bytes the archive would hold (blobs and copies; links count nothing). */
export async function cacheSize(hubCache: string): Promise<number> {
  let total = 0
  for (const folder of await repoFolders(hubCache)) {
    for (const entry of await walk(path.join(hubCache, folder))) total += entry.size
  }
  return total
}

/**
 * Removes what interrupted writers leave behind — `*.incomplete` downloads (ours and Python's) and `*.tmp`
 * files of atomic writes — so nothing half-written is archived.
 */
export async function pruneIncomplete(hubCache: string): Promise<number> {
  let removed = 0
  for (const folder of await repoFolders(hubCache)) {
    for (const entry of await walk(path.join(hubCache, folder))) {
      if ((entry.kind === 'file' || entry.kind === 'link') && /\.(incomplete|tmp)$/.test(entry.rel)) {
        await fs.rm(entry.full, { force: true })
        removed++
      }
    }
  }
  return removed
}
