/**
 * The index entry of a scope: the cache entries its job used (listed repos and what later steps added), so the
 * next run of that job restores them too. One small JSON file in a stage of its own (hub-cache/entry-stage.ts);
 * read back from the cache service, so every field is checked and the file's size bounded before it is parsed.
 */
import type { RepoType } from '../hub/repo-spec.js'
import { parseRepoFolder } from '../hub-cache/repo-folders.js'
import { repoFolderName } from '../hub-cache/layout.js'
import { isHex40, isRecord } from '../shared/shape.js'
import { isEntryKey } from './keys.js'

export interface IndexedEntry {
  type: RepoType
  id: string
  commit: string
  key: string
  /** The revision a listed repo was resolved from (with the Hub down, the commit it stands for). */
  revision?: string
  /** Whether the job listed the repo, or a later step added it. */
  listed: boolean
}

/** More entries than any job uses; a bigger index is not one this action wrote. */
export const MAX_INDEXED = 512
export const MAX_INDEX_BYTES = 256 * 1024

/** The file's text: the same entries give the same text (its hash is in the index's key). */
export function encodeIndex(entries: IndexedEntry[]): string {
  const sorted = [...entries]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ type, id, commit, key, listed, revision }) => ({
      type,
      id,
      commit,
      key,
      listed,
      ...(revision ? { revision } : {})
    }))
  return `${JSON.stringify({ version: 1, entries: sorted }, null, 1)}\n`
}

/** An entry as the index (and main's record for post) writes it; undefined for anything else. */
export function validIndexedEntry(value: unknown): IndexedEntry | undefined {
  if (!isRecord(value)) return undefined
  const { type, id, commit, key, revision, listed } = value
  if (type !== 'model' && type !== 'dataset' && type !== 'space') return undefined
  if (typeof id !== 'string' || parseRepoFolder(repoFolderName(type, id))?.id !== id) return undefined
  if (!isHex40(commit) || typeof key !== 'string' || !isEntryKey(key, type, id, commit)) return undefined
  if (revision !== undefined && (typeof revision !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(revision)))
    return undefined
  return { type, id, commit, key, listed: listed === true, ...(revision ? { revision } : {}) }
}

/** The entries of an index file's text, the ill-formed ones left out. */
export function parseIndex(text: string): IndexedEntry[] {
  try {
    const parsed: unknown = JSON.parse(text)
    if (!isRecord(parsed) || !Array.isArray(parsed.entries)) return []
    return parsed.entries
      .slice(0, MAX_INDEXED)
      .map(validIndexedEntry)
      .filter(e => e !== undefined)
  } catch {
    return []
  }
}
