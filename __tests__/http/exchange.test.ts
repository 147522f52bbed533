import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { closeIdleConnections, idleSockets, type Connection } from '../../src/http/connection.js'
import { Exchange, HttpProtocolError, MAX_HEAD_BYTES, StaleConnectionError } from '../../src/http/exchange.js'
import type { StreamResponse } from '../../src/http/types.js'

/**
 * The parser on its own: an exchange on a stand-in connection whose socket records what the exchange does to it
 * (destroyed, paused, resumed, kept), fed the answer's bytes exactly as a test splits them.
 */
function connectionStub(reused = false) {
  const socket = {
    destroyed: false,
    paused: false,
    destroy: jest.fn(() => void (socket.destroyed = true)),
    pause: jest.fn(() => void (socket.paused = true)),
    resume: jest.fn(() => void (socket.paused = false)),
    unref: jest.fn(),
    ref: jest.fn(),
    setTimeout: jest.fn(),
    write: jest.fn()
  }
  const connection = { key: `stub ${Math.random()}`, socket, reused, closed: false, reader: undefined }
  return { connection: connection as unknown as Connection, socket }
}

const URL_ASKED = 'http://cdn.example:8080/blob?sig=1'

function exchange(options: { reused?: boolean; signal?: AbortSignal } = {}) {
  const { connection, socket } = connectionStub(options.reused)
  const ex = new Exchange(connection, URL_ASKED, options.signal)
  ex.start('GET /blob HTTP/1.1\r\n\r\n')
  /** Feeds bytes as they would arrive; returns what receive answered (false: pause the socket). */
  const feed = (...pieces: (string | Buffer)[]) =>
    pieces.map(piece => ex.receive(typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece))
  /** Whether the connection was kept for the next request (released) rather than closed. */
  const kept = () => idleSockets().includes(socket as never) && !socket.destroyed
  return { ex, socket, connection, feed, kept }
}

async function bodyOf(res: StreamResponse): Promise<string> {
  const pieces: Buffer[] = []
  await res.body.consume(piece => pieces.push(Buffer.from(piece)))
  return Buffer.concat(pieces).toString('latin1')
}

/** The message an answer is refused with, or 'accepted'. */
async function refusal(...pieces: string[]): Promise<string> {
  const { ex, feed } = exchange()
  feed(...pieces)
  try {
    const res = await ex.response
    await bodyOf(res)
    return 'accepted'
  } catch (error) {
    expect(error).toBeInstanceOf(HttpProtocolError)
    expect(error).toMatchObject({ title: 'Malformed HTTP answer', name: 'HttpProtocolError' })
    return (error as Error).message
  }
}

afterEach(() => closeIdleConnections())

describe('the status line and headers', () => {
  it('reads status, reason and headers, trimming the white space around values', async () => {
    const { ex, feed } = exchange()
    feed(
      'HTTP/1.1 206 Partial Content\r\nx-a:tight\r\nX-B: \t spaced \t\r\nx-a: again\r\ncontent-length: 0\r\n\r\n'
    )
    const res = await ex.response
    expect(res.status).toBe(206)
    expect(res.ok).toBe(true)
    expect(res.url).toBe(URL_ASKED)
    expect(res.headers.get('x-a')).toBe('tight, again')
    expect(res.headers.get('x-b')).toBe('spaced')
    expect(await bodyOf(res)).toBe('')
  })

  it('takes a status line with no reason phrase, and refuses anything else as a status line', async () => {
    expect(await refusal('HTTP/1.1 200\r\ncontent-length: 0\r\n\r\n')).toBe('accepted')
    for (const line of [
      'HTTP/1.1 2000 OK',
      'HTTP/1.1 099 X',
      'XHTTP/1.1 200 OK',
      'HTTP/2.0 200 OK',
      'HTTP/1.1 20 OK'
    ])
      expect(await refusal(`${line}\r\ncontent-length: 0\r\n\r\n`)).toContain('bad status line')
  })

  it('refuses a header line that is not a header, naming the origin and the likely culprit', async () => {
    const message = await refusal('HTTP/1.1 200 OK\r\nno colon here\r\n\r\n')
    expect(message).toBe(
      'malformed HTTP answer from http://cdn.example:8080: bad header line. If a proxy or mirror stands between the runner and the Hub, check that it passes answers through unchanged.'
    )
    expect(await refusal('HTTP/1.1 200 OK\r\nbad name: x\r\n\r\n')).toContain('bad header line')
  })

  it('finds the end of a head split anywhere, even inside its blank line', async () => {
    const wire = 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'
    for (const cut of [
      wire.indexOf('\r\n\r\n') + 1,
      wire.indexOf('\r\n\r\n') + 2,
      wire.indexOf('\r\n\r\n') + 3
    ]) {
      const { ex, feed } = exchange()
      feed(wire.slice(0, cut), wire.slice(cut))
      expect(await bodyOf(await ex.response)).toBe('ok')
    }
  })

  it('refuses a head larger than 64 KiB, whether or not its end has arrived', async () => {
    const big = `HTTP/1.1 200 OK\r\nx-pad: ${'a'.repeat(MAX_HEAD_BYTES)}\r\n`
    expect(await refusal(big)).toContain('response head too large')
    expect(await refusal(`${big}\r\n`)).toContain('response head too large')
    // Exactly at the limit is still a head.
    const pad = MAX_HEAD_BYTES - 'HTTP/1.1 200 OK\r\nx-pad: \r\ncontent-length: 0'.length
    expect(await refusal(`HTTP/1.1 200 OK\r\nx-pad: ${'a'.repeat(pad)}\r\ncontent-length: 0\r\n\r\n`)).toBe(
      'accepted'
    )
  })

  it('skips interim answers but refuses a protocol switch', async () => {
    const { ex, feed } = exchange()
    feed('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nreal')
    expect(await bodyOf(await ex.response)).toBe('real')
    expect(await refusal('HTTP/1.1 101 Switching Protocols\r\nupgrade: h2c\r\n\r\n')).toContain(
      'unexpected protocol switch'
    )
  })

  it('is ok for 2xx only', async () => {
    for (const [status, ok] of [
      [200, true],
      [299, true],
      [300, false],
      [404, false],
      [500, false]
    ] as const) {
      const { ex, feed } = exchange()
      feed(`HTTP/1.1 ${status} X\r\ncontent-length: 0\r\n\r\n`)
      expect((await ex.response).ok).toBe(ok)
    }
  })
})

describe('bytes are the file’s', () => {
  it('refuses an encoded body on success, and lets an error page be encoded', async () => {
    expect(
      await refusal('HTTP/1.1 200 OK\r\ncontent-encoding: GZip \r\ncontent-length: 1\r\n\r\nx')
    ).toContain('an encoded body (gzip) where identity was asked')
    expect(
      await refusal(`HTTP/1.1 206 OK\r\ncontent-encoding: ${'b'.repeat(100)}\r\ncontent-length: 0\r\n\r\n`)
    ).toContain(`an encoded body (${'b'.repeat(40)}) where`)
    expect(await refusal('HTTP/1.1 200 OK\r\ncontent-encoding: identity\r\ncontent-length: 1\r\n\r\nx')).toBe(
      'accepted'
    )
    for (const status of [300, 404])
      expect(
        await refusal(`HTTP/1.1 ${status} X\r\ncontent-encoding: gzip\r\ncontent-length: 1\r\n\r\nx`)
      ).toBe('accepted')
  })
})

describe('framing', () => {
  it('has no body for 204, 304 and a zero length, and keeps the connection', async () => {
    for (const head of [
      'HTTP/1.1 204 No Content\r\ncontent-length: 7\r\n\r\n',
      'HTTP/1.1 304 Not Modified\r\ncontent-length: 7\r\n\r\n',
      'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'
    ]) {
      const { ex, feed, kept } = exchange()
      feed(head)
      expect(await bodyOf(await ex.response)).toBe('')
      expect(kept()).toBe(true)
    }
  })

  it('takes repeated equal lengths, and refuses different or malformed ones', async () => {
    expect(await refusal('HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 2\r\n\r\nok')).toBe(
      'accepted'
    )
    for (const length of ['2, 3', '2x', '-2', '1234567890123456', ''])
      expect(await refusal(`HTTP/1.1 200 OK\r\ncontent-length: ${length}\r\n\r\nok`)).toContain(
        'bad content-length'
      )
  })

  it('reads exactly Content-Length bytes, however they are split', async () => {
    const { ex, feed, kept } = exchange()
    feed('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n0123', '456', '789')
    expect(await bodyOf(await ex.response)).toBe('0123456789')
    expect(kept()).toBe(true)
  })

  it('closes a connection that sent more than its answer', async () => {
    const { ex, feed, socket, kept } = exchange()
    feed('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokEXTRA')
    expect(await bodyOf(await ex.response)).toBe('ok')
    expect(socket.destroy).toHaveBeenCalled()
    expect(kept()).toBe(false)
  })

  it('takes chunked in any case, and refuses any other transfer coding', async () => {
    expect(await refusal('HTTP/1.1 200 OK\r\ntransfer-encoding:  Chunked \r\n\r\n2\r\nok\r\n0\r\n\r\n')).toBe(
      'accepted'
    )
    expect(await refusal('HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, chunked\r\n\r\n')).toContain(
      'unsupported transfer-encoding "gzip, chunked"'
    )
    expect(await refusal(`HTTP/1.1 200 OK\r\ntransfer-encoding: ${'x'.repeat(60)}\r\n\r\n`)).toContain(
      `unsupported transfer-encoding "${'x'.repeat(40)}"`
    )
  })

  it('decodes chunks of any size split anywhere, with extensions and trailers', async () => {
    const body = 'x'.repeat(300)
    const wire = `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n12C ; ext=1\r\n${body}\r\n3;e\r\nabc\r\n0\r\nx-t: 1\r\n\r\n`
    for (const step of [1, 7, 64, wire.length]) {
      const { ex, feed, kept } = exchange()
      const pieces: string[] = []
      for (let at = 0; at < wire.length; at += step) pieces.push(wire.slice(at, at + step))
      feed(...pieces)
      expect(await bodyOf(await ex.response)).toBe(`${body}abc`)
      expect(kept()).toBe(true)
    }
  })

  it('refuses malformed chunk framing', async () => {
    const chunked = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n'
    expect(await refusal(`${chunked}2\r\nokk\r\n0\r\n\r\n`)).toContain('chunk longer than its size')
    expect(await refusal(`${chunked}2\nok\r\n0\r\n\r\n`)).toContain('bare LF in chunked body')
    for (const size of [' 2', '2 x', 'g', '1234567890123', ''])
      expect(await refusal(`${chunked}${size}\r\nok\r\n0\r\n\r\n`)).toContain('bad chunk size')
    expect(await refusal(`${chunked}0000000000002\r\nok\r\n0\r\n\r\n`)).toContain('bad chunk size')
    expect(await refusal(`${chunked}000000000002\r\nok\r\n0\r\n\r\n`)).toBe('accepted')
    // A line of 1,024 characters (its CR included) is the longest taken.
    expect(await refusal(`${chunked}2;${'e'.repeat(1021)}\r\nok\r\n0\r\n\r\n`)).toBe('accepted')
    expect(await refusal(`${chunked}2;${'e'.repeat(1022)}\r\nok\r\n0\r\n\r\n`)).toContain(
      'chunk line too long'
    )
  })

  it('reads to the connection’s close when there is no length, and never keeps that connection', async () => {
    const { ex, feed, socket, kept } = exchange()
    feed('HTTP/1.1 200 OK\r\n\r\nuntil ', 'the end')
    const res = await ex.response
    const body = bodyOf(res)
    ex.broken()
    expect(await body).toBe('until the end')
    expect(socket.destroy).toHaveBeenCalled()
    expect(kept()).toBe(false)
  })
})

describe('keep-alive', () => {
  const keptAfter = async (head: string) => {
    const { ex, feed, kept } = exchange()
    feed(head)
    await bodyOf(await ex.response)
    return kept()
  }

  it('keeps an HTTP/1.1 connection unless the answer says close, in any case or list position', async () => {
    expect(await keptAfter('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n')).toBe(true)
    expect(await keptAfter('HTTP/1.1 200 OK\r\nconnection: closed-loop\r\ncontent-length: 0\r\n\r\n')).toBe(
      true
    )
    expect(await keptAfter('HTTP/1.1 200 OK\r\nconnection: keep-alive\r\ncontent-length: 0\r\n\r\n')).toBe(
      true
    )
    for (const value of ['close', 'Close', 'keep-alive, close', 'close ,x', 'x,close', 'x,  close  ,y'])
      expect(await keptAfter(`HTTP/1.1 200 OK\r\nconnection: ${value}\r\ncontent-length: 0\r\n\r\n`)).toBe(
        false
      )
  })

  it('never keeps an HTTP/1.0 connection, nor one whose answer had both framings', async () => {
    expect(await keptAfter('HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n')).toBe(false)
    expect(
      await keptAfter('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-length: 5\r\n\r\n0\r\n\r\n')
    ).toBe(false)
  })
})

describe('reading the body', () => {
  it('asks to pause the socket until someone reads the body, keeping what came early', async () => {
    const { ex, feed } = exchange()
    expect(feed('HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nab')).toEqual([false])
    const res = await ex.response
    const reading = bodyOf(res)
    expect(feed('cd', 'ef')).toEqual([true, true])
    expect(await reading).toBe('abcdef')
  })

  it('resumes a paused socket once the body is read, unless the connection is closed', async () => {
    const { ex, feed, socket } = exchange()
    feed('HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nab')
    const res = await ex.response
    void res.body.consume(() => undefined)
    expect(socket.resume).toHaveBeenCalled()
    const closed = exchange()
    closed.feed('HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nab')
    ;(closed.connection as { closed: boolean }).closed = true
    void (await closed.ex.response).body.consume(() => undefined)
    expect(closed.socket.resume).not.toHaveBeenCalled()
  })

  it('is read once', async () => {
    const { ex, feed } = exchange()
    feed('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n')
    const res = await ex.response
    void res.body.consume(() => undefined)
    await expect(res.body.consume(() => undefined)).rejects.toThrow('the body is already being read')
  })

  it('ends the exchange with the reader’s own error, and closes the connection', async () => {
    const { ex, feed, socket } = exchange()
    feed('HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nab')
    const res = await ex.response
    const failing = res.body.consume(() => {
      throw new Error('disk full')
    })
    await expect(failing).rejects.toThrow('disk full')
    expect(socket.destroy).toHaveBeenCalled()
    expect(feed('cd')).toEqual([true])
  })

  it('reports a failure that came before the body was read when it is read', async () => {
    const { ex, feed } = exchange()
    feed('HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nab')
    const res = await ex.response
    ex.broken()
    await expect(bodyOf(res)).rejects.toThrow(
      'the connection to http://cdn.example:8080 closed before the answer ended (terminated)'
    )
  })

  it('ends a body that was complete before it was read', async () => {
    const { ex, feed } = exchange()
    feed('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok')
    expect(await bodyOf(await ex.response)).toBe('ok')
  })

  it('iterates copies, pausing the socket past a megabyte waiting and resuming once it drains', async () => {
    const { ex, feed, socket } = exchange()
    const mib = 1024 * 1024
    feed(`HTTP/1.1 200 OK\r\ncontent-length: ${mib + 20}\r\n\r\n`)
    const res = await ex.response
    const iterator = res.body[Symbol.asyncIterator]()
    const first = iterator.next()
    feed(Buffer.alloc(mib, 1))
    expect(socket.paused).toBe(false)
    feed(Buffer.alloc(10, 2))
    expect(socket.paused).toBe(true)
    expect(((await first).value as Uint8Array).length).toBe(mib)
    expect(socket.paused).toBe(false)
    expect(((await iterator.next()).value as Uint8Array).length).toBe(10)
    const last = iterator.next()
    feed(Buffer.alloc(10, 3))
    expect(Buffer.from((await last).value as Uint8Array)).toEqual(Buffer.alloc(10, 3))
    expect((await iterator.next()).done).toBe(true)
  })

  it('iterates to the failure when the connection breaks', async () => {
    const { ex, feed } = exchange()
    feed('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nab')
    const res = await ex.response
    const seen: string[] = []
    const reading = (async () => {
      for await (const piece of res.body) seen.push(Buffer.from(piece).toString())
    })()
    await new Promise(resolve => setImmediate(resolve))
    ex.broken(new Error('reset'))
    await expect(reading).rejects.toThrow('terminated')
    expect(seen).toEqual(['ab'])
  })

  it('lets the connection go when the reader stops iterating early, or cancels', async () => {
    const { ex, feed, socket, kept } = exchange()
    feed('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nab')
    for await (const piece of (await ex.response).body) {
      expect(piece.length).toBe(2)
      break
    }
    expect(socket.destroy).toHaveBeenCalled()
    expect(kept()).toBe(false)

    const other = exchange()
    other.feed('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nab')
    const res = await other.ex.response
    const reading = bodyOf(res)
    await res.body.cancel()
    expect(await reading).toBe('ab')
    expect(other.socket.destroy).toHaveBeenCalledTimes(1)
    // Cancelling a finished exchange does nothing more.
    await res.body.cancel()
    expect(other.socket.destroy).toHaveBeenCalledTimes(1)
    expect(other.kept()).toBe(false)
  })

  it('keeps a connection whose body was complete when the reader cancelled', async () => {
    const { ex, feed, kept } = exchange()
    feed('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok')
    const res = await ex.response
    await res.body.cancel()
    expect(kept()).toBe(true)
  })
})

describe('breaks and aborts', () => {
  it('asks again (StaleConnectionError) when a reused connection closes before any byte of the answer', async () => {
    const reused = exchange({ reused: true })
    reused.ex.broken()
    await expect(reused.ex.response).rejects.toBeInstanceOf(StaleConnectionError)
    // A new connection, or one that already answered something, is not stale: it broke.
    const fresh = exchange()
    fresh.ex.broken()
    await expect(fresh.ex.response).rejects.toThrow('terminated')
    const partial = exchange({ reused: true })
    partial.feed('HTTP/1.1 20')
    partial.ex.broken()
    await expect(partial.ex.response).rejects.toThrow('terminated')
  })

  it('reports the socket’s own error before the head, and "terminated" with it as cause mid-body', async () => {
    const refused = exchange()
    const error = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    refused.ex.broken(error)
    await expect(refused.ex.response).rejects.toBe(error)
    const cut = exchange()
    cut.feed('HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\n')
    const res = await cut.ex.response
    cut.ex.broken(error)
    await expect(bodyOf(res)).rejects.toMatchObject({
      message: expect.stringContaining('terminated'),
      cause: error
    })
    // Only the first break counts.
    cut.ex.broken(new Error('later'))
    expect(cut.socket.destroy).toHaveBeenCalledTimes(1)
  })

  it('gives up at the abort with its reason, or an AbortError, and stops listening to the signal', async () => {
    const controller = new AbortController()
    const { ex, socket } = exchange({ signal: controller.signal })
    controller.abort(new Error('deadline'))
    await expect(ex.response).rejects.toThrow('deadline')
    expect(socket.destroy).toHaveBeenCalled()

    const plain = new AbortController()
    const other = exchange({ signal: plain.signal })
    plain.abort('a string reason')
    await expect(other.ex.response).rejects.toMatchObject({
      name: 'AbortError',
      message: 'This operation was aborted'
    })

    const early = new AbortController()
    early.abort(new Error('already'))
    const before = exchange({ signal: early.signal })
    await expect(before.ex.response).rejects.toThrow('already')
    expect(before.socket.write).not.toHaveBeenCalled()
  })

  it('removes its abort listener when the exchange ends, so one signal can serve many', async () => {
    const controller = new AbortController()
    const remove = jest.spyOn(controller.signal, 'removeEventListener')
    for (const end of ['finish', 'fail', 'cancel'] as const) {
      remove.mockClear()
      const { ex, feed } = exchange({ signal: controller.signal })
      if (end === 'fail') {
        ex.broken(new Error('x'))
        await ex.response.catch(() => undefined)
      } else {
        feed(`HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n${end === 'finish' ? 'ok' : ''}`)
        const res = await ex.response
        if (end === 'finish') await bodyOf(res)
        else await res.body.cancel()
      }
      expect(remove).toHaveBeenCalledWith('abort', ex.abort)
    }
    controller.abort()
  })
})
