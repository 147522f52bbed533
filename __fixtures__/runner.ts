/**
 * Runs the committed bundles the way the GitHub runner does: `node dist/<entry>/index.js` with the
 * inputs as INPUT_<NAME> (upper-cased, dashes kept; defaults from action.yml), the file commands
 * GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY, RUNNER_TEMP and a temporary HOME; then
 * the post entry with the STATE_* variables and the exported environment the runner would pass.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * The Node that runs the bundle: the runtime users run (`runs.using: node24`) when the test run provides it
 * (HF_ACTION_NODE, set by the jest project that repeats the end-to-end suites on Node 24), else this one.
 */
export const ACTION_NODE = process.env.HF_ACTION_NODE || process.execPath

interface ActionYaml {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string; post: string; 'post-if'?: string }
}

export function readActionYaml(): ActionYaml {
  return parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionYaml
}

export interface StepResult {
  exitCode: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  exportedEnv: Record<string, string>
  state: Record<string, string>
  summary: string
  /** Raw file-command files, for leak checks. */
  raw: { output: string; env: string; state: string; summary: string }
  /** Lines of stdout that are workflow commands, parsed. */
  commands: { command: string; properties: Record<string, string>; message: string }[]
}

/** Parses `name=value` lines and `name<<DELIM … DELIM` heredocs (the file-command formats). */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (!line) continue
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i])
      if (i >= lines.length) throw new Error(`unterminated heredoc for ${name}`)
      out[name] = value.join('\n')
    } else {
      const eq = line.indexOf('=')
      if (eq === -1) throw new Error(`malformed file-command line: ${line}`)
      out[line.slice(0, eq)] = line.slice(eq + 1)
    }
  }
  return out
}

function unescapeCommand(value: string): string {
  return value
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')
}

/**
 * The lines of stdout the runner reads commands from: as the runner does, from `::stop-commands::<token>`
 * until a line `::<token>::`, nothing is obeyed (those lines are printed as they are). Split at CR as well as
 * LF, as the runner splits.
 */
export function obeyedLines(stdout: string): string[] {
  const out: string[] = []
  let resume: string | undefined
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    if (resume !== undefined) {
      if (line.trim() === resume) resume = undefined
      continue
    }
    const stop = /^\s*::stop-commands::(.+)$/.exec(line)
    if (stop) resume = `::${stop[1].trim()}::`
    else out.push(line)
  }
  return out
}

export function parseCommands(stdout: string): StepResult['commands'] {
  const out: StepResult['commands'] = []
  for (const line of obeyedLines(stdout)) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!m) continue
    const properties: Record<string, string> = {}
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=')
      properties[pair.slice(0, eq)] = unescapeCommand(pair.slice(eq + 1))
    }
    out.push({ command: m[1], properties, message: unescapeCommand(m[3]) })
  }
  return out
}

export interface Job {
  /** Temporary folder holding HOME, RUNNER_TEMP, the workspace and the file-command files. */
  dir: string
  home: string
  workspace: string
  /** The environment every step of the job starts from (GITHUB_ENV exports are added as steps run). */
  env: Record<string, string>
}

/** A fresh job: its own HOME, RUNNER_TEMP and workspace, with no HF_* variables from the caller. */
export function newJob(env: Record<string, string> = {}, dir?: string): Job {
  const base = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hf-auth-job-'))
  const home = path.join(base, 'home')
  const workspace = path.join(base, 'workspace')
  for (const d of [home, workspace, path.join(base, 'temp')]) fs.mkdirSync(d, { recursive: true })
  const inherited: Record<string, string> = {}
  for (const name of ['PATH', 'LANG', 'TZ', 'SYSTEMROOT'])
    if (process.env[name]) inherited[name] = process.env[name]!
  return {
    dir: base,
    home,
    workspace,
    env: {
      ...inherited,
      HOME: home,
      RUNNER_TEMP: path.join(base, 'temp'),
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      ...env
    }
  }
}

/**
 * A new machine at the same paths (hosted runners always use the same HOME): the cache version
 * @actions/cache computes includes the absolute path, so a restore only matches at the same place.
 */
export function freshMachine(dir: string, env: Record<string, string> = {}): Job {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  return newJob(env, dir)
}

let stepSeq = 0

/** What the runner would start for one step: the script, its environment, and the file-command files. */
export function stepCommand(
  job: Job,
  entry: 'main' | 'post',
  inputs: Record<string, string> = {},
  extraEnv: Record<string, string> = {}
): {
  script: string
  env: Record<string, string>
  files: Record<'output' | 'env' | 'state' | 'summary', string>
} {
  const action = readActionYaml()
  const files = {
    output: path.join(job.dir, `output-${++stepSeq}`),
    env: path.join(job.dir, `env-${stepSeq}`),
    state: path.join(job.dir, `state-${stepSeq}`),
    summary: path.join(job.dir, `summary-${stepSeq}`)
  }
  for (const f of Object.values(files)) fs.writeFileSync(f, '')
  const inputEnv: Record<string, string> = {}
  for (const [name, spec] of Object.entries(action.inputs)) {
    inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = inputs[name] ?? spec.default ?? ''
  }
  for (const name of Object.keys(inputs)) {
    if (!(name in action.inputs)) throw new Error(`input ${name} is not declared in action.yml`)
  }
  const script = path.join(ROOT, entry === 'main' ? action.runs.main : action.runs.post)
  const env = {
    ...job.env,
    ...inputEnv,
    ...extraEnv,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary
  }
  return { script, env, files }
}

/** Runs one entry of the bundle as a step of the job; exports from GITHUB_ENV flow into later steps. */
export async function runStep(
  job: Job,
  entry: 'main' | 'post',
  inputs: Record<string, string> = {},
  extraEnv: Record<string, string> = {},
  /** Given the step's process as it starts: to cancel it as the runner does (SIGINT, then SIGTERM). */
  control?: (child: ChildProcess) => void
): Promise<StepResult> {
  const { script, env, files } = stepCommand(job, entry, inputs, extraEnv)
  const child = spawn(ACTION_NODE, [script], {
    env,
    cwd: job.workspace,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  control?.(child)
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  const exitCode = await new Promise<number>(resolve => child.on('close', code => resolve(code ?? -1)))
  const raw = {
    output: fs.readFileSync(files.output, 'utf8'),
    env: fs.readFileSync(files.env, 'utf8'),
    state: fs.readFileSync(files.state, 'utf8'),
    summary: fs.readFileSync(files.summary, 'utf8')
  }
  const exportedEnv = parseFileCommands(raw.env)
  Object.assign(job.env, exportedEnv)
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommands(raw.output),
    exportedEnv,
    state: parseFileCommands(raw.state),
    summary: raw.summary,
    raw,
    commands: parseCommands(stdout)
  }
}

/**
 * How a step ended and the errors it reported: a test asserts `expect(ending(step)).toEqual(SUCCEEDED)`, so a
 * step that failed (a race on a loaded machine included) shows why in the test's failure, not just `1`.
 */
export const ending = (step: StepResult) => ({
  exitCode: step.exitCode,
  errors: step.commands.filter(c => c.command === 'error').map(c => c.message)
})
export const SUCCEEDED = { exitCode: 0, errors: [] }

/** One object of the `repos` output: what the tests read of it. */
export interface RepoOutput {
  id: string
  commit: string
  files: number
  path: string
  cache?: { key: string; restored: string; 'matched-key': string | null }
}

/** The `repos` output of a main step, parsed. */
export const reposOf = (step: StepResult): RepoOutput[] => JSON.parse(step.outputs.repos)

/** main, then post with the state main saved (as STATE_<name>), like the runner at the end of the job. */
export async function runAction(
  job: Job,
  inputs: Record<string, string> = {},
  between?: () => Promise<void> | void
): Promise<{ main: StepResult; post: StepResult }> {
  const main = await runStep(job, 'main', inputs)
  await between?.()
  const post = await runPost(job, main, inputs)
  return { main, post }
}

/** The post step with the state `main` saved (as STATE_<name>), as the runner gives it. */
export function runPost(
  job: Job,
  main: StepResult,
  inputs: Record<string, string> = {}
): Promise<StepResult> {
  const stateEnv: Record<string, string> = {}
  for (const [name, value] of Object.entries(main.state)) stateEnv[`STATE_${name}`] = value
  return runStep(job, 'post', inputs, stateEnv)
}

/**
 * Workflow commands in a step's stdout that the action did not mean to issue: an unknown command, one
 * indented (the runner ignores leading white space), or an annotation carrying the tests' injected title
 * `X` or message `y`. The runner splits lines at CR as well as LF.
 */
export function foreignCommands(step: StepResult): string[] {
  const ours = new Set([
    'add-mask',
    'group',
    'endgroup',
    'error',
    'warning',
    'notice',
    'debug',
    'stop-commands'
  ])
  return obeyedLines(step.stdout)
    .filter(line => /^\s*::/.test(line))
    .filter(line => {
      if (/^\s+::/.test(line)) return true
      const [command] = parseCommands(line)
      return (
        !command || !ours.has(command.command) || command.properties.title === 'X' || command.message === 'y'
      )
    })
}
