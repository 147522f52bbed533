/**
 * Names of files being written: `<file>.<pid>-<12 hex>.<ending>` beside the file they become. Unpredictable
 * (no planted link can wait at the name), unique to each writer (jobs sharing a cache, Python), and telling
 * which process wrote them, so post removes main's own leftovers at once and other writers' only when stale.
 */
import { randomBytes } from 'node:crypto'
import path from 'node:path'

/** `<pid>-<12 hex>`: unique to this writer. */
export function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(6).toString('hex')}`
}

/** A download in progress (`.incomplete`, as Python names its own) or an atomic write (`.tmp`). */
export function temporaryName(file: string, ending: 'incomplete' | 'tmp'): string {
  return `${file}.${uniqueSuffix()}.${ending}`
}

/** What interrupted writers leave behind: `*.incomplete` downloads (ours and Python's), `*.tmp` of atomic writes. */
export const LEFTOVER = /\.(incomplete|tmp)$/

/** Whether a temporary name was made by process `pid` (see temporaryName). */
export function writtenBy(name: string, pid: number): boolean {
  return path.basename(name).includes(`.${pid}-`)
}
