/**
 * Keyless, as one unit loaded only by runs that use it: the job's GitHub id token minted and exchanged for a
 * Hugging Face token at the endpoint.
 */
import { HubClient } from '../hub/client.js'
import { logRetry } from '../hub/retry-log.js'
import { mintIdToken } from './github-id-token.js'
import { exchangeIdToken, type ExchangedToken } from './oidc-exchange.js'
import type { OidcResource } from './oidc-resource.js'

export async function keylessToken(endpoint: string, resource: OidcResource): Promise<ExchangedToken> {
  const idToken = await mintIdToken(endpoint)
  return exchangeIdToken(new HubClient({ endpoint, onRetry: logRetry }), idToken, resource)
}
