/** The public contract: input and output names in action.yml, in the code, and in the README, never drift. */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { readActionYaml, ROOT } from '../../__fixtures__/runner.js'
import ts from 'typescript'
import { gitConfigEnv } from '../../src/auth/git-credential.js'

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

/** The variables the code exports to later steps (git's numbered ones as `_n`). */
function exportedByCode(): string[] {
  const direct = names(/exportVariable\('([A-Z_]+)'/g)
  const git = Object.keys(gitConfigEnv('https://hub.example', 'someone', 0)).map(n =>
    n.replace(/_\d+$/, '_n')
  )
  return [...new Set([...direct, ...git])].sort()
}

/** The variables the README's "Environment exported to later steps" table names (values such as `=1` cut). */
function exportedByReadme(): string[] {
  const rows = readmeTable('### Environment exported to later steps')
  const cells = rows.map(r => r[0]).join(', ')
  return [...new Set([...cells.matchAll(/([A-Z][A-Z0-9_]*[A-Z0-9](?:_n)?)(?:=\w+)?/g)].map(m => m[1]))].sort()
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
    if (/^-+$/.test(cells[0]) || ['Input', 'Output', 'Variable'].includes(cells[0])) continue
    rows.push(cells.map(c => c.replace(/^`|`$/g, '')))
  }
  return rows
}

/** A title as written: a literal, or a template with `…` for what it interpolates. */
function titleText(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (ts.isTemplateExpression(node))
    return node.head.text + node.templateSpans.map(span => `…${span.literal.text}`).join('')
  return undefined
}

/** The names of the classes that are `ActionError`s (every error a user sees), from the code's own declarations. */
function actionErrorClasses(files: ts.SourceFile[]): Set<string> {
  const classes = new Set(['ActionError'])
  for (let grew = true; grew;) {
    grew = false
    for (const file of files)
      ts.forEachChild(file, node => {
        if (!ts.isClassDeclaration(node) || !node.name || classes.has(node.name.text)) return
        const base = node.heritageClauses?.[0]?.types[0]?.expression.getText()
        if (base && classes.has(base)) grew = !!classes.add(node.name.text)
      })
  }
  return classes
}

/**
 * Every annotation title the code can give (`…` where it interpolates): the `title` of a warning, the title an
 * `annotate` call gives, and the title each `ActionError` (and subclass) is made with.
 */
function titlesInCode(): Map<string, string> {
  const dir = path.join(ROOT, 'src')
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.ts'))
    .map(f =>
      ts.createSourceFile(f, fs.readFileSync(path.join(dir, f), 'utf8'), ts.ScriptTarget.Latest, true)
    )
  const errors = actionErrorClasses(files)
  const titles = new Map<string, string>()
  for (const file of files) {
    const add = (node: ts.Node | undefined) => {
      const title = titleText(node)
      if (title) titles.set(title, file.fileName)
    }
    const visit = (node: ts.Node, inError: boolean): void => {
      if (ts.isPropertyAssignment(node) && node.name.getText() === 'title') add(node.initializer)
      if (ts.isCallExpression(node) && node.expression.getText() === 'annotate') add(node.arguments[2])
      // A subclass's title is the one its constructor gives `super` (below); its own arguments are others.
      if (ts.isNewExpression(node) && node.expression.getText() === 'ActionError') add(node.arguments?.[0])
      if (inError && ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword)
        add(node.arguments[0])
      const base = ts.isClassDeclaration(node)
        ? node.heritageClauses?.[0]?.types[0]?.expression.getText()
        : undefined
      ts.forEachChild(node, child =>
        visit(child, ts.isClassDeclaration(node) ? !!base && errors.has(base) : inError)
      )
    }
    visit(file, false)
  }
  return titles
}

/** The titles the README's troubleshooting table names (each backticked name of its first column). */
function titlesInReadme(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf('\n## Troubleshooting\n')
  const end = readme.indexOf('\n## ', start + 1)
  return readme
    .slice(start, end)
    .split('\n')
    .filter(line => line.startsWith('|'))
    .flatMap(line => [...line.split('|')[1].matchAll(/`([^`]+)`/g)].map(m => m[1]))
}

/** A title with what is filled in at run time (`…` in the code, `<…>` in the README) as one placeholder. */
const shapeOf = (title: string) => title.replace(/<[^>]+>|…/g, '…')

describe('public contract', () => {
  it('every annotation title the code gives has its row in the README’s troubleshooting table', () => {
    const documented = new Set(titlesInReadme().map(shapeOf))
    const titles = titlesInCode()
    expect(titles.size).toBeGreaterThan(30)
    const missing = [...titles].filter(([title]) => !documented.has(shapeOf(title)))
    expect(missing).toEqual([])
  })

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

  it('the README lists exactly the variables the code exports to later steps', () => {
    expect(exportedByReadme()).toEqual(exportedByCode())
    expect(exportedByCode()).toEqual(
      expect.arrayContaining(['HF_OIDC_RESOURCE', 'HF_HUB_OFFLINE', 'GIT_CONFIG_KEY_n'])
    )
  })

  it('the README and action.yml describe each input and output alike where they name a variable or a value', () => {
    // Each backticked or quoted name a description mentions in one place appears in the other.
    const readme = new Map(
      [...readmeTable('### Inputs'), ...readmeTable('### Outputs')].map(r => [r[0], r.at(-1)!])
    )
    const mentions = (text: string) =>
      [...text.matchAll(/\b(HF_[A-Z_]+|download: true|keyless|globs)\b/g)].map(m => m[1])
    for (const [name, spec] of Object.entries({ ...action.inputs, ...action.outputs }) as [
      string,
      { description: string }
    ][]) {
      const inReadme = readme.get(name) ?? ''
      for (const mention of mentions(spec.description)) expect(`${name}: ${inReadme}`).toContain(mention)
    }
  })
})
