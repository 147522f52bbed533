/**
 * Git's smart HTTP protocol as the Hub serves it (`{endpoint}/{owner}/{name}` clones): real `git http-backend`
 * (CGI) over bare repos, behind an auth check like a gated repo's — HTTP Basic, any username, the token as
 * password, else 401 with a `WWW-Authenticate` challenge. Plugs into the fake Hub (same origin) or stands alone.
 */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import type http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { Override } from './fake-hub.js'

export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1'
}

export function hasGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export class GitRepos {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-git-repos-'))
  /** Every Authorization header the server saw. */
  readonly authorizations: string[] = []

  /** A bare repo `owner/name.git` with one commit holding `files`. */
  create(id: string, files: Record<string, string>): string {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-git-work-'))
    const env = { ...process.env, ...GIT_ENV, HOME: work }
    const run = (args: string[], cwd = work) => execFileSync('git', args, { cwd, env, stdio: 'pipe' })
    run(['init', '-q', '-b', 'main'])
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(work, name), content)
    run(['add', '.'])
    run(['commit', '-q', '-m', 'initial'])
    const bare = path.join(this.root, `${id}.git`)
    fs.mkdirSync(path.dirname(bare), { recursive: true })
    run(['clone', '-q', '--bare', work, bare], this.root)
    return bare
  }

  /**
   * A handler for the smart-HTTP paths: `authorize` gets the Basic password (undefined when none was sent).
   * For the fake Hub, as an override (same origin as the API).
   */
  handler(
    authorize: (password: string | undefined) => boolean,
    /** Where the LFS batch API sends a download of `oid` (another origin, like the Hub's CDN). */
    lfsHref?: (oid: string) => string | undefined
  ): Override {
    return (req, res, url) => {
      const match =
        /^\/([^/]+\/[^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|info\/lfs\/objects\/batch)$/.exec(
          url.pathname
        )
      if (!match) return false
      if (req.headers.authorization) this.authorizations.push(req.headers.authorization)
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1]
      const password = basic
        ? Buffer.from(basic, 'base64').toString().split(':').slice(1).join(':')
        : undefined
      if (!authorize(password) || !fs.existsSync(path.join(this.root, `${match[1]}.git`))) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Authentication required"' })
        res.end('Invalid username or password.')
        return true
      }
      if (match[2] === 'info/lfs/objects/batch') void this.lfsBatch(req, res, lfsHref)
      else this.backend(req, res, `/${match[1]}.git/${match[2]}`, url.search.slice(1))
      return true
    }
  }

  /** The git-lfs batch API: each object's download href, on another origin, with no credentials of ours. */
  private async lfsBatch(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    lfsHref: ((oid: string) => string | undefined) | undefined
  ): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { objects: { oid: string; size: number }[] }
    const objects = body.objects.map(({ oid, size }) => {
      const href = lfsHref?.(oid)
      return href
        ? { oid, size, authenticated: true, actions: { download: { href, expires_in: 3600 } } }
        : { oid, size, error: { code: 404, message: 'Object does not exist' } }
    })
    res.writeHead(200, { 'Content-Type': 'application/vnd.git-lfs+json' })
    res.end(JSON.stringify({ transfer: 'basic', objects }))
  }

  private backend(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathInfo: string,
    query: string
  ): void {
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: this.root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: pathInfo,
        QUERY_STRING: query,
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
        REMOTE_USER: 'hf',
        REMOTE_ADDR: '127.0.0.1',
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: this.root
      }
    })
    req.pipe(cgi.stdin)
    let head = Buffer.alloc(0)
    let headerDone = false
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headerDone) return void res.write(chunk)
      head = Buffer.concat([head, chunk])
      const end = head.indexOf('\r\n\r\n')
      if (end === -1) return
      headerDone = true
      let status = 200
      const headers: Record<string, string> = {}
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const colon = line.indexOf(':')
        const name = line.slice(0, colon).trim()
        const value = line.slice(colon + 1).trim()
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10)
        else headers[name] = value
      }
      res.writeHead(status, headers)
      res.write(head.subarray(end + 4))
    })
    cgi.on('close', () => res.end())
  }
}
