/**
 * A restored entry's archive, read and written by the action's own code: whatever key it came under, any job
 * of the repository's default branch could have uploaded it, and `tar -x -P` (what `@actions/cache` runs)
 * writes member names as they are — absolute, `../`, through a link it just made. So the archive is read as a
 * stream (decompressed by `zstd`, or zlib for gzip), each member vetted before anything of it is written, and
 * the first member that fails refuses the whole entry (an honest save never makes one):
 *
 * - its name lies below `hub/` (the one path entries are saved as), with no empty, `.` or `..` part and no
 *   control character, and no earlier member of that name;
 * - it is a folder, a regular file or a symbolic link — never a hard link, a device or a FIFO;
 * - a link's target is relative and stays inside `hub/`; no member lies below a link.
 *
 * Files are created exclusively (never through anything already there) with plain modes, in a stage folder
 * of this step's own (entry-stage.ts) that nothing else reads until the merge has checked what it holds.
 * `tar`'s Parser reads the format (ustar, pax and GNU long names, as GNU tar writes them); it writes nothing.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import type { Readable, Writable } from 'node:stream'
import zlib from 'node:zlib'
import { Parser, type ReadEntry } from 'tar'
import { safeText } from '../shared/safe-text.js'

export type ArchiveCompression = 'zstd' | 'gzip'

/** The archive's top folder: the one path entries are saved as. */
export const ARCHIVE_ROOT = 'hub'
/** Far more members than one repo at one commit has; more is not an entry this action saved. */
export const MAX_MEMBERS = 200_000

export class RefusedArchive extends Error {
  constructor(reason: string) {
    super(`the archive was refused: ${reason}`)
    this.name = 'RefusedArchive'
  }
}

export interface Received {
  files: number
  bytes: number
}

/** A control character or a backslash (a separator on Windows): no name of an honest entry has one. */
// eslint-disable-next-line no-control-regex
const UNPLAIN = /[\u0000-\u001f\u007f\\]/

const ACCEPTED = new Set(['Directory', 'File', 'OldFile', 'ContiguousFile', 'SymbolicLink'])

/** Why a member may not be written, or undefined when it may (see the header). */
export function vetMember(
  name: string,
  type: string,
  linkTarget: string | undefined,
  seen: Set<string>,
  links: Set<string>
): string | undefined {
  const rel = name.replace(/\/+$/, '')
  const parts = rel.split('/')
  if (UNPLAIN.test(name)) return 'a name with a control character'
  if (rel.length > 4096) return 'a name of over 4,096 characters'
  if (rel.startsWith('/') || parts[0] !== ARCHIVE_ROOT) return `a member outside ${ARCHIVE_ROOT}/`
  if (parts.some(p => p === '' || p === '.' || p === '..'))
    return 'a member whose name climbs or is not plain'
  if (seen.has(rel)) return 'a member written twice'
  for (let i = 1; i < parts.length; i++)
    if (links.has(parts.slice(0, i).join('/'))) return 'a member below a link'
  if (!ACCEPTED.has(type)) return `a member of type ${type} (only folders, files and links are taken)`
  if (type === 'SymbolicLink') {
    const target = linkTarget ?? ''
    if (!target || target.startsWith('/') || UNPLAIN.test(target)) return 'a link with an absolute target'
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(rel), target))
    if (resolved !== ARCHIVE_ROOT && !resolved.startsWith(`${ARCHIVE_ROOT}/`))
      return 'a link that leads out of the entry'
  }
  return undefined
}

function decompressor(compression: ArchiveCompression): {
  input: Writable
  output: Readable
  ended: Promise<void>
} {
  if (compression === 'gzip') {
    const gunzip = zlib.createGunzip()
    return { input: gunzip, output: gunzip, ended: once(gunzip, 'end').then(() => undefined) }
  }
  const child = spawn('zstd', ['-d', '-c', '-q'], { stdio: ['pipe', 'pipe', 'ignore'] })
  const ended = new Promise<void>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', code =>
      code === 0 ? resolve() : reject(new RefusedArchive(`zstd could not decompress it (exit ${code})`))
    )
  })
  child.stdin.on('error', () => undefined)
  return { input: child.stdin, output: child.stdout, ended }
}

/** Writes the accepted members of `archive` below `stageDir` (see the header). */
export async function receiveArchive(
  stageDir: string,
  archive: AsyncIterable<Uint8Array>,
  compression: ArchiveCompression,
  signal?: AbortSignal
): Promise<Received> {
  const members = new Members(stageDir)
  const parser = new Parser({
    strict: true,
    // Each member is consumed by writeMember (or skipped), once its folder exists.
    noResume: true,
    onReadEntry: (entry: ReadEntry) => members.take(entry)
  })
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve)
    parser.on('error', (error: Error) => reject(new RefusedArchive(error.message)))
  })
  parsed.catch(() => undefined)
  const { input, output, ended } = decompressor(compression)
  ended.catch(() => undefined)
  const feeding = feed(input, archive, signal)
  feeding.catch(() => undefined)
  for await (const chunk of output) {
    if (signal?.aborted) break
    if (!parser.write(chunk as Buffer)) await once(parser, 'drain')
  }
  if (signal?.aborted) {
    input.destroy()
    throw signal.reason
  }
  parser.end()
  await Promise.all([feeding, ended, parsed])
  return members.written()
}

/** The members of one archive as they are read: each vetted, then written or skipped; the first refusal kept. */
class Members {
  private readonly received: Received = { files: 0, bytes: 0 }
  private readonly seen = new Set<string>()
  private readonly links = new Set<string>()
  private readonly writes: Promise<void>[] = []
  private refusal: Error | undefined

  constructor(private readonly stageDir: string) {}

  take(entry: ReadEntry): void {
    const reason =
      this.refusal?.message ??
      (this.seen.size >= MAX_MEMBERS ? 'more members than an entry holds' : undefined) ??
      vetMember(entry.path, entry.type, entry.linkpath, this.seen, this.links)
    if (reason) {
      this.refuse(new RefusedArchive(`${reason} (${safeText(entry.path, 200)})`))
      entry.resume()
      return
    }
    const rel = entry.path.replace(/\/+$/, '')
    this.seen.add(rel)
    if (entry.type === 'SymbolicLink') this.links.add(rel)
    const write = writeMember(entry, path.join(this.stageDir, ...rel.split('/'))).then(bytes => {
      if (entry.type === 'Directory' || entry.type === 'SymbolicLink') return
      this.received.files++
      this.received.bytes += bytes
    }, this.refuse)
    this.writes.push(write)
  }

  /** What was written, once every write ended; the refusal, if any member was refused. */
  async written(): Promise<Received> {
    await Promise.all(this.writes)
    if (this.refusal) throw this.refusal
    return this.received
  }

  private readonly refuse = (error: Error) => {
    this.refusal ??= error
  }
}

async function feed(
  input: Writable,
  archive: AsyncIterable<Uint8Array>,
  signal?: AbortSignal
): Promise<void> {
  try {
    for await (const piece of archive) {
      if (signal?.aborted) throw signal.reason
      if (!input.write(piece)) await once(input, 'drain')
    }
  } finally {
    input.end()
  }
}

/** One accepted member: a folder, a link as written, or a new regular file with its bytes. */
async function writeMember(entry: ReadEntry, full: string): Promise<number> {
  if (entry.type === 'Directory') {
    entry.resume()
    await fs.promises.mkdir(full, { recursive: true, mode: 0o755 })
    return 0
  }
  await fs.promises.mkdir(path.dirname(full), { recursive: true, mode: 0o755 })
  if (entry.type === 'SymbolicLink') {
    entry.resume()
    await fs.promises.symlink(entry.linkpath!, full)
    return 0
  }
  const out = fs.createWriteStream(full, { flags: 'wx', mode: 0o644 })
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve)
    out.on('error', error => {
      entry.resume()
      reject(error)
    })
  })
  entry.pipe(out)
  await closed
  return out.bytesWritten
}
