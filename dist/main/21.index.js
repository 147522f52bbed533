export const id = 21;
export const ids = [21];
export const modules = {

/***/ 7021:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   restoreForOffline: () => (/* binding */ restoreForOffline)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7783);
/* harmony import */ var _hub_cache_layout_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(378);
/* harmony import */ var _shared_safe_text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(580);
/* harmony import */ var _keys_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9296);
/* harmony import */ var _restore_many_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6984);
/* harmony import */ var _service_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7954);
/**
 * The Hub is down: the entries the scope's index names stand in for it, when they hold every listed repo at
 * its revision.
 */






/**
 * The Hub is down: restore what the scope's index names (each listed repo's entry at the commit its revision
 * had; without an index, the repo's newest entry). When the cache then holds every listed repo at its
 * revision, the report's listed entries give each one's commit in the cache, and later steps can run offline.
 * Undefined when the cache cannot stand in for the Hub (then the step fails with the Hub's error).
 */
async function restoreForOffline(inputs, specs, cause, onStages = () => undefined) {
    if (!(0,_service_js__WEBPACK_IMPORTED_MODULE_5__/* .cacheServiceAvailable */ .jI)() || !(0,_service_js__WEBPACK_IMPORTED_MODULE_5__/* .cacheMode */ .Mq)().read)
        return undefined;
    const scope = (0,_keys_js__WEBPACK_IMPORTED_MODULE_3__/* .cacheScope */ .ju)(inputs.cacheKey);
    const service = await _service_js__WEBPACK_IMPORTED_MODULE_5__/* .CacheService */ ._C.open(inputs.hubCache, 'restored');
    onStages({ hubCache: inputs.hubCache, root: service.stagesRoot });
    try {
        return await restoreFrom(service, inputs.hubCache, scope, specs, cause);
    }
    finally {
        await service.close();
    }
}
async function restoreFrom(service, hubCache, scope, specs, cause) {
    const index = await (0,_restore_many_js__WEBPACK_IMPORTED_MODULE_4__/* .restoreIndex */ .Jl)(service, scope);
    const work = specs.map(spec => {
        const indexed = index.entries.find(e => e.listed && e.type === spec.type && e.id === spec.id && e.revision === spec.revision);
        const prefix = (0,_keys_js__WEBPACK_IMPORTED_MODULE_3__/* .repoPrefix */ .xI)(spec.type, spec.id);
        const entry = {
            type: spec.type,
            id: spec.id,
            commit: indexed?.commit ?? '',
            key: indexed?.key ?? prefix,
            revision: spec.revision,
            listed: true,
            restored: 'none'
        };
        return { spec, entry, restoreKeys: indexed ? [`${indexed.key}/`] : [prefix] };
    });
    const extras = (0,_restore_many_js__WEBPACK_IMPORTED_MODULE_4__/* .addedInEarlierRuns */ .I$)(index.entries, []);
    await (0,_restore_many_js__WEBPACK_IMPORTED_MODULE_4__/* .restoreAll */ .IP)(service, hubCache, [...work, ...extras.map(entry => ({ entry, restoreKeys: [] }))]);
    for (const { entry, spec } of work) {
        const commit = await offlineCommit(hubCache, spec);
        if (!commit)
            return undefined;
        entry.commit = commit;
    }
    const restored = work.filter(w => w.entry.restored !== 'none').length + extras.filter(e => e.restored !== 'none').length;
    _actions_core__WEBPACK_IMPORTED_MODULE_0__.warning(`The Hub could not be reached (${(0,_shared_safe_text_js__WEBPACK_IMPORTED_MODULE_2__/* .safeText */ .Hk)(cause.message)}). The cache holds every listed repo (${restored} entries restored), so later steps run offline (HF_HUB_OFFLINE=1). Their files were NOT verified against the Hub: only against the cache's own listings, which any job of the default branch can write; do not run code from them (trust_remote_code) until a run with the Hub up has checked them.`, { title: 'Hugging Face Hub unreachable: using the cache' });
    return {
        key: (0,_keys_js__WEBPACK_IMPORTED_MODULE_3__/* .indexPrefix */ .jE)(scope),
        matchedKey: index.matchedKey,
        hit: false,
        entries: [...work.map(w => w.entry), ...extras],
        note: `Hub unreachable: restored ${restored} entries${index.matchedKey ? ` named by ${index.matchedKey}` : ''}; their files were not verified against the Hub`,
        unverified: true
    };
}
/**
 * The commit a repo's revision has in the cache, with its snapshot checked against the cache's own listing
 * (`trees/<commit>.json`): with the Hub down there is nothing better to check against, but entries that
 * point elsewhere or at a blob whose content does not match its name are still removed. Undefined when the
 * cache does not hold the repo, or holds no listing to check it with.
 */
async function offlineCommit(hubCache, spec) {
    const repo = new _hub_cache_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .RepoCacheDir */ .y6(hubCache, spec.type, spec.id);
    const commit = await repo.cachedCommit(spec.revision);
    const tree = commit && (await repo.readTree(commit));
    if (!commit || !tree)
        return undefined;
    await repo.pruneSnapshot(commit, (0,_hub_cache_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .blobsByPath */ .HP)(tree));
    return commit;
}


/***/ })

};
