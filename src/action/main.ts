/**
 * The main step: orchestration only; each concern lives in its own module. What only some runs need (the
 * cache, the pre-warm, git, the keyless exchange) is imported when needed: a run that only checks a token
 * loads none of it.
 */
import * as core from '@actions/core'
import { checkRepos, uncheckedStatus, type RepoStatus } from '../hub/access.js'
import { onCancel, prewarmDeadline } from './cancel.js'
import { chooseToken } from '../auth/token-source.js'
import { ActionError, errorMessage } from '../shared/errors.js'
import { HubClient, HubRateLimitError, isHubDown } from '../hub/client.js'
import { TokenRejectedError, verifyToken, type Identity } from '../auth/identity.js'
import { DEFAULT_ENDPOINT, getInputs, isInsecureEndpoint, type Inputs } from './inputs.js'
import { annotateAccess, logAccess, logRetry, reportIdentity, setReposOutput } from './outputs.js'
import { saveMainState, type MainState } from './state.js'
import { annotate, logInfo } from '../shared/safe-text.js'
import { buildSummary, type CacheReport, type SummaryInput } from './summary.js'
import {
  exportToken,
  looksLikeHfToken,
  resolveAndMaskToken,
  tokenFilePath,
  writeTokenFile,
  type ResolvedToken
} from '../auth/token.js'

function noTokenError(): ActionError {
  return new ActionError(
    'No Hugging Face token',
    'No token was given: set the "hf-token" input (hf-token: ${{ secrets.HF_TOKEN }}) or HF_TOKEN in the environment. ' +
      'If this run is a pull request from a fork, GitHub does not give it repository secrets: set allow-anonymous: true to continue without a token (public repos only), or run the job on pull_request_target/push instead.'
  )
}

function exportEnvironment(inputs: Inputs): void {
  core.exportVariable('HF_HOME', inputs.hfHome)
  core.exportVariable('HF_HUB_CACHE', inputs.hubCache)
  core.exportVariable('HF_HUB_DISABLE_TELEMETRY', '1')
  if (inputs.endpoint !== DEFAULT_ENDPOINT) core.exportVariable('HF_ENDPOINT', inputs.endpoint)
}

/**
 * whoami; undefined identity with `down` set when the Hub is down (the cache may still serve). A token from
 * the keyless exchange was just issued by the Hub: whoami refusing it (repo-scoped tokens cannot call it) is
 * not a failure, the access checks prove what it can read.
 */
async function identify(
  client: HubClient,
  chosen: ResolvedToken,
  inputs: Inputs
): Promise<{ identity?: Identity; down?: Error }> {
  try {
    return { identity: await verifyToken(client) }
  } catch (error) {
    if (chosen.source === 'oidc' && error instanceof TokenRejectedError) {
      logInfo(
        `whoami does not answer for this token: it is a trusted-publisher token for ${inputs.oidcResource?.value}; the access checks show what it can read.`
      )
      return {}
    }
    if (!isHubDown(error)) throw error
    return { down: error as Error }
  }
}

async function runMain(state: MainState, cancel: AbortSignal): Promise<void> {
  // The token is read and masked before anything else can print (an input error included).
  const given = resolveAndMaskToken()
  const inputs = getInputs()
  const resolved = await chooseToken(given, inputs)
  if (!resolved && !inputs.allowAnonymous) throw noTokenError()
  const token = resolved?.token
  core.setOutput('token-source', resolved?.source ?? '')
  core.setOutput('token-expires-at', resolved?.expiresAt?.toISOString() ?? '')
  if (resolved && resolved.source !== 'oidc' && !looksLikeHfToken(resolved.token)) {
    const from = resolved.source === 'input' ? 'the "hf-token" input' : resolved.source
    core.warning(`The token from ${from} does not start with "hf_": is it a Hugging Face access token?`)
  }

  if (token && isInsecureEndpoint(inputs.endpoint)) {
    annotate(
      'warning',
      `The endpoint ${inputs.endpoint} uses plain http: the token crosses the network unencrypted. Use https.`,
      'Insecure endpoint'
    )
  }
  exportEnvironment(inputs)
  // Python huggingface_hub >= 1.19 exchanges again by itself in later steps, past this token's hour.
  if (resolved?.source === 'oidc') core.exportVariable('HF_OIDC_RESOURCE', inputs.oidcResource!.value)
  if (token) {
    exportToken(token, inputs.exportLegacyEnv)
    if (inputs.login) {
      // Post learns of the file before it exists: a cancel at any point after this still gets it removed.
      const written = await writeTokenFile(tokenFilePath(inputs.hfHome), token, plan => {
        state.tokenFile = plan
        saveMainState(state)
      })
      state.tokenFile = written
      saveMainState(state)
    }
  }

  const client = new HubClient({ endpoint: inputs.endpoint, token, onRetry: logRetry })
  const { identity, down: whoamiDown } = resolved ? await identify(client, resolved, inputs) : {}
  if (!token)
    core.info('No token: continuing anonymously (allow-anonymous: true); only public repos are reachable.')
  reportIdentity(identity, inputs.endpoint, inputs.repos.length > 0, resolved?.source === 'oidc')
  if (inputs.gitCredential && token) {
    const { configureGitCredential } = await import('../auth/git-credential.js')
    await configureGitCredential(inputs.endpoint, identity?.name ?? 'hf')
  } else if (inputs.gitCredential)
    core.warning('git-credential: true, but there is no token to give git (anonymous run).')

  let down = whoamiDown
  let statuses: RepoStatus[] = inputs.repos.map(spec => uncheckedStatus(spec, inputs.endpoint))
  if (inputs.repos.length > 0 && !down) {
    core.startGroup(`Checking access to ${inputs.repos.length} repo(s)`)
    statuses = await checkRepos(inputs.repos, { client, account: identity?.name })
    logAccess(statuses)
    core.endGroup()
    if (statuses.every(s => s.unreachable)) down = new Error(statuses[0].message)
  }
  const summary: SummaryInput = {
    endpoint: inputs.endpoint,
    identity,
    keyless:
      resolved?.source === 'oidc'
        ? { resource: inputs.oidcResource!.value, expiresAt: resolved.expiresAt! }
        : undefined,
    repos: statuses,
    hubCache: inputs.hubCache,
    offline: inputs.offline
  }

  let cache: CacheReport | undefined
  if (down) {
    // The Hub is down: a restored cache holding every repo lets the job go on, offline.
    if (inputs.cache && inputs.repos.length > 0) {
      const { restoreForOffline } = await import('../actions-cache/restore.js')
      cache = await restoreForOffline(inputs, statuses, down)
    }
    if (!cache) throw new ActionError('Hugging Face Hub unreachable', down.message)
    summary.offline = true
  } else {
    const failed = statuses.filter(s => s.access !== 'granted')
    annotateAccess(failed, inputs.requireAccess)
    if (failed.length > 0 && inputs.requireAccess) {
      setReposOutput(statuses)
      await buildSummary({ ...summary, offline: false }).write()
      throw new ActionError(
        'Hugging Face access check failed',
        `${failed.length} of ${statuses.length} repo(s) cannot be read with this token (set require-access: false to continue anyway).`
      )
    }
    const granted = statuses.filter(s => s.access === 'granted' && s.commit)
    if (inputs.cache && inputs.repos.length > 0) {
      const { restoreStep } = await import('../actions-cache/restore.js')
      const restored = await restoreStep(inputs, granted)
      cache = restored.report
      state.cache = restored.state
      saveMainState(state)
    } else if (inputs.cache) {
      core.info(
        'Cache: nothing to cache until "repos" lists the models (the key is derived from their commits).'
      )
    }
    if (inputs.download || cache) {
      const { prewarmRepos, verifyCachedRepos } = await import('../prewarm/prewarm.js')
      const deadline = prewarmDeadline(inputs.downloadTimeoutMs, cancel)
      try {
        if (inputs.download) await prewarmRepos(client, granted, inputs.hubCache, deadline.signal)
        // Without a pre-warm, what the cache holds of the listed repos is still checked before later steps use it.
        else await verifyCachedRepos(client, granted, inputs.hubCache, deadline.signal)
      } finally {
        deadline.clear()
      }
    }
    if (state.cache) {
      state.cache.complete = true
      saveMainState(state)
    }
  }

  if (inputs.offline) {
    if (!inputs.download) {
      core.warning(
        'offline: true without download: true relies on the restored cache holding every file later steps need.'
      )
    }
    core.exportVariable('HF_HUB_OFFLINE', '1')
  }
  if (inputs.download || cache) {
    const { findSnapshots } = await import('../prewarm/prewarm.js')
    await findSnapshots(statuses, inputs.hubCache)
  }
  setReposOutput(statuses)
  core.setOutput('hub-cache', inputs.hubCache)
  await buildSummary({ ...summary, cache }).write()
}

function reportFailure(error: unknown): void {
  if (error instanceof ActionError) annotate('error', error.message, error.title)
  else if (error instanceof HubRateLimitError) annotate('error', error.message, 'Hugging Face Hub rate limit')
  else annotate('error', errorMessage(error), 'hf-auth-action failed')
  process.exitCode = core.ExitCode.Failure
}

export async function run(): Promise<void> {
  const state: MainState = {}
  const cancel = new AbortController()
  const stopListening = onCancel(cancel)
  try {
    await Promise.race([
      runMain(state, cancel.signal),
      new Promise<never>((_, reject) =>
        cancel.signal.addEventListener('abort', () => reject(cancel.signal.reason))
      )
    ])
  } catch (error) {
    reportFailure(error)
  } finally {
    stopListening()
    // Saved even on failure: post must still remove a token file main wrote.
    saveMainState(state)
  }
}
