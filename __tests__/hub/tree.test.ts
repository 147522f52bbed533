/** A commit's listing through `listFiles`, bounded and checked: pages, their origin, their shape, each entry. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { HubClient } from '../../src/hub/client.js'
import { parseRepoSpecs } from '../../src/hub/repo-spec.js'
import { listTree, MAX_FILE_BYTES } from '../../src/hub/tree.js'

const C = 'c'.repeat(40)
const OID = 'a'.repeat(40)
const SHA = 'b'.repeat(64)
const [spec] = parseRepoSpecs('acme/one')

/** Pages by their path and query; `next` adds a `Link: rel="next"` header to that page's answer. */
let pages: Record<string, { body: string; next?: string; status?: number }>
const asked: string[] = []
const servers: http.Server[] = []
let hubUrl = ''
let otherUrl = ''

async function listen(): Promise<string> {
  const server = http.createServer((req, res) => {
    asked.push(req.url!)
    const page = pages[new URL(req.url!, 'http://x').searchParams.get('page') ?? 'first']
    if (!page) return res.writeHead(404).end('{"error":"no such page"}')
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (page.next) headers.link = `<${page.next}>; rel="next"`
    res.writeHead(page.status ?? 200, headers).end(page.body)
  })
  servers.push(server)
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

beforeAll(async () => {
  hubUrl = await listen()
  otherUrl = await listen()
})
beforeEach(() => {
  asked.length = 0
  pages = {}
})
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections()
    await new Promise(r => s.close(r))
  }
})

const file = (path: string, extra: Record<string, unknown> = {}) => ({
  type: 'file',
  path,
  size: 3,
  oid: OID,
  ...extra
})
const list = () => listTree(new HubClient({ endpoint: hubUrl }), spec, C)
const page = (entries: unknown[], next?: string) => ({ body: JSON.stringify(entries), next })
const nextUrl = (name: string, base = hubUrl) =>
  `${base}/api/models/acme/one/tree/${C}?recursive=true&page=${name}`

describe('listTree', () => {
  it('follows every page, keeps files (LFS and Xet fields included) and skips folders', async () => {
    pages.first = page([{ type: 'directory', path: 'sub', oid: OID, size: 0 }, file('a.json')], nextUrl('2'))
    pages['2'] = page([file('w.safetensors', { size: 132, lfs: { oid: SHA, size: 5000 }, xetHash: 'x1' })])
    expect(await list()).toEqual([
      { path: 'a.json', size: 3, blobId: OID },
      { path: 'w.safetensors', size: 5000, blobId: OID, lfsSha256: SHA, lfsSize: 5000, xetHash: 'x1' }
    ])
    expect(asked).toHaveLength(2)
    expect(asked[0]).toContain(`/api/models/acme/one/tree/${C}`)
    expect(asked[0]).toContain('recursive=true')
  })

  it('refuses a page that links back to one already read, or to another origin, asking it nothing', async () => {
    pages.first = page([file('a')], nextUrl('2'))
    pages['2'] = page([file('b')], nextUrl('2'))
    await expect(list()).rejects.toThrow('its next-page link points back to a page already read')
    pages['2'] = page([file('b')], nextUrl('3', otherUrl))
    asked.length = 0
    await expect(list()).rejects.toThrow('its next-page link leads to another origin')
    expect(asked).toHaveLength(2)
  })

  it('refuses a page that is not a JSON array', async () => {
    pages.first = { body: 'not json' }
    await expect(list()).rejects.toThrow('a page is not JSON')
    pages.first = { body: '{"files": []}' }
    await expect(list()).rejects.toThrow('a page is not a JSON array')
  })

  it.each([
    ['an entry with no type', { path: 'x' }, 'an entry has no "type"'],
    ['a file with no path', { type: 'file', size: 1, oid: OID }, 'a file has no "path"'],
    ['a size that is no size', file('x', { size: -1 }), '"x" has no valid "size"'],
    ['an oid that is no git id', file('x', { oid: 'xyz' }), '"x" has no 40-hex "oid"'],
    ['an lfs without sha256', file('x', { lfs: { oid: OID, size: 1 } }), '"x" has an "lfs" without a sha256'],
    ['an lfs without size', file('x', { lfs: { oid: SHA } }), '"x" has an "lfs" without a sha256'],
    [
      'a file over any the Hub holds',
      file('x', { size: MAX_FILE_BYTES + 1 }),
      `"x" is listed at ${MAX_FILE_BYTES + 1} bytes, over the 1.1 TB any file on the Hub can be`
    ]
  ])('refuses %s, naming the listing', async (_, entry, why) => {
    pages.first = page([entry])
    await expect(list()).rejects.toThrow(`the file listing of acme/one@${C.slice(0, 7)}`)
    await expect(list()).rejects.toThrow(why)
  })

  it('keeps a Xet hash only when it is text', async () => {
    pages.first = page([file('x', { xetHash: 42 }), file('y', { xetHash: '' })])
    expect(await list()).toEqual([
      { path: 'x', size: 3, blobId: OID },
      { path: 'y', size: 3, blobId: OID, xetHash: '' }
    ])
  })

  it('takes a file of exactly the largest size, and an lfs of null as none', async () => {
    pages.first = page([file('x', { size: MAX_FILE_BYTES, lfs: null })])
    expect(await list()).toEqual([{ path: 'x', size: MAX_FILE_BYTES, blobId: OID }])
  })

  it('passes the Hub’s refusal on as the library reads it', async () => {
    pages.first = { body: '{"error":"Repository not found"}', status: 404 }
    await expect(list()).rejects.toThrow(/Repository not found|404/)
  })
})
