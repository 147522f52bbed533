import { describe, expect, it } from '@jest/globals'
import { heldElsewhere, untilSomeoneWaitsFor } from '../../__fixtures__/flock.js'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  isIdentity,
  isNameFor,
  removeTokenFile,
  tokenFilePath,
  writeTokenFile,
  type WrittenTokenFile
} from '../../src/auth/token-file.js'

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
    const names = new Set<string>()
    await writeTokenFile(path.join(dir, 'token'), 'hf_abc', plan => void names.add(plan.temp!))
    await writeTokenFile(path.join(dir, 'token'), 'hf_def', plan => void names.add(plan.temp!))
    for (const name of names) expect(name).toMatch(/token\.hf-auth-action-\d+-[0-9a-f]{12}\.tmp$/)
    expect(names.size).toBe(2)
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
    const plans: WrittenTokenFile[] = []
    await writeTokenFile(file, 'hf_ours', p => {
      plans.push({ ...p })
      // Told before anything moved, and of the file written before it is put in place.
      expect(fs.readFileSync(file, 'utf8')).toBe('hf_machine')
      expect(fs.existsSync(p.backup!)).toBe(false)
    })
    const [planned, known] = plans
    expect(planned.identity).toBeUndefined()
    expect(known).toEqual({ ...planned, identity: expect.stringMatching(/^\d+:\d+:\d+$/) })
    // Stopped after the token was written under its temporary name: the original is back, the rest gone.
    await removeTokenFile(known)
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_machine')
    expect(fs.readdirSync(path.dirname(file))).toEqual(['token'])
    // Stopped after the backup was made, before the new file was put in place.
    fs.renameSync(file, known.backup!)
    await removeTokenFile(known)
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_machine')
    // Stopped before anything was written, a temporary file made before the stop: the original stays.
    fs.writeFileSync(planned.temp!, 'hf_ours')
    await removeTokenFile(planned)
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

  it('in post, removes nothing it did not write, and makes no error of what is already gone', async () => {
    const dir = home()
    const file = path.join(dir, 'token')
    // Stopped before anything was written: nothing to remove, no error.
    await expect(removeTokenFile({ path: file, temp: `${file}.tmp` })).resolves.toBeUndefined()
    // A plan that never learnt of a file of its own leaves the one there.
    fs.writeFileSync(file, 'hf_abc')
    await removeTokenFile({ path: file })
    expect(fs.readdirSync(dir)).toEqual(['token'])
    // Ours, removed by someone else already: nothing to do.
    fs.rmSync(file)
    const written = (await writeTokenFile(file, 'hf_def'))!
    fs.rmSync(file)
    await expect(removeTokenFile(written)).resolves.toBeUndefined()
    expect(fs.readdirSync(dir)).toEqual([])
  })

  it('leaves a file another tool wrote over ours (hf auth login in a later step), unless the original comes back', async () => {
    const file = path.join(home(), 'token')
    const written = (await writeTokenFile(file, 'hf_ours'))!
    fs.rmSync(file)
    fs.writeFileSync(file, 'hf_login')
    await removeTokenFile(written)
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_login')
    // Over ours, which had moved the machine's aside: the machine's comes back, as after any step.
    fs.writeFileSync(file, 'hf_machine')
    const over = (await writeTokenFile(file, 'hf_ours'))!
    fs.rmSync(file)
    fs.writeFileSync(file, 'hf_login')
    await removeTokenFile(over)
    expect(fs.readdirSync(path.dirname(file))).toEqual(['token'])
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_machine')
  })

  it('removes ours from the token path first, whatever else holds the same file', async () => {
    const file = path.join(home(), 'token')
    const written = (await writeTokenFile(file, 'hf_ours'))!
    // A second name for it under a backup's name, as no step makes (a step moves aside by rename).
    fs.linkSync(file, `${file}.hf-auth-action-backup-1-planted`)
    await removeTokenFile(written)
    expect(fs.existsSync(file)).toBe(false)
  })

  it('fails rather than write over the file it found when that cannot be moved aside', async () => {
    const file = path.join(home(), 'token')
    fs.writeFileSync(file, 'hf_machine')
    // Something at the backup's very name that a file cannot be renamed over: a folder with a file in it.
    const writing = writeTokenFile(file, 'hf_ours', plan => {
      if (!plan.identity) fs.mkdirSync(path.join(plan.backup!, 'inside'), { recursive: true })
    })
    await expect(writing).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/)
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_machine')
    expect(fs.readdirSync(path.dirname(file)).filter(n => n.endsWith('.tmp'))).toEqual([])
  })

  it('in post, makes no error of a folder gone altogether', async () => {
    const dir = home()
    const written = (await writeTokenFile(path.join(dir, 'token'), 'hf_ours'))!
    fs.rmSync(dir, { recursive: true })
    await expect(removeTokenFile(written)).resolves.toBeUndefined()
  })

  it("names its backup and temporary file so that post's record can be checked against them", () => {
    const file = '/hf/token'
    expect(isNameFor(file, '/hf/token.hf-auth-action-backup-1-abc', 'backup')).toBe(true)
    expect(isNameFor(file, '/hf/token.hf-auth-action-1-abc.tmp', 'temp')).toBe(true)
    for (const [name, kind] of [
      ['/hf/other.hf-auth-action-backup-1-abc', 'backup'],
      ['/hf/token.hf-auth-action-1-abc.tmp', 'backup'],
      ['/hf/token.hf-auth-action-1-abc', 'temp'],
      ['/hf/other.hf-auth-action-1-abc.tmp', 'temp'],
      ['/hf/token.tmp', 'temp']
    ] as const)
      expect([name, kind, isNameFor(file, name, kind)]).toEqual([name, kind, false])
  })

  it('records the identity of what it wrote in a shape post can check', async () => {
    const file = path.join(home(), 'token')
    const written = (await writeTokenFile(file, 'hf_ours'))!
    const { dev, ino, mtimeNs } = fs.lstatSync(file, { bigint: true })
    expect(written.identity).toBe(`${dev}:${ino}:${mtimeNs}`)
    expect(isIdentity(written.identity)).toBe(true)
    for (const other of [
      '1:2',
      '1:2:3:4',
      'a:2:3',
      '1:b:3',
      '1:2:c',
      ' 1:2:3',
      '1:2:3 ',
      `${'9'.repeat(21)}:2:3`
    ])
      expect([other, isIdentity(other)]).toEqual([other, false])
    for (const max of [`${'9'.repeat(20)}:${'9'.repeat(20)}:${'9'.repeat(30)}`, '1:2:3'])
      expect(isIdentity(max)).toBe(true)
  })

  it("is written when the file it found is taken away before it moves it aside (another job's post)", async () => {
    const file = path.join(home(), 'token')
    fs.writeFileSync(file, 'hf_other_job')
    const written = await writeTokenFile(file, 'hf_ours', plan => {
      if (!plan.identity) fs.rmSync(file)
    })
    expect(written).toEqual({ path: file, temp: expect.any(String), identity: expect.any(String) })
    expect(fs.readFileSync(file, 'utf8')).toBe('hf_ours')
    await removeTokenFile(written!)
    expect(fs.readdirSync(path.dirname(file))).toEqual([])
  })

  describe('shared by jobs on one machine (a persistent HF_HOME), each with its own token', () => {
    /** Every order the steps' posts can end in. */
    const orders = (n: number): number[][] =>
      n === 0
        ? [[]]
        : orders(n - 1).flatMap(o =>
            Array.from({ length: n }, (_, i) => [...o.slice(0, i), n - 1, ...o.slice(i)])
          )

    it.each([
      [2, true],
      [3, true],
      [3, false]
    ])(
      '%i steps, the machine has a token file: %s — whatever order posts end in, no step token stays',
      async (n, machine) => {
        for (const order of orders(n)) {
          const file = path.join(home(), 'token')
          if (machine) fs.writeFileSync(file, 'hf_machine')
          const steps: WrittenTokenFile[] = []
          for (let i = 0; i < n; i++) steps.push((await writeTokenFile(file, `hf_step_${i}`))!)
          for (const i of order) await removeTokenFile(steps[i])
          expect([order, fs.readdirSync(path.dirname(file))]).toEqual([order, machine ? ['token'] : []])
          if (machine) expect(fs.readFileSync(file, 'utf8')).toBe('hf_machine')
        }
      }
    )

    it("waits for another job's step working on the folder before it writes", async () => {
      const dir = home()
      const release = await heldElsewhere(dir)
      let settled = false
      const writing = writeTokenFile(path.join(dir, 'token'), 'hf_abc').finally(() => (settled = true))
      await untilSomeoneWaitsFor(dir, () => settled)
      expect(fs.readdirSync(dir)).toEqual([])
      release()
      await writing
      expect(fs.readdirSync(dir)).toEqual(['token'])
    })
  })
})
