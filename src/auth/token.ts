/**
 * The token: resolved in the order Python `huggingface_hub` uses, masked before anything else is printed,
 * and exported to later steps (token-file.ts writes it where `hf auth login` would).
 */
import * as core from '@actions/core'
import { ActionError, InputError } from '../shared/errors.js'
import type { Env } from '../shared/env.js'
import { registerSecret } from '../shared/safe-text.js'

export type TokenSource = 'input' | 'HF_TOKEN' | 'HUGGING_FACE_HUB_TOKEN' | 'oidc'

export interface ResolvedToken {
  token: string
  source: TokenSource
  /** When the token stops working (exchanged tokens live one hour). */
  expiresAt?: Date
}

/** Tokens come with stray newlines from secrets pasted in the UI; Python trims them too. */
function clean(value: string | undefined): string {
  return (value ?? '').trim()
}

/** Any white space or control character inside a token: no real token has one. */
// eslint-disable-next-line no-control-regex
const MALFORMED = /[\s\u0000-\u001f\u007f]/

/** No white space or control character inside: a token that has one cannot be masked line by line. */
export function isWellFormedToken(token: string): boolean {
  return !MALFORMED.test(token)
}

function describeSource(source: TokenSource): string {
  return source === 'input' ? 'the "hf-token" input' : `the ${source} environment variable`
}

/**
 * Reads the `hf-token` input and the environment fallbacks, masks every candidate at once (so no later
 * line can print any of them), and returns the one to use. Call this before anything is logged.
 *
 * A token with a line break inside cannot be masked as a whole (the runner masks line by line), so each of
 * its lines is masked and the token is refused as malformed before anything could print it.
 */
export function resolveAndMaskToken(env: Env = process.env): ResolvedToken | undefined {
  const candidates: [Exclude<TokenSource, 'oidc'>, string][] = [
    ['input', clean(core.getInput('hf-token'))],
    ['HF_TOKEN', clean(env.HF_TOKEN)],
    ['HUGGING_FACE_HUB_TOKEN', clean(env.HUGGING_FACE_HUB_TOKEN)]
  ]
  for (const [, value] of candidates) maskSecret(value)
  const found = candidates.find(([, value]) => value)
  if (!found) return undefined
  const [source, token] = found
  if (!isWellFormedToken(token)) {
    const fix = `Store the token alone, on one line, with no spaces inside (copy it again from the Hub's token settings).`
    const message = `The token from ${describeSource(source)} has white space or a line break inside it, so it cannot be a Hugging Face token and could not be hidden in logs. ${fix}`
    throw source === 'input'
      ? new InputError('hf-token', message)
      : new ActionError('Malformed Hugging Face token', message)
  }
  return { source, token }
}

/** The shortest token taken from an exchange: Hub tokens (`hf_` and 34 characters) are far longer. */
export const MIN_TOKEN_LENGTH = 20

/**
 * Masks a secret for this step and every later one, and keeps it out of any text the action prints. The
 * runner masks line by line, so a value with line breaks (a malformed input, refused right after) also has
 * each of its lines masked; a well-formed token is masked whole, and only whole.
 */
export function maskSecret(value: string): void {
  for (const part of new Set([value, ...value.split(/[\r\n]/)])) {
    const piece = part.trim()
    if (piece.length >= 4) {
      core.setSecret(piece)
      registerSecret(piece)
    }
  }
}

export function looksLikeHfToken(token: string): boolean {
  return token.startsWith('hf_')
}

export function exportToken(token: string, legacy: boolean): void {
  core.exportVariable('HF_TOKEN', token)
  if (legacy) core.exportVariable('HUGGING_FACE_HUB_TOKEN', token)
}
