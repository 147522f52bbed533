export const id = 100;
export const ids = [100];
export const modules = {

/***/ 3100:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  restoreForOffline: () => (/* binding */ restoreForOffline),
  restoreStep: () => (/* binding */ restoreStep)
});

// EXTERNAL MODULE: ./build/tsc/node_modules/@actions/core/lib/core.js + 10 modules
var lib_core = __webpack_require__(7783);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/tsc/shared/errors.js
var errors = __webpack_require__(6708);
// EXTERNAL MODULE: ./build/tsc/shared/temp-name.js
var temp_name = __webpack_require__(4309);
;// CONCATENATED MODULE: ./build/tsc/actions-cache/archive.js
/**
 * Restore and save the hub cache with `@actions/cache` (restore in main, save in post, as setup-node does).
 * The key is derived from the *resolved commits*, so it changes when a model is updated and not otherwise;
 * restore falls back to the newest cache of the same OS/arch, so only changed files are fetched.
 */






/**
 * What is archived: the repo folders, and Python's shared blob store (its marker, payloads and manifests, so a
 * restored repo blob that links into it does not dangle); never the token, `stored_tokens`, `.locks`, the
 * store's lock files or anything else in HF_HOME. The store is listed file by file, so that its lock files
 * and temporaries can be left out. (The patterns are part of the cache's version: they never depend on
 * what is on disk.)
 */
const ARCHIVED = [
    'models--*',
    'datasets--*',
    'spaces--*',
    'blobs/.huggingface-shared-blobs',
    'blobs/*/*',
    '!blobs/*/*.lock',
    '!blobs/*/*.soft',
    '!blobs/*/*.tmp'
];
function cachePaths(hubCache) {
    return ARCHIVED.map(glob => glob.startsWith('!') ? `!${external_node_path_.join(hubCache, glob.slice(1))}` : external_node_path_.join(hubCache, glob));
}
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
        const matchedKey = await cache.restoreCache(cachePaths(hubCache), key, restoreKeys);
        return { matchedKey, hit: matchedKey === key };
    }
    catch (error) {
        lib_core.warning(`Restoring the Hugging Face cache failed, continuing without it: ${(0,errors/* errorMessage */.gJ)(error)}`, {
            title: 'Cache restore failed'
        });
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
        core.warning(`Saving the Hugging Face cache failed: ${errorMessage(error)}`, {
            title: 'Cache save failed'
        });
        return false;
    }
}
/**
 * Another writer's temporary file (a job sharing this cache on a self-hosted runner, or Python) is in use
 * while it is being written; one untouched this long was left by a writer that died.
 */
const STALE_LEFTOVER_MS = (/* unused pure expression or super */ null && (10 * 60 * 1000));
async function walk(root, rel) {
    const items = await promises_.readdir(external_node_path_.join(root, rel), { withFileTypes: true }).catch(() => []);
    const out = [];
    for (const item of items.sort((a, b) => a.name.localeCompare(b.name))) {
        const childRel = `${rel}/${item.name}`;
        const full = external_node_path_.join(root, childRel);
        // Dirents describe the entry itself, so a linked folder is a link here and is never walked into.
        if (item.isDirectory()) {
            out.push({ rel: childRel, full, kind: 'dir', size: 0, mtimeMs: 0 }, ...(await walk(root, childRel)));
        }
        else if (item.isSymbolicLink()) {
            out.push({ rel: childRel, full, kind: 'link', size: 0, mtimeMs: 0, target: await promises_.readlink(full) });
        }
        else if (item.isFile()) {
            const stat = await promises_.lstat(full);
            out.push({ rel: childRel, full, kind: 'file', size: stat.size, mtimeMs: stat.mtimeMs });
        }
    }
    return out;
}
/** The folders archived: repos, and Python's shared blob store. */
const REPO_FOLDER = /^((models|datasets|spaces)--|blobs$)/;
/** Every entry of the archived repo folders, in a stable order, in one walk. */
async function scan(hubCache) {
    const items = await promises_.readdir(hubCache, { withFileTypes: true }).catch(() => []);
    const folders = items.filter(i => REPO_FOLDER.test(i.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
    const foreign = folders.filter(i => !i.isDirectory()).map(i => external_node_path_.join(hubCache, i.name));
    const walked = await Promise.all(folders.filter(i => i.isDirectory()).map(i => walk(hubCache, i.name)));
    return { entries: walked.flat(), foreign };
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
/** Bytes the archive would hold (blobs and copies; links count nothing). */
function sizeOf(entries) {
    return entries.reduce((total, entry) => total + entry.size, 0);
}
/** Whether a leftover may be deleted: main's own (by its pid in the name), or any writer's stale one. */
function removable(entry, ownPid, now) {
    if (entry.kind === 'dir' || !LEFTOVER.test(entry.rel))
        return false;
    if (ownPid !== undefined && writtenBy(entry.rel, ownPid))
        return true;
    return entry.kind === 'link' || now - entry.mtimeMs > STALE_LEFTOVER_MS;
}
/**
 * Deletes the leftovers among `entries` that no live writer uses, so nothing half-written is archived;
 * returns the rest (a leftover still in use is not fingerprinted).
 */
async function removeLeftovers(entries, ownPid) {
    const now = Date.now();
    const leftovers = new Set(entries.filter(e => removable(e, ownPid, now)));
    await Promise.all([...leftovers].map(e => fs.rm(e.full, { force: true })));
    return entries.filter(e => !leftovers.has(e));
}
/** Every archived entry: what restore brought and what was added since can be compared by this. */
async function cacheFingerprint(hubCache) {
    return fingerprintOf((await scan(hubCache)).entries);
}
/**
 * Post, before saving: one walk removes the leftovers, and repo "folders" that are links (a tampered
 * cache's way to make every later run write or delete elsewhere: the link is removed, never its target);
 * then fingerprints and sizes what remains.
 */
async function prepareSave(hubCache, ownPid) {
    const { entries, foreign } = await scan(hubCache);
    await Promise.all(foreign.map(link => fs.rm(link, { force: true })));
    const kept = await removeLeftovers(entries, ownPid);
    return { fingerprint: fingerprintOf(kept), size: sizeOf(kept), removedLinks: foreign };
}

// EXTERNAL MODULE: ./build/tsc/hub-cache/layout.js
var layout = __webpack_require__(378);
// EXTERNAL MODULE: ./build/tsc/hub-cache/shared-store.js
var shared_store = __webpack_require__(9681);
// EXTERNAL MODULE: ./build/tsc/shared/safe-fs.js
var safe_fs = __webpack_require__(9704);
// EXTERNAL MODULE: ./build/tsc/shared/shape.js
var shape = __webpack_require__(3374);
;// CONCATENATED MODULE: ./build/tsc/actions-cache/prune.js
/**
 * A saved cache holds what its key names: before saving, each listed repo loses the snapshots of commits other
 * than the one this run resolved (and the refs, listings and `.no_exist` markers of those commits), then the
 * blobs no remaining snapshot links to, then the payloads of Python's shared store that no remaining repo blob
 * links to (their manifests rewritten), as `hf cache rm`/`hf cache prune` would. Only what the action's own
 * restore brought is ever removed: main takes an inventory of a listed repo right after the restore, and a repo
 * folder (or the store) that was there before the restore, on a persistent self-hosted hf-home, is left whole.
 * Repos the job did not list, and whatever later steps added, are kept.
 */






async function names(dir) {
    return promises_.readdir(dir).catch(() => []);
}
/** Every file below `dir`, relative to it (`refs/pr/1` nests). */
async function filesBelow(dir, prefix = '') {
    const out = [];
    for (const item of await promises_.readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const rel = prefix ? `${prefix}/${item.name}` : item.name;
        if (item.isDirectory())
            out.push(...(await filesBelow(external_node_path_.join(dir, item.name), rel)));
        else
            out.push(rel);
    }
    return out;
}
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
/** What the restore brought into the folders that were absent before it (taken right after the restore). */
async function inventoryAfterRestore(hubCache, targets, absent) {
    const repos = [];
    for (const { spec, commit } of targets) {
        const folder = (0,layout/* repoFolderName */.IO)(spec.type, spec.id);
        if (!absent.has(folder))
            continue;
        const root = external_node_path_.join(hubCache, folder);
        repos.push({
            folder,
            commit,
            snapshots: await names(external_node_path_.join(root, 'snapshots')),
            blobs: await names(external_node_path_.join(root, 'blobs')),
            refs: await filesBelow(external_node_path_.join(root, 'refs'))
        });
    }
    const store = absent.has(shared_store/* STORE_DIR */.SF)
        ? (await filesBelow(external_node_path_.join(hubCache, shared_store/* STORE_DIR */.SF))).filter(n => (0,shape/* isHex64 */.mo)(external_node_path_.basename(n)))
        : undefined;
    return { repos, ...(store ? { store } : {}) };
}
/** The blob names the snapshots of a repo link to (or, without symlinks, nothing: copies hold no blob). */
async function linkedBlobs(root) {
    const linked = new Set();
    for (const commit of await names(path.join(root, 'snapshots'))) {
        for (const rel of await filesBelow(path.join(root, 'snapshots', commit))) {
            const target = await fs.readlink(path.join(root, 'snapshots', commit, rel)).catch(() => undefined);
            if (target !== undefined)
                linked.add(path.basename(target));
        }
    }
    return linked;
}
/** Removes what the restore brought and this run does not need (see the header). */
async function pruneRestored(hubCache, inventory) {
    const pruned = { revisions: 0, bytes: 0 };
    const size = async (file) => (await fs.lstat(file).catch(() => undefined))?.size ?? 0;
    const remove = async (file, counted = true) => {
        if (counted)
            pruned.bytes += await size(file);
        await fs.rm(file, { recursive: true, force: true });
    };
    for (const repo of inventory.repos) {
        const root = path.join(hubCache, repo.folder);
        const old = repo.snapshots.filter(commit => commit !== repo.commit);
        for (const commit of old) {
            await remove(path.join(root, 'snapshots', commit), false);
            await remove(path.join(root, 'trees', `${commit}.json`), false);
            await remove(path.join(root, '.no_exist', commit), false);
            pruned.revisions++;
        }
        for (const ref of repo.refs) {
            const file = path.join(root, 'refs', ...ref.split('/'));
            const points = (await fs.readFile(file, 'utf8').catch(() => '')).trim();
            if (old.includes(points))
                await remove(file, false);
        }
        const linked = await linkedBlobs(root);
        for (const blob of repo.blobs)
            if (!linked.has(blob))
                await remove(path.join(root, 'blobs', blob));
    }
    if (inventory.store)
        pruned.bytes += await pruneStore(hubCache, inventory.store);
    return pruned;
}
/**
 * Payloads the restore brought that no repo blob links to any more: removed with their manifest; the others'
 * manifests rewritten to the references that still hold, as Python's collector does.
 */
async function pruneStore(hubCache, restored) {
    let freed = 0;
    for (const rel of restored) {
        const entry = storeEntry(hubCache, path.basename(rel));
        const lines = (await fs.readFile(entry.manifest, 'utf8').catch(() => undefined))
            ?.split('\n')
            .filter(Boolean);
        if (!lines)
            continue; // no manifest: leak it rather than risk deleting what something links to
        const holding = [];
        for (const line of lines) {
            if (line.split('/').includes('..') || path.isAbsolute(line))
                continue;
            const linked = await linkedStoreEntry(hubCache, path.join(hubCache, ...line.split('/')));
            if (linked?.payload === entry.payload)
                holding.push(line);
        }
        if (holding.length === lines.length)
            continue;
        if (holding.length > 0) {
            const temp = `${entry.manifest}.${process.pid}.tmp`;
            await fs.writeFile(temp, holding.map(line => `${line}\n`).join(''), { flag: 'wx', mode: 0o666 });
            await fs.rename(temp, entry.manifest);
            continue;
        }
        freed += (await fs.lstat(entry.payload).catch(() => undefined))?.size ?? 0;
        await fs.rm(entry.payload, { force: true });
        await fs.rm(entry.manifest, { force: true });
    }
    return freed;
}

// EXTERNAL MODULE: ./build/tsc/shared/safe-text.js
var safe_text = __webpack_require__(580);
;// CONCATENATED MODULE: ./build/tsc/actions-cache/restore.js
/** The main step's half of caching: compute the key and restore (or, with the Hub down, fall back). */





/** Restores the newest cache for the repos' commits, or an older one of this OS/arch by prefix. */
async function restoreStep(inputs, granted) {
    const key = inputs.cacheKey || computeCacheKey(granted);
    lib_core.setOutput('cache-key', key);
    lib_core.setOutput('cache-hit', 'false');
    lib_core.setOutput('cache-matched-key', '');
    if (!(await cacheServiceAvailable())) {
        lib_core.warning('The GitHub Actions cache service is not available to this job (no ACTIONS_RESULTS_URL/ACTIONS_CACHE_URL): the Hugging Face cache is neither restored nor saved.', { title: 'Cache service unavailable' });
        return { report: { key, hit: false, note: 'cache service unavailable' } };
    }
    // Any older cache of this OS/arch is a good start: blobs are content-addressed, only new ones are fetched.
    const targets = granted.flatMap(s => (s.commit ? [{ spec: s.spec, commit: s.commit }] : []));
    const absent = await absentBeforeRestore(inputs.hubCache, targets);
    const restored = await restoreHubCache(inputs.hubCache, key, [keyPrefix()]);
    lib_core.setOutput('cache-hit', restored.hit ? 'true' : 'false');
    lib_core.setOutput('cache-matched-key', restored.matchedKey ?? '');
    if (restored.hit)
        lib_core.info(`Cache hit: ${key}`);
    else if (restored.matchedKey) {
        lib_core.info(`Restored an older cache (${restored.matchedKey}); only changed files will be fetched.`);
    }
    else
        lib_core.info(`No cache for ${key} yet; it will be saved at the end of the job.`);
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
    lib_core.warning(`The Hub could not be reached (${(0,safe_text/* safeText */.Hk)(cause.message)}). The cache ${restored.matchedKey} holds every listed repo, so later steps run offline (HF_HUB_OFFLINE=1).`, { title: 'Hugging Face Hub unreachable: using the cache' });
    lib_core.exportVariable('HF_HUB_OFFLINE', '1');
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
