/** Typed, validated workflow inputs. Names are the public contract of action.yml. */
import * as core from '@actions/core'
import { safeText } from '../shared/safe-text.js'
import { isIPv4 } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Env } from '../shared/env.js'
import { InputError } from '../shared/errors.js'
import { parseOidcResource, type OidcResource } from '../auth/oidc-resource.js'
import { parseRepoSpecs, type RepoSpec } from '../hub/repo-spec.js'

export const DEFAULT_ENDPOINT = 'https://huggingface.co'

export interface Inputs {
  endpoint: string
  repos: RepoSpec[]
  download: boolean
  cache: boolean
  saveCache: boolean
  cacheKey: string
  /** Absolute `HF_HOME` to export. */
  hfHome: string
  /** Absolute hub cache folder (`HF_HUB_CACHE`). */
  hubCache: string
  offline: boolean
  requireAccess: boolean
  allowAnonymous: boolean
  exportLegacyEnv: boolean
  login: boolean
  /** The pre-warm's overall time limit. */
  downloadTimeoutMs: number
  /** Later steps' git authenticates to the endpoint's origin with the token. */
  gitCredential: boolean
  /** Keyless: the Trusted Publishers resource to exchange the job's GitHub id token for. */
  oidcResource?: OidcResource
}

const TRUE = new Set(['true', 'yes', 'on', '1'])
const FALSE = new Set(['false', 'no', 'off', '0'])

export function getBoolean(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).trim()
  if (!raw) return fallback
  const value = raw.toLowerCase()
  if (TRUE.has(value)) return true
  if (FALSE.has(value)) return false
  throw new InputError(
    name,
    `Input "${name}" must be true or false (yes/no, on/off and 1/0 are read too), not "${safeText(raw, 100)}".`
  )
}

function expandHome(value: string): string {
  return value === '~' || value.startsWith('~/') ? path.join(os.homedir(), value.slice(1)) : value
}

export function resolveEndpoint(input: string, env: Env): string {
  const raw = (input.trim() || env.HF_ENDPOINT?.trim() || DEFAULT_ENDPOINT).replace(/\/+$/, '')
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError(
      'endpoint',
      `Input "endpoint" must be a URL such as ${DEFAULT_ENDPOINT}, not "${raw}".`
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError('endpoint', `Input "endpoint" must be an http(s) URL, not "${raw}".`)
  }
  if (!isPlainHost(url.hostname)) {
    throw new InputError(
      'endpoint',
      `Input "endpoint" must name a host with letters, digits, dots and hyphens only, or an IP address (got "${url.hostname}"): characters such as * would make the git credential and the token's origin match other hosts.`
    )
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new InputError(
      'endpoint',
      `Input "endpoint" must be a plain base URL without query, fragment or credentials (got "${url.origin}…").`
    )
  }
  return raw
}

/** A DNS label: letters, digits and hyphens (underscores too, as some internal names have), not at the ends. */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/

/**
 * A host name as DNS has them, an IPv4 address, or a bracketed IPv6 one. WHATWG URLs accept more (`*`, `!`,
 * `$`, `=`, …), which git's URL matching and other patterns would read as wildcards or syntax.
 */
export function isPlainHost(hostname: string): boolean {
  if (/^\[[0-9a-f:.]+\]$/.test(hostname)) return true
  const labels = hostname.replace(/\.$/, '').split('.')
  return hostname.length <= 253 && labels.every(label => LABEL.test(label))
}

/** True for a plain-http endpoint off this machine: the token would cross the network unencrypted. */
export function isInsecureEndpoint(endpoint: string): boolean {
  const url = new URL(endpoint)
  // An address, not a name that merely starts like one (127.0.0.1.example is anyone's host).
  const loopback =
    url.hostname === 'localhost' ||
    url.hostname === '[::1]' ||
    (isIPv4(url.hostname) && url.hostname.startsWith('127.'))
  return url.protocol === 'http:' && !loopback
}

/** `HF_HOME`: the input, else the environment's, else `$XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface`. */
export function resolveHfHome(input: string, env: Env): string {
  const chosen =
    input.trim() ||
    env.HF_HOME?.trim() ||
    path.join(env.XDG_CACHE_HOME?.trim() || path.join(os.homedir(), '.cache'), 'huggingface')
  return path.resolve(expandHome(chosen))
}

/** The hub cache as Python finds it: `HF_HUB_CACHE`, else `HUGGINGFACE_HUB_CACHE`, else `$HF_HOME/hub`. */
export function resolveHubCache(hfHome: string, env: Env): string {
  const chosen = env.HF_HUB_CACHE?.trim() || env.HUGGINGFACE_HUB_CACHE?.trim() || path.join(hfHome, 'hub')
  return path.resolve(expandHome(chosen))
}

function getMinutes(name: string, fallback: number): number {
  const raw = core.getInput(name).trim()
  if (!raw) return fallback * 60_000
  const value = Number(raw)
  if (!/^\d+(\.\d+)?$/.test(raw) || !(value > 0) || value > 24 * 60) {
    throw new InputError(
      name,
      `Input "${name}" must be a number of minutes above 0 and at most 1440, not "${raw}".`
    )
  }
  return Math.round(value * 60_000)
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

function validateCacheKey(key: string): string {
  if (key.length > 512) {
    throw new InputError(
      'cache-key',
      `Input "cache-key" is ${key.length} characters; the cache service allows 512.`
    )
  }
  const control = CONTROL_CHARACTER.exec(key)
  if (control) {
    throw new InputError(
      'cache-key',
      `Input "cache-key" may not contain a line break or another control character (found ${safeText(control[0])} at character ${control.index + 1}): a restored key is printed in the log, where a line break could start a workflow command. Use letters, digits and "-", "_", "." only.`
    )
  }
  if (key.includes(',')) {
    throw new InputError(
      'cache-key',
      'Input "cache-key" may not contain commas (the cache service rejects them).'
    )
  }
  return key
}

export function getInputs(env: Env = process.env): Inputs {
  const hfHome = resolveHfHome(core.getInput('hf-home'), env)
  return {
    endpoint: resolveEndpoint(core.getInput('endpoint'), env),
    repos: parseRepoSpecs(core.getInput('repos')),
    download: getBoolean('download', false),
    cache: getBoolean('cache', true),
    saveCache: getBoolean('save-cache', true),
    cacheKey: validateCacheKey(core.getInput('cache-key').trim()),
    hfHome,
    hubCache: resolveHubCache(hfHome, env),
    offline: getBoolean('offline', false),
    requireAccess: getBoolean('require-access', true),
    allowAnonymous: getBoolean('allow-anonymous', false),
    exportLegacyEnv: getBoolean('export-legacy-env', false),
    login: getBoolean('login', true),
    gitCredential: getBoolean('git-credential', false),
    downloadTimeoutMs: getMinutes('download-timeout-minutes', 120),
    oidcResource: parseOidcResource(core.getInput('oidc-resource'))
  }
}
