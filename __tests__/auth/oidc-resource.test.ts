import { describe, expect, it } from '@jest/globals'

describe('oidc-resource', () => {
  it('takes a username or a repo, and refuses anything else naming the input', async () => {
    const { parseOidcResource } = await import('../../src/auth/oidc-resource.js')
    expect(parseOidcResource('')).toBeUndefined()
    expect(parseOidcResource(' alice ')).toEqual({ kind: 'user', value: 'alice' })
    expect(parseOidcResource('acme/model')).toEqual({ kind: 'repo', value: 'acme/model' })
    expect(parseOidcResource('datasets/acme/data')).toEqual({ kind: 'repo', value: 'datasets/acme/data' })
    expect(parseOidcResource('kernels/acme/k')).toEqual({ kind: 'repo', value: 'kernels/acme/k' })
    expect(parseOidcResource('spaces/acme/demo')).toEqual({ kind: 'repo', value: 'spaces/acme/demo' })
    // A model repo whose owner is named like a prefix.
    expect(parseOidcResource('datasets/acme')).toEqual({ kind: 'repo', value: 'datasets/acme' })
    for (const bad of ['datasets/acme/bad name', 'spaces/-acme/demo', 'kernels/acme/'])
      expect(() => parseOidcResource(bad)).toThrow(expect.objectContaining({ input: 'oidc-resource' }))
    for (const bad of ['models/a/b/c', 'a b', 'foo/a/b', 'a/', '-a', 'a\n::error::x'])
      expect(() => parseOidcResource(bad)).toThrow(/Input "oidc-resource" must be your Hub username/)
  })
})
