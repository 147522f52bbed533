/** What the download data path answers with (stream.ts), fetch's answers included. */

export interface StreamBody extends AsyncIterable<Uint8Array> {
  /**
   * Hands each piece of the body to `sink` as it arrives, then resolves at its end. A piece is only valid
   * during the call (its memory is read into again): write or copy it before returning.
   */
  consume(sink: (piece: Uint8Array) => void): Promise<void>
  /** Stops reading and lets the connection go. */
  cancel(): Promise<void>
}

/** An answer whose body is read with `consume` (or iterated, with a copy per piece, for small bodies). */
export interface StreamResponse {
  readonly status: number
  readonly ok: boolean
  readonly headers: Headers
  /** The URL asked (redirects are followed by the caller). */
  readonly url: string
  readonly body: StreamBody
}

export interface StreamOptions {
  headers?: Record<string, string>
  signal?: AbortSignal
  /** Extra trusted certificates (tests); the process's CA store otherwise, as `fetch` uses. */
  ca?: string | Buffer
}
