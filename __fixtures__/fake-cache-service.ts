/**
 * A local GitHub Actions cache service (v2: Twirp JSON at /twirp/github.actions.results.api.v1.CacheService/*,
 * archives uploaded to a signed Azure-Blob-style URL with PUT ?comp=block / ?comp=blocklist or a single
 * PUT, downloaded with GET) so the real `@actions/cache` code restores and saves through it end to end.
 * Matching follows GitHub's rules: exact key, then key prefix, then each restore key exact then prefix,
 * newest first, always within the same version.
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import { close, listen, readBody } from './http-body.js'

const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/'

export interface CacheEntry {
  id: number
  key: string
  version: string
  archive?: Buffer
  blocks: Map<string, Buffer>
  finalized: boolean
  createdAt: number
}

export type CacheFault = 'none' | 'error-400' | 'error-500'

export class FakeCacheService {
  readonly runtimeToken = `runtime-${randomBytes(6).toString('hex')}`
  entries: CacheEntry[] = []
  fault: CacheFault = 'none'
  /**
   * The service's own refusal of an upload (its size over a limit, a spent quota): a message, given when the
   * upload is finalized, or undefined to accept it.
   */
  refuse: (key: string, sizeBytes: number) => string | undefined = () => undefined
  calls: string[] = []
  private nextId = 1
  private server = http.createServer((req, res) => void this.handle(req, res))
  url = ''

  async start(): Promise<this> {
    this.url = `${await listen(this.server)}/`
    return this
  }

  stop(): Promise<void> {
    return close(this.server)
  }

  /** The variables the runner gives a job for the v2 cache service. */
  env(): Record<string, string> {
    return {
      ACTIONS_CACHE_SERVICE_V2: 'True',
      ACTIONS_RESULTS_URL: this.url,
      ACTIONS_RUNTIME_TOKEN: this.runtimeToken
    }
  }

  finalized(): CacheEntry[] {
    return this.entries.filter(e => e.finalized)
  }

  /** Bytes of every stored archive: what counts against the repository's cache quota. */
  storedBytes(): number {
    return this.finalized().reduce((sum, e) => sum + (e.archive?.length ?? 0), 0)
  }

  private find(keys: string[], version: string): CacheEntry | undefined {
    const candidates = this.finalized()
      .filter(e => e.version === version)
      .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
    for (const key of keys) {
      const exact = candidates.find(e => e.key === key)
      if (exact) return exact
      const prefix = candidates.find(e => e.key.startsWith(key))
      if (prefix) return prefix
    }
    return undefined
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body)
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) })
    res.end(text)
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url)
    const body = await readBody(req)
    if (url.pathname.startsWith(SERVICE))
      return this.twirp(req, res, url.pathname.slice(SERVICE.length), body)
    // Not the service's: what a test or the bench running the service in another process reads of it.
    if (url.pathname === '/_stats')
      return this.json(res, 200, { calls: this.calls.length, storedBytes: this.storedBytes() })
    const blob = /^\/devstoreaccount1\/actions-cache\/(\d+)$/.exec(url.pathname)
    if (!blob || url.searchParams.get('sig') === null) {
      res.writeHead(403)
      return void res.end()
    }
    const entry = this.entries.find(e => e.id === Number(blob[1]))
    if (!entry) {
      res.writeHead(404)
      return void res.end()
    }
    if (req.method === 'GET' || req.method === 'HEAD') return this.download(req, res, entry)
    if (req.method === 'PUT') return this.upload(res, url, entry, body)
    res.writeHead(405)
    res.end()
  }

  private twirp(req: http.IncomingMessage, res: http.ServerResponse, method: string, body: Buffer): void {
    this.calls.push(method)
    if (req.headers.authorization !== `Bearer ${this.runtimeToken}`) {
      return this.json(res, 401, { code: 'unauthenticated', msg: 'invalid runtime token' })
    }
    if (this.fault === 'error-400')
      return this.json(res, 400, { code: 'invalid_argument', msg: 'cache service is failing' })
    if (this.fault === 'error-500')
      return this.json(res, 500, { code: 'internal', msg: 'cache service is failing' })
    const request = JSON.parse(body.toString() || '{}') as Record<string, unknown>
    const version = String(request.version ?? '')
    const key = String(request.key ?? '')
    if (method === 'GetCacheEntryDownloadURL') {
      const restoreKeys = (request.restore_keys as string[] | undefined) ?? []
      const entry = this.find([key, ...restoreKeys], version)
      if (!entry) return this.json(res, 200, { ok: false })
      return this.json(res, 200, {
        ok: true,
        signed_download_url: this.blobUrl(entry),
        matched_key: entry.key
      })
    }
    if (method === 'CreateCacheEntry') {
      // An entry is reserved once: a second job creating the same key while the first uploads is refused too.
      if (this.entries.some(e => e.key === key && e.version === version)) {
        return this.json(res, 409, {
          code: 'already_exists',
          msg: 'cache entry with the same key, version, and scope already exists'
        })
      }
      const entry: CacheEntry = {
        id: this.nextId++,
        key,
        version,
        blocks: new Map(),
        finalized: false,
        createdAt: Date.now()
      }
      this.entries.push(entry)
      return this.json(res, 200, { ok: true, signed_upload_url: this.blobUrl(entry) })
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const entry = this.entries.find(e => e.key === key && e.version === version && !e.finalized)
      if (!entry || !entry.archive || entry.archive.length !== Number(request.size_bytes)) {
        return this.json(res, 200, { ok: false, message: 'no matching upload' })
      }
      const refusal = this.refuse(key, entry.archive.length)
      if (refusal) {
        this.entries = this.entries.filter(e => e !== entry)
        return this.json(res, 200, { ok: false, message: refusal })
      }
      entry.finalized = true
      entry.createdAt = Date.now()
      return this.json(res, 200, { ok: true, entry_id: String(entry.id) })
    }
    this.json(res, 404, { code: 'bad_route', msg: `no method ${method}` })
  }

  private blobUrl(entry: CacheEntry): string {
    return `${this.url}devstoreaccount1/actions-cache/${entry.id}?sv=2024-08-04&sr=b&sp=rcw&sig=${randomBytes(12).toString('base64url')}`
  }

  private download(req: http.IncomingMessage, res: http.ServerResponse, entry: CacheEntry): void {
    if (!entry.finalized || !entry.archive) {
      res.writeHead(404)
      return void res.end()
    }
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(entry.archive.length)
    })
    res.end(req.method === 'HEAD' ? undefined : entry.archive)
  }

  /** Azure Blob: a single-shot PUT, or staged blocks committed by a block list. */
  private upload(res: http.ServerResponse, url: URL, entry: CacheEntry, body: Buffer): void {
    const comp = url.searchParams.get('comp')
    if (comp === 'block') {
      entry.blocks.set(url.searchParams.get('blockid') ?? '', body)
    } else if (comp === 'blocklist') {
      const ids = [...body.toString().matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)<\//g)].map(
        m => m[1]
      )
      entry.archive = Buffer.concat(ids.map(id => entry.blocks.get(id) ?? Buffer.alloc(0)))
    } else {
      entry.archive = body
    }
    res.writeHead(201, {
      ETag: `"0x${randomBytes(8).toString('hex')}"`,
      'Last-Modified': new Date().toUTCString(),
      'x-ms-request-id': randomBytes(8).toString('hex'),
      'x-ms-version': '2024-08-04',
      'x-ms-request-server-encrypted': 'true',
      'Content-Length': '0'
    })
    res.end()
  }
}
