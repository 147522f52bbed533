import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { exportToken, removeTokenFile, resolveAndMaskToken, tokenFilePath, writeTokenFile } =
  await import('../../src/auth/token.js')

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

describe('token file', () => {
  const home = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hf-token-test-'))

  it('is $HF_HOME/token unless HF_TOKEN_PATH says otherwise', () => {
    expect(tokenFilePath('/hf', {})).toBe('/hf/token')
    expect(tokenFilePath('/hf', { HF_TOKEN_PATH: '/elsewhere/tok' })).toBe('/elsewhere/tok')
  })

  it('is written 0600 with no newline and removed by post', async () => {
    const file = path.join(home(), 'nested', 'token')
    const written = await writeTokenFile(file, 'hf_abc')
    expect(written).toMatchObject({ path: file, backup: undefined })
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_abc')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(fs.readdirSync(path.dirname(file))).toEqual(['token'])
    await removeTokenFile(written!)
    expect(fs.existsSync(file)).toBe(false)
  })

  it('leaves an identical existing file alone (it is not ours to remove)', async () => {
    const file = path.join(home(), 'token')
    fs.writeFileSync(file, 'hf_abc\n')
    expect(await writeTokenFile(file, 'hf_abc')).toBeUndefined()
  })

  it('creates its temporary file exclusively: a link planted in the token folder is never written through', async () => {
    const dir = home()
    const victim = path.join(home(), 'victim')
    fs.writeFileSync(victim, 'precious')
    // Every name main could pick is unpredictable; a link at the old fixed name does nothing.
    fs.symlinkSync(victim, path.join(dir, `token.${process.pid}.tmp`))
    const written = await writeTokenFile(path.join(dir, 'token'), 'hf_abc')
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious')
    expect(written!.temp).toMatch(/token\.hf-auth-action-\d+-[0-9a-f]{12}\.tmp$/)
  })

  it("two steps with different tokens keep the machine's own token file (a backup each)", async () => {
    const file = path.join(home(), 'token')
    fs.writeFileSync(file, 'hf_machine')
    const first = await writeTokenFile(file, 'hf_step_one')
    const second = await writeTokenFile(file, 'hf_step_two')
    expect(first!.backup).not.toBe(second!.backup)
    // Post steps run in reverse order.
    await removeTokenFile(second!)
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_step_one')
    await removeTokenFile(first!)
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_machine')
    expect(fs.readdirSync(path.dirname(file))).toEqual(['token'])
  })

  it('records its plan before changing anything, and post undoes it from any point main stopped at', async () => {
    const file = path.join(home(), 'token')
    fs.writeFileSync(file, 'hf_machine')
    let recorded: Parameters<typeof removeTokenFile>[0] | undefined
    await writeTokenFile(file, 'hf_ours', p => {
      recorded = { ...p }
      // Called before anything moved.
      expect(fs.readFileSync(file, 'utf8')).toBe('hf_machine')
      expect(fs.existsSync(p.backup!)).toBe(false)
    })
    const plan = recorded!
    // Stopped after the temporary file was written, before the rename.
    fs.writeFileSync(plan.temp!, 'hf_ours')
    await removeTokenFile(plan)
    expect(fs.existsSync(plan.temp!)).toBe(false)
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_machine')
    // Stopped after the backup was made, before the new file was written.
    fs.renameSync(file, plan.backup!)
    await removeTokenFile(plan)
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_machine')
    // Stopped before anything moved: the original stays.
    await removeTokenFile(plan)
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_machine')
    expect(fs.readdirSync(path.dirname(file))).toEqual(['token'])
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
