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

  it('starts fast: importing the bundle does no work beyond running the step', () => {
    // The entry point is the only top-level statement of ours; everything else is declarations.
    for (const entry of ['main', 'post']) {
      const source = fs.readFileSync(path.join(ROOT, 'src', 'bin', `${entry}.ts`), 'utf8')
      expect(source.split('\n').filter(l => l.trim() && !l.startsWith('import'))).toEqual([
        entry === 'main' ? 'await run()' : 'await runPost()'
      ])
    }
  })

  it('loads only what a step needs at start: no undici, and the heavy libraries in chunks of their own', () => {
    for (const entry of ['main', 'post']) {
      const dir = path.join(ROOT, 'dist', entry)
      // llhttp is undici's HTTP parser: its presence anywhere means undici was bundled again.
      for (const file of files(dir))
        expect(fs.readFileSync(path.join(dir, file), 'utf8')).not.toMatch(/llhttp/)
      // What every run parses before doing anything (the cache and Hub libraries are loaded on demand).
      expect(fs.statSync(path.join(dir, 'index.js')).size).toBeLessThan(
        entry === 'main' ? 512 * 1024 : 256 * 1024
      )
    }
  })
})
