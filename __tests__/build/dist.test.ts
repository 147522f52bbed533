/** dist/ is what the runner executes: it must be exactly what `npm run bundle` builds from src/. */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from '../../__fixtures__/runner.js'

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(f => fs.statSync(path.join(dir, f)).isFile())
    .sort()
}

describe('dist/', () => {
  it('matches a fresh build of src/ (run `npm run bundle` and commit dist/ when this fails)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-auth-dist-'))
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs'), '--out', out], {
      cwd: ROOT,
      stdio: 'pipe'
    })
    const committed = path.join(ROOT, 'dist')
    expect(files(committed)).toEqual(files(out))
    const stale = files(out).filter(
      f => !fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(committed, f)))
    )
    expect(stale).toEqual([])
  }, 120_000)

  it('loads only what a step needs at start: the heavy libraries in chunks of their own', () => {
    for (const entry of ['main', 'post']) {
      const index = fs.readFileSync(path.join(ROOT, 'dist', entry, 'index.js'), 'utf8')
      // llhttp is undici's HTTP parser; getAgentDispatcher and ToolRunner are the real @actions/http-client's and
      // @actions/exec's: core's stand-ins keep all three out of what every run parses.
      expect(index).not.toMatch(/llhttp|getAgentDispatcher|class ToolRunner/)
      expect(index.length).toBeLessThan(entry === 'main' ? 512 * 1024 : 256 * 1024)
    }
  })

  it('keeps the keyless exchange out of the main chunk: only a keyless run loads it', () => {
    const index = fs.readFileSync(path.join(ROOT, 'dist', 'main', 'index.js'), 'utf8')
    expect(index).not.toContain('urn:ietf:params:oauth:grant-type:token-exchange')
    expect(index).not.toContain('ACTIONS_ID_TOKEN_REQUEST_URL is not set')
    const chunks = files(path.join(ROOT, 'dist', 'main')).filter(f => f !== 'index.js' && f.endsWith('.js'))
    expect(
      chunks.some(f =>
        fs.readFileSync(path.join(ROOT, 'dist', 'main', f), 'utf8').includes('urn:ietf:params:oauth')
      )
    ).toBe(true)
  })
})

describe('start-up', () => {
  it('importing any module of the action does no work: no timer, socket, worker or output', () => {
    const modules = fs
      .readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
      .filter(f => f.endsWith('.ts') && !f.startsWith('bin'))
      .map(f => path.join(ROOT, 'src', f))
    expect(modules.length).toBeGreaterThan(40)
    const out = execFileSync(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(ROOT, '__fixtures__', 'import-side-effects.ts'), ...modules],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }
    )
    expect(JSON.parse(out)).toEqual({ active: [], written: [] })
  })

  it('the entry points only run the step: one statement each', () => {
    const run = { main: 'await run()', post: 'await runPost()', 'save-entry': 'await runSaveWorker()' }
    for (const [entry, statement] of Object.entries(run)) {
      const source = fs.readFileSync(path.join(ROOT, 'src', 'bin', `${entry}.ts`), 'utf8')
      expect(source.split('\n').filter(l => l.trim() && !l.startsWith('import'))).toEqual([statement])
    }
  })

  it('keeps @actions/cache and the storage SDK out of main and post: only the save worker loads them', () => {
    for (const entry of ['main', 'post']) {
      for (const chunk of files(path.join(ROOT, 'dist', entry)).filter(f => f.endsWith('.js'))) {
        const text = fs.readFileSync(path.join(ROOT, 'dist', entry, chunk), 'utf8')
        expect(text).not.toMatch(/@azure\/storage-blob|CacheServiceClientJSON/)
      }
    }
    const worker = files(path.join(ROOT, 'dist', 'save-entry'))
      .filter(f => f.endsWith('.js'))
      .map(f => fs.readFileSync(path.join(ROOT, 'dist', 'save-entry', f), 'utf8'))
      .join('\n')
    expect(worker).toContain('CacheServiceClientJSON')
  })
})
