/** Where a repo and its files are on the Hub (the endpoint's path kept, for mirrors). */
import { repoLabel, type RepoSpec } from './repo-spec.js'

/** The repo's page, where a gated repo's license is accepted. */
export function repoPageUrl(endpoint: string, spec: Pick<RepoSpec, 'type' | 'id'>): string {
  return `${endpoint}/${repoLabel(spec)}`
}

/** The API path of a repo: `/api/models/owner/name` and the like. */
export function repoApiPath(spec: Pick<RepoSpec, 'type' | 'id'>): string {
  return `/api/${spec.type}s/${spec.id}`
}

/** A file's `/resolve` URL at a commit, each path segment encoded. */
export function resolveUrl(endpoint: string, spec: RepoSpec, commit: string, filePath: string): string {
  const encoded = filePath.split('/').map(encodeURIComponent).join('/')
  return `${endpoint}/${repoLabel(spec)}/resolve/${commit}/${encoded}`
}
