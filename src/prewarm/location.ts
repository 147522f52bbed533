/**
 * Where a large file's bytes are fetched from: its `/resolve` URL asked once, without `Range` and without
 * following the redirect, and the CDN URL it redirects to kept verbatim and used for every range. The Hub signs
 * that URL (`X-Amz-Date`/`X-Amz-Expires` or `Expires`, as the Xet bridge and CloudFront sign, reported by several
 * clients since 2025): resolved with `Range` it would serve that range only, and it expires (about an hour). So it is resolved again only shortly before it expires, or when the CDN refuses it
 * (403), once for all the ranges it was refused to, and a CDN that keeps refusing ends in a clear error.
 * Each `/resolve` counts against the Hub's rate limit: one per file, not one per range.
 */
import { describeHubError } from '../hub/errors.js'
import { readHubError } from '../hub/body.js'
import { DownloadRefused, type Job } from './job.js'

export interface Location {
  url: string
  /** When its signature stops holding, on this machine's clock (undefined: unsigned, or served by the Hub). */
  expiresAt?: number
  /** When it was resolved. */
  resolvedAt: number
}

/** Refusals (403) of a file's CDN URL, each followed by a new resolve, before the file fails. */
export const MAX_REFUSALS = 8
/** A signed URL is resolved again this long before it expires (a quarter of its life, when that is shorter). */
export const EXPIRY_MARGIN_MS = 60_000

const AMZ_DATE = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/

/**
 * When a signed URL expires, on this machine's clock: `X-Amz-Date` + `X-Amz-Expires` (S3, the Xet bridge) or
 * `Expires` (CloudFront, epoch seconds), measured from the CDN's clock (`serverNow`, the redirect's `Date`) so
 * that a runner whose clock is off still refreshes in time. Undefined for a URL without either.
 */
export function signatureExpiry(url: string, now = Date.now(), serverNow = now): number | undefined {
  let params: URLSearchParams
  try {
    params = new URL(url).searchParams
  } catch {
    return undefined
  }
  const lifetime = Number(params.get('X-Amz-Expires') ?? NaN)
  const signed = AMZ_DATE.exec(params.get('X-Amz-Date') ?? '')
  if (Number.isFinite(lifetime) && signed) {
    const signedAt = Date.UTC(+signed[1], +signed[2] - 1, +signed[3], +signed[4], +signed[5], +signed[6])
    return now + (signedAt + lifetime * 1000 - serverNow)
  }
  if (Number.isFinite(lifetime)) return now + lifetime * 1000
  const expires = Number(params.get('Expires') ?? NaN)
  return Number.isFinite(expires) ? now + (expires * 1000 - serverNow) : undefined
}

/** Asks `/resolve` without `Range`, the redirect not followed: the CDN URL, or the Hub's own URL when it serves the file. */
async function resolveLocation(job: Job): Promise<Location> {
  const res = await job.client.download(job.url, {
    headers: { 'accept-encoding': 'identity' },
    signal: job.options.signal,
    redirect: 'manual'
  })
  const now = Date.now()
  const location = res.headers.get('location')
  if (res.status >= 300 && res.status < 400 && location) {
    await res.body.cancel()
    // Verbatim: a signed URL must not be re-encoded. Only a relative one is resolved against the Hub's.
    const url = /^https?:\/\//i.test(location) ? location : new URL(location, job.url).href
    const serverNow = Date.parse(res.headers.get('date') ?? '')
    return {
      url,
      resolvedAt: now,
      expiresAt: signatureExpiry(url, now, Number.isNaN(serverNow) ? now : serverNow)
    }
  }
  if (!res.ok) throw new DownloadRefused(job.file.path, res.status, describeHubError(await readHubError(res)))
  // The Hub serves the file itself: the ranges are asked of it.
  await res.body.cancel()
  return { url: job.url, resolvedAt: now }
}

/** Resolves of one file in all (the first, refreshes before expiry, and after refusals) before it fails. */
export const MAX_RESOLVES = 64
/**
 * A location is used at least this long before its expiry alone has it resolved anew. A signature that says
 * it is already past, or holds for a second, is used all the same: if the CDN does refuse it, that refusal
 * counts (and refusals are bounded), where resolving on every look at a clock would never end.
 */
export const MIN_LOCATION_LIFE_MS = 10_000

/**
 * Where one file's ranges are fetched from. Bounded whatever the Hub and the CDN do: each refused location
 * counts once (however many ranges it was refused to, and whether or not it is still the current one), at most
 * MAX_REFUSALS of them, and at most MAX_RESOLVES resolves in all; past either, every caller gets one clear error.
 */
export class FileLocation {
  private current: Location | undefined
  private pending: Promise<Location> | undefined
  private readonly refusedLocations = new Set<Location>()
  private resolves = 0
  private failure: Error | undefined

  constructor(
    private readonly what: string,
    private readonly resolve: () => Promise<Location>,
    private readonly now: () => number = Date.now
  ) {}

  /** The location of a job's file, resolved as resolveLocation does. */
  static of(job: Job): FileLocation {
    return new FileLocation(job.file.path, () => resolveLocation(job))
  }

  /** The location to ask now: resolved on first use, and again when its signature is about to expire. */
  async get(): Promise<Location> {
    if (this.failure) throw this.failure
    const current = this.current
    if (current && !this.expiring(current)) return current
    return this.refresh(current)
  }

  /** `stale` was refused (`answer`: the CDN's 403): resolves anew, once for every range refused with it. */
  refused(stale: Location, answer: DownloadRefused): Promise<Location> {
    if (this.failure) throw this.failure
    this.refusedLocations.add(stale)
    if (this.refusedLocations.size > MAX_REFUSALS) {
      this.failure = new Error(
        `download of ${this.what} failed: the CDN refused ${MAX_REFUSALS} URLs the Hub resolved for it, each anew (last answer: ${answer.said}); re-run the job, and if it persists, check that no proxy alters the CDN's URLs`
      )
      throw this.failure
    }
    return this.refresh(stale)
  }

  private expiring(location: Location): boolean {
    if (location.expiresAt === undefined) return false
    const now = this.now()
    if (now - location.resolvedAt < MIN_LOCATION_LIFE_MS) return false
    const margin = Math.min(EXPIRY_MARGIN_MS, (location.expiresAt - location.resolvedAt) / 4)
    return now >= location.expiresAt - margin
  }

  private refresh(stale: Location | undefined): Promise<Location> {
    if (this.current !== stale && this.current) return Promise.resolve(this.current)
    if (this.pending) return this.pending
    if (++this.resolves > MAX_RESOLVES) {
      this.failure = new Error(
        `download of ${this.what} failed: the Hub was asked for its location ${MAX_RESOLVES} times (its signed URLs kept expiring or being refused); re-run the job, and if it persists, check this machine's clock and that no proxy alters the CDN's URLs`
      )
      return Promise.reject(this.failure)
    }
    this.pending = (async () => {
      try {
        this.current = await this.resolve()
        return this.current
      } finally {
        this.pending = undefined
      }
    })()
    return this.pending
  }
}
