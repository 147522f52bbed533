/** Reading files the action did not write, without following a link planted where the file should be. */
import { constants } from 'node:fs'
import fs from 'node:fs/promises'
import { temporaryName } from './temp-name.js'

/** Open flag that refuses a link as the last part of the path (Windows has none; there, 0). */
export const NO_FOLLOW = constants.O_NOFOLLOW ?? 0

/** Whether anything (a link included, never followed) is at `file`. */
export async function pathExists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false
  )
}

/** A small file's text, read without following a link (undefined when absent or not a regular file). */
export async function readRegular(file: string, maxBytes = 64 * 1024 * 1024): Promise<string | undefined> {
  const handle = await fs.open(file, constants.O_RDONLY | NO_FOLLOW).catch(() => undefined)
  if (!handle) return undefined
  try {
    const stat = await handle.stat()
    if (!stat.isFile() || stat.size > maxBytes) return undefined
    return await handle.readFile('utf8')
  } finally {
    await handle.close()
  }
}

/** Writes under a temporary name beside the target and renames, so readers see old or new, never half. */
export async function replaceAtomically(file: string, write: (temp: string) => Promise<void>): Promise<void> {
  // Created exclusively by each writer (flag wx, symlink), so no planted link is followed.
  const temp = temporaryName(file, 'tmp')
  try {
    await write(temp)
    await fs.rename(temp, file)
  } catch (error) {
    await fs.rm(temp, { force: true })
    throw error
  }
}
