/**
 * The save worker's own work (see save-worker.ts): in its stage folder, `@actions/cache` archives `hub` and
 * saves it under the key given; what became of it goes to fd 3 as JSON. The toolkit's log is printed as it
 * is (the parent relays it safely), and recorded to tell why a save that answered -1 failed.
 */
import fs from 'node:fs'
import { errorMessage } from '../shared/errors.js'
import { classifySave, type SaveResult } from './save-outcome.js'
import { ENTRY_PATH } from './version.js'

export async function saveHere(key: string): Promise<SaveResult> {
  const lines: string[] = []
  const original = process.stdout.write
  const write = original.bind(process.stdout)
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string') lines.push(...chunk.split(/\r?\n/).filter(Boolean))
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest)
  }) as typeof process.stdout.write
  try {
    const { saveCache } = await import('@actions/cache')
    const id = await saveCache([ENTRY_PATH], key)
    return id === -1 ? classifySave(lines) : { outcome: 'saved' }
  } catch (error) {
    return { outcome: 'refused', message: errorMessage(error) }
  } finally {
    process.stdout.write = original
  }
}

/** Runs the worker: saves, answers on fd 3, and ends (the storage SDK may hold sockets open). */
export async function runSaveWorker(argv = process.argv): Promise<void> {
  const key = argv[2] ?? ''
  const result = key ? await saveHere(key) : { outcome: 'refused' as const, message: 'no key given' }
  fs.writeSync(3, JSON.stringify(result))
  process.exit(0)
}
