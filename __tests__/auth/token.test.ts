import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { exportToken, looksLikeHfToken, maskSecret, resolveAndMaskToken } =
  await import('../../src/auth/token.js')
const { redact } = await import('../../src/shared/safe-text.js')
const { ActionError, InputError } = await import('../../src/shared/errors.js')

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

  it('refuses a malformed input as an input error, and one from the environment as a malformed token', () => {
    core.inputs['hf-token'] = 'hf_a b_cdefgh'
    const fromInput = (() => {
      try {
        return resolveAndMaskToken({})
      } catch (error) {
        return error
      }
    })()
    expect(fromInput).toBeInstanceOf(InputError)
    expect(fromInput).toMatchObject({ input: 'hf-token', title: 'Invalid input "hf-token"' })
    expect((fromInput as Error).message).toContain(
      'Store the token alone, on one line, with no spaces inside'
    )
    core.inputs['hf-token'] = ''
    const fromEnv = (() => {
      try {
        return resolveAndMaskToken({ HUGGING_FACE_HUB_TOKEN: 'hf_a\tb_cdefgh' })
      } catch (error) {
        return error
      }
    })()
    expect(fromEnv).toBeInstanceOf(ActionError)
    expect(fromEnv).not.toBeInstanceOf(InputError)
    expect(fromEnv).toMatchObject({ title: 'Malformed Hugging Face token' })
    expect((fromEnv as Error).message).toContain('the HUGGING_FACE_HUB_TOKEN environment variable')
  })
})

describe('maskSecret', () => {
  it('masks each line trimmed, as the runner compares them, and no piece shorter than 4 characters', () => {
    maskSecret('hf_first_half_abcdef \r\n abc\nabcd')
    expect(core.setSecret.mock.calls.map(([s]) => s)).toEqual([
      'hf_first_half_abcdef \r\n abc\nabcd',
      'hf_first_half_abcdef',
      'abcd'
    ])
    core.setSecret.mockClear()
    maskSecret('')
    maskSecret('abc')
    expect(core.setSecret).not.toHaveBeenCalled()
  })

  it('tells a Hub token by its prefix', () => {
    expect(looksLikeHfToken('hf_abcdef')).toBe(true)
    expect(looksLikeHfToken('ghp_hf_abcdef')).toBe(false)
    expect(looksLikeHfToken('xhf_')).toBe(false)
  })
})
