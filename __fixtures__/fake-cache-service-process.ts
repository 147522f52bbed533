/**
 * The fake cache service in a process of its own (`node --import tsx __fixtures__/fake-cache-service-process.ts`):
 * for a measurement whose client must not pay for the archives the service holds in memory (a process's size
 * slows every child process it starts). Prints one line of JSON, the job's environment for it, then serves
 * until its stdin closes.
 */
import { FakeCacheService } from './fake-cache-service.js'

const service = await new FakeCacheService().start()
process.stdout.write(`${JSON.stringify(service.env())}\n`)
process.stdin.resume()
process.stdin.on('end', () => void service.stop().then(() => process.exit(0)))
