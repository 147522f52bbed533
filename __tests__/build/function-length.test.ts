/** Every function of src/ reads in one screen: over 60 lines, it is split where a name can say what each part does. */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const MAX_LINES = 60

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name)
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : []
  })
}

/** `file:line name (lines)` of each function longer than `max`. */
export function longFunctions(file: string, text: string, max = MAX_LINES): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line
      const last = sf.getLineAndCharacterOfPosition(node.end).line
      const parent = node.parent
      const named =
        node.name ??
        (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) ? parent.name : undefined)
      const name = named?.getText(sf) ?? '(anonymous)'
      if (last - first + 1 > max) found.push(`${file}:${first + 1} ${name} (${last - first + 1})`)
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return found
}

describe('function length', () => {
  it(`no function of src/ is over ${MAX_LINES} lines`, () => {
    const long = sources('src').flatMap(file => longFunctions(file, fs.readFileSync(file, 'utf8')))
    expect(long).toEqual([])
  })

  it('counts a function from its first line to its last, nested ones apart', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i}`).join('\n')
    const text = `function long() {\n${body(59)}\n}\nfunction short() {\n${body(58)}\n  const inner = () => {\n${body(60)}\n  }\n}\n`
    expect(longFunctions('x.ts', text)).toEqual([
      'x.ts:1 long (61)',
      'x.ts:62 short (122)',
      'x.ts:121 inner (62)'
    ])
  })
})
