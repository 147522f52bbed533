/**
 * The save worker's own work, run in this process with the toolkit stood in (the real toolkit runs in the
 * worker in the end-to-end suites): the one path and the key it saves, what its log says when it answers -1.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'

const saveCache = jest.fn<(paths: string[], key: string) => Promise<number>>()
jest.unstable_mockModule('@actions/cache', () => ({ saveCache }))
const { saveHere } = await import('../../src/actions-cache/save-entry.js')

const writes: string[] = []
let write: typeof process.stdout.write
beforeEach(() => {
  saveCache.mockReset()
  writes.length = 0
  write = process.stdout.write
  process.stdout.write = ((chunk: string) => writes.push(String(chunk)) > 0) as typeof process.stdout.write
})
afterEach(() => {
  process.stdout.write = write
})

describe('saveHere', () => {
  it('saves `hub` under the key: saved when the toolkit gives an id', async () => {
    saveCache.mockResolvedValueOnce(42)
    expect(await saveHere('the-key')).toEqual({ outcome: 'saved' })
    expect(saveCache).toHaveBeenCalledWith(['hub'], 'the-key')
  })

  it('reads why from the toolkit’s log when it answers -1, printing the log as it is', async () => {
    saveCache.mockImplementationOnce(async () => {
      process.stdout.write('::warning::Failed to save: Cache storage quota has been hit\r\n')
      process.stdout.write('other line\n')
      return -1
    })
    expect(await saveHere('k')).toMatchObject({ outcome: 'fault', kind: 'quota' })
    expect(writes).toEqual([
      '::warning::Failed to save: Cache storage quota has been hit\r\n',
      'other line\n'
    ])
    saveCache.mockImplementationOnce(async () => {
      process.stdout.write(Buffer.from('::warning::(409) already exists\n') as unknown as string)
      return -1
    })
    // Only text is read: a Buffer write is printed, not parsed.
    expect(await saveHere('k')).toEqual({ outcome: 'refused', message: 'the toolkit did not say why' })
  })

  it('a toolkit that throws refuses this entry, with its message; stdout is put back', async () => {
    const ours = process.stdout.write
    saveCache.mockRejectedValueOnce(new Error('Path Validation Error: hub does not exist'))
    expect(await saveHere('k')).toEqual({
      outcome: 'refused',
      message: 'Path Validation Error: hub does not exist'
    })
    expect(process.stdout.write).toBe(ours)
  })
})
