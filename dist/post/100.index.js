export const id = 100;
export const ids = [100];
export const modules = {

/***/ 8100:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CacheSaver: () => (/* binding */ CacheSaver)
});

// UNUSED EXPORTS: SAVES_AT_ONCE

// EXTERNAL MODULE: ./build/tsc/node_modules/@actions/core/lib/core.js + 11 modules
var core = __webpack_require__(1163);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/tsc/hub-cache/layout.js + 1 modules
var layout = __webpack_require__(9962);
// EXTERNAL MODULE: ./build/tsc/hub-cache/leftovers.js
var leftovers = __webpack_require__(7986);
// EXTERNAL MODULE: ./build/tsc/hub-cache/repo-folders.js
var repo_folders = __webpack_require__(7544);
// EXTERNAL MODULE: ./build/tsc/hub-cache/safe-tree.js
var safe_tree = __webpack_require__(7562);
// EXTERNAL MODULE: ./build/tsc/hub-cache/shared-store.js + 1 modules
var shared_store = __webpack_require__(1765);
;// CONCATENATED MODULE: ./build/tsc/hub-cache/archived.js
/**
 * The hub cache made ready for post to stage entries from it: the repo folders and Python's shared store,
 * walked with safe-tree.ts (no link followed). Before a save, what no tool of the ecosystem makes is
 * removed — a link where Python never makes one (a repo folder, `blobs/`, `snapshots/<commit>`, a ref …: a
 * restored one would send a later run's reads and deletes to its target), a FIFO, socket or device (a restored
 * one would block whoever opens it) — and so are the temporary files no live writer uses, so nothing
 * half-written is staged or left for a later run. A link is removed itself, never its target.
 */






/** The folders entries are staged from: repos, and Python's shared blob store. */
const ARCHIVED_FOLDER = new RegExp(`^((models|datasets|spaces)--.+|${shared_store/* STORE_DIR */.SF})$`);
/** Why an entry below an archived folder's top is no tool's own (a link or a special file), or undefined. */
function whyForeignBelowTop(found) {
    if (found.kind === 'special')
        return 'it is a FIFO, socket or device, which no hub cache holds';
    if (found.kind !== 'link')
        return undefined;
    const parts = found.rel.split('/');
    // Python's links: a snapshot's files (snapshots/<commit>/<path>) and a repo blob linking into the store.
    if (parts[0] !== shared_store/* STORE_DIR */.SF && parts[1] === 'snapshots' && parts.length >= 4)
        return undefined;
    if (parts[0] !== shared_store/* STORE_DIR */.SF && parts[1] === 'blobs' && parts.length === 3)
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
/** Why an entry must go before a save (see the header), or undefined when it may stay. */
function whyForeign(found) {
    if (found.rel.includes('/') || found.kind === 'special')
        return whyForeignBelowTop(found);
    if (found.kind === 'dir')
        return undefined;
    const folder = found.rel === shared_store/* STORE_DIR */.SF ? 'store' : 'repo';
    return `a ${folder} folder of the hub cache must be a folder, not a ${found.kind === 'link' ? 'link' : 'file'}`;
}
/**
 * Readies the hub cache for post to stage entries from it, in one walk: what no tool makes goes (see the
 * header), and so do the leftovers no live writer uses, so nothing half-written stays where a later run would
 * find it. (Nothing below a removed entry was walked: a link is never entered.)
 */
async function cleanForSave(hubCache, ownPid) {
    const root = external_node_path_.resolve(hubCache);
    const now = Date.now();
    const cleaned = { foreign: [], leftovers: 0 };
    for (const found of await scan(root)) {
        const why = whyForeign(found);
        if (why)
            cleaned.foreign.push({ rel: found.rel, kind: found.kind, why });
        else if ((0,leftovers/* leftoverRemovable */.r)(found, now, ownPid))
            cleaned.leftovers++;
        else
            continue;
        await (0,safe_tree/* remove */.TF)(root, found.full);
    }
    return cleaned;
}
/**
 * The hub cache readied for post in one pass: cleaned (cleanForSave, main's leftovers by `mainPid`), then its
 * snapshots other than those `before` names (`<repo folder>/<commit>`, as after main's restore) and those of
 * the `listed` repos' commits.
 */
async function readyForSave(hubCache, mainPid, before, listed) {
    const removed = (await cleanForSave(hubCache, mainPid)).foreign;
    const known = new Set([...before, ...listed.map(e => `${(0,layout/* repoFolderName */.IO)(e.type, e.id)}/${e.commit}`)]);
    const added = (await (0,repo_folders/* cachedSnapshots */.Ut)(hubCache)).filter(s => !known.has(`${s.folder}/${s.commit}`));
    return { removed, added };
}

// EXTERNAL MODULE: ./build/tsc/hub-cache/entry-stage.js
var entry_stage = __webpack_require__(5889);
;// CONCATENATED MODULE: ./build/tsc/shared/format.js
/** The first `shown` of `names`, then how many more: a warning names a few and counts the rest. */
function format_namedFew(names, shown) {
    const more = names.length > shown ? ` and ${names.length - shown} more` : '';
    return `${names.slice(0, shown).join(', ')}${more}`;
}
/** Human sizes for log lines and the summary: decimal units, as the Hub's pages show them. */
function formatBytes(bytes) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit++;
    }
    return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

// EXTERNAL MODULE: ./build/tsc/shared/safe-text.js
var safe_text = __webpack_require__(580);
// EXTERNAL MODULE: ./build/tsc/actions-cache/index-file.js
var index_file = __webpack_require__(3693);
// EXTERNAL MODULE: ./build/tsc/actions-cache/keys.js
var keys = __webpack_require__(9296);
// EXTERNAL MODULE: ./build/tsc/hub/repo-spec.js
var repo_spec = __webpack_require__(8717);
// EXTERNAL MODULE: ./build/tsc/hub-cache/entry-archive.js
var entry_archive = __webpack_require__(3817);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./build/tsc/shared/safe-fs.js
var safe_fs = __webpack_require__(9704);
// EXTERNAL MODULE: ./build/tsc/hub-cache/blob-hash.js + 1 modules
var blob_hash = __webpack_require__(6692);
// EXTERNAL MODULE: ./build/tsc/hub-cache/path-safety.js
var path_safety = __webpack_require__(2054);
;// CONCATENATED MODULE: ./build/tsc/hub-cache/entry-merge.js
/**
 * A restored entry's stage (entry-stage.ts) merged into the hub cache. The stage came from the cache service,
 * and any job of the repository's default branch can write any entry, so nothing in it is trusted: only the one
 * repo folder it is for is read, only names of Python's shapes are taken (40/64-hex blobs and commits, refs
 * holding a commit, listings Python's reader accepts), each blob is hashed against its name before it becomes
 * visible, and nothing already in the hub cache is replaced (a persistent hf-home keeps what it had). Links in
 * the stage are read, never followed.
 *
 * What is taken depends on what the entry is (MergeScope): of the entry of the commit its key names, that
 * commit's snapshot, the refs naming it, its listing and its `.no_exist` markers — never another commit's; of
 * another commit's or selection's entry, only its content-addressed blobs. With the Hub's listing of the
 * commit, the snapshot is then made to match it, the Hub's listing replaces the entry's, and no marker names a
 * file it lists; a payload enters Python's shared store only under the Xet hash the Hub gives for its blob.
 */











/** More `.no_exist` markers than one commit of an honest entry has; the rest are left out. */
const MAX_MARKERS = 1_000;
/** The store payload a restored repo blob links to (`../../blobs/<2 hex>/<64 hex>` exactly), or undefined. */
function stagedPayload(stage, found) {
    const target = found.target ?? '';
    const xetHash = path.basename(target);
    const expected = path.relative(path.dirname(found.full), storeEntry(stage, xetHash).payload);
    return target === expected ? storeEntry(stage, xetHash).payload : undefined;
}
/** Merges the stage's `<type>s--owner--name` into the hub cache (see the header). */
async function entry_merge_mergeStage(hubCache, stage, type, id, scope = {}) {
    const repo = new RepoCacheDir(hubCache, type, id);
    const folder = path.basename(repo.root);
    const merged = { blobs: 0, refused: [], removed: [] };
    // Only the Hub's word names a payload in Python's shared store: etag → Xet hash of the commit's listing.
    const xetHashes = new Map((scope.hubListing ?? []).flatMap(e => (e.xetHash ? [[e.lfsSha256 ?? e.blobId, e.xetHash]] : [])));
    for (const found of await walk(stage, `${folder}/blobs`)) {
        if (found.kind === 'dir' || !isBlobName(found.rel))
            continue;
        if (await adopt(hubCache, stage, repo, found, xetHashes))
            merged.blobs++;
        else
            merged.refused.push(found.rel);
    }
    const { commit, hubListing } = scope;
    if (!isHex40(commit))
        return merged;
    // The stage is a hub cache of its one repo: its listings are read as the hub cache's are.
    const staged = new RepoCacheDir(stage, type, id);
    merged.refused.push(...(await mergeSnapshot(stage, staged, repo, folder, commit)));
    await mergeSmallFiles(stage, staged, repo, folder, commit);
    if (hubListing) {
        merged.removed = await repo.pruneSnapshot(commit, blobsByPath(hubListing));
        await repo.writeTree(commit, hubListing);
        await repo.unmarkListed(commit, hubListing);
    }
    return merged;
}
/**
 * One blob: a regular file, or a link into the stage's store with the payload it links to — placed in Python's
 * store only when the Hub's listing gives that Xet hash for this blob, else kept as a plain blob of the repo.
 */
async function adopt(hubCache, stage, repo, found, xetHashes) {
    const etag = found.rel;
    if (found.kind === 'file')
        return repo.adoptBlob(etag, found.full);
    const payload = found.kind === 'link' ? stagedPayload(stage, found) : undefined;
    if (!payload)
        return false;
    if (await repo.hasBlob(etag))
        return true;
    if ((await blobDigest(payload, etag)) !== etag)
        return false;
    // Python's store off (HF_HUB_DISABLE_SHARED_BLOBS), or another tool's blobs/: the blob as a regular file.
    await repo.makeDir(path.dirname(repo.blobPath(etag)));
    const xetHash = path.basename(payload);
    const trusted = xetHashes.get(etag) === xetHash;
    if (trusted &&
        sharedBlobsEnabled() &&
        (await adoptIntoStore(hubCache, repo.blobPath(etag), payload, xetHash, etag))) {
        await RepoCacheDir.remember(storeEntry(hubCache, xetHash).payload);
        return true;
    }
    if (!(await pathExists(payload)))
        return repo.hasBlob(etag);
    return repo.adoptBlob(etag, payload);
}
/**
 * The commit's snapshot links of Python's shape to a blob now in the hub cache, and (without symlinks) snapshot
 * files whose content hashes to what the entry's listing names, where the hub cache has no entry yet. Returns
 * the files refused.
 */
async function mergeSnapshot(stage, staged, repo, folder, commit) {
    const stageFolder = path.join(stage, folder);
    let listing;
    const refused = [];
    for (const found of await walk(stage, `${folder}/snapshots/${commit}`)) {
        const relPath = found.rel;
        // An honest stage holds no temporary file (entry-stage.ts stages none): one here is nobody's to take.
        if (found.kind === 'dir' || isLeftover(found))
            continue;
        if (await repo.hasSnapshotEntry(commit, relPath).catch(() => true))
            continue;
        if (found.kind === 'file') {
            listing ??= blobsByPath((await staged.readTree(commit)) ?? []);
            const etag = listing.get(relPath);
            if (etag && (await blobDigest(found.full, etag)) === etag)
                await repo.adoptCopy(commit, relPath, found.full);
            else
                refused.push(`snapshots/${commit}/${found.rel}`);
            continue;
        }
        const blob = found.kind === 'link' ? linkedBlob(stageFolder, found.full, found.target) : undefined;
        if (!blob || !(await fs.lstat(repo.blobPath(blob)).catch(() => undefined)))
            continue;
        await repo.link(commit, relPath, blob);
    }
    return refused;
}
/**
 * The refs naming the commit, its listing (when every path in it is one the action accepts) and its `.no_exist`
 * markers (at most MAX_MARKERS, none naming a file of that listing): each only where none is yet.
 */
async function mergeSmallFiles(stage, staged, repo, folder, commit) {
    for (const ref of await walk(stage, `${folder}/refs`)) {
        if (ref.kind !== 'file' || (await readRegular(ref.full, 1024))?.trim() !== commit)
            continue;
        if ((await repo.readRef(ref.rel).catch(() => 'refused')) !== undefined)
            continue;
        await repo.writeRef(ref.rel, commit);
    }
    const listing = await staged.readTree(commit);
    const listed = new Set(listing?.map(e => e.path));
    if (listing?.every(e => !unsafeReason(e.path)) && !(await repo.readTree(commit)))
        await repo.writeTree(commit, listing);
    let markers = 0;
    for (const marker of await walk(stage, `${folder}/.no_exist/${commit}`)) {
        if (marker.kind !== 'file' || listed.has(marker.rel))
            continue;
        if (++markers > MAX_MARKERS)
            break;
        await repo.markAbsent(commit, marker.rel);
    }
}

// EXTERNAL MODULE: ./build/tsc/shared/errors.js
var errors = __webpack_require__(6708);
;// CONCATENATED MODULE: ./build/tsc/actions-cache/entries.js
/**
 * One entry through the service: looked up, its archive vetted into a stage and merged into the hub cache
 * (main); or staged from the hub cache and saved (post). The stage is removed either way, so nothing the
 * service sent stays outside what the merge took.
 */









const entries_label = (e) => `${(0,repo_spec/* repoLabel */.pq)(e)}@${e.commit.slice(0, 7)}`;
/**
 * What to take of the entry found (hub-cache/entry-merge.ts): the commit its key names when that is the entry's
 * own (its key, or a partial save of it; with the Hub down and no commit known, whichever commit the key names),
 * else only blobs. A repo a later step added is taken whole only as the Hub lists it.
 */
function commitToTake(entry, matchedKey, checked) {
    const own = matchedKey === entry.key || matchedKey.startsWith(`${entry.key}/`);
    const commit = entry.commit
        ? own
            ? entry.commit
            : undefined
        : commitOfKey(matchedKey, entry.type, entry.id);
    return entry.listed || checked ? commit : undefined;
}
/**
 * Restores one entry (`restoreKeys`: where to look when its key misses) and merges it, checked against the
 * Hub's listing when `listing` gives it; what was found.
 */
async function entries_restoreOne(service, hubCache, entry, restoreKeys, listing) {
    const what = entries_label(entry);
    const found = (await service.find(what, entry.key, restoreKeys))?.found;
    if (!found)
        return 'none';
    try {
        const hubListing = entry.commit ? await listing?.(entry.type, entry.id, entry.commit) : undefined;
        const commit = commitToTake(entry, found.matchedKey, hubListing !== undefined);
        const merged = await service.fetch(what, repoFolderName(entry.type, entry.id), found, stage => mergeStage(hubCache, stage.hub, entry.type, entry.id, { commit, hubListing }));
        if (!merged)
            return 'none';
        entry.matchedKey = found.matchedKey;
        if (!entry.commit && commit)
            entry.commit = commit;
        if (merged.refused.length) {
            annotate('warning', `The cache entry ${found.matchedKey} held ${merged.refused.length} blob(s) whose content does not match their name; they were left out and are fetched again.`, `Hugging Face cache: ${repoLabel(entry)}: blobs refused`);
        }
        if (merged.removed.length)
            return untrue(entry, found.matchedKey, merged.removed);
        // An exact entry that held a wrong blob is no hit: what it lacked is fetched again.
        if (found.matchedKey !== entry.key)
            return 'other';
        return merged.refused.length ? 'none' : 'exact';
    }
    catch (error) {
        const refused = error instanceof RefusedArchive;
        annotate('warning', refused
            ? `The cache entry ${found.matchedKey} of ${what} was not used: ${errorMessage(error)}. No honest save makes such an entry: delete it (gh cache delete "${found.matchedKey}", or Actions → Caches) and find which job of the default branch wrote it.`
            : `Restoring ${what} from the cache failed, continuing without it: ${errorMessage(error)}`, refused ? `Hugging Face cache: ${repoLabel(entry)}: entry refused` : 'Cache restore failed');
        return 'none';
    }
}
/** An entry that did not match the Hub's listing of its commit: no hit, and how to be rid of it. */
function untrue(entry, matchedKey, removed) {
    const named = namedFew(removed, 5);
    annotate('warning', `The cache entry ${matchedKey} held ${removed.length} file(s) the Hub's listing of ${entries_label(entry)} does not have as they were (${named}); they were removed and are fetched again. No honest save makes such an entry: delete it (gh cache delete "${matchedKey}", or Actions → Caches) so the next run saves it anew, and find which job of the default branch wrote it.`, `Hugging Face cache: ${repoLabel(entry)}: entry does not match the Hub`);
    return 'none';
}
/**
 * Saves `item` under its key unless the service holds that key already (another job, a matrix leg, may have
 * saved it since this one restored: an entry is saved once). No lookup for what could not be saved anyway (a
 * 429, a spent quota, an outage).
 */
async function saveUnlessFound(service, item) {
    if (!service.canSave(item.what))
        return { outcome: 'skipped' };
    const asked = await service.find(item.what, item.key, []);
    if (!asked)
        return { outcome: 'skipped' };
    if (asked.found?.matchedKey === item.key)
        return { outcome: 'exists' };
    const uploaded = await service.saveStaged(item.what, item.folder, item.key, item.fill);
    if (!uploaded)
        return { outcome: 'missing' };
    const { bytes, result } = uploaded;
    if (!result)
        return { outcome: 'skipped', bytes };
    return result.outcome === 'refused'
        ? { outcome: 'refused', bytes, message: result.message }
        : { outcome: result.outcome, bytes };
}
/** Stages one repo at one commit from the hub cache and saves it under `key`; a refusal is a warning naming it. */
async function saveEntry(service, hubCache, entry, key) {
    const what = entries_label(entry);
    const folder = (0,layout/* repoFolderName */.IO)(entry.type, entry.id);
    const saved = await saveUnlessFound(service, {
        what,
        key,
        folder,
        fill: async (stage) => (await (0,entry_stage/* stageSnapshot */.NS)(hubCache, stage.hub, folder, entry.commit))?.bytes
    });
    if (saved.outcome === 'exists')
        (0,safe_text/* logInfo */.fH)(`Cache: ${what} is saved as ${key} (by another job).`);
    if (saved.outcome === 'refused') {
        (0,safe_text/* annotate */.fz)('warning', `The cache entry of ${what} (${formatBytes(saved.bytes ?? 0)}) was not saved (${saved.message}), so the next run downloads it again; the other repos' entries are not affected. If it is too large for the cache, narrow its files with globs in "repos" (for example *.json *.safetensors).`, `Hugging Face cache: ${(0,repo_spec/* repoLabel */.pq)(entry)} not saved`);
    }
    return saved.outcome;
}

;// CONCATENATED MODULE: ./build/tsc/actions-cache/restore-many.js
/**
 * Restoring many entries: the scope's index, and entries a few at a time (entries of one repo one after
 * another: they merge into the same repo folder), each logged with what was found.
 */







/**
 * Entries restored at once: each is a lookup, a download and an extraction (a zstd process). Measured with
 * `npm run bench` (case 7, 20 repos on two cores): 8 at once restore in 1.4× the time of one entry holding them
 * all, 4 at once in 1.6×; more than 8 gains nothing.
 */
const RESTORES_AT_ONCE = 8;
/** The scope's newest index, and the entries it names (none when there is none). */
async function restoreIndex(service, scope) {
    const prefix = indexPrefix(scope);
    const found = (await service.find('the index', prefix, []))?.found;
    if (!found)
        return { entries: [] };
    const read = await service
        .fetch('the index', 'index', found, async (stage) => ({
        text: await readStagedIndex(stage, MAX_INDEX_BYTES)
    }))
        .catch(() => undefined);
    if (!read)
        return { entries: [] };
    return { matchedKey: found.matchedKey, entries: read.text === undefined ? [] : parseIndex(read.text) };
}
/**
 * Restores each entry with its own restore keys, a few at a time; entries of one repo one after another
 * (they merge into one repo folder).
 */
async function restoreAll(service, hubCache, work, listing) {
    const byRepo = new Map();
    for (const item of work) {
        const repo = `${item.entry.type}/${item.entry.id}`;
        byRepo.set(repo, [...(byRepo.get(repo) ?? []), item]);
    }
    const limit = pLimit(RESTORES_AT_ONCE);
    await Promise.all([...byRepo.values()].map(items => limit(async () => {
        for (const { entry, restoreKeys } of items) {
            entry.restored = await restoreOne(service, hubCache, entry, restoreKeys, listing);
            logRestored(entry);
        }
    })));
}
/** One log line an entry: what its restore found. */
function logRestored(entry) {
    const what = entry.restored === 'exact'
        ? `exact hit (${entry.key})`
        : entry.restored === 'other'
            ? `restored ${entry.matchedKey}; only what changed is fetched`
            : 'no entry restored';
    logInfo(`Cache: ${label(entry)}: ${what}`);
}
/** Entries the index names that a later step added in an earlier run of this scope (not the listed repos' commits). */
function addedInEarlierRuns(index, listed) {
    return index
        .filter(e => !e.listed)
        .filter(e => !listed.some(l => l.type === e.type && l.id === e.id && l.commit === e.commit))
        .map(e => ({ ...e, listed: false, restored: 'none' }));
}
const unavailable = () => core.warning('The GitHub Actions cache service is not available to this job (no ACTIONS_RESULTS_URL with ACTIONS_CACHE_SERVICE_V2 and ACTIONS_RUNTIME_TOKEN): the Hugging Face cache is neither restored nor saved.', { title: 'Cache service unavailable' });

// EXTERNAL MODULE: ./build/tsc/actions-cache/save-plan.js
var save_plan = __webpack_require__(8553);
;// CONCATENATED MODULE: ./build/tsc/actions-cache/fault.js
/**
 * What can go wrong with the cache service, sorted by what the action does next (budget.ts): a fault that may
 * pass is retried (once per step, by one call: an outage costs one retry cycle), the others stop what they
 * concern for the rest of the step.
 */
class ServiceFault extends Error {
    kind;
    retryAfter;
    constructor(kind, message, 
    /** Seconds the service asked to wait (`Retry-After` of a 429). */
    retryAfter) {
        super(message);
        this.kind = kind;
        this.retryAfter = retryAfter;
        this.name = 'ServiceFault';
    }
}
/** The toolkit's test for a spent storage quota (`UsageError.isUsageErrorMessage`), on any answer. */
const isQuotaMessage = (text) => text.includes('insufficient usage');
/** A fault from an HTTP answer that is not a success. */
function faultOfStatus(status, text, retryAfter) {
    const detail = `HTTP ${status}${text ? `: ${text}` : ''}`;
    if (isQuotaMessage(text))
        return new ServiceFault('quota', detail);
    if (status === 429) {
        const seconds = Number.parseInt(retryAfter ?? '', 10);
        return new ServiceFault('rate-limited', detail, Number.isFinite(seconds) && seconds > 0 ? seconds : undefined);
    }
    if (status >= 500 || status === 408)
        return new ServiceFault('unavailable', detail);
    return new ServiceFault('refused', detail);
}

;// CONCATENATED MODULE: ./build/tsc/actions-cache/budget.js
/**
 * One budget for the cache service per step. The service is shared by every workflow of the repository and
 * limited (200 uploads and 1,500 downloads a minute, a storage quota, outages, calls that hang), and a job
 * makes a call per entry, so a fault must cost the step once, not once per entry:
 *
 * - a call that fails in a way that may pass (5xx, a network error) is retried on the toolkit's schedule by
 *   that call alone: the others wait for it (one retry cycle per step), then go on or stop with it;
 * - an outage (retries spent), a spent quota or any other refusal stops the service for the rest of the step;
 *   a 429 or a call past the action's own time limit stops that kind of call (lookups, downloads, saves);
 * - whatever was skipped or failed is said once per cause, naming the entries (`report`).
 */



/** Entries named in one warning; the rest are counted. */
const NAMED = 10;
const CALL_WORDS = {
    lookup: 'lookups (GetCacheEntryDownloadURL)',
    download: 'archive downloads',
    save: 'saves (CreateCacheEntry)'
};
class ServiceBudget {
    options;
    /** Calls made (tries included), by kind. */
    calls = { lookup: 0, download: 0, save: 0 };
    stoppedAll;
    stopped = new Map();
    /** Settles when the one call retrying after a fault that may pass is done. */
    probe;
    causes = new Map();
    attempts;
    retryBaseMs;
    sleep;
    constructor(options) {
        this.options = options;
        this.attempts = options.attempts ?? 5;
        this.retryBaseMs = options.retryBaseMs ?? 3000;
        this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
    }
    /** Why `call` may not be made now, if it may not. */
    stopOf(call) {
        return this.stoppedAll ?? this.stopped.get(call);
    }
    /**
     * Runs `attempt` for `entry` (a label for warnings) within `timeoutMs`: its result, or undefined when the
     * budget skipped it or a service fault ended it (both noted for `report`). Errors that are not the service's
     * (a refused archive, a full disk) are thrown to the caller, for that entry alone.
     */
    async run(call, entry, timeoutMs, attempt, retry = true) {
        let release;
        const done = () => {
            release?.();
            release = undefined;
        };
        try {
            for (let tries = 1;; tries++) {
                const stop = this.stopOf(call);
                if (stop)
                    return this.note(stop, call, entry);
                if (this.probe && !release) {
                    await this.probe;
                    tries--;
                    continue;
                }
                this.calls[call]++;
                try {
                    return await withTimeLimit(attempt, timeoutMs);
                }
                catch (error) {
                    if (!(error instanceof ServiceFault))
                        throw error;
                    if (error.kind === 'unavailable' && retry && tries < this.attempts) {
                        if (!release) {
                            if (this.probe)
                                continue;
                            this.probe = new Promise(resolve => (release = resolve)).then(() => {
                                this.probe = undefined;
                            });
                        }
                        await this.sleep(this.delay(tries));
                        continue;
                    }
                    this.stopFor(call, error);
                    return this.note(error, call, entry);
                }
            }
        }
        finally {
            done();
        }
    }
    /** Marks `entry` skipped for a reason of the step's own (a cap), grouped like the service's faults. */
    skip(call, entry, fault) {
        this.note(fault, call, entry);
    }
    /** The toolkit's schedule: 3 s, then ×1.5 (with up to half again of jitter) each try. */
    delay(tries) {
        const min = this.retryBaseMs * 1.5 ** (tries - 1);
        return tries === 1 ? min : Math.trunc(min + Math.random() * min * 0.5);
    }
    stopFor(call, fault) {
        if (fault.kind === 'rate-limited' || fault.kind === 'timeout')
            this.stopped.set(call, fault);
        else
            this.stoppedAll ??= fault;
    }
    note(fault, call, entry) {
        const id = `${fault.kind}:${fault.kind === 'rate-limited' || fault.kind === 'timeout' ? call : ''}:${fault.message}`;
        const cause = this.causes.get(id) ?? { fault, call, entries: [] };
        if (!cause.entries.includes(entry))
            cause.entries.push(entry);
        this.causes.set(id, cause);
        return undefined;
    }
    /** The causes met, each once: what happened and the entries not restored or saved for it. */
    summary() {
        return [...this.causes.values()].map(({ fault, call, entries }) => {
            const what = `Not ${this.options.verb}: ${format_namedFew(entries, NAMED)}.`;
            return { kind: fault.kind, entries, ...describe(fault, call, this.attempts, what) };
        });
    }
    /** One warning per cause (see `summary`). */
    report() {
        for (const { title, message } of this.summary())
            (0,safe_text/* annotate */.fz)('warning', message, title);
    }
}
/** The title and text of a cause's warning, with the fix where there is one. */
function describe(fault, call, attempts, what) {
    switch (fault.kind) {
        case 'rate-limited':
            return {
                title: 'Cache service rate limit',
                message: `The cache service answered 429 to ${CALL_WORDS[call]} (${fault.message}${fault.retryAfter ? `; retry after ${fault.retryAfter} s` : ''}), so no more are made in this step. GitHub allows 200 cache uploads and 1,500 downloads a minute per repository, shared by every workflow: spread large matrices over time or list fewer repos per job. ${what}`
            };
        case 'quota':
            return {
                title: 'Cache storage quota reached',
                message: `The repository's cache storage is full (${fault.message}), so nothing more is saved in this step. Delete entries you no longer need (Actions → Caches, or gh cache delete), narrow the files with globs in "repos", or raise the cache limit in the repository's Actions settings. ${what}`
            };
        case 'timeout':
            return {
                title: 'Cache service timed out',
                message: `The cache service did not answer ${CALL_WORDS[call]} in time (${fault.message}), so no more are made in this step; what the cache did not bring is downloaded from the Hub. ${what}`
            };
        case 'unavailable':
            return {
                title: 'Cache service unavailable',
                message: `The cache service failed (${fault.message}) after ${attempts} attempts, so it is not used again in this step; the job goes on without it. ${what}`
            };
        default:
            return {
                title: 'Cache service refused',
                message: `The cache service refused ${CALL_WORDS[call]} (${fault.message}), so it is not used again in this step. ${what}`
            };
    }
}
/** `attempt` given up after `ms` (a ServiceFault 'timeout'), even when it does not heed its signal. */
async function withTimeLimit(attempt, ms) {
    const controller = new AbortController();
    if (!Number.isFinite(ms))
        return attempt(controller.signal);
    let timer;
    const expired = new Promise((_, reject) => {
        timer = setTimeout(() => {
            const fault = new ServiceFault('timeout', `no answer within ${Math.round(ms / 1000)} s`);
            controller.abort(fault);
            reject(fault);
        }, ms);
    });
    const work = attempt(controller.signal);
    // An abandoned call may still fail later: that is no longer anyone's error.
    work.catch(() => undefined);
    try {
        return await Promise.race([work, expired]);
    }
    finally {
        clearTimeout(timer);
    }
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
// EXTERNAL MODULE: ./build/tsc/http/proxy-error.js + 1 modules
var proxy_error = __webpack_require__(2739);
;// CONCATENATED MODULE: ./build/tsc/http/tunnel.js
/**
 * A CONNECT tunnel through a proxy (RFC 9110 9.3.6): the proxy opens a TCP connection to the target's host and
 * port and relays bytes, so TLS runs end to end and the proxy sees neither the requests nor the token. The
 * proxy's own credentials go in `Proxy-Authorization`, to the proxy only.
 */



/** A CONNECT answer's head larger than this is refused. */
const MAX_CONNECT_HEAD = 16 * 1024;
function hostAndPort(url) {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    return { host, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) };
}
/** A socket to `url`'s host: TLS for https, TCP for http. */
function connectTo(url, options = {}) {
    const { host, port } = hostAndPort(url);
    return url.protocol === 'https:'
        ? external_node_tls_.connect({ host, port, servername: external_node_net_.isIP(host) ? undefined : host, ...options })
        : external_node_net_.connect({ host, port, ...options });
}
/** Opens a tunnel to `target` through the proxy; resolves with the socket, paused, once the proxy said 200. */
function openTunnel(route, target, signal) {
    const { host, port } = hostAndPort(target);
    const authority = `${external_node_net_.isIPv6(host) ? `[${host}]` : host}:${port}`;
    const socket = connectTo(route.url);
    return awaitTunnel(socket, route, authority, signal).then(() => socket);
}
/**
 * Sends CONNECT once the connection to the proxy is up, and reads its answer: resolves with the socket paused
 * once the proxy said 200; rejects (the socket destroyed) on any other answer, an error, a close or the abort.
 */
function awaitTunnel(socket, route, authority, signal) {
    return new Promise((resolve, reject) => {
        let head = Buffer.alloc(0);
        const cleanup = () => {
            socket.off('data', onData);
            socket.off('error', onError);
            socket.off('close', onClose);
            signal?.removeEventListener('abort', onAbort);
        };
        const fail = (error) => {
            cleanup();
            socket.destroy();
            reject(error);
        };
        // Everything on this connection is between the action and the proxy.
        const onError = (error) => fail((0,proxy_error/* proxyFault */.t)(route, { error, beforeConnected: true }) ??
            new proxy_error/* ProxyError */.T(route, `could not be reached (${error.code ?? error.message})`));
        const onClose = () => fail(new proxy_error/* ProxyError */.T(route, `closed the connection before answering CONNECT ${authority}`));
        const onAbort = () => fail(signal?.reason instanceof Error ? signal.reason : new Error('This operation was aborted'));
        const onData = (chunk) => {
            head = Buffer.concat([head, chunk]);
            const end = head.indexOf('\r\n\r\n');
            if (end === -1) {
                if (head.length > MAX_CONNECT_HEAD)
                    fail(new proxy_error/* ProxyError */.T(route, 'answered CONNECT with an endless head'));
                return;
            }
            const status = /^HTTP\/1\.[01] (\d{3})\b/.exec(head.toString('latin1', 0, end))?.[1];
            if (status !== '200') {
                const what = status
                    ? `refused the tunnel to ${authority} (HTTP ${status})`
                    : 'answered CONNECT with something other than HTTP';
                return fail(new proxy_error/* ProxyError */.T(route, what));
            }
            if (end + 4 < head.length)
                return fail(new proxy_error/* ProxyError */.T(route, 'sent bytes before the tunnel was open'));
            cleanup();
            socket.pause();
            resolve();
        };
        socket.on('data', onData);
        socket.on('error', onError);
        socket.on('close', onClose);
        signal?.addEventListener('abort', onAbort, { once: true });
        socket.once(route.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => socket.write(connectRequest(route, authority)));
    });
}
/** The CONNECT request for `authority`, with the proxy's credentials when the route has them. */
function connectRequest(route, authority) {
    return [
        `CONNECT ${authority} HTTP/1.1`,
        `host: ${authority}`,
        ...(route.authorization ? [`proxy-authorization: ${route.authorization}`] : []),
        '',
        ''
    ].join('\r\n');
}

;// CONCATENATED MODULE: ./build/tsc/http/connection.js
/**
 * Connections of the download data path: one socket each, reading into one reused buffer (`onread`) and
 * handing what it reads to the exchange now using it; kept alive per origin between exchanges, closed when
 * idle too long, when too many are idle, or when anything arrives that nobody asked for.
 */




/** Bytes read per socket read: large enough that loopback and fast links need few reads. */
const READ_BUFFER_BYTES = 256 * 1024;
/** An idle kept-alive connection is closed before a server would (node's default is 5 s). */
const IDLE_MS = 4000;
const IDLE_PER_ORIGIN = 16;
/** Idle connections kept in all (a pre-warm redirected to many CDN hosts must not hoard descriptors). */
const IDLE_TOTAL = 64;
/** One socket and whoever is reading from it now. */
class Connection {
    key;
    /** The exchange the socket's bytes go to; undefined while idle. */
    reader;
    /** Whether an exchange completed on it (a reused socket the server may have closed meanwhile). */
    reused = false;
    closed = false;
    /** Until this settles, a released connection is not written to again (see release). */
    settling;
    socket;
    /**
     * `open` makes the socket, given the read callback: straight from the socket into one reused buffer (`onread`),
     * or (a TLS session inside a proxy's tunnel, which Node reads into buffers of its own) its `data` events.
     */
    constructor(key, open, route) {
        this.key = key;
        const receive = (data) => {
            if (this.reader)
                return this.reader.receive(data);
            // Nothing is owed on an idle connection.
            this.socket.destroy();
            return false;
        };
        const { socket, events } = open({
            buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
            callback: (bytes, buffer) => receive(buffer.subarray(0, bytes))
        });
        this.socket = socket;
        if (events)
            socket.on('data', chunk => void (receive(chunk) || socket.pause()));
        let connected = events;
        socket.once(socket instanceof external_node_tls_.TLSSocket ? 'secureConnect' : 'connect', () => (connected = true));
        socket.setNoDelay(true);
        // Only idle connections have a timeout set (release): one that idles too long is closed.
        socket.on('timeout', () => socket.destroy());
        socket.on('error', (error) => {
            // To the proxy, a connection that never opened is the proxy's failure, not the Hub's.
            const fault = route && (0,proxy_error/* proxyFault */.t)(route, { error, beforeConnected: !connected });
            this.reader?.broken(fault ?? error);
        });
        socket.on('close', () => {
            this.closed = true;
            forget(this);
            this.reader?.broken();
        });
    }
    /**
     * A new connection to `url`: direct; to the proxy, for plain http (the proxy forwards absolute-form requests);
     * or, for https through a proxy, TLS inside a CONNECT tunnel (`signal` bounds the wait for the proxy).
     */
    static async open(key, url, ca, route, signal) {
        const { host } = hostAndPort(url);
        const tlsOptions = {
            servername: external_node_net_.isIP(host) ? undefined : host,
            ALPNProtocols: ['http/1.1'],
            ...(ca ? { ca } : {})
        };
        if (route && url.protocol === 'https:') {
            const tunnel = await openTunnel(route, url, signal);
            return new Connection(key, () => ({ socket: external_node_tls_.connect({ socket: tunnel, ...tlsOptions }), events: true }), route);
        }
        const to = route ? route.url : url;
        return new Connection(key, onread => ({
            socket: connectTo(to, {
                ...(to.protocol === 'https:' && !route ? tlsOptions : {}),
                onread
            }),
            events: false
        }), route);
    }
}
const idle = new Map();
/** Every idle connection, oldest first: the one closed when there are too many. */
const idleOrder = new Set();
function forget(connection) {
    idleOrder.delete(connection);
    const list = idle.get(connection.key);
    const at = list?.indexOf(connection) ?? -1;
    if (list && at >= 0)
        list.splice(at, 1);
}
/**
 * How long after an answer ends its connection is left alone before it is written to again. Bytes a server
 * sends past the end of its answer (surplus, or an attempt to have them read as the next answer) come in the
 * same burst, so they arrive within this time and close the connection instead.
 */
const SETTLE_MS = 5;
/** Resolves once `SETTLE_MS` have passed since now and the event loop has polled sockets at least once more. */
function settle() {
    return new Promise(resolve => setTimeout(() => setImmediate(resolve), SETTLE_MS));
}
function release(connection) {
    connection.reader = undefined;
    connection.reused = true;
    const list = idle.get(connection.key) ?? [];
    if (connection.closed || list.length >= IDLE_PER_ORIGIN)
        return void connection.socket.destroy();
    if (idleOrder.size >= IDLE_TOTAL) {
        const [oldest] = idleOrder;
        forget(oldest);
        oldest.socket.destroy();
    }
    // An idle socket reads (a reader that stopped early may have paused it), and any byte it reads closes it:
    // nothing is owed on it. It is written to again only once settled (see SETTLE_MS); curl, likewise, checks
    // that a connection has nothing to read before reusing it.
    connection.socket.resume();
    connection.settling = settle();
    list.push(connection);
    idle.set(connection.key, list);
    idleOrder.add(connection);
    // An idle connection never holds the process open, and is closed before the server would.
    connection.socket.unref();
    connection.socket.setTimeout(IDLE_MS);
}
async function acquire(key, url, ca, route, signal) {
    // The longest idle first: the likeliest to have settled.
    const reusable = idle.get(key)?.shift();
    if (reusable) {
        idleOrder.delete(reusable);
        reusable.socket.setTimeout(0);
        reusable.socket.ref();
        return reusable;
    }
    return Connection.open(key, url, ca, route, signal);
}
/** The idle kept-alive sockets (tests). */
function idleSockets() {
    return [...idle.values()].flat().map(connection => connection.socket);
}
/** Closes every idle connection (tests). */
function closeIdleConnections() {
    for (const connection of [...idleOrder]) {
        forget(connection);
        connection.socket.destroy();
    }
}

// EXTERNAL MODULE: ./build/tsc/http/proxy.js
var proxy = __webpack_require__(8786);
;// CONCATENATED MODULE: ./build/tsc/http/exchange.js
/**
 * One request and its answer on a connection: the head parsed strictly (a malformed answer is an error, never
 * a guess), then the body framed by Content-Length, chunked encoding or the connection's close, and handed to
 * its reader piece by piece as it arrives.
 */


/** A response head larger than this is refused (the Hub's are a few kB). */
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_CHUNK_LINE = 1024;
const ITERATE_QUEUE_BYTES = 1024 * 1024;
/** A response the parser refuses. */
class HttpProtocolError extends errors/* ActionError */.lZ {
    constructor(url, what) {
        super('Malformed HTTP answer', `malformed HTTP answer from ${new URL(url).origin}: ${what}. If a proxy or mirror stands between the runner and the Hub, check that it passes answers through unchanged.`);
        this.name = 'HttpProtocolError';
    }
}
/** A connection that ended before the response did; "terminated", as fetch says, so it is retried. */
function terminated(url, cause) {
    return new Error(`the connection to ${new URL(url).origin} closed before the answer ended (terminated)`, {
        cause
    });
}
/** One request and its answer on a connection: parses the head, then frames the body for its reader. */
class Exchange {
    connection;
    url;
    signal;
    head = Buffer.alloc(0);
    framing = { kind: 'none' };
    keepAlive = false;
    sawBytes = false;
    phase = 'head';
    sink;
    /** Copies of body pieces that arrived before anyone read the body (the socket is paused meanwhile). */
    early = [];
    error;
    onHead;
    onHeadError;
    onEnd;
    response;
    constructor(connection, url, signal) {
        this.connection = connection;
        this.url = url;
        this.signal = signal;
        this.response = new Promise((resolve, reject) => {
            this.onHead = resolve;
            this.onHeadError = reject;
        });
    }
    /** Bytes from the socket; returns false to pause it. */
    receive(data) {
        this.sawBytes = true;
        try {
            let rest = data;
            while (rest.length > 0 && this.phase !== 'done') {
                rest = this.phase === 'head' ? this.readHead(rest) : this.readBody(rest);
            }
            // More than the answer: nothing else was asked on this connection, so it is not trusted again.
            if (rest.length > 0)
                this.connection.socket.destroy();
        }
        catch (error) {
            this.fail(error);
            return false;
        }
        if (this.phase === 'body' && !this.sink)
            return false;
        return true;
    }
    readHead(data) {
        const before = this.head.length;
        this.head = Buffer.concat([this.head, data]);
        const end = this.head.indexOf('\r\n\r\n', Math.max(0, before - 3));
        if (end === -1) {
            if (this.head.length > MAX_HEAD_BYTES)
                throw new HttpProtocolError(this.url, 'response head too large');
            return new Uint8Array(0);
        }
        if (end > MAX_HEAD_BYTES)
            throw new HttpProtocolError(this.url, 'response head too large');
        const rest = data.subarray(end + 4 - before);
        const text = this.head.toString('latin1', 0, end);
        this.head = Buffer.alloc(0);
        const [statusLine, ...lines] = text.split('\r\n');
        const status = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: [^\r\n]*)?$/.exec(statusLine);
        if (!status)
            throw new HttpProtocolError(this.url, 'bad status line');
        const code = Number(status[2]);
        const headers = new Headers();
        for (const line of lines) {
            const header = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([^\r\n\0]*?)[ \t]*$/.exec(line);
            if (!header)
                throw new HttpProtocolError(this.url, 'bad header line');
            headers.append(header[1], header[2]);
        }
        // Interim answers (100 Continue, 103 Early Hints) precede the real one.
        if (code < 200) {
            if (code === 101)
                throw new HttpProtocolError(this.url, 'unexpected protocol switch');
            return rest;
        }
        // Bytes must be the file's: a blob is hashed and written as it arrives, never decoded.
        const encoding = headers.get('content-encoding')?.trim().toLowerCase();
        if (code < 300 && encoding && encoding !== 'identity') {
            throw new HttpProtocolError(this.url, `an encoded body (${encoding.slice(0, 40)}) where identity was asked`);
        }
        this.framing = framingOf(this.url, code, headers);
        const connection = (headers.get('connection') ?? '').toLowerCase();
        this.keepAlive = status[1] === '1' && !/(^|,)\s*close\s*(,|$)/.test(connection);
        if (this.framing.kind === 'close')
            this.keepAlive = false;
        // Both framings at once is ambiguous (RFC 9112 6.3: chunked wins, and the connection must be closed after).
        if (headers.has('transfer-encoding') && headers.has('content-length'))
            this.keepAlive = false;
        this.phase = this.framing.kind === 'none' ? 'done' : 'body';
        this.onHead(this.answer(code, headers));
        if (this.phase === 'done')
            this.finish();
        return rest;
    }
    readBody(data) {
        const framing = this.framing;
        if (framing.kind === 'close') {
            this.deliver(data);
            return new Uint8Array(0);
        }
        if (framing.kind === 'length') {
            const take = Math.min(framing.left, data.length);
            framing.left -= take;
            this.deliver(data.subarray(0, take));
            if (framing.left === 0)
                this.finish();
            return data.subarray(take);
        }
        if (framing.kind === 'chunked')
            return this.readChunked(framing, data);
        return data;
    }
    readChunked(framing, data) {
        let at = 0;
        while (at < data.length && this.phase === 'body') {
            if (framing.state === 'data') {
                const take = Math.min(framing.left, data.length - at);
                this.deliver(data.subarray(at, at + take));
                at += take;
                framing.left -= take;
                if (framing.left === 0)
                    framing.state = 'data-end';
                continue;
            }
            // Line-oriented states: the size line, the CRLF after data, trailer lines.
            const byte = data[at++];
            if (byte !== 0x0a) {
                framing.line += String.fromCharCode(byte);
                if (framing.line.length > MAX_CHUNK_LINE)
                    throw new HttpProtocolError(this.url, 'chunk line too long');
                continue;
            }
            if (!framing.line.endsWith('\r'))
                throw new HttpProtocolError(this.url, 'bare LF in chunked body');
            const line = framing.line.slice(0, -1);
            framing.line = '';
            if (framing.state === 'data-end') {
                if (line !== '')
                    throw new HttpProtocolError(this.url, 'chunk longer than its size');
                framing.state = 'size';
            }
            else if (framing.state === 'size') {
                const size = /^([0-9a-fA-F]{1,12})(?:[ \t]*;.*)?$/.exec(line);
                if (!size)
                    throw new HttpProtocolError(this.url, 'bad chunk size');
                framing.left = parseInt(size[1], 16);
                framing.state = framing.left === 0 ? 'trailer' : 'data';
            }
            else if (line === '') {
                this.finish();
            }
        }
        return data.subarray(at);
    }
    deliver(piece) {
        if (piece.length === 0)
            return;
        if (this.sink)
            this.sink(piece);
        else
            this.early.push(Buffer.from(piece));
    }
    answer(status, headers) {
        return {
            status,
            ok: status >= 200 && status < 300,
            headers,
            url: this.url,
            body: {
                consume: sink => this.consume(sink),
                cancel: async () => this.cancel(),
                [Symbol.asyncIterator]: () => this.iterate()
            }
        };
    }
    consume(sink) {
        if (this.sink)
            return Promise.reject(new Error('the body is already being read'));
        const ended = new Promise((resolve, reject) => {
            this.onEnd = error => (error ? reject(error) : resolve());
        });
        this.sink = sink;
        try {
            for (const piece of this.early.splice(0))
                sink(piece);
        }
        catch (error) {
            this.fail(error);
        }
        if (this.error)
            this.onEnd?.(this.error);
        else if (this.phase === 'done')
            this.onEnd?.();
        else if (!this.connection.closed)
            this.connection.socket.resume();
        return ended;
    }
    /** Pieces as copies, pausing the socket while more than a megabyte waits (error bodies, small files). */
    async *iterate() {
        const queue = [];
        let queued = 0;
        let settled;
        let wake;
        this.consume(piece => {
            queue.push(Buffer.from(piece));
            queued += piece.length;
            if (queued > ITERATE_QUEUE_BYTES)
                this.connection.socket.pause();
            wake?.();
        }).then(() => ((settled = {}), wake?.()), (error) => ((settled = { error }), wake?.()));
        try {
            for (;;) {
                const piece = queue.shift();
                if (piece) {
                    queued -= piece.length;
                    if (queued <= ITERATE_QUEUE_BYTES && !this.connection.closed)
                        this.connection.socket.resume();
                    yield piece;
                }
                else if (settled) {
                    if (settled.error)
                        throw settled.error;
                    return;
                }
                else {
                    await new Promise(resolve => (wake = resolve));
                    wake = undefined;
                }
            }
        }
        finally {
            this.cancel();
        }
    }
    cancel() {
        if (this.phase === 'done')
            return;
        this.phase = 'done';
        this.keepAlive = false;
        this.signal?.removeEventListener('abort', this.abort);
        this.connection.socket.destroy();
        this.onEnd?.();
    }
    finish() {
        this.phase = 'done';
        if (this.keepAlive && !this.connection.closed)
            release(this.connection);
        else
            this.connection.socket.destroy();
        this.signal?.removeEventListener('abort', this.abort);
        this.onEnd?.();
    }
    /** The socket broke (an error, or the caller's abort). */
    fail(error) {
        if (this.phase === 'done')
            return;
        this.phase = 'done';
        this.error = error;
        this.signal?.removeEventListener('abort', this.abort);
        this.connection.socket.destroy();
        this.onHeadError(error);
        this.onEnd?.(error);
    }
    /** The socket failed or closed: the end of a close-delimited body, or a break. */
    broken(error) {
        if (!error && this.phase === 'body' && this.framing.kind === 'close')
            return this.finish();
        // A kept-alive connection the server closed before our request reached it: safe to ask again.
        if (this.phase === 'head' && !this.sawBytes && this.connection.reused) {
            return this.fail(new StaleConnectionError());
        }
        // Before the head, the socket's own error (refused, reset, a certificate) says most; mid-body it is a break.
        this.fail(error && this.phase === 'head' ? error : terminated(this.url, error));
    }
    abort = () => this.fail(toError(this.signal?.reason));
    start(request) {
        if (this.signal?.aborted)
            return this.abort();
        this.signal?.addEventListener('abort', this.abort, { once: true });
        this.connection.reader = this;
        this.connection.socket.write(request);
    }
}
function toError(reason) {
    return reason instanceof Error
        ? reason
        : Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
}
class StaleConnectionError extends Error {
}
function framingOf(url, status, headers) {
    if (status === 204 || status === 304)
        return { kind: 'none' };
    const encoding = headers.get('transfer-encoding');
    if (encoding !== null) {
        if (encoding.trim().toLowerCase() !== 'chunked') {
            throw new HttpProtocolError(url, `unsupported transfer-encoding ${JSON.stringify(encoding.slice(0, 40))}`);
        }
        return { kind: 'chunked', state: 'size', left: 0, line: '' };
    }
    const length = headers.get('content-length');
    if (length !== null) {
        // Repeated headers arrive joined by ", ": equal values are one length, different ones are refused.
        const values = new Set(length.split(',').map(v => v.trim()));
        const [only] = values;
        if (values.size !== 1 || !/^\d{1,15}$/.test(only))
            throw new HttpProtocolError(url, 'bad content-length');
        const left = Number(only);
        return left === 0 ? { kind: 'none' } : { kind: 'length', left };
    }
    return { kind: 'close' };
}

;// CONCATENATED MODULE: ./build/tsc/http/stream.js
/**
 * The download data path: HTTP/1.1 GET over a socket that reads into one reused buffer (`onread`) and hands
 * each piece of the body to the consumer synchronously, so a blob goes from the socket to the file with no
 * buffer allocated per read and no stream machinery per chunk.
 *
 * Why not a library: measured on loopback (512 MiB, whole process), `fetch` costs about 1 s of CPU in body
 * streams and per-read buffers, `undici.request` and `node:http` 0.3–0.45 s, and this path 0.1–0.15 s, as
 * `curl` does. A pre-warm is bound by that CPU on a fast link and a 2-core runner.
 *
 * Only what blob downloads need: GET, bodies framed by Content-Length, chunked or the connection's close,
 * keep-alive per origin, through the runner's proxy when it names one (proxy.ts). Responses are parsed strictly
 * (a malformed answer is an error, never a guess). API calls stay on `fetch`; the Hub client decides auth,
 * redirects and retries for both.
 */



/** GET `url` (http or https), resolving with the answer's head; the body is read from `body`. */
async function streamGet(url, options = {}) {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        throw new Error(`cannot download from a ${target.protocol} URL`);
    }
    const route = (0,proxy/* proxyFor */.iJ)(target);
    // Connections made trusting extra certificates, or through a proxy, are kept apart from the others.
    const key = `${target.protocol}//${target.host}${options.ca ? ' (own CA)' : ''}${route ? ` via ${route.shown}` : ''}`;
    // Through a proxy, plain http asks the proxy for the absolute URL (with the proxy's own credentials); https
    // goes through a tunnel, where the proxy sees neither.
    const forwarded = route && target.protocol === 'http:';
    const lines = [
        `GET ${forwarded ? `${target.origin}${target.pathname}${target.search}` : `${target.pathname}${target.search}`} HTTP/1.1`,
        `host: ${target.host}`,
        ...(forwarded && route.authorization ? [`proxy-authorization: ${route.authorization}`] : [])
    ];
    for (const [name, value] of Object.entries(options.headers ?? {})) {
        if (/[\r\n\0]/.test(name + value))
            throw new Error(`header ${name} holds a line break`);
        if (!['host', 'proxy-authorization'].includes(name.toLowerCase()))
            lines.push(`${name}: ${value}`);
    }
    const request = `${lines.join('\r\n')}\r\n\r\n`;
    for (;;) {
        const connection = await acquire(key, target, options.ca, route, options.signal);
        if (connection.settling) {
            await connection.settling;
            connection.settling = undefined;
            // Bytes arrived after its last answer: it was closed, never to be read as this one's.
            if (connection.closed || connection.socket.destroyed)
                continue;
        }
        const exchange = new Exchange(connection, url, options.signal);
        exchange.start(request);
        try {
            return await exchange.response;
        }
        catch (error) {
            // The server closed a kept-alive connection as we sent: ask again on a new one.
            if (error instanceof StaleConnectionError)
                continue;
            throw error;
        }
    }
}

;// CONCATENATED MODULE: ./build/tsc/actions-cache/download.js
/**
 * An entry's archive, streamed from the signed URL the lookup gave (through the runner's proxy, on the
 * download data path) straight into the stage's vetted reader: no archive file on disk, no byte of it trusted.
 * A download must keep moving: less than FLOOR_BYTES in a window of the action's time limit gives it up.
 */


/** The least a download must bring in each window: far below any link a runner has. */
const FLOOR_BYTES = 64 * 1024;
async function downloadArchive(url, windowMs, signal, receive) {
    const controller = new AbortController();
    const stop = () => controller.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    let moved = 0;
    const watchdog = setInterval(() => {
        if (moved < FLOOR_BYTES)
            controller.abort(new ServiceFault('timeout', `the archive download brought ${moved} bytes in ${Math.round(windowMs / 1000)} s`));
        moved = 0;
    }, windowMs);
    try {
        const response = await streamGet(url, { signal: controller.signal }).catch((error) => {
            throw controller.signal.aborted
                ? controller.signal.reason
                : new ServiceFault('unavailable', error.message);
        });
        if (response.status !== 200) {
            await response.body.cancel();
            throw faultOfStatus(response.status, 'the archive download');
        }
        const counted = (async function* () {
            for await (const piece of response.body) {
                moved += piece.length;
                yield piece;
            }
        })();
        try {
            return await receive(counted, controller.signal);
        }
        catch (error) {
            if (controller.signal.aborted)
                throw controller.signal.reason;
            throw error;
        }
    }
    finally {
        clearInterval(watchdog);
        signal.removeEventListener('abort', stop);
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./build/tsc/shared/shape.js
var shape = __webpack_require__(3374);
;// CONCATENATED MODULE: ./build/tsc/actions-cache/save-worker.js
/**
 * One entry saved by `@actions/cache` in a process of its own (the save worker, dist/save-entry), started in
 * the entry's stage folder with GITHUB_WORKSPACE set to it. Why a process: the toolkit archives its paths
 * relative to the working directory and the workspace, and hashes them as passed into the entry's version, so
 * passing the one relative path `hub` from each stage makes every entry's identity the same on every machine
 * and `hf-home` (version.ts) — and a process's working directory is its own, so saves can overlap. A save that
 * outlives the action's limit is ended with its tar and zstd (its process group), not left running.
 *
 * The worker hands back what became of the save on a pipe of its own (fd 3), as JSON; its stdout is the
 * toolkit's log, relayed here with every line made safe (a key or a service message is never a command).
 */






/** The worker's script: beside the running bundle's folder (dist/post → dist/save-entry). */
function workerScript(entry = process.argv[1] ?? '') {
    return external_node_path_.join(external_node_path_.dirname(external_node_path_.dirname(external_node_path_.resolve(entry))), 'save-entry', 'index.js');
}
const FAULTS = ['unavailable', 'rate-limited', 'quota', 'timeout', 'refused'];
/** Reads the worker's answer (fd 3): only the shapes a worker gives are accepted. */
function parseWorkerAnswer(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (!(0,shape/* isRecord */.u4)(value))
        return undefined;
    const message = typeof value.message === 'string' ? value.message.slice(0, 500) : '';
    if (value.outcome === 'saved' || value.outcome === 'exists')
        return { outcome: value.outcome };
    if (value.outcome === 'refused')
        return { outcome: 'refused', message };
    if (value.outcome === 'fault' && FAULTS.includes(value.kind)) {
        const retryAfter = typeof value.retryAfter === 'number' ? value.retryAfter : undefined;
        return { outcome: 'fault', kind: value.kind, message, retryAfter };
    }
    return undefined;
}
/** One line of the toolkit's log: its masks and debug lines as they are, anything else as safe text. */
function relay(line) {
    if (/^::(add-mask|debug)::/.test(line))
        process.stdout.write(`${line}\n`);
    else if (line.trim())
        (0,safe_text/* logInfo */.fH)(`  ${line.replace(/^::[a-z-]+[^:]*::/, '')}`);
}
/**
 * Saves the stage `dir` under `key` with the worker; 'saved', 'exists' or 'refused' (this entry alone), or a
 * ServiceFault for the budget. Ended (with a 'timeout' fault from the budget) when `signal` aborts.
 */
async function saveInWorker(dir, key, signal, script = workerScript()) {
    const child = (0,external_node_child_process_.spawn)(process.execPath, [script, key], {
        cwd: dir,
        env: { ...process.env, GITHUB_WORKSPACE: dir },
        stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32'
    });
    const kill = () => {
        try {
            if (child.pid && process.platform !== 'win32')
                process.kill(-child.pid, 'SIGKILL');
            else
                child.kill('SIGKILL');
        }
        catch {
            // Already gone.
        }
    };
    signal.addEventListener('abort', kill, { once: true });
    let answer = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (text) => {
        const lines = (pending + text).split(/\r?\n/);
        pending = lines.pop() ?? '';
        lines.forEach(relay);
    });
    child.stderr.setEncoding('utf8').on('data', (text) => core.debug(`save worker: ${text.trim()}`));
    const fd3 = child.stdio[3];
    fd3.setEncoding('utf8');
    fd3.on('data', (text) => (answer += text.slice(0, 4096)));
    try {
        const code = await new Promise((resolve, reject) => {
            child.on('error', reject);
            child.on('close', resolve);
        });
        if (pending)
            relay(pending);
        if (signal.aborted)
            throw signal.reason;
        const result = parseWorkerAnswer(answer);
        if (!result)
            throw new Error(`the save worker ended (exit ${code}) without an answer`);
        if (result.outcome === 'fault')
            throw new ServiceFault(result.kind, result.message, result.retryAfter);
        return result;
    }
    finally {
        signal.removeEventListener('abort', kill);
    }
}

;// CONCATENATED MODULE: ./build/tsc/http/fetch-api.js
/**
 * One API request (JSON, small bodies) on `fetch`: Node's, or undici's through the runner's proxy when one
 * applies to the URL (proxy.ts decides, per request, with the rules `@actions/http-client` follows).
 */

async function fetchApi(target, init) {
    const route = (0,proxy/* proxyFor */.iJ)(new URL(target));
    if (!route)
        return fetch(target, init);
    const { fetchThrough } = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(683)]).then(__webpack_require__.bind(__webpack_require__, 683));
    return fetchThrough(route, target, init);
}

;// CONCATENATED MODULE: ./build/tsc/actions-cache/twirp.js
/**
 * The cache service's lookup, `GetCacheEntryDownloadURL` (Twirp, JSON, at `ACTIONS_RESULTS_URL`), asked by the
 * action itself rather than through `@actions/cache`'s `restoreCache`: that call reports a failed lookup as
 * "no entry" (a warning, then `undefined`), retries it five times on its own schedule whatever the service
 * said before, and extracts what it downloads with `tar -x -P`. Here a lookup's answer, its failure and its
 * time are the budget's to decide (budget.ts), and the archive is vetted before anything is written.
 * Reached like the toolkit reaches it: the runtime token as a bearer, through the runner's proxy.
 */





const SERVICE = 'twirp/github.actions.results.api.v1.CacheService';
/** A lookup's answer is a few hundred bytes; anything much larger is not the service's. */
const MAX_ANSWER_BYTES = 64 * 1024;
/** The service's URL, for the v2 service the runner names; undefined when the job has none. */
function serviceUrl(env = process.env) {
    if (!env.ACTIONS_CACHE_SERVICE_V2 || !env.ACTIONS_RESULTS_URL || !env.ACTIONS_RUNTIME_TOKEN)
        return undefined;
    return env.ACTIONS_RESULTS_URL;
}
async function answerText(response) {
    const text = await response.text();
    if (text.length > MAX_ANSWER_BYTES)
        throw new ServiceFault('unavailable', 'an oversized answer');
    return text;
}
/**
 * The entry of `key` (else the newest under each restore key) at `version`, or undefined when there is none.
 * Throws a ServiceFault for any answer but these two.
 */
async function lookup(key, restoreKeys, version, signal) {
    const base = serviceUrl();
    if (!base)
        throw new ServiceFault('refused', 'the job has no cache service');
    let response;
    try {
        response = await fetchApi(new URL(`${SERVICE}/GetCacheEntryDownloadURL`, base).href, {
            method: 'POST',
            headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${process.env.ACTIONS_RUNTIME_TOKEN}`
            },
            body: JSON.stringify({ key, restore_keys: restoreKeys, version }),
            signal
        });
    }
    catch (error) {
        if (signal.aborted)
            throw signal.reason;
        throw new ServiceFault('unavailable', (0,safe_text/* safeText */.Hk)(error?.message ?? error, 200));
    }
    const text = await answerText(response);
    if (!response.ok) {
        const message = parseJson(text);
        const detail = (0,shape/* isRecord */.u4)(message) && typeof message.msg === 'string' ? message.msg : '';
        throw faultOfStatus(response.status, (0,safe_text/* safeText */.Hk)(detail, 200), response.headers.get('retry-after'));
    }
    const body = parseJson(text);
    if (!(0,shape/* isRecord */.u4)(body))
        throw new ServiceFault('unavailable', 'an answer that is not JSON');
    if (body.ok !== true)
        return undefined;
    const { matched_key: matchedKey, signed_download_url: url } = body;
    if (typeof matchedKey !== 'string' || typeof url !== 'string' || !/^https?:\/\//.test(url))
        throw new ServiceFault('unavailable', 'an answer without a matched key and download URL');
    // The signature grants reading the archive: masked, as the toolkit masks it.
    const signature = new URL(url).searchParams.get('sig');
    if (signature) {
        core.setSecret(signature);
        core.setSecret(encodeURIComponent(signature));
    }
    return { matchedKey, url };
}
function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./build/tsc/actions-cache/version.js
/**
 * What makes an entry findable: the version the cache service files it under. `@actions/cache` hashes the
 * paths it archives exactly as passed, the compression and a salt (`getCacheVersion` in its cacheUtils), and
 * the service matches a key only among entries of the same version. The action passes one relative path,
 * `hub`, from a stage folder made the working directory of the save (save-worker.ts), so an entry's version is
 * the same on every machine, `hf-home` and runner home of one OS — and holds no glob character.
 */


/** The one path every entry is archived as: the stage's small hub cache. */
const ENTRY_PATH = 'hub';
/** The toolkit's salt (`versionSalt` in @actions/cache's cacheUtils): part of every version. */
const VERSION_SALT = '1.0';
function entryVersion(compression, platform = process.platform) {
    const parts = [ENTRY_PATH, compression, ...(platform === 'win32' ? ['windows-only'] : []), VERSION_SALT];
    return (0,external_node_crypto_.createHash)('sha256').update(parts.join('|')).digest('hex');
}
let detected;
/**
 * The compression `@actions/cache` uses on this machine, decided as it decides: zstd when `zstd --quiet
 * --version` prints anything, else gzip. Asked once a process (bounded: a hung zstd counts as none).
 */
function compressionMethod() {
    detected ??= new Promise(resolve => {
        (0,external_node_child_process_.execFile)('zstd', ['--quiet', '--version'], { timeout: 10_000 }, (_error, stdout, stderr) => {
            const printed = `${stdout ?? ''}${stderr ?? ''}`.trim();
            resolve(printed ? 'zstd-without-long' : 'gzip');
        });
    });
    return detected;
}

;// CONCATENATED MODULE: ./build/tsc/actions-cache/service.js
/**
 * The cache service as one step sees it: lookups and archive downloads made by the action (twirp.ts,
 * download.ts), saves by `@actions/cache` in its worker (save-worker.ts), all under one budget (budget.ts) and
 * the action's own time limits, and the step's stages on disk (hub-cache/entry-stage.ts). Restored in main and
 * saved in post, as setup-node does; a failing service is a warning, never a failed job.
 */









/** Whether the job has the v2 cache service (`@actions/cache`'s own test, without loading it). */
const cacheServiceAvailable = () => serviceUrl() !== undefined;
/**
 * What the runner lets the job do with the cache (`ACTIONS_CACHE_MODE`, read as `@actions/cache` reads it: `none`,
 * `read`, `write` or `write-only`; anything else allows both). Restores here go around the toolkit, so they heed
 * it here; saves heed it before a worker is started.
 */
function cacheMode(env = process.env) {
    const mode = (env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase();
    if (!['none', 'read', 'write', 'write-only'].includes(mode))
        return { read: true, write: true, mode };
    return { read: mode === 'read' || mode === 'write', write: mode === 'write' || mode === 'write-only', mode };
}
/** Uploads are given this many bytes a second before a save counts as stuck: far below any runner's link. */
const SAVE_FLOOR_BYTES_PER_S = 8 * 1024 * 1024;
/**
 * The action's own limits: 30 s for a lookup, 60 s windows for a download, 2 minutes plus the upload's time
 * for a save. `HF_ACTION_CACHE_TIMEOUT_SECONDS` sets all three (a runner whose service answers slowly, or a test).
 */
function cacheLimits(env = process.env) {
    const seconds = Number(env.HF_ACTION_CACHE_TIMEOUT_SECONDS);
    if (Number.isFinite(seconds) && seconds > 0) {
        const ms = Math.round(seconds * 1000);
        return { lookupMs: ms, windowMs: ms, saveMs: ms };
    }
    return { lookupMs: 30_000, windowMs: 60_000, saveMs: 120_000 };
}
class CacheService {
    stages;
    budget;
    compression;
    limits;
    worker;
    constructor(stages, budget, compression, limits, worker) {
        this.stages = stages;
        this.budget = budget;
        this.compression = compression;
        this.limits = limits;
        this.worker = worker;
    }
    /** `worker`: the save worker's script (by default beside the running bundle: save-worker.ts). */
    static async open(hubCache, verb, { worker = workerScript(), ...options } = {}) {
        const [stages, compression] = await Promise.all([entry_stage/* Stages */.e3.open(hubCache), compressionMethod()]);
        const budget = new ServiceBudget({ ...options, verb });
        return new CacheService(stages, budget, compression, cacheLimits(), worker);
    }
    /** Where this step's stages are: main's is removed by post should main be cancelled. */
    get stagesRoot() {
        return this.stages.root;
    }
    /** The entry of `key` (else the newest under a restore key): `{ found }`, or undefined when not asked. */
    find(label, key, restoreKeys) {
        const version = entryVersion(this.compression);
        return this.budget.run('lookup', label, this.limits.lookupMs, async (signal) => ({
            found: await lookup(key, restoreKeys, version, signal)
        }));
    }
    /**
     * The archive `found` names, vetted into a stage of its own (hub-cache/entry-archive.ts) that `use` reads
     * before it is removed; undefined when the budget skipped it. An archive refused for what it holds throws,
     * for that entry alone.
     */
    fetch(label, folder, found, use) {
        const compression = this.compression === 'gzip' ? 'gzip' : 'zstd';
        const receive = (stage) => this.budget.run('download', label, Infinity, async (signal) => {
            await downloadArchive(found.url, this.limits.windowMs, signal, (body, aborted) => (0,entry_archive/* receiveArchive */.SY)(stage.dir, body, compression, aborted));
            return true;
        });
        return this.stages.withStage(folder, receive, use);
    }
    /** Whether saves may still be made; when not, `label` is noted as not saved, under the cause. */
    canSave(label) {
        const stop = this.budget.stopOf('save');
        if (stop)
            this.budget.skip('save', label, stop);
        return !stop;
    }
    /**
     * Stages what `fill` stages (its bytes of content) in a stage of its own and saves it under `key`: the
     * upload's result (undefined when the budget skipped it), or undefined when `fill` staged nothing.
     */
    saveStaged(label, folder, key, fill) {
        return this.stages.withStage(folder, fill, async (stage, bytes) => {
            (0,safe_text/* logInfo */.fH)(`Cache: saving ${label} (${formatBytes(bytes)}) as ${key}`);
            const limit = this.limits.saveMs + (bytes / SAVE_FLOOR_BYTES_PER_S) * 1000;
            // The toolkit has retried inside the worker: an outage it reports is final.
            const save = (signal) => saveInWorker(stage.dir, key, signal, this.worker);
            const result = await this.budget.run('save', label, limit, save, false);
            return { bytes, result };
        });
    }
    /** Removes the step's stages and says, once per cause, what the service cost. */
    async close() {
        await this.stages.close();
        this.budget.report();
    }
}

;// CONCATENATED MODULE: ./build/tsc/actions-cache/save.js
/**
 * The post step's half of caching, carried out as planned (save-plan.ts) and never failing the job: only the
 * entries the service lacks are saved, each through one service budget (a fault of the service is one warning
 * per cause, budget.ts) and a stage of its own; a refused entry is a warning naming it. What no tool makes is
 * removed from the hub cache first, and named once the saves are done.
 */












/** Shown one by one, then counted: a cache full of planted entries must not flood the log. */
const REMOVED_SHOWN = 10;
/** Entries saved at once: each is an archive and an upload. */
const SAVES_AT_ONCE = 2;
/** One post step's saves: the hub cache main restored into, one service budget, this step's stages. */
class CacheSaver {
    cache;
    service;
    removed = [];
    constructor(cache, service) {
        this.cache = cache;
        this.service = service;
    }
    /** The saver of `cache`, or undefined when this post saves nothing (and the log says why). */
    static async open(cache) {
        if (!mayWrite(cache))
            return undefined;
        return new CacheSaver(cache, await CacheService.open(cache.hubCache, 'saved'));
    }
    /**
     * Readies the hub cache for saving (what no tool makes removed, main's leftovers too) and returns the
     * snapshots later steps added since the restore.
     */
    async readyDisk() {
        const { hubCache, mainPid, snapshotsAfterRestore, entries } = this.cache;
        const listed = entries.filter(e => e.listed);
        const ready = await readyForSave(hubCache, mainPid, snapshotsAfterRestore, listed);
        this.removed = ready.removed;
        return ready.added;
    }
    /** Saves what `plan` names, in its order; what became of each entry, the plan's hits and skipped ones too. */
    async carryOut(plan) {
        const listedSaved = await this.saveAll(plan.listed);
        await this.saveIndex(plan.index);
        const addedSaved = await this.saveAll(plan.added);
        if (plan.over.length)
            warnOverCap(plan.over);
        // Stryker disable next-line StringLiteral: the log line's wording (the summary's row of each entry is tested)
        for (const entry of plan.hits)
            (0,safe_text/* logInfo */.fH)(`Cache: ${entries_label(entry)}: exact hit, not saved again.`);
        return [
            ...plan.hits.map(entry => ({ entry, key: entry.key, outcome: 'hit' })),
            ...listedSaved,
            ...addedSaved,
            ...plan.over.map(entry => ({ entry, key: entry.key, outcome: 'skipped' }))
        ];
    }
    /** Names what was removed before saving, removes this step's stages and reports the service's cost. */
    async close() {
        try {
            warnRemoved(this.removed);
        }
        finally {
            await this.service.close();
        }
    }
    saveAll(items) {
        const limit = (0,p_limit/* default */.A)(SAVES_AT_ONCE);
        const { service, cache } = this;
        return Promise.all(items.map(({ entry, key }) => limit(async () => ({ entry, key, outcome: await saveEntry(service, cache.hubCache, entry, key) }))));
    }
    /**
     * The scope's index, saved when what it names changed (its key is the hash of its text). A matrix's legs
     * share a scope, and most write the same index: it is looked up first, as each entry is (a lookup costs far
     * less of the repository's budget than a creation the service refuses).
     */
    async saveIndex(entries) {
        const text = (0,index_file/* encodeIndex */.bj)(entries);
        const key = (0,keys/* indexKey */.mh)(this.cache.scope, text);
        if (key === this.cache.indexKey)
            return;
        const fill = async (stage) => {
            await (0,entry_stage/* writeStagedIndex */.ax)(stage, text);
            return text.length;
        };
        const saved = await saveUnlessFound(this.service, { what: 'the index', key, folder: 'index', fill });
        if (saved.outcome === 'saved')
            (0,safe_text/* logInfo */.fH)(`Cache: saved the index of this job's entries as ${key}`);
    }
}
/** Whether this post saves at all: save-cache, a cache service, a cache mode that permits writes. */
function mayWrite(cache) {
    if (!cache.save) {
        // Stryker disable next-line StringLiteral: the log line's wording
        core.info('Cache: save-cache is false, not saving.');
        return false;
    }
    if (!cacheServiceAvailable()) {
        unavailable();
        return false;
    }
    const mode = cacheMode();
    if (!mode.write) {
        core.info(`Cache: save skipped, the runner's cache mode (ACTIONS_CACHE_MODE=${mode.mode}) does not permit writes.`);
    }
    return mode.write;
}
/** What no tool makes was removed before anything was staged: each named, up to REMOVED_SHOWN (after the saves' own lines). */
function warnRemoved(removed) {
    for (const { rel, kind, why } of removed.slice(0, REMOVED_SHOWN)) {
        const what = kind === 'special' ? 'special file' : kind;
        (0,safe_text/* annotate */.fz)('warning', `Removed ${rel} from the hub cache before saving: ${why}.`, `Hugging Face cache: ${what} removed`);
    }
    if (removed.length > REMOVED_SHOWN) {
        (0,safe_text/* annotate */.fz)('warning', `Removed ${removed.length - REMOVED_SHOWN} more such entries from the hub cache before saving.`, 'Hugging Face cache: entries removed');
    }
}
function warnOverCap(over) {
    (0,safe_text/* annotate */.fz)('warning', `A job saves at most ${save_plan/* MAX_SAVES */.cN} cache entries (half of the 200 uploads a minute GitHub allows a repository, shared by every workflow); ${over.length} later-step downloads were not saved: ${format_namedFew(over.map(entries_label), 10)}. List the repos the job needs in "repos", or download fewer distinct snapshots in later steps.`, 'Hugging Face cache: save limit');
}


/***/ }),

/***/ 2739:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  T: () => (/* binding */ ProxyError),
  t: () => (/* binding */ proxyFault)
});

// EXTERNAL MODULE: ./build/tsc/shared/errors.js
var errors = __webpack_require__(6708);
;// CONCATENATED MODULE: ./build/tsc/http/tls-errors.js
/** What a failed TLS handshake looks like, by error code (Node's and OpenSSL's names). */
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;
/** Whether an error code says a certificate was refused (asking again will not help; a CA may be missing). */
function isCertificateCode(code) {
    return CERTIFICATE_CODE.test(String(code));
}
/** Whether an error code is any TLS failure, a refused certificate included (never a proxy's reachability). */
function isTlsCode(code) {
    return isCertificateCode(code) || /SSL|TLS/.test(String(code));
}

;// CONCATENATED MODULE: ./build/tsc/http/proxy-error.js
/**
 * Whether a failure is the proxy's own, decided in this one place: then it is one clear, unretried error naming
 * the proxy (never its password) and the variable it came from, since asking the Hub again will not help.
 */


/** The proxy itself failed: refused the connection, asked for credentials (407) or refused the tunnel. */
class ProxyError extends errors/* ActionError */.lZ {
    constructor(route, what) {
        const fix = / 407/.test(what) && !route.authorization
            ? `The proxy asks for credentials: put them in ${route.variable} (http://user:password@host:port).`
            : / 407/.test(what)
                ? `The proxy refused the credentials in ${route.variable}: check them.`
                : `Check ${route.variable}, or add the host to no_proxy if it must be reached directly.`;
        super('Proxy failed', `the proxy ${route.shown} (from ${route.variable}) ${what}. ${fix}`);
        this.name = 'ProxyError';
    }
}
/** What connecting to a proxy fails with when the proxy itself cannot be reached. */
const UNREACHABLE = /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/;
/** The proxy's own failure, as a ProxyError; undefined when the failure is not the proxy's. */
function proxyFault(route, evidence) {
    if (evidence.status === 407)
        return new ProxyError(route, 'answered HTTP 407 (proxy authentication required)');
    for (let e = evidence.error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
        if (e instanceof ProxyError)
            return e;
        const { message, code, cause } = e;
        // undici's ProxyAgent, when the proxy refused a CONNECT.
        const status = /Proxy response \((\d{3})\)/.exec(String(message))?.[1];
        if (status)
            return new ProxyError(route, `refused the tunnel (HTTP ${status})`);
        if (typeof code === 'string') {
            // A certificate is the target's (through a tunnel) or the proxy's TLS: not a reachability failure.
            if (!isTlsCode(code) && (UNREACHABLE.test(code) || evidence.beforeConnected))
                return new ProxyError(route, `could not be reached (${code})`);
        }
        e = cause;
    }
    return undefined;
}


/***/ })

};
