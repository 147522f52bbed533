import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const {
  annotate,
  guardLibraryWrite,
  logInfo,
  redact,
  registerSecret,
  safeLine,
  safeText,
  summaryText,
  withGuardedOutput
} = await import('../../src/shared/safe-text.js')

beforeEach(() => core.resetCoreMock())

/** What `work` wrote to stdout, chunk by chunk (stdout is put back after it, whatever happens). */
async function stdoutOf(work: () => Promise<void>): Promise<string[]> {
  const written: string[] = []
  const write = process.stdout.write
  process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stdout.write
  try {
    await work()
  } finally {
    process.stdout.write = write
  }
  return written
}

describe('safe text', () => {
  it('turns line breaks and other control characters into visible escapes', () => {
    expect(safeText('a\n::error title=X::y')).toBe('a\\n::error title=X::y')
    expect(safeText('a\rb\u0000c\u001bd\u2028e\u0085')).toBe('a\\rb\\x00c\\x1bd\\u2028e\\x85')
    expect(safeText(1234)).toBe('1234')
    expect(safeText('x'.repeat(20), 5)).toBe('xxxxx…')
  })

  it('never lets a log line start a workflow command, even indented', () => {
    expect(safeLine('::error::x')).toBe('\\x3a:error::x')
    expect(safeLine('   ::warning::x')).toBe('   \\x3a:warning::x')
    expect(safeLine('downloaded a\n::error::x')).toBe('downloaded a\\n::error::x')
    logInfo('::set-env name=A::b')
    expect(core.info).toHaveBeenCalledWith('\\x3a:set-env name=A::b')
  })

  it('cuts registered secrets and any token-looking text', () => {
    registerSecret('my-very-secret-value')
    expect(redact('echo my-very-secret-value!')).toBe('echo ***!')
    expect(redact('Authorization: Bearer abc.def-ghi_jkl')).toBe('Authorization: Bearer ***')
    expect(redact('with hf_AbCdEf0123456789 and hf_oauth_xyz12345678')).toBe('with *** and ***')
    expect(redact('{"access_token": "abcdefgh12345"}')).toBe('{"access_token": "***"}')
    // (A header no other test registers a secret with: registered secrets are cut first, in runs.)
    expect(redact('jwt eyJ0eXAiOiJKV1QifQ.eyJpc3MiOiJ4In0.sig')).toBe('jwt ***')
    // Plain words are left alone.
    expect(redact('Hugging Face token rejected')).toBe('Hugging Face token rejected')
  })

  it('cuts a registered secret echoed in parts, split by line breaks or spaces', () => {
    const idToken = `eyJhbGciOiJSUzI1NiJ9.${'eyJzdWIiOiJyZXBvOmFjbWUvcmVwbyJ9'.repeat(4)}.c2lnbmF0dXJlLXBhcnQ`
    registerSecret(idToken)
    const [first, second] = [idToken.slice(0, 60), idToken.slice(60)]
    const shown = safeText(`invalid subject_token: ${first}\n${second} (rejected)`)
    expect(shown).not.toContain(second.slice(0, 12))
    expect(shown).not.toContain(first.slice(-12))
    expect(shown).toBe('invalid subject_token: ***\\n*** (rejected)')
    // Short words that happen to stand in a secret are left alone.
    expect(safeText('rejected', 100)).toBe('rejected')
  })

  it('annotations are redacted and one line, titles too', () => {
    annotate('error', 'bad hf_AbCdEf0123456789\nnext', 'title\n::x')
    expect(core.error).toHaveBeenCalledWith('bad ***\\nnext', { title: 'title\\n::x' })
  })

  it('keeps a summary cell a cell: no markup, no Markdown, one line', () => {
    const cell = summaryText(
      '</td></tr></table>\n\n# heading [link](https://evil.example) <img src=x> `code`'
    )
    expect(cell.replace(/&#\d+;/g, '')).not.toMatch(/[<>\n[\]()`#]/)
    expect(cell).toContain('&#60;/td&#62;')
    expect(summaryText('meta-llama/Llama-3.2-1B')).toBe('meta-llama/Llama-3.2-1B')
  })
})

describe('secrets and token-looking text, edge by edge', () => {
  it('ignores an empty secret, and cuts a short one where it stands whole', () => {
    registerSecret('')
    expect(redact('plain text')).toBe('plain text')
    registerSecret('Qz7sh0rt')
    expect(redact('a Qz7sh0rt b')).toBe('a *** b')
  })

  it('cuts every run of twelve characters of a secret, as one ***, at the start and the end of a text too', () => {
    const secret = 'Kp3vXw9LmQ2rTz8NbY4c'
    registerSecret(secret)
    // Exactly one fragment; a fragment at the very end; two fragments apart, not joined.
    expect(redact(secret.slice(0, 12))).toBe('***')
    expect(redact(`seen ${secret.slice(8)}`)).toBe('seen ***')
    expect(redact(`${secret.slice(0, 12)} and ${secret.slice(5, 17)}.`)).toBe('*** and ***.')
    // Eleven characters of it are no fragment.
    expect(redact(secret.slice(0, 11))).toBe(secret.slice(0, 11))
  })

  it('cuts bearer and basic credentials after any white space, keeping the scheme', () => {
    expect(redact('Bearer  abcdefgh12')).toBe('Bearer  ***')
    expect(redact('basic\tQWxhZGRpbjpvcGVu')).toBe('basic\t***')
  })

  it('cuts a token after a key, with or without quotes and spaces, keeping the key', () => {
    expect(redact('token=abcdefgh12')).toBe('token=***')
    expect(redact('{"token" : "abcdefgh12"}')).toBe('{"token" : "***"}')
    expect(redact("id_token: 'abcdefgh12'")).toBe("id_token: '***'")
    expect(redact('subject_token =  abcdefgh12')).toBe('subject_token =  ***')
  })

  it('cuts a JWT of two parts, and an hf_ token with nothing before the cut', () => {
    expect(redact('jwt eyJhbGciOiJIUzI1.eyJzdWIi rest')).toBe('jwt *** rest')
    expect(redact('x hf_abcdefgh123 y')).toBe('x *** y')
  })
})

describe('one printable line', () => {
  it('escapes a tab, and characters past Latin-1 as \\u', () => {
    expect(safeText('a\tb\u2029c\u007f')).toBe('a\\tb\\u2029c\\x7f')
  })

  it('cuts only what is longer than the limit', () => {
    expect(safeText('12345', 5)).toBe('12345')
    expect(safeText('123456', 5)).toBe('12345…')
  })

  it('an annotation without a title has none', () => {
    annotate('warning', 'w')
    expect(core.warning).toHaveBeenCalledWith('w', {})
  })
})

describe('a library’s output', () => {
  it('escapes a single line that would start a command only after white space', () => {
    expect(guardLibraryWrite('  ::warning::x\n')).toBe('  \\x3a:warning::x\n')
    expect(guardLibraryWrite('plain ::warning::x\n')).toBe('plain ::warning::x\n')
  })

  it('keeps the guard on until the last of overlapping calls ends', async () => {
    let release!: () => void
    const held = new Promise<void>(resolve => (release = resolve))
    const written = await stdoutOf(async () => {
      const long = withGuardedOutput(() => held)
      await withGuardedOutput(async () => undefined)
      process.stdout.write('::warning::a\n::error::b\n')
      release()
      await long
      process.stdout.write('::warning::a\n::error::b\n')
    })
    expect(written).toEqual(['\\x3a:warning::a\n\\x3a:error::b\n', '::warning::a\n::error::b\n'])
  })

  it('keeps the commands it issues (one line each, data escaped by @actions/core) as they are', () => {
    expect(guardLibraryWrite('::add-mask::s3cr3t\n')).toBe('::add-mask::s3cr3t\n')
    expect(guardLibraryWrite('::warning::Failed to restore: a%0A::error::b\n')).toBe(
      '::warning::Failed to restore: a%0A::error::b\n'
    )
    expect(guardLibraryWrite('::debug::Resolved Keys:\n')).toBe('::debug::Resolved Keys:\n')
  })

  it('escapes a line of printed text that would start a command, after any kind of line break', () => {
    expect(guardLibraryWrite('Cache hit for restore-key: k\n::warning title=X::y\n')).toBe(
      'Cache hit for restore-key: k\n\\x3a:warning title=X::y\n'
    )
    expect(guardLibraryWrite('k\r  ::error::y\n')).toBe('k\r  \\x3a:error::y\n')
    expect(guardLibraryWrite('::warning::a\n::error::b\n')).toBe('\\x3a:warning::a\n\\x3a:error::b\n')
    expect(guardLibraryWrite('Cache Size: ~1 MB (12 B)\n')).toBe('Cache Size: ~1 MB (12 B)\n')
  })

  it('guards every write during the call, and only during it', async () => {
    const written = await stdoutOf(async () => {
      const result = await withGuardedOutput(async () => {
        process.stdout.write('hit: k\n::warning title=X::y\n')
        return 7
      })
      process.stdout.write('after\n::x::\n')
      expect(result).toBe(7)
    })
    expect(written).toEqual(['hit: k\n\\x3a:warning title=X::y\n', 'after\n::x::\n'])
  })
})
