/**
 * End to end on the committed dist/, the fourth hostile-inputs review: a cache entry is shared by every
 * workflow of a repository and any job of its default branch can write any entry, so each test plants an entry
 * as such a job would (an honest entry's archive, changed, uploaded under a key every job can compute) and runs
 * the victim's job; real Python `huggingface_hub` then reads what the job left. From an entry the action takes
 * only what the Hub serves for its commit.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FakeCacheService, type CacheEntry } from '../../__fixtures__/fake-cache-service.js'
import { gitBlobSha1, sha256, xetHash, type FakeHub } from '../../__fixtures__/fake-hub.js'
import { REPOS, startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { pythonHub } from '../../__fixtures__/python-hub.js'
import {
  freshMachine,
  reposOf,
  runAction,
  runStep,
  type Job,
  type StepResult,
  ending,
  SUCCEEDED
} from '../../__fixtures__/runner.js'

const python = pythonHub()
const itWithPython = python.ok ? it : it.skip
if (!python.ok) console.warn(`Python checks of hostile entries skipped: ${python.why}`)

const worlds: { hub: FakeHub; service: FakeCacheService }[] = []
afterEach(async () => {
  await Promise.all(worlds.splice(0).flatMap(w => [w.hub.stop(), w.service.stop()]))
})

const FOLDER = 'models--acme--tiny-model'
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix))
const warningsOf = (step: StepResult) =>
  step.commands.filter(c => c.command === 'warning').map(c => `${c.properties.title ?? ''}: ${c.message}`)

async function world() {
  const [hub, service] = await Promise.all([startWorld(), new FakeCacheService().start()])
  worlds.push({ hub, service })
  const inputs = (extra: Record<string, string> = {}) => ({
    'hf-token': TOKENS.alice,
    endpoint: hub.url,
    repos: REPOS.public,
    download: 'true',
    ...extra
  })
  // Every job on a fresh machine at the same paths (as hosted runners are; earlier versions' entries were tied to
  // the hub cache's path, so the tests mean the same against them).
  const dir = tmp('hf-hostile-machine-')
  const machine = () => freshMachine(dir, service.env())
  // An honest cold run: the entry every later test changes.
  const cold = await runAction(machine(), inputs())
  expect(ending(cold.post)).toEqual(SUCCEEDED)
  const [repo] = reposOf(cold.main)
  const honest = service.finalized().find(e => e.key === repo.cache!.key)!
  const commitOf = (revision: string) =>
    revision === 'main' ? repo.commit : hub.repos.get(`model:${REPOS.public}`)!.tags![revision]
  return { hub, service, inputs, repo, honest, commitOf, machine }
}

/**
 * Unpacks an archive's stage (whatever folder its members share: `hub/` today, a path relative to the workspace
 * in earlier versions) into `<dir>/hub`, or packs `<dir>/hub` back under that folder, links as links. Python's
 * tarfile, so the tests also run against an earlier bundle's archives (each test fails there).
 */
const REPACK = `
import io, os, subprocess, sys, tarfile
mode, dirname = sys.argv[1], sys.argv[2]
if mode == 'unpack':
    data = subprocess.run(['zstd', '-d', '-q', '-c'], input=sys.stdin.buffer.read(), capture_output=True, check=True).stdout
    tar = tarfile.open(fileobj=io.BytesIO(data))
    members = tar.getmembers()
    names = [m.name.rstrip('/') for m in members]
    prefix = os.path.commonpath(names) if len(names) > 1 else names[0]
    for m in members:
        rel = m.name.rstrip('/')[len(prefix):].lstrip('/')
        target = os.path.join(dirname, 'hub', rel)
        if m.isdir():
            os.makedirs(target, exist_ok=True)
        elif m.issym():
            os.makedirs(os.path.dirname(target), exist_ok=True); os.symlink(m.linkname, target)
        else:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            open(target, 'wb').write(tar.extractfile(m).read())
    print(prefix)
else:
    prefix = sys.argv[3]
    root = os.path.join(dirname, 'hub')
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode='w', format=tarfile.PAX_FORMAT) as tar:
        tar.add(root, arcname=prefix, recursive=False)
        for here, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(dirs) + sorted(files):
                full = os.path.join(here, name)
                tar.add(full, arcname=prefix + '/' + os.path.relpath(full, root), recursive=False)
    sys.stdout.buffer.write(subprocess.run(['zstd', '-q', '-c'], input=out.getvalue(), capture_output=True, check=True).stdout)
`

/** The honest entry's stage (as `hub/`), changed by `change`, packed as it was, uploaded under `key`. */
function plant(
  service: FakeCacheService,
  honest: CacheEntry,
  key: string,
  change: (hub: string) => void
): void {
  const dir = tmp('hf-plant-')
  const prefix = execFileSync('python3', ['-c', REPACK, 'unpack', dir], { input: honest.archive })
    .toString()
    .trim()
  change(path.join(dir, 'hub'))
  plantArchive(service, honest, key, execFileSync('python3', ['-c', REPACK, 'pack', dir, prefix]))
}

function plantArchive(service: FakeCacheService, honest: CacheEntry, key: string, archive: Buffer): void {
  service.entries.push({
    ...honest,
    id: 100_000 + service.entries.length,
    key,
    archive,
    blocks: new Map(),
    createdAt: Date.now() + 1
  })
}

/** A blob of `content` in a planted repo folder (named by its git blob id, so it passes a hash check). */
function plantBlob(repoDir: string, content: string): string {
  const etag = gitBlobSha1(Buffer.from(content))
  fs.mkdirSync(path.join(repoDir, 'blobs'), { recursive: true })
  fs.writeFileSync(path.join(repoDir, 'blobs', etag), content)
  return etag
}

function py(hub: FakeHub, code: string, hubCache: string, offline = false): Promise<unknown> {
  if (!python.ok) throw new Error(python.why)
  return python.run(code, {
    HF_ENDPOINT: hub.url,
    HF_HUB_CACHE: hubCache,
    HF_TOKEN: TOKENS.alice,
    ...(offline ? { HF_HUB_OFFLINE: '1' } : {})
  })
}

describe('a planted entry for the listed repo at its commit', () => {
  itWithPython(
    'an extra file: removed, no cache-hit, a warning naming the entry and how to delete it; Python sees none',
    async () => {
      const { hub, service, inputs, repo, honest, machine } = await world()
      plant(service, honest, repo.cache!.key, h => {
        const etag = plantBlob(path.join(h, FOLDER), 'import os; os.system("owned")\n')
        fs.symlinkSync(`../../blobs/${etag}`, path.join(h, FOLDER, 'snapshots', repo.commit, 'evil.py'))
      })
      const job = machine()
      const main = await runStep(job, 'main', inputs({ download: 'false' }))
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(main.outputs['cache-hit']).toBe('false')
      expect(reposOf(main)[0].cache!.restored).toBe('none')
      expect(warningsOf(main)).toContainEqual(expect.stringContaining(`gh cache delete "${repo.cache!.key}"`))
      const files = await py(
        hub,
        `
from huggingface_hub import snapshot_download
import os
p = snapshot_download("${REPOS.public}", local_files_only=True)
print(json.dumps(sorted(os.listdir(p))))`,
        main.outputs['hub-cache'],
        true
      )
      expect(files).not.toContain('evil.py')
    }
  )

  itWithPython(
    'a .no_exist marker for a file the commit has: gone after main; Python finds the file',
    async () => {
      const { hub, service, inputs, repo, honest, machine } = await world()
      plant(service, honest, repo.cache!.key, h => {
        const markers = path.join(h, FOLDER, '.no_exist', repo.commit)
        fs.mkdirSync(markers, { recursive: true })
        fs.writeFileSync(path.join(markers, 'config.json'), '')
      })
      const main = await runStep(machine(), 'main', inputs())
      expect(ending(main)).toEqual(SUCCEEDED)
      const hubCache = main.outputs['hub-cache']
      expect(fs.existsSync(path.join(hubCache, FOLDER, '.no_exist', repo.commit, 'config.json'))).toBe(false)
      const found = await py(
        hub,
        `
from huggingface_hub import try_to_load_from_cache
r = try_to_load_from_cache("${REPOS.public}", "config.json")
print(json.dumps(r if isinstance(r, str) else repr(r)))`,
        hubCache,
        true
      )
      expect(found).toMatch(/config\.json$/)
    }
  )

  itWithPython(
    'tar members outside the stage: the entry refused, nothing written outside, the pre-warm fetches',
    async () => {
      const { hub, service, inputs, repo, honest, machine } = await world()
      const outside = tmp('hf-outside-')
      const script = `
import io, sys, tarfile
out = io.BytesIO()
with tarfile.open(fileobj=out, mode='w', format=tarfile.PAX_FORMAT) as tar:
    def add(name, kind=tarfile.REGTYPE, data=b'', link=''):
        info = tarfile.TarInfo(name); info.type = kind; info.linkname = link; info.size = len(data)
        tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
    add('hub/')
    add(sys.argv[1] + '/absolute', data=b'owned')
    add('hub/../../../../../../..' + sys.argv[1] + '/climbed', data=b'owned')
    add('hub/link', tarfile.SYMTYPE, link=sys.argv[1])
    add('hub/link/through', data=b'owned')
sys.stdout.buffer.write(out.getvalue())
`
      const tar = execFileSync('python3', ['-c', script, outside])
      plantArchive(service, honest, repo.cache!.key, execFileSync('zstd', ['-q', '-c'], { input: tar }))
      const main = await runStep(machine(), 'main', inputs())
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(fs.readdirSync(outside)).toEqual([])
      expect(main.outputs['cache-hit']).toBe('false')
      expect(warningsOf(main)).toContainEqual(
        expect.stringMatching(/^Hugging Face cache: acme\/tiny-model: entry refused: .*outside hub\//)
      )
      expect(fs.readdirSync(reposOf(main)[0].path).length).toBe(reposOf(main)[0].files)
      expect(await pythonView(hub, main.outputs['hub-cache'])).toEqual({
        warnings: [],
        repos: [REPOS.public]
      })
    }
  )

  itWithPython(
    'an entry costing far more than its commit needs: other commits’ markers and listings never written',
    async () => {
      const { hub, service, inputs, repo, honest, machine } = await world()
      const madeUp = Array.from({ length: 3 }, (_, i) => String(i + 2).repeat(40))
      plant(service, honest, repo.cache!.key, h => {
        for (const commit of madeUp) {
          const markers = path.join(h, FOLDER, '.no_exist', commit)
          fs.mkdirSync(markers, { recursive: true })
          for (let i = 0; i < 2000; i++) fs.writeFileSync(path.join(markers, `m${i}`), '')
          const files = Object.fromEntries(
            Array.from({ length: 2000 }, (_, i) => [`f${i}`, { size: 1, blob_id: 'a'.repeat(40) }])
          )
          fs.writeFileSync(
            path.join(h, FOLDER, 'trees', `${commit}.json`),
            JSON.stringify({ format_version: 1, files })
          )
        }
      })
      const main = await runStep(machine(), 'main', inputs())
      expect(ending(main)).toEqual(SUCCEEDED)
      const repoDir = path.join(main.outputs['hub-cache'], FOLDER)
      expect(fs.readdirSync(path.join(repoDir, 'trees'))).toEqual([`${repo.commit}.json`])
      expect(fs.existsSync(path.join(repoDir, '.no_exist'))).toBe(false)
      expect(await pythonView(hub, main.outputs['hub-cache'])).toEqual({
        warnings: [],
        repos: [REPOS.public]
      })
    }
  )
})

describe('a planted entry of another commit or selection', () => {
  itWithPython(
    'brings no other commit, ref or listing: Python reads the Hub’s files at the tag, online and offline',
    async () => {
      const { hub, service, inputs, repo, honest, commitOf, machine } = await world()
      const v1 = commitOf('v1.0')
      // Under the repo's prefix, newest: a job whose own selection has no entry yet restores it.
      plant(service, honest, `${repo.cache!.key.replace(/[0-9a-f]{12}$/, '')}ffffffffffff`, h => {
        const dir = path.join(h, FOLDER)
        const etag = plantBlob(dir, '{"model_type": "owned"}')
        fs.mkdirSync(path.join(dir, 'snapshots', v1), { recursive: true })
        fs.symlinkSync(`../../blobs/${etag}`, path.join(dir, 'snapshots', v1, 'config.json'))
        fs.writeFileSync(path.join(dir, 'refs', 'v1.0'), v1)
        fs.mkdirSync(path.join(dir, 'refs', 'pr'), { recursive: true })
        fs.writeFileSync(path.join(dir, 'refs', 'pr', '1'), v1)
        const files = {
          'config.json': { size: 23, blob_id: etag },
          '../../etc/passwd': { size: 1, blob_id: etag }
        }
        fs.writeFileSync(path.join(dir, 'trees', `${v1}.json`), JSON.stringify({ format_version: 1, files }))
      })
      const main = await runStep(machine(), 'main', inputs({ repos: `${REPOS.public} *.json` }))
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(reposOf(main)[0].cache!.restored).toBe('older')
      const hubCache = main.outputs['hub-cache']
      const repoDir = path.join(hubCache, FOLDER)
      expect(fs.existsSync(path.join(repoDir, 'snapshots', v1))).toBe(false)
      expect(fs.existsSync(path.join(repoDir, 'refs', 'v1.0'))).toBe(false)
      expect(fs.existsSync(path.join(repoDir, 'refs', 'pr'))).toBe(false)
      expect(fs.existsSync(path.join(repoDir, 'trees', `${v1}.json`))).toBe(false)
      const read = (offline: boolean) =>
        py(
          hub,
          `
from huggingface_hub import hf_hub_download
try:
    print(json.dumps(open(hf_hub_download("${REPOS.public}", "config.json", revision="v1.0")).read()))
except Exception as e:
    print(json.dumps(type(e).__name__))`,
          hubCache,
          offline
        )
      expect(await read(true)).not.toContain('owned')
      expect(await read(false)).not.toContain('owned')
    }
  )
})

describe('Python’s shared blob store', () => {
  itWithPython(
    'a payload under another file’s Xet hash never enters the store: it stays a plain blob of its repo',
    async () => {
      const { hub, service, inputs, repo, honest, machine } = await world()
      // The Xet hash of another repo's weights (public in the Hub's listing), and a payload of the same size.
      const victim = hub.repos.get(`model:${REPOS.llama}`)!
      const weights = Object.values(victim.commits[victim.branches.main]).find(f => f.lfs)!.content
      const target = xetHash(weights)
      const attack = Buffer.alloc(weights.length, 0x41)
      const etag = sha256(attack)
      plant(service, honest, repo.cache!.key, h => {
        fs.mkdirSync(path.join(h, 'blobs', target.slice(0, 2)), { recursive: true })
        fs.writeFileSync(path.join(h, 'blobs', '.huggingface-shared-blobs'), '1\n')
        fs.writeFileSync(path.join(h, 'blobs', target.slice(0, 2), target), attack)
        fs.symlinkSync(`../../blobs/${target.slice(0, 2)}/${target}`, path.join(h, FOLDER, 'blobs', etag))
      })
      hub.xetInListings = true
      const main = await runStep(machine(), 'main', inputs()).finally(() => (hub.xetInListings = false))
      expect(ending(main)).toEqual(SUCCEEDED)
      const hubCache = main.outputs['hub-cache']
      expect(fs.existsSync(path.join(hubCache, 'blobs', target.slice(0, 2), target))).toBe(false)
      const blob = path.join(hubCache, FOLDER, 'blobs', etag)
      expect(fs.lstatSync(blob).isFile()).toBe(true)
      // Python's own view of the cache: one repo, its store holding nothing of the attacker's.
      expect(await pythonView(hub, hubCache)).toEqual({ warnings: [], repos: [REPOS.public] })
    }
  )
})

describe('what later steps added (the scope’s index)', () => {
  itWithPython(
    'a planted extra is checked against the Hub’s listing: its wrong file removed, and no index names it again',
    async () => {
      const { hub, service, inputs, repo, honest, commitOf, machine } = await world()
      // A later step's download of the model at v1.0, as an extra entry a forged index names.
      const v1 = commitOf('v1.0')
      const extraKey = `${repo.cache!.key.replace(/[0-9a-f]{40}\/[0-9a-f]{12}$/, '')}${v1}/eeeeeeeeeeee`
      plant(service, honest, extraKey, h => {
        const dir = path.join(h, FOLDER)
        fs.renameSync(path.join(dir, 'snapshots', repo.commit), path.join(dir, 'snapshots', v1))
        const etag = plantBlob(dir, '{"model_type": "owned"}')
        fs.rmSync(path.join(dir, 'snapshots', v1, 'config.json'))
        fs.symlinkSync(`../../blobs/${etag}`, path.join(dir, 'snapshots', v1, 'config.json'))
        fs.rmSync(path.join(dir, 'trees'), { recursive: true, force: true })
        fs.rmSync(path.join(dir, 'refs'), { recursive: true, force: true })
      })
      const indexPrefix = await firstIndexPrefix(machine, inputs)
      const text = `${JSON.stringify({
        version: 1,
        entries: [{ type: 'model', id: REPOS.public, commit: v1, key: extraKey, listed: false }]
      })}\n`
      const index = service.finalized().find(e => e.key.startsWith(indexPrefix))!
      plant(service, index, `${indexPrefix}ffffffffffffffff`, h =>
        fs.writeFileSync(path.join(h, 'entries.json'), text)
      )
      const job = machine()
      const { main, post } = await runAction(job, inputs({ download: 'false' }))
      expect(ending(main)).toEqual(SUCCEEDED)
      expect(warningsOf(main)).toContainEqual(expect.stringContaining('entry does not match the Hub'))
      const config = await py(
        hub,
        `
from huggingface_hub import hf_hub_download
try:
    print(json.dumps(open(hf_hub_download("${REPOS.public}", "config.json", revision="${v1}")).read()))
except Exception as e:
    print(json.dumps(type(e).__name__))`,
        main.outputs['hub-cache'],
        true
      )
      expect(config).not.toContain('owned')
      // The index post saves names only the listed repo.
      expect(ending(post)).toEqual(SUCCEEDED)
      const saved = service
        .finalized()
        .filter(e => e.key.startsWith(indexPrefix) && e.createdAt <= Date.now())
      for (const entry of saved.filter(e => e.id < 100_000)) {
        const dir = tmp('hf-index-')
        execFileSync('python3', ['-c', REPACK, 'unpack', dir], { input: entry.archive })
        expect(fs.readFileSync(path.join(dir, 'hub', 'entries.json'), 'utf8')).not.toContain(extraKey)
      }
    }
  )
})

describe('the Hub down', () => {
  itWithPython(
    'an offline stand-in says its files were not verified: the warning, the summary and the repos output',
    async () => {
      const { hub, inputs, machine } = await world()
      hub.faults.failAll = 503
      try {
        const main = await runStep(machine(), 'main', inputs({ download: 'false' }))
        expect(ending(main)).toEqual(SUCCEEDED)
        expect(main.exportedEnv.HF_HUB_OFFLINE).toBe('1')
        expect(warningsOf(main)).toContainEqual(expect.stringContaining('NOT verified against the Hub'))
        expect(reposOf(main)[0].cache).toMatchObject({ verified: false })
        // The cache outputs are set on this path too, as action.yml promises.
        expect(main.outputs['cache-hit']).toBe('false')
        expect(main.outputs['cache-key']).toMatch(/^hf-hub-v2\/Linux-X64\/index\/[0-9a-f]{16}\/$/)
        expect(main.outputs['cache-matched-key']).toMatch(
          /^hf-hub-v2\/Linux-X64\/index\/[0-9a-f]{16}\/[0-9a-f]{16}$/
        )
        expect(main.summary).toContain('not verified against the Hub')
        expect(await pythonView(hub, main.outputs['hub-cache'])).toEqual({
          warnings: [],
          repos: [REPOS.public]
        })
      } finally {
        hub.faults.failAll = 0
      }
    }
  )
})

/** What Python's cache scan sees of a hub cache: its repos, and any warning it has about the cache. */
function pythonView(hub: FakeHub, hubCache: string): Promise<unknown> {
  return py(
    hub,
    `
from huggingface_hub import scan_cache_dir
info = scan_cache_dir()
print(json.dumps({"warnings": [str(w) for w in info.warnings], "repos": sorted(r.repo_id for r in info.repos)}))`,
    hubCache,
    true
  )
}

/** The index prefix of the tests' scope: the `cache-key` output of any main step. */
async function firstIndexPrefix(
  machine: () => Job,
  inputs: (extra?: Record<string, string>) => Record<string, string>
): Promise<string> {
  const main = await runStep(machine(), 'main', inputs({ download: 'false', 'save-cache': 'false' }))
  return main.outputs['cache-key']
}
