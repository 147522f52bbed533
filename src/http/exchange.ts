/**
 * One request and its answer on a connection: the head parsed strictly (a malformed answer is an error, never
 * a guess), then the body framed by Content-Length, chunked encoding or the connection's close, and handed to
 * its reader piece by piece as it arrives.
 */
import { ActionError } from '../shared/errors.js'
import { release, type Connection, type Reader } from './connection.js'
import type { StreamResponse } from './types.js'

/** A response head larger than this is refused (the Hub's are a few kB). */
export const MAX_HEAD_BYTES = 64 * 1024
const MAX_CHUNK_LINE = 1024
const ITERATE_QUEUE_BYTES = 1024 * 1024

/** A response the parser refuses. */
export class HttpProtocolError extends ActionError {
  constructor(url: string, what: string) {
    super(
      'Malformed HTTP answer',
      `malformed HTTP answer from ${new URL(url).origin}: ${what}. If a proxy or mirror stands between the runner and the Hub, check that it passes answers through unchanged.`
    )
    this.name = 'HttpProtocolError'
  }
}

/** A connection that ended before the response did; "terminated", as fetch says, so it is retried. */
function terminated(url: string, cause?: Error): Error {
  return new Error(`the connection to ${new URL(url).origin} closed before the answer ended (terminated)`, {
    cause
  })
}

type Framing =
  | { kind: 'length'; left: number }
  | { kind: 'chunked'; state: 'size' | 'data' | 'data-end' | 'trailer'; left: number; line: string }
  | { kind: 'close' }
  | { kind: 'none' }

/** One request and its answer on a connection: parses the head, then frames the body for its reader. */
export class Exchange implements Reader {
  private head = Buffer.alloc(0)
  private framing: Framing = { kind: 'none' }
  private keepAlive = false
  private sawBytes = false
  private phase: 'head' | 'body' | 'done' = 'head'
  private sink: ((piece: Uint8Array) => void) | undefined
  /** Copies of body pieces that arrived before anyone read the body (the socket is paused meanwhile). */
  private early: Buffer[] = []
  private error: Error | undefined
  private onHead!: (response: StreamResponse) => void
  private onHeadError!: (error: Error) => void
  private onEnd: ((error?: Error) => void) | undefined
  readonly response: Promise<StreamResponse>

  constructor(
    private readonly connection: Connection,
    private readonly url: string,
    private readonly signal: AbortSignal | undefined
  ) {
    this.response = new Promise((resolve, reject) => {
      this.onHead = resolve
      this.onHeadError = reject
    })
  }

  /** Bytes from the socket; returns false to pause it. */
  receive(data: Uint8Array): boolean {
    this.sawBytes = true
    try {
      let rest = data
      while (rest.length > 0 && this.phase !== 'done') {
        rest = this.phase === 'head' ? this.readHead(rest) : this.readBody(rest)
      }
      // More than the answer: nothing else was asked on this connection, so it is not trusted again.
      if (rest.length > 0) this.connection.socket.destroy()
    } catch (error) {
      this.fail(error as Error)
      return false
    }
    if (this.phase === 'body' && !this.sink) return false
    return true
  }

  private readHead(data: Uint8Array): Uint8Array {
    const before = this.head.length
    this.head = Buffer.concat([this.head, data])
    const end = this.head.indexOf('\r\n\r\n', Math.max(0, before - 3))
    if (end === -1) {
      if (this.head.length > MAX_HEAD_BYTES) throw new HttpProtocolError(this.url, 'response head too large')
      return new Uint8Array(0)
    }
    if (end > MAX_HEAD_BYTES) throw new HttpProtocolError(this.url, 'response head too large')
    const rest = data.subarray(end + 4 - before)
    const text = this.head.toString('latin1', 0, end)
    this.head = Buffer.alloc(0)
    const [statusLine, ...lines] = text.split('\r\n')
    const status = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: [^\r\n]*)?$/.exec(statusLine)
    if (!status) throw new HttpProtocolError(this.url, 'bad status line')
    const code = Number(status[2])
    const headers = new Headers()
    for (const line of lines) {
      const header = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([^\r\n\0]*?)[ \t]*$/.exec(line)
      if (!header) throw new HttpProtocolError(this.url, 'bad header line')
      headers.append(header[1], header[2])
    }
    // Interim answers (100 Continue, 103 Early Hints) precede the real one.
    if (code < 200) {
      if (code === 101) throw new HttpProtocolError(this.url, 'unexpected protocol switch')
      return rest
    }
    // Bytes must be the file's: a blob is hashed and written as it arrives, never decoded.
    const encoding = headers.get('content-encoding')?.trim().toLowerCase()
    if (code < 300 && encoding && encoding !== 'identity') {
      throw new HttpProtocolError(
        this.url,
        `an encoded body (${encoding.slice(0, 40)}) where identity was asked`
      )
    }
    this.framing = framingOf(this.url, code, headers)
    const connection = (headers.get('connection') ?? '').toLowerCase()
    this.keepAlive = status[1] === '1' && !/(^|,)\s*close\s*(,|$)/.test(connection)
    if (this.framing.kind === 'close') this.keepAlive = false
    // Both framings at once is ambiguous (RFC 9112 6.3: chunked wins, and the connection must be closed after).
    if (headers.has('transfer-encoding') && headers.has('content-length')) this.keepAlive = false
    this.phase = this.framing.kind === 'none' ? 'done' : 'body'
    this.onHead(this.answer(code, headers))
    if (this.phase === 'done') this.finish()
    return rest
  }

  private readBody(data: Uint8Array): Uint8Array {
    const framing = this.framing
    if (framing.kind === 'close') {
      this.deliver(data)
      return new Uint8Array(0)
    }
    if (framing.kind === 'length') {
      const take = Math.min(framing.left, data.length)
      framing.left -= take
      this.deliver(data.subarray(0, take))
      if (framing.left === 0) this.finish()
      return data.subarray(take)
    }
    if (framing.kind === 'chunked') return this.readChunked(framing, data)
    return data
  }

  private readChunked(framing: Framing & { kind: 'chunked' }, data: Uint8Array): Uint8Array {
    let at = 0
    while (at < data.length && this.phase === 'body') {
      if (framing.state === 'data') {
        const take = Math.min(framing.left, data.length - at)
        this.deliver(data.subarray(at, at + take))
        at += take
        framing.left -= take
        if (framing.left === 0) framing.state = 'data-end'
        continue
      }
      // Line-oriented states: the size line, the CRLF after data, trailer lines.
      const byte = data[at++]
      if (byte !== 0x0a) {
        framing.line += String.fromCharCode(byte)
        if (framing.line.length > MAX_CHUNK_LINE) throw new HttpProtocolError(this.url, 'chunk line too long')
        continue
      }
      if (!framing.line.endsWith('\r')) throw new HttpProtocolError(this.url, 'bare LF in chunked body')
      const line = framing.line.slice(0, -1)
      framing.line = ''
      if (framing.state === 'data-end') {
        if (line !== '') throw new HttpProtocolError(this.url, 'chunk longer than its size')
        framing.state = 'size'
      } else if (framing.state === 'size') {
        const size = /^([0-9a-fA-F]{1,12})(?:[ \t]*;.*)?$/.exec(line)
        if (!size) throw new HttpProtocolError(this.url, 'bad chunk size')
        framing.left = parseInt(size[1], 16)
        framing.state = framing.left === 0 ? 'trailer' : 'data'
      } else if (line === '') {
        this.finish()
      }
    }
    return data.subarray(at)
  }

  private deliver(piece: Uint8Array): void {
    if (piece.length === 0) return
    if (this.sink) this.sink(piece)
    else this.early.push(Buffer.from(piece))
  }

  private answer(status: number, headers: Headers): StreamResponse {
    return {
      status,
      ok: status >= 200 && status < 300,
      headers,
      url: this.url,
      body: {
        consume: sink => this.consume(sink),
        cancel: async () => this.cancel(),
        [Symbol.asyncIterator]: () => this.iterate()
      }
    }
  }

  private consume(sink: (piece: Uint8Array) => void): Promise<void> {
    if (this.sink) return Promise.reject(new Error('the body is already being read'))
    const ended = new Promise<void>((resolve, reject) => {
      this.onEnd = error => (error ? reject(error) : resolve())
    })
    this.sink = sink
    try {
      for (const piece of this.early.splice(0)) sink(piece)
    } catch (error) {
      this.fail(error as Error)
    }
    if (this.error) this.onEnd?.(this.error)
    else if (this.phase === 'done') this.onEnd?.()
    else if (!this.connection.closed) this.connection.socket.resume()
    return ended
  }

  /** Pieces as copies, pausing the socket while more than a megabyte waits (error bodies, small files). */
  private async *iterate(): AsyncGenerator<Uint8Array> {
    const queue: Buffer[] = []
    let queued = 0
    let settled: { error?: unknown } | undefined
    let wake: (() => void) | undefined
    this.consume(piece => {
      queue.push(Buffer.from(piece))
      queued += piece.length
      if (queued > ITERATE_QUEUE_BYTES) this.connection.socket.pause()
      wake?.()
    }).then(
      () => ((settled = {}), wake?.()),
      (error: unknown) => ((settled = { error }), wake?.())
    )
    try {
      for (;;) {
        const piece = queue.shift()
        if (piece) {
          queued -= piece.length
          if (queued <= ITERATE_QUEUE_BYTES && !this.connection.closed) this.connection.socket.resume()
          yield piece
        } else if (settled) {
          if (settled.error) throw settled.error
          return
        } else {
          await new Promise<void>(resolve => (wake = resolve))
          wake = undefined
        }
      }
    } finally {
      this.cancel()
    }
  }

  private cancel(): void {
    if (this.phase === 'done') return
    this.phase = 'done'
    this.keepAlive = false
    this.signal?.removeEventListener('abort', this.abort)
    this.connection.socket.destroy()
    this.onEnd?.()
  }

  private finish(): void {
    this.phase = 'done'
    if (this.keepAlive && !this.connection.closed) release(this.connection)
    else this.connection.socket.destroy()
    this.signal?.removeEventListener('abort', this.abort)
    this.onEnd?.()
  }

  /** The socket broke (an error, or the caller's abort). */
  fail(error: Error): void {
    if (this.phase === 'done') return
    this.phase = 'done'
    this.error = error
    this.signal?.removeEventListener('abort', this.abort)
    this.connection.socket.destroy()
    this.onHeadError(error)
    this.onEnd?.(error)
  }

  /** The socket failed or closed: the end of a close-delimited body, or a break. */
  broken(error?: Error): void {
    if (!error && this.phase === 'body' && this.framing.kind === 'close') return this.finish()
    // A kept-alive connection the server closed before our request reached it: safe to ask again.
    if (this.phase === 'head' && !this.sawBytes && this.connection.reused) {
      return this.fail(new StaleConnectionError())
    }
    // Before the head, the socket's own error (refused, reset, a certificate) says most; mid-body it is a break.
    this.fail(error && this.phase === 'head' ? error : terminated(this.url, error))
  }

  readonly abort = () => this.fail(toError(this.signal?.reason))

  start(request: string): void {
    if (this.signal?.aborted) return this.abort()
    this.signal?.addEventListener('abort', this.abort, { once: true })
    this.connection.reader = this
    this.connection.socket.write(request)
  }
}

function toError(reason: unknown): Error {
  return reason instanceof Error
    ? reason
    : Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })
}

export class StaleConnectionError extends Error {}

function framingOf(url: string, status: number, headers: Headers): Framing {
  if (status === 204 || status === 304) return { kind: 'none' }
  const encoding = headers.get('transfer-encoding')
  if (encoding !== null) {
    if (encoding.trim().toLowerCase() !== 'chunked') {
      throw new HttpProtocolError(
        url,
        `unsupported transfer-encoding ${JSON.stringify(encoding.slice(0, 40))}`
      )
    }
    return { kind: 'chunked', state: 'size', left: 0, line: '' }
  }
  const length = headers.get('content-length')
  if (length !== null) {
    // Repeated headers arrive joined by ", ": equal values are one length, different ones are refused.
    const values = new Set(length.split(',').map(v => v.trim()))
    const [only] = values
    if (values.size !== 1 || !/^\d{1,15}$/.test(only)) throw new HttpProtocolError(url, 'bad content-length')
    const left = Number(only)
    return left === 0 ? { kind: 'none' } : { kind: 'length', left }
  }
  return { kind: 'close' }
}
