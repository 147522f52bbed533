export const id = 725;
export const ids = [725];
export const modules = {

/***/ 725:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  keylessToken: () => (/* binding */ keylessToken)
});

// EXTERNAL MODULE: ./build/tsc/hub/client.js + 4 modules
var client = __webpack_require__(2765);
// EXTERNAL MODULE: ./build/tsc/hub/retry-log.js
var retry_log = __webpack_require__(2540);
// EXTERNAL MODULE: ./build/tsc/node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7783);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./build/tsc/shared/errors.js
var errors = __webpack_require__(6708);
// EXTERNAL MODULE: ./build/tsc/shared/safe-text.js
var safe_text = __webpack_require__(580);
// EXTERNAL MODULE: ./build/tsc/shared/shape.js
var shape = __webpack_require__(3374);
// EXTERNAL MODULE: ./build/tsc/auth/oidc-resource.js
var oidc_resource = __webpack_require__(2584);
;// CONCATENATED MODULE: ./build/tsc/auth/github-id-token.js
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
        return new errors/* ActionError */.lZ('No GitHub id token (pull request from a fork)', `This run is a pull request from the fork ${(0,safe_text/* safeText */.Hk)(fork, 200)}: GitHub gives such runs no id token (and no secrets), so the keyless exchange cannot happen. Run the job without oidc-resource on fork pull requests and set allow-anonymous: true (public repos only), for example oidc-resource: \${{ github.event.pull_request.head.repo.fork && '' || 'your-username' }}.`);
    }
    return new errors/* ActionError */.lZ('No GitHub id token', `The job cannot mint a GitHub id token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): add "${PERMISSIONS_YAML}" to the job (or the workflow) and run again. Then configure the Hub side: ${(0,oidc_resource/* hubSideHint */.u)()}`);
}
/** The head repository of a pull request from a fork, read from the event payload; undefined otherwise. */
function forkPullRequest(env) {
    if (!env.GITHUB_EVENT_NAME?.startsWith('pull_request') || !env.GITHUB_EVENT_PATH)
        return undefined;
    try {
        const event = JSON.parse(external_node_fs_.readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
        const head = (0,shape/* isRecord */.u4)(event) && (0,shape/* isRecord */.u4)(event.pull_request) ? event.pull_request.head : undefined;
        const repo = (0,shape/* isRecord */.u4)(head) && (0,shape/* isRecord */.u4)(head.repo) ? head.repo : undefined;
        const base = (0,shape/* isRecord */.u4)(event) && (0,shape/* isRecord */.u4)(event.repository) ? event.repository.full_name : undefined;
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
            core.getIDToken(audience),
            new Promise((_, reject) => {
                timer = setTimeout(() => reject(new Error(`no answer within ${ID_TOKEN_TIMEOUT_MS / 1000} s`)), ID_TOKEN_TIMEOUT_MS);
            })
        ]);
        // core.getIDToken has masked it already; it is also cut from anything the action prints.
        (0,safe_text/* registerSecret */.cl)(idToken);
        return idToken;
    }
    catch (error) {
        throw new errors/* ActionError */.lZ('No GitHub id token', `GitHub's id-token service did not give a token: ${(0,errors/* errorMessage */.gJ)(error)}. Re-run the job; if it persists, check https://www.githubstatus.com.`);
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
        if (!(0,shape/* isRecord */.u4)(claims))
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
    return lines.map(line => (0,safe_text/* safeText */.Hk)(line, 300)).join('; ');
}

// EXTERNAL MODULE: ./build/tsc/hub/body.js
var hub_body = __webpack_require__(5233);
// EXTERNAL MODULE: ./build/tsc/hub/errors.js
var hub_errors = __webpack_require__(966);
// EXTERNAL MODULE: ./build/tsc/auth/token.js
var auth_token = __webpack_require__(77);
;// CONCATENATED MODULE: ./build/tsc/auth/oidc-exchange.js
/**
 * Keyless authentication with the Hub's Trusted Publishers: the job's GitHub id token (github-id-token.ts)
 * is exchanged at `{endpoint}/oauth/token` (RFC 8693) for a one-hour Hugging Face token, masked the moment it
 * is validated. The exchange goes to the endpoint and nowhere else: a redirect is never followed.
 */









const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
/** An `invalid_grant` this slow, or saying the operation was aborted, has been a transient server fault. */
const SLOW_EXCHANGE_MS = 8_000;
async function readOAuthError(res) {
    const info = await (0,hub_body/* readHubError */.Uy)(res.clone());
    let error = '';
    let description = '';
    try {
        const body = JSON.parse(await (0,hub_body/* readCapped */.EF)(res, 64 * 1024, hub_body/* ERROR_BODY_TIMEOUT_MS */.$Q));
        if ((0,shape/* isRecord */.u4)(body)) {
            if (typeof body.error === 'string')
                error = body.error;
            if (typeof body.error_description === 'string')
                description = body.error_description;
        }
    }
    catch {
        // not the OAuth error shape; the status says enough
    }
    return {
        error,
        description: description || (error ? '' : (0,hub_errors/* describeHubError */.zA)(info)),
        status: res.status,
        requestId: info.requestId
    };
}
/**
 * Exchanges the id token for a Hugging Face token. Transient failures (5xx, 429, timeouts) are retried by
 * the client; an `invalid_grant` that looks like a server fault is retried once.
 */
async function exchangeIdToken(client, idToken, resource) {
    const body = JSON.stringify({
        grant_type: GRANT_TYPE,
        subject_token_type: ID_TOKEN_TYPE,
        subject_token: idToken,
        resource: resource.value
    });
    for (let retried = false;; retried = true) {
        const started = Date.now();
        // Never followed: the id token (its audience is this endpoint) goes to the endpoint and nowhere else.
        const res = await client.request('/oauth/token', {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body,
            redirect: 'manual'
        });
        if (res.status >= 300 && res.status < 400) {
            await res.body?.cancel().catch(() => undefined);
            throw redirectError(res, client.endpoint);
        }
        if (res.ok)
            return parseExchange(await (0,hub_body/* readJson */.Vh)(res, 64 * 1024, EXCHANGE), resource);
        const failure = await readOAuthError(res);
        const transient = failure.error === 'invalid_grant' &&
            (Date.now() - started >= SLOW_EXCHANGE_MS || /operation was aborted/i.test(failure.description));
        if (transient && !retried) {
            core.info('The token exchange answered invalid_grant after what looks like a server fault; trying once more.');
            continue;
        }
        throw exchangeError(failure, idToken, resource, client.endpoint);
    }
}
/** The exchange answered with a redirect, which is not followed: where it pointed, and what to do. */
/** How the exchange is named in errors about its answer. */
const EXCHANGE = 'the token exchange (/oauth/token)';
function redirectError(res, endpoint) {
    let target = 'nowhere valid';
    try {
        target = new URL(res.headers.get('location') ?? '', `${endpoint}/oauth/token`).origin;
    }
    catch {
        // an unparsable Location: said as "nowhere valid"
    }
    return new errors/* ActionError */.lZ('Hugging Face token exchange failed', `The token exchange at ${endpoint}/oauth/token answered HTTP ${res.status}, a redirect to ${(0,safe_text/* safeText */.Hk)(target, 200)}, which the action does not follow: the job's id token goes to the endpoint itself and nowhere else. Set "endpoint" to the Hub's own URL (a mirror or proxy that redirects cannot do the exchange), or use hf-token with a secret.`);
}
function exchangeError(failure, idToken, resource, endpoint) {
    const said = (0,safe_text/* safeText */.Hk)([failure.error, failure.description].filter(Boolean).join(': ') || `HTTP ${failure.status}`, 300);
    const request = failure.requestId ? ` (request id ${(0,safe_text/* safeText */.Hk)(failure.requestId, 100)})` : '';
    const title = 'Hugging Face token exchange failed';
    if (failure.error === 'invalid_grant') {
        return new errors/* ActionError */.lZ(title, `The Hub found no trusted publisher for "${resource.value}" matching this job (${said})${request}. The Hub matches these claims of the job's id token exactly: ${describeClaims(idToken)}. To fix it, ${(0,oidc_resource/* hubSideHint */.u)(resource, endpoint)} If they match, check that the account is not locked and that the endpoint is the Hub the publisher was made on.`);
    }
    if (failure.error === 'invalid_request') {
        return new errors/* ActionError */.lZ(title, `The Hub refused the exchange request as malformed (${said})${request}: check oidc-resource ("${resource.value}") is your username or an existing repo as [datasets/|spaces/|kernels/]owner/name.`);
    }
    if (failure.error === 'unsupported_grant_type') {
        return new errors/* ActionError */.lZ(title, `The endpoint ${endpoint} does not support the token exchange (${said})${request}: Trusted Publishers need the Hugging Face Hub itself (a mirror or proxy may not forward /oauth/token). Use hf-token with a secret there.`);
    }
    return new errors/* ActionError */.lZ(title, `The token exchange at ${endpoint}/oauth/token failed (${said})${request}. Re-run the job later.`);
}
/** The exchange's answer, shape-checked; the token is masked before anything else happens. */
function parseExchange(body, resource) {
    const bad = (why) => new errors/* HubResponseError */.L_(EXCHANGE, why);
    if (!(0,shape/* isRecord */.u4)(body) || typeof body.access_token !== 'string' || !body.access_token) {
        throw bad('it has no "access_token"');
    }
    const token = body.access_token;
    // Checked before any of it is masked: a malformed answer must not make the runner hide random log words.
    if (!(0,auth_token/* isWellFormedToken */.XU)(token))
        throw bad('"access_token" has white space or a control character inside');
    if (token.length < auth_token/* MIN_TOKEN_LENGTH */.Yw) {
        throw bad(`"access_token" is ${token.length} characters, shorter than any Hugging Face token`);
    }
    (0,auth_token/* maskSecret */.$l)(token);
    if (typeof body.token_type !== 'string' || body.token_type.toLowerCase() !== 'bearer') {
        throw bad('"token_type" is not bearer');
    }
    const seconds = body.expires_in;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 7 * 24 * 3600) {
        throw bad('"expires_in" is not a number of seconds');
    }
    return { token, expiresAt: new Date(Date.now() + seconds * 1000), resource };
}

;// CONCATENATED MODULE: ./build/tsc/auth/keyless.js
/**
 * Keyless, as one unit loaded only by runs that use it: the job's GitHub id token minted and exchanged for a
 * Hugging Face token at the endpoint.
 */




async function keylessToken(endpoint, resource) {
    const idToken = await mintIdToken(endpoint);
    return exchangeIdToken(new client/* HubClient */.P({ endpoint, onRetry: retry_log/* logRetry */.z }), idToken, resource);
}


/***/ })

};
