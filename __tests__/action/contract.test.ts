/** The public contract: input and output names in action.yml, in the code, and in the README, never drift. */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { readActionYaml, ROOT } from '../../__fixtures__/runner.js'

const INPUTS = [
  'hf-token',
  'oidc-resource',
  'endpoint',
  'repos',
  'download',
  'cache',
  'save-cache',
  'cache-key',
  'hf-home',
  'offline',
  'require-access',
  'allow-anonymous',
  'export-legacy-env',
  'login',
  'git-credential',
  'download-timeout-minutes'
]
const OUTPUTS = [
  'authenticated',
  'username',
  'orgs',
  'token-role',
  'repos',
  'cache-hit',
  'cache-key',
  'cache-matched-key',
  'token-source',
  'token-expires-at',
  'hub-cache'
]

function source(): string {
  const dir = path.join(ROOT, 'src')
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.ts'))
    .map(f => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n')
}

function names(pattern: RegExp): string[] {
  return [...new Set([...source().matchAll(pattern)].map(m => m[1]))].sort()
}

/** Rows of the markdown table that follows a heading, as [name, default] pairs. */
function readmeTable(heading: string): string[][] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf(`\n${heading}\n`)
  expect(start).toBeGreaterThan(-1)
  const rows: string[][] = []
  for (const line of readme.slice(start + heading.length + 2).split('\n')) {
    if (!line.startsWith('|')) {
      if (rows.length) break
      continue
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map(c => c.trim())
    if (/^-+$/.test(cells[0]) || cells[0] === 'Input' || cells[0] === 'Output') continue
    rows.push(cells.map(c => c.replace(/^`|`$/g, '')))
  }
  return rows
}

describe('public contract', () => {
  const action = readActionYaml()

  it('action.yml declares exactly the inputs and outputs of the contract, each described', () => {
    expect(Object.keys(action.inputs)).toEqual(INPUTS)
    expect(Object.keys(action.outputs)).toEqual(OUTPUTS)
    for (const spec of [...Object.values(action.inputs), ...Object.values(action.outputs)] as {
      description?: string
    }[]) {
      expect(spec.description?.length).toBeGreaterThan(20)
    }
    for (const spec of Object.values(action.inputs)) expect(typeof spec.default).toBe('string')
  })

  it('the code reads exactly the declared inputs and sets exactly the declared outputs', () => {
    expect(names(/(?:getInput|getBoolean|getMinutes)\('([a-z-]+)'/g)).toEqual([...INPUTS].sort())
    expect(names(/setOutput\('([a-z-]+)'/g)).toEqual([...OUTPUTS].sort())
  })

  it('the README tables list every input with its action.yml default, and every output', () => {
    const inputs = readmeTable('### Inputs')
    expect(inputs.map(r => r[0])).toEqual(INPUTS)
    for (const [name, def] of inputs)
      expect(def).toBe(action.inputs[name].default === '' ? '""' : action.inputs[name].default)
    expect(readmeTable('### Outputs').map(r => r[0])).toEqual(OUTPUTS)
  })
})
