/**
 * What post saves, in what order and under which keys, decided from main's record and what later steps added
 * before anything is asked of the service (save.ts carries it out): each listed repo whose exact entry was not
 * restored, then the scope's index naming the job's entries, then each repo (or commit) a later step added, at
 * most MAX_SAVES in all. Under contention a repo's entry is worth more than the index, and the index more than
 * what one run happened to download.
 */
import type { CachedSnapshot } from '../hub-cache/repo-folders.js'
import { entryKey, partialKey } from './keys.js'
import type { EntryState } from './types.js'

/**
 * Entries one job saves at most, its index included: half of the 200 uploads a minute GitHub allows a
 * repository, which every other workflow shares.
 */
export const MAX_SAVES = 100

/** An entry and the key it is saved under. */
export interface SaveItem {
  entry: EntryState
  key: string
}

export interface SavePlan {
  /** Restored under their exact key: not saved again. */
  hits: EntryState[]
  /** Listed repos to save, first. */
  listed: SaveItem[]
  /** What the scope's index names, saved next. */
  index: EntryState[]
  /** What later steps added, within the cap, last. */
  added: SaveItem[]
  /** Over the cap: named in a warning, not saved. */
  over: EntryState[]
}

/** A snapshot a later step added: an entry of its own, keyed by the files it holds. */
export function addedEntry(snap: CachedSnapshot): EntryState {
  const key = entryKey(snap.type, snap.id, snap.commit, { files: snap.files })
  return { type: snap.type, id: snap.id, commit: snap.commit, key, listed: false, restored: 'none' }
}

/**
 * The plan for `entries` (main's, listed or named by the index) and the snapshots later steps `added`.
 * `filesComplete`: the hub cache holds every file of the listed repos; when not (an unfinished pre-warm) their
 * files are still worth keeping, but under partial keys: a later run would take an exact hit as complete and
 * never save the full entry (`<key>/` still finds a partial one by prefix).
 */
export function planSaves(entries: EntryState[], added: CachedSnapshot[], filesComplete: boolean): SavePlan {
  const listed = entries.filter(e => e.listed)
  // The index takes one save; then the listed repos, then what later steps added, as room allows.
  const wanted = [...listed.filter(e => e.restored !== 'exact'), ...added.map(addedEntry)]
  const within = wanted.slice(0, MAX_SAVES - 1)
  const keyOf = (entry: EntryState) => (entry.listed && !filesComplete ? partialKey(entry.key) : entry.key)
  const items = (list: EntryState[]) => list.map(entry => ({ entry, key: keyOf(entry) }))
  const addedWithin = within.filter(e => !e.listed)
  return {
    hits: listed.filter(e => e.restored === 'exact'),
    listed: items(within.filter(e => e.listed)),
    // Never an extra that missed: the index names what this run holds.
    index: [...entries.filter(e => e.listed || e.restored === 'exact'), ...addedWithin],
    added: items(addedWithin),
    over: wanted.slice(MAX_SAVES - 1)
  }
}
