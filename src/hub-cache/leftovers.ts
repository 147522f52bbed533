/**
 * Temporary files in a hub cache that jobs share (a self-hosted runner's persistent `hf-home`) or that Python
 * shares with the action: a download in progress, or a link or file written beside its name and about to be
 * renamed into place (shared/temp-name.ts names ours). Another writer's fresh one is in use, whatever its kind:
 * removing it makes that writer's rename fail. One untouched this long was left by a writer that died.
 */
import { LEFTOVER, writtenBy } from '../shared/temp-name.js'
import type { Found } from './safe-tree.js'

export const STALE_LEFTOVER_MS = 10 * 60 * 1000

/** Whether an entry is named as a temporary file (a folder never is one). */
export const isLeftover = (found: Pick<Found, 'rel' | 'kind'>): boolean =>
  found.kind !== 'dir' && LEFTOVER.test(found.rel)

/**
 * Whether a temporary file may be removed: `ownPid`'s own (by the pid in its name: that process is done with
 * it), or any writer's stale one. False for what is not a temporary file.
 */
export function leftoverRemovable(
  found: Pick<Found, 'rel' | 'kind' | 'mtimeMs'>,
  now: number,
  ownPid?: number
): boolean {
  if (!isLeftover(found)) return false
  if (ownPid !== undefined && writtenBy(found.rel, ownPid)) return true
  return now - found.mtimeMs > STALE_LEFTOVER_MS
}
