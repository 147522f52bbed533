/**
 * One entry through the service: looked up, its archive vetted into a stage and merged into the hub cache
 * (main); or staged from the hub cache and saved (post). The stage is removed either way, so nothing the
 * service sent stays outside what the merge took.
 */
import { repoLabel } from '../hub/repo-spec.js'
import { RefusedArchive } from '../hub-cache/entry-archive.js'
import { stageSnapshot, type Stage } from '../hub-cache/entry-stage.js'
import { mergeStage } from '../hub-cache/entry-merge.js'
import { repoFolderName } from '../hub-cache/layout.js'
import { errorMessage } from '../shared/errors.js'
import { formatBytes } from '../shared/format.js'
import { annotate, logInfo } from '../shared/safe-text.js'
import type { CacheService } from './service.js'
import type { EntryState, Restored } from './types.js'

export const label = (e: Pick<EntryState, 'type' | 'id' | 'commit'>) =>
  `${repoLabel(e)}@${e.commit.slice(0, 7)}`

/** Restores one entry (`restoreKeys`: where to look when its key misses) and merges it; what was found. */
export async function restoreOne(
  service: CacheService,
  hubCache: string,
  entry: EntryState,
  restoreKeys: string[]
): Promise<Restored> {
  const what = label(entry)
  const found = (await service.find(what, entry.key, restoreKeys))?.found
  if (!found) return 'none'
  let stage: Stage | undefined
  try {
    stage = await service.fetch(what, repoFolderName(entry.type, entry.id), found)
    if (!stage) return 'none'
    const merged = await mergeStage(hubCache, stage.hub, entry.type, entry.id)
    entry.matchedKey = found.matchedKey
    if (merged.refused.length) {
      annotate(
        'warning',
        `The cache entry ${found.matchedKey} held ${merged.refused.length} blob(s) whose content does not match their name; they were left out and are fetched again.`,
        `Hugging Face cache: ${repoLabel(entry)}: blobs refused`
      )
    }
    return found.matchedKey === entry.key ? 'exact' : 'older'
  } catch (error) {
    const refused = error instanceof RefusedArchive
    annotate(
      'warning',
      refused
        ? `The cache entry ${found.matchedKey} of ${what} was not used: ${errorMessage(error)}. No honest save makes such an entry: delete it (gh cache delete "${found.matchedKey}", or Actions → Caches) and find which job of the default branch wrote it.`
        : `Restoring ${what} from the cache failed, continuing without it: ${errorMessage(error)}`,
      refused ? `Hugging Face cache: ${repoLabel(entry)}: entry refused` : 'Cache restore failed'
    )
    return 'none'
  } finally {
    if (stage) await service.stages.remove(stage)
  }
}

export type SaveOutcome = 'saved' | 'exists' | 'missing' | 'refused' | 'skipped'

/** Stages one repo at one commit and saves it under `key`, unless the service already holds that key. */
export async function saveOne(
  service: CacheService,
  hubCache: string,
  entry: EntryState,
  key: string
): Promise<SaveOutcome> {
  const what = label(entry)
  // No lookup for an entry that could not be saved anyway (a 429, a spent quota, an outage).
  if (!service.canSave(what)) return 'skipped'
  // Another job (a matrix leg) may have saved it since this one restored: an entry is saved once.
  const asked = await service.find(what, key, [])
  if (!asked) return 'skipped'
  if (asked.found?.matchedKey === key) {
    logInfo(`Cache: ${what} is already saved as ${key} (by another job).`)
    return 'exists'
  }
  const folder = repoFolderName(entry.type, entry.id)
  const stage = await service.stages.fresh(folder)
  try {
    const staged = await stageSnapshot(hubCache, stage.hub, folder, entry.commit)
    if (!staged) return 'missing'
    logInfo(`Cache: saving ${what} (${formatBytes(staged.bytes)}) as ${key}`)
    const result = await service.save(what, stage, key, staged.bytes)
    if (!result) return 'skipped'
    if (result.outcome === 'exists') {
      logInfo(`Cache: ${what} was saved as ${key} by another job meanwhile.`)
      return 'exists'
    }
    if (result.outcome === 'saved') return 'saved'
    annotate(
      'warning',
      `The cache entry of ${what} (${formatBytes(staged.bytes)}) was not saved (${result.message}), so the next run downloads it again; the other repos' entries are not affected. If it is too large for the cache, narrow its files with globs in "repos" (for example *.json *.safetensors).`,
      `Hugging Face cache: ${repoLabel(entry)} not saved`
    )
    return 'refused'
  } finally {
    await service.stages.remove(stage)
  }
}
