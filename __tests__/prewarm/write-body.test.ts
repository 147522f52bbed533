import { afterEach, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { TransferError } from '../../src/prewarm/job.js'
import { writeBody } from '../../src/prewarm/write-body.js'

afterEach(() => void jest.useRealTimers())

const MiB = 1024 * 1024

/** A body that hands its pieces over when `next` is called (or all at once), as the socket path does. */
function body(pieces: Buffer[]) {
  let sink: ((piece: Uint8Array) => void) | undefined
  let end!: () => void
  let fail!: (error: unknown) => void
  const ended = new Promise<void>((resolve, reject) => ((end = resolve), (fail = reject)))
  const res = {
    body: {
      consume: async (s: (piece: Uint8Array) => void) => {
        sink = s
        await ended
      }
    }
  }
  return {
    res: res as never,
    /** Delivers the next piece; a throw in the sink ends the body with that error, as the socket path does. */
    next: () => {
      try {
        sink!(pieces.shift()!)
      } catch (error) {
        fail(error)
        throw error
      }
    },
    end: () => end()
  }
}

async function target(size: number) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hf-write-')), 'blob')
  const handle = await fs.promises.open(file, 'w+')
  await handle.truncate(size)
  return { file, handle }
}

function hasher() {
  const fed: [number, number][] = []
  return { feed: (start: number, end: number) => void fed.push([start, end]), fed }
}

describe('writeBody', () => {
  it('writes each piece at its place in the part, tells the hasher every MiB and at the end, and counts bytes', async () => {
    const { file, handle } = await target(4 * MiB)
    const pieces = [Buffer.alloc(MiB - 1, 1), Buffer.alloc(2, 2), Buffer.alloc(MiB, 3), Buffer.alloc(10, 4)]
    const { res, next, end } = body([...pieces])
    const seen: number[] = []
    const job = { handle, file: { path: 'f' }, options: { onBytes: (n: number) => seen.push(n) } } as never
    const h = hasher()
    const written = { bytes: 0 }
    const done = writeBody(
      job,
      res,
      { written, limit: 3 * MiB, base: MiB },
      h as never,
      new AbortController()
    )
    await Promise.resolve()
    next()
    expect(h.fed).toEqual([])
    next()
    expect(h.fed).toEqual([[MiB, 2 * MiB + 1]])
    next()
    next()
    end()
    await done
    expect(h.fed).toEqual([
      [MiB, 2 * MiB + 1],
      [2 * MiB + 1, 3 * MiB + 1],
      [3 * MiB + 1, 3 * MiB + 11]
    ])
    expect(written.bytes).toBe(2 * MiB + 11)
    expect(seen).toEqual(pieces.map(p => p.length))
    await handle.close()
    const onDisk = fs.readFileSync(file)
    expect(onDisk.subarray(MiB, 3 * MiB + 11).equals(Buffer.concat(pieces))).toBe(true)
    expect(onDisk.subarray(0, MiB).equals(Buffer.alloc(MiB))).toBe(true)
  })

  it('resumes after the bytes already written', async () => {
    const { file, handle } = await target(20)
    const { res, next, end } = body([Buffer.from('world')])
    const written = { bytes: 5 }
    const h = hasher()
    const job = { handle, file: { path: 'f' }, options: {} } as never
    const done = writeBody(job, res, { written, limit: 10 }, h as never, new AbortController())
    await Promise.resolve()
    next()
    end()
    await done
    await handle.close()
    expect(fs.readFileSync(file).subarray(5, 10).toString()).toBe('world')
    expect(h.fed).toEqual([[5, 10]])
  })

  it('refuses more than the part it asked for, having written and hashed nothing of the excess', async () => {
    const { handle } = await target(20)
    const { res, next } = body([Buffer.alloc(8), Buffer.alloc(3)])
    const written = { bytes: 0 }
    const h = hasher()
    const job = { handle, file: { path: 'model.safetensors' }, options: {} } as never
    const done = writeBody(job, res, { written, limit: 10 }, h as never, new AbortController())
    await Promise.resolve()
    next()
    expect(() => next()).toThrow('the server sent more of model.safetensors than the 10 bytes asked for')
    await expect(done).rejects.toThrow('than the 10 bytes asked for')
    await handle.close()
    expect(written.bytes).toBe(8)
    expect(h.fed).toEqual([[0, 8]])
  })

  it('cuts a body that brings fewer than the floor in a window (64 KiB in 30 s unless told), saying why', async () => {
    jest.useFakeTimers()
    const { handle } = await target(MiB)
    const controller = new AbortController()
    const { res, next, end } = body([
      Buffer.alloc(64 * 1024),
      Buffer.alloc(32 * 1024),
      Buffer.alloc(32 * 1024 - 1)
    ])
    const job = { handle, file: { path: 'f' }, options: {} } as never
    const done = writeBody(job, res, { written: { bytes: 0 }, limit: MiB }, undefined, controller)
    await Promise.resolve()
    next()
    await jest.advanceTimersByTimeAsync(30_000)
    // Exactly the floor: not too slow.
    expect(controller.signal.aborted).toBe(false)
    next()
    next()
    await jest.advanceTimersByTimeAsync(30_000)
    expect(controller.signal.aborted).toBe(true)
    expect(controller.signal.reason).toBeInstanceOf(TransferError)
    expect(String(controller.signal.reason)).toContain('fewer than 65536 bytes in 30 s (stalled or too slow)')
    end()
    await done
    await handle.close()
    // The watchdog ends with the body.
    expect(jest.getTimerCount()).toBe(0)
  })

  it('fails with the watchdog’s reason when the abort ends the body', async () => {
    const { handle } = await target(10)
    const controller = new AbortController()
    const res = {
      body: {
        consume: async () => {
          controller.abort(new TransferError('fewer than 1 bytes in 1 s (stalled or too slow)'))
          throw new Error('This operation was aborted')
        }
      }
    } as never
    const job = { handle, file: { path: 'f' }, options: { windowMs: 1000, minBytesPerWindow: 1 } } as never
    await expect(
      writeBody(job, res, { written: { bytes: 0 }, limit: 10 }, undefined, controller)
    ).rejects.toThrow('fewer than 1 bytes in 1 s')
    const other = new AbortController()
    const broken = { body: { consume: async () => Promise.reject(new Error('socket hang up')) } } as never
    await expect(
      writeBody(job, broken, { written: { bytes: 0 }, limit: 10 }, undefined, other)
    ).rejects.toThrow('socket hang up')
    await handle.close()
  })
})
