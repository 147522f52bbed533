/**
 * End to end against a hostile Hub, a tampered cache and a shared runner, on the committed dist/: nothing
 * from the network or the disk becomes a workflow command, breaks the summary, escapes the cache, hangs the
 * step, or keeps the token after the job.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { bytes, fakeCommit, gitBlobSha1, sha256, type FakeHub } from '../../__fixtures__/fake-hub.js'
import { modelFiles, REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { FakeCacheService } from '../../__fixtures__/fake-cache-service.js'
import { archiveEntries, tokenLeaks } from '../../__fixtures__/leaks.js'
import {
  foreignCommands,
  newJob,
  runAction,
  runPost,
  runStep,
  type Job,
  type StepResult,
  ending,
  SUCCEEDED
} from '../../__fixtures__/runner.js'

let hub: FakeHub
beforeAll(async () => {
  hub = await startWorld()
})
afterAll(() => hub.stop())
afterEach(() => {
  hub.overrides.length = 0
  hub.faults.cdnBytesPerSecond = 0
  hub.faults.cdnDripMs = 0
  hub.basePath = ''
})

/** A line that, printed raw, the runner would obey as an error annotation titled X. */
const INJECT = 'a\n::error title=X::y'

function errors(step: StepResult) {
  return step.commands.filter(c => c.command === 'error')
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
  return true
}

/** Rewrites fields of the real answer for a path: the rest of the Hub behaves normally. */
function rewriteJson(pathPattern: RegExp, edit: (body: Record<string, unknown>) => void) {
  hub.overrides.push({
    path: pathPattern,
    answer: (req, res, url) => {
      if (req.headers['x-proxied']) return false
      void fetch(`${hub.url}${url.pathname}${url.search}`, {
        headers: { authorization: req.headers.authorization ?? '', 'x-proxied': '1' }
      }).then(async real => {
        const body = (await real.json()) as Record<string, unknown>
        edit(body)
        json(res, real.status, body)
      })
      return true
    }
  })
}

function summaryIsStillTables(summary: string): void {
  expect(summary.split('<table>').length).toBe(summary.split('</table>').length)
  expect(summary).not.toMatch(/<img|<script|\n\s*#|\]\(/)
}

const base = (extra: Record<string, string> = {}) => ({
  'hf-token': TOKENS.alice,
  endpoint: hub.url,
  cache: 'false',
  ...extra
})

describe('workflow-command and summary injection', () => {
  it('refuses a listed file name with a line break, and prints nothing the runner would obey', async () => {
    const commit = fakeCommit('newline-names')
    hub.addRepo({
      type: 'model',
      id: 'evil/newline-names',
      branches: { main: commit },
      commits: {
        [commit]: {
          'config.json': { content: Buffer.from('{}'), lfs: false },
          [INJECT]: { content: Buffer.from('x'), lfs: false },
          'b\r::warning title=X::y': { content: Buffer.from('x'), lfs: false }
        }
      }
    })
    const main = await runStep(newJob(), 'main', base({ repos: 'evil/newline-names', download: 'true' }))
    expect(main.exitCode).toBe(1)
    expect(foreignCommands(main)).toEqual([])
    const [error] = errors(main)
    expect(error.message).toContain('contains a control character')
    expect(error.message).toContain('a\\n::error title=X::y')
  })

  it.each([
    ['name', (b: Record<string, unknown>) => (b.name = INJECT)],
    ['orgs', (b: Record<string, unknown>) => (b.orgs = [{ name: INJECT }])],
    ['name as a number', (b: Record<string, unknown>) => (b.name = 1234)]
  ])('refuses a whoami %s that is not an account name', async (_what, edit) => {
    rewriteJson(/^\/api\/whoami-v2$/, edit)
    const main = await runStep(newJob(), 'main', base())
    expect(main.exitCode).toBe(1)
    expect(foreignCommands(main)).toEqual([])
    const [error] = errors(main)
    expect(error.properties.title).toBe('Unexpected answer from the Hub')
    expect(error.message).toMatch(/whoami .*"(name|orgs)"/)
    expect(main.stderr).not.toContain('TypeError')
  })

  it('reports an unknown token role as unknown instead of echoing it', async () => {
    rewriteJson(/^\/api\/whoami-v2$/, b => {
      ;(b.auth as { accessToken: { role: string } }).accessToken.role = `read${INJECT}`
    })
    const main = await runStep(newJob(), 'main', base())
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.outputs['token-role']).toBe('')
    expect(main.stdout).toContain('token role: unknown')
    expect(foreignCommands(main)).toEqual([])
  })

  it.each([
    [
      'a non-hex sha with a line break',
      (b: Record<string, unknown>) => (b.sha = `zz${INJECT}`),
      /"sha" is not/
    ],
    ['a number for sha', (b: Record<string, unknown>) => (b.sha = 1234), /"sha" is not/],
    [
      'a gated value that would break the summary',
      (b: Record<string, unknown>) =>
        (b.gated =
          '</td></tr></table>\n\n# heading [link](https://evil.example) <img src=x>\n::error title=X::y'),
      /"gated" is not/
    ]
  ])('refuses repo info with %s: one clear error, summary still a table', async (_what, edit, why) => {
    rewriteJson(/\/revision\//, edit)
    const main = await runStep(newJob(), 'main', base({ repos: REPOS.public }))
    expect(main.exitCode).toBe(1)
    expect(foreignCommands(main)).toEqual([])
    const titled = errors(main).find(e => e.properties.title?.includes('access check failed'))
    expect(titled?.message).toMatch(why)
    expect(JSON.parse(main.outputs.repos)[0]).toMatchObject({ access: 'error', commit: null, gated: false })
    summaryIsStillTables(main.summary)
    expect(main.stderr).not.toContain('TypeError')
  })

  it('prints a JSON error body with line breaks as one escaped line', async () => {
    hub.overrides.push({
      path: /\/auth-check$/,
      answer: (_req, res) => json(res, 403, { error: `denied${INJECT}\n\n# heading <img src=x>` })
    })
    const main = await runStep(newJob(), 'main', base({ repos: REPOS.public }))
    expect(main.exitCode).toBe(1)
    expect(foreignCommands(main)).toEqual([])
    expect(errors(main)[0].message).toContain('\\n::error title=X::y')
    summaryIsStillTables(main.summary)
  })
})

describe('the token', () => {
  it('is cut from Hub errors that echo it, and from any other token-looking text', async () => {
    hub.overrides.push({
      path: /\/auth-check$/,
      answer: (req, res) =>
        json(
          res,
          401,
          { error: `bad ${req.headers.authorization}; also hf_someoneElsesToken123456` },
          { 'X-Error-Message': `Invalid credentials in Authorization header: ${req.headers.authorization}` }
        )
    })
    const main = await runStep(newJob(), 'main', base({ repos: REPOS.public }))
    expect(main.exitCode).toBe(1)
    expect(tokenLeaks([main], TOKENS.alice)).toEqual([])
    expect(main.stdout).not.toContain('hf_someoneElsesToken123456')
    expect(errors(main)[0].message).toContain('Authorization header: Bearer ***')
  })

  it('with a line break inside is refused before anything prints it, each line masked', async () => {
    const halves = ['hf_first_half_0123456789', 'hf_second_half_0123456789']
    const main = await runStep(newJob(), 'main', base({ 'hf-token': halves.join('\n') }))
    expect(main.exitCode).toBe(1)
    expect(errors(main)[0].properties.title).toBe('Invalid input "hf-token"')
    expect(errors(main)[0].message).toContain('line break inside it')
    for (const half of halves) {
      const lines = main.stdout.split('\n').filter(l => l.includes(half))
      expect(lines.every(l => l.startsWith('::add-mask::'))).toBe(true)
    }
    expect(main.exportedEnv.HF_TOKEN).toBeUndefined()
  })

  it("two steps with different tokens put the machine's own token file back", async () => {
    const job = newJob()
    const tokenFile = path.join(job.home, '.cache', 'huggingface', 'token')
    fs.mkdirSync(path.dirname(tokenFile), { recursive: true })
    fs.writeFileSync(tokenFile, 'hf_the_machines_own_token')
    const first = await runStep(job, 'main', base())
    const second = await runStep(job, 'main', base({ 'hf-token': TOKENS.bob }))
    expect(fs.readFileSync(tokenFile, 'utf8')).toBe(TOKENS.bob)
    // The runner runs post steps in reverse order.
    await runPost(job, second)
    expect(fs.readFileSync(tokenFile, 'utf8')).toBe(TOKENS.alice)
    await runPost(job, first)
    expect(fs.readFileSync(tokenFile, 'utf8')).toBe('hf_the_machines_own_token')
    expect(fs.readdirSync(path.dirname(tokenFile))).toEqual(['token'])
  })

  it('file is removed by post when main is cancelled mid-download (SIGINT, the runner’s first signal)', async () => {
    hub.faults.cdnBytesPerSecond = 256 * 1024
    const job = newJob()
    const tokenFile = path.join(job.home, '.cache', 'huggingface', 'token')
    const blobs = path.join(job.home, '.cache', 'huggingface', 'hub', 'models--acme--tiny-model', 'blobs')
    const main = await runStep(job, 'main', base({ repos: REPOS.public, download: 'true' }), {}, child => {
      const poll = setInterval(() => {
        const downloading = fs.existsSync(blobs) && fs.readdirSync(blobs).some(n => n.endsWith('.incomplete'))
        if (!downloading || !fs.existsSync(tokenFile)) return
        clearInterval(poll)
        // The runner's SIGTERM follows 7.5 s later only if the step has not ended: the step must end on this one.
        child.kill('SIGINT')
      }, 20)
      child.on('exit', () => clearInterval(poll))
    })
    expect(main.exitCode).not.toBe(0)
    expect(main.stdout).toContain('cancelled')
    expect(fs.existsSync(tokenFile)).toBe(true) // later steps of a cancelled job that run always() still see it
    const post = await runPost(job, main)
    expect(ending(post)).toEqual(SUCCEEDED)
    expect(post.stdout).toContain('Removed the token file')
    expect(fs.existsSync(tokenFile)).toBe(false)
    expect(fs.readdirSync(blobs).filter(n => n.endsWith('.incomplete'))).toEqual([])
    expect(tokenLeaks([main, post], TOKENS.alice)).toEqual([])
  })
})

describe('a shared or tampered cache', () => {
  function sharedHome(): { jobA: Job; jobB: Job; hfHome: string } {
    const hfHome = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-shared-home-'))
    return { jobA: newJob({ HF_HOME: hfHome }), jobB: newJob({ HF_HOME: hfHome }), hfHome }
  }

  it('two jobs pre-warming one cache at once both succeed with verified blobs and no leftovers', async () => {
    const weights = bytes('shared-writers', 1024 * 1024)
    const commit = fakeCommit('shared-writers')
    hub.addRepo({
      type: 'model',
      id: 'acme/shared-writers',
      branches: { main: commit },
      commits: {
        [commit]: {
          'model.safetensors': { content: weights, lfs: true },
          'config.json': { content: Buffer.from('{}'), lfs: false }
        }
      }
    })
    // The CDN holds its answers until both jobs' downloads of the weights are in flight: they do overlap.
    hub.faults.cdnBarrier = 2
    hub.resetStats()
    const { jobA, jobB, hfHome } = sharedHome()
    const inputs = base({ repos: 'acme/shared-writers', download: 'true', login: 'false' })
    const [a, b] = await Promise.all([runStep(jobA, 'main', inputs), runStep(jobB, 'main', inputs)])
    expect([a.exitCode, b.exitCode]).toEqual([0, 0])
    expect(hub.stats.cdnPeakInFlight).toBe(2)
    const repo = path.join(hfHome, 'hub', 'models--acme--shared-writers')
    expect(fs.readFileSync(path.join(repo, 'snapshots', commit, 'model.safetensors')).equals(weights)).toBe(
      true
    )
    expect(fs.readdirSync(path.join(repo, 'blobs')).sort()).toEqual(
      [sha256(weights), gitBlobSha1(Buffer.from('{}'))].sort()
    )
  })

  it('never writes or deletes through a linked repo folder or a planted .incomplete link', async () => {
    const job = newJob()
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-outside-'))
    fs.writeFileSync(path.join(outside, 'precious.tmp'), 'keep me')
    const hubDir = path.join(job.home, '.cache', 'huggingface', 'hub')
    fs.mkdirSync(hubDir, { recursive: true })
    fs.symlinkSync(outside, path.join(hubDir, 'models--acme--tiny-model'))
    const main = await runStep(job, 'main', base({ repos: REPOS.public, download: 'true' }))
    expect(main.exitCode).toBe(1)
    expect(errors(main)[0].message).toContain('is a link, which the action does not follow')
    expect(fs.readdirSync(outside)).toEqual(['precious.tmp'])

    // A link planted at the name a download used to write to: the download never writes through it.
    fs.rmSync(path.join(hubDir, 'models--acme--tiny-model'))
    const config = modelFiles('tiny-v2')['config.json'].content
    const blobs = path.join(hubDir, 'models--acme--tiny-model', 'blobs')
    fs.mkdirSync(blobs, { recursive: true })
    fs.symlinkSync(path.join(outside, 'precious.tmp'), path.join(blobs, `${gitBlobSha1(config)}.incomplete`))
    const again = await runStep(job, 'main', base({ repos: REPOS.public, download: 'true' }))
    expect(ending(again)).toEqual(SUCCEEDED)
    expect(fs.readFileSync(path.join(outside, 'precious.tmp'), 'utf8')).toBe('keep me')
    expect(fs.readFileSync(path.join(blobs, gitBlobSha1(config))).equals(config)).toBe(true)
  })

  it('post never walks into or archives a linked repo folder: the link goes, its target stays', async () => {
    const service = await new FakeCacheService().start()
    try {
      const job = newJob(service.env())
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-outside-'))
      fs.writeFileSync(path.join(outside, 'leftover.incomplete'), 'not ours to delete')
      const hubDir = path.join(job.home, '.cache', 'huggingface', 'hub')
      fs.mkdirSync(hubDir, { recursive: true })
      fs.symlinkSync(outside, path.join(hubDir, 'models--evil--elsewhere'))
      const { main, post } = await runAction(
        job,
        base({ cache: 'true', repos: REPOS.public, download: 'true' })
      )
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(ending(post)).toEqual(SUCCEEDED)
      expect(fs.existsSync(path.join(hubDir, 'models--evil--elsewhere'))).toBe(false)
      expect(fs.readFileSync(path.join(outside, 'leftover.incomplete'), 'utf8')).toBe('not ours to delete')
      expect(post.commands.find(c => c.command === 'warning')?.properties.title).toBe(
        'Hugging Face cache: link removed'
      )
      const saved = service.finalized().filter(e => !e.key.includes('/index/'))
      expect(saved).toHaveLength(1)
      const entries = archiveEntries(saved[0].archive!)
      expect(entries.some(e => e.includes('models--evil--elsewhere'))).toBe(false)
      expect(entries.some(e => e.includes('models--acme--tiny-model'))).toBe(true)
    } finally {
      await service.stop()
    }
  })

  it('checks a pre-existing cache before reuse: wrong blobs and files the commit lacks are removed', async () => {
    const job = newJob()
    const inputs = base({ repos: REPOS.public, download: 'true' })
    expect(ending((await runAction(job, inputs)).main)).toEqual(SUCCEEDED)
    const repoDir = path.join(job.home, '.cache', 'huggingface', 'hub', 'models--acme--tiny-model')
    const commit = hub.repos.get(`model:${REPOS.public}`)!.branches.main
    const snapshot = path.join(repoDir, 'snapshots', commit)
    const configBlob = fs.realpathSync(path.join(snapshot, 'config.json'))
    const size = fs.statSync(configBlob).size
    // Same size, other content; and a file the commit does not have, listed in the cached trees file too.
    fs.writeFileSync(configBlob, Buffer.alloc(size, '!'))
    fs.symlinkSync(path.relative(snapshot, configBlob), path.join(snapshot, 'evil.py'))
    const treeFile = path.join(repoDir, 'trees', `${commit}.json`)
    const tree = JSON.parse(fs.readFileSync(treeFile, 'utf8'))
    tree.files['evil.py'] = tree.files['config.json']
    fs.writeFileSync(treeFile, JSON.stringify(tree))
    hub.resetStats()
    const { main } = await runAction(job, inputs)
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.stdout).toContain(
      "removed evil.py from the cached snapshot: it does not match the Hub's listing"
    )
    expect(fs.existsSync(path.join(snapshot, 'evil.py'))).toBe(false)
    expect(fs.readFileSync(path.join(snapshot, 'config.json'), 'utf8')).toBe(
      modelFiles('tiny-v2')['config.json'].content.toString()
    )
    expect(JSON.parse(fs.readFileSync(treeFile, 'utf8')).files['evil.py']).toBeUndefined()
    // Only the wrong blob was fetched again.
    expect(hub.stats.contentBytes).toBe(size)
  })
})

/** A CDN of the test's own on another loopback address, to which the Hub's resolve of `id` redirects. */
async function hostileCdn(
  id: string,
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void
): Promise<{ stop: () => Promise<void> }> {
  const server = http.createServer(answer)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.4', resolve))
  const where = `http://127.0.0.4:${(server.address() as AddressInfo).port}/blob`
  hub.overrides.push({
    path: new RegExp(`^/${id}/resolve/`),
    answer: (_req, res) => (res.writeHead(302, { location: where, 'content-length': '0' }), res.end(), true)
  })
  return {
    stop: async () => {
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    }
  }
}

/** A repo whose one file is `content`, stored on LFS. */
function lfsRepo(id: string, content: Buffer): string {
  const commit = fakeCommit(id)
  hub.addRepo({
    type: 'model',
    id,
    branches: { main: commit },
    commits: { [commit]: { 'model.safetensors': { content, lfs: true } } }
  })
  return commit
}

function leftovers(job: Job, id: string): string[] {
  const blobs = path.join(
    job.home,
    '.cache',
    'huggingface',
    'hub',
    `models--${id.replace('/', '--')}`,
    'blobs'
  )
  return fs.existsSync(blobs) ? fs.readdirSync(blobs) : []
}

describe('a hostile CDN', () => {
  it('cannot make a blob visible unhashed: range 0 cut before its body, then Range ignored', async () => {
    const id = 'evil/range-liar'
    const content = bytes(id, 24 * 1024 * 1024)
    lfsRepo(id, content)
    let firstRangeAnswers = 0
    const cdn = await hostileCdn(id, (req, res) => {
      const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '')
      if (range && range[1] === '0' && ++firstRangeAnswers === 1) {
        res.writeHead(206, {
          'content-range': `bytes 0-${range[2]}/${content.length}`,
          'content-length': String(Number(range[2]) + 1)
        })
        res.flushHeaders()
        return void setTimeout(() => res.destroy(), 100)
      }
      if (range && range[1] !== '0') {
        const [start, end] = [Number(range[1]), Number(range[2])]
        res.writeHead(206, {
          'content-range': `bytes ${start}-${end}/${content.length}`,
          'content-length': String(end - start + 1)
        })
        return void res.end(content.subarray(start, end + 1))
      }
      // Range ignored: the whole file.
      res.writeHead(200, { 'content-length': String(content.length) })
      res.end(content)
    })
    try {
      // The listing claims the sha256 of nothing: only a digest that skipped every byte would match it.
      const empty = sha256(Buffer.alloc(0))
      rewriteJson(/\/tree\//, body => {
        for (const entry of body as unknown as { lfs?: { oid: string } }[])
          if (entry.lfs) entry.lfs.oid = empty
      })
      const job = newJob()
      const main = await runStep(job, 'main', base({ repos: id, download: 'true' }))
      expect(main.exitCode).toBe(1)
      expect(errors(main)[0].message).toContain(`does not match the expected ${empty}`)
      expect(leftovers(job, id)).toEqual([])

      // With an honest listing, the same CDN's file is read again as one stream and lands whole.
      hub.overrides.splice(1)
      firstRangeAnswers = 0
      const honest = await runStep(job, 'main', base({ repos: id, download: 'true' }))
      expect(ending(honest)).toEqual(SUCCEEDED)
      expect(leftovers(job, id)).toEqual([sha256(content)])
      expect(honest.stdout).toContain('with the whole file: reading it again as one stream')
    } finally {
      await cdn.stop()
    }
  })

  it('cannot hold the step with an error body that drips a byte every 2 s', async () => {
    const id = 'evil/drip-403'
    lfsRepo(id, bytes(id, 4096))
    const cdn = await hostileCdn(id, (_req, res) => {
      res.writeHead(403, { 'content-type': 'text/plain', 'content-length': '60000' })
      res.write('A')
      const drip = setInterval(() => res.write('A'), 2000)
      res.on('close', () => clearInterval(drip))
    })
    try {
      const job = newJob()
      const main = await runStep(job, 'main', base({ repos: id, download: 'true' }))
      expect(main.exitCode).toBe(1)
      // The status is reported without the body (it would take a day to arrive): the step ended on its own
      // (this test's time limit is far below that day, and above the error body's own limit).
      expect(errors(main)[0].message).toContain('HTTP 403')
      expect(errors(main)[0].message).not.toContain('AAA')
      expect(leftovers(job, id)).toEqual([])
    } finally {
      await cdn.stop()
    }
  }, 30_000)
})

describe('bounds on time and size', () => {
  it('refuses a listed size no file can have, before planning or allocating anything for it', async () => {
    rewriteJson(/\/tree\//, body => {
      for (const entry of body as unknown as { path: string; size: number; lfs?: { size: number } }[]) {
        if (entry.path !== 'model.safetensors') continue
        entry.size = 2 ** 53 - 1
        if (entry.lfs) entry.lfs.size = 2 ** 53 - 1
      }
    })
    const job = newJob()
    const main = await runStep(job, 'main', base({ repos: REPOS.public, download: 'true' }), {
      NODE_OPTIONS: '--max-old-space-size=256'
    })
    expect(main.exitCode).toBe(1)
    const [error] = errors(main)
    expect(error.properties.title).toBe('Unexpected answer from the Hub')
    expect(error.message).toContain(
      '"model.safetensors" is listed at 9007199254740991 bytes, over the 1.1 TB'
    )
    expect(leftovers(job, REPOS.public).filter(n => n.endsWith('.incomplete'))).toEqual([])
  })

  it('refuses a tree listing whose next page is itself, instead of looping', async () => {
    hub.overrides.push({
      path: /\/tree\//,
      answer: (_req, res, url) =>
        json(res, 200, [{ type: 'file', oid: 'a'.repeat(40), size: 1, path: 'x.json' }], {
          Link: `<${hub.url}${url.pathname}${url.search}>; rel="next"`
        })
    })
    const main = await runStep(newJob(), 'main', base({ repos: REPOS.public, download: 'true' }))
    expect(main.exitCode).toBe(1)
    // Refused when the loop is seen, not by a time limit.
    expect(errors(main)[0].message).toContain('its next-page link points back to a page already read')
  })

  it('stops a pre-warm that drips a byte at a time, at download-timeout-minutes, with what to do', async () => {
    hub.faults.cdnDripMs = 200
    const main = await runStep(
      newJob(),
      'main',
      base({
        repos: `${REPOS.public} model.safetensors`,
        download: 'true',
        'download-timeout-minutes': '0.05'
      })
    )
    expect(main.exitCode).toBe(1)
    const [error] = errors(main)
    // Ended by the pre-warm's own limit (its error says so), not by the throughput floor or the test's limit.
    expect(error.properties.title).toBe('Pre-warm timed out')
    expect(error.message).toContain('download-timeout-minutes')
  }, 30_000)

  it('serves an endpoint with a path (an enterprise mirror) for every call, pre-warm included', async () => {
    hub.basePath = '/api/huggingfaceml/hf-remote'
    const main = await runStep(
      newJob(),
      'main',
      base({ endpoint: `${hub.url}${hub.basePath}`, repos: `${REPOS.llama} *.json`, download: 'true' })
    )
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(JSON.parse(main.outputs.repos)[0]).toMatchObject({ access: 'granted', files: 2 })
  })
})
