/**
 * Reading answers' bodies, which come from the network: every read has a size cap and a time limit (a server
 * dripping a byte every few seconds must not hold the job), JSON is parsed only within them, and an error body
 * is read the way huggingface_hub reads it.
 */
import { HubResponseError } from '../shared/errors.js'
import { HubTimeoutError, type HubErrorInfo } from './errors.js'

/** What reading needs of an answer: fetch's `Response` and the data path's `StreamResponse` both. */
export interface HttpAnswer {
  readonly status: number
  readonly ok: boolean
  readonly headers: Headers
  readonly url: string
  readonly body: { cancel(): Promise<unknown> } | null
}

/** The largest JSON answer read (a tree page, repo info, whoami); more is refused, not buffered. */
export const MAX_JSON_BYTES = 32 * 1024 * 1024
/** A body is read for at most this long unless the caller says otherwise. */
export const BODY_TIMEOUT_MS = 30_000
/** An error body is read for at most this long (and 64 KiB): it only adds words to an error already known. */
export const ERROR_BODY_TIMEOUT_MS = 5_000
const ERROR_BODY_BYTES = 64 * 1024

function chunksOf(res: HttpAnswer): AsyncIterable<Uint8Array> {
  return (res.body ?? []) as unknown as AsyncIterable<Uint8Array>
}

function pathOf(res: HttpAnswer): string {
  try {
    return new URL(res.url).pathname
  } catch {
    return 'the Hub'
  }
}

/**
 * The body as text, refusing more than `maxBytes` (declared or received) or a body still arriving after
 * `timeoutMs`: the body is then cancelled.
 */
export async function readCapped(
  res: HttpAnswer,
  maxBytes: number,
  timeoutMs = BODY_TIMEOUT_MS
): Promise<string> {
  const where = pathOf(res)
  const cancel = () => res.body?.cancel().catch(() => undefined)
  const declared = Number(res.headers.get('content-length') ?? 0)
  if (declared > maxBytes) {
    await cancel()
    throw new HubResponseError(where, `the answer is ${declared} bytes, over the ${maxBytes}-byte limit`)
  }
  const read = async () => {
    const chunks: Uint8Array[] = []
    let total = 0
    for await (const chunk of chunksOf(res)) {
      total += chunk.length
      if (total > maxBytes) throw new HubResponseError(where, `the answer is over the ${maxBytes}-byte limit`)
      chunks.push(chunk)
    }
    return Buffer.concat(chunks).toString('utf8')
  }
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HubTimeoutError(res.url || where, timeoutMs, 'body')), timeoutMs)
  })
  try {
    return await Promise.race([read(), late])
  } catch (error) {
    await cancel()
    throw error
  } finally {
    clearTimeout(timer)
  }
}

/** The body parsed as JSON (unvalidated: callers check its shape), within the same caps. */
export async function readJson(
  res: HttpAnswer,
  maxBytes = MAX_JSON_BYTES,
  what = pathOf(res)
): Promise<unknown> {
  const text = await readCapped(res, maxBytes)
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new HubResponseError(what, 'the answer is not JSON')
  }
}

function requestIdOf(headers: Headers): string | undefined {
  return (
    headers.get('x-request-id') ?? headers.get('x-amzn-trace-id') ?? headers.get('x-amz-cf-id') ?? undefined
  )
}

/** Reads the error headers and body of a failed response (consumes the body). */
export async function readHubError(res: HttpAnswer): Promise<HubErrorInfo> {
  let message = res.headers.get('x-error-message') ?? ''
  let body = ''
  try {
    body = await readCapped(res, ERROR_BODY_BYTES, ERROR_BODY_TIMEOUT_MS)
  } catch {
    // a body we cannot read adds nothing
  }
  if (!message && body) {
    try {
      const json = JSON.parse(body) as { error?: unknown; message?: unknown }
      const text = json.error ?? json.message
      if (typeof text === 'string') message = text
    } catch {
      message = body.slice(0, 300)
    }
  }
  return {
    status: res.status,
    code: res.headers.get('x-error-code') ?? undefined,
    message: message.trim(),
    requestId: requestIdOf(res.headers),
    url: res.url
  }
}
