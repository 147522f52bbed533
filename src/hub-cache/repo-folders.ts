/**
 * The repos and commits a hub cache holds: each `<type>s--owner--name/snapshots/<commit>` that is a real folder,
 * with the files its snapshot lists. What post saves as entries of their own (a repo a later step downloaded)
 * is found here; every name is checked for the shape Python gives it, so nothing else is ever taken for a repo.
 */
import type { RepoType } from '../hub/repo-spec.js'
import { isHex40 } from '../shared/shape.js'
import { isLeftover } from './leftovers.js'
import { list, walk } from './safe-tree.js'

export interface CachedSnapshot {
  folder: string
  type: RepoType
  id: string
  commit: string
  /** The snapshot's file paths (links or files), sorted; temporary files left out. */
  files: string[]
}

const TYPES: Record<string, RepoType> = { models: 'model', datasets: 'dataset', spaces: 'space' }
// huggingface_hub's repo id parts: word characters, '-' and '.', starting and ending with a word character.
const PART = /^(?=.{1,96}$)\w(?:[\w.-]*\w)?$/

/** The type and id of a repo folder name (`models--owner--name`), or undefined for any other name. */
export function parseRepoFolder(name: string): { type: RepoType; id: string } | undefined {
  const [plural, ...parts] = name.split('--')
  const type = TYPES[plural]
  if (!type || parts.length < 1 || parts.length > 2 || !parts.every(p => PART.test(p))) return undefined
  return { type, id: parts.join('/') }
}

/** The files of one snapshot, sorted (empty when it is not a real folder). */
export async function snapshotFiles(hubCache: string, folder: string, commit: string): Promise<string[]> {
  const found = await walk(hubCache, `${folder}/snapshots/${commit}`)
  return found
    .filter(f => f.kind !== 'dir' && !isLeftover(f))
    .map(f => f.rel)
    .sort()
}

/** Every snapshot folder in the hub cache (`<repo folder>/<commit>`), without reading what it holds. */
export async function cachedCommits(hubCache: string): Promise<string[]> {
  const out: string[] = []
  for (const top of await list(hubCache, '')) {
    if (top.kind !== 'dir' || !parseRepoFolder(top.name)) continue
    for (const snap of await list(hubCache, `${top.name}/snapshots`))
      if (snap.kind === 'dir' && isHex40(snap.name)) out.push(`${top.name}/${snap.name}`)
  }
  return out
}

/** Every snapshot in the hub cache with its files, repo folder by repo folder (empty snapshots left out). */
export async function cachedSnapshots(hubCache: string): Promise<CachedSnapshot[]> {
  const out: CachedSnapshot[] = []
  for (const at of await cachedCommits(hubCache)) {
    const [folder, commit] = at.split('/')
    const files = await snapshotFiles(hubCache, folder, commit)
    if (files.length) out.push({ folder, ...parseRepoFolder(folder)!, commit, files })
  }
  return out
}
