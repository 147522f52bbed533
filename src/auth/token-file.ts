/**
 * The token file, written like `hf auth login` so tools that read only it find the token, and removed by the
 * post step: main records its plan before anything on disk changes, so a cancel at any point is undone.
 *
 * Jobs on one machine may share the folder (a self-hosted runner's persistent HF_HOME), with other tokens, and
 * their posts end in any order. So each step knows its own file by identity, not by name: post removes it
 * where it is, at the token path or moved aside as a later step's backup, and hands what it had moved aside
 * on to that step. Whatever the order, the machine's own file comes back and no step's token stays behind.
 * Steps take turns on the folder (a lock of the folder itself, best effort) so none sees another half done.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Env } from '../shared/env.js'
import { underFolderLock } from '../shared/flock.js'
import { pathExists, readRegular, writeExclusive } from '../shared/safe-fs.js'
import { uniqueSuffix } from '../shared/temp-name.js'

/** How long a step waits for another job's step to finish with the token file's folder (then goes on). */
const FOLDER_LOCK_WAIT_SECONDS = 10

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
  /** The file this step wrote (device, inode and modification time), known before it is put in place. */
  identity?: string
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

/** Whether `value` has the shape of WrittenTokenFile.identity. */
export function isIdentity(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,20}:\d{1,20}:\d{1,30}$/.test(value)
}

/** Which file is at `file` (never through a link); undefined when none is. */
async function identityOf(file: string): Promise<string | undefined> {
  const stat = await fs.lstat(file, { bigint: true }).catch(() => undefined)
  return stat && `${stat.dev}:${stat.ino}:${stat.mtimeNs}`
}

/**
 * Writes the token file (mode 0600) as `hf auth login` would. Returns undefined when an identical file
 * was already there: it is not ours, so post must leave it. A different one is moved aside (to a name of
 * this step's own, so two steps never overwrite each other's backup) and restored in post.
 * `record` is called with the plan before anything on disk changes, and again as it learns more.
 */
export async function writeTokenFile(
  file: string,
  token: string,
  record: (plan: WrittenTokenFile) => void = () => undefined
): Promise<WrittenTokenFile | undefined> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  return underFolderLock(path.dirname(file), () => write(file, token, record), FOLDER_LOCK_WAIT_SECONDS)
}

async function write(file: string, token: string, record: (plan: WrittenTokenFile) => void) {
  const present = await pathExists(file)
  if (present && (await readRegular(file))?.trim() === token) return undefined
  const suffix = uniqueSuffix()
  const temp = `${file}${TEMP_MARK}${suffix}.tmp`
  let plan: WrittenTokenFile = {
    path: file,
    backup: present ? `${file}${BACKUP_MARK}${suffix}` : undefined,
    temp
  }
  record(plan)
  try {
    // Created exclusively under the temporary name post knows of (never through a planted link), then
    // renamed: no reader sees a partial token.
    await writeExclusive(temp, token, 0o600)
    record((plan = { ...plan, identity: await identityOf(temp) }))
    // rename moves a link itself, never what it points to. A file gone since it was read (another job's post
    // took it away) leaves nothing to put back.
    if (plan.backup && !(await renameIfThere(file, plan.backup)))
      record((plan = { ...plan, backup: undefined }))
    await fs.rename(temp, file)
  } catch (error) {
    await removeIfThere(temp)
    throw error
  }
  return plan
}

/** Removes `file`, a link itself (never what it points to); nothing there is no error. */
const removeIfThere = (file: string) => fs.rm(file, { force: true })

/** Renames `from` to `to`; false when nothing is at `from`. */
async function renameIfThere(from: string, to: string): Promise<boolean> {
  return fs.rename(from, to).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false
      throw error
    }
  )
}

/**
 * Post step: remove the file main wrote and put back the one it moved aside. Safe at any point main may have
 * been stopped, and in any order with other jobs' steps on the same file.
 */
export async function removeTokenFile(written: WrittenTokenFile): Promise<void> {
  await underFolderLock(path.dirname(written.path), () => undo(written), FOLDER_LOCK_WAIT_SECONDS)
}

async function undo({ path: file, backup, temp, identity }: WrittenTokenFile): Promise<void> {
  if (temp) await removeIfThere(temp)
  // Nothing was put in place before the file's identity was recorded: what is there is not ours.
  if (!identity) return
  if ((await identityOf(file)) === identity) {
    // Ours is replaced by the original, or goes.
    if (!backup || !(await renameIfThere(backup, file))) await removeIfThere(file)
    return
  }
  const movedTo = await movedAsideBy(file, identity)
  if (movedTo) {
    // A later step moved ours aside and will put back what is at its backup: what ours replaced goes there.
    if (!backup || !(await renameIfThere(backup, movedTo))) await removeIfThere(movedTo)
  } else if (backup) {
    // Ours is gone (another tool wrote over it): the original comes back all the same, as after any step.
    await renameIfThere(backup, file)
  }
}

/** The backup of another step beside `file` that holds the file with `identity`, if one does. */
async function movedAsideBy(file: string, identity: string) {
  const dir = path.dirname(file)
  for (const name of await fs.readdir(dir).catch(() => [])) {
    const beside = path.join(dir, name)
    if (isNameFor(file, beside, 'backup') && (await identityOf(beside)) === identity) return beside
  }
  return undefined
}
