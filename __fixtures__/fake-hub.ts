/**
 * A local Hugging Face Hub that speaks what Python huggingface_hub and huggingface.js expect of the real one: the
 * same endpoints,
 * status codes and headers (X-Error-Code, X-Error-Message, X-Repo-Commit, X-Linked-Etag, 302 to a CDN on
 * another origin, 429 with Retry-After and RateLimit). Tests build repos, tokens and faults in memory.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { readBody } from './http-body.js'

export type RepoType = 'model' | 'dataset' | 'space'

export interface FakeUser {
  name: string
  orgs?: string[]
  role?: 'read' | 'write' | 'admin' | 'contributor' | 'fineGrained'
  canReadGatedRepos?: boolean
  /**
   * A token from the keyless exchange: `gated-repos` (a CI/CD identity: read-only, no private repos) or one
   * repo (`type:id`, a repo publisher's token, refused on every other route).
   */
  scope?: 'gated-repos' | { repo: string }
  /** whoami's `auth` for this token, when not an access token. */
  authType?: string
}

/** A trusted publisher configured on the Hub: claims matched exactly against the GitHub id token. */
export interface TrustedPublisher {
  /** A username (CI/CD identity) or `[datasets/|spaces/]owner/name`. */
  resource: string
  repository: string
  branch?: string
  /** The workflow file name, as in `workflow_ref`. */
  workflow?: string
  environment?: string
}

export interface FakeFile {
  content: Buffer
  lfs: boolean
}

export interface FakeRepo {
  type: RepoType
  id: string
  gated?: false | 'auto' | 'manual'
  private?: boolean
  disabled?: boolean
  /** Accounts granted access to a gated or private repo. */
  members?: string[]
  branches: Record<string, string>
  tags?: Record<string, string>
  commits: Record<string, Record<string, FakeFile>>
  /** Paths the tree listing reports that are not real files (hostile names). */
  extraTreePaths?: string[]
}

export interface Faults {
  /** Request path → number of 429 answers to give before answering normally. */
  rateLimit: Map<string, number>
  /** Seconds sent in Retry-After with those 429s. */
  retryAfterSeconds: number
  /** sha256 of LFS blobs whose next CDN transfer is cut off half-way (counts down). */
  resetMidBody: Map<string, number>
  /** Added before every API answer. */
  latencyMs: number
  /** Added before every CDN answer: a distant CDN's time to first byte, paid once per request. */
  cdnLatencyMs: number
  /** Answer every request with this status (e.g. 503), or 0. */
  failAll: number
  /** The CDN answers every request whole (200), ignoring `Range`, as some servers do. */
  cdnIgnoresRange: boolean
  /** sha256 of LFS blobs the CDN serves with one byte flipped (a corrupting proxy). */
  cdnCorrupt: Set<string>
  /** `/oauth/token` answers 503 this many times before answering normally. */
  oauthFailures: number
  /** `/oauth/token` answers `invalid_grant` "This operation was aborted" (a server fault) this many times. */
  oauthAborted: number
  /** Cap on each CDN connection's throughput, as a distant CDN has (0: none). */
  cdnBytesPerSecond: number
  /** The CDN sends one byte every this many ms (a hostile or broken server that never quite stalls; 0: off). */
  cdnDripMs: number
  /**
   * The CDN holds its first answers until this many requests are in flight at once (or 5 s have passed), then
   * answers normally: a test of concurrency sees exactly the peak the client allows, whatever the machine's
   * scheduling (0: off).
   */
  cdnBarrier: number
  /** The same for the Hub's own API answers (0: off). */
  apiBarrier: number
  /**
   * How long the CDN URLs `/resolve` redirects to stay valid (`X-Amz-Expires`), as the Hub's Xet bridge signs
   * them: a URL resolved with `Range` is signed for that range only (src/prewarm/location.ts).
   */
  signedUrlSeconds: number
  /**
   * The CDN serves this many requests, then refuses every one with 403 whatever its signature (a CDN or a
   * proxy in front of it that turned hostile mid-transfer); -1: off.
   */
  cdnRefuseAfter: number
  /** Requests each signed CDN URL serves before it answers "Request has expired" (0: no such limit). */
  signedUrlUses: number
}

/** A hostile answer for one path: writes the whole response itself and returns true, or false to pass. */
export type Override = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean

export interface HubStats {
  requests: number
  apiRequests: number
  resolveRequests: number
  /** CDN requests refused (403) for their signature: expired, or signed for another range. */
  cdnRefusals: number
  /** File content bytes sent by the Hub and the CDN together. */
  contentBytes: number
  cdnRequests: number
  /** Every Authorization header the CDN ever saw (should stay empty). */
  cdnAuthorizations: string[]
  /** The header names of each CDN request (which client sent it shows in them). */
  cdnHeaderNames: string[][]
  paths: string[]
  /** The most API/resolve requests the Hub was answering at one time. */
  peakInFlight: number
  /** Accept-Encoding of every file request (resolve and CDN). */
  acceptEncodings: string[]
  /** `Range` of every CDN request ('' when none). */
  cdnRanges: string[]
  /** The most CDN requests being answered at one time. */
  cdnPeakInFlight: number
}

const POINTER_SIZE = 134
/** Another loopback address: another host and origin, never a place the token may go. */
export const CDN_HOST = '127.0.0.2'

/** Digests of file contents, computed once: a listing or a redirect must not re-hash gigabytes each time. */
const digests = new WeakMap<Buffer, string>()

export function sha256(data: Buffer | string): string {
  if (typeof data === 'string') return createHash('sha256').update(data).digest('hex')
  let digest = digests.get(data)
  if (digest === undefined) {
    digest = createHash('sha256').update(data).digest('hex')
    digests.set(data, digest)
  }
  return digest
}

/**
 * A file's Xet hash, as the tree listing gives it for files stored on Xet (every LFS file here). The fake Hub has
 * no Xet CAS: any 64 hex derived from the content stands in for the real merkle hash.
 */
export function xetHash(content: Buffer): string {
  return sha256(Buffer.concat([Buffer.from('xet:'), content]))
}

export function gitBlobSha1(data: Buffer): string {
  return createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex')
}

export function fakeCommit(seed: string): string {
  return createHash('sha1').update(seed).digest('hex')
}

/** Deterministic pseudo-random bytes (stable blobs and hashes across runs), fast enough for hundreds of MB. */
export function bytes(seed: string, size: number): Buffer {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16)
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16))
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()])
}

function repoKey(type: RepoType, id: string): string {
  return `${type}:${id}`
}

export class FakeHub {
  readonly repos = new Map<string, FakeRepo>()
  readonly tokens = new Map<string, FakeUser>()
  readonly faults: Faults = {
    rateLimit: new Map(),
    retryAfterSeconds: 1,
    resetMidBody: new Map(),
    latencyMs: 0,
    cdnLatencyMs: 0,
    failAll: 0,
    cdnBytesPerSecond: 0,
    cdnDripMs: 0,
    cdnBarrier: 0,
    apiBarrier: 0,
    signedUrlSeconds: 3600,
    cdnRefuseAfter: -1,
    signedUrlUses: 0,
    oauthFailures: 0,
    oauthAborted: 0,
    cdnIgnoresRange: false,
    cdnCorrupt: new Set()
  }
  readonly publishers: TrustedPublisher[] = []
  /** Every token the exchange issued, and every id token it was given (leak scans). */
  readonly exchanges: { resource: string; issued?: string; subjectToken: string; error?: string }[] = []
  /** Answers that replace the normal ones, by path (hostile-server tests). */
  readonly overrides: { path: RegExp; answer: Override }[] = []
  /**
   * A path the Hub API is served under, as an enterprise mirror serves it
   * (`https://artifactory.example/api/huggingfaceml/hf-remote`); requests outside it get 404.
   */
  basePath = ''
  stats: HubStats = FakeHub.emptyStats()
  /** Holds the CDN's answer to its `n`th request (from 1) until the promise it returns settles (tests' events). */
  cdnHold: ((n: number) => Promise<void> | undefined) | undefined
  /**
   * Listings give LFS files a `xetHash`, as the Hub does for files on Xet. Off by default: Python, seeing one,
   * downloads through Xet, which the fake Hub does not serve.
   */
  xetInListings = false
  pageSize = 50
  readonly server: http.Server
  private readonly cdn: http.Server
  private blobs = new Map<string, Buffer>()
  private requestSeq = 0
  private inFlight = 0
  url = ''
  cdnUrl = ''

  /**
   * `cdnTls`, `hubTls`: the CDN (the Hub) speaks HTTPS with this certificate, as the real ones do. `names`: the
   * host names the Hub's and the CDN's URLs use instead of their addresses (names only a proxy resolves).
   */
  constructor(
    private readonly options: {
      cdnTls?: { cert: string; key: string }
      hubTls?: { cert: string; key: string }
      names?: { hub: string; cdn: string }
    } = {}
  ) {
    const onCdn = (req: http.IncomingMessage, res: http.ServerResponse) => this.handleCdn(req, res)
    const onHub = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res)
    this.cdn = options.cdnTls ? https.createServer(options.cdnTls, onCdn) : http.createServer(onCdn)
    this.server = options.hubTls ? https.createServer(options.hubTls, onHub) : http.createServer(onHub)
  }

  static emptyStats(): HubStats {
    return {
      requests: 0,
      apiRequests: 0,
      resolveRequests: 0,
      cdnRefusals: 0,
      contentBytes: 0,
      cdnRequests: 0,
      cdnAuthorizations: [],
      cdnHeaderNames: [],
      paths: [],
      peakInFlight: 0,
      acceptEncodings: [],
      cdnRanges: [],
      cdnPeakInFlight: 0
    }
  }

  resetStats(): void {
    this.stats = FakeHub.emptyStats()
  }

  addToken(token: string, user: FakeUser): this {
    this.tokens.set(token, user)
    return this
  }

  addRepo(repo: FakeRepo): this {
    this.repos.set(repoKey(repo.type, repo.id), repo)
    for (const files of Object.values(repo.commits)) {
      for (const file of Object.values(files))
        if (file.lfs) this.blobs.set(sha256(file.content), file.content)
    }
    return this
  }

  /** A new commit on a branch: `changes` replaces or adds files; the rest are carried over. */
  pushCommit(type: RepoType, id: string, changes: Record<string, FakeFile>, branch = 'main'): string {
    const repo = this.repos.get(repoKey(type, id))
    if (!repo) throw new Error(`no repo ${id}`)
    const parent = repo.branches[branch]
    const commit = fakeCommit(`${id}:${parent}:${Object.keys(changes).join(',')}:${this.requestSeq++}`)
    repo.commits[commit] = { ...repo.commits[parent], ...changes }
    repo.branches[branch] = commit
    this.addRepo(repo)
    return commit
  }

  async start(): Promise<this> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve))
    // The CDN is another host, as on the real Hub (Python follows same-host redirects whatever the port).
    await new Promise<void>(resolve => this.cdn.listen(0, CDN_HOST, resolve))
    const names = this.options.names ?? { hub: '127.0.0.1', cdn: CDN_HOST }
    const hubScheme = this.options.hubTls ? 'https' : 'http'
    this.url = `${hubScheme}://${names.hub}:${(this.server.address() as AddressInfo).port}`
    const scheme = this.options.cdnTls ? 'https' : 'http'
    this.cdnUrl = `${scheme}://${names.cdn}:${(this.cdn.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    this.cdn.closeAllConnections()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
    await new Promise<void>(resolve => this.cdn.close(() => resolve()))
  }

  private baseHeaders(res: http.ServerResponse): void {
    res.setHeader('X-Request-Id', `Root=1-fake-${++this.requestSeq}`)
    res.setHeader(
      'Access-Control-Expose-Headers',
      'X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,X-Linked-Etag,X-Linked-Size,ETag,Link'
    )
  }

  private sendError(
    res: http.ServerResponse,
    status: number,
    message: string,
    code?: string,
    extra: Record<string, string> = {}
  ): void {
    if (code) res.setHeader('X-Error-Code', code)
    res.setHeader('X-Error-Message', message)
    for (const [k, v] of Object.entries(extra)) res.setHeader(k, v)
    this.sendJson(res, status, { error: message })
  }

  private sendJson(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {}
  ): void {
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      ...headers
    })
    res.end(res.req.method === 'HEAD' ? undefined : text)
  }

  /** undefined: anonymous; null: a token was sent but is not valid. */
  private caller(req: http.IncomingMessage): FakeUser | undefined | null {
    const header = req.headers.authorization
    if (!header) return undefined
    const token = /^Bearer (.+)$/.exec(header)?.[1]
    return (token && this.tokens.get(token)) || null
  }

  private canRead(repo: FakeRepo, user: FakeUser | undefined): boolean {
    if (typeof user?.scope === 'object') return user.scope.repo === repoKey(repo.type, repo.id)
    if (!repo.private && !repo.gated) return true
    if (!user) return false
    if (user.scope === 'gated-repos' && repo.private) return false
    const owner = repo.id.split('/')[0]
    return repo.members?.includes(user.name) || user.name === owner || !!user.orgs?.includes(owner)
  }

  private resolveRevision(repo: FakeRepo, rev: string): string | undefined {
    if (repo.branches[rev]) return repo.branches[rev]
    if (repo.tags?.[rev]) return repo.tags[rev]
    if (/^[0-9a-f]{40}$/.test(rev) && repo.commits[rev]) return rev
    return undefined
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.stats.requests++
    this.stats.peakInFlight = Math.max(this.stats.peakInFlight, ++this.inFlight)
    res.on('close', () => this.inFlight--)
    const original = new URL(req.url ?? '/', this.url)
    this.stats.paths.push(`${req.method} ${original.pathname}`)
    this.baseHeaders(res)
    for (const { path, answer } of this.overrides)
      if (path.test(original.pathname) && answer(req, res, original)) return
    if (this.basePath && !original.pathname.startsWith(`${this.basePath}/`))
      return this.sendError(res, 404, 'Not Found')
    const url = new URL(original.href)
    url.pathname = original.pathname.slice(this.basePath.length)
    if (this.faults.latencyMs) await new Promise(r => setTimeout(r, this.faults.latencyMs))
    if (this.faults.apiBarrier) await new Promise<void>(resolve => this.atBarrier(resolve, 'apiBarrier'))
    if (this.faults.failAll) return this.sendError(res, this.faults.failAll, 'Service Unavailable')
    const limited = this.faults.rateLimit.get(url.pathname)
    if (limited) {
      this.faults.rateLimit.set(url.pathname, limited - 1)
      const t = String(this.faults.retryAfterSeconds)
      return this.sendError(res, 429, 'You have exceeded our rate limit. Please retry later.', undefined, {
        'Retry-After': t,
        RateLimit: `"api";r=0;t=${t}`,
        'RateLimit-Policy': '"fixed window";"api";q=500;w=300'
      })
    }
    if (url.pathname === '/oauth/token' && req.method === 'POST') return this.oauthToken(req, res)
    const user = this.caller(req)
    if (user === null) return this.sendError(res, 401, 'Invalid credentials in Authorization header')
    try {
      if (url.pathname === '/api/whoami-v2') {
        // Repo-scoped tokens are refused on routes that are not their repo's.
        if (typeof user?.scope === 'object')
          return this.sendError(res, 401, 'Invalid credentials in Authorization header')
        return this.whoami(res, user)
      }
      const api = /^\/api\/(models|datasets|spaces)\/([^/]+\/[^/]+)(?:\/(.*))?$/.exec(url.pathname)
      if (api) {
        this.stats.apiRequests++
        return await this.api(req, res, url, api[1].slice(0, -1) as RepoType, api[2], api[3] ?? '', user)
      }
      const resolve = /^\/(?:(datasets|spaces)\/)?([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname)
      if (resolve) {
        this.stats.resolveRequests++
        const type = (resolve[1]?.slice(0, -1) ?? 'model') as RepoType
        return this.resolve(
          req,
          res,
          type,
          resolve[2],
          decodeURIComponent(resolve[3]),
          decodeURIComponent(resolve[4]),
          user
        )
      }
      this.sendError(res, 404, 'Not Found')
    } catch (error) {
      this.sendError(res, 500, String(error))
    }
  }

  private whoami(res: http.ServerResponse, user: FakeUser | undefined): void {
    if (!user) return this.sendError(res, 401, 'Invalid username or password.')
    const role = user.role ?? 'read'
    this.sendJson(res, 200, {
      type: 'user',
      id: fakeCommit(user.name).slice(0, 24),
      name: user.name,
      fullname: user.name.toUpperCase(),
      email: `${user.name}@example.com`,
      emailVerified: true,
      isPro: false,
      canPay: false,
      avatarUrl: '',
      periodEnd: null,
      orgs: (user.orgs ?? []).map(name => ({
        type: 'org',
        name,
        fullname: name,
        id: fakeCommit(name).slice(0, 24)
      })),
      auth: user.authType
        ? { type: user.authType }
        : {
            type: 'access_token',
            accessToken: {
              displayName: 'ci',
              role,
              createdAt: '2026-01-01T00:00:00.000Z',
              ...(role === 'fineGrained'
                ? {
                    fineGrained: {
                      canReadGatedRepos: user.canReadGatedRepos ?? false,
                      global: [],
                      scoped: []
                    }
                  }
                : {})
            }
          }
    })
  }

  /** The keyless exchange (RFC 8693): the contract's request, answer and error shapes. */
  private async oauthToken(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const oauthError = (status: number, error: string, description: string, subject = '', resource = '') => {
      this.exchanges.push({ resource, subjectToken: subject, error })
      this.sendJson(res, status, { error, error_description: description })
    }
    if (this.faults.oauthFailures > 0) {
      this.faults.oauthFailures--
      return this.sendError(res, 503, 'Service Unavailable')
    }
    let body: Record<string, unknown>
    try {
      body = JSON.parse((await readBody(req)).toString()) as Record<string, unknown>
    } catch {
      return oauthError(400, 'invalid_request', 'Invalid JSON body')
    }
    const subject = typeof body.subject_token === 'string' ? body.subject_token : ''
    const resource = typeof body.resource === 'string' ? body.resource : ''
    if (body.grant_type !== 'urn:ietf:params:oauth:grant-type:token-exchange')
      return oauthError(400, 'unsupported_grant_type', 'Unsupported grant type', subject, resource)
    if (body.subject_token_type !== 'urn:ietf:params:oauth:token-type:id_token' || !subject || !resource)
      return oauthError(400, 'invalid_request', 'Missing or malformed parameter', subject, resource)
    if (!/^(?:(?:datasets|spaces|kernels)\/)?[\w.-]+(?:\/[\w.-]+)?$/.test(resource))
      return oauthError(400, 'invalid_request', 'Invalid resource', subject, resource)
    if (this.faults.oauthAborted > 0) {
      this.faults.oauthAborted--
      return oauthError(400, 'invalid_grant', 'This operation was aborted', subject, resource)
    }
    const grant = this.grant(subject, resource)
    if (!grant) return oauthError(400, 'invalid_grant', 'Invalid subject token', subject, resource)
    const user: FakeUser =
      typeof grant === 'string'
        ? { name: '[OIDC]', scope: { repo: grant } }
        : { ...grant, scope: 'gated-repos', authType: 'oauth' }
    const token = `${resource.includes('/') ? 'hf_jwt_' : 'hf_oauth_'}${randomBytes(20).toString('hex')}`
    this.tokens.set(token, user)
    this.exchanges.push({ resource, subjectToken: subject, issued: token })
    this.sendJson(res, 200, {
      access_token: token,
      token_type: 'bearer',
      expires_in: 3600,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token'
    })
  }

  /**
   * What a matching publisher grants: the user (for a username resource) or the repo key; undefined when the
   * id token's issuer, audience or claims match no publisher (the real Hub does not say which).
   */
  private grant(subject: string, resource: string): FakeUser | string | undefined {
    let claims: Record<string, unknown>
    try {
      claims = JSON.parse(Buffer.from(subject.split('.')[1] ?? '', 'base64url').toString()) as Record<
        string,
        unknown
      >
    } catch {
      return undefined
    }
    if (claims.iss !== 'https://token.actions.githubusercontent.com' || claims.aud !== this.url)
      return undefined
    const branch = typeof claims.ref === 'string' ? claims.ref.replace(/^refs\/heads\//, '') : undefined
    const workflow = /\/\.github\/workflows\/([^@]+)@/.exec(String(claims.workflow_ref))?.[1]
    const match = this.publishers.find(
      p =>
        p.resource === resource &&
        p.repository === claims.repository &&
        (p.branch === undefined || p.branch === branch) &&
        (p.workflow === undefined || p.workflow === workflow) &&
        (p.environment === undefined || p.environment === claims.environment)
    )
    if (!match) return undefined
    if (!resource.includes('/')) return [...this.tokens.values()].find(u => u.name === resource && !u.scope)
    const [prefix, ...rest] = resource.split('/')
    const type = ({ datasets: 'dataset', spaces: 'space' } as Record<string, RepoType>)[prefix]
    const key = type ? repoKey(type, rest.join('/')) : repoKey('model', resource)
    return this.repos.has(key) ? key : undefined
  }

  /** Private and missing repos look alike: 401 anonymous, 404 authenticated. */
  private notFound(res: http.ServerResponse, user: FakeUser | undefined): void {
    this.sendError(res, user ? 404 : 401, 'Repository not found', 'RepoNotFound')
  }

  private visibleRepo(type: RepoType, id: string, user: FakeUser | undefined): FakeRepo | undefined {
    const repo = this.repos.get(repoKey(type, id))
    if (!repo) return undefined
    if (repo.private && !this.canRead(repo, user)) return undefined
    return repo
  }

  private gatedError(res: http.ServerResponse, repo: FakeRepo, user: FakeUser | undefined): void {
    const label = repo.type === 'model' ? repo.id : `${repo.type}s/${repo.id}`
    if (!user) {
      return this.sendError(
        res,
        401,
        `Access to ${repo.type} ${repo.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
        'GatedRepo'
      )
    }
    this.sendError(
      res,
      403,
      `Access to ${repo.type} ${repo.id} is restricted and you are not in the authorized list. Visit https://huggingface.co/${label} to ask for access.`,
      'GatedRepo'
    )
  }

  private async api(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    type: RepoType,
    id: string,
    rest: string,
    user: FakeUser | undefined
  ): Promise<void> {
    const repo = this.visibleRepo(type, id, user)
    if (!repo) return this.notFound(res, user)
    if (repo.disabled) return this.sendError(res, 403, 'Access to this resource is disabled.')
    if (rest === 'auth-check') {
      if (!this.canRead(repo, user)) return this.gatedError(res, repo, user)
      return this.sendJson(res, 200, {})
    }
    let rev = 'main'
    let sub = ''
    let kind = 'info'
    const revision = /^revision\/(.+)$/.exec(rest)
    const tree = /^tree\/([^/]+)(?:\/(.*))?$/.exec(rest)
    const pathsInfo = /^paths-info\/([^/]+)$/.exec(rest)
    if (revision) rev = decodeURIComponent(revision[1])
    else if (tree) [kind, rev, sub] = ['tree', decodeURIComponent(tree[1]), tree[2] ?? '']
    else if (pathsInfo) [kind, rev] = ['paths-info', decodeURIComponent(pathsInfo[1])]
    else if (rest) return this.sendError(res, 404, 'Not Found')
    const commit = this.resolveRevision(repo, rev)
    if (!commit) return this.sendError(res, 404, `Invalid rev id: ${rev}`, 'RevisionNotFound')
    const files = repo.commits[commit]
    if (kind === 'info') {
      return this.sendJson(res, 200, {
        _id: fakeCommit(id).slice(0, 24),
        id,
        author: id.split('/')[0],
        sha: commit,
        private: !!repo.private,
        gated: repo.gated ?? false,
        disabled: false,
        downloads: 0,
        likes: 0,
        tags: [],
        lastModified: '2026-01-01T00:00:00.000Z',
        siblings: Object.keys(files).map(rfilename => ({ rfilename }))
      })
    }
    const entries = this.treeEntries(repo, files, sub)
    if (kind === 'paths-info') {
      const body = await readBody(req)
      const wanted = new URLSearchParams(body.toString()).getAll('paths')
      return this.sendJson(
        res,
        200,
        entries
          .filter(e => wanted.includes(e.path))
          .map(e => ({ ...e, lastCommit: { id: commit, title: 'c', date: '2026-01-01T00:00:00.000Z' } }))
      )
    }
    const cursor = Number(url.searchParams.get('cursor') ?? 0)
    const page = entries.slice(cursor, cursor + this.pageSize)
    const headers: Record<string, string> = {}
    if (cursor + this.pageSize < entries.length) {
      const next = new URL(url.href)
      next.pathname = this.basePath + url.pathname
      next.searchParams.set('cursor', String(cursor + this.pageSize))
      headers.Link = `<${next.href}>; rel="next"`
    }
    this.sendJson(res, 200, page, headers)
  }

  private treeEntries(repo: FakeRepo, files: Record<string, FakeFile>, sub: string) {
    const out: {
      type: string
      oid: string
      size: number
      path: string
      lfs?: { oid: string; size: number; pointerSize: number }
      xetHash?: string
    }[] = []
    const dirs = new Set<string>()
    const paths = [...Object.keys(files), ...(repo.extraTreePaths ?? [])].sort()
    for (const path of paths) {
      if (sub && !path.startsWith(`${sub}/`)) continue
      const parts = path.split('/')
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'))
      const file = files[path] ?? { content: Buffer.from('hostile'), lfs: false }
      const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(file.content)}\nsize ${file.content.length}\n`
      out.push({
        type: 'file',
        oid: file.lfs ? gitBlobSha1(Buffer.from(pointer)) : gitBlobSha1(file.content),
        size: file.content.length,
        path,
        ...(file.lfs
          ? {
              lfs: { oid: sha256(file.content), size: file.content.length, pointerSize: POINTER_SIZE },
              ...(this.xetInListings ? { xetHash: xetHash(file.content) } : {})
            }
          : {})
      })
    }
    for (const dir of dirs) out.push({ type: 'directory', oid: fakeCommit(dir), size: 0, path: dir })
    return out.sort((a, b) => a.path.localeCompare(b.path))
  }

  private resolve(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    type: RepoType,
    id: string,
    rev: string,
    path: string,
    user: FakeUser | undefined
  ): void {
    const repo = this.visibleRepo(type, id, user)
    if (!repo) return this.notFound(res, user)
    if (repo.disabled) return this.sendError(res, 403, 'Access to this resource is disabled.')
    if (!this.canRead(repo, user)) return this.gatedError(res, repo, user)
    const commit = this.resolveRevision(repo, rev)
    if (!commit) return this.sendError(res, 404, `Invalid rev id: ${rev}`, 'RevisionNotFound')
    const file = repo.commits[commit][path]
    if (!file)
      return this.sendError(res, 404, `Entry not found`, 'EntryNotFound', { 'X-Repo-Commit': commit })
    res.setHeader('X-Repo-Commit', commit)
    if (req.method === 'GET') this.stats.acceptEncodings.push(String(req.headers['accept-encoding']))
    if (file.lfs) {
      const oid = sha256(file.content)
      res.writeHead(302, {
        Location: this.signedCdnUrl(oid, req.headers.range),
        'X-Linked-Etag': `"${oid}"`,
        'X-Linked-Size': String(file.content.length),
        ETag: `"${oid}"`,
        'Content-Length': '0'
      })
      return void res.end()
    }
    res.setHeader('ETag', `"${gitBlobSha1(file.content)}"`)
    this.sendContent(req, res, file.content)
  }

  /** Sends a body honouring `Range` (206 + Content-Range), counting content bytes. */
  private sendContent(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    content: Buffer,
    { cut = false, bytesPerSecond = 0, dripMs = 0 } = {}
  ): void {
    let start = 0
    let end = content.length - 1
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
    if (range) {
      start = Number(range[1])
      end = range[2] ? Math.min(Number(range[2]), end) : end
      if (start > end) {
        res.writeHead(416, { 'Content-Range': `bytes */${content.length}` })
        return void res.end()
      }
    }
    const body = content.subarray(start, end + 1)
    res.writeHead(range ? 206 : 200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(body.length),
      'Accept-Ranges': 'bytes',
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${content.length}` } : {})
    })
    if (req.method === 'HEAD') return void res.end()
    const cutAt = Math.floor(body.length / 2)
    if (cut && cutAt > 0) {
      // A connection reset mid-body: half the bytes, then the socket is destroyed.
      this.stats.contentBytes += cutAt
      res.write(body.subarray(0, cutAt), () => void setTimeout(() => res.destroy(), 20))
      return
    }
    this.stats.contentBytes += body.length
    if (dripMs) {
      // One byte at a time, for ever slower than any reasonable floor but never silent.
      let sent = 0
      const drip = setInterval(() => {
        if (res.destroyed || sent >= body.length) return clearInterval(drip)
        res.write(body.subarray(sent, ++sent))
      }, dripMs)
      res.on('close', () => clearInterval(drip))
      return
    }
    if (!bytesPerSecond) return void res.end(body)
    // Throttled: 64 KiB slices, each after the time the cap allows for it.
    const slice = 64 * 1024
    let sent = 0
    const next = () => {
      if (res.destroyed) return
      const part = body.subarray(sent, sent + slice)
      sent += part.length
      if (sent >= body.length) return void res.end(part)
      res.write(part)
      setTimeout(next, (part.length / bytesPerSecond) * 1000)
    }
    next()
  }

  private cdnInFlight = 0
  private readonly signatureUses = new Map<string, number>()

  /**
   * A CDN URL as the Xet bridge signs it: `X-Amz-Date` and `X-Amz-Expires` bound it in time, and a URL
   * resolved with `Range` carries that range in its signed part (`x-amz-range` stands for it here).
   */
  signedCdnUrl(oid: string, range?: string): string {
    const date = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '')
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Date': date,
      'X-Amz-Expires': String(this.faults.signedUrlSeconds),
      ...(range ? { 'x-amz-range': range } : {}),
      'X-Amz-Signature': randomBytes(16).toString('hex')
    })
    return `${this.cdnUrl}/repos/${oid.slice(0, 2)}/${oid}?${query}`
  }

  /** Why the CDN refuses a signed URL for this request, or undefined when it is valid. */
  private signatureProblem(url: URL, range: string | undefined): string | undefined {
    const date = url.searchParams.get('X-Amz-Date')
    const expires = Number(url.searchParams.get('X-Amz-Expires'))
    if (!date || !Number.isFinite(expires)) return 'Auth failed: missing signature'
    const signed = Date.parse(date.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'))
    if (!(Date.now() <= signed + expires * 1000)) return 'Request has expired'
    if (this.faults.signedUrlUses > 0) {
      const signature = url.searchParams.get('X-Amz-Signature') ?? ''
      const uses = (this.signatureUses.get(signature) ?? 0) + 1
      this.signatureUses.set(signature, uses)
      if (uses > this.faults.signedUrlUses) return 'Request has expired'
    }
    const signedRange = url.searchParams.get('x-amz-range')
    if (signedRange !== null && signedRange !== range) return 'Auth failed: invalid range'
    return undefined
  }

  private handleCdn(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.stats.cdnRequests++
    this.stats.cdnRanges.push(req.headers.range ?? '')
    this.stats.cdnPeakInFlight = Math.max(this.stats.cdnPeakInFlight, ++this.cdnInFlight)
    res.on('close', () => this.cdnInFlight--)
    const askedRange = req.headers.range
    if (this.faults.cdnIgnoresRange) delete req.headers.range
    if (req.headers.authorization) this.stats.cdnAuthorizations.push(req.headers.authorization)
    this.stats.cdnHeaderNames.push(Object.keys(req.headers).sort())
    const requested = new URL(req.url ?? '/', this.cdnUrl)
    const match = /^\/repos\/[0-9a-f]{2}\/([0-9a-f]{64})$/.exec(requested.pathname)
    const content = match && this.blobs.get(match[1])
    if (!match || !content) {
      res.writeHead(404)
      return void res.end()
    }
    const refused =
      this.faults.cdnRefuseAfter === 0 ? 'Auth failed: refused' : this.signatureProblem(requested, askedRange)
    if (this.faults.cdnRefuseAfter > 0) this.faults.cdnRefuseAfter--
    if (refused) {
      this.stats.cdnRefusals++
      res.writeHead(403, { 'Content-Type': 'text/plain' })
      return void res.end(refused)
    }
    const cuts = this.faults.resetMidBody.get(match[1]) ?? 0
    if (cuts > 0) this.faults.resetMidBody.set(match[1], cuts - 1)
    const served = this.faults.cdnCorrupt.has(match[1]) ? Buffer.from(content) : content
    if (served !== content) served[served.length - 1] ^= 0xff
    const send = () =>
      this.sendContent(req, res, served, {
        cut: cuts > 0,
        bytesPerSecond: this.faults.cdnBytesPerSecond,
        dripMs: this.faults.cdnDripMs
      })
    const hold = this.cdnHold?.(this.stats.cdnRequests)
    if (hold) void hold.then(send)
    else if (this.faults.cdnBarrier) this.atBarrier(send, 'cdnBarrier')
    else if (this.faults.cdnLatencyMs) setTimeout(send, this.faults.cdnLatencyMs)
    else send()
  }

  private waiting: Record<'cdnBarrier' | 'apiBarrier', (() => void)[]> = { cdnBarrier: [], apiBarrier: [] }

  /** Holds `send` until `cdnBarrier` answers wait (then releases them all), or 5 s have passed. */
  private atBarrier(send: () => void, which: 'cdnBarrier' | 'apiBarrier'): void {
    const waiting = this.waiting[which]
    waiting.push(send)
    const release = () => {
      this.faults[which] = 0
      for (const held of waiting.splice(0)) held()
    }
    if (waiting.length >= this.faults[which]) return release()
    setTimeout(() => {
      const at = waiting.indexOf(send)
      if (at >= 0) waiting.splice(at, 1)[0]()
    }, 5000).unref()
  }
}
