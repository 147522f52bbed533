/**
 * The stand-ins the bundle uses for what @actions/core loads at start (build-support/, put in place by
 * scripts/stand-ins.mjs in the bundle's own copy of core, never in node_modules): each still does what core asks
 * of it, by loading the real module on first use; and the build refuses a changed @actions/core.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from '../../__fixtures__/runner.js'

interface StandIns {
  placeOverlay(projectDir: string, overlayRoot: string): string
  checkCore(coreDir: string, supportDir?: string): void
  coreUses(coreDir: string): string[]
  findPackage(name: string, fromDir: string): string
}
const { checkCore, coreUses, findPackage, placeOverlay } = (await import(
  pathToFileURL(path.join(ROOT, 'scripts', 'stand-ins.mjs')).href
)) as StandIns

let core = ''
beforeAll(() => {
  core = placeOverlay(ROOT, fs.mkdtempSync(path.join(os.tmpdir(), 'hf-overlay-')))
})

/** A module of the overlay's copy of @actions/core, as core resolves it. */
async function standIn<T>(...parts: string[]): Promise<T> {
  return (await import(pathToFileURL(path.join(core, 'node_modules', ...parts)).href)) as T
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
    const dir = ['@actions', 'http-client']
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
    }>('@actions', 'exec', 'index.js')
    const out = await getExecOutput(process.execPath, ['-e', 'process.stdout.write("ran")'], { silent: true })
    expect(out).toEqual(expect.objectContaining({ exitCode: 0, stdout: 'ran' }))
  })
})

describe('the overlay', () => {
  it('points each stand-in at the real package core would load, found as Node finds it', () => {
    const real = findPackage('@actions/http-client', findPackage('@actions/core', ROOT))
    const facade = fs.readFileSync(
      path.join(core, 'node_modules', '@actions', 'http-client', 'index.js'),
      'utf8'
    )
    const [specifier] = /import\('([^']+)\/lib\/index\.js'\)/.exec(facade)!.slice(1)
    expect(path.resolve(path.join(core, 'node_modules', '@actions', 'http-client'), specifier)).toBe(real)
  })

  it('leaves node_modules as npm installed it: the overlay is made in a folder of its own', () => {
    const installed = findPackage('@actions/core', ROOT)
    /** Every file below `dir` with its content's fingerprint (links as their target). */
    const tree = (dir: string): Record<string, string> => {
      const out: Record<string, string> = {}
      for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
        const full = path.join(entry.parentPath, entry.name)
        if (entry.isSymbolicLink()) out[path.relative(dir, full)] = `-> ${fs.readlinkSync(full)}`
        else if (entry.isFile()) out[path.relative(dir, full)] = fs.readFileSync(full).toString('base64')
      }
      return out
    }
    const before = tree(installed)
    const overlay = placeOverlay(ROOT, fs.mkdtempSync(path.join(os.tmpdir(), 'hf-overlay-')))
    expect(tree(installed)).toEqual(before)
    // The stand-ins are in the overlay's copy of core, where the bundle finds them.
    for (const name of ['http-client', 'exec'])
      expect(fs.existsSync(path.join(overlay, 'node_modules', '@actions', name, 'index.js'))).toBe(true)
    expect(path.relative(installed, overlay).startsWith('..')).toBe(true)
  })

  it('reads what @actions/core uses of the packages it stands in for, from core’s own source', () => {
    expect(coreUses(findPackage('@actions/core', ROOT))).toEqual([
      '@actions/exec getExecOutput',
      '@actions/http-client HttpClient',
      '@actions/http-client HttpClient#getJson',
      '@actions/http-client/lib/auth BearerCredentialHandler'
    ])
  })

  it('takes an @actions/core update that uses nothing more, and refuses one that does, naming what is missing', () => {
    /** A copy of the installed core beside its packages (so it finds them as the real one does), edited. */
    const coreCopy = (edit: (lib: string) => void) => {
      const installed = findPackage('@actions/core', ROOT)
      const copy = path.join(path.dirname(installed), `core-copy-${Math.random().toString(16).slice(2)}`)
      fs.cpSync(installed, copy, { recursive: true })
      edit(path.join(copy, 'lib'))
      return copy
    }
    const copies: string[] = []
    try {
      // A new release that changes other things: nothing to do.
      copies.push(coreCopy(lib => fs.appendFileSync(path.join(lib, 'core.js'), '\n// a new release\n')))
      expect(() => checkCore(copies[0])).not.toThrow()
      // One that calls another method of HttpClient, and imports another name.
      copies.push(
        coreCopy(lib => {
          const file = path.join(lib, 'oidc-utils.js')
          const source = fs.readFileSync(file, 'utf8')
          fs.writeFileSync(
            file,
            source
              .replace('.getJson(id_token_url)', '.postJson(id_token_url, {})')
              .replace(
                "import { HttpClient } from '@actions/http-client';",
                "import { HttpClient, HttpCodes } from '@actions/http-client';"
              )
          )
        })
      )
      expect(() => checkCore(copies[1])).toThrow(
        /uses what the stand-ins in build-support\/ do not provide: @actions\/http-client HttpClient#postJson; @actions\/http-client HttpCodes/
      )
    } finally {
      for (const copy of copies) fs.rmSync(copy, { recursive: true, force: true })
    }
  })
})
