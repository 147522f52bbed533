/**
 * A commit's file listing, from the Hub's paginated tree endpoint through `@huggingface/hub`'s `listFiles`,
 * bounded and shape-checked: every page from the endpoint's origin, no page asked twice, sizes bounded
 * before anything is planned or allocated for them.
 */
import { HubResponseError } from '../shared/errors.js'
import { formatBytes } from '../shared/format.js'
import { safeText } from '../shared/safe-text.js'
import { isHex40, isHex64, isRecord, isSize } from '../shared/shape.js'
import { MAX_JSON_BYTES, readCapped } from './body.js'
import type { HubClient } from './client.js'
import { repoLabel, type RepoSpec } from './repo-spec.js'

/** One file of a commit's listing (fields of the /tree endpoint, as `trees/<commit>.json` stores them). */
export interface TreeEntry {
  path: string
  size: number
  /** Git blob id (for an LFS file, the pointer's). */
  blobId: string
  lfsSha256?: string
  lfsSize?: number
  xetHash?: string
}

/**
 * The largest file the action downloads (and a listing may announce): 1 TiB, far above any file the Hub serves (its uploads are capped at
 * 50 GB a file, and a CDN refuses a non-ranged GET beyond that). A listing announcing more is refused before
 * anything is planned or allocated for it.
 */
export const MAX_FILE_BYTES = 2 ** 40
/** Bounds on one listing: a `Link: rel="next"` chain is followed at most this far. */
export const MAX_LISTING_PAGES = 10_000
export const MAX_LISTING_ENTRIES = 1_000_000

/**
 * A `fetch` for `@huggingface/hub`'s `listFiles`, which follows `Link: rel="next"` for ever and iterates
 * whatever JSON comes back: here every page must be a JSON array from the endpoint's origin, no page is
 * asked twice (a link back to an earlier page would loop), and pages are bounded in number and size.
 */
function listingFetch(client: HubClient, what: string, signal?: AbortSignal): typeof fetch {
  const seen = new Set<string>()
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    if (seen.has(url))
      throw new HubResponseError(what, 'its next-page link points back to a page already read')
    if (seen.size >= MAX_LISTING_PAGES)
      throw new HubResponseError(what, `it goes on past ${MAX_LISTING_PAGES} pages`)
    if (new URL(url).origin !== client.origin) {
      throw new HubResponseError(what, 'its next-page link leads to another origin')
    }
    seen.add(url)
    const res = await client.fetch(url, { ...init, signal })
    if (!res.ok) return res
    const text = await readCapped(res, MAX_JSON_BYTES)
    let page: unknown
    try {
      page = JSON.parse(text)
    } catch {
      throw new HubResponseError(what, 'a page is not JSON')
    }
    if (!Array.isArray(page)) throw new HubResponseError(what, 'a page is not a JSON array')
    return new Response(text, { status: res.status, headers: res.headers })
  }
}

/** One listed entry checked field by field; directories are skipped (undefined). */
function parseTreeEntry(raw: unknown, what: string): TreeEntry | undefined {
  const bad = (why: string) => new HubResponseError(what, why)
  if (!isRecord(raw) || typeof raw.type !== 'string') throw bad('an entry has no "type"')
  if (raw.type !== 'file') return undefined
  if (typeof raw.path !== 'string') throw bad('a file has no "path"')
  const name = `"${safeText(raw.path, 200)}"`
  if (!isSize(raw.size)) throw bad(`${name} has no valid "size"`)
  if (!isHex40(raw.oid)) throw bad(`${name} has no 40-hex "oid"`)
  let lfs: { oid: string; size: number } | undefined
  if (raw.lfs !== undefined && raw.lfs !== null) {
    if (!isRecord(raw.lfs) || !isHex64(raw.lfs.oid) || !isSize(raw.lfs.size)) {
      throw bad(`${name} has an "lfs" without a sha256 "oid" and a "size"`)
    }
    lfs = { oid: raw.lfs.oid, size: raw.lfs.size }
  }
  const size = lfs?.size ?? raw.size
  if (size > MAX_FILE_BYTES) {
    throw bad(
      `${name} is listed at ${size} bytes, over the ${formatBytes(MAX_FILE_BYTES)} any file on the Hub can be`
    )
  }
  const xetHash = typeof raw.xetHash === 'string' ? raw.xetHash : undefined
  return {
    path: raw.path,
    size,
    blobId: raw.oid,
    ...(lfs ? { lfsSha256: lfs.oid, lfsSize: lfs.size } : {}),
    ...(xetHash !== undefined ? { xetHash } : {})
  }
}

/**
 * The commit's full listing from the Hub's paginated tree endpoint (files only). Always asked of the Hub:
 * a restored cache's `trees/<commit>.json` could list files the commit does not have.
 */
export async function listTree(
  client: HubClient,
  spec: RepoSpec,
  commit: string,
  signal?: AbortSignal
): Promise<TreeEntry[]> {
  const what = `the file listing of ${repoLabel(spec)}@${commit.slice(0, 7)}`
  const entries: TreeEntry[] = []
  // Loaded here, not at start: the library is the largest part of the bundle and only listings need it.
  const { listFiles } = await import('@huggingface/hub')
  const listing = listFiles({
    repo: { type: spec.type, name: spec.id },
    revision: commit,
    recursive: true,
    hubUrl: client.endpoint,
    fetch: listingFetch(client, what, signal)
  })
  let count = 0
  for await (const raw of listing as AsyncIterable<unknown>) {
    if (++count > MAX_LISTING_ENTRIES)
      throw new HubResponseError(what, `it has over ${MAX_LISTING_ENTRIES} entries`)
    const entry = parseTreeEntry(raw, what)
    if (entry) entries.push(entry)
  }
  return entries
}
