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
      // Cut once the headers and a first byte are on their way.
      res.write(content.subarray(0, 1), () => res.destroy())
      return true
    }
  }

  it('reads the file again as one stream, and the blob is the honest content', async () => {
    cutThenIgnoreRange()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-blob-'))
    const blob = path.join(dir, file.etag)
    const received = await downloadBlob(new HubClient({ endpoint: url }), url, file, blob, {
      ...sizing,
      attempts: 3
    })
    expect(fs.readFileSync(blob).equals(content)).toBe(true)
    expect(fs.readdirSync(dir)).toEqual([file.etag])
    // The whole file, and whatever ranges arrived before the server stopped honouring Range.
    expect(received).toBeGreaterThanOrEqual(content.length)
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

describe('downloadBlob against servers that break the protocol', () => {
  const sizing = { rangeBytes: 1024 * 1024, rangedMinBytes: 2 * 1024 * 1024 }
  const asked: (string | undefined)[] = []
  afterEach(() => {
    hostile = undefined
    asked.length = 0
  })
  const fresh = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-blob-'))
    return { dir, blob: path.join(dir, file.etag) }
  }
  const client = () => new HubClient({ endpoint: url })
  /** Answers the whole file (200), then breaks the connection after its first 1,000 bytes. */
  const breakOff = (res: http.ServerResponse) => {
    res.writeHead(200, { 'content-length': content.length })
    res.write(content.subarray(0, 1000), () => res.destroy())
    return true
  }

  it('refuses a range answered with another part of the file, or of another size, and keeps nothing', async () => {
    for (const wrong of [
      (s: number, e: number) => `bytes ${s + 1}-${e}/${content.length}`,
      (s: number, e: number) => `bytes ${s}-${e - 1}/${content.length}`,
      (s: number, e: number) => `bytes ${s}-${e}/${content.length + 1}`
    ]) {
      hostile = (req, res) => {
        const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '')
        if (!range || range[1] === '0') return false
        res.writeHead(206, {
          'content-range': wrong(Number(range[1]), Number(range[2])),
          'content-length': 0
        })
        res.end()
        return true
      }
      const { dir, blob } = fresh()
      await expect(downloadBlob(client(), url, file, blob, sizing)).rejects.toThrow(
        'the server answered a range of model.safetensors with another part of it'
      )
      expect(fs.readdirSync(dir)).toEqual([])
    }
  })

  it('resumes one stream where it broke off, with Range from the first missing byte', async () => {
    let cut = 0
    hostile = (req, res) => {
      asked.push(req.headers.range)
      if (cut++ > 0) {
        // The resume: an open-ended range, answered from its first byte.
        const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? NaN)
        res.writeHead(206, {
          'content-range': `bytes ${from}-${content.length - 1}/${content.length}`,
          'content-length': content.length - from
        })
        res.end(content.subarray(from))
        return true
      }
      return breakOff(res)
    }
    const { blob } = fresh()
    const received = await downloadBlob(client(), url, file, blob, { attempts: 2 })
    expect(fs.readFileSync(blob).equals(content)).toBe(true)
    expect(asked).toEqual([undefined, 'bytes=1000-'])
    expect(received).toBe(content.length)
  })

  it('starts one stream over when the server ignores the resume’s Range', async () => {
    let cut = 0
    hostile = (req, res) => {
      asked.push(req.headers.range)
      if (cut++ > 0) {
        delete req.headers.range
        return false
      }
      return breakOff(res)
    }
    const { blob } = fresh()
    const received = await downloadBlob(client(), url, file, blob, { attempts: 2 })
    expect(fs.readFileSync(blob).equals(content)).toBe(true)
    expect(asked).toEqual([undefined, 'bytes=1000-'])
    // What was received twice counts twice.
    expect(received).toBe(content.length + 1000)
  })

  it('fails a stream that keeps ending early, saying how much came, after the attempts allowed', async () => {
    hostile = (_req, res) => {
      return breakOff(res)
    }
    const { dir, blob } = fresh()
    await expect(downloadBlob(client(), url, file, blob, { attempts: 2 })).rejects.toThrow(
      /download of model\.safetensors failed after 2 attempts: .*terminated/
    )
    expect(fs.readdirSync(dir)).toEqual([])
  })

  it('takes a refusal of the Hub’s own URL as final: no resolve loop', async () => {
    hostile = (req, res) => {
      asked.push(req.headers.range)
      res.writeHead(403, { 'content-type': 'application/json' })
      res.end('{"error":"Access to this resource is restricted"}')
      return true
    }
    const { dir, blob } = fresh()
    await expect(downloadBlob(client(), url, file, blob, sizing)).rejects.toThrow(
      'download of model.safetensors failed:'
    )
    // The resolve, then the first range: nothing asked again.
    expect(asked.length).toBeLessThanOrEqual(2)
    expect(fs.readdirSync(dir)).toEqual([])
  })

  it('writes an empty file without asking the server, and checks even its hash', async () => {
    requests = 0
    const empty = { path: '__init__.py', size: 0, etag: createHash('sha256').digest('hex'), lfs: true }
    const { dir } = fresh()
    expect(await downloadBlob(client(), url, empty, path.join(dir, empty.etag))).toBe(0)
    expect(fs.statSync(path.join(dir, empty.etag)).size).toBe(0)
    const gitEmpty = { ...empty, lfs: false, etag: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391' }
    await downloadBlob(client(), url, gitEmpty, path.join(dir, gitEmpty.etag))
    await expect(
      downloadBlob(client(), url, { ...empty, etag: 'f'.repeat(64) }, path.join(dir, 'f'.repeat(64)))
    ).rejects.toThrow('does not match the expected')
    expect(requests).toBe(0)
  })

  it('takes a file exactly at the largest size as a size (refused only above it)', async () => {
    requests = 0
    hostile = (_req, res) => {
      res.writeHead(404)
      res.end()
      return true
    }
    const { blob } = fresh()
    await expect(
      downloadBlob(client(), url, { ...file, size: MAX_FILE_BYTES }, blob, { attempts: 1 })
    ).rejects.not.toThrow('byte limit')
  })
})
