/**
 * An entry's archive, streamed from the signed URL the lookup gave (through the runner's proxy, on the
 * download data path) straight into the stage's vetted reader: no archive file on disk, no byte of it trusted.
 * A download must keep moving: less than FLOOR_BYTES in a window of the action's time limit gives it up.
 */
import { streamGet } from '../http/stream.js'
import { faultOfStatus, ServiceFault } from './fault.js'

/** The least a download must bring in each window: far below any link a runner has. */
export const FLOOR_BYTES = 64 * 1024

export async function downloadArchive<T>(
  url: string,
  windowMs: number,
  signal: AbortSignal,
  receive: (body: AsyncIterable<Uint8Array>, signal: AbortSignal) => Promise<T>
): Promise<T> {
  const controller = new AbortController()
  const stop = () => controller.abort(signal.reason)
  signal.addEventListener('abort', stop, { once: true })
  let moved = 0
  const watchdog = setInterval(() => {
    if (moved < FLOOR_BYTES)
      controller.abort(
        new ServiceFault(
          'timeout',
          `the archive download brought ${moved} bytes in ${Math.round(windowMs / 1000)} s`
        )
      )
    moved = 0
  }, windowMs)
  try {
    const response = await streamGet(url, { signal: controller.signal }).catch((error: unknown) => {
      throw controller.signal.aborted
        ? controller.signal.reason
        : new ServiceFault('unavailable', (error as Error).message)
    })
    if (response.status !== 200) {
      await response.body.cancel()
      throw faultOfStatus(response.status, 'the archive download')
    }
    const counted = (async function* () {
      for await (const piece of response.body) {
        moved += piece.length
        yield piece
      }
    })()
    try {
      return await receive(counted, controller.signal)
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason
      throw error
    }
  } finally {
    clearInterval(watchdog)
    signal.removeEventListener('abort', stop)
  }
}
