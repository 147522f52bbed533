export const id = 210;
export const ids = [210];
export const modules = {

/***/ 9296:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   YI: () => (/* binding */ isEntryKey),
/* harmony export */   jE: () => (/* binding */ indexPrefix),
/* harmony export */   ju: () => (/* binding */ cacheScope),
/* harmony export */   k2: () => (/* binding */ entryKey),
/* harmony export */   xI: () => (/* binding */ repoPrefix)
/* harmony export */ });
/* unused harmony exports platformPrefix, selectionHash, partialKey, indexKey */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/**
 * Cache keys, one entry per repo at a commit (and its file selection), plus a small index entry per scope:
 *
 *   hf-hub-v2/<os>-<arch>/<type>/<owner>/<name>/<commit>/<selection hash>   a repo at a commit
 *   hf-hub-v2/<os>-<arch>/index/<scope hash>/<content hash>                   the entries a scope used
 *
 * `/` ends each part, so one repo's prefix never matches another's (`acme/tiny/` is not a prefix of
 * `acme/tiny-model/…`). OS and architecture are in every key: links do not survive another OS. Keys of the
 * first design (`hf-hub-<os>-<arch>-<hash>`) share no prefix with these, so they are never restored.
 */

const VERSION = 'hf-hub-v2';
const hash = (text, length) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(text).digest('hex').slice(0, length);
/** `hf-hub-v2/<os>-<arch>/`: every key of this runner's kind starts with it. */
function platformPrefix(env = process.env) {
    return `${VERSION}/${env.RUNNER_OS || process.platform}-${env.RUNNER_ARCH || process.arch}/`;
}
/** A repo's prefix: every entry of it, whatever the commit (the newest is restored when the commit misses). */
function repoPrefix(type, id, env = process.env) {
    return `${platformPrefix(env)}${type}/${id}/`;
}
function selectionHash(selection) {
    const text = 'globs' in selection
        ? `globs\n${[...selection.globs].sort().join('\n')}`
        : `files\n${[...selection.files].sort().join('\n')}`;
    return hash(text, 12);
}
function entryKey(type, id, commit, selection, env = process.env) {
    return `${repoPrefix(type, id, env)}${commit}/${selectionHash(selection)}`;
}
/** A pre-warm that did not finish: saved beside the full key, found by `<key>/` as a prefix, never as it. */
function partialKey(key, env = process.env) {
    return `${key}/partial-${env.GITHUB_RUN_ID || Date.now()}-${env.GITHUB_RUN_ATTEMPT || 1}`;
}
/**
 * The scope an index belongs to: the `cache-key` input when set, else the workflow file and the job
 * (`GITHUB_WORKFLOW_REF` without its `@ref`, so every branch of one workflow shares it).
 */
function cacheScope(cacheKey, env = process.env) {
    if (cacheKey)
        return cacheKey;
    const workflow = env.GITHUB_WORKFLOW_REF?.replace(/@.*$/, '') || env.GITHUB_WORKFLOW || 'workflow';
    return `${workflow}#${env.GITHUB_JOB || 'job'}`;
}
/** `hf-hub-v2/<os>-<arch>/index/<scope hash>/`: the newest index of the scope is restored by this prefix. */
function indexPrefix(scope, env = process.env) {
    return `${platformPrefix(env)}index/${hash(scope, 16)}/`;
}
function indexKey(scope, content, env = process.env) {
    return `${indexPrefix(scope, env)}${hash(content, 16)}`;
}
/** The shape of an entry key (what an index may list), for a repo of a type and id. */
function isEntryKey(key, type, id, commit) {
    const prefix = `${repoPrefix(type, id)}${commit}/`;
    return key.startsWith(prefix) && /^[0-9a-f]{12}$/.test(key.slice(prefix.length));
}


/***/ }),

/***/ 3210:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  bI: () => (/* binding */ extrasOf),
  IP: () => (/* binding */ restoreAll),
  Jl: () => (/* binding */ restoreIndex),
  hU: () => (/* binding */ unavailable)
});

// UNUSED EXPORTS: RESTORES_AT_ONCE

// EXTERNAL MODULE: ./build/tsc/node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7783);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/tsc/shared/safe-fs.js
var safe_fs = __webpack_require__(9704);
// EXTERNAL MODULE: ./build/tsc/shared/shape.js
var shape = __webpack_require__(3374);
// EXTERNAL MODULE: ./build/tsc/shared/temp-name.js
var temp_name = __webpack_require__(4309);
// EXTERNAL MODULE: ./build/tsc/hub-cache/layout.js
var layout = __webpack_require__(378);
// EXTERNAL MODULE: ./build/tsc/hub-cache/repo-folders.js
var repo_folders = __webpack_require__(7544);
// EXTERNAL MODULE: ./build/tsc/hub-cache/safe-tree.js
var safe_tree = __webpack_require__(7562);
// EXTERNAL MODULE: ./build/tsc/hub-cache/shared-store.js + 1 modules
var shared_store = __webpack_require__(1765);
;// CONCATENATED MODULE: ./build/tsc/hub-cache/entry-stage.js
/**
 * A cache entry is built in a stage of its own: a small hub cache holding one repo at one commit (its snapshot,
 * the blobs it links, the refs naming the commit, its listing and `.no_exist` markers) and the payloads of
 * Python's shared store those blobs link to. `@actions/cache` archives a stage by its path, and the path is part
 * of the entry's version, so each repo has one stage path whatever the commit: an older commit's entry is then
 * found by prefix. Stages live in `<hub cache>/.hf-auth-action/` (same disk: blobs are hard-linked, not copied)
 * and only while the action works on them: main removes each once merged, post once saved.
 *
 * Only what has the shape Python gives it is staged (snapshot links to `../../blobs/<etag>`, blobs that are
 * regular files or links of exactly the store's shape; without symlinks, snapshot files the listing names),
 * read through real folders only (safe-tree.ts): a link a later step planted is never followed into the stage.
 */










/** Where stages live, inside the hub cache (Python's cache scan skips what is not a repo folder or its store). */
const STAGE_DIR = '.hf-auth-action';
const isBlobName = (name) => (0,shape/* isHex40 */.QO)(name) || (0,shape/* isHex64 */.mo)(name);
/** The stage of `name` (a repo folder name, or `index`): the same path on every run. */
function entry_stage_stagePath(hubCache, name) {
    return external_node_path_.join(external_node_path_.resolve(hubCache), STAGE_DIR, name);
}
/**
 * Removes a stage (a leftover of a cancelled run, or what a later step put there) and makes sure the folder
 * above it is a real folder: a link planted there would send the restore's files elsewhere.
 */
async function clearStage(hubCache, stage) {
    const root = external_node_path_.resolve(hubCache);
    const parent = external_node_path_.join(root, STAGE_DIR);
    if ((await (0,safe_tree/* checkFolder */.p$)(root, parent)).state === 'foreign')
        await (0,safe_tree/* remove */.TF)(root, parent);
    await (0,safe_tree/* remove */.TF)(root, stage);
    await (0,safe_tree/* checkFolder */.p$)(root, parent, true);
}
/**
 * Removes a stage once done with it, and the stages' folder when nothing else is in it: Python's cache scan
 * would report a folder that is not a repo's.
 */
async function entry_stage_removeStage(hubCache, stage) {
    const root = external_node_path_.resolve(hubCache);
    await (0,safe_tree/* remove */.TF)(root, stage);
    await promises_.rmdir(external_node_path_.join(root, STAGE_DIR)).catch(() => undefined);
}
/** Removes every stage: what a cancelled main left (post runs even then), or what a later step put there. */
async function removeAllStages(hubCache) {
    const root = path.resolve(hubCache);
    await remove(root, path.join(root, STAGE_DIR));
}
/** The blob a snapshot link points at (`<etag>`), when the link has Python's shape; undefined otherwise. */
function linkedBlob(folderDir, linkPath, target) {
    const name = external_node_path_.basename(target);
    if (!isBlobName(name))
        return undefined;
    const expected = external_node_path_.relative(external_node_path_.dirname(linkPath), external_node_path_.join(folderDir, 'blobs', name));
    return target === expected ? name : undefined;
}
/** A hard link (same disk: no bytes copied), or a copy where the file system has none. */
async function linkOrCopy(source, target) {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.link(source, target).catch(() => fs.copyFile(source, target, constants.COPYFILE_EXCL));
}
/**
 * Stages `folder` at `commit` (see the header); undefined when the hub cache holds no such snapshot. The stage
 * is cleared first.
 */
async function entry_stage_stageSnapshot(hubCache, stage, folder, commit) {
    const root = path.resolve(hubCache);
    const from = path.join(root, folder);
    const to = path.join(stage, folder);
    const snapshot = `${folder}/snapshots/${commit}`;
    const entries = (await walk(root, snapshot)).filter(e => !LEFTOVER.test(e.rel));
    const repo = parseRepoFolder(folder);
    if (!repo || !isHex40(commit) || !entries.some(e => e.kind === 'link' || e.kind === 'file'))
        return undefined;
    await clearStage(root, stage);
    const staged = { bytes: 0, files: [] };
    const blobs = new Map();
    // Where symlinks cannot be made (Windows without the right), Python copies each file into the snapshot: such
    // a copy is staged when the commit's listing names it (the merge checks its content against that name).
    const listing = entries.some(e => e.kind === 'file')
        ? blobsByPath((await new RepoCacheDir(root, repo.type, repo.id).readTree(commit)) ?? [])
        : new Map();
    for (const entry of entries) {
        if (entry.kind === 'file' && listing.has(entry.rel)) {
            await linkOrCopy(entry.full, path.join(stage, snapshot, entry.rel));
            staged.bytes += entry.size;
            staged.files.push(entry.rel);
            continue;
        }
        const blob = entry.kind === 'link' ? linkedBlob(from, entry.full, entry.target) : undefined;
        if (!blob)
            continue;
        if (!blobs.has(blob))
            blobs.set(blob, await stageBlob(root, from, to, stage, blob, staged));
        if (!blobs.get(blob))
            continue;
        const link = path.join(stage, snapshot, entry.rel);
        await fs.mkdir(path.dirname(link), { recursive: true });
        await fs.symlink(entry.target, link);
        staged.files.push(entry.rel);
    }
    if (!staged.files.length)
        return undefined;
    await stageSmallFiles(root, folder, commit, to);
    return staged;
}
/** One blob: a hard link of a regular one, or Python's link into the store with the payload it links to. */
async function stageBlob(root, from, to, stage, name, staged) {
    const source = path.join(from, 'blobs', name);
    const stat = await fs.lstat(source).catch(() => undefined);
    if (stat?.isFile()) {
        await linkOrCopy(source, path.join(to, 'blobs', name));
        staged.bytes += stat.size;
        return true;
    }
    const entry = stat?.isSymbolicLink() ? await linkedStoreEntry(root, source) : undefined;
    if (!entry)
        return false;
    const payload = path.join(stage, path.relative(root, entry.payload));
    if (!(await fs.lstat(payload).catch(() => undefined))) {
        await linkOrCopy(entry.payload, payload);
        staged.bytes += (await fs.lstat(payload)).size;
        await writeExclusive(path.join(stage, STORE_DIR, STORE_MARKER), '1\n').catch(() => undefined);
    }
    await fs.mkdir(path.join(to, 'blobs'), { recursive: true });
    await fs.symlink(await fs.readlink(source), path.join(to, 'blobs', name));
    return true;
}
/** The refs naming the commit, its listing (`trees/<commit>.json`) and its `.no_exist` markers. */
async function stageSmallFiles(root, folder, commit, to) {
    for (const ref of await walk(root, `${folder}/refs`)) {
        if (ref.kind !== 'file' || LEFTOVER.test(ref.rel))
            continue;
        if ((await read(root, ref.full, 1024))?.trim() !== commit)
            continue;
        await fs.mkdir(path.dirname(path.join(to, 'refs', ref.rel)), { recursive: true });
        await writeExclusive(path.join(to, 'refs', ref.rel), commit);
    }
    const tree = (await walk(root, `${folder}/trees`)).find(f => f.rel === `${commit}.json`);
    if (tree?.kind === 'file')
        await linkOrCopy(tree.full, path.join(to, 'trees', tree.rel));
    for (const marker of await walk(root, `${folder}/.no_exist/${commit}`)) {
        if (marker.kind !== 'file' || LEFTOVER.test(marker.rel))
            continue;
        const file = path.join(to, '.no_exist', commit, marker.rel);
        await fs.mkdir(path.dirname(file), { recursive: true });
        await writeExclusive(file, '');
    }
}

// EXTERNAL MODULE: ./build/tsc/shared/safe-text.js
var safe_text = __webpack_require__(580);
// EXTERNAL MODULE: ./build/tsc/hub/repo-spec.js
var repo_spec = __webpack_require__(8717);
// EXTERNAL MODULE: ./build/tsc/hub-cache/blob-hash.js
var blob_hash = __webpack_require__(1360);
;// CONCATENATED MODULE: ./build/tsc/hub-cache/entry-merge.js
/**
 * A restored entry's stage (entry-stage.ts) merged into the hub cache. The stage came from the cache service,
 * so nothing in it is trusted: only the one repo folder it is for is read, only names of Python's shapes are
 * taken (40/64-hex blobs and commits, refs holding a commit, listings Python's reader accepts), each blob is
 * hashed against its name before it becomes visible, and nothing already in the hub cache is replaced (a
 * persistent hf-home keeps what it had). Links in the stage are read, never followed.
 */









/** The store payload a restored repo blob links to (`../../blobs/<2 hex>/<64 hex>` exactly), or undefined. */
function stagedPayload(stage, found) {
    const target = found.target ?? '';
    const xetHash = external_node_path_.basename(target);
    const expected = external_node_path_.relative(external_node_path_.dirname(found.full), (0,shared_store/* storeEntry */.IO)(stage, xetHash).payload);
    return target === expected ? (0,shared_store/* storeEntry */.IO)(stage, xetHash).payload : undefined;
}
/** Merges the stage's `<type>s--owner--name` into the hub cache (see the header). */
async function mergeStage(hubCache, stage, type, id) {
    const repo = new layout/* RepoCacheDir */.y6(hubCache, type, id);
    const folder = external_node_path_.basename(repo.root);
    const merged = { blobs: 0, refused: [] };
    for (const found of await (0,safe_tree/* walk */.GG)(stage, `${folder}/blobs`)) {
        if (found.kind === 'dir' || !isBlobName(found.rel))
            continue;
        if (await adopt(hubCache, stage, repo, found))
            merged.blobs++;
        else
            merged.refused.push(found.rel);
    }
    // The stage is a hub cache of its one repo: its listings are read as the hub cache's are.
    const staged = new layout/* RepoCacheDir */.y6(stage, type, id);
    merged.refused.push(...(await mergeSnapshots(stage, staged, repo, folder)));
    await mergeSmallFiles(stage, staged, repo, folder);
    return merged;
}
/** One blob: a regular file, or a link into the stage's store with the payload it links to. */
async function adopt(hubCache, stage, repo, found) {
    const etag = found.rel;
    if (found.kind === 'file')
        return repo.adoptBlob(etag, found.full);
    const payload = found.kind === 'link' ? stagedPayload(stage, found) : undefined;
    if (!payload)
        return false;
    if (await repo.hasBlob(etag))
        return true;
    if ((await (0,blob_hash/* blobDigest */.e)(payload, etag)) !== etag)
        return false;
    // Python's store off (HF_HUB_DISABLE_SHARED_BLOBS), or another tool's blobs/: the blob as a regular file.
    await repo.makeDir(external_node_path_.dirname(repo.blobPath(etag)));
    const xetHash = external_node_path_.basename(payload);
    if ((0,shared_store/* sharedBlobsEnabled */.BI)() && (await (0,shared_store/* adoptIntoStore */.yu)(hubCache, repo.blobPath(etag), payload, xetHash, etag))) {
        await layout/* RepoCacheDir */.y6.remember((0,shared_store/* storeEntry */.IO)(hubCache, xetHash).payload);
        return true;
    }
    if (!(await (0,safe_fs/* pathExists */.s0)(payload)))
        return repo.hasBlob(etag);
    return repo.adoptBlob(etag, payload);
}
/**
 * Snapshot links of Python's shape to a blob now in the hub cache, and (without symlinks) snapshot files whose
 * content hashes to what the entry's listing names, where the hub cache has no entry yet. Returns the files
 * refused.
 */
async function mergeSnapshots(stage, staged, repo, folder) {
    const stageFolder = external_node_path_.join(stage, folder);
    const listings = new Map();
    const refused = [];
    for (const found of await (0,safe_tree/* walk */.GG)(stage, `${folder}/snapshots`)) {
        const [commit, ...parts] = found.rel.split('/');
        const relPath = parts.join('/');
        if (found.kind === 'dir' || !(0,shape/* isHex40 */.QO)(commit) || !parts.length)
            continue;
        if (await repo.hasSnapshotEntry(commit, relPath).catch(() => true))
            continue;
        if (found.kind === 'file') {
            if (!listings.has(commit))
                listings.set(commit, (0,layout/* blobsByPath */.HP)((await staged.readTree(commit)) ?? []));
            const etag = listings.get(commit).get(relPath);
            if (etag && (await (0,blob_hash/* blobDigest */.e)(found.full, etag)) === etag)
                await repo.adoptCopy(commit, relPath, found.full);
            else
                refused.push(`snapshots/${found.rel}`);
            continue;
        }
        const blob = found.kind === 'link' ? linkedBlob(stageFolder, found.full, found.target) : undefined;
        if (!blob || !(await promises_.lstat(repo.blobPath(blob)).catch(() => undefined)))
            continue;
        await repo.link(commit, relPath, blob);
    }
    return refused;
}
/** Refs holding a commit, listings Python reads, `.no_exist` markers: each only where none is yet. */
async function mergeSmallFiles(stage, staged, repo, folder) {
    for (const ref of await (0,safe_tree/* walk */.GG)(stage, `${folder}/refs`)) {
        if (ref.kind !== 'file')
            continue;
        const commit = (await (0,safe_fs/* readRegular */.VX)(ref.full, 1024))?.trim();
        if (!(0,shape/* isHex40 */.QO)(commit) || (await repo.readRef(ref.rel).catch(() => 'refused')) !== undefined)
            continue;
        await repo.writeRef(ref.rel, commit);
    }
    for (const tree of await (0,safe_tree/* walk */.GG)(stage, `${folder}/trees`)) {
        const commit = tree.rel.replace(/\.json$/, '');
        if (tree.kind !== 'file' || !(0,shape/* isHex40 */.QO)(commit) || (await repo.readTree(commit)))
            continue;
        const entries = await staged.readTree(commit);
        if (entries)
            await repo.writeTree(commit, entries);
    }
    for (const marker of await (0,safe_tree/* walk */.GG)(stage, `${folder}/.no_exist`)) {
        const [commit, ...parts] = marker.rel.split('/');
        if (marker.kind !== 'file' || !(0,shape/* isHex40 */.QO)(commit) || !parts.length)
            continue;
        await repo.markAbsent(commit, parts.join('/'));
    }
}

// EXTERNAL MODULE: ./build/tsc/shared/errors.js
var errors = __webpack_require__(6708);
// EXTERNAL MODULE: ./build/tsc/actions-cache/service.js
var service = __webpack_require__(393);
;// CONCATENATED MODULE: ./build/tsc/actions-cache/entries.js
/**
 * One entry through the service: restored into its stage and merged into the hub cache (main), or staged from
 * the hub cache and saved (post). The stage is removed either way, so nothing the service sent stays outside
 * what the merge took.
 */








const label = (e) => `${(0,repo_spec/* repoLabel */.pq)(e)}@${e.commit.slice(0, 7)}`;
/** Restores one entry (`restoreKeys`: where to look when its key misses) and merges it; what was found. */
async function restoreOne(hubCache, entry, restoreKeys) {
    const stage = entry_stage_stagePath(hubCache, (0,layout/* repoFolderName */.IO)(entry.type, entry.id));
    try {
        await clearStage(hubCache, stage);
        const found = await (0,service/* restoreEntry */.fe)(stage, entry.key, restoreKeys);
        if (!found.matchedKey)
            return 'none';
        entry.matchedKey = found.matchedKey;
        const merged = await mergeStage(hubCache, stage, entry.type, entry.id);
        if (merged.refused.length) {
            (0,safe_text/* annotate */.fz)('warning', `The cache entry ${found.matchedKey} held ${merged.refused.length} blob(s) whose content does not match their name; they were left out and are fetched again.`, `Hugging Face cache: ${(0,repo_spec/* repoLabel */.pq)(entry)}: blobs refused`);
        }
        return found.hit ? 'exact' : 'older';
    }
    catch (error) {
        (0,safe_text/* annotate */.fz)('warning', `Restoring ${label(entry)} from the cache failed, continuing without it: ${(0,errors/* errorMessage */.gJ)(error)}`, 'Cache restore failed');
        return 'none';
    }
    finally {
        await entry_stage_removeStage(hubCache, stage).catch(() => undefined);
    }
}
/** Stages one repo at one commit and saves it under `key`, unless the service already holds that key. */
async function saveOne(hubCache, entry, key) {
    const folder = repoFolderName(entry.type, entry.id);
    const stage = stagePath(hubCache, folder);
    try {
        const staged = await stageSnapshot(hubCache, stage, folder, entry.commit);
        if (!staged)
            return 'missing';
        // Another job (a matrix leg) may have saved it since this one restored: an entry is saved once.
        if (await entryExists(stage, key)) {
            logInfo(`Cache: ${label(entry)} is already saved as ${key} (by another job).`);
            return 'exists';
        }
        logInfo(`Cache: saving ${label(entry)} (${formatBytes(staged.bytes)}) as ${key}`);
        if (await saveEntry(stage, key))
            return 'saved';
        if (await entryExists(stage, key)) {
            logInfo(`Cache: ${label(entry)} was saved as ${key} by another job meanwhile.`);
            return 'exists';
        }
        // @actions/cache reports a refusal as info or a warning of its own; say which repo lost its cache.
        annotate('warning', `The cache entry of ${label(entry)} (${formatBytes(staged.bytes)}) was not saved (see the message above), so the next run downloads it again; the other repos' entries are not affected. If the cache service refused it for its size or the repository's cache quota (10 GB unless your organisation raised it), narrow its files with globs in "repos" (for example *.json *.safetensors).`, `Hugging Face cache: ${repoLabel(entry)} not saved`);
        return 'refused';
    }
    finally {
        await removeStage(hubCache, stage).catch(() => undefined);
    }
}

// EXTERNAL MODULE: ./build/tsc/actions-cache/keys.js
var keys = __webpack_require__(9296);
;// CONCATENATED MODULE: ./build/tsc/actions-cache/index-file.js
/**
 * The index entry of a scope: the cache entries its job used (listed repos and what later steps added), so the
 * next run of that job restores them too. One small JSON file in a stage of its own; read back from the cache
 * service, so every field is checked and the file's size bounded before it is parsed.
 */







const INDEX_FILE = 'entries.json';
/** More entries than any job uses; a bigger index is not one this action wrote. */
const MAX_INDEXED = 512;
const MAX_INDEX_BYTES = 256 * 1024;
/** The file's text: the same entries give the same text (its hash is in the index's key). */
function encodeIndex(entries) {
    const sorted = [...entries]
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map(({ type, id, commit, key, listed, revision }) => ({
        type,
        id,
        commit,
        key,
        listed,
        ...(revision ? { revision } : {})
    }));
    return `${JSON.stringify({ version: 1, entries: sorted }, null, 1)}\n`;
}
function validEntry(value) {
    if (!(0,shape/* isRecord */.u4)(value))
        return undefined;
    const { type, id, commit, key, revision, listed } = value;
    if (type !== 'model' && type !== 'dataset' && type !== 'space')
        return undefined;
    if (typeof id !== 'string' || (0,repo_folders/* parseRepoFolder */.EP)((0,layout/* repoFolderName */.IO)(type, id))?.id !== id)
        return undefined;
    if (!(0,shape/* isHex40 */.QO)(commit) || typeof key !== 'string' || !(0,keys/* isEntryKey */.YI)(key, type, id, commit))
        return undefined;
    if (revision !== undefined && (typeof revision !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(revision)))
        return undefined;
    return { type, id, commit, key, listed: listed === true, ...(revision ? { revision } : {}) };
}
/** The entries of an index file in `stage`, the ill-formed ones left out; empty when there is none. */
async function readIndex(stage) {
    const text = await (0,safe_fs/* readRegular */.VX)(external_node_path_.join(stage, INDEX_FILE), MAX_INDEX_BYTES);
    if (text === undefined)
        return [];
    try {
        const parsed = JSON.parse(text);
        if (!(0,shape/* isRecord */.u4)(parsed) || !Array.isArray(parsed.entries))
            return [];
        return parsed.entries
            .slice(0, MAX_INDEXED)
            .map(validEntry)
            .filter(e => e !== undefined);
    }
    catch {
        return [];
    }
}
async function writeIndex(stage, text) {
    await fs.mkdir(stage, { recursive: true });
    await writeExclusive(path.join(stage, INDEX_FILE), text);
}

;// CONCATENATED MODULE: ./build/tsc/actions-cache/restore-many.js
/**
 * Restoring many entries: the scope's index, and entries a few at a time (entries of one repo one after
 * another: they share the repo's stage), each logged with what was found.
 */








/**
 * Entries restored at once: each is a lookup, a download and an extraction (two child processes). Measured with
 * `npm run bench` (case 7, 20 repos on two cores): 8 at once restore in 1.4× the time of one entry holding them
 * all, 4 at once in 1.6×; more than 8 gains nothing.
 */
const RESTORES_AT_ONCE = 8;
/** The scope's newest index, and the entries it names (none when there is none). */
async function restoreIndex(hubCache, scope) {
    const stage = entry_stage_stagePath(hubCache, 'index');
    const prefix = (0,keys/* indexPrefix */.jE)(scope);
    try {
        await clearStage(hubCache, stage);
        const { matchedKey } = await (0,service/* restoreEntry */.fe)(stage, prefix, [prefix]);
        return { matchedKey, entries: matchedKey ? await readIndex(stage) : [] };
    }
    finally {
        await entry_stage_removeStage(hubCache, stage).catch(() => undefined);
    }
}
/**
 * Restores each entry with its own restore keys, a few at a time; entries of one repo one after another
 * (they share the repo's stage).
 */
async function restoreAll(hubCache, work) {
    const byRepo = new Map();
    for (const item of work) {
        const repo = `${item.entry.type}/${item.entry.id}`;
        byRepo.set(repo, [...(byRepo.get(repo) ?? []), item]);
    }
    const limit = (0,p_limit/* default */.A)(RESTORES_AT_ONCE);
    await Promise.all([...byRepo.values()].map(items => limit(async () => {
        for (const { entry, restoreKeys } of items) {
            entry.restored = await restoreOne(hubCache, entry, restoreKeys);
            logRestored(entry);
        }
    })));
}
// Stryker disable all: the log line's wording; what was restored is the entry's state, which tests check.
function logRestored(entry) {
    const what = entry.restored === 'exact'
        ? `exact hit (${entry.key})`
        : entry.restored === 'older'
            ? `restored ${entry.matchedKey}; only what changed is fetched`
            : 'no entry yet';
    (0,safe_text/* logInfo */.fH)(`Cache: ${label(entry)}: ${what}`);
}
// Stryker restore all
/** Entries a later step added in an earlier run of this scope, other than the listed repos' commits. */
function extrasOf(index, listed) {
    return index
        .filter(e => !e.listed)
        .filter(e => !listed.some(l => l.type === e.type && l.id === e.id && l.commit === e.commit))
        .map(e => ({ ...e, listed: false, restored: 'none' }));
}
const unavailable = () => core.warning('The GitHub Actions cache service is not available to this job (no ACTIONS_RESULTS_URL/ACTIONS_CACHE_URL): the Hugging Face cache is neither restored nor saved.', { title: 'Cache service unavailable' });


/***/ }),

/***/ 393:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fe: () => (/* binding */ restoreEntry),
/* harmony export */   jI: () => (/* binding */ cacheServiceAvailable)
/* harmony export */ });
/* unused harmony exports entryExists, saveEntry */
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6708);
/* harmony import */ var _shared_safe_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(580);
/**
 * The cache service, through `@actions/cache`: one stage folder a call (hub-cache/entry-stage.ts), restored in
 * main and saved in post, as setup-node does. A failing service is a warning, never a failed job.
 */


/**
 * `@actions/cache` is loaded when a run caches, not at start: with the Azure SDK it brings, it is most of the
 * bundle, and a run without caching should not pay for parsing it (it lands in a chunk of its own).
 */
const loadCache = () => Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(955), __webpack_require__.e(779), __webpack_require__.e(843)]).then(__webpack_require__.bind(__webpack_require__, 843));
async function cacheServiceAvailable() {
    return (await loadCache()).isFeatureAvailable();
}
/**
 * Restores the entry saved from `stage` under `key` (else the newest under a restore key) into `stage`. Never
 * throws: a failing cache service is a warning, and the job goes on without the entry.
 */
async function restoreEntry(stage, key, restoreKeys) {
    try {
        const cache = await loadCache();
        // The toolkit prints the key it matched as it is ("Cache hit for restore-key: …"), and a key is whatever
        // some job saved: no line of it may become a workflow command (safe-text.ts).
        const matchedKey = await (0,_shared_safe_text_js__WEBPACK_IMPORTED_MODULE_1__/* .withGuardedOutput */ .G$)(() => cache.restoreCache([stage], key, restoreKeys));
        return { matchedKey, hit: matchedKey === key };
    }
    catch (error) {
        (0,_shared_safe_text_js__WEBPACK_IMPORTED_MODULE_1__/* .annotate */ .fz)('warning', `Restoring the Hugging Face cache entry ${key} failed, continuing without it: ${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}`, 'Cache restore failed');
        return { hit: false };
    }
}
/** Whether the service holds `key` exactly (a lookup: nothing is downloaded). False when it cannot tell. */
async function entryExists(stage, key) {
    try {
        const cache = await loadCache();
        const found = await withGuardedOutput(() => cache.restoreCache([stage], key, [], { lookupOnly: true }));
        return found === key;
    }
    catch {
        return false;
    }
}
/** Never throws; whether the service stored the entry (the toolkit has said why when it did not). */
async function saveEntry(stage, key) {
    try {
        const cache = await loadCache();
        return (await withGuardedOutput(() => cache.saveCache([stage], key))) !== -1;
    }
    catch (error) {
        annotate('warning', `Saving the Hugging Face cache entry ${key} failed: ${errorMessage(error)}`, 'Cache save failed');
        return false;
    }
}


/***/ }),

/***/ 7544:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EP: () => (/* binding */ parseRepoFolder),
/* harmony export */   h$: () => (/* binding */ cachedCommits)
/* harmony export */ });
/* unused harmony exports snapshotFiles, cachedSnapshots */
/* harmony import */ var _shared_shape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3374);
/* harmony import */ var _shared_temp_name_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4309);
/* harmony import */ var _safe_tree_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7562);



const TYPES = { models: 'model', datasets: 'dataset', spaces: 'space' };
// huggingface_hub's repo id parts: word characters, '-' and '.', starting and ending with a word character.
const PART = /^(?=.{1,96}$)\w(?:[\w.-]*\w)?$/;
/** The type and id of a repo folder name (`models--owner--name`), or undefined for any other name. */
function parseRepoFolder(name) {
    const [plural, ...parts] = name.split('--');
    const type = TYPES[plural];
    if (!type || parts.length < 1 || parts.length > 2 || !parts.every(p => PART.test(p)))
        return undefined;
    return { type, id: parts.join('/') };
}
/** The files of one snapshot, sorted (empty when it is not a real folder). */
async function snapshotFiles(hubCache, folder, commit) {
    const found = await walk(hubCache, `${folder}/snapshots/${commit}`);
    return found
        .filter(f => f.kind !== 'dir' && !LEFTOVER.test(f.rel))
        .map(f => f.rel)
        .sort();
}
/** Every snapshot folder in the hub cache (`<repo folder>/<commit>`), without reading what it holds. */
async function cachedCommits(hubCache) {
    const out = [];
    for (const top of await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_1__/* .list */ .p_)(hubCache, '')) {
        if (top.kind !== 'dir' || !parseRepoFolder(top.name))
            continue;
        for (const snap of await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_1__/* .list */ .p_)(hubCache, `${top.name}/snapshots`))
            if (snap.kind === 'dir' && (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isHex40 */ .QO)(snap.name))
                out.push(`${top.name}/${snap.name}`);
    }
    return out;
}
/** Every snapshot in the hub cache with its files, repo folder by repo folder (empty snapshots left out). */
async function cachedSnapshots(hubCache) {
    const out = [];
    for (const at of await cachedCommits(hubCache)) {
        const [folder, commit] = at.split('/');
        const files = await snapshotFiles(hubCache, folder, commit);
        if (files.length)
            out.push({ folder, ...parseRepoFolder(folder), commit, files });
    }
    return out;
}


/***/ })

};
