import { describe, expect, it } from '@jest/globals'
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
    const helper = credentialHelper('alice')
    expect(helper).toContain('"password=$HF_TOKEN"')
    expect(helper).not.toMatch(/hf_[A-Za-z0-9]/)
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
