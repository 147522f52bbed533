import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { removeTokenFile, tokenFilePath, writeTokenFile } from '../../src/auth/token-file.js'

describe('token file', () => {
  const home = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hf-token-test-'))

  it('is $HF_HOME/token unless HF_TOKEN_PATH says otherwise', () => {
    expect(tokenFilePath('/hf', {})).toBe('/hf/token')
    expect(tokenFilePath('/hf', { HF_TOKEN_PATH: '/elsewhere/tok' })).toBe('/elsewhere/tok')
    expect(tokenFilePath('/hf', { HF_TOKEN_PATH: ' /elsewhere/tok\n' })).toBe('/elsewhere/tok')
    expect(tokenFilePath('/hf', { HF_TOKEN_PATH: '  ' })).toBe('/hf/token')
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

  it('creates its temporary file exclusively: a link planted at its very name is never written through', async () => {
    const dir = home()
    const victim = path.join(home(), 'victim')
    fs.writeFileSync(victim, 'precious')
    const file = path.join(dir, 'token')
    // The plan is told before anything is written: a link planted there now, at the exact temporary name, is
    // what another user of a shared runner could manage at best.
    const writing = writeTokenFile(file, 'hf_abc', plan => fs.symlinkSync(victim, plan.temp!))
    await expect(writing).rejects.toThrow(/EEXIST/)
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious')
    expect(fs.existsSync(file)).toBe(false)
  })

  it('names its temporary file unpredictably, beside the token file', async () => {
    const dir = home()
    const names: string[] = []
    await writeTokenFile(path.join(dir, 'token'), 'hf_abc', plan => void names.push(plan.temp!))
    await writeTokenFile(path.join(dir, 'token'), 'hf_def', plan => void names.push(plan.temp!))
    for (const name of names) expect(name).toMatch(/token\.hf-auth-action-\d+-[0-9a-f]{12}\.tmp$/)
    expect(names[0]).not.toBe(names[1])
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

  it('moves aside a link at the token path (never reading through it) and puts it back in post', async () => {
    const dir = home()
    const target = path.join(dir, 'elsewhere')
    fs.writeFileSync(target, 'hf_abc')
    const file = path.join(dir, 'token')
    fs.symlinkSync(target, file)
    const written = await writeTokenFile(file, 'hf_abc')
    expect(written?.backup).toBeDefined()
    expect(fs.lstatSync(file).isFile()).toBe(true)
    await removeTokenFile(written!)
    expect(fs.readlinkSync(file)).toBe(target)
    expect(fs.readFileSync(target, 'utf8')).toBe('hf_abc')
  })

  it('in post, removes what a main stopped at any point left, and nothing when it left nothing', async () => {
    const dir = home()
    const file = path.join(dir, 'token')
    // Stopped before anything was written: nothing to remove, no error.
    await expect(removeTokenFile({ path: file, temp: `${file}.tmp` })).resolves.toBeUndefined()
    // A plan without a temporary name (written by an earlier version): the file alone is removed.
    fs.writeFileSync(file, 'hf_abc')
    await removeTokenFile({ path: file })
    expect(fs.readdirSync(dir)).toEqual([])
  })
})
