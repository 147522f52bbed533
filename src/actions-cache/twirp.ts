/**
 * The cache service's lookup, `GetCacheEntryDownloadURL` (Twirp, JSON, at `ACTIONS_RESULTS_URL`), asked by the
 * action itself rather than through `@actions/cache`'s `restoreCache`: that call reports a failed lookup as
 * "no entry" (a warning, then `undefined`), retries it five times on its own schedule whatever the service
 * said before, and extracts what it downloads with `tar -x -P`. Here a lookup's answer, its failure and its
 * time are the budget's to decide (budget.ts), and the archive is vetted before anything is written.
 * Reached like the toolkit reaches it: the runtime token as a bearer, through the runner's proxy.
 */
import * as core from '@actions/core'
import { fetchApi } from '../http/fetch-api.js'
import { isRecord } from '../shared/shape.js'
import { safeText } from '../shared/safe-text.js'
import { faultOfStatus, ServiceFault } from './fault.js'

const SERVICE = 'twirp/github.actions.results.api.v1.CacheService'
/** A lookup's answer is a few hundred bytes; anything much larger is not the service's. */
const MAX_ANSWER_BYTES = 64 * 1024

export interface Found {
  matchedKey: string
  url: string
}

/** The service's URL, for the v2 service the runner names; undefined when the job has none. */
export function serviceUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!env.ACTIONS_CACHE_SERVICE_V2 || !env.ACTIONS_RESULTS_URL || !env.ACTIONS_RUNTIME_TOKEN)
    return undefined
  return env.ACTIONS_RESULTS_URL
}

async function answerText(response: Response): Promise<string> {
  const text = await response.text()
  if (text.length > MAX_ANSWER_BYTES) throw new ServiceFault('unavailable', 'an oversized answer')
  return text
}

/**
 * The entry of `key` (else the newest under each restore key) at `version`, or undefined when there is none.
 * Throws a ServiceFault for any answer but these two.
 */
export async function lookup(
  key: string,
  restoreKeys: string[],
  version: string,
  signal: AbortSignal
): Promise<Found | undefined> {
  const base = serviceUrl()
  if (!base) throw new ServiceFault('refused', 'the job has no cache service')
  let response: Response
  try {
    response = await fetchApi(new URL(`${SERVICE}/GetCacheEntryDownloadURL`, base).href, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${process.env.ACTIONS_RUNTIME_TOKEN}`
      },
      body: JSON.stringify({ key, restore_keys: restoreKeys, version }),
      signal
    })
  } catch (error) {
    if (signal.aborted) throw signal.reason
    throw new ServiceFault('unavailable', safeText((error as Error)?.message ?? error, 200))
  }
  const text = await answerText(response)
  if (!response.ok) {
    const message = parseJson(text)
    const detail = isRecord(message) && typeof message.msg === 'string' ? message.msg : ''
    throw faultOfStatus(response.status, safeText(detail, 200), response.headers.get('retry-after'))
  }
  const body = parseJson(text)
  if (!isRecord(body)) throw new ServiceFault('unavailable', 'an answer that is not JSON')
  if (body.ok !== true) return undefined
  const { matched_key: matchedKey, signed_download_url: url } = body
  if (typeof matchedKey !== 'string' || typeof url !== 'string' || !/^https?:\/\//.test(url))
    throw new ServiceFault('unavailable', 'an answer without a matched key and download URL')
  // The signature grants reading the archive: masked, as the toolkit masks it.
  const signature = new URL(url).searchParams.get('sig')
  if (signature) {
    core.setSecret(signature)
    core.setSecret(encodeURIComponent(signature))
  }
  return { matchedKey, url }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
