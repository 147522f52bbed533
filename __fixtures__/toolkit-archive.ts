/** An entry's archive as `@actions/cache` makes it: `tar --posix` of a stage's `hub/`, then zstd or gzip. */
import { execFileSync } from 'node:child_process'

export function toolkitArchive(dir: string, compression: 'zstd' | 'gzip' = 'zstd'): Buffer {
  const tar = execFileSync('tar', ['--posix', '-cf', '-', '-C', dir, 'hub'])
  return compression === 'zstd'
    ? execFileSync('zstd', ['-q', '-c'], { input: tar })
    : execFileSync('gzip', ['-c'], { input: tar })
}
