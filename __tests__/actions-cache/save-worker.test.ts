/**
 * The save worker seen from post: its answer on fd 3, its log relayed safely, its end at the limit. A stand-in
 * worker script plays the worker (the real one, with the real toolkit, runs in the end-to-end suites).
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { parseWorkerAnswer, saveInWorker, workerScript } =
  await import('../../src/actions-cache/save-worker.js')

let dir = ''
const writes: string[] = []
let write: typeof process.stdout.write
beforeEach(() => {
  core.resetCoreMock()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-worker-'))
  writes.length = 0
  write = process.stdout.write
  process.stdout.write = ((chunk: string) => writes.push(String(chunk)) > 0) as typeof process.stdout.write
})
afterEach(() => {
  process.stdout.write = write
})

/** A worker script doing `body` (CommonJS, run by this Node). */
function worker(body: string): string {
  const file = path.join(dir, 'worker.cjs')
  fs.writeFileSync(file, `const fs = require('fs');\n${body}\n`)
  return file
}
const signal = () => new AbortController().signal

describe('the save worker', () => {
  it('is beside the running bundle’s folder', () => {
    expect(workerScript('/a/dist/post/index.js')).toBe('/a/dist/save-entry/index.js')
  })

  it('runs in the stage folder, that folder its workspace, with the key; answers on fd 3', async () => {
    const script = worker(`fs.writeSync(3, JSON.stringify({ outcome: 'saved' }))`)
    expect(await saveInWorker(dir, 'the-key', signal(), script)).toEqual({ outcome: 'saved' })
    const seen = worker(
      `fs.writeFileSync('seen.json', JSON.stringify([process.cwd(), process.env.GITHUB_WORKSPACE, process.argv[2]])); fs.writeSync(3, '{"outcome":"exists"}')`
    )
    expect(await saveInWorker(dir, 'the-key', signal(), seen)).toEqual({ outcome: 'exists' })
    const real = fs.realpathSync(dir)
    expect(
      JSON.parse(fs.readFileSync(path.join(dir, 'seen.json'), 'utf8')).map((p: string) =>
        p === dir ? real : p
      )
    ).toEqual([real, real, 'the-key'])
  })

  it('relays the toolkit’s log: masks and debug lines as they are, anything else as text that commands nothing', async () => {
    const script = worker(
      `process.stdout.write('::add-mask::sig\\n::debug::detail\\n::warning::Failed to save: x\\nCache hit for: k\\n::error title=X::y\\n'); fs.writeSync(3, '{"outcome":"saved"}')`
    )
    await saveInWorker(dir, 'k', signal(), script)
    const out = writes.join('')
    expect(out).toContain('::add-mask::sig\n')
    expect(out).toContain('::debug::detail\n')
    expect(out).not.toMatch(/^::(warning|error)/m)
    const info = core.info.mock.calls.map(([line]) => line)
    expect(info).toEqual(['  Failed to save: x', '  Cache hit for: k', '  y'])
  })

  it('a fault it reports is thrown for the budget; no answer is an error of that entry', async () => {
    const fault = worker(
      `fs.writeSync(3, JSON.stringify({ outcome: 'fault', kind: 'quota', message: 'insufficient usage' }))`
    )
    await expect(saveInWorker(dir, 'k', signal(), fault)).rejects.toMatchObject({
      name: 'ServiceFault',
      kind: 'quota'
    })
    await expect(saveInWorker(dir, 'k', signal(), worker('process.exit(3)'))).rejects.toThrow(
      'the save worker ended (exit 3) without an answer'
    )
  })

  it('at the limit, the worker and what it started (its tar and zstd) are ended', async () => {
    const pidFile = path.join(dir, 'child.pid')
    const script = worker(
      `const c = require('child_process').spawn('sleep', ['30'], { stdio: 'ignore' }); fs.writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); setInterval(() => {}, 1000)`
    )
    const controller = new AbortController()
    const saving = saveInWorker(dir, 'k', controller.signal, script)
    while (!fs.existsSync(pidFile) || !fs.readFileSync(pidFile, 'utf8'))
      await new Promise(r => setTimeout(r, 20))
    controller.abort(new Error('no answer within 2 s'))
    await expect(saving).rejects.toThrow('no answer within 2 s')
    const pid = Number(fs.readFileSync(pidFile, 'utf8'))
    // Gone, or a zombie no one has reaped yet (its parent, the worker, is gone too).
    const running = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))
      } catch {
        return false
      }
    }
    for (let i = 0; i < 50 && running(); i++) await new Promise(r => setTimeout(r, 20))
    expect(running()).toBe(false)
  })

  it.each([
    ['not JSON', 'x'],
    ['no outcome', '{}'],
    ['a fault of no known kind', '{"outcome":"fault","kind":"weird"}']
  ])('refuses an answer that is %s', (_, text) => {
    expect(parseWorkerAnswer(text)).toBeUndefined()
  })

  it.each([
    ['a list', '[]'],
    ['null', 'null']
  ])('refuses an answer that is %s', (_, text) => {
    expect(parseWorkerAnswer(text)).toBeUndefined()
  })

  it('takes each shape a worker gives, and only those fields', () => {
    expect(parseWorkerAnswer('{"outcome":"saved","message":"m"}')).toEqual({ outcome: 'saved' })
    expect(parseWorkerAnswer('{"outcome":"exists"}')).toEqual({ outcome: 'exists' })
    expect(parseWorkerAnswer('{"outcome":"refused"}')).toEqual({ outcome: 'refused', message: '' })
    expect(parseWorkerAnswer('{"outcome":"refused","message":7}')).toEqual({
      outcome: 'refused',
      message: ''
    })
    for (const kind of ['unavailable', 'rate-limited', 'quota', 'timeout', 'refused'])
      expect(parseWorkerAnswer(JSON.stringify({ outcome: 'fault', kind, message: 'm' }))).toEqual({
        outcome: 'fault',
        kind,
        message: 'm',
        retryAfter: undefined
      })
    expect(
      parseWorkerAnswer('{"outcome":"fault","kind":"rate-limited","message":"m","retryAfter":30}')
    ).toMatchObject({ retryAfter: 30 })
    expect(
      parseWorkerAnswer('{"outcome":"fault","kind":"rate-limited","message":"m","retryAfter":"30"}')
    ).toMatchObject({ retryAfter: undefined })
  })

  it('relays a last line without a line break, the words of a command after its name, and no blank line', async () => {
    const script = worker(
      `process.stdout.write('\\n   \\n::warning file=a,line=1::kept words\\nnot ::a:: command\\nlast words'); fs.writeSync(3, '{"outcome":"saved"}')`
    )
    await saveInWorker(dir, 'k', signal(), script)
    const info = core.info.mock.calls.map(([line]) => line)
    expect(info).toEqual(['  kept words', '  not ::a:: command', '  last words'])
  })

  it('hands the worker’s own errors to the debug log', async () => {
    const script = worker(`process.stderr.write('boom\\n'); fs.writeSync(3, '{"outcome":"saved"}')`)
    await saveInWorker(dir, 'k', signal(), script)
    expect(core.debug).toHaveBeenCalledWith('save worker: boom')
  })

  it('bounds the message it takes', () => {
    expect(parseWorkerAnswer(JSON.stringify({ outcome: 'refused', message: 'x'.repeat(2000) }))).toEqual({
      outcome: 'refused',
      message: 'x'.repeat(500)
    })
  })
})
