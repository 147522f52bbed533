/** Which token the run uses: one exchanged keyless (Trusted Publishers), else the input's or the environment's. */
import { InputError } from '../shared/errors.js'
import { logInfo } from '../shared/safe-text.js'
import type { OidcResource } from './oidc-resource.js'
import type { ResolvedToken } from './token.js'

/**
 * The token to use: exchanged from the job's GitHub id token with `oidc-resource` (keyless), else the
 * `hf-token` input or the environment's. Every token is masked before it is returned. The keyless code is
 * loaded only when `resource` is set.
 */
export async function chooseToken(
  resolved: ResolvedToken | undefined,
  resource: OidcResource | undefined,
  endpoint: string
): Promise<ResolvedToken | undefined> {
  if (!resource) return resolved
  if (resolved?.source === 'input') {
    throw new InputError(
      'oidc-resource',
      'Set either "hf-token" or "oidc-resource", not both: keep oidc-resource for keyless authentication (and remove hf-token and its secret), or remove oidc-resource to use the secret.'
    )
  }
  if (resolved)
    logInfo(`Keyless: ${resolved.source} from the environment is not used (oidc-resource is set).`)
  const { keylessToken } = await import('./keyless.js')
  const exchanged = await keylessToken(endpoint, resource)
  logInfo(
    `Keyless: exchanged this job's GitHub id token for a Hugging Face token for ${resource.kind === 'user' ? 'the CI/CD identity of' : 'the repo'} ${resource.value}, valid until ${exchanged.expiresAt.toISOString()}.`
  )
  return { token: exchanged.token, source: 'oidc', expiresAt: exchanged.expiresAt }
}
