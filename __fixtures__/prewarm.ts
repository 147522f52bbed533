/** Test helpers around the pre-warm. */
import type { HubClient } from '../src/hub/client.js'
import type { RepoSpec } from '../src/hub/repo-spec.js'
import { prewarmAll, type PrewarmOptions, type PrewarmResult } from '../src/prewarm/prewarm.js'

/** Pre-warms one repo at its resolved commit. */
export async function prewarmRepo(
  client: HubClient,
  spec: RepoSpec,
  commit: string,
  hubCache: string,
  options: PrewarmOptions = {}
): Promise<PrewarmResult> {
  const [result] = await prewarmAll(client, [{ spec, commit }], hubCache, options)
  return result
}
