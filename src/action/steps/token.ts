/** The token steps of main: which token, what later steps get of it, and the token file. */
import * as core from '@actions/core'
import { writeTokenFile, tokenFilePath } from '../../auth/token-file.js'
import { chooseToken } from '../../auth/token-source.js'
import { exportToken, looksLikeHfToken, type ResolvedToken } from '../../auth/token.js'
import { ActionError } from '../../shared/errors.js'
import { annotate } from '../../shared/safe-text.js'
import { DEFAULT_ENDPOINT, isInsecureEndpoint, type Inputs } from '../inputs.js'
import type { RecordForPost } from '../record.js'

function noTokenError(): ActionError {
  return new ActionError(
    'No Hugging Face token',
    'No token was given: set the "hf-token" input (hf-token: ${{ secrets.HF_TOKEN }}) or HF_TOKEN in the environment. ' +
      'If this run is a pull request from a fork, GitHub does not give it repository secrets: set allow-anonymous: true to continue without a token (public repos only), or run the job on pull_request_target/push instead.'
  )
}

/**
 * The token the run uses (exchanged keyless, or given), with the outputs that describe it and warnings about
 * it; undefined for an anonymous run, which must be allowed.
 */
export async function chooseTokenStep(
  given: ResolvedToken | undefined,
  inputs: Inputs
): Promise<ResolvedToken | undefined> {
  const chosen = await chooseToken(given, inputs.oidcResource, inputs.endpoint)
  if (!chosen && !inputs.allowAnonymous) throw noTokenError()
  core.setOutput('token-source', chosen?.source ?? '')
  core.setOutput('token-expires-at', chosen?.expiresAt?.toISOString() ?? '')
  if (chosen && chosen.source !== 'oidc' && !looksLikeHfToken(chosen.token)) {
    const from = chosen.source === 'input' ? 'the "hf-token" input' : chosen.source
    core.warning(`The token from ${from} does not start with "hf_": is it a Hugging Face access token?`)
  }
  if (chosen && isInsecureEndpoint(inputs.endpoint)) {
    annotate(
      'warning',
      `The endpoint ${inputs.endpoint} uses plain http: the token crosses the network unencrypted. Use https.`,
      'Insecure endpoint'
    )
  }
  return chosen
}

/** Where later steps' Python, CLI and libraries find the cache and the Hub. */
export function exportEnvironment(inputs: Inputs, chosen: ResolvedToken | undefined): void {
  core.exportVariable('HF_HOME', inputs.hfHome)
  core.exportVariable('HF_HUB_CACHE', inputs.hubCache)
  core.exportVariable('HF_HUB_DISABLE_TELEMETRY', '1')
  if (inputs.endpoint !== DEFAULT_ENDPOINT) core.exportVariable('HF_ENDPOINT', inputs.endpoint)
  // Python huggingface_hub >= 1.19 exchanges again by itself in later steps, past this token's hour.
  if (chosen?.source === 'oidc') core.exportVariable('HF_OIDC_RESOURCE', inputs.oidcResource!.value)
}

/** `HF_TOKEN` for later steps, and the token file with `login` (post learns of it before it exists). */
export async function storeToken(token: string, inputs: Inputs, record: RecordForPost): Promise<void> {
  exportToken(token, inputs.exportLegacyEnv)
  if (!inputs.login) return
  // A cancel at any point after this still gets the file removed.
  const written = await writeTokenFile(tokenFilePath(inputs.hfHome), token, plan => record.tokenFile(plan))
  record.tokenFile(written)
}
