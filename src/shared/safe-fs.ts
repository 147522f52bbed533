/**
 * Opening files the action did not write: never following a link planted where the file should be, and never
 * blocking on a FIFO or a device planted there (a restored cache or a later step can hold either: tar
 * archives and restores them). Only regular files are read.
 */
import { constants } from 'node:fs'
import fs from 'node:fs/promises'
import { temporaryName } from './temp-name.js'

/** Open flag that refuses a link as the last part of the path (Windows has none; there, 0). */
export const NO_FOLLOW = constants.O_NOFOLLOW ?? 0
/**
 * Open flag that makes an open return at once whatever the file is: a FIFO opened for reading with no writer
 * (or for writing with no reader, then ENXIO) would otherwise block the process for good. No effect on a
 * regular file. (Windows has none, and no FIFOs in the file system either.)
 */
export const NO_BLOCK = constants.O_NONBLOCK ?? 0

/** Whether anything (a link included, never followed) is at `file`. */
export async function pathExists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false
  )
}

/**
 * Opens an existing regular file, or makes one (`create`), with `flags`: never through a link, never blocking,
 * and closed again unless it is a regular file (undefined then, as when it is absent).
 */
export async function openRegular(
  file: string,
  flags: number,
  create = false
): Promise<fs.FileHandle | undefined> {
  if (!create) {
    // Not even opened when it is not a regular file: opening a device can have effects of its own.
    const seen = await fs.lstat(file).catch(() => undefined)
    if (!seen?.isFile()) return undefined
  }
  const extra = create ? constants.O_CREAT : 0
  const handle = await fs.open(file, flags | extra | NO_FOLLOW | NO_BLOCK, 0o666).catch(() => undefined)
  if (!handle) return undefined
  if (!(await handle.stat()).isFile()) {
    await handle.close()
    return undefined
  }
  return handle
}

/** A small file's text, read as openRegular opens (undefined when absent, not a regular file, or larger). */
export async function readRegular(file: string, maxBytes = 64 * 1024 * 1024): Promise<string | undefined> {
  const handle = await openRegular(file, constants.O_RDONLY)
  if (!handle) return undefined
  try {
    if ((await handle.stat()).size > maxBytes) return undefined
    return await handle.readFile('utf8')
  } finally {
    await handle.close()
  }
}

/**
 * Creates `file` exclusively (O_EXCL: never through a planted link, never over another file), holding
 * `content`: with exactly `mode` when given (a secret's 0600, whatever the umask), else as the umask makes it.
 */
export async function writeExclusive(file: string, content: string, mode?: number): Promise<void> {
  const handle = await fs.open(file, 'wx', mode ?? 0o666)
  try {
    await handle.writeFile(content)
    if (mode !== undefined) await handle.chmod(mode)
  } finally {
    await handle.close()
  }
}

/**
 * Writes under a temporary name beside the target and renames, so readers see old or new, never half. The
 * temporary name is unique to this writer, or `temp` when the caller must record it first (to remove it after
 * a cancel); `write` must create it exclusively (writeExclusive, or a symlink), so no planted link is followed.
 */
export async function replaceAtomically(
  file: string,
  write: (temp: string) => Promise<void>,
  temp = temporaryName(file, 'tmp')
): Promise<void> {
  try {
    await write(temp)
    await fs.rename(temp, file)
  } catch (error) {
    await fs.rm(temp, { force: true })
    throw error
  }
}
