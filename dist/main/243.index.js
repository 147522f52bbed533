export const id = 243;
export const ids = [243];
export const modules = {

/***/ 4243:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   describeClaims: () => (/* binding */ describeClaims),
/* harmony export */   idTokenClaims: () => (/* binding */ idTokenClaims),
/* harmony export */   mintIdToken: () => (/* binding */ mintIdToken)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7783);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6708);
/* harmony import */ var _shared_safe_text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(580);
/* harmony import */ var _shared_shape_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3374);
/* harmony import */ var _oidc_resource_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2584);
/**
 * The job's GitHub OIDC id token, minted with `core.getIDToken` (audience = the endpoint's URL, as Python
 * `huggingface_hub` asks): masked the moment it exists; only its non-secret claims are ever printed, to say why
 * no publisher matched. When none can be minted, says why (a fork's pull request, a missing permission).
 */






const PERMISSIONS_YAML = 'permissions: { id-token: write, contents: read }';
/** Why this job cannot mint an id token: a fork's pull request, or a missing permission. */
function noIdTokenError(env) {
    const fork = forkPullRequest(env);
    if (fork) {
        return new _shared_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ('No GitHub id token (pull request from a fork)', `This run is a pull request from the fork ${(0,_shared_safe_text_js__WEBPACK_IMPORTED_MODULE_3__/* .safeText */ .Hk)(fork, 200)}: GitHub gives such runs no id token (and no secrets), so the keyless exchange cannot happen. Run the job without oidc-resource on fork pull requests and set allow-anonymous: true (public repos only), for example oidc-resource: \${{ github.event.pull_request.head.repo.fork && '' || 'your-username' }}.`);
    }
    return new _shared_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ('No GitHub id token', `The job cannot mint a GitHub id token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add "${PERMISSIONS_YAML}" to the job (or the workflow) and run again. Then configure the Hub side: ${(0,_oidc_resource_js__WEBPACK_IMPORTED_MODULE_4__/* .hubSideHint */ .u)()}`);
}
/** The head repository of a pull request from a fork, read from the event payload; undefined otherwise. */
function forkPullRequest(env) {
    if (!env.GITHUB_EVENT_NAME?.startsWith('pull_request') || !env.GITHUB_EVENT_PATH)
        return undefined;
    try {
        const event = JSON.parse(node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
        const head = (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_5__/* .isRecord */ .u4)(event) && (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_5__/* .isRecord */ .u4)(event.pull_request) ? event.pull_request.head : undefined;
        const repo = (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_5__/* .isRecord */ .u4)(head) && (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_5__/* .isRecord */ .u4)(head.repo) ? head.repo : undefined;
        const base = (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_5__/* .isRecord */ .u4)(event) && (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_5__/* .isRecord */ .u4)(event.repository) ? event.repository.full_name : undefined;
        if (!repo)
            return undefined;
        const name = typeof repo.full_name === 'string' ? repo.full_name : 'another repository';
        return repo.fork === true || (typeof base === 'string' && name !== base) ? name : undefined;
    }
    catch {
        return undefined;
    }
}
/** Longest wait for GitHub's id-token service (the toolkit's client has no time limit of its own). */
const ID_TOKEN_TIMEOUT_MS = 60_000;
/** The job's GitHub id token for `audience`, masked before it is returned. */
async function mintIdToken(audience, env = process.env) {
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
        throw noIdTokenError(env);
    let timer;
    try {
        const idToken = await Promise.race([
            _actions_core__WEBPACK_IMPORTED_MODULE_0__.getIDToken(audience),
            new Promise((_, reject) => {
                timer = setTimeout(() => reject(new Error(`no answer within ${ID_TOKEN_TIMEOUT_MS / 1000} s`)), ID_TOKEN_TIMEOUT_MS);
            })
        ]);
        // core.getIDToken has masked it already; it is also cut from anything the action prints.
        (0,_shared_safe_text_js__WEBPACK_IMPORTED_MODULE_3__/* .registerSecret */ .cl)(idToken);
        return idToken;
    }
    catch (error) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .lZ('No GitHub id token', `GitHub's id-token service did not give a token: ${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}. Re-run the job; if it persists, check https://www.githubstatus.com.`);
    }
    finally {
        clearTimeout(timer);
    }
}
/** Claims the Hub matches publishers on, read from the id token's payload (never its signature). */
const MATCHED_CLAIMS = ['repository', 'ref', 'workflow', 'workflow_ref', 'environment', 'sub'];
function idTokenClaims(idToken) {
    const payload = idToken.split('.')[1] ?? '';
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        if (!(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_5__/* .isRecord */ .u4)(claims))
            return {};
        const out = {};
        for (const name of MATCHED_CLAIMS)
            if (typeof claims[name] === 'string')
                out[name] = claims[name];
        return out;
    }
    catch {
        return {};
    }
}
function describeClaims(idToken) {
    const claims = idTokenClaims(idToken);
    const branch = claims.ref?.startsWith('refs/heads/') ? claims.ref.slice('refs/heads/'.length) : undefined;
    const workflowFile = /\/\.github\/workflows\/([^@]+)@/.exec(claims.workflow_ref ?? '')?.[1];
    const lines = [
        `repository = ${claims.repository ?? '(none)'}`,
        `branch = ${branch ?? '(not a branch)'} (ref = ${claims.ref ?? '(none)'})`,
        `workflow = ${workflowFile ?? claims.workflow ?? '(none)'} (workflow_ref = ${claims.workflow_ref ?? '(none)'})`,
        `environment = ${claims.environment ?? '(none)'}`,
        `sub = ${claims.sub ?? '(none)'}`
    ];
    return lines.map(line => (0,_shared_safe_text_js__WEBPACK_IMPORTED_MODULE_3__/* .safeText */ .Hk)(line, 300)).join('; ');
}


/***/ })

};
