import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { exportToken, resolveAndMaskToken } = await import('../../src/auth/token.js')
const { redact } = await import('../../src/shared/safe-text.js')

beforeEach(() => core.resetCoreMock())

describe('resolveAndMaskToken', () => {
  it('prefers the input, then HF_TOKEN, then HUGGING_FACE_HUB_TOKEN (Python order)', () => {
    const env = { HF_TOKEN: 'hf_env', HUGGING_FACE_HUB_TOKEN: 'hf_legacy' }
    core.inputs['hf-token'] = 'hf_input'
    expect(resolveAndMaskToken(env)).toEqual({ source: 'input', token: 'hf_input' })
    core.inputs['hf-token'] = ''
    expect(resolveAndMaskToken(env)).toEqual({ source: 'HF_TOKEN', token: 'hf_env' })
    expect(resolveAndMaskToken({ HF_TOKEN: '  \n', HUGGING_FACE_HUB_TOKEN: 'hf_legacy' })).toEqual({
      source: 'HUGGING_FACE_HUB_TOKEN',
      token: 'hf_legacy'
    })
    expect(resolveAndMaskToken({})).toBeUndefined()
  })

  it('trims newlines and masks every candidate before returning', () => {
    core.inputs['hf-token'] = '  hf_input\r\n'
    resolveAndMaskToken({ HF_TOKEN: 'hf_env\n' })
    expect(core.setSecret.mock.calls).toEqual([['hf_input'], ['hf_env']])
    // Cut from the action's own messages too (the runner masks only what it prints).
    expect(redact('echo hf_input and hf_env')).toBe('echo *** and ***')
  })

  it('exports HF_TOKEN, and the legacy name only when asked', () => {
    exportToken('hf_x', false)
    expect(core.exportVariable.mock.calls).toEqual([['HF_TOKEN', 'hf_x']])
    exportToken('hf_x', true)
    expect(core.exportVariable).toHaveBeenLastCalledWith('HUGGING_FACE_HUB_TOKEN', 'hf_x')
  })
})

describe('malformed tokens', () => {
  it('masks each line of a token with a line break inside, then refuses it naming where it came from', () => {
    core.inputs['hf-token'] = 'hf_first_half_abcdef\nhf_second_half_ghijkl'
    expect(() => resolveAndMaskToken({})).toThrow(
      /"hf-token" input has white space or a line break inside it/
    )
    const masked = core.setSecret.mock.calls.map(([s]) => s)
    expect(masked).toEqual(expect.arrayContaining(['hf_first_half_abcdef', 'hf_second_half_ghijkl']))
    core.inputs['hf-token'] = ''
    expect(() => resolveAndMaskToken({ HF_TOKEN: 'hf_a b_cdefgh' })).toThrow(/HF_TOKEN environment variable/)
    expect(core.info).not.toHaveBeenCalled()
  })
})
