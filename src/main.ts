/** The main step: orchestration only; each concern lives in its own module. */
import * as core from '@actions/core'
import { checkRepos, uncheckedStatus, type RepoStatus } from './access.js'
import { restoreForOffline, restoreStep } from './cache-restore.js'
import { prewarmRepos, verifyCachedRepos } from './download.js'
import { RepoCacheDir } from './hub-cache.js'
import { ActionError, errorMessage, InputError } from './errors.js'
import { configureGitCredential } from './git-credential.js'
import { HubClient, HubRateLimitError, isHubDown } from './hub-client.js'
import { TokenRejectedError, verifyToken, type Identity } from './identity.js'
import { exchangeIdToken, mintIdToken } from './oidc.js'
import { DEFAULT_ENDPOINT, getInputs, isInsecureEndpoint, type Inputs } from './inputs.js'
import { annotateAccess, logAccess, logRetry, reportIdentity, setReposOutput } from './report.js'
import { saveMainState, type MainState } from './state.js'
import { annotate, logInfo } from './safe-text.js'
import { buildSummary, type CacheReport, type SummaryInput } from './summary.js'
import {
  exportToken,
  looksLikeHfToken,
  resolveAndMaskToken,
  tokenFilePath,
  writeTokenFile,
  type ResolvedToken
} from './token.js'

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

/**
 * The token to use: exchanged from the job's GitHub id token with `oidc-resource` (keyless), else the
 * `hf-token` input or the environment's. Every token is masked before it is returned.
 */
async function chooseToken(
  resolved: ResolvedToken | undefined,
  inputs: Inputs
): Promise<ResolvedToken | undefined> {
  const resource = inputs.oidcResource
  if (!resource) return resolved
  if (resolved?.source === 'input') {
    throw new InputError(
      'oidc-resource',
      'Set either "hf-token" or "oidc-resource", not both: keep oidc-resource for keyless authentication (and remove hf-token and its secret), or remove oidc-resource to use the secret.'
    )
  }
  if (resolved)
    logInfo(`Keyless: ${resolved.source} from the environment is not used (oidc-resource is set).`)
  const idToken = await mintIdToken(inputs.endpoint)
  const exchanged = await exchangeIdToken(
    new HubClient({ endpoint: inputs.endpoint, onRetry: logRetry }),
    idToken,
    resource
  )
  logInfo(
    `Keyless: exchanged this job's GitHub id token for a Hugging Face token for ${resource.kind === 'user' ? 'the CI/CD identity of' : 'the repo'} ${resource.value}, valid until ${exchanged.expiresAt.toISOString()}.`
  )
  return { token: exchanged.token, source: 'oidc', expiresAt: exchanged.expiresAt }
}

async function runMain(state: MainState, cancel: AbortSignal): Promise<void> {
  // The token is read and masked before anything else can print.
  const inputs = getInputs()
  const resolved = await chooseToken(resolveAndMaskToken(), inputs)
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
  if (inputs.gitCredential && token) await configureGitCredential(inputs.endpoint, identity?.name ?? 'hf')
  else if (inputs.gitCredential)
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
    cache =
      inputs.cache && inputs.repos.length > 0 ? await restoreForOffline(inputs, statuses, down) : undefined
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
      const restored = await restoreStep(inputs, granted)
      cache = restored.report
      state.cache = restored.state
      saveMainState(state)
    } else if (inputs.cache) {
      core.info(
        'Cache: nothing to cache until "repos" lists the models (the key is derived from their commits).'
      )
    }
    const deadline = prewarmDeadline(inputs.downloadTimeoutMs, cancel)
    try {
      if (inputs.download) await prewarmRepos(client, granted, inputs.hubCache, deadline.signal)
      // Without a pre-warm, what the cache holds of the listed repos is still checked before later steps use it.
      else if (cache) await verifyCachedRepos(client, granted, inputs.hubCache, deadline.signal)
    } finally {
      deadline.clear()
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
  if (inputs.download || cache) await findSnapshots(statuses, inputs.hubCache)
  setReposOutput(statuses)
  core.setOutput('hub-cache', inputs.hubCache)
  await buildSummary({ ...summary, cache }).write()
}

/** The pre-warm's overall limit, also cut short by a cancel; its reason is the error the step fails with. */
function prewarmDeadline(ms: number, cancel: AbortSignal): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController()
  const timer = setTimeout(() => {
    controller.abort(
      new ActionError(
        'Pre-warm timed out',
        `The pre-warm did not finish within ${ms / 60_000} minute(s) (download-timeout-minutes). What was fetched is kept and cached under a partial key, so the next run resumes; raise download-timeout-minutes or narrow the files with globs in "repos".`
      )
    )
  }, ms)
  timer.unref()
  return { signal: AbortSignal.any([controller.signal, cancel]), clear: () => clearTimeout(timer) }
}

/**
 * Each repo's snapshot folder, where the cache holds it: what `load_dataset(<folder>)` or
 * `from_pretrained(<folder>)` takes offline.
 */
async function findSnapshots(statuses: RepoStatus[], hubCache: string): Promise<void> {
  for (const status of statuses) {
    if (!status.commit) continue
    const repo = new RepoCacheDir(hubCache, status.spec.type, status.spec.id)
    if (await repo.cachedCommit(status.commit).catch(() => undefined))
      status.path = repo.snapshotDir(status.commit)
  }
}

function reportFailure(error: unknown): void {
  if (error instanceof ActionError) annotate('error', error.message, error.title)
  else if (error instanceof HubRateLimitError) annotate('error', error.message, 'Hugging Face Hub rate limit')
  else annotate('error', errorMessage(error), 'hf-auth-action failed')
  process.exitCode = core.ExitCode.Failure
}

/**
 * The runner cancels a step with SIGINT, then SIGTERM. The first stops the work (downloads remove their
 * temporary files as they unwind); post still runs and cleans up, since the state was saved as it changed.
 */
function onCancel(controller: AbortController): () => void {
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(core.ExitCode.Failure)
    controller.abort(
      new ActionError('Cancelled', `The step was cancelled (${signal}); the post step removes what it wrote.`)
    )
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
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
