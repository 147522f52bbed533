import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/shared/errors.js'
import { isCommitHash, parseRepoSpecs, repoLabel } from '../../src/hub/repo-spec.js'

describe('parseRepoSpecs', () => {
  it('parses types, revisions and globs, and skips blanks and comments', () => {
    const specs = parseRepoSpecs(`
      # the models this CI needs
      meta-llama/Llama-3.2-1B
      datasets/acme/data@v1.0  *.parquet   # train split
      spaces/acme/demo@refs/pr/3
      models/acme/tiny@0123456789abcdef0123456789abcdef01234567 config.json *.safetensors
    `)
    expect(specs).toEqual([
      { type: 'model', id: 'meta-llama/Llama-3.2-1B', revision: 'main', globs: [], line: 3 },
      { type: 'dataset', id: 'acme/data', revision: 'v1.0', globs: ['*.parquet'], line: 4 },
      { type: 'space', id: 'acme/demo', revision: 'refs/pr/3', globs: [], line: 5 },
      {
        type: 'model',
        id: 'acme/tiny',
        revision: '0123456789abcdef0123456789abcdef01234567',
        globs: ['config.json', '*.safetensors'],
        line: 6
      }
    ])
  })

  it('merges the same repo and revision listed twice; a line without globs means every file', () => {
    expect(parseRepoSpecs('a/b *.json\na/b *.txt')[0].globs).toEqual(['*.json', '*.txt'])
    expect(parseRepoSpecs('a/b *.json\na/b')[0].globs).toEqual([])
    expect(parseRepoSpecs('a/b\na/b@v2')).toHaveLength(2)
    // Every file already: a later line's globs narrow nothing.
    expect(parseRepoSpecs('a/b\na/b *.txt')[0].globs).toEqual([])
    expect(parseRepoSpecs('a/b *.json\na/b *.json')[0].globs).toEqual(['*.json'])
  })

  it('reads a comment only where a word starts with #', () => {
    expect(parseRepoSpecs('acme/one # the model\n# acme/two\n   #x')).toHaveLength(1)
    expect(parseRepoSpecs('acme/one *.#json')[0].globs).toEqual(['*.#json'])
    expect(parseRepoSpecs('acme/one@v#1')[0].revision).toBe('v#1')
  })

  it.each([
    ['gpt2', 'is not of the form owner/name'],
    ['owner/name/extra/more', 'is not of the form owner/name'],
    ['model/acme/x', '"model/" is not a repo type'],
    ['acme/-bad', 'must start and end with a letter or digit'],
    ['acme/bad--name', 'may not contain "--" or ".."'],
    ['acme/bad..name', 'may not contain "--" or ".."'],
    [`acme/${'x'.repeat(97)}`, 'at most 96 characters'],
    ['acme/x@', 'the revision after "@" is empty'],
    ['acme/x@../main', 'is not a valid branch, tag or commit name'],
    ['acme/x ../secret', 'must be relative to the repo root'],
    ['acme/x /etc/passwd', 'must be relative to the repo root'],
    ['acme/na!me', 'may only use letters'],
    ['datasets/', 'the repo id is missing after the type prefix'],
    ['acme/x@/main', 'is not a valid branch, tag or commit name'],
    ['acme/x@main/', 'is not a valid branch, tag or commit name'],
    ['acme/x@a//b', 'is not a valid branch, tag or commit name'],
    ['acme/x@main.lock', 'is not a valid branch, tag or commit name']
  ])('rejects %s, naming the input and the line', (line, why) => {
    let thrown: unknown
    try {
      parseRepoSpecs(`acme/ok\n${line}`)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InputError)
    const error = thrown as InputError
    expect(error.input).toBe('repos')
    expect(error.message).toContain('Input "repos", line 2')
    expect(error.message).toContain(why)
  })

  it('labels and commit detection', () => {
    expect(repoLabel({ type: 'dataset', id: 'a/b' })).toBe('datasets/a/b')
    expect(repoLabel({ type: 'model', id: 'a/b' })).toBe('a/b')
    expect(isCommitHash('0123456789abcdef0123456789abcdef01234567')).toBe(true)
    expect(isCommitHash('main')).toBe(false)
  })
})
