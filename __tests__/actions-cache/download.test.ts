/** An entry's archive streamed from its signed URL: bytes handed on, a stall or a refusal given up on. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import { close, listen } from '../../__fixtures__/http-body.js'
import { downloadArchive, FLOOR_BYTES } from '../../src/actions-cache/download.js'

let serve: (req: http.IncomingMessage, res: http.ServerResponse) => void = () => undefined
const server = http.createServer((req, res) => serve(req, res))
let url = ''
beforeAll(async () => {
  url = `${await listen(server)}/blob?sig=x`
})
afterAll(() => close(server))

const collect = async (body: AsyncIterable<Uint8Array>) => {
  const parts: Buffer[] = []
  for await (const piece of body) parts.push(Buffer.from(piece))
  return Buffer.concat(parts)
}
const signal = () => new AbortController().signal

describe('an archive download', () => {
  it('hands the body on as it arrives', async () => {
    const body = Buffer.alloc(3 * FLOOR_BYTES, 9)
    serve = (_req, res) => res.end(body)
    expect(await downloadArchive(url, 5000, signal(), collect)).toEqual(body)
  })

  it('a refusal of the storage is a fault of the service', async () => {
    serve = (_req, res) => {
      res.writeHead(503)
      res.end('busy')
    }
    await expect(downloadArchive(url, 5000, signal(), collect)).rejects.toMatchObject({ kind: 'unavailable' })
    serve = (_req, res) => {
      res.writeHead(403)
      res.end()
    }
    await expect(downloadArchive(url, 5000, signal(), collect)).rejects.toMatchObject({ kind: 'refused' })
  })

  it('a body that stops coming, or comes slower than the floor, is given up as a time-out', async () => {
    serve = (_req, res) => {
      res.writeHead(200, { 'content-length': String(10 * FLOOR_BYTES) })
      res.write(Buffer.alloc(100))
    }
    await expect(downloadArchive(url, 200, signal(), collect)).rejects.toMatchObject({
      kind: 'timeout',
      message: 'the archive download brought 100 bytes in 0 s'
    })
    // Headers that never come are the same.
    serve = () => undefined
    await expect(downloadArchive(url, 200, signal(), collect)).rejects.toMatchObject({ kind: 'timeout' })
  })

  it('says what the storage answered, and hands on what the reader threw', async () => {
    serve = (_req, res) => {
      res.writeHead(503)
      res.end()
    }
    await expect(downloadArchive(url, 5000, signal(), collect)).rejects.toMatchObject({
      message: 'HTTP 503: the archive download'
    })
    serve = (_req, res) => res.end(Buffer.alloc(10))
    const refused = async () => {
      throw new Error('a member written twice')
    }
    await expect(downloadArchive(url, 5000, signal(), refused)).rejects.toThrow('a member written twice')
  })

  it('the caller’s abort ends it with the caller’s reason', async () => {
    serve = (_req, res) => {
      res.writeHead(200)
      res.write(Buffer.alloc(10))
    }
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('step cancelled')), 50)
    await expect(downloadArchive(url, 5000, controller.signal, collect)).rejects.toThrow('step cancelled')
  })
})
