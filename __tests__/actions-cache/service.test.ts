/**
 * The cache service as one step sees it, against a local stand-in of the service (its lookup and the signed
 * download) and a stand-in save worker: what a lookup sends and gives, an archive received into a stage of its
 * own and removed after use, a save staged then handed to the worker, and the step's stages removed at close.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'
import { close, listen, readBody } from '../../__fixtures__/http-body.js'
import { toolkitArchive } from '../../__fixtures__/toolkit-archive.js'

jest.unstable_mockModule('@actions/core', () => core)
const { CacheService, cacheServiceAvailable } = await import('../../src/actions-cache/service.js')
const { compressionMethod, entryVersion } = await import('../../src/actions-cache/version.js')
const { STAGE_DIR } = await import('../../src/hub-cache/entry-stage.js')

const SERVICE_ENV = ['ACTIONS_CACHE_SERVICE_V2', 'ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN']
let archive: Buffer = Buffer.alloc(0)
const asked: unknown[] = []
const server = http.createServer(async (req, res) => {
  const body = await readBody(req)
  if (req.url?.startsWith('/blob')) return res.end(archive)
  const { key } = JSON.parse(body.toString()) as { key: string }
  asked.push(JSON.parse(body.toString()))
  res.writeHead(200, { 'content-type': 'application/json' })
  const hit =
    key === 'held' ? { ok: true, matched_key: key, signed_download_url: `${url}blob/1?sig=s` } : undefined
  res.end(JSON.stringify(hit ?? { ok: false }))
})
let url = ''
let hub = ''

beforeAll(async () => {
  url = `${await listen(server)}/`
})
afterAll(() => close(server))
beforeEach(() => {
  core.resetCoreMock()
  asked.length = 0
  hub = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-service-'))
  Object.assign(process.env, {
    ACTIONS_CACHE_SERVICE_V2: 'True',
    ACTIONS_RESULTS_URL: url,
    ACTIONS_RUNTIME_TOKEN: 'runtime-token'
  })
})
afterEach(() => {
  for (const name of SERVICE_ENV) delete process.env[name]
})

/** The toolkit's archive of a stage holding `hub/<name>`, compressed as this machine's toolkit would. */
async function archiveOf(name: string, text: string): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-archive-'))
  fs.mkdirSync(path.join(dir, 'hub'))
  fs.writeFileSync(path.join(dir, 'hub', name), text)
  return toolkitArchive(dir, (await compressionMethod()) === 'zstd-without-long' ? 'zstd' : 'gzip')
}

/** A stand-in save worker: answers `answer` on fd 3, after noting the files of its stage and its key. */
function worker(answer: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-worker-')), 'worker.cjs')
  fs.writeFileSync(
    file,
    `const fs = require('fs');
fs.writeFileSync(process.env.SEEN, JSON.stringify({ files: fs.readdirSync('hub'), key: process.argv[2] }));
fs.writeSync(3, ${JSON.stringify(answer)})\n`
  )
  return file
}

describe('the service of a step', () => {
  it('is there only with the v2 service’s URL and a runtime token', () => {
    expect(cacheServiceAvailable()).toBe(true)
    delete process.env.ACTIONS_RUNTIME_TOKEN
    expect(cacheServiceAvailable()).toBe(false)
  })

  it('looks an entry up under the version of this machine’s compression: found, or not', async () => {
    const service = await CacheService.open(hub, 'restored')
    expect(await service.find('acme/one', 'held', ['held/'])).toEqual({
      found: { matchedKey: 'held', url: `${url}blob/1?sig=s` }
    })
    expect(await service.find('acme/two', 'missing', [])).toEqual({ found: undefined })
    expect(asked[0]).toEqual({
      key: 'held',
      restore_keys: ['held/'],
      version: entryVersion(await compressionMethod())
    })
    await service.close()
  })

  it('receives an archive into a stage of its own, hands it to use, and removes it after', async () => {
    archive = await archiveOf('entries.json', '{"entries":[]}')
    const service = await CacheService.open(hub, 'restored')
    expect(path.dirname(service.stagesRoot)).toBe(path.join(hub, STAGE_DIR))
    const found = (await service.find('the index', 'held', []))!.found!
    let staged = ''
    const text = await service.fetch('the index', 'index', found, async stage => {
      staged = stage.dir
      return fs.readFileSync(path.join(stage.hub, 'entries.json'), 'utf8')
    })
    expect(text).toBe('{"entries":[]}')
    expect(path.dirname(staged)).toBe(service.stagesRoot)
    expect(fs.existsSync(staged)).toBe(false)
    await service.close()
    expect(fs.existsSync(path.join(hub, STAGE_DIR))).toBe(false)
  })

  it('saves what the fill staged through the worker, with the key; nothing when the fill staged nothing', async () => {
    const seen = path.join(hub, 'seen.json')
    process.env.SEEN = seen
    try {
      const service = await CacheService.open(hub, 'saved', { worker: worker('{"outcome":"saved"}') })
      expect(service.canSave('acme/one')).toBe(true)
      const fill = async (stage: { hub: string }) => {
        fs.mkdirSync(stage.hub)
        fs.writeFileSync(path.join(stage.hub, 'entries.json'), 'x'.repeat(5))
        return 5
      }
      expect(await service.saveStaged('the index', 'index', 'the-key', fill)).toEqual({
        bytes: 5,
        result: { outcome: 'saved' }
      })
      expect(JSON.parse(fs.readFileSync(seen, 'utf8'))).toEqual({ files: ['entries.json'], key: 'the-key' })
      expect(core.info).toHaveBeenCalledWith('Cache: saving the index (5 B) as the-key')
      fs.rmSync(seen)
      expect(await service.saveStaged('the index', 'index', 'k', async () => undefined)).toBeUndefined()
      expect(fs.existsSync(seen)).toBe(false)
      await service.close()
    } finally {
      delete process.env.SEEN
    }
  })
})

describe('the compression', () => {
  it('is the toolkit’s choice on this machine (zstd when it answers), asked once a process', async () => {
    const zstd = (() => {
      try {
        return execFileSync('zstd', ['--quiet', '--version']).toString().trim() !== ''
      } catch {
        return false
      }
    })()
    expect(await compressionMethod()).toBe(zstd ? 'zstd-without-long' : 'gzip')
    expect(compressionMethod()).toBe(compressionMethod())
  })
})
