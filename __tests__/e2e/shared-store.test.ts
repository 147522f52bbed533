/**
 * Python's shared blob store, as Python itself makes it (`publish_blob_to_shared_store`, what an hf_xet download
 * ends with; the fake Hub has no Xet CAS): a persistent hf-home Python filled first is pre-warmed with 0 content
 * bytes and its links kept; a file a later step publishes is saved with the store and loads offline on the next
 * machine; a tampered store is never followed. Checked with Python's own tools (scan_cache_dir, hf cache verify).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FakeCacheService } from '../../__fixtures__/fake-cache-service.js'
import { archiveEntries } from '../../__fixtures__/leaks.js'
import { sha256, xetHash, type FakeHub } from '../../__fixtures__/fake-hub.js'
import { REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { pythonHub } from '../../__fixtures__/python-hub.js'
import { freshMachine, newJob, runAction, runStep, ending, SUCCEEDED } from '../../__fixtures__/runner.js'

const python = pythonHub()
/** Runs Python code (only called where the suite runs, i.e. with Python). */
function py(code: string, env: Record<string, string> = {}): Promise<unknown> {
  if (!python.ok) throw new Error(python.why)
  return python.run(code, env)
}
const describeWithPython = python.ok ? describe : describe.skip
if (!python.ok) console.warn(`shared store tests skipped: ${python.why}`)

let hub: FakeHub
let service: FakeCacheService
beforeAll(async () => {
  hub = await startWorld()
  service = await new FakeCacheService().start()
  // Another repo with the same weights as REPO (Python's store then holds them once for both).
  hub.addRepo({ ...hub.repos.get(`model:${REPO}`)!, id: COPY, gated: false })
})
afterEach(() => {
  hub.xetInListings = false
})
afterAll(async () => {
  await hub.stop()
  await service.stop()
})

const REPO = REPOS.llama
const COPY = 'acme/llama-copy'
const repoDir = (hubCache: string) => path.join(hubCache, 'models--meta-llama--Llama-3.2-1B')

const xetHashOf = xetHash

function lfsFiles(): { path: string; content: Buffer }[] {
  const repo = hub.repos.get(`model:${REPO}`)!
  return Object.entries(repo.commits[repo.branches.main])
    .filter(([, f]) => f.lfs)
    .map(([p, f]) => ({ path: p, content: f.content }))
}

/** Moves the repo's LFS blobs into Python's store, with Python's own function. */
async function publishWithPython(
  hubCache: string,
  files = lfsFiles(),
  folder = 'models--meta-llama--Llama-3.2-1B'
): Promise<void> {
  const entries = files.map(f => ({
    blob: sha256(f.content),
    xet: xetHashOf(f.content),
    size: f.content.length
  }))
  const done = (await py(
    `
from huggingface_hub.utils._shared_blobs import publish_blob_to_shared_store
import os
cache = ${JSON.stringify(hubCache)}
out = []
for e in ${JSON.stringify(entries)}:
    blob = os.path.join(cache, ${JSON.stringify(folder)}, "blobs", e["blob"])
    out.append(publish_blob_to_shared_store(blob_path=blob, xet_hash=e["xet"], cache_dir=cache, expected_size=e["size"]))
print(json.dumps(out))
`
  )) as boolean[]
  expect(done).toEqual(entries.map(() => true))
}

/** What Python's scanner says of the cache: warnings (dangling links, wrong layout) and the repo's size. */
async function scan(hubCache: string): Promise<{ warnings: string[]; repos: string[] }> {
  return (await py(
    `
from huggingface_hub import scan_cache_dir
info = scan_cache_dir(${JSON.stringify(hubCache)})
print(json.dumps({"warnings": [str(w) for w in info.warnings], "repos": sorted(r.repo_id for r in info.repos)}))
`
  )) as { warnings: string[]; repos: string[] }
}

async function loadOffline(hubCache: string, repo = REPO): Promise<string> {
  return (await py(
    `
from huggingface_hub import hf_hub_download
p = hf_hub_download("${repo}", "model.safetensors", cache_dir=${JSON.stringify(hubCache)})
print(json.dumps(__import__("hashlib").sha256(open(p, "rb").read()).hexdigest()))
`,
    { HF_HUB_OFFLINE: '1' }
  )) as string
}

/** `hf cache verify`: every file's checksum against the Hub's (online, against the fake Hub). */
async function verifyWithHf(hubCache: string, repo = REPO): Promise<{ code: number; out: string }> {
  return (await py(
    `
import subprocess
out = subprocess.run([sys.executable, "-c", "from huggingface_hub.cli.hf import main; main()", "cache", "verify", "${repo}", "--cache-dir", ${JSON.stringify(hubCache)}], capture_output=True, text=True)
print(json.dumps({"code": out.returncode, "out": out.stdout + out.stderr}))
`,
    { HF_ENDPOINT: hub.url, HF_TOKEN: TOKENS.alice }
  )) as { code: number; out: string }
}

const weights = () => lfsFiles().find(f => f.path === 'model.safetensors')!.content

describeWithPython("Python's shared blob store", () => {
  it('a persistent hf-home Python filled: pre-warmed with 0 content bytes, every link kept as Python made it', async () => {
    const hfHome = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-home-'))
    const hubCache = path.join(hfHome, 'hub')
    await py(
      `
from huggingface_hub import snapshot_download
snapshot_download("${REPO}", cache_dir=${JSON.stringify(hubCache)})
print("null")
`,
      { HF_ENDPOINT: hub.url, HF_TOKEN: TOKENS.alice }
    )
    await publishWithPython(hubCache)
    const blobs = path.join(repoDir(hubCache), 'blobs')
    const links = Object.fromEntries(
      fs
        .readdirSync(blobs)
        .filter(n => fs.lstatSync(path.join(blobs, n)).isSymbolicLink())
        .map(n => [n, fs.readlinkSync(path.join(blobs, n))])
    )
    expect(Object.keys(links).length).toBe(lfsFiles().length)
    hub.resetStats()
    const main = await runStep(newJob({ HF_HOME: hfHome }), 'main', {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: REPO,
      download: 'true',
      cache: 'false',
      login: 'false'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(hub.stats.contentBytes).toBe(0)
    for (const [name, target] of Object.entries(links))
      expect(fs.readlinkSync(path.join(blobs, name))).toBe(target)
    expect(await scan(hubCache)).toEqual({ warnings: [], repos: [REPO] })
    expect(await loadOffline(hubCache)).toBe(sha256(weights()))
    expect(await verifyWithHf(hubCache)).toMatchObject({ code: 0 })
  })

  it("a repo whose files Python's store already holds (another repo's copy): linked from it, 0 content bytes", async () => {
    const original = hub.repos.get(`model:${REPO}`)!
    const hfHome = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-link-'))
    const hubCache = path.join(hfHome, 'hub')
    await py(
      `
from huggingface_hub import snapshot_download
snapshot_download("${REPO}", cache_dir=${JSON.stringify(hubCache)})
print("null")
`,
      { HF_ENDPOINT: hub.url, HF_TOKEN: TOKENS.alice }
    )
    await publishWithPython(hubCache)
    hub.resetStats()
    hub.xetInListings = true
    const main = await runStep(newJob({ HF_HOME: hfHome }), 'main', {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: 'acme/llama-copy',
      download: 'true',
      cache: 'false',
      login: 'false'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    const lfsBytes = lfsFiles().reduce((sum, f) => sum + f.content.length, 0)
    const total = Object.values(original.commits[original.branches.main]).reduce(
      (s, f) => s + f.content.length,
      0
    )
    expect(hub.stats.contentBytes).toBe(total - lfsBytes)
    expect(main.stdout).toContain("from Python's shared blob store")
    const copyBlobs = path.join(hubCache, 'models--acme--llama-copy', 'blobs')
    for (const f of lfsFiles()) {
      const blob = path.join(copyBlobs, sha256(f.content))
      expect(fs.lstatSync(blob).isSymbolicLink()).toBe(true)
      const manifest = path.join(
        hubCache,
        'blobs',
        xetHash(f.content).slice(0, 2),
        `${xetHash(f.content)}.refs`
      )
      expect(fs.readFileSync(manifest, 'utf8').split('\n')).toContain(
        `models--acme--llama-copy/blobs/${sha256(f.content)}`
      )
    }
    // Python sees one store, no dangling link, and both repos.
    expect(await scan(hubCache)).toEqual({ warnings: [], repos: [REPO, 'acme/llama-copy'].sort() })
  })

  it('HF_HUB_DISABLE_SHARED_BLOBS: the store is not linked from, the files are downloaded', async () => {
    const hfHome = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-off-'))
    const hubCache = path.join(hfHome, 'hub')
    await py(
      `
from huggingface_hub import snapshot_download
snapshot_download("${REPO}", cache_dir=${JSON.stringify(hubCache)})
print("null")
`,
      { HF_ENDPOINT: hub.url, HF_TOKEN: TOKENS.alice }
    )
    await publishWithPython(hubCache)
    hub.resetStats()
    hub.xetInListings = true
    const main = await runStep(newJob({ HF_HOME: hfHome, HF_HUB_DISABLE_SHARED_BLOBS: '1' }), 'main', {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: 'acme/llama-copy',
      download: 'true',
      cache: 'false',
      login: 'false'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.stdout).not.toContain("from Python's shared blob store")
    expect(hub.stats.contentBytes).toBeGreaterThanOrEqual(
      lfsFiles().reduce((sum, f) => sum + f.content.length, 0)
    )
  })

  it('a file a later step published is saved with the store, and loads offline on the next machine', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-cache-'))
    const inputs = { 'hf-token': TOKENS.alice, endpoint: hub.url, repos: REPO, download: 'true' }
    const first = freshMachine(dir, service.env())
    const hubCache = path.join(first.home, '.cache', 'huggingface', 'hub')
    const main = await runStep(first, 'main', inputs)
    expect(ending(main)).toEqual(SUCCEEDED)
    // A later step's Python (an hf_xet download) moves the weights into the store.
    await publishWithPython(hubCache)
    const { runPost } = await import('../../__fixtures__/runner.js')
    const post = await runPost(first, main)
    expect(post.stdout).toMatch(/Cache: saving .+ as hf-hub-v2\//)

    const second = freshMachine(dir, service.env())
    hub.resetStats()
    // The Hub lists the weights' Xet hash (as it does for files on Xet): the one word that places a restored
    // payload in Python's store.
    hub.xetInListings = true
    const { main: restored } = await runAction(second, inputs).finally(() => (hub.xetInListings = false))
    expect(ending(restored)).toEqual(SUCCEEDED)
    expect(hub.stats.contentBytes).toBe(0)
    const blob = path.join(repoDir(hubCache), 'blobs', sha256(weights()))
    expect(fs.lstatSync(blob).isSymbolicLink()).toBe(true)
    expect(fs.existsSync(blob)).toBe(true) // the link does not dangle
    // The store's lock files are this machine's (the merge locks as Python does), never saved.
    for (const entry of service.finalized())
      expect(archiveEntries(entry.archive!).some(n => n.endsWith('.lock') || n.endsWith('.refs'))).toBe(false)
    expect(await scan(hubCache)).toEqual({ warnings: [], repos: [REPO] })
    expect(await loadOffline(hubCache)).toBe(sha256(weights()))
  })

  it.each([
    ['the copy, then the original', [[COPY], [REPO]]],
    ['the original, then the copy', [[REPO], [COPY]]],
    ['both at once', [[REPO, COPY]]]
  ])(
    'a payload two repos’ entries share, restored %s: one copy in the store, both load offline, hf cache verify passes',
    async (_, order) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-two-'))
      const inputs = (repos: string[]) => ({
        'hf-token': TOKENS.alice,
        endpoint: hub.url,
        repos: repos.join('\n'),
        download: 'true',
        'cache-key': `two-${dir}`
      })
      // The first machine saves an entry per repo, each with the payload a later step's Python published.
      const first = freshMachine(dir, service.env())
      const firstCache = path.join(first.home, '.cache', 'huggingface', 'hub')
      const saved = await runAction(first, inputs([REPO, COPY]), async () => {
        await publishWithPython(firstCache)
        await publishWithPython(firstCache, lfsFiles(), 'models--acme--llama-copy')
      })
      expect(ending(saved.post)).toEqual(SUCCEEDED)
      // The next machine restores them in the order given (steps of one job, the cache kept in between).
      const next = freshMachine(dir, service.env())
      const hubCache = path.join(next.home, '.cache', 'huggingface', 'hub')
      hub.resetStats()
      hub.xetInListings = true
      for (const repos of order) {
        const { main } = await runAction(newJob(service.env(), dir), inputs(repos)).finally(
          () => (hub.xetInListings = false)
        )
        hub.xetInListings = true
        expect(ending(main)).toEqual(SUCCEEDED)
        expect(
          JSON.parse(main.outputs.repos).map((r: { cache: { restored: string } }) => r.cache.restored)
        ).toEqual(repos.map(() => 'exact'))
      }
      hub.xetInListings = false
      expect(hub.stats.contentBytes).toBe(0)
      const xet = xetHashOf(weights())
      const manifest = fs.readFileSync(path.join(hubCache, 'blobs', xet.slice(0, 2), `${xet}.refs`), 'utf8')
      expect(manifest.split('\n').filter(Boolean).sort()).toEqual([
        `models--acme--llama-copy/blobs/${sha256(weights())}`,
        `models--meta-llama--Llama-3.2-1B/blobs/${sha256(weights())}`
      ])
      expect(await scan(hubCache)).toEqual({ warnings: [], repos: [COPY, REPO].sort() })
      for (const repo of [REPO, COPY]) {
        expect(await loadOffline(hubCache, repo)).toBe(sha256(weights()))
        expect(await verifyWithHf(hubCache, repo)).toMatchObject({ code: 0 })
      }
    },
    120_000
  )

  it('a tampered store is never linked from: a payload that is a link, a manifest that is a link', async () => {
    const hfHome = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-tampered-links-'))
    const hubCache = path.join(hfHome, 'hub')
    await py(
      `
from huggingface_hub import snapshot_download
snapshot_download("${REPO}", cache_dir=${JSON.stringify(hubCache)})
print("null")
`,
      { HF_ENDPOINT: hub.url, HF_TOKEN: TOKENS.alice }
    )
    await publishWithPython(hubCache)
    const [first, second] = lfsFiles()
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-outside-'))
    // The first payload becomes a link to a copy outside the cache; the second's manifest a link to a file outside.
    const payload = path.join(hubCache, 'blobs', xetHash(first.content).slice(0, 2), xetHash(first.content))
    fs.writeFileSync(path.join(outside, 'payload'), first.content)
    fs.rmSync(payload, { force: true })
    fs.symlinkSync(path.join(outside, 'payload'), payload)
    const manifest = path.join(
      hubCache,
      'blobs',
      xetHash(second.content).slice(0, 2),
      `${xetHash(second.content)}.refs`
    )
    fs.writeFileSync(path.join(outside, 'manifest'), 'precious\n')
    fs.rmSync(manifest)
    fs.symlinkSync(path.join(outside, 'manifest'), manifest)
    hub.resetStats()
    hub.xetInListings = true
    const main = await runStep(newJob({ HF_HOME: hfHome }), 'main', {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: 'acme/llama-copy',
      download: 'true',
      cache: 'false',
      login: 'false'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.stdout).not.toContain("from Python's shared blob store")
    expect(hub.stats.contentBytes).toBeGreaterThanOrEqual(first.content.length + second.content.length)
    expect(fs.readFileSync(path.join(outside, 'manifest'), 'utf8')).toBe('precious\n')
    for (const f of [first, second]) {
      const blob = path.join(hubCache, 'models--acme--llama-copy', 'blobs', sha256(f.content))
      expect(fs.lstatSync(blob).isFile()).toBe(true)
    }
  })

  it('a tampered store is never followed: a wrong payload or a link elsewhere is re-fetched', async () => {
    const hfHome = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-store-tampered-'))
    const hubCache = path.join(hfHome, 'hub')
    const inputs = {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: REPO,
      download: 'true',
      cache: 'false',
      login: 'false'
    }
    expect(ending(await runStep(newJob({ HF_HOME: hfHome }), 'main', inputs))).toEqual(SUCCEEDED)
    await publishWithPython(hubCache)
    const files = lfsFiles()
    const blobs = path.join(repoDir(hubCache), 'blobs')
    // One payload of the right size but other bytes; one repo blob linked outside the cache.
    const [first, second] = files
    const payload = path.join(
      hubCache,
      'blobs',
      xetHashOf(first.content).slice(0, 2),
      xetHashOf(first.content)
    )
    fs.chmodSync(payload, 0o644)
    fs.writeFileSync(payload, Buffer.alloc(first.content.length, 1))
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-outside-'))
    fs.writeFileSync(path.join(outside, 'evil'), second.content)
    fs.rmSync(path.join(blobs, sha256(second.content)))
    fs.symlinkSync(path.join(outside, 'evil'), path.join(blobs, sha256(second.content)))
    hub.resetStats()
    const main = await runStep(newJob({ HF_HOME: hfHome }), 'main', inputs)
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(hub.stats.contentBytes).toBe(first.content.length + second.content.length)
    for (const f of [first, second]) {
      const blob = path.join(blobs, sha256(f.content))
      expect(fs.lstatSync(blob).isFile()).toBe(true)
      expect(fs.readFileSync(blob).equals(f.content)).toBe(true)
    }
    expect(fs.readFileSync(path.join(outside, 'evil')).equals(second.content)).toBe(true)
  })
})
