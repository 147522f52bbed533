/**
 * Python's shared blob store as the action reads and adds to it: only a store Python marked, only links of
 * exactly Python's shape, only payloads whose content is the blob's; a link made manifest first, under the
 * hash's lock.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sha256, xetHash } from '../../__fixtures__/fake-hub.js'
import {
  adoptIntoStore,
  isMarkedStore,
  linkedStoreEntry,
  linkFromStore,
  sharedBlobsEnabled,
  storeEntry
} from '../../src/hub-cache/shared-store.js'

const content = Buffer.from('weights '.repeat(100))
const ETAG = sha256(content)
const XET = xetHash(content)
const BLOB_LINK = `../../blobs/${XET.slice(0, 2)}/${XET}`

afterEach(() => {
  delete process.env.HF_HUB_DISABLE_SHARED_BLOBS
})

/** A hub cache with Python's store marked and a repo folder, optionally holding the payload. */
function cache(withPayload = true): { hub: string; blob: string } {
  const hub = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-unit-'))
  fs.mkdirSync(path.join(hub, 'blobs', XET.slice(0, 2)), { recursive: true })
  fs.writeFileSync(path.join(hub, 'blobs', '.huggingface-shared-blobs'), '1\n')
  if (withPayload) fs.writeFileSync(storeEntry(hub, XET).payload, content)
  fs.mkdirSync(path.join(hub, 'models--a--b', 'blobs'), { recursive: true })
  return { hub, blob: path.join(hub, 'models--a--b', 'blobs', ETAG) }
}

describe('the store’s marker', () => {
  it('is Python’s when blobs/ is a real folder holding exactly "1\\n" in a regular file', async () => {
    const { hub } = cache()
    expect(await isMarkedStore(hub)).toBe(true)
    fs.writeFileSync(path.join(hub, 'blobs', '.huggingface-shared-blobs'), '2\n')
    expect(await isMarkedStore(hub)).toBe(false)
  })

  it('is not, when blobs/ is a link to a marked store elsewhere, or missing', async () => {
    const { hub: elsewhere } = cache()
    const hub = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-unit-'))
    expect(await isMarkedStore(hub)).toBe(false)
    fs.symlinkSync(path.join(elsewhere, 'blobs'), path.join(hub, 'blobs'))
    expect(await isMarkedStore(hub)).toBe(false)
  })

  it('is not, when the marker is a FIFO (never opened blocking)', async () => {
    const { hub } = cache()
    fs.rmSync(path.join(hub, 'blobs', '.huggingface-shared-blobs'))
    execFileSync('mkfifo', [path.join(hub, 'blobs', '.huggingface-shared-blobs')])
    expect(await isMarkedStore(hub)).toBe(false)
  })
})

describe('a repo blob’s link into the store', () => {
  it('is the store’s entry when it has exactly Python’s shape', async () => {
    const { hub, blob } = cache()
    fs.symlinkSync(BLOB_LINK, blob)
    expect(await linkedStoreEntry(hub, blob)).toEqual(storeEntry(hub, XET))
  })

  it.each([
    ['an absolute link', (hub: string) => storeEntry(hub, XET).payload],
    ['a link elsewhere with a hash’s name', () => `../../../${XET}`],
    ['a link to the wrong prefix folder', () => `../../blobs/zz/${XET}`],
    ['a link to a name that is not a hash', () => '../../blobs/ab/not-a-hash']
  ])('is nothing for %s', async (_, target) => {
    const { hub, blob } = cache()
    fs.symlinkSync(target(hub), blob)
    expect(await linkedStoreEntry(hub, blob)).toBeUndefined()
  })

  it('is nothing when the payload is missing, not a file, or its prefix folder a link', async () => {
    const { hub, blob } = cache(false)
    fs.symlinkSync(BLOB_LINK, blob)
    expect(await linkedStoreEntry(hub, blob)).toBeUndefined()
    fs.mkdirSync(storeEntry(hub, XET).payload)
    expect(await linkedStoreEntry(hub, blob)).toBeUndefined()
    const { hub: other } = cache()
    const prefix = path.join(hub, 'blobs', XET.slice(0, 2))
    fs.rmSync(prefix, { recursive: true })
    fs.symlinkSync(path.join(other, 'blobs', XET.slice(0, 2)), prefix)
    expect(await linkedStoreEntry(hub, blob)).toBeUndefined()
  })

  it('is nothing when the store is not marked', async () => {
    const { hub, blob } = cache()
    fs.rmSync(path.join(hub, 'blobs', '.huggingface-shared-blobs'))
    fs.symlinkSync(BLOB_LINK, blob)
    expect(await linkedStoreEntry(hub, blob)).toBeUndefined()
  })
})

describe('Python’s switches', () => {
  it.each(['1', 'ON', ' yes ', 'true', 'True'])('%j in either variable turns the store off', value => {
    expect(sharedBlobsEnabled({ HF_HUB_DISABLE_SHARED_BLOBS: value })).toBe(false)
    expect(sharedBlobsEnabled({ HF_HUB_DISABLE_XET: value })).toBe(false)
  })

  it.each(['', '0', 'no', 'false', 'yesplease', 'not 1'])('%j leaves it on', value => {
    expect(sharedBlobsEnabled({ HF_HUB_DISABLE_SHARED_BLOBS: value, HF_HUB_DISABLE_XET: value })).toBe(true)
  })
})

describe('linking a repo blob from the store', () => {
  it('links a payload of the right size and content, its manifest first', async () => {
    const { hub, blob } = cache()
    expect(await linkFromStore(hub, blob, XET, ETAG, content.length)).toBe(true)
    expect(fs.readlinkSync(blob)).toBe(BLOB_LINK)
    expect(fs.readFileSync(storeEntry(hub, XET).manifest, 'utf8')).toBe(`models--a--b/blobs/${ETAG}\n`)
    expect(fs.readdirSync(path.dirname(blob))).toEqual([ETAG])
  })

  it.each([
    [
      'another size',
      (hub: string) => fs.writeFileSync(storeEntry(hub, XET).payload, Buffer.concat([content, content]))
    ],
    [
      'other content of the same size',
      (hub: string) => fs.writeFileSync(storeEntry(hub, XET).payload, Buffer.alloc(content.length))
    ],
    [
      'a manifest that is a link',
      (hub: string) => fs.symlinkSync('/etc/hostname', storeEntry(hub, XET).manifest)
    ]
  ])('refuses a payload with %s: no link, nothing written', async (_, spoil) => {
    const { hub, blob } = cache()
    spoil(hub)
    expect(await linkFromStore(hub, blob, XET, ETAG, content.length)).toBe(false)
    expect(fs.readdirSync(path.dirname(blob))).toEqual([])
  })
})

describe('a restored payload adopted into the store', () => {
  /** A payload as a restore leaves it in a stage, outside the store. */
  function staged(): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-staged-')), XET)
    fs.writeFileSync(file, content)
    return file
  }

  it('makes the store when there is none (marked as Python marks it), places the payload, links the blob', async () => {
    const hub = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-unit-'))
    const blob = path.join(hub, 'models--a--b', 'blobs', ETAG)
    fs.mkdirSync(path.dirname(blob), { recursive: true })
    const payload = staged()
    expect(await adoptIntoStore(hub, blob, payload, XET, ETAG)).toBe(true)
    expect(await isMarkedStore(hub)).toBe(true)
    expect(fs.readFileSync(storeEntry(hub, XET).payload).equals(content)).toBe(true)
    expect(fs.existsSync(payload)).toBe(false)
    expect(fs.readlinkSync(blob)).toBe(BLOB_LINK)
    expect(fs.readFileSync(storeEntry(hub, XET).manifest, 'utf8')).toBe(`models--a--b/blobs/${ETAG}\n`)
  })

  it('marks a store folder another writer made a moment ago and has not marked yet, as Python does', async () => {
    for (const inFlight of [[], ['.huggingface-shared-blobs.0123abcd.tmp']]) {
      const hub = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-unit-'))
      fs.mkdirSync(path.join(hub, 'blobs'))
      // Another writer's marker on its way (Python writes it beside its name too).
      for (const name of inFlight) fs.writeFileSync(path.join(hub, 'blobs', name), '1')
      const blob = path.join(hub, 'models--a--b', 'blobs', ETAG)
      fs.mkdirSync(path.dirname(blob), { recursive: true })
      expect(await adoptIntoStore(hub, blob, staged(), XET, ETAG)).toBe(true)
      expect(await isMarkedStore(hub)).toBe(true)
      expect(fs.readlinkSync(blob)).toBe(BLOB_LINK)
      // Only the marker, the other writer's and the payload's folder: no temporary file of ours left.
      expect(fs.readdirSync(path.join(hub, 'blobs')).sort()).toEqual(
        ['.huggingface-shared-blobs', ...inFlight, XET.slice(0, 2)].sort()
      )
    }
  })

  it('marks no folder blobs/ links to (an empty one elsewhere), nor writes anything there', async () => {
    const hub = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-unit-'))
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-elsewhere-'))
    fs.symlinkSync(elsewhere, path.join(hub, 'blobs'))
    const blob = path.join(hub, 'models--a--b', 'blobs', ETAG)
    fs.mkdirSync(path.dirname(blob), { recursive: true })
    expect(await adoptIntoStore(hub, blob, staged(), XET, ETAG)).toBe(false)
    expect(fs.readdirSync(elsewhere)).toEqual([])
  })

  it('leaves an unmarked blobs/ folder holding anything else: it is another tool’s', async () => {
    for (const other of [
      'notes.txt',
      '.huggingface-shared-blobs.tmp',
      '.huggingface-shared-blobs.0123ABCD.tmp'
    ]) {
      const hub = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-unit-'))
      fs.mkdirSync(path.join(hub, 'blobs'))
      fs.writeFileSync(path.join(hub, 'blobs', other), 'x')
      const blob = path.join(hub, 'models--a--b', 'blobs', ETAG)
      fs.mkdirSync(path.dirname(blob), { recursive: true })
      expect([other, await adoptIntoStore(hub, blob, staged(), XET, ETAG)]).toEqual([other, false])
      expect(fs.readdirSync(path.join(hub, 'blobs'))).toEqual([other])
    }
  })

  it('keeps a payload the store already holds, and links to it once its content is checked', async () => {
    const { hub, blob } = cache()
    const before = fs.statSync(storeEntry(hub, XET).payload).ino
    const payload = staged()
    expect(await adoptIntoStore(hub, blob, payload, XET, ETAG)).toBe(true)
    expect(fs.statSync(storeEntry(hub, XET).payload).ino).toBe(before)
    expect(fs.readlinkSync(blob)).toBe(BLOB_LINK)
  })

  it('does not link to a wrong payload the store already holds', async () => {
    const { hub, blob } = cache()
    fs.writeFileSync(storeEntry(hub, XET).payload, Buffer.alloc(content.length))
    expect(await adoptIntoStore(hub, blob, staged(), XET, ETAG)).toBe(false)
    expect(fs.existsSync(blob)).toBe(false)
  })

  it('is refused where blobs/ is not Python’s store, or the hash is not one', async () => {
    const hub = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-unit-'))
    fs.writeFileSync(path.join(hub, 'blobs'), 'another tool’s file')
    const blob = path.join(hub, 'models--a--b', 'blobs', ETAG)
    fs.mkdirSync(path.dirname(blob), { recursive: true })
    expect(await adoptIntoStore(hub, blob, staged(), XET, ETAG)).toBe(false)
    expect(fs.readFileSync(path.join(hub, 'blobs'), 'utf8')).toBe('another tool’s file')
    const { hub: marked, blob: other } = cache(false)
    expect(await adoptIntoStore(marked, other, staged(), 'not-a-hash', ETAG)).toBe(false)
  })

  it('is refused where the prefix folder is a file', async () => {
    const { hub, blob } = cache(false)
    fs.rmSync(path.join(hub, 'blobs', XET.slice(0, 2)), { recursive: true })
    fs.writeFileSync(path.join(hub, 'blobs', XET.slice(0, 2)), '')
    expect(await adoptIntoStore(hub, blob, staged(), XET, ETAG)).toBe(false)
  })
})
