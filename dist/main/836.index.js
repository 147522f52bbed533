export const id = 836;
export const ids = [836];
export const modules = {

/***/ 6836:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   configureGitCredential: () => (/* binding */ configureGitCredential)
/* harmony export */ });
/* unused harmony exports credentialHelper, gitConfigEnv, gitVersion, whyNotTaken */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7783);
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1955);
/* harmony import */ var _shared_safe_text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(580);
/**
 * `git-credential`: later steps' `git` (and git-lfs, which asks git for credentials) authenticate to the
 * endpoint's origin with the token, and to no other host.
 *
 * Nothing is written to disk: the configuration travels in `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/
 * `GIT_CONFIG_VALUE_n` (appended after any the job already has), exported through `GITHUB_ENV`, so it lives
 * as long as the job and no config file, credential store or cache archive ever holds the token. The helper
 * reads `HF_TOKEN` when git asks, so a keyless token refreshed in the environment is the one used. An empty
 * helper first resets, for this origin only, any helper the machine configured, so a stale stored credential
 * cannot win; every other host keeps the user's own configuration.
 */



/** The helper git runs (through its shell) for the endpoint's origin: answers `get` from HF_TOKEN. */
function credentialHelper(username) {
    return `!f() { test "$1" = get || return 0; echo username=${username}; echo "password=$HF_TOKEN"; }; f`;
}
/** The `GIT_CONFIG_*` variables that add the helper for `origin`, after the `existing` count. */
function gitConfigEnv(origin, username, existing) {
    const entries = [
        [`credential.${origin}.helper`, ''],
        [`credential.${origin}.helper`, credentialHelper(username)]
    ];
    const env = { GIT_CONFIG_COUNT: String(existing + entries.length) };
    entries.forEach(([key, value], i) => {
        env[`GIT_CONFIG_KEY_${existing + i}`] = key;
        env[`GIT_CONFIG_VALUE_${existing + i}`] = value;
    });
    return env;
}
async function git(args, env) {
    try {
        const out = await _actions_exec__WEBPACK_IMPORTED_MODULE_1__.getExecOutput('git', args, {
            silent: true,
            ignoreReturnCode: true,
            ...(env ? { env: env } : {})
        });
        return { ok: out.exitCode === 0, stdout: out.stdout.trim(), stderr: out.stderr.trim() };
    }
    catch {
        return { ok: false, stdout: '', stderr: '' };
    }
}
/** `git version 2.39.5` → [2, 39]; undefined when the text is not that. */
function gitVersion(text) {
    const m = /^git version (\d+)\.(\d+)/.exec(text);
    return m ? [Number(m[1]), Number(m[2])] : undefined;
}
/** Why git did not resolve our helper: too old for GIT_CONFIG_COUNT, or what git itself said. */
function whyNotTaken(versionText, check) {
    const version = gitVersion(versionText);
    if (version && (version[0] < 2 || (version[0] === 2 && version[1] < 31))) {
        return 'GIT_CONFIG_COUNT needs git 2.31 or later; upgrade git on this runner.';
    }
    const said = check.stderr || (check.stdout ? `it resolved another helper: ${check.stdout}` : 'it resolved no helper');
    return `git did not match the endpoint's origin (${(0,_shared_safe_text_js__WEBPACK_IMPORTED_MODULE_2__/* .safeText */ .Hk)(said, 300)}).`;
}
/**
 * Sets up the credential for later steps. Warns (never fails) when git is missing or does not take the
 * configuration; returns whether it is in place.
 */
async function configureGitCredential(endpoint, username, env = process.env) {
    const origin = new URL(endpoint).origin;
    const version = await git(['--version']);
    if (!version.ok) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__.warning('git-credential: true, but git was not found on this runner, so nothing was set up. Install git before this step (and git-lfs for large files).', { title: 'git not found' });
        return false;
    }
    const existing = Number.parseInt(env.GIT_CONFIG_COUNT ?? '0', 10);
    const added = gitConfigEnv(origin, username, Number.isSafeInteger(existing) && existing > 0 ? existing : 0);
    // Checked as later steps will see it: git must resolve our helper for the origin.
    const check = await git(['config', '--get-urlmatch', 'credential.helper', `${origin}/`], {
        ...env,
        ...added
    });
    if (!check.ok || check.stdout !== credentialHelper(username)) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__.warning(`git-credential: ${(0,_shared_safe_text_js__WEBPACK_IMPORTED_MODULE_2__/* .safeText */ .Hk)(version.stdout, 100)} did not take the credential configuration for ${origin}, so later git commands are not authenticated: ${whyNotTaken(version.stdout, check)}`, { title: 'git credential not set up' });
        return false;
    }
    for (const [name, value] of Object.entries(added))
        _actions_core__WEBPACK_IMPORTED_MODULE_0__.exportVariable(name, value);
    const lfs = await git(['lfs', 'version']);
    (0,_shared_safe_text_js__WEBPACK_IMPORTED_MODULE_2__/* .logInfo */ .fH)(`git: later steps authenticate to ${origin} with HF_TOKEN (${version.stdout}${lfs.ok ? `, ${lfs.stdout.split(' ')[0]}` : '; git-lfs not found, so large files would stay pointers'}); no other host gets it.`);
    return true;
}


/***/ })

};
