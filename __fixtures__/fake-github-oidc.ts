/**
 * GitHub's id-token service as a job sees it: `ACTIONS_ID_TOKEN_REQUEST_URL` (with `?api-version=2.0`, to which
 * clients append `&audience=`) and `ACTIONS_ID_TOKEN_REQUEST_TOKEN` as a bearer token; the answer is
 * `{"count": n, "value": "<JWT>"}`. The JWTs carry GitHub's real claim names and a signature-shaped tail (the
 * fake Hub trusts this issuer by its claims, as the real Hub trusts GitHub's by its keys).
 */
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import { close, listen } from './http-body.js'

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'

export interface JobIdentity {
  repository: string
  ref: string
  workflowFile: string
  environment?: string
  eventName?: string
}

export const DEFAULT_JOB: JobIdentity = {
  repository: 'acme/ml-ci',
  ref: 'refs/heads/main',
  workflowFile: 'ci.yml',
  eventName: 'push'
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

export class FakeGitHubOidc {
  readonly requestToken = `ghs_${randomBytes(12).toString('hex')}`
  job: JobIdentity = { ...DEFAULT_JOB }
  /** Every id token issued, for leak scans. */
  readonly issued: string[] = []
  /** Audiences asked for. */
  readonly audiences: string[] = []
  private server = http.createServer((req, res) => this.handle(req, res))
  url = ''

  async start(): Promise<this> {
    this.url = await listen(this.server)
    return this
  }

  stop(): Promise<void> {
    return close(this.server)
  }

  /** What the runner gives every step of a job with `permissions: id-token: write`. */
  env(): Record<string, string> {
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${this.url}/_apis/token/idtoken?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.requestToken
    }
  }

  /** A token with GitHub's claims for the current job. */
  mint(audience: string): string {
    const { repository, ref, workflowFile, environment, eventName } = this.job
    const now = Math.floor(Date.now() / 1000)
    const workflowRef = `${repository}/.github/workflows/${workflowFile}@${ref}`
    const payload = {
      jti: randomBytes(16).toString('hex'),
      sub: environment ? `repo:${repository}:environment:${environment}` : `repo:${repository}:ref:${ref}`,
      aud: audience,
      ref,
      sha: createHash('sha1').update(ref).digest('hex'),
      repository,
      repository_owner: repository.split('/')[0],
      repository_owner_id: '1234',
      repository_id: '5678',
      repository_visibility: 'private',
      run_id: '42',
      run_number: '7',
      run_attempt: '1',
      runner_environment: 'github-hosted',
      actor: 'octocat',
      actor_id: '1',
      workflow: 'CI',
      workflow_ref: workflowRef,
      workflow_sha: createHash('sha1').update(workflowRef).digest('hex'),
      job_workflow_ref: workflowRef,
      event_name: eventName ?? 'push',
      ref_type: 'branch',
      ...(environment ? { environment } : {}),
      iss: GITHUB_ISSUER,
      nbf: now - 5,
      iat: now,
      exp: now + 300
    }
    const header = { alg: 'RS256', typ: 'JWT', kid: 'fake-key', x5t: 'fake-key' }
    const token = `${b64url(header)}.${b64url(payload)}.${randomBytes(256).toString('base64url')}`
    this.issued.push(token)
    return token
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url)
    if (req.headers.authorization?.toLowerCase() !== `bearer ${this.requestToken}`) {
      res.writeHead(401, { 'content-type': 'application/json' })
      return void res.end(JSON.stringify({ message: 'Bad credentials' }))
    }
    // Python's httpx replaces the URL's query with its own params, dropping api-version: not required here.
    if (url.pathname !== '/_apis/token/idtoken') {
      res.writeHead(404)
      return void res.end()
    }
    const audience =
      url.searchParams.get('audience') ?? `https://github.com/${this.job.repository.split('/')[0]}`
    this.audiences.push(audience)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ count: 1, value: this.mint(audience) }))
  }
}
