/**
 * The `repos` input: one repo a line, `[models/|datasets/|spaces/]owner/name[@revision] [glob ...]`.
 * Validated the way huggingface_hub's `validate_repo_id` does, so nothing malformed reaches the Hub.
 */
import { InputError } from '../shared/errors.js'
import { isHex40 } from '../shared/shape.js'

export type RepoType = 'model' | 'dataset' | 'space'

export interface RepoSpec {
  type: RepoType
  /** `owner/name` */
  id: string
  /** Branch, tag or 40-hex commit; `main` when the line names none. */
  revision: string
  /** fnmatch patterns selecting files to pre-warm; empty means every file. */
  globs: string[]
  /** 1-based line in the input, for error messages. */
  line: number
}

const PREFIXES: Record<string, RepoType> = { models: 'model', datasets: 'dataset', spaces: 'space' }
// huggingface_hub REPO_ID_REGEX, one part at a time: starts and ends with a word character.
const PART = /^\b[\w\-.]{1,96}\b$/
/** A revision that is already a commit (40 hex, as the Hub names them). */
export function isCommitHash(revision: string): boolean {
  return isHex40(revision)
}

/**
 * A listed repo's one key through the job: `repos` names each type, id and revision at most once (its lines are
 * merged), so this tells any two apart.
 */
export function repoKey(spec: Pick<RepoSpec, 'type' | 'id' | 'revision'>): string {
  return `${spec.type}/${spec.id}@${spec.revision}`
}

export function repoLabel(spec: Pick<RepoSpec, 'type' | 'id'>): string {
  return spec.type === 'model' ? spec.id : `${spec.type}s/${spec.id}`
}

function fail(line: number, text: string, why: string): never {
  throw new InputError(
    'repos',
    `Input "repos", line ${line} ("${text}"): ${why}. Each line is [models/|datasets/|spaces/]owner/name[@revision] [glob ...], for example: meta-llama/Llama-3.2-1B@main *.json *.safetensors`
  )
}

function validateRevision(revision: string, line: number, text: string): void {
  if (!revision) fail(line, text, 'the revision after "@" is empty')
  if (
    /[\s~^:?*[\\]|\p{Cc}/u.test(revision) ||
    revision.includes('..') ||
    revision.startsWith('/') ||
    revision.endsWith('/') ||
    revision.includes('//') ||
    revision.endsWith('.lock')
  ) {
    fail(line, text, `"${revision}" is not a valid branch, tag or commit name`)
  }
}

function validateGlob(glob: string, line: number, text: string): void {
  if (glob.startsWith('/') || glob.split('/').includes('..')) {
    fail(line, text, `the file pattern "${glob}" must be relative to the repo root and not contain ".."`)
  }
}

export function parseRepoLine(raw: string, line: number): RepoSpec | undefined {
  const text = raw.replace(/(^|\s)#.*$/, '').trim()
  if (!text) return undefined
  const [ref, ...globs] = text.split(/\s+/)
  const at = ref.indexOf('@')
  const name = at === -1 ? ref : ref.slice(0, at)
  const revision = at === -1 ? 'main' : ref.slice(at + 1)
  const parts = name.split('/')
  let type: RepoType = 'model'
  if (parts.length === 3) {
    const prefixed = PREFIXES[parts[0]]
    if (!prefixed) {
      fail(
        line,
        text,
        `"${parts[0]}/" is not a repo type; use models/, datasets/ or spaces/ (or no prefix for a model)`
      )
    }
    type = prefixed
    parts.shift()
  } else if (parts.length === 2 && PREFIXES[parts[0]] && !parts[1]) {
    fail(line, text, 'the repo id is missing after the type prefix')
  }
  if (parts.length !== 2) fail(line, text, `"${name}" is not of the form owner/name`)
  for (const part of parts) {
    if (!PART.test(part)) {
      fail(
        line,
        text,
        `"${part}" may only use letters, digits, "-", "_" and ".", must start and end with a letter or digit, and be at most 96 characters`
      )
    }
  }
  const id = parts.join('/')
  if (id.includes('--') || id.includes('..')) fail(line, text, `"${id}" may not contain "--" or ".."`)
  validateRevision(revision, line, text)
  for (const glob of globs) validateGlob(glob, line, text)
  return { type, id, revision, globs, line }
}

/**
 * Parses the whole input. The same repo at the same revision listed twice is merged (a line without
 * globs means every file, so it wins).
 */
export function parseRepoSpecs(input: string): RepoSpec[] {
  const specs: RepoSpec[] = []
  input.split(/\r?\n/).forEach((raw, index) => {
    const spec = parseRepoLine(raw, index + 1)
    if (!spec) return
    const twin = specs.find(s => repoKey(s) === repoKey(spec))
    if (!twin) {
      specs.push(spec)
    } else if (twin.globs.length > 0) {
      twin.globs = spec.globs.length === 0 ? [] : [...new Set([...twin.globs, ...spec.globs])]
    }
  })
  return specs
}
