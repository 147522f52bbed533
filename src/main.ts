/** The main step: orchestration only; each concern lives in its own module. */
import * as core from '@actions/core'
import { HubApiError } from '@huggingface/hub'
import { checkRepos, type RepoStatus } from './access.js'
import {
  cacheFingerprint,
  cacheServiceAvailable,
  computeCacheKey,
  keyPrefix,
  restoreHubCache
} from './cache.js'
import { formatBytes, prewarmRepo } from './download.js'
import { ActionError, errorMessage } from './errors.js'
import { HubClient, HubRateLimitError, HubUnreachableError, type RetryEvent } from './hub-client.js'
import { leastPrivilegeAdvice, verifyToken, type Identity } from './identity.js'
import { DEFAULT_ENDPOINT, getInputs, type Inputs } from './inputs.js'
import { findCachedCommit } from './offline.js'
import { repoLabel } from './repo-spec.js'
import { saveMainState, type MainState } from './state.js'
import { buildSummary, type CacheReport } from './summary.js'
import { exportToken, looksLikeHfToken, resolveAndMaskToken, tokenFilePath, writeTokenFile } from './token.js'

const ACCESS_TITLE: Record<RepoStatus['access'], string> = {
  granted: 'access granted',
  gated: 'license not accepted / access not granted',
  'not-found': 'repository not found',
  'revision-not-found': 'revision not found',
  disabled: 'repository disabled',
  unauthenticated: 'token needed',
  error: 'access check failed'
}

function logRetry(event: RetryEvent): void {
  const where = new URL(event.url).pathname
  const text = `${event.reason} from ${where}; retry ${event.attempt} in ${(event.waitMs / 1000).toFixed(1)} s`
  if (event.rateLimited) core.warning(`Hugging Face Hub rate limit: ${text}`, { title: 'Rate limited' })
  else core.info(text)
}

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

function setIdentityOutputs(identity: Identity | undefined): void {
  core.setOutput('authenticated', identity ? 'true' : 'false')
  core.setOutput('username', identity?.name ?? '')
  core.setOutput('orgs', identity?.orgs.join(',') ?? '')
  core.setOutput('token-role', identity?.role ?? '')
}

function reposOutput(statuses: RepoStatus[]): string {
  return JSON.stringify(
    statuses.map(s => ({
      type: s.spec.type,
      id: s.spec.id,
      revision: s.spec.revision,
      commit: s.commit ?? null,
      gated: s.gated,
      access: s.access,
      ...(s.files !== undefined ? { files: s.files, bytes: s.bytes } : {})
    }))
  )
}

function annotate(statuses: RepoStatus[], failing: boolean): void {
  for (const status of statuses) {
    if (status.access === 'granted') continue
    const title = `${repoLabel(status.spec)}: ${ACCESS_TITLE[status.access]}`
    if (failing) core.error(status.message, { title })
    else core.warning(status.message, { title })
  }
}

/** The Hub is down: use what a restored cache holds, offline, instead of failing (issue #4). */
async function fallBackToCache(
  inputs: Inputs,
  statuses: RepoStatus[],
  cause: Error,
  state: MainState
): Promise<CacheReport | undefined> {
  if (!inputs.cache || inputs.repos.length === 0 || !cacheServiceAvailable()) return undefined
  const prefix = keyPrefix()
  const key = inputs.cacheKey || `${prefix}unreachable`
  const restored = await restoreHubCache(inputs.hubCache, key, [prefix])
  if (!restored.matchedKey) return undefined
  for (const status of statuses) status.commit = await findCachedCommit(inputs.hubCache, status.spec)
  const missing = statuses.filter(s => !s.commit).map(s => repoLabel(s.spec))
  if (missing.length > 0) return undefined
  core.warning(
    `The Hub could not be reached (${cause.message}). The cache ${restored.matchedKey} holds every listed repo, so later steps run offline (HF_HUB_OFFLINE=1).`,
    { title: 'Hugging Face Hub unreachable: using the cache' }
  )
  core.exportVariable('HF_HUB_OFFLINE', '1')
  state.cache = undefined
  return {
    key,
    matchedKey: restored.matchedKey,
    hit: false,
    note: `Hub unreachable: restored ${restored.matchedKey}`
  }
}

async function runMain(state: MainState): Promise<void> {
  // The token is read and masked before anything else can print.
  const resolved = resolveAndMaskToken()
  const inputs = getInputs()

  if (!resolved && !inputs.allowAnonymous) throw noTokenError()
  const token = resolved?.token
  if (resolved && !looksLikeHfToken(resolved.token)) {
    core.warning(
      `The token from ${resolved.source === 'input' ? 'the "hf-token" input' : resolved.source} does not start with "hf_": is it a Hugging Face access token?`
    )
  }

  exportEnvironment(inputs)
  if (token) {
    exportToken(token, inputs.exportLegacyEnv)
    if (inputs.login) {
      const written = await writeTokenFile(tokenFilePath(inputs.hfHome), token)
      if (written) state.tokenFile = written
    }
  }

  const client = new HubClient({ endpoint: inputs.endpoint, token, onRetry: logRetry })
  let identity: Identity | undefined
  let unreachable: Error | undefined
  if (token) {
    try {
      identity = await verifyToken(client)
    } catch (error) {
      // Down (no answer, or 5xx after every retry) is not the token's fault: the cache may still serve.
      if (
        !(error instanceof HubUnreachableError) &&
        !(error instanceof HubApiError && error.statusCode >= 500)
      )
        throw error
      unreachable = error
    }
  } else {
    core.info('No token: continuing anonymously (allow-anonymous: true); only public repos are reachable.')
  }
  setIdentityOutputs(identity)
  if (identity) {
    core.info(
      `Authenticated to ${inputs.endpoint} as ${identity.name}${identity.orgs.length ? ` (orgs: ${identity.orgs.join(', ')})` : ''}, token role: ${identity.role || 'unknown'}`
    )
    const advice = leastPrivilegeAdvice(identity, inputs.endpoint)
    if (advice) core.warning(advice, { title: 'Token has more rights than CI needs' })
    if (identity.canReadGatedRepos === false && inputs.repos.length > 0) {
      core.warning(
        'This fine-grained token cannot read public gated repos: tick "Read access to contents of all public gated repos you can access" in its settings.'
      )
    }
  }

  let statuses: RepoStatus[] = inputs.repos.map(spec => ({
    spec,
    access: 'error',
    gated: false,
    url: '',
    message: ''
  }))
  if (inputs.repos.length > 0 && !unreachable) {
    core.startGroup(`Checking access to ${inputs.repos.length} repo(s)`)
    statuses = await checkRepos(inputs.repos, { client, account: identity?.name })
    for (const s of statuses) {
      core.info(
        `${repoLabel(s.spec)}@${s.spec.revision}: ${s.access}${s.commit ? ` (${s.commit.slice(0, 7)})` : ''}`
      )
    }
    core.endGroup()
    if (statuses.every(s => s.unreachable)) unreachable = new Error(statuses[0].message)
  }

  let cacheReport: CacheReport | undefined
  if (unreachable) {
    cacheReport = await fallBackToCache(inputs, statuses, unreachable, state)
    if (!cacheReport) throw new ActionError('Hugging Face Hub unreachable', unreachable.message)
  } else {
    const failed = statuses.filter(s => s.access !== 'granted')
    annotate(failed, inputs.requireAccess)
    if (failed.length > 0 && inputs.requireAccess) {
      core.setOutput('repos', reposOutput(statuses))
      await buildSummary({
        endpoint: inputs.endpoint,
        identity,
        anonymous: !token,
        repos: statuses,
        hubCache: inputs.hubCache,
        offline: false
      }).write()
      throw new ActionError(
        'Hugging Face access check failed',
        `${failed.length} of ${statuses.length} repo(s) cannot be read with this token (set require-access: false to continue anyway).`
      )
    }
    const granted = statuses.filter(s => s.access === 'granted' && s.commit)

    if (inputs.cache && inputs.repos.length > 0) {
      cacheReport = await restore(inputs, granted, state)
    } else if (inputs.cache) {
      core.info(
        'Cache: nothing to cache until "repos" lists the models to cache (the key is derived from their commits).'
      )
    }

    if (inputs.download) {
      for (const status of granted) {
        core.startGroup(
          `Pre-warming ${repoLabel(status.spec)}@${status.spec.revision} (${status.commit!.slice(0, 7)})`
        )
        try {
          const result = await prewarmRepo(client, status.spec, status.commit!, inputs.hubCache, {
            log: core.info
          })
          status.files = result.files
          status.bytes = result.bytes
          const rate = result.downloadedBytes / 1e6 / Math.max(result.seconds, 0.001)
          core.info(
            `${result.files} file(s), ${formatBytes(result.bytes)}: downloaded ${result.downloadedFiles} (${formatBytes(result.downloadedBytes)}) in ${result.seconds.toFixed(1)} s (${rate.toFixed(1)} MB/s), ${result.files - result.downloadedFiles} already cached`
          )
        } finally {
          core.endGroup()
        }
      }
    }
  }

  const offline = inputs.offline || (!!unreachable && !!cacheReport)
  if (inputs.offline) {
    if (!inputs.download)
      core.warning(
        'offline: true without download: true relies on the restored cache holding every file later steps need.'
      )
    core.exportVariable('HF_HUB_OFFLINE', '1')
  }
  core.setOutput('repos', reposOutput(statuses))
  core.setOutput('hub-cache', inputs.hubCache)
  await buildSummary({
    endpoint: inputs.endpoint,
    identity,
    anonymous: !token,
    repos: statuses,
    cache: cacheReport,
    hubCache: inputs.hubCache,
    offline
  }).write()
}

async function restore(inputs: Inputs, granted: RepoStatus[], state: MainState): Promise<CacheReport> {
  const key = inputs.cacheKey || computeCacheKey(granted)
  core.setOutput('cache-key', key)
  core.setOutput('cache-hit', 'false')
  core.setOutput('cache-matched-key', '')
  if (!cacheServiceAvailable()) {
    core.warning(
      'The GitHub Actions cache service is not available to this job (no ACTIONS_RESULTS_URL/ACTIONS_CACHE_URL): the Hugging Face cache is neither restored nor saved.',
      { title: 'Cache service unavailable' }
    )
    return { key, hit: false, note: 'cache service unavailable' }
  }
  const prefix = keyPrefix()
  // Any older cache of this OS/arch is a good start: blobs are content-addressed, only new ones are fetched.
  const restored = await restoreHubCache(inputs.hubCache, key, [prefix])
  core.setOutput('cache-hit', restored.hit ? 'true' : 'false')
  core.setOutput('cache-matched-key', restored.matchedKey ?? '')
  if (restored.hit) core.info(`Cache hit: ${key}`)
  else if (restored.matchedKey)
    core.info(`Restored an older cache (${restored.matchedKey}); only changed files will be fetched.`)
  else core.info(`No cache for ${key} yet; it will be saved at the end of the job.`)
  state.cache = {
    hubCache: inputs.hubCache,
    key,
    hit: restored.hit,
    fingerprint: await cacheFingerprint(inputs.hubCache),
    save: inputs.saveCache
  }
  return { key, matchedKey: restored.matchedKey, hit: restored.hit }
}

export function reportFailure(error: unknown): void {
  if (error instanceof ActionError) {
    core.error(error.message, { title: error.title })
  } else if (error instanceof HubRateLimitError) {
    core.error(error.message, { title: 'Hugging Face Hub rate limit' })
  } else {
    core.error(errorMessage(error), { title: 'hf-auth-action failed' })
  }
  process.exitCode = core.ExitCode.Failure
}

export async function run(): Promise<void> {
  const state: MainState = {}
  try {
    await runMain(state)
  } catch (error) {
    reportFailure(error)
  } finally {
    // Saved even on failure: post must still remove a token file main wrote.
    saveMainState(state)
  }
}
