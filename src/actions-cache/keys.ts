/**
 * Cache keys, one entry per repo at a commit (and its file selection), plus a small index entry per scope:
 *
 *   hf-hub-v2/<os>-<arch>/<type>/<owner>/<name>/<commit>/<selection hash>   a repo at a commit
 *   hf-hub-v2/<os>-<arch>/index/<scope hash>/<content hash>                   the entries a scope used
 *
 * `/` ends each part, so one repo's prefix never matches another's (`acme/tiny/` is not a prefix of
 * `acme/tiny-model/…`). OS and architecture are in every key: links do not survive another OS. Keys of the
 * first design (`hf-hub-<os>-<arch>-<hash>`) share no prefix with these, so they are never restored.
 */
import { createHash } from 'node:crypto'
import type { RepoType } from '../hub/repo-spec.js'
import { isHex40 } from '../shared/shape.js'

type Env = Record<string, string | undefined>

const VERSION = 'hf-hub-v2'

const hash = (text: string, length: number) =>
  createHash('sha256').update(text).digest('hex').slice(0, length)

/** `hf-hub-v2/<os>-<arch>/`: every key of this runner's kind starts with it. */
export function platformPrefix(env: Env = process.env): string {
  return `${VERSION}/${env.RUNNER_OS || process.platform}-${env.RUNNER_ARCH || process.arch}/`
}

/** A repo's prefix: every entry of it, whatever the commit (the newest is restored when the commit misses). */
export function repoPrefix(type: RepoType, id: string, env: Env = process.env): string {
  return `${platformPrefix(env)}${type}/${id}/`
}

/**
 * What of a repo an entry holds: the globs of a listed repo (none: every file), or the files a later step left
 * in the snapshot of a repo the job did not list.
 */
export type Selection = { globs: string[] } | { files: string[] }

export function selectionHash(selection: Selection): string {
  const text =
    'globs' in selection
      ? `globs\n${[...selection.globs].sort().join('\n')}`
      : `files\n${[...selection.files].sort().join('\n')}`
  return hash(text, 12)
}

export function entryKey(
  type: RepoType,
  id: string,
  commit: string,
  selection: Selection,
  env: Env = process.env
): string {
  return `${repoPrefix(type, id, env)}${commit}/${selectionHash(selection)}`
}

/** A pre-warm that did not finish: saved beside the full key, found by `<key>/` as a prefix, never as it. */
export function partialKey(key: string, env: Env = process.env): string {
  return `${key}/partial-${env.GITHUB_RUN_ID || Date.now()}-${env.GITHUB_RUN_ATTEMPT || 1}`
}

/**
 * The scope an index belongs to: the `cache-key` input when set, else the workflow file and the job
 * (`GITHUB_WORKFLOW_REF` without its `@ref`, so every branch of one workflow shares it).
 */
export function cacheScope(cacheKey: string, env: Env = process.env): string {
  if (cacheKey) return cacheKey
  const workflow = env.GITHUB_WORKFLOW_REF?.replace(/@.*$/, '') || env.GITHUB_WORKFLOW || 'workflow'
  return `${workflow}#${env.GITHUB_JOB || 'job'}`
}

/** `hf-hub-v2/<os>-<arch>/index/<scope hash>/`: the newest index of the scope is restored by this prefix. */
export function indexPrefix(scope: string, env: Env = process.env): string {
  return `${platformPrefix(env)}index/${hash(scope, 16)}/`
}

export function indexKey(scope: string, content: string, env: Env = process.env): string {
  return `${indexPrefix(scope, env)}${hash(content, 16)}`
}

/** The shape of an entry key (what an index may list), for a repo of a type and id. */
export function isEntryKey(key: string, type: RepoType, id: string, commit: string): boolean {
  const prefix = `${repoPrefix(type, id)}${commit}/`
  return key.startsWith(prefix) && /^[0-9a-f]{12}$/.test(key.slice(prefix.length))
}

/** The commit an entry key of the repo names (a partial key's too), or undefined for any other key. */
export function commitOfKey(key: string, type: RepoType, id: string): string | undefined {
  const prefix = repoPrefix(type, id)
  const commit = key.slice(prefix.length, prefix.length + 40)
  return key.startsWith(prefix) && isHex40(commit) && key[prefix.length + 40] === '/' ? commit : undefined
}
