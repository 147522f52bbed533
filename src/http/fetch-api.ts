/**
 * One API request (JSON, small bodies) on `fetch`: Node's, or undici's through the runner's proxy when one
 * applies to the URL (proxy.ts decides, per request, with the rules `@actions/http-client` follows).
 */
import { proxyFor } from './proxy.js'

export async function fetchApi(target: string, init: RequestInit): Promise<Response> {
  const route = proxyFor(new URL(target))
  if (!route) return fetch(target, init)
  const { fetchThrough } = await import('./proxy-fetch.js')
  return fetchThrough(route, target, init)
}
