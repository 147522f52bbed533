export const id = 659;
export const ids = [659];
export const modules = {

/***/ 6984:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  I$: () => (/* binding */ addedInEarlierRuns),
  IP: () => (/* binding */ restoreAll),
  Jl: () => (/* binding */ restoreIndex),
  hU: () => (/* binding */ unavailable)
});

// UNUSED EXPORTS: RESTORES_AT_ONCE

// EXTERNAL MODULE: ./build/tsc/node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7783);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
// EXTERNAL MODULE: ./build/tsc/hub-cache/entry-stage.js
var entry_stage = __webpack_require__(5889);
// EXTERNAL MODULE: ./build/tsc/shared/safe-text.js
var safe_text = __webpack_require__(580);
// EXTERNAL MODULE: ./build/tsc/hub/repo-spec.js
var repo_spec = __webpack_require__(8717);
// EXTERNAL MODULE: ./build/tsc/hub-cache/entry-archive.js
var entry_archive = __webpack_require__(3817);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/tsc/shared/safe-fs.js
var safe_fs = __webpack_require__(9704);
// EXTERNAL MODULE: ./build/tsc/shared/shape.js
var shape = __webpack_require__(3374);
// EXTERNAL MODULE: ./build/tsc/hub-cache/blob-hash.js
var blob_hash = __webpack_require__(1360);
// EXTERNAL MODULE: ./build/tsc/hub-cache/layout.js
var layout = __webpack_require__(378);
// EXTERNAL MODULE: ./build/tsc/hub-cache/leftovers.js
var leftovers = __webpack_require__(7986);
// EXTERNAL MODULE: ./build/tsc/hub-cache/path-safety.js
var path_safety = __webpack_require__(2054);
// EXTERNAL MODULE: ./build/tsc/hub-cache/safe-tree.js
var safe_tree = __webpack_require__(7562);
// EXTERNAL MODULE: ./build/tsc/hub-cache/shared-store.js + 1 modules
var shared_store = __webpack_require__(1765);
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
    const xetHash = external_node_path_.basename(target);
    const expected = external_node_path_.relative(external_node_path_.dirname(found.full), (0,shared_store/* storeEntry */.IO)(stage, xetHash).payload);
    return target === expected ? (0,shared_store/* storeEntry */.IO)(stage, xetHash).payload : undefined;
}
/** Merges the stage's `<type>s--owner--name` into the hub cache (see the header). */
async function mergeStage(hubCache, stage, type, id, scope = {}) {
    const repo = new layout/* RepoCacheDir */.y6(hubCache, type, id);
    const folder = external_node_path_.basename(repo.root);
    const merged = { blobs: 0, refused: [], removed: [] };
    // Only the Hub's word names a payload in Python's shared store: etag → Xet hash of the commit's listing.
    const xetHashes = new Map((scope.hubListing ?? []).flatMap(e => (e.xetHash ? [[e.lfsSha256 ?? e.blobId, e.xetHash]] : [])));
    for (const found of await (0,safe_tree/* walk */.GG)(stage, `${folder}/blobs`)) {
        if (found.kind === 'dir' || !(0,entry_stage/* isBlobName */.le)(found.rel))
            continue;
        if (await adopt(hubCache, stage, repo, found, xetHashes))
            merged.blobs++;
        else
            merged.refused.push(found.rel);
    }
    const { commit, hubListing } = scope;
    if (!(0,shape/* isHex40 */.QO)(commit))
        return merged;
    // The stage is a hub cache of its one repo: its listings are read as the hub cache's are.
    const staged = new layout/* RepoCacheDir */.y6(stage, type, id);
    merged.refused.push(...(await mergeSnapshot(stage, staged, repo, folder, commit)));
    await mergeSmallFiles(stage, staged, repo, folder, commit);
    if (hubListing) {
        merged.removed = await repo.pruneSnapshot(commit, (0,layout/* blobsByPath */.HP)(hubListing));
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
    if ((await (0,blob_hash/* blobDigest */.e)(payload, etag)) !== etag)
        return false;
    // Python's store off (HF_HUB_DISABLE_SHARED_BLOBS), or another tool's blobs/: the blob as a regular file.
    await repo.makeDir(external_node_path_.dirname(repo.blobPath(etag)));
    const xetHash = external_node_path_.basename(payload);
    const trusted = xetHashes.get(etag) === xetHash;
    if (trusted &&
        (0,shared_store/* sharedBlobsEnabled */.BI)() &&
        (await (0,shared_store/* adoptIntoStore */.yu)(hubCache, repo.blobPath(etag), payload, xetHash, etag))) {
        await layout/* RepoCacheDir */.y6.remember((0,shared_store/* storeEntry */.IO)(hubCache, xetHash).payload);
        return true;
    }
    if (!(await (0,safe_fs/* pathExists */.s0)(payload)))
        return repo.hasBlob(etag);
    return repo.adoptBlob(etag, payload);
}
/**
 * The commit's snapshot links of Python's shape to a blob now in the hub cache, and (without symlinks) snapshot
 * files whose content hashes to what the entry's listing names, where the hub cache has no entry yet. Returns
 * the files refused.
 */
async function mergeSnapshot(stage, staged, repo, folder, commit) {
    const stageFolder = external_node_path_.join(stage, folder);
    let listing;
    const refused = [];
    for (const found of await (0,safe_tree/* walk */.GG)(stage, `${folder}/snapshots/${commit}`)) {
        const relPath = found.rel;
        // An honest stage holds no temporary file (entry-stage.ts stages none): one here is nobody's to take.
        if (found.kind === 'dir' || (0,leftovers/* isLeftover */.ij)(found))
            continue;
        if (await repo.hasSnapshotEntry(commit, relPath).catch(() => true))
            continue;
        if (found.kind === 'file') {
            listing ??= (0,layout/* blobsByPath */.HP)((await staged.readTree(commit)) ?? []);
            const etag = listing.get(relPath);
            if (etag && (await (0,blob_hash/* blobDigest */.e)(found.full, etag)) === etag)
                await repo.adoptCopy(commit, relPath, found.full);
            else
                refused.push(`snapshots/${commit}/${found.rel}`);
            continue;
        }
        const blob = found.kind === 'link' ? (0,entry_stage/* linkedBlob */.vw)(stageFolder, found.full, found.target) : undefined;
        if (!blob || !(await promises_.lstat(repo.blobPath(blob)).catch(() => undefined)))
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
    for (const ref of await (0,safe_tree/* walk */.GG)(stage, `${folder}/refs`)) {
        if (ref.kind !== 'file' || (await (0,safe_fs/* readRegular */.VX)(ref.full, 1024))?.trim() !== commit)
            continue;
        if ((await repo.readRef(ref.rel).catch(() => 'refused')) !== undefined)
            continue;
        await repo.writeRef(ref.rel, commit);
    }
    const listing = await staged.readTree(commit);
    const listed = new Set(listing?.map(e => e.path));
    if (listing?.every(e => !(0,path_safety/* unsafeReason */.Bf)(e.path)) && !(await repo.readTree(commit)))
        await repo.writeTree(commit, listing);
    let markers = 0;
    for (const marker of await (0,safe_tree/* walk */.GG)(stage, `${folder}/.no_exist/${commit}`)) {
        if (marker.kind !== 'file' || listed.has(marker.rel))
            continue;
        if (++markers > MAX_MARKERS)
            break;
        await repo.markAbsent(commit, marker.rel);
    }
}

// EXTERNAL MODULE: ./build/tsc/shared/errors.js
var errors = __webpack_require__(6708);
// EXTERNAL MODULE: ./build/tsc/shared/format.js
var format = __webpack_require__(6080);
// EXTERNAL MODULE: ./build/tsc/actions-cache/keys.js
var keys = __webpack_require__(9296);
;// CONCATENATED MODULE: ./build/tsc/actions-cache/entries.js
/**
 * One entry through the service: looked up, its archive vetted into a stage and merged into the hub cache
 * (main); or staged from the hub cache and saved (post). The stage is removed either way, so nothing the
 * service sent stays outside what the merge took.
 */









const label = (e) => `${(0,repo_spec/* repoLabel */.pq)(e)}@${e.commit.slice(0, 7)}`;
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
        : (0,keys/* commitOfKey */.I$)(matchedKey, entry.type, entry.id);
    return entry.listed || checked ? commit : undefined;
}
/**
 * Restores one entry (`restoreKeys`: where to look when its key misses) and merges it, checked against the
 * Hub's listing when `listing` gives it; what was found.
 */
async function restoreOne(service, hubCache, entry, restoreKeys, listing) {
    const what = label(entry);
    const found = (await service.find(what, entry.key, restoreKeys))?.found;
    if (!found)
        return 'none';
    try {
        const hubListing = entry.commit ? await listing?.(entry.type, entry.id, entry.commit) : undefined;
        const commit = commitToTake(entry, found.matchedKey, hubListing !== undefined);
        const merged = await service.fetch(what, (0,layout/* repoFolderName */.IO)(entry.type, entry.id), found, stage => mergeStage(hubCache, stage.hub, entry.type, entry.id, { commit, hubListing }));
        if (!merged)
            return 'none';
        entry.matchedKey = found.matchedKey;
        if (!entry.commit && commit)
            entry.commit = commit;
        if (merged.refused.length) {
            (0,safe_text/* annotate */.fz)('warning', `The cache entry ${found.matchedKey} held ${merged.refused.length} blob(s) whose content does not match their name; they were left out and are fetched again.`, `Hugging Face cache: ${(0,repo_spec/* repoLabel */.pq)(entry)}: blobs refused`);
        }
        if (merged.removed.length)
            return untrue(entry, found.matchedKey, merged.removed);
        // An exact entry that held a wrong blob is no hit: what it lacked is fetched again.
        if (found.matchedKey !== entry.key)
            return 'other';
        return merged.refused.length ? 'none' : 'exact';
    }
    catch (error) {
        const refused = error instanceof entry_archive/* RefusedArchive */.$6;
        (0,safe_text/* annotate */.fz)('warning', refused
            ? `The cache entry ${found.matchedKey} of ${what} was not used: ${(0,errors/* errorMessage */.gJ)(error)}. No honest save makes such an entry: delete it (gh cache delete "${found.matchedKey}", or Actions → Caches) and find which job of the default branch wrote it.`
            : `Restoring ${what} from the cache failed, continuing without it: ${(0,errors/* errorMessage */.gJ)(error)}`, refused ? `Hugging Face cache: ${(0,repo_spec/* repoLabel */.pq)(entry)}: entry refused` : 'Cache restore failed');
        return 'none';
    }
}
/** An entry that did not match the Hub's listing of its commit: no hit, and how to be rid of it. */
function untrue(entry, matchedKey, removed) {
    const named = (0,format/* namedFew */.e)(removed, 5);
    (0,safe_text/* annotate */.fz)('warning', `The cache entry ${matchedKey} held ${removed.length} file(s) the Hub's listing of ${label(entry)} does not have as they were (${named}); they were removed and are fetched again. No honest save makes such an entry: delete it (gh cache delete "${matchedKey}", or Actions → Caches) so the next run saves it anew, and find which job of the default branch wrote it.`, `Hugging Face cache: ${(0,repo_spec/* repoLabel */.pq)(entry)}: entry does not match the Hub`);
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
    const what = label(entry);
    const folder = repoFolderName(entry.type, entry.id);
    const saved = await saveUnlessFound(service, {
        what,
        key,
        folder,
        fill: async (stage) => (await stageSnapshot(hubCache, stage.hub, folder, entry.commit))?.bytes
    });
    if (saved.outcome === 'exists')
        logInfo(`Cache: ${what} is saved as ${key} (by another job).`);
    if (saved.outcome === 'refused') {
        annotate('warning', `The cache entry of ${what} (${formatBytes(saved.bytes ?? 0)}) was not saved (${saved.message}), so the next run downloads it again; the other repos' entries are not affected. If it is too large for the cache, narrow its files with globs in "repos" (for example *.json *.safetensors).`, `Hugging Face cache: ${repoLabel(entry)} not saved`);
    }
    return saved.outcome;
}

// EXTERNAL MODULE: ./build/tsc/actions-cache/index-file.js
var index_file = __webpack_require__(3693);
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
    const prefix = (0,keys/* indexPrefix */.jE)(scope);
    const found = (await service.find('the index', prefix, []))?.found;
    if (!found)
        return { entries: [] };
    const read = await service
        .fetch('the index', 'index', found, async (stage) => ({
        text: await (0,entry_stage/* readStagedIndex */.h6)(stage, index_file/* MAX_INDEX_BYTES */.w2)
    }))
        .catch(() => undefined);
    if (!read)
        return { entries: [] };
    return { matchedKey: found.matchedKey, entries: read.text === undefined ? [] : (0,index_file/* parseIndex */.A1)(read.text) };
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
    const limit = (0,p_limit/* default */.A)(RESTORES_AT_ONCE);
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
    (0,safe_text/* logInfo */.fH)(`Cache: ${label(entry)}: ${what}`);
}
/** Entries the index names that a later step added in an earlier run of this scope (not the listed repos' commits). */
function addedInEarlierRuns(index, listed) {
    return index
        .filter(e => !e.listed)
        .filter(e => !listed.some(l => l.type === e.type && l.id === e.id && l.commit === e.commit))
        .map(e => ({ ...e, listed: false, restored: 'none' }));
}
const unavailable = () => core.warning('The GitHub Actions cache service is not available to this job (no ACTIONS_RESULTS_URL with ACTIONS_CACHE_SERVICE_V2 and ACTIONS_RUNTIME_TOKEN): the Hugging Face cache is neither restored nor saved.', { title: 'Cache service unavailable' });


/***/ }),

/***/ 7954:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  _C: () => (/* binding */ CacheService),
  Mq: () => (/* binding */ cacheMode),
  jI: () => (/* binding */ cacheServiceAvailable)
});

// UNUSED EXPORTS: cacheLimits

// EXTERNAL MODULE: ./build/tsc/hub-cache/entry-archive.js
var entry_archive = __webpack_require__(3817);
// EXTERNAL MODULE: ./build/tsc/shared/format.js
var format = __webpack_require__(6080);
// EXTERNAL MODULE: ./build/tsc/shared/safe-text.js
var safe_text = __webpack_require__(580);
// EXTERNAL MODULE: ./build/tsc/hub-cache/entry-stage.js
var entry_stage = __webpack_require__(5889);
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
            const what = `Not ${this.options.verb}: ${(0,format/* namedFew */.e)(entries, NAMED)}.`;
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

// EXTERNAL MODULE: ./build/tsc/http/stream.js + 3 modules
var stream = __webpack_require__(5128);
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
        const response = await (0,stream.streamGet)(url, { signal: controller.signal }).catch((error) => {
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

// EXTERNAL MODULE: ./build/tsc/node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7783);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
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

// EXTERNAL MODULE: ./build/tsc/http/fetch-api.js
var fetch_api = __webpack_require__(7507);
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
        response = await (0,fetch_api/* fetchApi */.Z)(new URL(`${SERVICE}/GetCacheEntryDownloadURL`, base).href, {
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
            (0,safe_text/* logInfo */.fH)(`Cache: saving ${label} (${(0,format/* formatBytes */.z)(bytes)}) as ${key}`);
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


/***/ }),

/***/ 3817:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $6: () => (/* binding */ RefusedArchive),
/* harmony export */   SY: () => (/* binding */ receiveArchive),
/* harmony export */   m7: () => (/* binding */ ARCHIVE_ROOT)
/* harmony export */ });
/* unused harmony exports MAX_MEMBERS, vetMember */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_events__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8474);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8522);
/* harmony import */ var tar__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8697);
/* harmony import */ var _shared_safe_text_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(580);
/**
 * A restored entry's archive, read and written by the action's own code: whatever key it came under, any job
 * of the repository's default branch could have uploaded it, and `tar -x -P` (what `@actions/cache` runs)
 * writes member names as they are — absolute, `../`, through a link it just made. So the archive is read as a
 * stream (decompressed by `zstd`, or zlib for gzip), each member vetted before anything of it is written, and
 * the first member that fails refuses the whole entry (an honest save never makes one):
 *
 * - its name lies below `hub/` (the one path entries are saved as), with no empty, `.` or `..` part and no
 *   control character, and no earlier member of that name;
 * - it is a folder, a regular file or a symbolic link — never a hard link, a device or a FIFO;
 * - a link's target is relative and stays inside `hub/`; no member lies below a link.
 *
 * Files are created exclusively (never through anything already there) with plain modes, in a stage folder
 * of this step's own (entry-stage.ts) that nothing else reads until the merge has checked what it holds.
 * `tar`'s Parser reads the format (ustar, pax and GNU long names, as GNU tar writes them); it writes nothing.
 */







/** The archive's top folder: the one path entries are saved as. */
const ARCHIVE_ROOT = 'hub';
/** Far more members than one repo at one commit has; more is not an entry this action saved. */
const MAX_MEMBERS = 200_000;
class RefusedArchive extends Error {
    constructor(reason) {
        super(`the archive was refused: ${reason}`);
        this.name = 'RefusedArchive';
    }
}
/** A control character or a backslash (a separator on Windows): no name of an honest entry has one. */
// eslint-disable-next-line no-control-regex
const UNPLAIN = /[\u0000-\u001f\u007f\\]/;
const ACCEPTED = new Set(['Directory', 'File', 'OldFile', 'ContiguousFile', 'SymbolicLink']);
/** Why a member may not be written, or undefined when it may (see the header). */
function vetMember(name, type, linkTarget, seen, links) {
    const rel = name.replace(/\/+$/, '');
    const parts = rel.split('/');
    if (UNPLAIN.test(name))
        return 'a name with a control character';
    if (rel.length > 4096)
        return 'a name of over 4,096 characters';
    if (rel.startsWith('/') || parts[0] !== ARCHIVE_ROOT)
        return `a member outside ${ARCHIVE_ROOT}/`;
    if (parts.some(p => p === '' || p === '.' || p === '..'))
        return 'a member whose name climbs or is not plain';
    if (seen.has(rel))
        return 'a member written twice';
    for (let i = 1; i < parts.length; i++)
        if (links.has(parts.slice(0, i).join('/')))
            return 'a member below a link';
    if (!ACCEPTED.has(type))
        return `a member of type ${type} (only folders, files and links are taken)`;
    if (type === 'SymbolicLink') {
        const target = linkTarget ?? '';
        if (!target || target.startsWith('/') || UNPLAIN.test(target))
            return 'a link with an absolute target';
        const resolved = node_path__WEBPACK_IMPORTED_MODULE_3__.posix.normalize(node_path__WEBPACK_IMPORTED_MODULE_3__.posix.join(node_path__WEBPACK_IMPORTED_MODULE_3__.posix.dirname(rel), target));
        if (resolved !== ARCHIVE_ROOT && !resolved.startsWith(`${ARCHIVE_ROOT}/`))
            return 'a link that leads out of the entry';
    }
    return undefined;
}
function decompressor(compression) {
    if (compression === 'gzip') {
        const gunzip = node_zlib__WEBPACK_IMPORTED_MODULE_4__.createGunzip();
        return { input: gunzip, output: gunzip, ended: (0,node_events__WEBPACK_IMPORTED_MODULE_1__.once)(gunzip, 'end').then(() => undefined) };
    }
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('zstd', ['-d', '-c', '-q'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const ended = new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', code => code === 0 ? resolve() : reject(new RefusedArchive(`zstd could not decompress it (exit ${code})`)));
    });
    child.stdin.on('error', () => undefined);
    return { input: child.stdin, output: child.stdout, ended };
}
/** Writes the accepted members of `archive` below `stageDir` (see the header). */
async function receiveArchive(stageDir, archive, compression, signal) {
    const members = new Members(stageDir);
    const parser = new tar__WEBPACK_IMPORTED_MODULE_5__/* .Parser */ .iX({
        strict: true,
        // Each member is consumed by writeMember (or skipped), once its folder exists.
        noResume: true,
        onReadEntry: (entry) => members.take(entry)
    });
    const parsed = new Promise((resolve, reject) => {
        parser.on('end', resolve);
        parser.on('error', (error) => reject(new RefusedArchive(error.message)));
    });
    parsed.catch(() => undefined);
    const { input, output, ended } = decompressor(compression);
    ended.catch(() => undefined);
    const feeding = feed(input, archive, signal);
    feeding.catch(() => undefined);
    for await (const chunk of output) {
        if (signal?.aborted)
            break;
        if (!parser.write(chunk))
            await (0,node_events__WEBPACK_IMPORTED_MODULE_1__.once)(parser, 'drain');
    }
    if (signal?.aborted) {
        input.destroy();
        throw signal.reason;
    }
    parser.end();
    await Promise.all([feeding, ended, parsed]);
    return members.written();
}
/** The members of one archive as they are read: each vetted, then written or skipped; the first refusal kept. */
class Members {
    stageDir;
    received = { files: 0, bytes: 0 };
    seen = new Set();
    links = new Set();
    writes = [];
    refusal;
    constructor(stageDir) {
        this.stageDir = stageDir;
    }
    take(entry) {
        const reason = this.refusal?.message ??
            (this.seen.size >= MAX_MEMBERS ? 'more members than an entry holds' : undefined) ??
            vetMember(entry.path, entry.type, entry.linkpath, this.seen, this.links);
        if (reason) {
            this.refuse(new RefusedArchive(`${reason} (${(0,_shared_safe_text_js__WEBPACK_IMPORTED_MODULE_6__/* .safeText */ .Hk)(entry.path, 200)})`));
            entry.resume();
            return;
        }
        const rel = entry.path.replace(/\/+$/, '');
        this.seen.add(rel);
        if (entry.type === 'SymbolicLink')
            this.links.add(rel);
        const write = writeMember(entry, node_path__WEBPACK_IMPORTED_MODULE_3__.join(this.stageDir, ...rel.split('/'))).then(bytes => {
            if (entry.type === 'Directory' || entry.type === 'SymbolicLink')
                return;
            this.received.files++;
            this.received.bytes += bytes;
        }, this.refuse);
        this.writes.push(write);
    }
    /** What was written, once every write ended; the refusal, if any member was refused. */
    async written() {
        await Promise.all(this.writes);
        if (this.refusal)
            throw this.refusal;
        return this.received;
    }
    refuse = (error) => {
        this.refusal ??= error;
    };
}
async function feed(input, archive, signal) {
    try {
        for await (const piece of archive) {
            if (signal?.aborted)
                throw signal.reason;
            if (!input.write(piece))
                await (0,node_events__WEBPACK_IMPORTED_MODULE_1__.once)(input, 'drain');
        }
    }
    finally {
        input.end();
    }
}
/** One accepted member: a folder, a link as written, or a new regular file with its bytes. */
async function writeMember(entry, full) {
    if (entry.type === 'Directory') {
        entry.resume();
        await node_fs__WEBPACK_IMPORTED_MODULE_2__.promises.mkdir(full, { recursive: true, mode: 0o755 });
        return 0;
    }
    await node_fs__WEBPACK_IMPORTED_MODULE_2__.promises.mkdir(node_path__WEBPACK_IMPORTED_MODULE_3__.dirname(full), { recursive: true, mode: 0o755 });
    if (entry.type === 'SymbolicLink') {
        entry.resume();
        await node_fs__WEBPACK_IMPORTED_MODULE_2__.promises.symlink(entry.linkpath, full);
        return 0;
    }
    const out = node_fs__WEBPACK_IMPORTED_MODULE_2__.createWriteStream(full, { flags: 'wx', mode: 0o644 });
    const closed = new Promise((resolve, reject) => {
        out.on('close', resolve);
        out.on('error', error => {
            entry.resume();
            reject(error);
        });
    });
    entry.pipe(out);
    await closed;
    return out.bytesWritten;
}


/***/ }),

/***/ 5889:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e3: () => (/* binding */ Stages),
/* harmony export */   h6: () => (/* binding */ readStagedIndex),
/* harmony export */   le: () => (/* binding */ isBlobName),
/* harmony export */   vw: () => (/* binding */ linkedBlob)
/* harmony export */ });
/* unused harmony exports STAGE_DIR, STALE_STAGES_MS, Stage, removeStages, removeStaleStages, stageSnapshot, writeStagedIndex */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9704);
/* harmony import */ var _shared_shape_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(3374);
/* harmony import */ var _shared_temp_name_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4309);
/* harmony import */ var _entry_archive_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3817);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(378);
/* harmony import */ var _leftovers_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7986);
/* harmony import */ var _repo_folders_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7544);
/* harmony import */ var _safe_tree_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(7562);
/* harmony import */ var _shared_store_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(1765);
/**
 * Where an entry lives on disk between the cache service and the hub cache: a stage, a small hub cache of one
 * repo at one commit (its snapshot, the blobs it links, the refs naming the commit, its listing and `.no_exist`
 * markers, and the payloads of Python's shared store those blobs link to) under `<stage>/hub/`, the one path
 * every entry is archived as (so an entry's identity never depends on where the hub cache is).
 *
 * Each step has a folder of its own, `<hub cache>/.hf-auth-action/<pid>-<12 hex>/` (same disk: blobs are
 * hard-linked, not copied), and each entry a fresh stage in it: no two users of one stage, in this process or
 * in another job sharing a persistent `hf-home`. A step removes its own folder when done (post also removes
 * main's, should main have been cancelled, and any left by a step that died long ago); the folder above them is
 * removed when empty, and made again when another step's removal raced its creation.
 *
 * Only what has the shape Python gives it is staged (snapshot links to `../../blobs/<etag>`, blobs that are
 * regular files or links of exactly the store's shape; without symlinks, snapshot files the listing names),
 * read through real folders only (safe-tree.ts): a link a later step planted is never followed into the stage.
 */












/** Where steps' stage folders live, inside the hub cache (Python's cache scan skips what is not a repo's). */
const STAGE_DIR = '.hf-auth-action';
/** A step's folder untouched this long belongs to a step that died (a job's default time limit is 6 hours). */
const STALE_STAGES_MS = (/* unused pure expression or super */ null && (6 * 60 * 60 * 1000));
const isBlobName = (name) => (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_11__/* .isHex40 */ .QO)(name) || (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_11__/* .isHex64 */ .mo)(name);
/** One entry's stage: `dir` is what the archive is made from (it holds `hub/`), `hub` the small hub cache. */
class Stage {
    dir;
    hub;
    constructor(dir) {
        this.dir = dir;
        this.hub = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, _entry_archive_js__WEBPACK_IMPORTED_MODULE_5__/* .ARCHIVE_ROOT */ .m7);
    }
}
/** A step's stages (see the header). */
class Stages {
    hubCache;
    root;
    count = 0;
    constructor(hubCache, 
    /** This step's folder, absolute: post removes main's by it. */
    root) {
        this.hubCache = hubCache;
        this.root = root;
    }
    /** Makes this step's folder (a link planted at `.hf-auth-action` is removed first, never followed). */
    static async open(hubCache) {
        const cache = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(hubCache);
        const parent = node_path__WEBPACK_IMPORTED_MODULE_2__.join(cache, STAGE_DIR);
        const root = node_path__WEBPACK_IMPORTED_MODULE_2__.join(parent, (0,_shared_temp_name_js__WEBPACK_IMPORTED_MODULE_4__/* .uniqueSuffix */ .v_)());
        for (let tries = 0;; tries++) {
            if ((await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .checkFolder */ .p$)(cache, parent)).state === 'foreign')
                await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .remove */ .TF)(cache, parent);
            try {
                if ((await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .checkFolder */ .p$)(cache, root, true)).state === 'real')
                    return new Stages(cache, root);
            }
            catch (error) {
                // Another step removed the (empty) folder above between two of our mkdirs: make it again.
                if (error.code !== 'ENOENT' || tries >= 5)
                    throw error;
                continue;
            }
            // Something not a folder stands in the way again and again: not a race, so no endless loop.
            if (tries >= 5)
                throw new Error(`${root} could not be made a folder of this step's own`);
        }
    }
    /**
     * One entry's stage, for as long as the entry needs it: made fresh, filled by `fill` (an archive received, a
     * snapshot or the index staged), handed to `use` with what `fill` gave, and removed whatever happens. Nothing
     * else makes or removes a stage. Undefined, without `use`, when `fill` gave nothing.
     */
    async withStage(label, fill, use) {
        const stage = await this.fresh(label);
        try {
            const filled = await fill(stage);
            return filled === undefined ? undefined : await use(stage, filled);
        }
        finally {
            await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .remove */ .TF)(this.hubCache, stage.dir).catch(() => undefined);
        }
    }
    async fresh(label) {
        const dir = node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.root, `${++this.count}-${label.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100)}`);
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir(dir);
        return new Stage(dir);
    }
    /** Removes this step's folder, and the folder above when no other step uses it. */
    async close() {
        await removeStages(this.hubCache, this.root);
    }
}
/** Removes a step's stage folder (main's, from post) and the folder above when empty. */
async function removeStages(hubCache, root) {
    const cache = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(hubCache);
    const parent = node_path__WEBPACK_IMPORTED_MODULE_2__.join(cache, STAGE_DIR);
    if (node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(root)) !== parent)
        return;
    await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .remove */ .TF)(cache, node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(root)).catch(() => undefined);
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rmdir(parent).catch(() => undefined);
}
/**
 * Removes what no live step uses: a link or file where the stages' folder should be, and step folders left by
 * steps that died (untouched for STALE_STAGES_MS). Another job's step sharing this hub cache keeps its own.
 */
async function removeStaleStages(hubCache, now = Date.now()) {
    const cache = path.resolve(hubCache);
    const parent = path.join(cache, STAGE_DIR);
    const check = await checkFolder(cache, parent);
    if (check.state === 'foreign')
        return void (await remove(cache, parent));
    if (check.state === 'absent')
        return;
    for (const { name, kind } of await list(cache, STAGE_DIR)) {
        const full = path.join(parent, name);
        const stat = await fs.lstat(full).catch(() => undefined);
        if (kind !== 'dir' || (stat && now - stat.mtimeMs > STALE_STAGES_MS))
            await remove(cache, full);
    }
    await fs.rmdir(parent).catch(() => undefined);
}
/** The blob a snapshot link points at (`<etag>`), when the link has Python's shape; undefined otherwise. */
function linkedBlob(folderDir, linkPath, target) {
    const name = node_path__WEBPACK_IMPORTED_MODULE_2__.basename(target);
    if (!isBlobName(name))
        return undefined;
    const expected = node_path__WEBPACK_IMPORTED_MODULE_2__.relative(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(linkPath), node_path__WEBPACK_IMPORTED_MODULE_2__.join(folderDir, 'blobs', name));
    return target === expected ? name : undefined;
}
/** A hard link (same disk: no bytes copied), or a copy where the file system has none. */
async function linkOrCopy(source, target) {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.link(source, target).catch(() => fs.copyFile(source, target, constants.COPYFILE_EXCL));
}
/**
 * Stages `folder` at `commit` into `stage` (a fresh stage's `hub`, see the header); undefined when the hub
 * cache holds no such snapshot.
 */
async function stageSnapshot(hubCache, stage, folder, commit) {
    const root = path.resolve(hubCache);
    const from = path.join(root, folder);
    const to = path.join(stage, folder);
    const snapshot = `${folder}/snapshots/${commit}`;
    const entries = (await walk(root, snapshot)).filter(e => !isLeftover(e));
    const repo = parseRepoFolder(folder);
    if (!repo || !isHex40(commit) || !entries.some(e => e.kind === 'link' || e.kind === 'file'))
        return undefined;
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
        if (ref.kind !== 'file' || isLeftover(ref))
            continue;
        if ((await read(root, ref.full, 1024))?.trim() !== commit)
            continue;
        await fs.mkdir(path.dirname(path.join(to, 'refs', ref.rel)), { recursive: true });
        await writeExclusive(path.join(to, 'refs', ref.rel), commit);
    }
    const tree = (await walk(root, `${folder}/trees`)).find(f => f.rel === `${commit}.json`);
    if (tree?.kind === 'file')
        await linkOrCopy(tree.full, path.join(to, 'trees', tree.rel));
    // A marker naming a file the commit has (a later step may plant one) is never saved.
    const repo = parseRepoFolder(folder);
    const listed = new Set((await new RepoCacheDir(root, repo.type, repo.id).readTree(commit))?.map(e => e.path));
    for (const marker of await walk(root, `${folder}/.no_exist/${commit}`)) {
        if (marker.kind !== 'file' || isLeftover(marker) || listed.has(marker.rel))
            continue;
        const file = path.join(to, '.no_exist', commit, marker.rel);
        await fs.mkdir(path.dirname(file), { recursive: true });
        await writeExclusive(file, '');
    }
}
/** The index entry's one file, in its stage's `hub/`. */
const INDEX_FILE = 'entries.json';
/** Writes an index entry's file into a fresh stage. */
async function writeStagedIndex(stage, text) {
    await fs.mkdir(stage.hub, { recursive: true });
    await writeExclusive(path.join(stage.hub, INDEX_FILE), text);
}
/** A restored index entry's file (a regular file, at most `maxBytes`), or undefined. */
async function readStagedIndex(stage, maxBytes) {
    return (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .read */ .LF)(stage.dir, node_path__WEBPACK_IMPORTED_MODULE_2__.join(stage.hub, INDEX_FILE), maxBytes);
}


/***/ })

};
