/**
 * One entry saved by `@actions/cache` in a process of its own (the save worker, dist/save-entry), started in
 * the entry's stage folder with GITHUB_WORKSPACE set to it. Why a process: the toolkit archives its paths
 * relative to the working directory and the workspace, and hashes them as passed into the entry's version, so
 * passing the one relative path `hub` from each stage makes every entry's identity the same on every machine
 * and `hf-home` (version.ts) — and a process's working directory is its own, so saves can overlap. A save that
 * outlives the action's limit is ended with its tar and zstd (its process group), not left running.
 *
 * The worker hands back what became of the save on a pipe of its own (fd 3), as JSON; its stdout is the
 * toolkit's log, relayed here with every line made safe (a key or a service message is never a command).
 */
import * as core from '@actions/core'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { isRecord } from '../shared/shape.js'
import { logInfo } from '../shared/safe-text.js'
import { ServiceFault, type FaultKind } from './fault.js'
import type { SaveResult } from './save-outcome.js'

/** The worker's script: beside the running bundle's folder (dist/post → dist/save-entry). */
export function workerScript(entry = process.argv[1] ?? ''): string {
  return path.join(path.dirname(path.dirname(path.resolve(entry))), 'save-entry', 'index.js')
}

const FAULTS: FaultKind[] = ['unavailable', 'rate-limited', 'quota', 'timeout', 'refused']

/** Reads the worker's answer (fd 3): only the shapes a worker gives are accepted. */
export function parseWorkerAnswer(text: string): SaveResult | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isRecord(value)) return undefined
  const message = typeof value.message === 'string' ? value.message.slice(0, 500) : ''
  if (value.outcome === 'saved' || value.outcome === 'exists') return { outcome: value.outcome }
  if (value.outcome === 'refused') return { outcome: 'refused', message }
  if (value.outcome === 'fault' && FAULTS.includes(value.kind as FaultKind)) {
    const retryAfter = typeof value.retryAfter === 'number' ? value.retryAfter : undefined
    return { outcome: 'fault', kind: value.kind as FaultKind, message, retryAfter }
  }
  return undefined
}

/** One line of the toolkit's log: its masks and debug lines as they are, anything else as safe text. */
function relay(line: string): void {
  if (/^::(add-mask|debug)::/.test(line)) process.stdout.write(`${line}\n`)
  else if (line.trim()) logInfo(`  ${line.replace(/^::[a-z-]+[^:]*::/, '')}`)
}

/**
 * Saves the stage `dir` under `key` with the worker; 'saved', 'exists' or 'refused' (this entry alone), or a
 * ServiceFault for the budget. Ended (with a 'timeout' fault from the budget) when `signal` aborts.
 */
export async function saveInWorker(
  dir: string,
  key: string,
  signal: AbortSignal,
  script = workerScript()
): Promise<Exclude<SaveResult, { outcome: 'fault' }>> {
  const child = spawn(process.execPath, [script, key], {
    cwd: dir,
    env: { ...process.env, GITHUB_WORKSPACE: dir },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32'
  })
  const kill = () => {
    try {
      if (child.pid && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL')
      else child.kill('SIGKILL')
    } catch {
      // Already gone.
    }
  }
  signal.addEventListener('abort', kill, { once: true })
  let answer = ''
  let pending = ''
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    const lines = (pending + text).split(/\r?\n/)
    pending = lines.pop() ?? ''
    lines.forEach(relay)
  })
  child.stderr!.setEncoding('utf8').on('data', (text: string) => core.debug(`save worker: ${text.trim()}`))
  const fd3 = child.stdio[3] as NodeJS.ReadableStream
  fd3.setEncoding('utf8')
  fd3.on('data', (text: string) => (answer += text.slice(0, 4096)))
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject)
      child.on('close', resolve)
    })
    if (pending) relay(pending)
    if (signal.aborted) throw signal.reason
    const result = parseWorkerAnswer(answer)
    if (!result) throw new Error(`the save worker ended (exit ${code}) without an answer`)
    if (result.outcome === 'fault') throw new ServiceFault(result.kind, result.message, result.retryAfter)
    return result
  } finally {
    signal.removeEventListener('abort', kill)
  }
}
