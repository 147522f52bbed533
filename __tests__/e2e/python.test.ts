/**
 * Conformance with real Python huggingface_hub: (1) Python, online against the fake Hub, gets the same
 * answers and errors the real Hub gives it, so the fake is faithful; (2) the cache the action writes is
 * the cache Python writes, and Python reads it offline.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import type { FakeHub } from '../../__fixtures__/fake-hub.js'
import { REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { pythonHub } from '../../__fixtures__/python-hub.js'
import { newJob, runStep, ending, SUCCEEDED } from '../../__fixtures__/runner.js'

const python = pythonHub()
const describeWithPython = python.ok ? describe : describe.skip
if (!python.ok) console.warn(`Python conformance tests skipped: ${python.why}`)

let hub: FakeHub
beforeAll(async () => {
  hub = await startWorld()
})
afterAll(() => hub.stop())

function py(code: string, env: Record<string, string> = {}): Promise<unknown> {
  if (!python.ok) throw new Error(python.why)
  return python.run(code, { HF_ENDPOINT: hub.url, ...env })
}

/** Every entry of a hub cache as `path -> link target | content` (sizes for blobs), without Python's lock files. */
function layout(hubCache: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const rel of fs.readdirSync(hubCache, { recursive: true, encoding: 'utf8' })) {
    if (rel.startsWith('.locks')) continue
    const full = path.join(hubCache, rel)
    const stat = fs.lstatSync(full)
    if (stat.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(full)}`
    else if (stat.isFile())
      out[rel] = rel.includes('/blobs/') ? `${stat.size} bytes` : fs.readFileSync(full, 'utf8')
  }
  return out
}

describeWithPython('real Python huggingface_hub', () => {
  it('online: the fake Hub answers whoami, auth_check and downloads the way Python expects', async () => {
    const result = await py(
      `
from huggingface_hub import HfApi, hf_hub_download
from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError, RevisionNotFoundError, EntryNotFoundError
api = HfApi()
out = {"whoami": api.whoami()["name"]}
def kind(fn):
    try:
        fn(); return "ok"
    except Exception as e:
        return type(e).__name__
out["granted"] = kind(lambda: api.auth_check("${REPOS.llama}"))
out["gated"] = kind(lambda: api.auth_check("${REPOS.notGranted}"))
out["private"] = kind(lambda: api.auth_check("${REPOS.private}"))
out["missing"] = kind(lambda: api.auth_check("acme/nope"))
out["badrev"] = kind(lambda: hf_hub_download("${REPOS.public}", "config.json", revision="nope", cache_dir="/tmp/py-hub-badrev"))
out["entry"] = kind(lambda: hf_hub_download("${REPOS.public}", "missing.txt", cache_dir="/tmp/py-hub-entry"))
out["repo_sha"] = api.model_info("${REPOS.public}").sha
print(json.dumps(out))
`,
      { HF_TOKEN: TOKENS.alice }
    )
    expect(result).toEqual({
      whoami: 'alice',
      granted: 'ok',
      gated: 'GatedRepoError',
      private: 'RepositoryNotFoundError',
      missing: 'RepositoryNotFoundError',
      badrev: 'RevisionNotFoundError',
      entry: 'RemoteEntryNotFoundError', // 1.x's subclass of EntryNotFoundError for a 404 from the Hub
      repo_sha: hub.repos.get(`model:${REPOS.public}`)!.branches.main
    })
  })

  it('the action writes the very cache layout Python writes for the same files', async () => {
    const job = newJob()
    const pythonCache = path.join(job.dir, 'python-hub')
    hub.resetStats()
    await py(
      `
from huggingface_hub import snapshot_download
snapshot_download("${REPOS.llama}", allow_patterns=["*.json", "onnx/"])
snapshot_download("${REPOS.dataset}", repo_type="dataset")
snapshot_download("${REPOS.edgeCases}")
print("null")
`,
      { HF_TOKEN: TOKENS.alice, HF_HUB_CACHE: pythonCache }
    )
    expect(hub.stats.cdnAuthorizations).toEqual([]) // Python drops the token on the CDN hop too
    const main = await runStep(job, 'main', {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: `${REPOS.llama} *.json onnx/\ndatasets/${REPOS.dataset}\n${REPOS.edgeCases}`,
      download: 'true',
      cache: 'false'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    const ours = layout(main.outputs['hub-cache'])
    expect(Object.keys(ours).length).toBeGreaterThan(10)
    expect(ours).toEqual(layout(pythonCache))
  })

  it('offline (HF_HUB_OFFLINE=1): Python finds every pre-warmed file, by branch and by tag', async () => {
    const job = newJob()
    const main = await runStep(job, 'main', {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: `${REPOS.public}\n${REPOS.public}@v1.0 config.json\ndatasets/${REPOS.dataset}`,
      download: 'true',
      offline: 'true',
      cache: 'false'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(main.exportedEnv.HF_HUB_OFFLINE).toBe('1')
    const repo = hub.repos.get(`model:${REPOS.public}`)!
    const result = await py(
      `
from huggingface_hub import hf_hub_download, snapshot_download
snap = snapshot_download("${REPOS.public}")
weights = open(hf_hub_download("${REPOS.public}", "model.safetensors"), "rb").read()
old = open(hf_hub_download("${REPOS.public}", "config.json", revision="v1.0")).read()
data = snapshot_download("${REPOS.dataset}", repo_type="dataset")
from huggingface_hub.errors import IncompleteSnapshotError
try:
    snapshot_download("${REPOS.public}", revision="v1.0")  # only config.json was selected at v1.0
    partial = "not detected"
except IncompleteSnapshotError:
    partial = "IncompleteSnapshotError"
print(json.dumps({"snap": snap.split("/")[-1], "weights": len(weights), "old": old, "data": sorted(__import__("os").listdir(data)), "partial": partial}))
`,
      { ...main.exportedEnv }
    )
    expect(result).toEqual({
      snap: repo.branches.main,
      weights: repo.commits[repo.branches.main]['model.safetensors'].content.length,
      old: repo.commits[repo.tags!['v1.0']]['config.json'].content.toString(),
      data: ['README.md', 'data'],
      // trees/<commit>.json lets Python tell a partial snapshot from a complete one.
      partial: 'IncompleteSnapshotError'
    })
  })

  it('the action and Python pre-warming one cache at the same moment both end with verified files', async () => {
    const job = newJob()
    const hubCache = path.join(job.dir, 'shared-hub')
    hub.faults.cdnBytesPerSecond = 1024 * 1024 // both transfers of the weights overlap
    try {
      const [main, fromPython] = await Promise.all([
        runStep(
          job,
          'main',
          {
            'hf-token': TOKENS.alice,
            endpoint: hub.url,
            repos: REPOS.llama,
            download: 'true',
            cache: 'false'
          },
          { HF_HUB_CACHE: hubCache }
        ),
        py(
          `
from huggingface_hub import snapshot_download
print(json.dumps(snapshot_download("${REPOS.llama}")))
`,
          { HF_TOKEN: TOKENS.alice, HF_HUB_CACHE: hubCache }
        )
      ])
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(typeof fromPython).toBe('string')
    } finally {
      hub.faults.cdnBytesPerSecond = 0
    }
    const repo = hub.repos.get(`model:${REPOS.llama}`)!
    const files = repo.commits[repo.branches.main]
    const snapshot = path.join(hubCache, 'models--meta-llama--Llama-3.2-1B', 'snapshots', repo.branches.main)
    for (const [name, file] of Object.entries(files)) {
      expect(fs.readFileSync(path.join(snapshot, name)).equals(file.content)).toBe(true)
    }
    const blobs = fs.readdirSync(path.join(hubCache, 'models--meta-llama--Llama-3.2-1B', 'blobs'))
    expect(blobs.filter(name => !/^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(name))).toEqual([])
  })
})
