import { describe, expect, it } from '@jest/globals'
import { credentialHelper, gitConfigEnv } from '../src/git-credential.js'

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
})
