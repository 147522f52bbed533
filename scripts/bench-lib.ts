/** What the bench's cases share: timing, contests in turns, and the result lines. */
import { spawnSync } from 'node:child_process'

export const MiB = 1024 * 1024

export const fmt = (s: number) => `${(s * 1000).toFixed(0).padStart(6)} ms`
/** Throughput, or blanks for a case that moves no bytes worth counting. */
const rate = (bytes: number, s: number) =>
  bytes ? `${(bytes / MiB / s).toFixed(0).padStart(4)} MiB/s` : ' '.repeat(10)

export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint()
  const value = await fn()
  return [Number(process.hrtime.bigint() - start) / 1e9, value]
}

/**
 * The best of `rounds` runs of each contender, taken in turns, each after the disk has written back what
 * the previous one wrote (otherwise whoever runs second pays for the first one's dirty pages).
 */
export async function contest(rounds: number, ...contenders: (() => Promise<unknown>)[]): Promise<number[]> {
  const best = contenders.map(() => Infinity)
  for (let round = 0; round < rounds; round++) {
    for (const [i, run] of contenders.entries()) {
      spawnSync('sync')
      const [seconds] = await timed(run)
      best[i] = Math.min(best[i], seconds)
      if (process.env.BENCH_ROUNDS) console.log(`    round ${round + 1}, contender ${i + 1}: ${fmt(seconds)}`)
    }
  }
  return best
}

export function line(label: string, seconds: number, bytes: number, note: string): void {
  console.log(`  ${label.padEnd(34)}${fmt(seconds)}   ${rate(bytes, seconds)}   ${note}`)
}
