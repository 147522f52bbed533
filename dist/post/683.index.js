export const id = 683;
export const ids = [683];
export const modules = {

/***/ 683:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fetchThrough: () => (/* binding */ fetchThrough)
/* harmony export */ });
/* unused harmony export PROXY_ANSWER_TIMEOUT_MS */
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6752);
/* harmony import */ var _proxy_error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2739);
/* harmony import */ var _proxy_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8786);
/**
 * `fetch` through the proxy a request is routed to (proxy.ts): undici's `ProxyAgent` with undici's own `fetch`,
 * which takes it as its dispatcher. Node's global `fetch` ignores the proxy variables unless
 * `NODE_USE_ENV_PROXY` is set when Node starts, which the runner never does. Loaded only when a proxy applies:
 * a run without one never parses undici.
 */



const agents = new Map();
/**
 * The proxy's answer to a CONNECT is awaited this long (undici's default is 300 s, and a request's own time
 * limit does not reach the CONNECT it waits on: a proxy that never answers one kept the step alive minutes
 * after its work ended). The Hub client's time limit for an answer.
 */
const PROXY_ANSWER_TIMEOUT_MS = 30_000;
async function fetchThrough(route, url, init) {
    let agent = agents.get(route.url.href);
    if (!agent) {
        // Credentials in the proxy URL become Proxy-Authorization: Basic, sent to the proxy only. Plain http is
        // forwarded in absolute form, not tunnelled: many proxies allow CONNECT to port 443 only.
        agent = new undici__WEBPACK_IMPORTED_MODULE_0__/* .ProxyAgent */ .kT({
            uri: route.url.href,
            proxyTunnel: false,
            // The connection to the proxy itself, which carries the CONNECTs: bounded like every other request.
            clientFactory: (origin, options) => new undici__WEBPACK_IMPORTED_MODULE_0__/* .Pool */ .bC(origin, {
                ...options,
                headersTimeout: PROXY_ANSWER_TIMEOUT_MS,
                bodyTimeout: PROXY_ANSWER_TIMEOUT_MS
            })
        });
        const made = agent;
        agents.set(route.url.href, made);
        (0,_proxy_js__WEBPACK_IMPORTED_MODULE_2__/* .onProxiesClose */ .E$)(async () => {
            agents.delete(route.url.href);
            await made.destroy();
        });
    }
    try {
        return (await (0,undici__WEBPACK_IMPORTED_MODULE_0__/* .fetch */ .hd)(url, { ...init, dispatcher: agent }));
    }
    catch (error) {
        throw (0,_proxy_error_js__WEBPACK_IMPORTED_MODULE_1__/* .proxyFault */ .t)(route, { error }) ?? error;
    }
}


/***/ })

};
