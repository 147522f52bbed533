/**
 * The token: resolved in the order Python `huggingface_hub` uses, masked before anything else is
 * printed, exported to later steps, and written to the token file like `hf auth login` (removed in post).
 */
import * as core from '@actions/core'
import { constants } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Env } from './inputs.js'

export type TokenSource = 'input' | 'HF_TOKEN' | 'HUGGING_FACE_HUB_TOKEN'

export interface ResolvedToken {
  token: string
  source: TokenSource
}

/** Tokens come with stray newlines from secrets pasted in the UI; Python trims them too. */
function clean(value: string | undefined): string {
  return (value ?? '').trim()
}

/**
 * Reads the `hf-token` input and the environment fallbacks, masks every candidate at once (so no later
 * line can print any of them), and returns the one to use. Call this before anything is logged.
 */
export function resolveAndMaskToken(env: Env = process.env): ResolvedToken | undefined {
  const candidates: [TokenSource, string][] = [
    ['input', clean(core.getInput('hf-token', { trimWhitespace: false }))],
    ['HF_TOKEN', clean(env.HF_TOKEN)],
    ['HUGGING_FACE_HUB_TOKEN', clean(env.HUGGING_FACE_HUB_TOKEN)]
  ]
  for (const [, value] of candidates) if (value) core.setSecret(value)
  const found = candidates.find(([, value]) => value)
  return found && { source: found[0], token: found[1] }
}

export function looksLikeHfToken(token: string): boolean {
  return token.startsWith('hf_')
}

export function exportToken(token: string, legacy: boolean): void {
  core.exportVariable('HF_TOKEN', token)
  if (legacy) core.exportVariable('HUGGING_FACE_HUB_TOKEN', token)
}

/** Where Python reads the token file: `HF_TOKEN_PATH`, else `$HF_HOME/token`. */
export function tokenFilePath(hfHome: string, env: Env = process.env): string {
  return path.resolve(env.HF_TOKEN_PATH?.trim() || path.join(hfHome, 'token'))
}

export interface WrittenTokenFile {
  path: string
  /** Where a token file that was already there was moved, to be put back in post. */
  backup?: string
}

async function exists(file: string): Promise<boolean> {
  return fs
    .access(file, constants.F_OK)
    .then(() => true)
    .catch(() => false)
}

/**
 * Writes the token file (mode 0600) as `hf auth login` would. Returns undefined when an identical file
 * was already there: it is not ours, so post must leave it. A different one is moved aside and restored.
 */
export async function writeTokenFile(file: string, token: string): Promise<WrittenTokenFile | undefined> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  let backup: string | undefined
  if (await exists(file)) {
    const current = await fs.readFile(file, 'utf8').catch(() => undefined)
    if (current?.trim() === token) return undefined
    backup = `${file}.hf-auth-action-backup`
    await fs.rename(file, backup)
  }
  // Written under a temporary name and renamed, so no reader ever sees a partial token.
  const temp = `${file}.${process.pid}.tmp`
  await fs.writeFile(temp, token, { mode: 0o600 })
  await fs.chmod(temp, 0o600)
  await fs.rename(temp, file)
  return { path: file, backup }
}

/** Post step: remove the file main wrote, and put back the one it moved aside. */
export async function removeTokenFile(written: WrittenTokenFile): Promise<void> {
  await fs.rm(written.path, { force: true })
  if (written.backup && (await exists(written.backup))) await fs.rename(written.backup, written.path)
}
