/** How a pre-warm is cut up: connections at once, and the size of the ranges a large file is fetched in. */
const MiB = 1024 * 1024
/** Connections open at once across the whole pre-warm. */
export const CONNECTIONS = 16
/**
 * Range sizes: a file is cut into about CONNECTIONS ranges (all of its ranges then run at once: no tail of a
 * few connections finishing a second round), but never below the smallest size (each request pays the
 * CDN's time to first byte) nor above the largest (one slow connection must not hold up a huge file, and
 * hashing follows completed ranges in order). Chosen with `npm run bench` (case 2 and 3).
 */
export const RANGE_MIN_BYTES = 8 * MiB
export const RANGE_MAX_BYTES = 64 * MiB
/** Files at least this big are split; smaller ones are one request. */
export const RANGED_MIN_BYTES = 2 * RANGE_MIN_BYTES

/** The range size for a file of `size` bytes (whole MiB). */
export function rangeBytesFor(size: number): number {
  const share = Math.ceil(size / CONNECTIONS / MiB) * MiB
  return Math.min(RANGE_MAX_BYTES, Math.max(RANGE_MIN_BYTES, share))
}
