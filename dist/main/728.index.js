export const id = 728;
export const ids = [728];
export const modules = {

/***/ 2728:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   restoreStep: () => (/* binding */ restoreStep)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7783);
/* harmony import */ var _hub_cache_repo_folders_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7544);
/* harmony import */ var _keys_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9296);
/* harmony import */ var _restore_many_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6984);
/* harmony import */ var _service_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7954);
/**
 * The main step's half of caching: the scope's index and one entry per listed repo at its commit, restored a
 * few at a time and each merged into the hub cache, then what the index adds; post learns what to save.
 */





/**
 * Restores each granted repo's entry at its commit (else its newest older one), and the scope's extras.
 * `onStages` learns where the step's stages are before anything is put there (post removes them, should main
 * be cancelled); `listing` gives the Hub's listing each entry is checked against.
 */
async function restoreStep(inputs, granted, onStages = () => undefined, listing) {
    const scope = (0,_keys_js__WEBPACK_IMPORTED_MODULE_2__/* .cacheScope */ .ju)(inputs.cacheKey);
    const key = (0,_keys_js__WEBPACK_IMPORTED_MODULE_2__/* .indexPrefix */ .jE)(scope);
    if (!(0,_service_js__WEBPACK_IMPORTED_MODULE_4__/* .cacheServiceAvailable */ .jI)()) {
        (0,_restore_many_js__WEBPACK_IMPORTED_MODULE_3__/* .unavailable */ .hU)();
        return { report: { key, hit: false, entries: [], note: 'cache service unavailable' } };
    }
    const mode = (0,_service_js__WEBPACK_IMPORTED_MODULE_4__/* .cacheMode */ .Mq)();
    const listed = listedEntries(granted);
    if (!mode.read) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__.info(`Cache: restore skipped, the runner's cache mode (ACTIONS_CACHE_MODE=${mode.mode}) does not permit reads.`);
        return {
            report: { key, hit: false, entries: listed, note: `cache mode ${mode.mode}: not restored` },
            state: stateOf(inputs, scope, listed, undefined, [])
        };
    }
    const service = await _service_js__WEBPACK_IMPORTED_MODULE_4__/* .CacheService */ ._C.open(inputs.hubCache, 'restored');
    onStages({ hubCache: inputs.hubCache, root: service.stagesRoot });
    let restored;
    try {
        restored = await restoreEntries(service, inputs.hubCache, scope, listed, listing);
    }
    finally {
        await service.close();
    }
    const hit = listed.length > 0 && listed.every(e => e.restored === 'exact');
    const entries = [...listed, ...restored.extras];
    const snapshots = await (0,_hub_cache_repo_folders_js__WEBPACK_IMPORTED_MODULE_1__/* .cachedCommits */ .h$)(inputs.hubCache);
    return {
        report: { key, matchedKey: restored.indexKey, hit, entries },
        state: stateOf(inputs, scope, entries, restored.indexKey, snapshots)
    };
}
/** One entry a granted repo at its commit, keyed by its file selection. */
function listedEntries(granted) {
    return granted.flatMap(({ spec, commit }) => commit
        ? [
            {
                type: spec.type,
                id: spec.id,
                commit,
                revision: spec.revision,
                key: (0,_keys_js__WEBPACK_IMPORTED_MODULE_2__/* .entryKey */ .k2)(spec.type, spec.id, commit, { globs: spec.globs }),
                listed: true,
                restored: 'none'
            }
        ]
        : []);
}
/**
 * The listed repos' entries (each at its commit, else the repo's newest), restored while the index is (they
 * need nothing from it); then what the index adds (an added commit of a listed repo merges into that repo's
 * folder, so after them).
 */
async function restoreEntries(service, hubCache, scope, listed, listing) {
    const restoreKeys = (entry) => [`${entry.key}/`, (0,_keys_js__WEBPACK_IMPORTED_MODULE_2__/* .repoPrefix */ .xI)(entry.type, entry.id)];
    const [index] = await Promise.all([
        (0,_restore_many_js__WEBPACK_IMPORTED_MODULE_3__/* .restoreIndex */ .Jl)(service, scope),
        (0,_restore_many_js__WEBPACK_IMPORTED_MODULE_3__/* .restoreAll */ .IP)(service, hubCache, listed.map(entry => ({ entry, restoreKeys: restoreKeys(entry) })), listing)
    ]);
    const extras = (0,_restore_many_js__WEBPACK_IMPORTED_MODULE_3__/* .addedInEarlierRuns */ .I$)(index.entries, listed);
    await (0,_restore_many_js__WEBPACK_IMPORTED_MODULE_3__/* .restoreAll */ .IP)(service, hubCache, extras.map(entry => ({ entry, restoreKeys: [] })), listing);
    return { indexKey: index.matchedKey, extras };
}
/** What post needs to decide on saving. */
function stateOf(inputs, scope, entries, indexKey, snapshotsAfterRestore) {
    return {
        hubCache: inputs.hubCache,
        scope,
        indexKey,
        entries,
        snapshotsAfterRestore,
        save: inputs.saveCache,
        mainPid: process.pid
    };
}


/***/ })

};
