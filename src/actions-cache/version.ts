/**
 * What makes an entry findable: the version the cache service files it under. `@actions/cache` hashes the
 * paths it archives exactly as passed, the compression and a salt (`getCacheVersion` in its cacheUtils), and
 * the service matches a key only among entries of the same version. The action passes one relative path,
 * `hub`, from a stage folder made the working directory of the save (save-worker.ts), so an entry's version is
 * the same on every machine, `hf-home` and runner home of one OS — and holds no glob character.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'

/** The one path every entry is archived as: the stage's small hub cache. */
export const ENTRY_PATH = 'hub'

export type Compression = 'zstd-without-long' | 'gzip'

/** The toolkit's salt (`versionSalt` in @actions/cache's cacheUtils): part of every version. */
const VERSION_SALT = '1.0'

export function entryVersion(compression: Compression, platform: NodeJS.Platform = process.platform): string {
  const parts = [ENTRY_PATH, compression, ...(platform === 'win32' ? ['windows-only'] : []), VERSION_SALT]
  return createHash('sha256').update(parts.join('|')).digest('hex')
}

let detected: Promise<Compression> | undefined

/**
 * The compression `@actions/cache` uses on this machine, decided as it decides: zstd when `zstd --quiet
 * --version` prints anything, else gzip. Asked once a process (bounded: a hung zstd counts as none).
 */
export function compressionMethod(): Promise<Compression> {
  detected ??= new Promise(resolve => {
    execFile('zstd', ['--quiet', '--version'], { timeout: 10_000 }, (_error, stdout, stderr) => {
      const printed = `${stdout ?? ''}${stderr ?? ''}`.trim()
      resolve(printed ? 'zstd-without-long' : 'gzip')
    })
  })
  return detected
}
