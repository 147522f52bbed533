/**
 * Imports every module given on the command line and reports, as JSON on stdout, what importing them did:
 * timers set, resources left active (sockets, workers, child processes) and anything written to stdout or stderr.
 */
import { pathToFileURL } from 'node:url'

const written: string[] = []
const capture = (stream: NodeJS.WriteStream) => {
  const write = stream.write.bind(stream)
  stream.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  }) as typeof stream.write
  return write
}
const writeOut = capture(process.stdout)
capture(process.stderr)
// Timers are counted as they are set, referenced or not (an unref'd one is not an active resource).
const timers: string[] = []
for (const name of ['setTimeout', 'setInterval', 'setImmediate'] as const) {
  const original = globalThis[name] as (...args: unknown[]) => unknown
  ;(globalThis as Record<string, unknown>)[name] = (...args: unknown[]) => {
    timers.push(name)
    return original(...args)
  }
}
const before = new Set(process.getActiveResourcesInfo())
for (const file of process.argv.slice(2)) await import(pathToFileURL(file).href)
const active = [...process.getActiveResourcesInfo().filter(r => !before.has(r)), ...timers]
writeOut(JSON.stringify({ active, written }))
