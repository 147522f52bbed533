/** The Hub's listings one job asks for: each commit's once, shared by the restore and the pre-warm. */
import { describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'
import type { TreeEntry } from '../../src/hub/tree.js'

const listTree = jest.fn(
  async (_client: unknown, spec: { id: string }, commit: string): Promise<TreeEntry[]> => {
    if (commit.startsWith('e')) throw new Error('Hub down')
    return [{ path: `${spec.id}/config.json`, size: 2, blobId: 'a'.repeat(40) }]
  }
)
jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('../../src/hub/tree.js', () => ({ listTree }))
const { Listings } = await import('../../src/action/steps/cache.js')
const { parseRepoSpecs } = await import('../../src/hub/repo-spec.js')

const [C, D, E] = ['c', 'd', 'e'].map(x => x.repeat(40))
const [spec] = parseRepoSpecs('acme/one')

describe('Listings', () => {
  it('asks the Hub once per commit, and gives each target the listing the job has', async () => {
    const listings = new Listings({} as never)
    const [first, again] = await Promise.all([
      listings.get('model', 'acme/one', C),
      listings.get('model', 'acme/one', C)
    ])
    expect(first).toEqual([{ path: 'acme/one/config.json', size: 2, blobId: 'a'.repeat(40) }])
    expect(again).toBe(first)
    expect(listTree).toHaveBeenCalledTimes(1)
    expect(listTree.mock.calls[0][1]).toMatchObject({ type: 'model', id: 'acme/one', revision: C })
    // A listing the Hub could not give is none (the pre-warm asks again); one never asked is not asked now.
    expect(await listings.get('model', 'acme/one', E)).toBeUndefined()
    expect(core.debug).toHaveBeenCalledWith(expect.stringContaining('model/acme/one@' + E))
    const targets = await listings.withListings([
      { key: 'k1', spec, commit: C },
      { key: 'k2', spec, commit: D },
      { key: 'k3', spec, commit: E }
    ])
    expect(targets).toEqual([
      { key: 'k1', spec, commit: C, tree: first },
      { key: 'k2', spec, commit: D },
      { key: 'k3', spec, commit: E }
    ])
    expect(listTree).toHaveBeenCalledTimes(2)
  })
})
