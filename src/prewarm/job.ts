/**
 * What every transfer of a blob shares: the file, the options, the job a transfer works on, what it brought,
 * and how it fails.
 */
import type fs from 'node:fs/promises'
import type { LimitFunction } from 'p-limit'
import type { HubClient } from '../hub/client.js'

/** A file to fetch: where it is in the repo, how big, and the blob name it must hash to. */
export interface RemoteFile {
  path: string
  size: number
  /** The blob name: LFS sha256, else the git blob sha1. */
  etag: string
  lfs: boolean
  /** The Xet hash the listing gives (Python's shared store names payloads by it). */
  xetHash?: string
}

export interface TransferOptions {
  /** Attempts per file, or per range, when a transfer breaks off mid-body. */
  attempts?: number
  /**
   * Throughput floor: a body that brings fewer than `minBytesPerWindow` bytes in `windowMs` is cut and resumed
   * (a server that drips a byte every few seconds would otherwise hold the job for ever).
   */
  windowMs?: number
  minBytesPerWindow?: number
  /** Aborts everything (the pre-warm's overall time limit); its reason is the error thrown. */
  signal?: AbortSignal
  log?: (line: string) => void
  /** The connection pool shared by every transfer; one of CONNECTIONS slots when not given. */
  connections?: LimitFunction
  rangeBytes?: number
  rangedMinBytes?: number
  /** Told of content bytes as they arrive (progress). */
  onBytes?: (bytes: number) => void
}

export class TransferError extends Error {}

export interface Job {
  client: HubClient
  url: string
  file: RemoteFile
  /** The temporary file, which the hashing worker reads back. */
  temp: string
  handle: fs.FileHandle
  options: TransferOptions
  connections: LimitFunction
}

/** A download answered with an error status (the CDN's 403 for a URL whose signature no longer holds, say). */
export class DownloadRefused extends Error {
  constructor(
    path: string,
    readonly status: number,
    /** What the server answered, described (safe to print). */
    readonly said: string
  ) {
    super(`download of ${path} failed: ${said}`)
  }
}

/** What a transfer brought: content bytes received, and the digest of the first `hashed` bytes on disk. */
export interface Transferred {
  received: number
  digest: string
  hashed: number
}

/** Bytes written by a transfer so far, kept up to date even when it breaks off. */
export interface Written {
  bytes: number
}
