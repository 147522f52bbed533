/**
 * The one place that turns text from the network, a restored cache or the user into something safe to
 * print. A log line is a workflow command when it starts (after leading spaces) with `::`, so remote text
 * must never carry a line break into a log line; the job summary is Markdown with HTML, so a cell must
 * never close its table or start a heading, link or image. Token-looking text is cut everywhere.
 */
import * as core from '@actions/core'
import { EOL } from 'node:os'

/** Secrets of this run (the token, and any token minted for it): cut from every printed text. */
const secrets = new Set<string>()
/**
 * Every run of FRAGMENT characters of a secret: an echo split by a line break or a space (an error body that
 * wraps a long id token) is cut in each of its parts, not only where it stands whole.
 */
const FRAGMENT = 12
const fragments = new Set<string>()

export function registerSecret(secret: string): void {
  if (!secret) return
  secrets.add(secret)
  for (let at = 0; at + FRAGMENT <= secret.length; at++) fragments.add(secret.slice(at, at + FRAGMENT))
}

/** `text` with every stretch made of secret fragments replaced by `***`. */
function cutFragments(text: string): string {
  if (fragments.size === 0 || text.length < FRAGMENT) return text
  const cut = new Uint8Array(text.length)
  let found = false
  for (let at = 0; at + FRAGMENT <= text.length; at++) {
    if (fragments.has(text.slice(at, at + FRAGMENT))) {
      cut.fill(1, at, at + FRAGMENT)
      found = true
    }
  }
  if (!found) return text
  let out = ''
  for (let at = 0; at < text.length; at++) {
    if (!cut[at]) out += text[at]
    else if (at === 0 || !cut[at - 1]) out += '***'
  }
  return out
}

/**
 * Hugging Face tokens (`hf_…`, `hf_oauth_…`, `hf_jwt_…`), bearer credentials and JWTs, as a Hub error body or
 * a proxy might echo them back.
 */
const TOKEN_LIKE = [
  /\bhf_[A-Za-z0-9_-]{8,}/g,
  /\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b((?:access_|id_|subject_)?token)(["']?\s*[:=]\s*["']?)[A-Za-z0-9._~+/=-]{8,}/gi,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{4,}\.?[A-Za-z0-9_-]*/g
]

export function redact(text: string): string {
  let out = text
  for (const secret of secrets) out = out.split(secret).join('***')
  out = cutFragments(out)
  for (const pattern of TOKEN_LIKE) {
    out = out.replace(pattern, (_match, scheme?: string, sep?: string) =>
      typeof scheme === 'string' && typeof sep === 'string' ? `${scheme}${sep}***` : '***'
    )
  }
  return out
}

/** Control characters, and the Unicode line and paragraph separators some viewers break lines at. */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g

function escapeChar(c: string): string {
  if (c === '\n') return '\\n'
  if (c === '\r') return '\\r'
  if (c === '\t') return '\\t'
  const code = c.charCodeAt(0)
  return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`
}

/**
 * Remote or user text as one printable line: control characters shown as escapes (`\n`), secrets and
 * token-looking text cut, and at most `max` characters.
 */
export function safeText(value: unknown, max = 500): string {
  const text = redact(typeof value === 'string' ? value : String(value)).replace(UNPRINTABLE, escapeChar)
  return text.length > max ? `${text.slice(0, max)}…` : text
}

/**
 * `text` with every line that would start a workflow command (`::` after any leading white space, which the
 * runner ignores; after any kind of line break) made plain: its first colon escaped.
 */
function escapeCommandStarts(text: string): string {
  return text.replace(/(^|\r\n|\r|\n)(\s*):(?=:)/g, '$1$2\\x3a')
}

/**
 * A whole log line: one line whatever it holds, and never a workflow command, even if remote text
 * stands at its start (the runner ignores leading white space before `::`).
 */
export function safeLine(line: string): string {
  return escapeCommandStarts(safeText(line, 4000))
}

export function logInfo(line: string): void {
  core.info(safeLine(line))
}

type Annotation = 'error' | 'warning' | 'notice'

/** An annotation whose message and title may hold remote text (the toolkit escapes it; we also redact). */
export function annotate(kind: Annotation, message: string, title?: string): void {
  const props = title === undefined ? {} : { title: safeText(title, 200) }
  core[kind](safeText(message, 4000), props)
}

/**
 * A job-summary cell or list item: one line (a blank line would end the HTML block and let Markdown in),
 * HTML escaped, and the characters Markdown could turn into a heading, link, image or code escaped too.
 */
export function summaryText(value: unknown, max = 500): string {
  return safeText(value, max).replace(/[&<>"'|\\[\]()!*`#]/g, c => `&#${c.charCodeAt(0)};`)
}

/**
 * One write of a library's to stdout, made safe: a workflow command it issued (one line starting with `::`:
 * @actions/core escapes a command's data, so a command is always one write of one line) passes as it is; in
 * any other text (a line it printed with `core.info`, which prints text as it is), a line that would start a
 * command is escaped.
 */
export function guardLibraryWrite(chunk: string): string {
  const body = chunk.endsWith(EOL) ? chunk.slice(0, -EOL.length) : chunk
  if (body.startsWith('::') && !/[\r\n]/.test(body)) return chunk
  return escapeCommandStarts(chunk)
}

/**
 * Runs a library call that prints text it got from elsewhere as it is (`@actions/cache` prints the key it
 * matched, "Cache hit for restore-key: …", and a key is whatever some job saved), every write it makes to
 * stdout meanwhile going through guardLibraryWrite: no line break in that text can start a workflow command,
 * while the library's own commands still work.
 *
 * Why not the runner's `::stop-commands::`: measured with @actions/cache 6 against the local cache service, it
 * also stops the toolkit's own `::add-mask::` of the service's signed download URL, and its `::debug::` lines
 * carrying that URL then print as plain text in every log; its warnings (a failing service) stop being
 * annotations too. Calls may overlap (entries are restored a few at a time): one guard covers them all.
 */
/** Library calls running under the guard now: it is put on by the first and taken off by the last. */
let guarded = 0
let unguardedWrite: typeof process.stdout.write | undefined

export async function withGuardedOutput<T>(work: () => Promise<T>): Promise<T> {
  if (guarded++ === 0) {
    const write = (unguardedWrite = process.stdout.write)
    process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      const safe = typeof chunk === 'string' ? guardLibraryWrite(chunk) : chunk
      return (write as (...args: unknown[]) => boolean).call(this, safe, ...rest)
    } as typeof process.stdout.write
  }
  try {
    return await work()
  } finally {
    if (--guarded === 0) process.stdout.write = unguardedWrite!
  }
}
