/**
 * A local GitHub Actions cache service (v2: Twirp JSON at /twirp/github.actions.results.api.v1.CacheService/*,
 * archives uploaded to a signed Azure-Blob-style URL with PUT ?comp=block / ?comp=blocklist or a single
 * PUT, downloaded with GET) so the real `@actions/cache` code restores and saves through it end to end.
 * Matching follows GitHub's rules: exact key, then key prefix, then each restore key exact then prefix,
 * newest first, always within the same version.
 *
 * It answers like GitHub's when asked to (hub-contract.md, "Cache caveats"): per-minute limits on uploads
 * (CreateCacheEntry) and downloads (GetCacheEntryDownloadURL), answered 429 with `Retry-After`; a storage
 * quota past which creating an entry answers "insufficient usage"; outages (every call 5xx); calls that are
 * accepted and never answered; reservations that are exclusive. Each job can have a runtime token of its own
 * (`env(job)`), so a test counts the calls of each job of a matrix.
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

/** What can be made to hang: a Twirp method, or the archive download / upload of the storage. */
export type Hangable =
  'GetCacheEntryDownloadURL' | 'CreateCacheEntry' | 'FinalizeCacheEntryUpload' | 'download' | 'upload'

export interface CacheCall {
  method: string
  /** The job whose runtime token made it (`env(job)`), '' for the shared token. */
  job: string
  /** 0 for a call never answered. */
  status: number
  /** When it arrived, and when it was answered (ms since the epoch). */
  at: number
  answeredAt: number
}

/** GitHub's per-repository limits, scaled down for a test: calls allowed in each window. */
export interface RateLimits {
  uploads: number
  downloads: number
  windowMs: number
}

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
  /** Every Twirp call, with its job and the status answered. */
  log: CacheCall[] = []
  limits?: RateLimits
  /** Bytes of stored archives past which creating an entry answers "insufficient usage". */
  quotaBytes?: number
  /** What is accepted and never answered (until the service stops). */
  hang = new Set<Hangable>()
  private window = { start: 0, uploads: 0, downloads: 0 }
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

  /** The variables the runner gives a job for the v2 cache service (with a runtime token of `job`'s own). */
  env(job = ''): Record<string, string> {
    return {
      ACTIONS_CACHE_SERVICE_V2: 'True',
      ACTIONS_RESULTS_URL: this.url,
      ACTIONS_RUNTIME_TOKEN: job ? `${this.runtimeToken}.${job}` : this.runtimeToken
    }
  }

  /** The calls of one job (all jobs' when `job` is undefined), by method. */
  callsOf(job?: string): Record<string, number> {
    const counts: Record<string, number> = {}
    for (const call of this.log.filter(c => job === undefined || c.job === job))
      counts[call.method] = (counts[call.method] ?? 0) + 1
    return counts
  }

  /** New limits, from a fresh window. */
  setLimits(limits: RateLimits | undefined): void {
    this.limits = limits
    this.window = { start: Date.now(), uploads: 0, downloads: 0 }
  }

  /**
   * Calls of `method` by `job` made after the client had the service's first 429 (or quota refusal) to them:
   * what a client that heeds the answer never makes. Calls sent at once with the refused one reach the
   * service a few milliseconds apart, so only those arriving `graceMs` after the refusal count.
   */
  callsAfterRefusal(method: string, job: string, status = 429, graceMs = 500): number {
    const calls = this.log.filter(c => c.method === method && c.job === job)
    const first = Math.min(...calls.filter(c => c.status === status).map(c => c.answeredAt))
    return calls.filter(c => c.at > first + graceMs).length
  }

  /** Whether a call of this kind is over the window's limit (counting it when it is not). */
  private overLimit(kind: 'uploads' | 'downloads'): number | undefined {
    if (!this.limits) return undefined
    const now = Date.now()
    if (now - this.window.start >= this.limits.windowMs)
      this.window = { start: now, uploads: 0, downloads: 0 }
    if (this.window[kind] >= this.limits[kind])
      return Math.max(1, Math.ceil((this.window.start + this.limits.windowMs - now) / 1000))
    this.window[kind]++
    return undefined
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

  private json(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {}
  ): void {
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      ...headers
    })
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
    if (url.pathname === '/_fault') {
      this.fault = (url.searchParams.get('mode') ?? 'none') as CacheFault
      return this.json(res, 200, { fault: this.fault })
    }
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
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (this.hang.has('download')) return
      return this.download(req, res, entry)
    }
    if (req.method === 'PUT') {
      if (this.hang.has('upload')) return
      return this.upload(res, url, entry, body)
    }
    res.writeHead(405)
    res.end()
  }

  private twirp(req: http.IncomingMessage, res: http.ServerResponse, method: string, body: Buffer): void {
    this.calls.push(method)
    const auth = req.headers.authorization ?? ''
    const job = auth.startsWith(`Bearer ${this.runtimeToken}.`)
      ? auth.slice(`Bearer ${this.runtimeToken}.`.length)
      : ''
    const at = Date.now()
    const answer = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      this.log.push({ method, job, status, at, answeredAt: Date.now() })
      this.json(res, status, value, headers)
    }
    if (auth !== `Bearer ${this.runtimeToken}` && !job) {
      return answer(401, { code: 'unauthenticated', msg: 'invalid runtime token' })
    }
    if (this.hang.has(method as Hangable))
      return void this.log.push({ method, job, status: 0, at, answeredAt: Infinity })
    if (this.fault === 'error-400')
      return answer(400, { code: 'invalid_argument', msg: 'cache service is failing' })
    if (this.fault === 'error-500') return answer(500, { code: 'internal', msg: 'cache service is failing' })
    const limited =
      method === 'CreateCacheEntry'
        ? this.overLimit('uploads')
        : method === 'GetCacheEntryDownloadURL'
          ? this.overLimit('downloads')
          : undefined
    if (limited !== undefined) {
      return answer(
        429,
        { code: 'resource_exhausted', msg: 'too many requests' },
        { 'Retry-After': String(limited) }
      )
    }
    const request = JSON.parse(body.toString() || '{}') as Record<string, unknown>
    const version = String(request.version ?? '')
    const key = String(request.key ?? '')
    if (method === 'GetCacheEntryDownloadURL') {
      const restoreKeys = (request.restore_keys as string[] | undefined) ?? []
      const entry = this.find([key, ...restoreKeys], version)
      if (!entry) return answer(200, { ok: false })
      return answer(200, {
        ok: true,
        signed_download_url: this.blobUrl(entry),
        matched_key: entry.key
      })
    }
    if (method === 'CreateCacheEntry') {
      if (this.quotaBytes !== undefined && this.storedBytes() >= this.quotaBytes) {
        return answer(403, {
          code: 'resource_exhausted',
          msg: 'insufficient usage to create cache entry: the repository cache storage quota is spent'
        })
      }
      // An entry is reserved once: a second job creating the same key while the first uploads is refused too.
      if (this.entries.some(e => e.key === key && e.version === version)) {
        return answer(409, {
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
      return answer(200, { ok: true, signed_upload_url: this.blobUrl(entry) })
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const entry = this.entries.find(e => e.key === key && e.version === version && !e.finalized)
      if (!entry || !entry.archive || entry.archive.length !== Number(request.size_bytes)) {
        return answer(200, { ok: false, message: 'no matching upload' })
      }
      const refusal = this.refuse(key, entry.archive.length)
      if (refusal) {
        this.entries = this.entries.filter(e => e !== entry)
        return answer(200, { ok: false, message: refusal })
      }
      entry.finalized = true
      entry.createdAt = Date.now()
      return answer(200, { ok: true, entry_id: String(entry.id) })
    }
    answer(404, { code: 'bad_route', msg: `no method ${method}` })
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
