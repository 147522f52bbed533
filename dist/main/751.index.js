export const id = 751;
export const ids = [751];
export const modules = {

/***/ 3751:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  restoreForOffline: () => (/* binding */ restoreForOffline),
  restoreStep: () => (/* binding */ restoreStep)
});

// EXTERNAL MODULE: ./build/tsc/node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7783);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/tsc/shared/temp-name.js
var temp_name = __webpack_require__(4309);
// EXTERNAL MODULE: ./build/tsc/hub-cache/safe-tree.js
var safe_tree = __webpack_require__(7562);
// EXTERNAL MODULE: ./build/tsc/hub-cache/shared-store.js + 1 modules
var shared_store = __webpack_require__(1765);
;// CONCATENATED MODULE: ./build/tsc/hub-cache/archived.js
/**
 * What of the hub cache goes into a saved cache, and getting it ready: the repo folders and Python's shared
 * store, walked with safe-tree.ts (no link followed). Before a save, what no tool of the ecosystem makes is
 * removed — a link where Python never makes one (a repo folder, `blobs/`, `snapshots/<commit>`, a ref …: a
 * restored one would send a later run's reads and deletes to its target), a FIFO, socket or device (a restored
 * one would block whoever opens it) — and so are the temporary files no live writer uses, so nothing
 * half-written is archived. A link is removed itself, never its target.
 */





/**
 * Patterns of what is archived, relative to the hub cache: the repo folders, and Python's shared blob store
 * (its marker, payloads and manifests, so a restored repo blob that links into it does not dangle); never the
 * token, `stored_tokens`, `.locks`, the store's lock files or anything else in HF_HOME. The store is listed
 * file by file, so that its lock files and temporaries can be left out. (The patterns are part of the cache's
 * version: they never depend on what is on disk.)
 */
const ARCHIVED = [
    'models--*',
    'datasets--*',
    'spaces--*',
    `${shared_store/* STORE_DIR */.SF}/${shared_store/* STORE_MARKER */.vf}`,
    `${shared_store/* STORE_DIR */.SF}/*/*`,
    `!${shared_store/* STORE_DIR */.SF}/*/*.lock`,
    `!${shared_store/* STORE_DIR */.SF}/*/*.soft`,
    `!${shared_store/* STORE_DIR */.SF}/*/*.tmp`
];
/** The folders archived: repos, and Python's shared blob store. */
const ARCHIVED_FOLDER = new RegExp(`^((models|datasets|spaces)--.+|${shared_store/* STORE_DIR */.SF})$`);
/**
 * Another writer's temporary file (a job sharing this cache on a self-hosted runner, or Python) is in use
 * while it is being written; one untouched this long was left by a writer that died.
 */
const STALE_LEFTOVER_MS = (/* unused pure expression or super */ null && (10 * 60 * 1000));
/** Why an entry of an archived folder is no tool's own, or undefined when it may be. */
function foreignReason(found) {
    if (found.kind === 'special')
        return 'it is a FIFO, socket or device, which no hub cache holds';
    if (found.kind !== 'link')
        return undefined;
    const parts = found.rel.split('/');
    // Python's links: a snapshot's files (snapshots/<commit>/<path>) and a repo blob linking into the store.
    if (parts[0] !== STORE_DIR && parts[1] === 'snapshots' && parts.length >= 4)
        return undefined;
    if (parts[0] !== STORE_DIR && parts[1] === 'blobs' && parts.length === 3)
        return undefined;
    return 'it is a link where the hub cache holds none (it would send reads and deletes to its target)';
}
/** Every entry of the archived folders, in a stable order (a top-level one that is not a folder included). */
async function scan(hubCache) {
    const root = external_node_path_.resolve(hubCache);
    const out = [];
    for (const top of await (0,safe_tree/* list */.p_)(root, '')) {
        if (!ARCHIVED_FOLDER.test(top.name))
            continue;
        if (top.kind !== 'dir') {
            out.push({ rel: top.name, full: external_node_path_.join(root, top.name), kind: top.kind, size: 0, mtimeMs: 0 });
            continue;
        }
        for (const found of await (0,safe_tree/* walk */.GG)(root, top.name))
            out.push({ ...found, rel: `${top.name}/${found.rel}` });
    }
    return out;
}
/**
 * Removes what no tool makes from the archived folders (see the header), first of all, before anything else
 * walks them: a top-level repo folder that is not a folder, links where Python makes none, special files.
 */
async function removeForeign(hubCache) {
    const root = path.resolve(hubCache);
    const removed = [];
    for (const found of await scan(root)) {
        const why = found.rel.includes('/') || found.kind === 'special'
            ? foreignReason(found)
            : found.kind !== 'dir'
                ? `a ${found.rel === STORE_DIR ? 'store' : 'repo'} folder of the hub cache must be a folder, not a ${found.kind === 'link' ? 'link' : 'file'}`
                : undefined;
        if (!why)
            continue;
        await remove(root, found.full);
        removed.push({ rel: found.rel, kind: found.kind, why });
    }
    return removed;
}
function fingerprintOf(entries) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const entry of entries) {
        if (entry.kind === 'dir' || temp_name/* LEFTOVER */.oy.test(entry.rel))
            continue;
        hash.update(`${entry.rel}\t${entry.kind}\t${entry.target ?? entry.size}\n`);
    }
    return hash.digest('hex');
}
/** Whether a leftover may be deleted: main's own (by its pid in the name), or any writer's stale one. */
function removable(entry, ownPid, now) {
    if (entry.kind === 'dir' || !LEFTOVER.test(entry.rel))
        return false;
    if (ownPid !== undefined && writtenBy(entry.rel, ownPid))
        return true;
    return entry.kind !== 'file' || now - entry.mtimeMs > STALE_LEFTOVER_MS;
}
/** Every archived entry: what restore brought and what was added since can be compared by this. */
async function cacheFingerprint(hubCache) {
    return fingerprintOf(await scan(hubCache));
}
/**
 * Before saving (after removeForeign and the prune): removes the leftovers no live writer uses, then
 * fingerprints and sizes what remains (bytes of regular files: links count nothing).
 */
async function readyToArchive(hubCache, ownPid) {
    const root = path.resolve(hubCache);
    const now = Date.now();
    const kept = [];
    for (const entry of await scan(root)) {
        if (removable(entry, ownPid, now))
            await remove(root, entry.full);
        else
            kept.push(entry);
    }
    return { fingerprint: fingerprintOf(kept), size: kept.reduce((total, e) => total + e.size, 0) };
}

;// CONCATENATED MODULE: ./build/tsc/actions-cache/keys.js
/**
 * Cache keys: derived from the *resolved commits*, so a key changes when a model is updated and not otherwise;
 * the prefix (OS and architecture: links do not survive another OS) finds the newest older entry, so only
 * changed files are fetched.
 */

/** `hf-hub-<os>-<arch>-`: the restore prefix. */
function keyPrefix(env = process.env) {
    const os = env.RUNNER_OS || process.platform;
    const arch = env.RUNNER_ARCH || process.arch;
    return `hf-hub-${os}-${arch}-`;
}
/** `hf-hub-<os>-<arch>-<hash of each repo's type, id, resolved commit and globs>`; order-independent. */
function computeCacheKey(repos, env = process.env) {
    const lines = repos
        .filter(r => r.commit)
        .map(r => [r.spec.type, r.spec.id, r.commit, [...r.spec.globs].sort().join(' ')].join('\t'))
        .sort();
    const hash = (0,external_node_crypto_.createHash)('sha256').update(lines.join('\n')).digest('hex').slice(0, 32);
    return `${keyPrefix(env)}${hash}`;
}
/** `<key>-partial-<run>-<attempt>`: unique per run (entries are immutable), and found by the key as a prefix. */
function partialKey(key, env = process.env) {
    return `${key}-partial-${env.GITHUB_RUN_ID || Date.now()}-${env.GITHUB_RUN_ATTEMPT || 1}`;
}

// EXTERNAL MODULE: ./build/tsc/shared/errors.js
var errors = __webpack_require__(6708);
// EXTERNAL MODULE: ./build/tsc/shared/safe-text.js
var safe_text = __webpack_require__(580);
;// CONCATENATED MODULE: ./build/tsc/actions-cache/service.js
/**
 * The cache service, through `@actions/cache`: restore (main) and save (post) of the hub cache's archived
 * paths, as setup-node does. A failing service is a warning, never a failed job.
 */




/** The paths `@actions/cache` archives: the hub cache's archived patterns, absolute. */
function cachePaths(hubCache) {
    return ARCHIVED.map(glob => glob.startsWith('!') ? `!${external_node_path_.join(hubCache, glob.slice(1))}` : external_node_path_.join(hubCache, glob));
}
/**
 * `@actions/cache` is loaded when a run caches, not at start: with the Azure SDK it brings, it is most of the
 * bundle, and a run without caching should not pay for parsing it (it lands in a chunk of its own).
 */
const loadCache = () => Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(955), __webpack_require__.e(779), __webpack_require__.e(843)]).then(__webpack_require__.bind(__webpack_require__, 843));
async function cacheServiceAvailable() {
    return (await loadCache()).isFeatureAvailable();
}
/** Never throws: a failing cache service is a warning, and the job goes on without a cache. */
async function restoreHubCache(hubCache, key, restoreKeys) {
    try {
        const cache = await loadCache();
        // The toolkit prints the key it matched as it is ("Cache hit for restore-key: …"), and a key is whatever
        // some job saved: no line of it may become a workflow command (safe-text.ts).
        const matchedKey = await (0,safe_text/* withGuardedOutput */.G$)(() => cache.restoreCache(cachePaths(hubCache), key, restoreKeys));
        return { matchedKey, hit: matchedKey === key };
    }
    catch (error) {
        (0,safe_text/* annotate */.fz)('warning', `Restoring the Hugging Face cache failed, continuing without it: ${(0,errors/* errorMessage */.gJ)(error)}`, 'Cache restore failed');
        return { hit: false };
    }
}
/** Never throws; returns whether a cache entry was written. */
async function saveHubCache(hubCache, key) {
    try {
        const cache = await loadCache();
        const id = await cache.saveCache(cachePaths(hubCache), key);
        return id !== -1;
    }
    catch (error) {
        annotate('warning', `Saving the Hugging Face cache failed: ${errorMessage(error)}`, 'Cache save failed');
        return false;
    }
}

// EXTERNAL MODULE: ./build/tsc/hub-cache/layout.js
var layout = __webpack_require__(378);
// EXTERNAL MODULE: ./build/tsc/shared/safe-fs.js
var safe_fs = __webpack_require__(9704);
// EXTERNAL MODULE: ./build/tsc/shared/shape.js
var shape = __webpack_require__(3374);
// EXTERNAL MODULE: ./build/tsc/hub-cache/path-safety.js
var path_safety = __webpack_require__(2054);
;// CONCATENATED MODULE: ./build/tsc/hub-cache/prune.js
/**
 * A saved cache holds what its key names: before saving, each listed repo loses the snapshots of commits other
 * than the one this run resolved (and the refs, listings and `.no_exist` markers of those commits), then the
 * blobs no remaining snapshot links to, then the payloads of Python's shared store that no remaining repo blob
 * links to (their manifests rewritten, under the hash's lock as Python's collector does), as `hf cache rm`/
 * `hf cache prune` would. Only what the action's own restore brought is ever removed: main takes an inventory
 * of a listed repo right after the restore, and a repo folder (or the store) that was there before the
 * restore, on a persistent self-hosted hf-home, is left whole. Repos the job did not list, and whatever later
 * steps added, are kept.
 *
 * Everything goes through safe-tree.ts: an inventory holds only names of the shape they must have (commits
 * 40-hex, blobs 40/64-hex, payloads 64-hex in their 2-hex folder), and nothing is read or removed through a
 * folder that is a link.
 */







/** Which folders the restore is about to fill that are not there yet (taken before the restore). */
async function absentBeforeRestore(hubCache, targets) {
    const absent = new Set();
    for (const { spec } of targets) {
        const folder = (0,layout/* repoFolderName */.IO)(spec.type, spec.id);
        if (!(await (0,safe_fs/* pathExists */.s0)(external_node_path_.join(hubCache, folder))))
            absent.add(folder);
    }
    if (!(await (0,safe_fs/* pathExists */.s0)(external_node_path_.join(hubCache, shared_store/* STORE_DIR */.SF))))
        absent.add(shared_store/* STORE_DIR */.SF);
    return absent;
}
const isBlobName = (name) => (0,shape/* isHex40 */.QO)(name) || (0,shape/* isHex64 */.mo)(name);
/** Real folders of a commit's name in `snapshots/`. */
async function snapshotCommits(root, folder) {
    const found = await (0,safe_tree/* list */.p_)(root, `${folder}/snapshots`);
    return found.filter(f => f.kind === 'dir' && (0,shape/* isHex40 */.QO)(f.name)).map(f => f.name);
}
/** The payloads in the store: regular files named by a 64-hex hash in the 2-hex folder it starts with. */
async function storePayloads(hubCache) {
    return (await (0,safe_tree/* walk */.GG)(hubCache, shared_store/* STORE_DIR */.SF))
        .filter(f => f.kind === 'file' && /^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(f.rel))
        .filter(f => f.rel.slice(0, 2) === f.rel.slice(3, 5))
        .map(f => f.rel);
}
/** What the restore brought into the folders that were absent before it (taken right after the restore). */
async function inventoryAfterRestore(hubCache, targets, absent) {
    const root = external_node_path_.resolve(hubCache);
    const repos = [];
    for (const { spec, commit } of targets) {
        const folder = (0,layout/* repoFolderName */.IO)(spec.type, spec.id);
        if (!absent.has(folder))
            continue;
        const blobs = await (0,safe_tree/* list */.p_)(root, `${folder}/blobs`);
        const refs = await (0,safe_tree/* walk */.GG)(root, `${folder}/refs`);
        repos.push({
            folder,
            commit,
            snapshots: await snapshotCommits(root, folder),
            blobs: blobs.filter(b => b.kind !== 'dir' && isBlobName(b.name)).map(b => b.name),
            refs: refs.filter(r => r.kind === 'file' && !(0,path_safety/* unsafeReason */.Bf)(r.rel)).map(r => r.rel)
        });
    }
    const store = absent.has(shared_store/* STORE_DIR */.SF) ? await storePayloads(root) : undefined;
    return { repos, ...(store ? { store } : {}) };
}
/** The blob names the snapshots of a repo link to (or, without symlinks, nothing: copies hold no blob). */
async function linkedBlobs(root, folder) {
    const linked = new Set();
    for (const found of await walk(root, `${folder}/snapshots`)) {
        if (found.kind === 'link' && found.target)
            linked.add(path.basename(found.target));
    }
    return linked;
}
/** Removes what the restore brought and this run does not need (see the header). */
async function pruneRestored(hubCache, inventory, options = {}) {
    const root = path.resolve(hubCache);
    const pruned = { revisions: 0, bytes: 0, locked: 0 };
    for (const repo of inventory.repos) {
        const at = (...parts) => path.join(root, repo.folder, ...parts);
        const old = repo.snapshots.filter(commit => commit !== repo.commit && isHex40(commit));
        for (const commit of old) {
            await remove(root, at('snapshots', commit));
            await remove(root, at('trees', `${commit}.json`));
            await remove(root, at('.no_exist', commit));
            pruned.revisions++;
        }
        for (const ref of repo.refs.filter(r => !unsafeReason(r))) {
            const file = at('refs', ...ref.split('/'));
            const points = (await read(root, file, 1024))?.trim();
            if (points !== undefined && old.includes(points))
                await remove(root, file);
        }
        const linked = await linkedBlobs(root, repo.folder);
        for (const blob of repo.blobs.filter(isBlobName)) {
            if (!linked.has(blob))
                pruned.bytes += await remove(root, at('blobs', blob));
        }
    }
    if (inventory.store) {
        const store = await pruneStore(root, inventory.store, options.lockWaitSeconds);
        pruned.bytes += store.bytes;
        pruned.locked += store.locked;
    }
    return pruned;
}
/**
 * Payloads the restore brought that no repo blob links to any more: removed with their manifest; the others'
 * manifests rewritten to the references that still hold. Each under the hash's lock, as Python's collector
 * does: a writer holding it may have written its reference and not yet made its link. A lock held too long
 * leaves the entry as it is.
 */
async function pruneStore(root, restored, lockWaitSeconds) {
    let bytes = 0;
    let locked = 0;
    for (const rel of restored) {
        const xetHash = path.basename(rel);
        if (!isHex64(xetHash))
            continue;
        const entry = storeEntry(root, xetHash);
        const done = await underEntryLock(entry, async () => {
            const text = await read(root, entry.manifest);
            if (text === undefined)
                return 0; // no manifest: leak it rather than risk deleting what something links to
            const lines = text.split('\n').filter(Boolean);
            const holding = [];
            for (const line of lines) {
                if (unsafeReason(line))
                    continue;
                const linked = await linkedStoreEntry(root, path.join(root, ...line.split('/')));
                if (linked?.payload === entry.payload)
                    holding.push(line);
            }
            if (holding.length === lines.length)
                return 0;
            if (holding.length > 0) {
                const content = holding.map(line => `${line}\n`).join('');
                await replaceAtomically(entry.manifest, temp => writeExclusive(temp, content));
                return 0;
            }
            const freed = await remove(root, entry.payload);
            await remove(root, entry.manifest);
            return freed;
        }, lockWaitSeconds);
        if (done === undefined)
            locked++;
        else
            bytes += done;
    }
    return { bytes, locked };
}

;// CONCATENATED MODULE: ./build/tsc/actions-cache/restore.js
/** The main step's half of caching: compute the key and restore (or, with the Hub down, fall back). */







/** Restores the newest cache for the repos' commits, or an older one of this OS/arch by prefix. */
async function restoreStep(inputs, granted) {
    const key = inputs.cacheKey || computeCacheKey(granted);
    core.setOutput('cache-key', key);
    core.setOutput('cache-hit', 'false');
    core.setOutput('cache-matched-key', '');
    if (!(await cacheServiceAvailable())) {
        core.warning('The GitHub Actions cache service is not available to this job (no ACTIONS_RESULTS_URL/ACTIONS_CACHE_URL): the Hugging Face cache is neither restored nor saved.', { title: 'Cache service unavailable' });
        return { report: { key, hit: false, note: 'cache service unavailable' } };
    }
    // Any older cache of this OS/arch is a good start: blobs are content-addressed, only new ones are fetched.
    const targets = granted.flatMap(s => (s.commit ? [{ spec: s.spec, commit: s.commit }] : []));
    const absent = await absentBeforeRestore(inputs.hubCache, targets);
    const restored = await restoreHubCache(inputs.hubCache, key, [keyPrefix()]);
    core.setOutput('cache-hit', restored.hit ? 'true' : 'false');
    core.setOutput('cache-matched-key', restored.matchedKey ?? '');
    if (restored.hit)
        (0,safe_text/* logInfo */.fH)(`Cache hit: ${key}`);
    else if (restored.matchedKey) {
        (0,safe_text/* logInfo */.fH)(`Restored an older cache (${restored.matchedKey}); only changed files will be fetched.`);
    }
    else
        (0,safe_text/* logInfo */.fH)(`No cache for ${key} yet; it will be saved at the end of the job.`);
    return {
        report: { key, matchedKey: restored.matchedKey, hit: restored.hit },
        state: {
            hubCache: inputs.hubCache,
            key,
            hit: restored.hit,
            fingerprint: await cacheFingerprint(inputs.hubCache),
            save: inputs.saveCache,
            // With a pre-warm to come, the cache is complete only once it finished (main sets it then).
            complete: !inputs.download,
            pid: process.pid,
            restored: await inventoryAfterRestore(inputs.hubCache, targets, absent)
        }
    };
}
/**
 * The Hub is down: restore the newest cache of this OS/arch and, when it holds every listed repo at its
 * revision, let later steps run offline. Undefined when the cache cannot stand in for the Hub (then the step
 * fails with the Hub's error).
 */
async function restoreForOffline(inputs, specs, cause) {
    if (!(await cacheServiceAvailable()))
        return undefined;
    const prefix = keyPrefix();
    const key = inputs.cacheKey || `${prefix}unreachable`;
    const restored = await restoreHubCache(inputs.hubCache, key, [prefix]);
    if (!restored.matchedKey)
        return undefined;
    const commits = [];
    for (const spec of specs) {
        const commit = await offlineCommit(inputs.hubCache, spec);
        if (!commit)
            return undefined;
        commits.push(commit);
    }
    core.warning(`The Hub could not be reached (${(0,safe_text/* safeText */.Hk)(cause.message)}). The cache ${(0,safe_text/* safeText */.Hk)(restored.matchedKey)} holds every listed repo, so later steps run offline (HF_HUB_OFFLINE=1).`, { title: 'Hugging Face Hub unreachable: using the cache' });
    core.exportVariable('HF_HUB_OFFLINE', '1');
    return {
        report: {
            key,
            matchedKey: restored.matchedKey,
            hit: false,
            note: `Hub unreachable: restored ${restored.matchedKey}`
        },
        commits
    };
}
/**
 * The commit a repo's revision has in the cache, with its snapshot checked against the cache's own listing
 * (`trees/<commit>.json`): with the Hub down there is nothing better to check against, but entries that
 * point elsewhere or at a blob whose content does not match its name are still removed. Undefined when the
 * cache does not hold the repo, or holds no listing to check it with.
 */
async function offlineCommit(hubCache, spec) {
    const repo = new layout/* RepoCacheDir */.y6(hubCache, spec.type, spec.id);
    const commit = await repo.cachedCommit(spec.revision);
    const tree = commit && (await repo.readTree(commit));
    if (!commit || !tree)
        return undefined;
    await repo.pruneSnapshot(commit, (0,layout/* blobsByPath */.HP)(tree));
    return commit;
}


/***/ })

};
