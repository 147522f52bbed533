/**
 * An entry's round trip on disk: staged from one hub cache (post), carried as the cache service would (the
 * stage folder, links as links), merged into another (main). What a poisoned or planted stage holds never
 * becomes visible, and Python's shared store stays right whichever entries arrive.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gitBlobSha1, sha256, xetHash } from '../../__fixtures__/fake-hub.js'
import { MAX_MARKERS, mergeStage } from '../../src/hub-cache/entry-merge.js'
import {
  removeStaleStages,
  STAGE_DIR,
  Stages,
  stageSnapshot,
  type Stage
} from '../../src/hub-cache/entry-stage.js'
import { cachedSnapshots, parseRepoFolder } from '../../src/hub-cache/repo-folders.js'

/** A stage's small hub cache for `name` in `hub` (as a step's Stages makes them: see the last tests). */
const stagePath = (hub: string, name: string) => path.join(hub, STAGE_DIR, 'test-step', `1-${name}`, 'hub')

/** An empty place for a stage (what a fresh stage is). */
function clearStage(target: string): void {
  fs.rmSync(target, { recursive: true, force: true })
  fs.mkdirSync(path.dirname(target), { recursive: true })
}

const C1 = '1'.repeat(40)
const C0 = '0'.repeat(40)
const config = Buffer.from('{"model_type":"llama"}')
const weights = Buffer.from('weights '.repeat(1000))
const CONFIG = gitBlobSha1(config)
const WEIGHTS = sha256(weights)
const XET = xetHash(weights)
/** The Hub's listing of C1: the check of what is taken, and the Xet hash of the weights. */
const HUB_LISTING = [
  { path: 'config.json', size: config.length, blobId: CONFIG },
  {
    path: 'sub/model.safetensors',
    size: 134,
    blobId: 'f'.repeat(40),
    lfsSha256: WEIGHTS,
    lfsSize: weights.length,
    xetHash: XET
  }
]
/** What main takes of the entry of C1: that commit, checked against the Hub's listing. */
const OWN = { commit: C1, hubListing: HUB_LISTING }

afterEach(() => {
  delete process.env.HF_HUB_DISABLE_SHARED_BLOBS
})

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hf-entries-'))

/** Python's layout: a snapshot linking a plain blob and a blob in the shared store, refs, listing, markers. */
function pythonCache(hub: string, folder = 'models--acme--one'): void {
  const repo = path.join(hub, folder)
  const write = (rel: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(hub, rel)), { recursive: true })
    fs.writeFileSync(path.join(hub, rel), content)
  }
  const link = (rel: string, target: string) => {
    fs.mkdirSync(path.dirname(path.join(hub, rel)), { recursive: true })
    fs.symlinkSync(target, path.join(hub, rel))
  }
  write('blobs/.huggingface-shared-blobs', '1\n')
  write(`blobs/${XET.slice(0, 2)}/${XET}`, weights)
  write(`blobs/${XET.slice(0, 2)}/${XET}.refs`, `${folder}/blobs/${WEIGHTS}\n`)
  write(`${folder}/blobs/${CONFIG}`, config)
  link(`${folder}/blobs/${WEIGHTS}`, `../../blobs/${XET.slice(0, 2)}/${XET}`)
  for (const commit of [C0, C1]) {
    link(`${folder}/snapshots/${commit}/config.json`, `../../blobs/${CONFIG}`)
    link(`${folder}/snapshots/${commit}/sub/model.safetensors`, `../../../blobs/${WEIGHTS}`)
  }
  write(`${folder}/refs/main`, C1)
  write(`${folder}/refs/v0`, C0)
  const listing = { format_version: 1, files: { 'config.json': { size: config.length, blob_id: CONFIG } } }
  write(`${folder}/trees/${C1}.json`, JSON.stringify(listing))
  write(`${folder}/.no_exist/${C1}/missing.txt`, '')
  expect(fs.existsSync(path.join(repo, 'snapshots', C1))).toBe(true)
}

/** Files of a folder (links as `-> target`), relative and sorted. */
function tree(dir: string): string[] {
  const out: string[] = []
  const visit = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const child = rel ? `${rel}/${name}` : name
      const stat = fs.lstatSync(path.join(dir, child))
      if (stat.isDirectory()) visit(child)
      else out.push(stat.isSymbolicLink() ? `${child} -> ${fs.readlinkSync(path.join(dir, child))}` : child)
    }
  }
  visit('')
  return out
}

/** Stages models--acme--one at C1 in `from` and carries the stage to `to`'s stage path, as a restore would. */
async function carry(from: string, to: string, folder = 'models--acme--one'): Promise<string> {
  const stage = stagePath(from, folder)
  expect(await stageSnapshot(from, stage, folder, C1)).toBeDefined()
  const target = stagePath(to, folder)
  clearStage(target)
  fs.cpSync(stage, target, { recursive: true, verbatimSymlinks: true })
  return target
}

describe('staging an entry', () => {
  it('holds the commit’s snapshot, its blobs and store payloads, the refs naming it, its listing and markers', async () => {
    const hub = tmp()
    pythonCache(hub)
    const stage = stagePath(hub, 'models--acme--one')
    const staged = await stageSnapshot(hub, stage, 'models--acme--one', C1)
    expect(staged).toEqual({
      bytes: config.length + weights.length,
      files: ['config.json', 'sub/model.safetensors']
    })
    expect(tree(stage)).toEqual(
      [
        'blobs/.huggingface-shared-blobs',
        `blobs/${XET.slice(0, 2)}/${XET}`,
        `models--acme--one/.no_exist/${C1}/missing.txt`,
        `models--acme--one/blobs/${CONFIG}`,
        `models--acme--one/blobs/${WEIGHTS} -> ../../blobs/${XET.slice(0, 2)}/${XET}`,
        'models--acme--one/refs/main',
        `models--acme--one/snapshots/${C1}/config.json -> ../../blobs/${CONFIG}`,
        `models--acme--one/snapshots/${C1}/sub/model.safetensors -> ../../../blobs/${WEIGHTS}`,
        `models--acme--one/trees/${C1}.json`
      ].sort()
    )
  })

  it('stages only the commit’s own refs, listing and markers, never leftovers, and starts from an empty stage', async () => {
    const hub = tmp()
    pythonCache(hub)
    const repo = path.join(hub, 'models--acme--one')
    const put = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true })
      fs.writeFileSync(path.join(repo, rel), text)
    }
    put('refs/pr/1', C1)
    put('refs/main.123-ab.tmp', C1)
    fs.mkdirSync(path.join(repo, 'refs', 'empty-folder'))
    put(`trees/${C0}.json`, '{}')
    put(`.no_exist/${C1}/deep/gone.txt`, '')
    put(`.no_exist/${C1}/x.123-ab.incomplete`, '')
    put(`.no_exist/${C0}/other.txt`, '')
    put(`snapshots/${C1}/model.123-ab.incomplete`, 'half')
    const stage = stagePath(hub, 'models--acme--one')
    fs.mkdirSync(path.join(stage, 'junk'), { recursive: true })
    const staged = await stageSnapshot(hub, stage, 'models--acme--one', C1)
    expect(staged!.files).toEqual(['config.json', 'sub/model.safetensors'])
    const files = tree(stage)
    expect(files.filter(f => f.includes('/refs/'))).toEqual([
      'models--acme--one/refs/main',
      'models--acme--one/refs/pr/1'
    ])
    expect(files.filter(f => f.includes('/trees/'))).toEqual([`models--acme--one/trees/${C1}.json`])
    expect(files.filter(f => f.includes('/.no_exist/'))).toEqual([
      `models--acme--one/.no_exist/${C1}/deep/gone.txt`,
      `models--acme--one/.no_exist/${C1}/missing.txt`
    ])
    expect(files.some(f => f.startsWith('junk') || f.includes('.incomplete') || f.includes('.tmp'))).toBe(
      false
    )
    expect(fs.readFileSync(path.join(stage, 'models--acme--one', 'refs', 'pr', '1'), 'utf8')).toBe(C1)
    expect(
      fs.readFileSync(path.join(stage, 'models--acme--one', '.no_exist', C1, 'deep', 'gone.txt'), 'utf8')
    ).toBe('')
    expect(fs.readFileSync(path.join(stage, 'blobs', '.huggingface-shared-blobs'), 'utf8')).toBe('1\n')
  })

  it('stages nothing for a commit that is not one, a folder that is not a repo’s, or a snapshot of leftovers only', async () => {
    const hub = tmp()
    pythonCache(hub)
    const stage = stagePath(hub, 'models--acme--one')
    expect(await stageSnapshot(hub, stage, 'models--acme--one', 'main')).toBeUndefined()
    fs.cpSync(path.join(hub, 'models--acme--one'), path.join(hub, 'not-a-repo'), {
      recursive: true,
      verbatimSymlinks: true
    })
    expect(await stageSnapshot(hub, stagePath(hub, 'not-a-repo'), 'not-a-repo', C1)).toBeUndefined()
    const leftovers = path.join(hub, 'models--acme--one', 'snapshots', '2'.repeat(40))
    fs.mkdirSync(leftovers)
    fs.symlinkSync(`../../blobs/${CONFIG}`, path.join(leftovers, 'config.json.123-ab.tmp'))
    expect(await stageSnapshot(hub, stage, 'models--acme--one', '2'.repeat(40))).toBeUndefined()
    // Links to blobs that are gone: nothing to stage either.
    fs.rmSync(path.join(hub, 'models--acme--one', 'blobs'), { recursive: true })
    expect(await stageSnapshot(hub, stage, 'models--acme--one', C1)).toBeUndefined()
  })

  it('never follows a planted link: a blob linking out of the cache is left out, with the file naming it', async () => {
    const hub = tmp()
    pythonCache(hub)
    const secret = path.join(tmp(), 'secret')
    fs.writeFileSync(secret, 'not the cache’s')
    fs.rmSync(path.join(hub, 'models--acme--one', 'blobs', CONFIG))
    fs.symlinkSync(secret, path.join(hub, 'models--acme--one', 'blobs', CONFIG))
    const stage = stagePath(hub, 'models--acme--one')
    const staged = await stageSnapshot(hub, stage, 'models--acme--one', C1)
    expect(staged!.files).toEqual(['sub/model.safetensors'])
    expect(tree(stage).some(f => f.includes(CONFIG))).toBe(false)
  })

  it('leaves out a snapshot link that leads anywhere but the repo’s own blob of that name', async () => {
    const hub = tmp()
    pythonCache(hub)
    const link = path.join(hub, 'models--acme--one', 'snapshots', C1, 'elsewhere.json')
    fs.symlinkSync(`../../../../outside/${CONFIG}`, link)
    const stage = stagePath(hub, 'models--acme--one')
    const staged = await stageSnapshot(hub, stage, 'models--acme--one', C1)
    expect(staged!.files).toEqual(['config.json', 'sub/model.safetensors'])
    expect(tree(stage).some(f => f.includes('outside'))).toBe(false)
  })

  it('never stages a .no_exist marker naming a file the commit’s listing has (a later step may plant one)', async () => {
    const hub = tmp()
    pythonCache(hub)
    fs.writeFileSync(path.join(hub, 'models--acme--one', '.no_exist', C1, 'config.json'), '')
    const stage = stagePath(hub, 'models--acme--one')
    await stageSnapshot(hub, stage, 'models--acme--one', C1)
    expect(tree(stage).filter(f => f.includes('.no_exist'))).toEqual([
      `models--acme--one/.no_exist/${C1}/missing.txt`
    ])
  })

  it('stages nothing for a snapshot that is not there', async () => {
    const hub = tmp()
    pythonCache(hub)
    expect(
      await stageSnapshot(hub, stagePath(hub, 'models--acme--one'), 'models--acme--one', '2'.repeat(40))
    ).toBe(undefined)
  })
})

describe("a step's stages", () => {
  it('are fresh for each entry, in a folder of the step’s own, removed with the folder above when empty', async () => {
    const hub = tmp()
    const [a, b] = await Promise.all([Stages.open(hub), Stages.open(hub)])
    expect(a.root).not.toBe(b.root)
    expect(path.dirname(a.root)).toBe(path.join(hub, STAGE_DIR))
    const seen: string[] = []
    const fill = async (stage: Stage) => {
      expect(fs.readdirSync(stage.dir)).toEqual([])
      fs.mkdirSync(path.join(stage.hub, 'x'), { recursive: true })
      return stage.dir
    }
    const use = async (stage: Stage, filled: string) => {
      expect(stage.hub).toBe(path.join(filled, 'hub'))
      seen.push(filled)
      return 'used'
    }
    expect(await a.withStage('models--acme--one', fill, use)).toBe('used')
    // A failing use still has its stage removed; a fill that gives nothing skips the use.
    await expect(
      a.withStage('models--acme--one', fill, async (stage: Stage) => {
        seen.push(stage.dir)
        throw new Error('upload failed')
      })
    ).rejects.toThrow('upload failed')
    expect(await a.withStage('models--acme--one', async () => undefined, use)).toBeUndefined()
    expect(seen).toHaveLength(2)
    expect(seen[0]).not.toBe(seen[1])
    expect(fs.readdirSync(a.root)).toEqual([])
    await a.close()
    // The other step's folder is still in use: the folder above stays.
    expect(fs.readdirSync(path.join(hub, STAGE_DIR))).toEqual([path.basename(b.root)])
    await b.close()
    expect(fs.existsSync(path.join(hub, STAGE_DIR))).toBe(false)
  })

  it('are made while other steps remove theirs, never failing for the folder above vanishing', async () => {
    const hub = tmp()
    // Steps opening and closing at once (the race that made restores fail with ENOENT).
    await Promise.all(
      Array.from({ length: 200 }, async () => {
        const stages = await Stages.open(hub)
        await stages.withStage(
          'models--acme--one',
          async () => true,
          async () => undefined
        )
        await stages.close()
      })
    )
    expect(fs.existsSync(path.join(hub, STAGE_DIR))).toBe(false)
  })

  it('replace a link planted where the stages’ folder goes, never writing through it', async () => {
    const hub = tmp()
    const elsewhere = tmp()
    fs.writeFileSync(path.join(elsewhere, 'keep'), 'x')
    fs.symlinkSync(elsewhere, path.join(hub, STAGE_DIR))
    const stages = await Stages.open(hub)
    expect(fs.lstatSync(path.join(hub, STAGE_DIR)).isDirectory()).toBe(true)
    await stages.withStage(
      'models--acme--one',
      async () => true,
      async () => undefined
    )
    expect(fs.readdirSync(elsewhere)).toEqual(['keep'])
    await stages.close()
  })

  it('of a step that died long ago are removed; a live step’s, a link’s target and a file never followed', async () => {
    const hub = tmp()
    const live = await Stages.open(hub)
    const dead = path.join(hub, STAGE_DIR, '1-dead')
    fs.mkdirSync(path.join(dead, '1-models--acme--one'), { recursive: true })
    const old = new Date(Date.now() - 7 * 60 * 60 * 1000)
    fs.utimesSync(dead, old, old)
    const elsewhere = tmp()
    fs.symlinkSync(elsewhere, path.join(hub, STAGE_DIR, 'planted'))
    await removeStaleStages(hub)
    expect(fs.readdirSync(path.join(hub, STAGE_DIR))).toEqual([path.basename(live.root)])
    expect(fs.existsSync(elsewhere)).toBe(true)
    await live.close()
    fs.symlinkSync(elsewhere, path.join(hub, STAGE_DIR))
    await removeStaleStages(hub)
    expect(fs.existsSync(path.join(hub, STAGE_DIR))).toBe(false)
    expect(fs.existsSync(elsewhere)).toBe(true)
  })
})

describe('merging a restored entry', () => {
  it('gives the layout Python reads: links, blobs, the store with its manifest, refs, listing, markers', async () => {
    const from = tmp()
    const to = tmp()
    pythonCache(from)
    const stage = await carry(from, to)
    const merged = await mergeStage(to, stage, 'model', 'acme/one', OWN)
    expect(merged).toEqual({ blobs: 2, refused: [], removed: [] })
    const repo = path.join(to, 'models--acme--one')
    expect(fs.readFileSync(path.join(repo, 'snapshots', C1, 'config.json')).equals(config)).toBe(true)
    expect(
      fs.readFileSync(path.join(repo, 'snapshots', C1, 'sub', 'model.safetensors')).equals(weights)
    ).toBe(true)
    expect(fs.readlinkSync(path.join(repo, 'blobs', WEIGHTS))).toBe(`../../blobs/${XET.slice(0, 2)}/${XET}`)
    expect(fs.readFileSync(path.join(to, 'blobs', XET.slice(0, 2), `${XET}.refs`), 'utf8')).toBe(
      `models--acme--one/blobs/${WEIGHTS}\n`
    )
    expect(fs.readFileSync(path.join(to, 'blobs', '.huggingface-shared-blobs'), 'utf8')).toBe('1\n')
    expect(fs.readFileSync(path.join(repo, 'refs', 'main'), 'utf8')).toBe(C1)
    expect(fs.existsSync(path.join(repo, 'trees', `${C1}.json`))).toBe(true)
    expect(fs.existsSync(path.join(repo, '.no_exist', C1, 'missing.txt'))).toBe(true)
    expect(fs.existsSync(path.join(repo, 'snapshots', C0))).toBe(false)
  })

  it('refuses a blob whose content is not its name’s: neither it nor the snapshot link to it appears', async () => {
    const from = tmp()
    const to = tmp()
    pythonCache(from)
    const stage = await carry(from, to)
    const blob = path.join(stage, 'models--acme--one', 'blobs', CONFIG)
    fs.rmSync(blob)
    fs.writeFileSync(blob, Buffer.alloc(config.length, '!'))
    const merged = await mergeStage(to, stage, 'model', 'acme/one', OWN)
    expect(merged.refused).toEqual([CONFIG])
    expect(fs.existsSync(path.join(to, 'models--acme--one', 'blobs', CONFIG))).toBe(false)
    expect(fs.existsSync(path.join(to, 'models--acme--one', 'snapshots', C1, 'config.json'))).toBe(false)
    expect(
      fs.existsSync(path.join(to, 'models--acme--one', 'snapshots', C1, 'sub', 'model.safetensors'))
    ).toBe(true)
  })

  it('takes no link out of the stage: a blob linking to a file elsewhere, a snapshot link leaving the repo', async () => {
    const from = tmp()
    const to = tmp()
    pythonCache(from)
    const stage = await carry(from, to)
    const outside = path.join(tmp(), 'outside')
    fs.writeFileSync(outside, config)
    const blob = path.join(stage, 'models--acme--one', 'blobs', CONFIG)
    fs.rmSync(blob)
    fs.symlinkSync(outside, blob)
    fs.symlinkSync('../../../../../etc', path.join(stage, 'models--acme--one', 'snapshots', C1, 'escape'))
    const merged = await mergeStage(to, stage, 'model', 'acme/one', OWN)
    expect(merged.refused).toEqual([CONFIG])
    expect(fs.existsSync(path.join(to, 'models--acme--one', 'snapshots', C1, 'escape'))).toBe(false)
    expect(fs.readFileSync(outside).equals(config)).toBe(true)
  })

  it('ignores what has no shape of Python’s in a stage, and keeps a snapshot entry the hub cache has', async () => {
    const from = tmp()
    const to = tmp()
    pythonCache(from)
    const stage = await carry(from, to)
    const repo = path.join(stage, 'models--acme--one')
    fs.mkdirSync(path.join(repo, 'blobs', 'e'.repeat(40)))
    fs.writeFileSync(path.join(repo, 'blobs', 'not-a-blob'), 'x')
    fs.symlinkSync(`../blobs/${XET.slice(0, 2)}/${XET}`, path.join(repo, 'blobs', 'f'.repeat(64)))
    fs.writeFileSync(path.join(repo, 'snapshots', 'not-a-commit'), 'x')
    fs.mkdirSync(path.join(repo, 'snapshots', 'main'))
    fs.writeFileSync(path.join(repo, 'snapshots', 'main', 'x.json'), 'x')
    fs.symlinkSync(`../../blobs/${CONFIG}`, path.join(repo, 'snapshots', C1, 'extra.json'))
    // Named as a writer's link in flight: no honest stage holds one, and the hub cache would keep it as live.
    fs.symlinkSync(`../../blobs/${CONFIG}`, path.join(repo, 'snapshots', C1, 'x.json.999-0123456789ab.tmp'))
    fs.symlinkSync(path.join(from, 'models--acme--one', 'refs', 'main'), path.join(repo, 'refs', 'linked'))
    // The hub cache already has config.json of C1, pointing elsewhere: it stays.
    const kept = path.join(to, 'models--acme--one', 'snapshots', C1, 'config.json')
    fs.mkdirSync(path.dirname(kept), { recursive: true })
    fs.writeFileSync(kept, 'the machine’s own')
    const merged = await mergeStage(to, stage, 'model', 'acme/one', { commit: C1 })
    expect(merged).toEqual({ blobs: 2, refused: ['f'.repeat(64)], removed: [] })
    const result = path.join(to, 'models--acme--one')
    expect(fs.readdirSync(path.join(result, 'blobs')).sort()).toEqual([CONFIG, WEIGHTS].sort())
    expect(fs.readdirSync(path.join(result, 'snapshots'))).toEqual([C1])
    expect(fs.readdirSync(path.join(result, 'refs'))).toEqual(['main'])
    expect(fs.readFileSync(kept, 'utf8')).toBe('the machine’s own')
    expect(fs.readdirSync(path.join(result, 'snapshots', C1)).sort()).toEqual([
      'config.json',
      'extra.json',
      'sub'
    ])
  })

  it('refuses a store link of the wrong depth and a store payload of the wrong content; skips unsafe names', async () => {
    for (const spoil of ['depth', 'content'] as const) {
      const from = tmp()
      const to = tmp()
      pythonCache(from)
      const stage = await carry(from, to)
      const link = path.join(stage, 'models--acme--one', 'blobs', WEIGHTS)
      if (spoil === 'depth') {
        fs.rmSync(link)
        fs.symlinkSync(`../blobs/${XET.slice(0, 2)}/${XET}`, link)
      } else {
        const payload = path.join(stage, 'blobs', XET.slice(0, 2), XET)
        fs.rmSync(payload)
        fs.writeFileSync(payload, Buffer.alloc(weights.length))
      }
      // Names no cache may hold: a line break in a snapshot file and in a ref.
      fs.symlinkSync(`../../blobs/${CONFIG}`, path.join(stage, 'models--acme--one', 'snapshots', C1, 'a\nb'))
      fs.writeFileSync(path.join(stage, 'models--acme--one', 'refs', 'x\ny'), C1)
      const merged = await mergeStage(to, stage, 'model', 'acme/one', OWN)
      expect(merged).toEqual({ blobs: 1, refused: [WEIGHTS], removed: [] })
      const result = path.join(to, 'models--acme--one')
      expect(fs.existsSync(path.join(result, 'blobs', WEIGHTS))).toBe(false)
      expect(fs.existsSync(path.join(to, 'blobs', XET.slice(0, 2), XET))).toBe(false)
      expect(fs.readdirSync(path.join(result, 'snapshots', C1))).toEqual(['config.json'])
      expect(fs.readdirSync(path.join(result, 'refs'))).toEqual(['main'])
    }
  })

  it('a blob the hub cache already holds right is kept, whatever the stage holds for it', async () => {
    const from = tmp()
    const to = tmp()
    pythonCache(from)
    pythonCache(to)
    const stage = await carry(from, to)
    fs.rmSync(path.join(stage, 'blobs', XET.slice(0, 2), XET))
    fs.writeFileSync(path.join(stage, 'models--acme--one', 'blobs', CONFIG + '-x'), '')
    expect(await mergeStage(to, stage, 'model', 'acme/one', OWN)).toEqual({
      blobs: 2,
      refused: [],
      removed: []
    })
    expect(
      fs
        .readFileSync(path.join(to, 'models--acme--one', 'snapshots', C1, 'sub', 'model.safetensors'))
        .equals(weights)
    ).toBe(true)
  })

  it('keeps what the hub cache had: a ref of a persistent hf-home is not replaced', async () => {
    const from = tmp()
    const to = tmp()
    pythonCache(from)
    fs.mkdirSync(path.join(to, 'models--acme--one', 'refs'), { recursive: true })
    fs.writeFileSync(path.join(to, 'models--acme--one', 'refs', 'main'), C0)
    await mergeStage(to, await carry(from, to), 'model', 'acme/one', OWN)
    expect(fs.readFileSync(path.join(to, 'models--acme--one', 'refs', 'main'), 'utf8')).toBe(C0)
  })

  it('keeps the listing the hub cache has; takes markers from a stage with no listing', async () => {
    const from = tmp()
    const to = tmp()
    pythonCache(from)
    const stage = await carry(from, to)
    fs.rmSync(path.join(stage, 'models--acme--one', 'trees'), { recursive: true })
    await mergeStage(to, stage, 'model', 'acme/one', { commit: C1 })
    const merged = path.join(to, 'models--acme--one')
    expect(fs.existsSync(path.join(merged, 'trees'))).toBe(false)
    expect(fs.readdirSync(path.join(merged, '.no_exist', C1))).toEqual(['missing.txt'])
    // Another entry of the commit brings a listing: the one the hub cache has stays.
    const mine = JSON.stringify({ format_version: 1, files: {} })
    fs.mkdirSync(path.join(merged, 'trees'))
    fs.writeFileSync(path.join(merged, 'trees', `${C1}.json`), mine)
    const again = tmp()
    pythonCache(again)
    await mergeStage(to, await carry(again, to), 'model', 'acme/one', { commit: C1 })
    expect(fs.readFileSync(path.join(merged, 'trees', `${C1}.json`), 'utf8')).toBe(mine)
  })

  it('takes only refs holding a commit, listings Python reads, markers under a commit', async () => {
    const from = tmp()
    const to = tmp()
    pythonCache(from)
    const stage = await carry(from, to)
    const repo = path.join(stage, 'models--acme--one')
    const put = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true })
      fs.writeFileSync(path.join(repo, rel), text)
    }
    put('refs/pr/1', `${C1}\n`)
    put('refs/bad', 'not a commit')
    put('refs/huge', `${C1}${' '.repeat(2000)}`)
    fs.mkdirSync(path.join(repo, 'refs', 'folder'))
    put(`trees/${C0}.json`, '{not json')
    put('trees/main.json', fs.readFileSync(path.join(repo, 'trees', `${C1}.json`), 'utf8'))
    put(`.no_exist/${C1}/sub/deep.txt`, '')
    put('.no_exist/main/x.txt', '')
    await mergeStage(to, stage, 'model', 'acme/one', OWN)
    const merged = path.join(to, 'models--acme--one')
    expect(fs.readFileSync(path.join(merged, 'refs', 'pr', '1'), 'utf8')).toBe(C1)
    expect(fs.readdirSync(path.join(merged, 'refs')).sort()).toEqual(['main', 'pr'])
    expect(fs.readdirSync(path.join(merged, 'trees'))).toEqual([`${C1}.json`])
    expect(JSON.parse(fs.readFileSync(path.join(merged, 'trees', `${C1}.json`), 'utf8')).format_version).toBe(
      1
    )
    expect(fs.existsSync(path.join(merged, '.no_exist', C1, 'sub', 'deep.txt'))).toBe(true)
    expect(fs.readdirSync(path.join(merged, '.no_exist'))).toEqual([C1])
  })

  it('with HF_HUB_DISABLE_SHARED_BLOBS, a store payload becomes the repo’s own blob', async () => {
    const from = tmp()
    const to = tmp()
    pythonCache(from)
    const stage = await carry(from, to)
    process.env.HF_HUB_DISABLE_SHARED_BLOBS = '1'
    await mergeStage(to, stage, 'model', 'acme/one', OWN)
    const blob = path.join(to, 'models--acme--one', 'blobs', WEIGHTS)
    expect(fs.lstatSync(blob).isFile()).toBe(true)
    expect(fs.readFileSync(blob).equals(weights)).toBe(true)
    expect(fs.existsSync(path.join(to, 'blobs'))).toBe(false)
  })

  it.each([
    ['one then two', ['models--acme--one', 'models--acme--two']],
    ['two then one', ['models--acme--two', 'models--acme--one']]
  ])(
    'a payload two repos’ entries share, merged %s: one copy, both links in its manifest once',
    async (_, order) => {
      const from = tmp()
      const to = tmp()
      pythonCache(from, 'models--acme--one')
      pythonCache(from, 'models--acme--two')
      fs.writeFileSync(
        path.join(from, 'blobs', XET.slice(0, 2), `${XET}.refs`),
        `models--acme--one/blobs/${WEIGHTS}\nmodels--acme--two/blobs/${WEIGHTS}\n`
      )
      for (const folder of order) {
        const stage = await carry(from, to, folder)
        const repo = parseRepoFolder(folder)!
        expect((await mergeStage(to, stage, repo.type, repo.id, OWN)).refused).toEqual([])
        clearStage(stage)
      }
      const manifest = fs.readFileSync(path.join(to, 'blobs', XET.slice(0, 2), `${XET}.refs`), 'utf8')
      expect(manifest.split('\n').filter(Boolean).sort()).toEqual([
        `models--acme--one/blobs/${WEIGHTS}`,
        `models--acme--two/blobs/${WEIGHTS}`
      ])
      const store = fs.readdirSync(path.join(to, 'blobs', XET.slice(0, 2)))
      expect(store.filter(name => !name.endsWith('.lock')).sort()).toEqual([XET, `${XET}.refs`].sort())
      expect((await cachedSnapshots(to)).map(s => `${s.folder}@${s.commit}`)).toEqual([
        `models--acme--one@${C1}`,
        `models--acme--two@${C1}`
      ])
    }
  )
})

describe('what is taken of an entry: only what the Hub serves for its commit', () => {
  /** The merged repo's files (links as `-> target`), relative and sorted. */
  const merged = (to: string) => tree(path.join(to, 'models--acme--one'))

  it('of the entry of its commit: that snapshot, the refs naming it, its listing and markers — no other commit’s', async () => {
    const from = tmp()
    const to = tmp()
    pythonCache(from)
    const stage = await carry(from, to)
    // An entry made by hand: another commit's snapshot, a ref naming it, and its listing, beside C1's.
    const other = path.join(stage, 'models--acme--one')
    fs.mkdirSync(path.join(other, 'snapshots', C0), { recursive: true })
    fs.symlinkSync(`../../blobs/${CONFIG}`, path.join(other, 'snapshots', C0, 'evil.py'))
    fs.writeFileSync(path.join(other, 'refs', 'v1'), C0)
    fs.writeFileSync(
      path.join(other, 'trees', `${C0}.json`),
      JSON.stringify({ format_version: 1, files: {} })
    )
    fs.mkdirSync(path.join(other, '.no_exist', C0), { recursive: true })
    fs.writeFileSync(path.join(other, '.no_exist', C0, 'config.json'), '')
    await mergeStage(to, stage, 'model', 'acme/one', { commit: C1 })
    const files = merged(to)
    expect(files.some(f => f.includes(C0))).toBe(false)
    expect(files).toContain('refs/main')
    expect(files).not.toContain('refs/v1')
    expect(files).toContain(`snapshots/${C1}/config.json -> ../../blobs/${CONFIG}`)
  })

  it('of another commit’s or selection’s entry, only its blobs', async () => {
    const from = tmp()
    const to = tmp()
    pythonCache(from)
    const stage = await carry(from, to)
    expect(await mergeStage(to, stage, 'model', 'acme/one', {})).toEqual({
      blobs: 2,
      refused: [],
      removed: []
    })
    expect(merged(to).filter(f => !f.startsWith('blobs/'))).toEqual([])
    // The same with the Hub's listing of the commit the job wants (a listed repo's older entry): still blobs.
    const source = tmp()
    const again = tmp()
    pythonCache(source)
    const result = await mergeStage(again, await carry(source, again), 'model', 'acme/one', {
      hubListing: HUB_LISTING
    })
    expect(result).toEqual({ blobs: 2, refused: [], removed: [] })
    expect(merged(again).filter(f => !f.startsWith('blobs/'))).toEqual([])
  })

  it('a payload enters Python’s store only under the Xet hash the Hub gives its blob; else a plain blob', async () => {
    for (const hubListing of [undefined, HUB_LISTING.map(e => ({ ...e, xetHash: 'e'.repeat(64) }))]) {
      const from = tmp()
      const to = tmp()
      pythonCache(from)
      const stage = await carry(from, to)
      await mergeStage(to, stage, 'model', 'acme/one', { commit: C1, hubListing })
      const blob = path.join(to, 'models--acme--one', 'blobs', WEIGHTS)
      expect(fs.lstatSync(blob).isFile()).toBe(true)
      expect(fs.readFileSync(blob).equals(weights)).toBe(true)
      expect(fs.existsSync(path.join(to, 'blobs', XET.slice(0, 2)))).toBe(false)
    }
    const from = tmp()
    const to = tmp()
    pythonCache(from)
    await mergeStage(to, await carry(from, to), 'model', 'acme/one', OWN)
    expect(fs.lstatSync(path.join(to, 'models--acme--one', 'blobs', WEIGHTS)).isSymbolicLink()).toBe(true)
    expect(fs.readFileSync(path.join(to, 'blobs', XET.slice(0, 2), XET)).equals(weights)).toBe(true)
  })

  it('checked against the Hub’s listing: extra files removed, its listing written, no marker names a file it has', async () => {
    const from = tmp()
    const to = tmp()
    pythonCache(from)
    const stage = await carry(from, to)
    const repo = path.join(stage, 'models--acme--one')
    fs.symlinkSync(`../../blobs/${CONFIG}`, path.join(repo, 'snapshots', C1, 'evil.py'))
    fs.writeFileSync(path.join(repo, '.no_exist', C1, 'config.json'), '')
    fs.mkdirSync(path.join(repo, '.no_exist', C1, 'sub'))
    fs.writeFileSync(path.join(repo, '.no_exist', C1, 'sub', 'model.safetensors'), '')
    const result = await mergeStage(to, stage, 'model', 'acme/one', OWN)
    expect(result.removed).toEqual(['evil.py'])
    const files = merged(to)
    expect(files.filter(f => f.startsWith('.no_exist/'))).toEqual([`.no_exist/${C1}/missing.txt`])
    const written = JSON.parse(
      fs.readFileSync(path.join(to, 'models--acme--one', 'trees', `${C1}.json`), 'utf8')
    )
    expect(Object.keys(written.files).sort()).toEqual(['config.json', 'sub/model.safetensors'])
  })

  it('no listing naming a path the action refuses; at most MAX_MARKERS markers', async () => {
    const from = tmp()
    const to = tmp()
    pythonCache(from)
    const stage = await carry(from, to)
    const repo = path.join(stage, 'models--acme--one')
    const files = {
      'config.json': { size: 1, blob_id: CONFIG },
      '../../etc/passwd': { size: 1, blob_id: CONFIG }
    }
    fs.writeFileSync(path.join(repo, 'trees', `${C1}.json`), JSON.stringify({ format_version: 1, files }))
    for (let i = 0; i < MAX_MARKERS + 50; i++) fs.writeFileSync(path.join(repo, '.no_exist', C1, `m${i}`), '')
    await mergeStage(to, stage, 'model', 'acme/one', { commit: C1 })
    expect(fs.existsSync(path.join(to, 'models--acme--one', 'trees', `${C1}.json`))).toBe(false)
    expect(fs.readdirSync(path.join(to, 'models--acme--one', '.no_exist', C1))).toHaveLength(MAX_MARKERS)
  })
})

describe('without symlinks (Windows without the right): snapshot copies', () => {
  /** Python's layout then: each snapshot file a copy, the commit's listing naming each file's blob. */
  function copiesCache(hub: string): void {
    const repo = path.join(hub, 'models--acme--one')
    fs.mkdirSync(path.join(repo, 'snapshots', C1, 'sub'), { recursive: true })
    fs.writeFileSync(path.join(repo, 'snapshots', C1, 'config.json'), config)
    fs.writeFileSync(path.join(repo, 'snapshots', C1, 'sub', 'model.safetensors'), weights)
    fs.writeFileSync(path.join(repo, 'snapshots', C1, 'unlisted.txt'), 'not in the listing')
    fs.mkdirSync(path.join(repo, 'trees'))
    const files = {
      'config.json': { size: config.length, blob_id: CONFIG },
      'sub/model.safetensors': {
        size: 134,
        blob_id: 'f'.repeat(40),
        lfs_sha256: WEIGHTS,
        lfs_size: weights.length
      }
    }
    fs.writeFileSync(path.join(repo, 'trees', `${C1}.json`), JSON.stringify({ format_version: 1, files }))
    fs.mkdirSync(path.join(repo, 'refs'))
    fs.writeFileSync(path.join(repo, 'refs', 'main'), C1)
  }

  it('stages the copies the listing names, and merges them once their content is what it names', async () => {
    const from = tmp()
    const to = tmp()
    copiesCache(from)
    const stage = stagePath(from, 'models--acme--one')
    const staged = await stageSnapshot(from, stage, 'models--acme--one', C1)
    expect(staged).toEqual({
      bytes: config.length + weights.length,
      files: ['config.json', 'sub/model.safetensors']
    })
    const target = stagePath(to, 'models--acme--one')
    clearStage(target)
    fs.cpSync(stage, target, { recursive: true })
    fs.writeFileSync(
      path.join(target, 'models--acme--one', 'snapshots', C1, 'config.json'),
      Buffer.alloc(config.length, '!')
    )
    const merged = await mergeStage(to, target, 'model', 'acme/one', { commit: C1 })
    expect(merged.refused).toEqual([`snapshots/${C1}/config.json`])
    const snapshot = path.join(to, 'models--acme--one', 'snapshots', C1)
    expect(fs.readFileSync(path.join(snapshot, 'sub', 'model.safetensors')).equals(weights)).toBe(true)
    expect(fs.existsSync(path.join(snapshot, 'config.json'))).toBe(false)
    expect(fs.existsSync(path.join(snapshot, 'unlisted.txt'))).toBe(false)
  })
})
