/**
 * Hashing off the main thread: on loopback or a fast link, sha256 of every byte on the main thread is what
 * limits a pre-warm (the main thread also runs every HTTP stream). A worker reads back what was written (from
 * the page cache) and hashes it in order, on another core, while the main thread keeps receiving.
 *
 * The worker's code is a string run with `eval`: the bundle stays self-contained, with no worker file to
 * find at run time.
 */
import os from 'node:os'
import { Worker } from 'node:worker_threads'

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const crypto = require('node:crypto')
const fs = require('node:fs')
const files = new Map()
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024)
parentPort.on('message', m => {
  try {
    if (m.op === 'open') {
      const hash = crypto.createHash(m.lfs ? 'sha256' : 'sha1').update(m.header)
      // Never through a link, never blocking (a FIFO planted at the name), and only a regular file.
      const fd = fs.openSync(m.path, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW || 0) | (fs.constants.O_NONBLOCK || 0))
      files.set(m.id, { hash, fd, size: m.size, next: 0 })
      if (!fs.fstatSync(fd).isFile()) throw new Error('not a regular file')
      return
    }
    const file = files.get(m.id)
    if (m.op === 'feed') {
      // In order, with no gap: the digest is of every byte from the first.
      if (m.start !== file.next) throw new Error('bytes ' + file.next + '-' + m.start + ' were skipped')
      file.next = m.end
      for (let at = m.start; at < m.end; ) {
        const n = fs.readSync(file.fd, buffer, 0, Math.min(buffer.length, m.end - at), at)
        if (n === 0) throw new Error('short read at ' + at)
        file.hash.update(buffer.subarray(0, n))
        at += n
      }
      return
    }
    if (m.op === 'close') {
      const size = fs.fstatSync(file.fd).size
      files.delete(m.id)
      fs.closeSync(file.fd)
      if (m.digest && size !== file.size) throw new Error('the file is ' + size + ' bytes, not ' + file.size)
      if (m.digest && file.next !== file.size) throw new Error('only ' + file.next + ' of ' + file.size + ' bytes were hashed')
      parentPort.postMessage({ id: m.id, digest: m.digest ? file.hash.digest('hex') : undefined })
    }
  } catch (error) {
    const file = files.get(m.id)
    if (file) { files.delete(m.id); try { fs.closeSync(file.fd) } catch {} }
    parentPort.postMessage({ id: m.id, error: String(error && error.message || error) })
  }
})
`

interface Reply {
  id: number
  digest?: string
  error?: string
}

/** Workers, started on first use and let go (unref'd) so they never hold the process open. */
let workers: Worker[] = []
let nextId = 1
interface Waiter {
  resolve: (digest: string) => void
  reject: (error: Error) => void
}
const pending = new Map<number, Waiter>()
/** An error a file met before its digest was asked for. */
const failed = new Map<number, Error>()
/** Files open in each worker: the ones a dead worker takes with it. */
const openIn = new Map<Worker, Set<number>>()

/**
 * A worker that died (an uncaught error, or killed by the system) fails every file it had at once, rather than
 * leaving their digests waiting until the pre-warm's deadline; later files go to the workers left, or a new pool.
 */
function workerDied(worker: Worker, why: string): void {
  if (!openIn.has(worker)) return
  const error = new Error(`hashing failed: the hashing worker stopped (${why})`)
  for (const id of openIn.get(worker) ?? []) {
    const waiter = pending.get(id)
    pending.delete(id)
    if (waiter) waiter.reject(error)
    else failed.set(id, error)
  }
  openIn.delete(worker)
  workers = workers.filter(w => w !== worker)
}

function pool(): Worker[] {
  if (workers.length > 0) return workers
  // Two even on two cores: with the socket path (http/) the main thread is idle half the time, and
  // one worker was then the pre-warm's bottleneck (bench case 3: 0.72 s against 0.88 s for 512 MiB).
  const count = Math.max(1, Math.min(2, os.availableParallelism()))
  workers = Array.from({ length: count }, () => {
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    openIn.set(worker, new Set())
    worker.unref()
    worker.on('error', error => workerDied(worker, error.message))
    worker.on('exit', code => workerDied(worker, `exit code ${code}`))
    worker.on('message', (reply: Reply) => {
      const waiter = pending.get(reply.id)
      const error = reply.error === undefined ? undefined : new Error(`hashing failed: ${reply.error}`)
      if (!waiter) {
        if (error) failed.set(reply.id, error)
        return
      }
      openIn.get(worker)?.delete(reply.id)
      pending.delete(reply.id)
      if (error) waiter.reject(error)
      else waiter.resolve(reply.digest ?? '')
    })
    return worker
  })
  return workers
}

/** Ends the workers (tests: a worker that dies must fail its files at once). */
export function terminateHashWorkers(): Promise<number[]> {
  return Promise.all(workers.map(worker => worker.terminate()))
}

/** What git hashes before a blob's content: its id is sha1 of `blob <size>\0<content>` (the Hub's ETag of regular files). */
export function gitBlobHeader(size: number): string {
  return `blob ${size}\0`
}

/**
 * Hashes one file as its bytes land: `feed(start, end)` for each part written, in order, then `digest()`.
 * The hash is of what is on disk, so it also proves the file holds exactly the bytes it should.
 */
export class FileHasher {
  private readonly id = nextId++
  private readonly worker: Worker
  private done = false
  /** Bytes fed so far, from the first: the digest covers exactly these. */
  private covered = 0

  constructor(
    file: string,
    lfs: boolean,
    private readonly size: number
  ) {
    const all = pool()
    this.worker = all[this.id % all.length]
    openIn.get(this.worker)?.add(this.id)
    this.worker.postMessage({
      op: 'open',
      id: this.id,
      path: file,
      lfs,
      size,
      header: lfs ? '' : gitBlobHeader(size)
    })
  }

  /** The bytes `start` to `end` (exclusive) were written; they follow the ones fed before. */
  feed(start: number, end: number): void {
    if (end <= start) return
    if (start !== this.covered)
      throw new Error(`hashing must go in order: bytes ${this.covered}-${start} skipped`)
    this.covered = end
    this.worker.postMessage({ op: 'feed', id: this.id, start, end })
  }

  /** Bytes fed so far, from the first. */
  get hashedBytes(): number {
    return this.covered
  }

  /** The digest of every byte of the file; refused unless all `size` bytes were fed, in order. */
  digest(): Promise<string> {
    if (this.covered !== this.size) {
      void this.dispose()
      return Promise.reject(
        new Error(`hashing failed: only ${this.covered} of ${this.size} bytes were hashed`)
      )
    }
    return this.close(true)
  }

  /** Lets go of the file without a digest (a transfer that starts over, or failed). */
  async dispose(): Promise<void> {
    if (!this.done) await this.close(false).catch(() => undefined)
  }

  private close(digest: boolean): Promise<string> {
    this.done = true
    const error = failed.get(this.id)
    if (error) {
      failed.delete(this.id)
      openIn.get(this.worker)?.delete(this.id)
      return Promise.reject(error)
    }
    if (!openIn.get(this.worker))
      return Promise.reject(new Error('hashing failed: the hashing worker stopped'))
    return new Promise((resolve, reject) => {
      pending.set(this.id, { resolve, reject })
      // The worker must not be let go while an answer is awaited.
      this.worker.ref()
      this.worker.postMessage({ op: 'close', id: this.id, digest })
    }).finally(() => {
      if (pending.size === 0) for (const w of workers) w.unref()
    }) as Promise<string>
  }
}
