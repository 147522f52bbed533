/**
 * Real clients read what the committed dist/ pre-warmed, in a later "step" with only the exported
 * environment and HF_HUB_OFFLINE=1: transformers (AutoConfig, AutoTokenizer), safetensors weights, a parquet
 * dataset through its snapshot folder with `datasets`, `hf cache verify`, and huggingface_hub 2.x. The small
 * repos are built by those libraries in the test, not by hand. Skipped, with the reason, without the wheels.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fakeCommit, type FakeFile, type FakeHub } from '../../__fixtures__/fake-hub.js'
import { startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { pythonHub } from '../../__fixtures__/python-hub.js'
import { newJob, runStep, ending, SUCCEEDED } from '../../__fixtures__/runner.js'

const clients = pythonHub({
  target: 'hf-python-clients',
  requirements: [
    'huggingface_hub>=1,<2',
    'transformers',
    'tokenizers',
    'safetensors',
    'datasets',
    'pyarrow',
    'numpy'
  ]
})
const hub2 = pythonHub({ target: 'hf-python-2', requirements: ['huggingface_hub>=2,<3'] })
const describeWithClients = clients.ok ? describe : describe.skip
if (!clients.ok) console.warn(`real-client tests skipped: ${clients.why}`)

let hub: FakeHub
beforeAll(async () => {
  hub = await startWorld()
})
afterAll(() => hub.stop())

/** Every file below `dir` as a fake Hub file (weights and parquet through LFS, as on the Hub). */
function filesOf(dir: string): Record<string, FakeFile> {
  const out: Record<string, FakeFile> = {}
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const full = path.join(dir, rel)
    if (!fs.statSync(full).isFile()) continue
    out[rel.split(path.sep).join('/')] = {
      content: fs.readFileSync(full),
      lfs: /\.(safetensors|parquet)$/.test(rel)
    }
  }
  return out
}

describeWithClients('real clients read the pre-warmed cache offline', () => {
  it('transformers, tokenizers, safetensors, datasets (via the snapshot folder), hf cache verify, hub 2.x', async () => {
    if (!clients.ok) return
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-real-repos-'))
    const model = path.join(work, 'model')
    const dataset = path.join(work, 'dataset')
    // The repos' files, made by the libraries themselves.
    await clients.run(`
import numpy as np, pyarrow as pa, pyarrow.parquet as pq, os
from tokenizers import Tokenizer, models, pre_tokenizers
from transformers import BertConfig, PreTrainedTokenizerFast
from safetensors.numpy import save_file
vocab = {"[UNK]": 0, "[PAD]": 1, "hello": 2, "world": 3}
tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
tok.pre_tokenizer = pre_tokenizers.Whitespace()
PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]").save_pretrained("${model}")
BertConfig(vocab_size=4, hidden_size=8, num_hidden_layers=1, num_attention_heads=1, intermediate_size=8).save_pretrained("${model}")
save_file({"embeddings.word_embeddings.weight": np.arange(32, dtype=np.float32).reshape(4, 8)}, "${model}/model.safetensors")
os.makedirs("${dataset}/data")
pq.write_table(pa.table({"text": ["hello world", "world hello"], "label": [0, 1]}), "${dataset}/data/train-00000-of-00001.parquet")
print("null")
`)
    const modelCommit = fakeCommit('real-bert')
    const dataCommit = fakeCommit('real-parquet')
    hub.addRepo({
      type: 'model',
      id: 'acme/real-bert',
      branches: { main: modelCommit },
      commits: { [modelCommit]: filesOf(model) }
    })
    hub.addRepo({
      type: 'dataset',
      id: 'acme/real-parquet',
      branches: { main: dataCommit },
      commits: { [dataCommit]: filesOf(dataset) }
    })

    const job = newJob()
    const main = await runStep(job, 'main', {
      'hf-token': TOKENS.alice,
      endpoint: hub.url,
      repos: 'acme/real-bert\ndatasets/acme/real-parquet',
      download: 'true',
      offline: 'true',
      cache: 'false'
    })
    expect(ending(main)).toEqual(SUCCEEDED)
    const [, data] = JSON.parse(main.outputs.repos) as { path: string }[]
    expect(data.path).toContain(path.join('datasets--acme--real-parquet', 'snapshots', dataCommit))

    // A later step: only what the action exported, offline. No token, so nothing could be fetched anyway.
    const later = { ...main.exportedEnv, HOME: job.home }
    delete (later as Record<string, string>).HF_TOKEN
    const offline = await clients.run(
      `
from transformers import AutoConfig, AutoTokenizer
from huggingface_hub import hf_hub_download
from safetensors.numpy import load_file
import datasets
cfg = AutoConfig.from_pretrained("acme/real-bert")
tok = AutoTokenizer.from_pretrained("acme/real-bert")
weights = load_file(hf_hub_download("acme/real-bert", "model.safetensors"))
ds = datasets.load_dataset(${JSON.stringify(data.path)}, split="train")
print(json.dumps({
  "model_type": cfg.model_type, "hidden": cfg.hidden_size,
  "ids": tok("hello world")["input_ids"],
  "weight": list(weights["embeddings.word_embeddings.weight"].shape),
  "rows": list(ds["text"]),
}))
`,
      later
    )
    expect(offline).toEqual({
      model_type: 'bert',
      hidden: 8,
      ids: [2, 3],
      weight: [4, 8],
      rows: ['hello world', 'world hello']
    })

    // hf cache verify compares the cache with the Hub's checksums (online, against the fake Hub).
    const verified = (await clients.run(
      `
import subprocess
out = subprocess.run([sys.executable, "-c", "from huggingface_hub.cli.hf import main; main()", "cache", "verify", "acme/real-bert"], capture_output=True, text=True)
print(json.dumps({"code": out.returncode, "out": out.stdout + out.stderr}))
`,
      { ...main.exportedEnv, HOME: job.home, HF_HUB_OFFLINE: '0' }
    )) as { code: number; out: string }
    expect(verified).toMatchObject({ code: 0 })

    // huggingface_hub 2.x reads the same cache offline.
    if (hub2.ok) {
      const two = await hub2.run(
        `
import huggingface_hub
from huggingface_hub import snapshot_download
print(json.dumps([huggingface_hub.__version__.split(".")[0], sorted(__import__("os").listdir(snapshot_download("acme/real-bert")))]))
`,
        later
      )
      expect(two).toEqual([
        '2',
        expect.arrayContaining(['config.json', 'model.safetensors', 'tokenizer.json'])
      ])
    } else {
      console.warn(`huggingface_hub 2.x check skipped: ${hub2.why}`)
    }
  }, 300_000)
})
