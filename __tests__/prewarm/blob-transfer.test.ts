import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { downloadBlob } from '../../src/prewarm/blob-transfer.js'
import { MAX_FILE_BYTES } from '../../src/hub/tree.js'
import type { RemoteFile } from '../../src/prewarm/job.js'
import { HubClient } from '../../src/hub/client.js'

/** A server whose body for /file is `extra` bytes longer than the file the listing announced. */
const content = Buffer.alloc(3 * 1024 * 1024, 7)
for (let i = 0; i < content.length; i += 1000) content[i] = i % 251
let extra = 0
let requests = 0
/** When set, answers instead of the honest server (return true when it answered). */
let hostile: ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | undefined
const server = http.createServer((req, res) => {
  requests++
  if (hostile?.(req, res)) return
  const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '')
  if (range) {
    const [start, end] = [Number(range[1]), Number(range[2])]
    const body = Buffer.concat([content.subarray(start, end + 1), Buffer.alloc(extra, 7)])
    res.writeHead(206, {
      'content-range': `bytes ${start}-${end}/${content.length}`,
      'content-length': body.length
    })
    return void res.end(body)
  }
  const body = Buffer.concat([content, Buffer.alloc(extra, 7)])
  res.writeHead(200, { 'content-length': body.length })
  res.end(body)
})
let url = ''
beforeAll(async () => {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/file`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise(resolve => server.close(resolve))
})

const file: RemoteFile = {
  path: 'model.safetensors',
  size: content.length,
  etag: createHash('sha256').update(content).digest('hex'),
  lfs: true
}

describe('downloadBlob', () => {
  it.each([
    ['one stream', {}],
    ['ranges', { rangeBytes: 1024 * 1024, rangedMinBytes: 2 * 1024 * 1024 }]
  ])('refuses a body longer than asked for (%s), and leaves nothing behind', async (_how, sizing) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-blob-'))
    const blob = path.join(dir, file.etag)
    extra = 1000
    const client = new HubClient({ endpoint: url })
    await expect(downloadBlob(client, url, file, blob, sizing)).rejects.toThrow(
      /sent more of model.safetensors than the \d+ bytes asked for/
    )
    expect(fs.readdirSync(dir)).toEqual([])
    // The same server, honest: the blob lands.
    extra = 0
    await downloadBlob(client, url, file, blob, sizing)
    expect(fs.readFileSync(blob).equals(content)).toBe(true)
  })
})

describe('downloadBlob against a server that stops honouring Range', () => {
  const sizing = { rangeBytes: 1024 * 1024, rangedMinBytes: 2 * 1024 * 1024 }
  afterEach(() => (hostile = undefined))

  /** Range 0 is answered 206 and cut before any body byte; asked again, the server ignores Range (200). */
  function cutThenIgnoreRange() {
    let firstRangeAnswers = 0
    hostile = (req, res) => {
      if (!req.headers.range?.startsWith('bytes=0-')) return false
      if (++firstRangeAnswers > 1) {
        delete req.headers.range
        return false
      }
      res.writeHead(206, {
        'content-range': `bytes 0-${1024 * 1024 - 1}/${content.length}`,
        'content-length': 1024 * 1024
      })
      res.flushHeaders()
      setTimeout(() => res.destroy(), 50)
      return true
    }
  }

  it('reads the file again as one stream, and the blob is the honest content', async () => {
    cutThenIgnoreRange()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-blob-'))
    const blob = path.join(dir, file.etag)
    await downloadBlob(new HubClient({ endpoint: url }), url, file, blob, { ...sizing, attempts: 3 })
    expect(fs.readFileSync(blob).equals(content)).toBe(true)
    expect(fs.readdirSync(dir)).toEqual([file.etag])
  })

  it('never renames into place a blob whose bytes were not all hashed (the listing says sha256 of nothing)', async () => {
    cutThenIgnoreRange()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-blob-'))
    const empty = createHash('sha256').digest('hex')
    const blob = path.join(dir, empty)
    await expect(
      downloadBlob(new HubClient({ endpoint: url }), url, { ...file, etag: empty }, blob, {
        ...sizing,
        attempts: 3
      })
    ).rejects.toThrow(/does not match the expected/)
    expect(fs.readdirSync(dir)).toEqual([])
  })
})

describe('downloadBlob sizes', () => {
  it('refuses a file over the largest size before asking the server or allocating anything', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-blob-'))
    requests = 0
    await expect(
      downloadBlob(
        new HubClient({ endpoint: url }),
        url,
        { ...file, size: 2 ** 53 - 1 },
        path.join(dir, file.etag)
      )
    ).rejects.toThrow(`over the ${MAX_FILE_BYTES}-byte limit`)
    expect(requests).toBe(0)
    expect(fs.readdirSync(dir)).toEqual([])
  })
})
