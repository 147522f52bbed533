import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { exportToken, removeTokenFile, resolveAndMaskToken, tokenFilePath, writeTokenFile } =
  await import('../src/token.js')

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
    expect(core.info).not.toHaveBeenCalled()
  })

  it('exports HF_TOKEN, and the legacy name only when asked', () => {
    exportToken('hf_x', false)
    expect(core.exportVariable.mock.calls).toEqual([['HF_TOKEN', 'hf_x']])
    exportToken('hf_x', true)
    expect(core.exportVariable).toHaveBeenLastCalledWith('HUGGING_FACE_HUB_TOKEN', 'hf_x')
  })
})

describe('token file', () => {
  const home = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hf-token-test-'))

  it('is $HF_HOME/token unless HF_TOKEN_PATH says otherwise', () => {
    expect(tokenFilePath('/hf', {})).toBe('/hf/token')
    expect(tokenFilePath('/hf', { HF_TOKEN_PATH: '/elsewhere/tok' })).toBe('/elsewhere/tok')
  })

  it('is written 0600 with no newline and removed by post', async () => {
    const file = path.join(home(), 'nested', 'token')
    const written = await writeTokenFile(file, 'hf_abc')
    expect(written).toEqual({ path: file, backup: undefined })
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_abc')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    await removeTokenFile(written!)
    expect(fs.existsSync(file)).toBe(false)
  })

  it('leaves an identical existing file alone (it is not ours to remove)', async () => {
    const file = path.join(home(), 'token')
    fs.writeFileSync(file, 'hf_abc\n')
    expect(await writeTokenFile(file, 'hf_abc')).toBeUndefined()
  })

  it('moves a different existing token aside and puts it back in post', async () => {
    const file = path.join(home(), 'token')
    fs.writeFileSync(file, 'hf_theirs')
    const written = await writeTokenFile(file, 'hf_ours')
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_ours')
    await removeTokenFile(written!)
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_theirs')
    expect(fs.readdirSync(path.dirname(file))).toEqual(['token'])
  })
})
