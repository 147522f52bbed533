import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { credentialHelper, gitConfigEnv, whyNotTaken } from '../../src/auth/git-credential.js'

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
