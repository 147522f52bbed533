/** The job's plan: each listed repo under its one key, whatever order each step answers in. */
import { describe, expect, it } from '@jest/globals'
import { JobPlan } from '../../src/action/plan.js'
import type { AccessStatus } from '../../src/hub/access.js'
import { parseRepoSpecs } from '../../src/hub/repo-spec.js'

const C1 = '1'.repeat(40)
const C2 = '2'.repeat(40)
const specs = parseRepoSpecs('acme/a\nacme/b\ndatasets/acme/a\nacme/a@v2')
const [a, b, dataA, aV2] = specs
const plan = () => new JobPlan({ repos: specs, endpoint: 'https://hub.example', hubCache: '/hub' })
const status = (spec: (typeof specs)[number], access: AccessStatus['access'], commit?: string) => ({
  spec,
  access,
  commit,
  gated: false as const,
  url: '',
  message: ''
})

describe('JobPlan', () => {
  it('starts with every listed repo unchecked, in the input order', () => {
    expect(plan().reports()).toEqual(
      specs.map(spec => expect.objectContaining({ spec, access: 'error', unreachable: true }))
    )
  })

  it('files each access answer under its repo, whatever order they come in', () => {
    const p = plan()
    p.accessChecked([status(dataA, 'granted', C2), status(a, 'granted', C1), status(b, 'gated')])
    expect(p.reports().map(r => [r.access, r.commit])).toEqual([
      ['granted', C1],
      ['gated', undefined],
      ['granted', C2],
      ['error', undefined]
    ])
    // Only the granted repos at a commit are targets; each carries its key.
    expect(p.targets()).toEqual([
      { key: 'model/acme/a@main', spec: a, commit: C1 },
      { key: 'dataset/acme/a@main', spec: dataA, commit: C2 }
    ])
  })

  it('gives each repo its own pre-warm result and snapshot folder, by key', () => {
    const p = plan()
    p.accessChecked([status(a, 'granted', C1), status(aV2, 'granted', C2), status(dataA, 'granted', C1)])
    const targets = p.targets().reverse()
    const figures = (files: number) => ({ files, bytes: files * 10, downloadedBytes: 1, seconds: 2 })
    p.prewarmed(targets, [figures(3), figures(2), figures(1)])
    p.snapshotsFound(targets, ['/v2', undefined, '/a'])
    expect(p.reports().map(r => [r.files, r.path])).toEqual([
      [1, '/a'],
      [undefined, undefined],
      [2, undefined],
      [3, '/v2']
    ])
    expect(p.reports()[3]).toMatchObject({ bytes: 30, downloadedBytes: 1, seconds: 2 })
  })

  it('files the cache entries of the listed repos by type, id and revision; the stand-in gives commits', () => {
    const p = plan()
    const entry = (spec: (typeof specs)[number], commit: string, restored: 'exact' | 'other') => ({
      type: spec.type,
      id: spec.id,
      revision: spec.revision,
      commit,
      key: `k-${spec.id}-${spec.revision}`,
      listed: true,
      restored,
      matchedKey: 'm'
    })
    p.cacheRestored({
      key: 'index/',
      hit: false,
      unverified: true,
      entries: [
        entry(aV2, C2, 'other'),
        entry(a, C1, 'exact'),
        // What a later step added names no listed repo, even one of the same id.
        { ...entry(b, C2, 'exact'), listed: false, revision: undefined }
      ]
    })
    const [ra, rb, , rv2] = p.reports()
    expect(ra).toMatchObject({
      commit: C1,
      cache: { key: 'k-acme/a-main', restored: 'exact', matchedKey: 'm', verified: false }
    })
    expect(rv2).toMatchObject({ commit: C2, cache: { key: 'k-acme/a-v2', restored: 'other' } })
    expect(rb.cache).toBeUndefined()
    expect(p.atCommits().map(t => t.key)).toEqual(['model/acme/a@main', 'model/acme/a@v2'])
  })
})
