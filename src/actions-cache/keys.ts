/**
 * Cache keys: derived from the *resolved commits*, so a key changes when a model is updated and not otherwise;
 * the prefix (OS and architecture: links do not survive another OS) finds the newest older entry, so only
 * changed files are fetched.
 */
import { createHash } from 'node:crypto'
import type { RepoSpec } from '../hub/repo-spec.js'

/** `hf-hub-<os>-<arch>-`: the restore prefix. */
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

/** `<key>-partial-<run>-<attempt>`: unique per run (entries are immutable), and found by the key as a prefix. */
export function partialKey(key: string, env: Record<string, string | undefined> = process.env): string {
  return `${key}-partial-${env.GITHUB_RUN_ID || Date.now()}-${env.GITHUB_RUN_ATTEMPT || 1}`
}
