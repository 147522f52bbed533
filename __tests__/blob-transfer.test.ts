import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { downloadBlob, type RemoteFile } from '../src/blob-transfer.js'
import { HubClient } from '../src/hub-client.js'

/** A server whose body for /file is `extra` bytes longer than the file the listing announced. */
const content = Buffer.alloc(3 * 1024 * 1024, 7)
let extra = 0
const server = http.createServer((req, res) => {
  const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '')
  if (range) {
    const [start, end] = [Number(range[1]), Number(range[2])]
    const body = Buffer.alloc(end - start + 1 + extra, 7)
    res.writeHead(206, {
      'content-range': `bytes ${start}-${end}/${content.length}`,
      'content-length': body.length
    })
    return void res.end(body)
  }
  const body = Buffer.alloc(content.length + extra, 7)
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
