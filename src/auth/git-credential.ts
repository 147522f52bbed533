/**
 * `git-credential`: later steps' `git` (and git-lfs, which asks git for credentials) authenticate to the
 * endpoint's origin with the token, and to no other host.
 *
 * Nothing is written to disk: the configuration travels in `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/
 * `GIT_CONFIG_VALUE_n` (appended after any the job already has), exported through `GITHUB_ENV`, so it lives
 * as long as the job and no config file, credential store or cache archive ever holds the token. The helper
 * reads `HF_TOKEN` when git asks, so a keyless token refreshed in the environment is the one used. An empty
 * helper first resets, for this origin only, any helper the machine configured, so a stale stored credential
 * cannot win; every other host keeps the user's own configuration.
 */
import * as core from '@actions/core'
import * as exec from '@actions/exec'
import type { Env } from '../shared/env.js'
import { logInfo, safeText } from '../shared/safe-text.js'

/** The helper git runs (through its shell) for the endpoint's origin: answers `get` from HF_TOKEN. */
export function credentialHelper(username: string): string {
  return `!f() { test "$1" = get || return 0; echo username=${username}; echo "password=$HF_TOKEN"; }; f`
}

/** The `GIT_CONFIG_*` variables that add the helper for `origin`, after the `existing` count. */
export function gitConfigEnv(origin: string, username: string, existing: number): Record<string, string> {
  const entries: [string, string][] = [
    [`credential.${origin}.helper`, ''],
    [`credential.${origin}.helper`, credentialHelper(username)]
  ]
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(existing + entries.length) }
  entries.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${existing + i}`] = key
    env[`GIT_CONFIG_VALUE_${existing + i}`] = value
  })
  return env
}

interface GitOutput {
  ok: boolean
  stdout: string
  stderr: string
}

async function git(args: string[], env?: Env): Promise<GitOutput> {
  try {
    const out = await exec.getExecOutput('git', args, {
      silent: true,
      ignoreReturnCode: true,
      ...(env ? { env: env as Record<string, string> } : {})
    })
    return { ok: out.exitCode === 0, stdout: out.stdout.trim(), stderr: out.stderr.trim() }
  } catch {
    return { ok: false, stdout: '', stderr: '' }
  }
}

/** `git version 2.39.5` → [2, 39]; undefined when the text is not that. */
export function gitVersion(text: string): [number, number] | undefined {
  const m = /^git version (\d+)\.(\d+)/.exec(text)
  return m ? [Number(m[1]), Number(m[2])] : undefined
}

/** Why git did not resolve our helper: too old for GIT_CONFIG_COUNT, or what git itself said. */
export function whyNotTaken(versionText: string, check: GitOutput): string {
  const version = gitVersion(versionText)
  if (version && (version[0] < 2 || (version[0] === 2 && version[1] < 31))) {
    return 'GIT_CONFIG_COUNT needs git 2.31 or later; upgrade git on this runner.'
  }
  const said =
    check.stderr || (check.stdout ? `it resolved another helper: ${check.stdout}` : 'it resolved no helper')
  return `git did not match the endpoint's origin (${safeText(said, 300)}).`
}

/**
 * Sets up the credential for later steps. Warns (never fails) when git is missing or does not take the
 * configuration; returns whether it is in place.
 */
export async function configureGitCredential(
  endpoint: string,
  username: string,
  env: Env = process.env
): Promise<boolean> {
  const origin = new URL(endpoint).origin
  const version = await git(['--version'])
  if (!version.ok) {
    core.warning(
      'git-credential: true, but git was not found on this runner, so nothing was set up. Install git before this step (and git-lfs for large files).',
      { title: 'git not found' }
    )
    return false
  }
  const existing = Number.parseInt(env.GIT_CONFIG_COUNT ?? '0', 10)
  const added = gitConfigEnv(origin, username, Number.isSafeInteger(existing) && existing > 0 ? existing : 0)
  // Checked as later steps will see it: git must resolve our helper for the origin.
  const check = await git(['config', '--get-urlmatch', 'credential.helper', `${origin}/`], {
    ...env,
    ...added
  })
  if (!check.ok || check.stdout !== credentialHelper(username)) {
    core.warning(
      `git-credential: ${safeText(version.stdout, 100)} did not take the credential configuration for ${origin}, so later git commands are not authenticated: ${whyNotTaken(version.stdout, check)}`,
      { title: 'git credential not set up' }
    )
    return false
  }
  for (const [name, value] of Object.entries(added)) core.exportVariable(name, value)
  const lfs = await git(['lfs', 'version'])
  logInfo(
    `git: later steps authenticate to ${origin} with HF_TOKEN (${version.stdout}${lfs.ok ? `, ${lfs.stdout.split(' ')[0]}` : '; git-lfs not found, so large files would stay pointers'}); no other host gets it.`
  )
  return true
}
