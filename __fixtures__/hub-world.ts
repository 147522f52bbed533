/** The standard world of the tests and the demo: accounts, tokens and repos of every kind of outcome. */
import { bytes, fakeCommit, FakeHub, type FakeFile } from './fake-hub.js'

export const TOKENS = {
  alice: 'hf_alice_read_token_0123456789abcdef',
  bob: 'hf_bob_write_token_0123456789abcdef',
  carol: 'hf_carol_finegrained_0123456789abcd',
  revoked: 'hf_revoked_token_00000000000000000'
}

export const REPOS = {
  public: 'acme/tiny-model',
  llama: 'meta-llama/Llama-3.2-1B',
  notGranted: 'gated-org/not-granted',
  private: 'bob/private-model',
  dataset: 'acme/tiny-dataset',
  space: 'acme/demo-space',
  disabled: 'acme/disabled-model',
  rateLimited: 'acme/rate-limited',
  big: 'acme/many-files',
  hostile: 'evil/hostile-paths',
  edgeCases: 'acme/edge-cases'
}

function text(value: string): FakeFile {
  return { content: Buffer.from(value), lfs: false }
}

function lfs(seed: string, size: number): FakeFile {
  return { content: bytes(seed, size), lfs: true }
}

export function modelFiles(seed: string, weightBytes = 256 * 1024): Record<string, FakeFile> {
  return {
    '.gitattributes': text('*.safetensors filter=lfs diff=lfs merge=lfs -text\n'),
    'config.json': text(JSON.stringify({ model_type: 'llama', seed })),
    'tokenizer.json': text(JSON.stringify({ version: '1.0', seed, vocab: ['a', 'b'] })),
    'model.safetensors': lfs(`${seed}-weights`, weightBytes),
    'onnx/model.onnx': lfs(`${seed}-onnx`, 64 * 1024),
    'README.md': text(`# ${seed}\n`)
  }
}

export interface WorldOptions {
  weightBytes?: number
  latencyMs?: number
}

export function buildWorld(hub: FakeHub, options: WorldOptions = {}): FakeHub {
  const weight = options.weightBytes
  hub.faults.latencyMs = options.latencyMs ?? 0
  hub
    .addToken(TOKENS.alice, { name: 'alice', orgs: ['acme', 'ml-team'], role: 'read' })
    .addToken(TOKENS.bob, { name: 'bob', orgs: [], role: 'write' })
    .addToken(TOKENS.carol, { name: 'carol', role: 'fineGrained', canReadGatedRepos: true })
  const v1 = fakeCommit('tiny-v1')
  const v2 = fakeCommit('tiny-v2')
  hub.addRepo({
    type: 'model',
    id: REPOS.public,
    branches: { main: v2 },
    tags: { 'v1.0': v1 },
    commits: { [v1]: modelFiles('tiny-v1', weight), [v2]: modelFiles('tiny-v2', weight) }
  })
  const llama = fakeCommit('llama')
  hub.addRepo({
    type: 'model',
    id: REPOS.llama,
    gated: 'manual',
    members: ['alice', 'carol'],
    branches: { main: llama },
    commits: { [llama]: modelFiles('llama', weight) }
  })
  const ng = fakeCommit('not-granted')
  hub.addRepo({
    type: 'model',
    id: REPOS.notGranted,
    gated: 'auto',
    branches: { main: ng },
    commits: { [ng]: modelFiles('not-granted', 1024) }
  })
  const priv = fakeCommit('private')
  hub.addRepo({
    type: 'model',
    id: REPOS.private,
    private: true,
    branches: { main: priv },
    commits: { [priv]: modelFiles('private', 1024) }
  })
  const ds = fakeCommit('dataset')
  hub.addRepo({
    type: 'dataset',
    id: REPOS.dataset,
    branches: { main: ds },
    commits: { [ds]: { 'data/train.parquet': lfs('train', 32 * 1024), 'README.md': text('# data\n') } }
  })
  const sp = fakeCommit('space')
  hub.addRepo({
    type: 'space',
    id: REPOS.space,
    branches: { main: sp },
    commits: { [sp]: { 'app.py': text('print("hi")\n') } }
  })
  const dis = fakeCommit('disabled')
  hub.addRepo({
    type: 'model',
    id: REPOS.disabled,
    disabled: true,
    branches: { main: dis },
    commits: { [dis]: modelFiles('disabled', 1024) }
  })
  const rl = fakeCommit('rate-limited')
  hub.addRepo({
    type: 'model',
    id: REPOS.rateLimited,
    branches: { main: rl },
    commits: { [rl]: { 'config.json': text('{}') } }
  })
  const big = fakeCommit('big')
  const many: Record<string, FakeFile> = {}
  for (let i = 0; i < 120; i++)
    many[`shards/part-${String(i).padStart(3, '0')}.json`] = text(`{"part": ${i}}`)
  hub.addRepo({ type: 'model', id: REPOS.big, branches: { main: big }, commits: { [big]: many } })
  const edge = fakeCommit('edge')
  hub.addRepo({
    type: 'model',
    id: REPOS.edgeCases,
    branches: { main: edge },
    commits: {
      [edge]: {
        'pkg/__init__.py': text(''),
        'same-a.json': text('{"same": true}'),
        'nested/same-b.json': text('{"same": true}'),
        'names with spaces & ünïcode.txt': text('ok')
      }
    }
  })
  const evil = fakeCommit('evil')
  hub.addRepo({
    type: 'model',
    id: REPOS.hostile,
    branches: { main: evil },
    commits: { [evil]: { 'config.json': text('{}') } },
    extraTreePaths: ['../../../escaped.txt', 'a/../../escaped.txt', '/etc/escaped.txt']
  })
  return hub
}

export async function startWorld(
  options: WorldOptions = {},
  hubOptions: ConstructorParameters<typeof FakeHub>[0] = {}
): Promise<FakeHub> {
  return buildWorld(await new FakeHub(hubOptions).start(), options)
}
