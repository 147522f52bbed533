/** The lint rule that keeps imports between src/ folders one way (eslint.config.js) does refuse a wrong one. */
import { describe, expect, it } from '@jest/globals'
import { ESLint } from 'eslint'
import path from 'node:path'
import { ROOT } from '../../__fixtures__/runner.js'

async function restricted(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT })
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) })
  return result.messages
    .filter(m => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map(m => m.message)
}

describe('import layers', () => {
  it.each([
    ['src/shared/x.ts', "import { HubClient } from '../hub/client.js'"],
    ['src/hub/x.ts', "import { RepoCacheDir } from '../hub-cache/layout.js'"],
    ['src/auth/x.ts', "import { run } from '../action/main.js'"],
    ['src/prewarm/x.ts', "import { chooseToken } from '../auth/token-source.js'"],
    ['src/action/steps/x.ts', "import { run } from '../../bin/main.js'"],
    ['src/hub/x.ts', "export const load = () => import('../hub-cache/layout.js')"],
    ['src/http/x.ts', "export async function f() { return (await import('../hub/client.js')).HubClient }"],
    ['src/hub-cache/x.ts', "export const load = () => import('../actions-cache/save.js')"]
  ])('refuses an import against the layers in %s', async (file, code) => {
    const messages = await restricted(file, `${code}\nexport const used = 1\n`)
    expect(messages.join('\n')).toContain(`may import only from`)
  })

  it.each([
    ['src/action/steps/x.ts', "import { HubClient } from '../../hub/client.js'"],
    ['src/prewarm/x.ts', "import { RepoCacheDir } from '../hub-cache/layout.js'"],
    ['src/hub-cache/x.ts', "import type { TreeEntry } from '../hub/tree.js'"],
    ['src/action/steps/x.ts', "export const load = () => import('../../prewarm/prewarm.js')"],
    ['src/hub/x.ts', "export const load = () => import('../http/stream.js')"]
  ])('allows an import down the layers in %s', async (file, code) => {
    expect(await restricted(file, `${code}\nexport const used = 1\n`)).toEqual([])
  })
})
