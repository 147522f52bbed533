/**
 * How a request leaves: the API path on `fetch` (Node's, or undici's through the runner's proxy, decided per
 * URL: each redirect hop anew), downloads on the lean data path (http/stream.ts). Both loaded only when used.
 */
import { fetchApi } from '../http/fetch-api.js'
import type { StreamResponse } from '../http/types.js'

/** One API request; `fetchImpl` replaces the transport (tests). */
export async function sendApi(
  target: string,
  init: RequestInit,
  fetchImpl?: typeof fetch
): Promise<Response> {
  return fetchImpl ? fetchImpl(target, init) : fetchApi(target, init)
}

/** One download request, its body left to stream. */
export async function sendDownload(
  target: string,
  init: RequestInit,
  signal: AbortSignal
): Promise<StreamResponse> {
  // Loaded with the first download: runs that download nothing never parse it.
  const { streamGet } = await import('../http/stream.js')
  return streamGet(target, { headers: Object.fromEntries(new Headers(init.headers)), signal })
}
