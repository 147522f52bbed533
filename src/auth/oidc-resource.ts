/**
 * The `oidc-resource` input of keyless authentication (Trusted Publishers): a Hub username (its CI/CD
 * identity) or a repo (a repo publisher), and where each is configured on the Hub. Small and free of the
 * exchange itself, so reading the inputs loads nothing of keyless.
 */
import { InputError } from '../shared/errors.js'
import { safeText } from '../shared/safe-text.js'

export type OidcResourceKind = 'user' | 'repo'

export interface OidcResource {
  kind: OidcResourceKind
  /** As sent to the Hub: a username, or `[datasets/|spaces/|kernels/]owner/name`. */
  value: string
}
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?$/
const REPO_PREFIXES = new Set(['datasets', 'spaces', 'kernels'])

/** The `oidc-resource` input: a Hub username (CI/CD identity) or a repo (repo publisher). */
export function parseOidcResource(raw: string): OidcResource | undefined {
  const value = raw.trim()
  if (!value) return undefined
  const parts = value.split('/')
  const fail = (): never => {
    throw new InputError(
      'oidc-resource',
      `Input "oidc-resource" must be your Hub username (a CI/CD identity, to read the gated repos that account was granted) or a repo as [datasets/|spaces/|kernels/]owner/name (a repo trusted publisher), not "${safeText(value, 200)}".`
    )
  }
  if (parts.length === 1) return NAME.test(value) ? { kind: 'user', value } : fail()
  const [owner, name] = parts.length === 3 && REPO_PREFIXES.has(parts[0]) ? parts.slice(1) : parts
  // Stryker disable next-line StringLiteral: never used, a name is always there once the length is 2 or 3
  if ((parts.length !== 2 && parts.length !== 3) || !NAME.test(owner) || !NAME.test(name ?? '')) fail()
  if (parts.length === 3 && !REPO_PREFIXES.has(parts[0])) fail()
  return { kind: 'repo', value }
}

export function hubSideHint(resource?: OidcResource, endpoint = 'https://huggingface.co'): string {
  if (resource?.kind === 'repo') {
    return `add a trusted publisher in the settings of ${endpoint}/${resource.value} (Settings → Trusted Publishers, provider GitHub Actions) with the claims below.`
  }
  return `add a CI/CD identity at ${endpoint}/settings/authentication#ci-cd-access (provider GitHub Actions) with the claims below, for a username resource; or a trusted publisher in a repo's settings, for a repo resource.`
}

/** The head repository of a pull request from a fork, read from the event payload; undefined otherwise. */
