/**
 * The stand-ins the bundle uses in place of dependency code a run does not need at start (build-support/,
 * placed by `npm ci`'s postinstall and by `npm run bundle`): each still does what @actions/core asks of it, by
 * loading the real module on first use.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from '../../__fixtures__/runner.js'

// In place even after `npm ci --ignore-scripts` (placing them again changes nothing).
beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs'), '--stand-ins-only'], {
    cwd: ROOT
  })
})

/** A module as the package that imports it resolves it. */
async function standIn<T>(...parts: string[]): Promise<T> {
  return (await import(pathToFileURL(path.join(ROOT, 'node_modules', ...parts)).href)) as T
}

interface HttpClientModule {
  HttpClient: new (
    userAgent: string,
    handlers: unknown[],
    options?: object
  ) => { getJson(url: string): Promise<{ statusCode: number; result: unknown }> }
}

describe("@actions/core's @actions/http-client", () => {
  const seen: { auth?: string; agent?: string }[] = []
  const server = http.createServer((req, res) => {
    seen.push({ auth: req.headers.authorization, agent: req.headers['user-agent'] })
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"value": "an id token"}')
  })
  let url = ''
  beforeAll(async () => {
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  })

  it('is the stand-in, and getJson sends the bearer token through the real client', async () => {
    const dir = ['@actions', 'core', 'node_modules', '@actions', 'http-client']
    const { HttpClient } = await standIn<HttpClientModule>(...dir, 'index.js')
    const { BearerCredentialHandler } = await standIn<{ BearerCredentialHandler: new (t: string) => object }>(
      ...dir,
      'lib',
      'auth.js'
    )
    const client = new HttpClient('actions/oidc-client', [new BearerCredentialHandler('request-token')], {
      allowRetries: false
    })
    const answer = await client.getJson(url)
    expect(answer.statusCode).toBe(200)
    expect(answer.result).toEqual({ value: 'an id token' })
    expect(seen).toEqual([{ auth: 'Bearer request-token', agent: 'actions/oidc-client' }])
  })
})

describe("@actions/core's @actions/exec", () => {
  it('runs a command through the real module', async () => {
    const { getExecOutput } = await standIn<{
      getExecOutput: (
        command: string,
        args: string[],
        options: object
      ) => Promise<{ exitCode: number; stdout: string }>
    }>('@actions', 'core', 'node_modules', '@actions', 'exec', 'index.js')
    const out = await getExecOutput(process.execPath, ['-e', 'process.stdout.write("ran")'], { silent: true })
    expect(out).toEqual(expect.objectContaining({ exitCode: 0, stdout: 'ran' }))
  })
})

describe("@actions/http-client's undici", () => {
  it('says plainly that ProxyAgent is not bundled', async () => {
    const { ProxyAgent } = await standIn<{ ProxyAgent: new () => unknown }>(
      '@actions',
      'http-client',
      'node_modules',
      'undici',
      'index.js'
    )
    expect(() => new ProxyAgent()).toThrow(/ProxyAgent is not bundled in hf-auth-action/)
  })
})
