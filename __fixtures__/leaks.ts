/** Checks on what a run printed and what it archived, for the token that must never leak. */
import { execFileSync } from 'node:child_process'
import zlib from 'node:zlib'
import type { StepResult } from './runner.js'

/**
 * Lines naming the secret anywhere the runner keeps (stdout, stderr, outputs, state, summary), except
 * the `::add-mask::` line, which must be the first line of stdout that names it. Empty means no leak.
 */
export function tokenLeaks(steps: StepResult[], secret: string): string[] {
  const leaks: string[] = []
  for (const [i, step] of steps.entries()) {
    const sources: [string, string][] = [
      ['stdout', step.stdout],
      ['stderr', step.stderr],
      ['GITHUB_OUTPUT', step.raw.output],
      ['GITHUB_STATE', step.raw.state],
      ['GITHUB_STEP_SUMMARY', step.raw.summary]
    ]
    let maskSeen = false
    for (const [where, text] of sources) {
      for (const line of text.split('\n')) {
        if (!line.includes(secret)) continue
        if (where === 'stdout' && line === `::add-mask::${secret}` && !maskSeen) {
          maskSeen = true
          continue
        }
        leaks.push(`step ${i + 1} ${where}: ${line}`)
      }
    }
  }
  return leaks
}

/** The cache archive as tar bytes, whichever compression @actions/cache chose (zstd or gzip). */
export function untarBytes(archive: Buffer): Buffer {
  if (archive[0] === 0x1f && archive[1] === 0x8b) return zlib.gunzipSync(archive)
  if (archive.readUInt32LE(0) === 0xfd2fb528)
    return execFileSync('zstd', ['-dc'], { input: archive, maxBuffer: 1 << 30 })
  return archive
}

export function archiveEntries(archive: Buffer): string[] {
  return execFileSync('tar', ['-tf', '-'], {
    input: untarBytes(archive),
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'ignore']
  })
    .toString()
    .split('\n')
    .filter(Boolean)
}

/** Tar bytes compressed the way `original` was (zstd or gzip), to plant a tampered cache entry. */
export function compressLike(original: Buffer, tar: Buffer): Buffer {
  if (original[0] === 0x1f && original[1] === 0x8b) return zlib.gzipSync(tar)
  if (original.readUInt32LE(0) === 0xfd2fb528)
    return execFileSync('zstd', ['-c', '-q'], { input: tar, maxBuffer: 1 << 30 })
  return tar
}
