/**
 * The step post runs to save the cache, behind one small interface: post's unit tests give it a stand-in (no
 * service, no disk), so a change of post's logic fails a unit test without a rebundle.
 */
import type { Saver } from '../../actions-cache/save.js'
import type { CacheState } from '../../actions-cache/types.js'

export interface PostSteps {
  /** The saver of main's cache, or undefined when this post saves nothing (the log says why). */
  openSaver: (cache: CacheState) => Promise<Saver | undefined>
}

export const postSteps: PostSteps = {
  // Loaded only by a post that saves: the cache service's client and the archive reader it brings.
  async openSaver(cache) {
    const { CacheSaver } = await import('../../actions-cache/save.js')
    return CacheSaver.open(cache)
  }
}
