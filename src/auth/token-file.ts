/**
 * The token file, written like `hf auth login` so tools that read only it find the token, and removed by the
 * post step: main records its plan before anything on disk changes, so a cancel at any point is undone.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Env } from '../shared/env.js'
import { pathExists, readRegular, replaceAtomically, writeExclusive } from '../shared/safe-fs.js'
import { uniqueSuffix } from '../shared/temp-name.js'

/** Where Python reads the token file: `HF_TOKEN_PATH`, else `$HF_HOME/token`. */
export function tokenFilePath(hfHome: string, env: Env = process.env): string {
  return path.resolve(env.HF_TOKEN_PATH?.trim() || path.join(hfHome, 'token'))
}

/**
 * What main did (or is about to do) to the token file, saved for post before the first change on disk, so a
 * cancelled main still gets cleaned up.
 */
export interface WrittenTokenFile {
  path: string
  /** Where a token file that was already there is moved, to be put back in post (unique per step). */
  backup?: string
  /** The exclusive temporary name the token is first written under. */
  temp?: string
}

/** What writeTokenFile puts after the token file's name: its backup's, and its temporary file's (then `.tmp`). */
const BACKUP_MARK = '.hf-auth-action-backup-'
const TEMP_MARK = '.hf-auth-action-'

/** Whether `name` has the shape writeTokenFile gives `file`'s backup, or its temporary file. */
export function isNameFor(file: string, name: string, kind: 'backup' | 'temp'): boolean {
  return kind === 'backup'
    ? name.startsWith(`${file}${BACKUP_MARK}`)
    : name.startsWith(`${file}${TEMP_MARK}`) && name.endsWith('.tmp')
}

/**
 * Writes the token file (mode 0600) as `hf auth login` would. Returns undefined when an identical file
 * was already there: it is not ours, so post must leave it. A different one is moved aside (to a name of
 * this step's own, so two steps never overwrite each other's backup) and restored in post.
 * `record` is called with the plan before anything on disk changes.
 */
export async function writeTokenFile(
  file: string,
  token: string,
  record: (plan: WrittenTokenFile) => void = () => undefined
): Promise<WrittenTokenFile | undefined> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  const present = await pathExists(file)
  if (present && (await readRegular(file))?.trim() === token) return undefined
  const suffix = uniqueSuffix()
  const plan: WrittenTokenFile = {
    path: file,
    backup: present ? `${file}${BACKUP_MARK}${suffix}` : undefined,
    temp: `${file}${TEMP_MARK}${suffix}.tmp`
  }
  record(plan)
  // rename moves a link itself, never what it points to.
  if (plan.backup) await fs.rename(file, plan.backup)
  // Under the temporary name post knows of, created exclusively, then renamed: no reader sees a partial token.
  await replaceAtomically(file, temp => writeExclusive(temp, token, 0o600), plan.temp)
  return plan
}

/**
 * Post step: remove what main wrote and put back the file it moved aside. Safe at any point main may
 * have been stopped: a backup that was planned but never made means the file there is still the original.
 */
export async function removeTokenFile(written: WrittenTokenFile): Promise<void> {
  if (written.temp) await fs.rm(written.temp, { force: true })
  if (!written.backup) return fs.rm(written.path, { force: true })
  if (!(await pathExists(written.backup))) return
  await fs.rm(written.path, { force: true })
  await fs.rename(written.backup, written.path)
}
