import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'
import { hasGit } from '../../__fixtures__/git-http.js'

jest.unstable_mockModule('@actions/core', () => core)
const { configureGitCredential, credentialHelper, gitConfigEnv, gitVersion, whyNotTaken } =
  await import('../../src/auth/git-credential.js')

describe('git credential configuration', () => {
  it('appends after the job’s own GIT_CONFIG entries: a reset, then the helper, for the origin only', () => {
    expect(gitConfigEnv('https://huggingface.co', 'alice', 2)).toEqual({
      GIT_CONFIG_COUNT: '4',
      GIT_CONFIG_KEY_2: 'credential.https://huggingface.co.helper',
      GIT_CONFIG_VALUE_2: '',
      GIT_CONFIG_KEY_3: 'credential.https://huggingface.co.helper',
      GIT_CONFIG_VALUE_3: credentialHelper('alice')
    })
  })

  it('reads the token from HF_TOKEN when git asks, and holds none itself', () => {
    // As git runs a "!" helper: the rest as a shell command, with the action (get, store, erase) appended.
    const run = (action: string, token: string) =>
      execFileSync('sh', ['-c', `${credentialHelper('alice').slice(1)} ${action}`], {
        env: { PATH: process.env.PATH, HF_TOKEN: token }
      }).toString()
    expect(run('get', 'hf_first_token_value')).toBe('username=alice\npassword=hf_first_token_value\n')
    // Read when git asks, not written into the configuration: a new token in HF_TOKEN is the one answered.
    expect(run('get', 'hf_second_token_value')).toContain('password=hf_second_token_value')
    // git's store and erase are not for this helper: it answers nothing.
    expect(run('store', 'hf_first_token_value')).toBe('')
    expect(run('erase', 'hf_first_token_value')).toBe('')
  })

  it('says why git did not take the configuration: too old, or what git said', () => {
    const none = { ok: false, stdout: '', stderr: '' }
    expect(whyNotTaken('git version 2.30.9', none)).toContain('needs git 2.31 or later')
    const refused = { ok: false, stdout: '', stderr: 'error: invalid key: credential.https://*.x.helper' }
    expect(whyNotTaken('git version 2.39.5', refused)).toBe(
      "git did not match the endpoint's origin (error: invalid key: credential.https://*.x.helper)."
    )
    expect(whyNotTaken('git version 2.39.5', none)).not.toContain('2.31')
    expect(whyNotTaken('git version 2.43.0', { ok: true, stdout: 'store', stderr: '' })).toContain(
      'it resolved another helper: store'
    )
  })
})

describe('configureGitCredential', () => {
  const saved = { ...process.env }
  let bin = ''
  beforeEach(() => {
    core.resetCoreMock()
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'git-bin-'))
  })
  afterEach(() => {
    process.env = { ...saved }
    fs.rmSync(bin, { recursive: true, force: true })
  })
  /** A `git` of our own first on PATH: a runner whose git is not the one this machine has. */
  const fakeGit = (script: string) => {
    fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\n${script}\n`, { mode: 0o755 })
    process.env.PATH = `${bin}:${saved.PATH}`
  }
  const exported = () => Object.fromEntries(core.exportVariable.mock.calls)
  /** A git 2.45 that resolves our helper for the origin, answering `git lfs` with `lfs`. */
  const resolvingGit = (lfs: string) =>
    [
      '[ "$1" = --version ] && echo "git version 2.45.0" && exit 0',
      lfs,
      `printf '%s\\n' '${credentialHelper('alice').replace(/'/g, `'\\''`)}'`
    ].join('\n')
  const env = { HOME: bin, GIT_CONFIG_NOSYSTEM: '1', PATH: saved.PATH }

  ;(hasGit() ? it : it.skip)(
    'exports the helper for the endpoint’s origin when git resolves it, after the job’s own entries',
    async () => {
      const job = { ...env, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'ci' }
      expect(await configureGitCredential('https://hub.example:8443/some/path', 'alice', job)).toBe(true)
      expect(exported()).toEqual(gitConfigEnv('https://hub.example:8443', 'alice', 1))
      expect(core.warning).not.toHaveBeenCalled()
      expect(core.info.mock.calls.join('\n')).toContain(
        'git: later steps authenticate to https://hub.example:8443 with HF_TOKEN (git version'
      )
    }
  )

  ;(hasGit() ? it : it.skip)('starts at 0 when GIT_CONFIG_COUNT is not a count', async () => {
    for (const count of ['abc', '-2', '0', '']) {
      core.exportVariable.mockClear()
      expect(
        await configureGitCredential('https://hub.example', 'alice', { ...env, GIT_CONFIG_COUNT: count })
      ).toBe(true)
      expect(exported()).toEqual(gitConfigEnv('https://hub.example', 'alice', 0))
    }
  })

  it('warns and sets up nothing when git is not on the runner', async () => {
    process.env.PATH = bin
    expect(await configureGitCredential('https://hub.example', 'alice', env)).toBe(false)
    expect(core.warning).toHaveBeenCalledWith(expect.stringContaining('git was not found on this runner'), {
      title: 'git not found'
    })
    expect(core.exportVariable).not.toHaveBeenCalled()
  })

  it('warns, naming the fix, when git does not resolve the helper (too old for GIT_CONFIG_COUNT)', async () => {
    fakeGit('[ "$1" = --version ] && echo "git version 2.30.2" && exit 0\nexit 1')
    expect(await configureGitCredential('https://hub.example', 'alice', env)).toBe(false)
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringContaining(
        'git version 2.30.2 did not take the credential configuration for https://hub.example'
      ),
      { title: 'git credential not set up' }
    )
    expect(core.warning.mock.calls[0][0]).toContain('needs git 2.31 or later')
    expect(core.exportVariable).not.toHaveBeenCalled()
  })

  it('warns with what git said when it refuses the configuration', async () => {
    fakeGit(
      '[ "$1" = --version ] && echo "git version 2.45.0" && exit 0\necho "error: bad config line 1" >&2\nexit 3'
    )
    expect(await configureGitCredential('https://hub.example', 'alice', env)).toBe(false)
    expect(core.warning.mock.calls[0][0]).toMatch(
      /: git did not match the endpoint's origin \(error: bad config line 1\)\.$/
    )
  })

  it('warns when git resolves another helper for the origin', async () => {
    fakeGit('[ "$1" = --version ] && echo "git version 2.45.0" && exit 0\necho store')
    expect(await configureGitCredential('https://hub.example', 'alice', env)).toBe(false)
    expect(core.warning.mock.calls[0][0]).toContain('it resolved another helper: store')
    expect(core.exportVariable).not.toHaveBeenCalled()
  })

  it('says when git-lfs is missing, so large files would stay pointers', async () => {
    fakeGit(resolvingGit('[ "$1" = lfs ] && exit 1'))
    expect(await configureGitCredential('https://hub.example', 'alice', env)).toBe(true)
    expect(core.info.mock.calls.join('\n')).toContain(
      '(git version 2.45.0; git-lfs not found, so large files would stay pointers)'
    )
    core.info.mockClear()
    fakeGit(resolvingGit('[ "$1" = lfs ] && echo "git-lfs/3.3.0 (GitHub; linux amd64; go 1.19.8)" && exit 0'))
    expect(await configureGitCredential('https://hub.example', 'alice', env)).toBe(true)
    expect(core.info.mock.calls.join('\n')).toContain('(git version 2.45.0, git-lfs/3.3.0)')
  })
})

describe('gitVersion', () => {
  it('reads the major and minor version of `git --version`, and nothing else', () => {
    expect(gitVersion('git version 2.39.5')).toEqual([2, 39])
    expect(gitVersion('git version 12.3.0.windows.1')).toEqual([12, 3])
    expect(gitVersion('not git version 2.39.5')).toBeUndefined()
    expect(whyNotTaken('git version 1.99.0', { ok: false, stdout: '', stderr: '' })).toContain(
      '2.31 or later'
    )
    expect(whyNotTaken('git version 2.31.0', { ok: false, stdout: '', stderr: '' })).toBe(
      "git did not match the endpoint's origin (it resolved no helper)."
    )
    expect(whyNotTaken('git version 3.0.0', { ok: false, stdout: '', stderr: '' })).not.toContain('2.31')
  })
})
