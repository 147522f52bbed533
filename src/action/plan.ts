/**
 * The job's plan: what main learns, in order (who the token is, each listed repo's access and commit, what the
 * cache restored, what the pre-warm fetched, where each snapshot is), each repo under its one key (repoKey).
 * The outputs and the summary are read from it (publish.ts); nothing re-joins the steps' answers.
 */
import type { CacheReport } from '../actions-cache/types.js'
import type { Identity } from '../auth/identity.js'
import { uncheckedStatus, type AccessStatus } from '../hub/access.js'
import { repoKey, type RepoSpec } from '../hub/repo-spec.js'
import type { Inputs } from './inputs.js'
import type { RepoReport } from './report.js'

/** A granted repo at its commit, under its key: what the cache and the pre-warm work on. */
export interface Target {
  key: string
  spec: RepoSpec
  commit: string
}

/** What a pre-warm (or a check of the cache) found of a repo. */
export type PrewarmFigures = Pick<RepoReport, 'files' | 'bytes' | 'downloadedBytes' | 'seconds'>

export class JobPlan {
  /** In the input's order. */
  private readonly repos = new Map<string, RepoReport>()
  identity?: Identity
  /** A token from the keyless exchange: for what, and until when. */
  keyless?: { resource: string; expiresAt: Date }
  cache?: CacheReport
  /** Later steps run offline (HF_HUB_OFFLINE=1). */
  offline = false

  constructor(readonly inputs: Pick<Inputs, 'repos' | 'endpoint' | 'hubCache'>) {
    for (const spec of inputs.repos) this.repos.set(repoKey(spec), uncheckedStatus(spec, inputs.endpoint))
  }

  accessChecked(statuses: AccessStatus[]): void {
    for (const status of statuses) this.update(repoKey(status.spec), status)
  }

  /** The granted repos at their commits (with the Hub down, the commits the cache stood in with). */
  targets(): Target[] {
    return this.atCommits(r => r.access === 'granted')
  }

  /** Every listed repo whose commit the job knows (of those `include` takes): where its snapshot would be. */
  atCommits(include: (repo: RepoReport) => boolean = () => true): Target[] {
    return [...this.repos].flatMap(([key, r]) =>
      r.commit && include(r) ? [{ key, spec: r.spec, commit: r.commit }] : []
    )
  }

  /** What the restore (or, with the Hub down, the stand-in) found: each listed repo's entry, and its commit. */
  cacheRestored(report: CacheReport): void {
    this.cache = report
    for (const entry of report.entries) {
      const { key, restored, matchedKey, commit, revision } = entry
      if (!entry.listed || revision === undefined) continue
      this.update(repoKey({ ...entry, revision }), {
        commit,
        cache: { key, restored, matchedKey, verified: !report.unverified }
      })
    }
  }

  /** One result a target, in the targets' order (as the pre-warm answers). */
  prewarmed(targets: Target[], results: PrewarmFigures[]): void {
    targets.forEach(({ key }, i) => {
      const { files, bytes, downloadedBytes, seconds } = results[i]
      this.update(key, { files, bytes, downloadedBytes, seconds })
    })
  }

  /** One folder (or none) a target, in the targets' order. */
  snapshotsFound(targets: Target[], paths: (string | undefined)[]): void {
    targets.forEach(({ key }, i) => {
      if (paths[i] !== undefined) this.update(key, { path: paths[i] })
    })
  }

  /** Every listed repo, in the input's order: what the outputs and the summary say of it. */
  reports(): RepoReport[] {
    return [...this.repos.values()]
  }

  private update(key: string, learnt: Partial<RepoReport>): void {
    const known = this.repos.get(key)
    if (known) this.repos.set(key, { ...known, ...learnt })
  }
}
