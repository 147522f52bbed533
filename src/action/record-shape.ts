/**
 * The checks post makes of each part of main's record (record.ts): the shapes main writes and nothing else, so
 * a record that is not main's can neither make post remove or rename a file of another's, nor save an entry
 * under a key that is not its repo's.
 */
import path from 'node:path'
import type { CacheState, EntryState, StagesAt } from '../actions-cache/types.js'
import { validIndexedEntry } from '../actions-cache/index-file.js'
import { isIdentity, isNameFor, type WrittenTokenFile } from '../auth/token-file.js'
import { CONTROL } from '../hub-cache/path-safety.js'
import { isRecord } from '../shared/shape.js'

/** More entries than a job restores (its listed repos and what its index names). */
const MAX_ENTRIES = 2048
/** More snapshots than a hub cache a job restored holds. */
const MAX_SNAPSHOTS = 100_000

/** An absolute path, written as path.resolve writes it, with no control character. */
function isAbsolutePath(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length < 4096 &&
    path.isAbsolute(value) &&
    path.resolve(value) === value &&
    !CONTROL.test(value)
  )
}

const optional = <T>(value: unknown, check: (v: unknown) => v is T): value is T | undefined =>
  value === undefined || check(value)

/** The token file, and beside it only the names token-file.ts gives its backup and its temporary file. */
export function validTokenFile(value: unknown): WrittenTokenFile | undefined {
  if (!isRecord(value) || !isAbsolutePath(value.path)) return undefined
  const file = value.path
  const beside = (kind: 'backup' | 'temp') => (v: unknown) =>
    isAbsolutePath(v) && isNameFor(file, v, kind) && path.dirname(v) === path.dirname(file)
  if (value.backup !== undefined && !beside('backup')(value.backup)) return undefined
  if (value.temp !== undefined && !beside('temp')(value.temp)) return undefined
  const { identity } = value
  if (identity !== undefined && !isIdentity(identity)) return undefined
  return {
    path: file,
    backup: value.backup as string | undefined,
    temp: value.temp as string | undefined,
    identity
  }
}

export function validStages(value: unknown): StagesAt | undefined {
  if (!isRecord(value) || !isAbsolutePath(value.hubCache) || !isAbsolutePath(value.root)) return undefined
  return { hubCache: value.hubCache, root: value.root }
}

function validEntry(value: unknown): EntryState | undefined {
  const indexed = validIndexedEntry(value)
  if (!indexed || !isRecord(value)) return undefined
  const { restored, matchedKey } = value
  if (restored !== 'exact' && restored !== 'other' && restored !== 'none') return undefined
  if (!optional(matchedKey, (v): v is string => typeof v === 'string' && v.length <= 512)) return undefined
  return { ...indexed, restored, ...(matchedKey !== undefined ? { matchedKey } : {}) }
}

export function validCacheState(value: unknown): CacheState | undefined {
  if (!isRecord(value) || !isAbsolutePath(value.hubCache)) return undefined
  const { scope, indexKey, entries, snapshotsAfterRestore, save, mainPid } = value
  if (typeof scope !== 'string' || scope.length > 512 || typeof save !== 'boolean') return undefined
  if (!optional(indexKey, (v): v is string => typeof v === 'string' && v.length <= 512)) return undefined
  if (!Number.isSafeInteger(mainPid) || (mainPid as number) <= 0) return undefined
  if (!Array.isArray(entries) || entries.length > MAX_ENTRIES) return undefined
  if (!Array.isArray(snapshotsAfterRestore) || snapshotsAfterRestore.length > MAX_SNAPSHOTS) return undefined
  if (!snapshotsAfterRestore.every(s => typeof s === 'string' && s.length < 1024)) return undefined
  const valid = entries.map(validEntry)
  if (!valid.every(e => e !== undefined)) return undefined
  return {
    hubCache: value.hubCache,
    scope,
    ...(indexKey !== undefined ? { indexKey } : {}),
    entries: valid,
    snapshotsAfterRestore: snapshotsAfterRestore as string[],
    save,
    mainPid: mainPid as number
  }
}
