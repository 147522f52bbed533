/**
 * The download data path as the committed bundle runs it. Real CDNs speak HTTPS: the bundle pre-warms from a CDN
 * on TLS, trusting it the way a runner behind a corporate CA does (NODE_EXTRA_CA_CERTS), with a large file in
 * ranges over kept-alive TLS connections, and never sends the token there. (Behind a proxy, the same path goes
 * through the proxy: proxy.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { bytes, fakeCommit, sha256, type FakeHub } from '../../__fixtures__/fake-hub.js'
import { startWorld, TOKENS } from '../../__fixtures__/hub-world.js'
import { newJob, runStep, ending, SUCCEEDED } from '../../__fixtures__/runner.js'
import { TEST_CERT, TEST_KEY } from '../../__fixtures__/test-tls.js'

const MiB = 1024 * 1024
let hub: FakeHub
let caFile = ''
const weights = bytes('acme/tls-model/model.safetensors', 40 * MiB + 17)

beforeAll(async () => {
  hub = await startWorld({}, { cdnTls: { cert: TEST_CERT, key: TEST_KEY } })
  const commit = fakeCommit('acme/tls-model')
  hub.addRepo({
    type: 'model',
    id: 'acme/tls-model',
    branches: { main: commit },
    commits: {
      [commit]: {
        'config.json': { content: Buffer.from('{"model_type": "bert"}'), lfs: false },
        'model.safetensors': { content: weights, lfs: true }
      }
    }
  })
  caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-tls-ca-')), 'ca.pem')
  fs.writeFileSync(caFile, TEST_CERT)
})
afterAll(() => hub.stop())

const inputs = () => ({
  'hf-token': TOKENS.alice,
  endpoint: hub.url,
  repos: 'acme/tls-model',
  download: 'true',
  cache: 'false'
})

describe('a CDN on HTTPS', () => {
  it('is downloaded from in ranges over TLS, verified, without the token', async () => {
    expect(hub.cdnUrl).toMatch(/^https:/)
    const job = newJob()
    hub.resetStats()
    const main = await runStep(job, 'main', inputs(), { NODE_EXTRA_CA_CERTS: caFile })
    expect(main.stderr).toBe('')
    expect(ending(main)).toEqual(SUCCEEDED)
    const blob = path.join(job.home, '.cache/huggingface/hub/models--acme--tls-model/blobs', sha256(weights))
    expect(fs.readFileSync(blob).equals(weights)).toBe(true)
    // Ranges, then: more than one request for the file, each answered with a part of it.
    expect(hub.stats.cdnRanges.filter(r => r.startsWith('bytes=')).length).toBeGreaterThan(1)
    expect(hub.stats.cdnAuthorizations).toEqual([])
    // The action's own data path: only the headers it sets (fetch adds sec-fetch-mode and others).
    for (const names of hub.stats.cdnHeaderNames) {
      expect(names).toEqual(['accept-encoding', 'host', 'range', 'user-agent'])
    }
    // Only the mask command itself names it.
    const lines = main.stdout.split('\n').filter(line => line.includes(TOKENS.alice))
    expect(lines).toEqual([`::add-mask::${TOKENS.alice}`])
  })

  it('fails at once, naming the untrusted host and the fix, when the runner does not trust the certificate', async () => {
    const job = newJob()
    const main = await runStep(job, 'main', inputs())
    expect(main.exitCode).toBe(1)
    const [error] = main.commands.filter(c => c.command === 'error')
    expect(error.message).toContain(`could not reach ${new URL(hub.cdnUrl).origin}`)
    expect(error.message).toContain('NODE_EXTRA_CA_CERTS')
    // A certificate is not asked again: no retry lines.
    expect(main.stdout).not.toMatch(/retry \d/)
  })

  it('goes direct, on the lean data path, to loopback even when the runner names a proxy', async () => {
    const job = newJob()
    hub.resetStats()
    // @actions/http-client's rule: loopback is never proxied (a closed port here, which would fail otherwise).
    const main = await runStep(job, 'main', inputs(), {
      NODE_EXTRA_CA_CERTS: caFile,
      HTTPS_PROXY: 'http://127.0.0.1:9'
    })
    expect(main.stderr).toBe('')
    expect(ending(main)).toEqual(SUCCEEDED)
    const blob = path.join(job.home, '.cache/huggingface/hub/models--acme--tls-model/blobs', sha256(weights))
    expect(fs.readFileSync(blob).equals(weights)).toBe(true)
    expect(hub.stats.cdnAuthorizations).toEqual([])
    expect(hub.stats.cdnHeaderNames.length).toBeGreaterThan(0)
    // fetch would add sec-fetch-mode; the lean data path sends only what it was given.
    for (const names of hub.stats.cdnHeaderNames) expect(names).not.toContain('sec-fetch-mode')
  })
})

describe("the Hub's signed CDN URLs", () => {
  it('a 192 MiB file: one /resolve, every range from the URL it gave, none refused', async () => {
    const big = bytes('acme/signed-model/model.safetensors', 192 * MiB)
    const commit = fakeCommit('acme/signed-model')
    hub.addRepo({
      type: 'model',
      id: 'acme/signed-model',
      branches: { main: commit },
      commits: { [commit]: { 'model.safetensors': { content: big, lfs: true } } }
    })
    const job = newJob()
    hub.resetStats()
    const main = await runStep(
      job,
      'main',
      { ...inputs(), repos: 'acme/signed-model' },
      { NODE_EXTRA_CA_CERTS: caFile }
    )
    expect(ending(main)).toEqual(SUCCEEDED)
    expect(hub.stats.resolveRequests).toBe(1)
    expect(hub.stats.cdnRefusals).toBe(0)
    expect(hub.stats.cdnRanges.filter(r => r.startsWith('bytes=')).length).toBeGreaterThanOrEqual(8)
    const blob = path.join(job.home, '.cache/huggingface/hub/models--acme--signed-model/blobs', sha256(big))
    expect(fs.statSync(blob).size).toBe(big.length)
  })
})
