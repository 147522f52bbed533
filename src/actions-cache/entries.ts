/**
 * One entry through the service: restored into its stage and merged into the hub cache (main), or staged from
 * the hub cache and saved (post). The stage is removed either way, so nothing the service sent stays outside
 * what the merge took.
 */
import { repoLabel } from '../hub/repo-spec.js'
import { clearStage, removeStage, stagePath, stageSnapshot } from '../hub-cache/entry-stage.js'
import { mergeStage } from '../hub-cache/entry-merge.js'
import { repoFolderName } from '../hub-cache/layout.js'
import { errorMessage } from '../shared/errors.js'
import { formatBytes } from '../shared/format.js'
import { annotate, logInfo } from '../shared/safe-text.js'
import { entryExists, restoreEntry, saveEntry } from './service.js'
import type { EntryState, Restored } from './types.js'

export const label = (e: Pick<EntryState, 'type' | 'id' | 'commit'>) =>
  `${repoLabel(e)}@${e.commit.slice(0, 7)}`

/** Restores one entry (`restoreKeys`: where to look when its key misses) and merges it; what was found. */
export async function restoreOne(
  hubCache: string,
  entry: EntryState,
  restoreKeys: string[]
): Promise<Restored> {
  const stage = stagePath(hubCache, repoFolderName(entry.type, entry.id))
  try {
    await clearStage(hubCache, stage)
    const found = await restoreEntry(stage, entry.key, restoreKeys)
    if (!found.matchedKey) return 'none'
    entry.matchedKey = found.matchedKey
    const merged = await mergeStage(hubCache, stage, entry.type, entry.id)
    if (merged.refused.length) {
      annotate(
        'warning',
        `The cache entry ${found.matchedKey} held ${merged.refused.length} blob(s) whose content does not match their name; they were left out and are fetched again.`,
        `Hugging Face cache: ${repoLabel(entry)}: blobs refused`
      )
    }
    return found.hit ? 'exact' : 'older'
  } catch (error) {
    annotate(
      'warning',
      `Restoring ${label(entry)} from the cache failed, continuing without it: ${errorMessage(error)}`,
      'Cache restore failed'
    )
    return 'none'
  } finally {
    await removeStage(hubCache, stage).catch(() => undefined)
  }
}

export type SaveOutcome = 'saved' | 'exists' | 'missing' | 'refused'

/** Stages one repo at one commit and saves it under `key`, unless the service already holds that key. */
export async function saveOne(hubCache: string, entry: EntryState, key: string): Promise<SaveOutcome> {
  const folder = repoFolderName(entry.type, entry.id)
  const stage = stagePath(hubCache, folder)
  try {
    const staged = await stageSnapshot(hubCache, stage, folder, entry.commit)
    if (!staged) return 'missing'
    // Another job (a matrix leg) may have saved it since this one restored: an entry is saved once.
    if (await entryExists(stage, key)) {
      logInfo(`Cache: ${label(entry)} is already saved as ${key} (by another job).`)
      return 'exists'
    }
    logInfo(`Cache: saving ${label(entry)} (${formatBytes(staged.bytes)}) as ${key}`)
    if (await saveEntry(stage, key)) return 'saved'
    if (await entryExists(stage, key)) {
      logInfo(`Cache: ${label(entry)} was saved as ${key} by another job meanwhile.`)
      return 'exists'
    }
    // @actions/cache reports a refusal as info or a warning of its own; say which repo lost its cache.
    annotate(
      'warning',
      `The cache entry of ${label(entry)} (${formatBytes(staged.bytes)}) was not saved (see the message above), so the next run downloads it again; the other repos' entries are not affected. If the cache service refused it for its size or the repository's cache quota (10 GB unless your organisation raised it), narrow its files with globs in "repos" (for example *.json *.safetensors).`,
      `Hugging Face cache: ${repoLabel(entry)} not saved`
    )
    return 'refused'
  } finally {
    await removeStage(hubCache, stage).catch(() => undefined)
  }
}
