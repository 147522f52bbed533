export const id = 128;
export const ids = [128];
export const modules = {

/***/ 5128:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  streamGet: () => (/* binding */ streamGet)
});

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
// EXTERNAL MODULE: ./build/tsc/http/proxy-error.js
var proxy_error = __webpack_require__(2181);
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
// EXTERNAL MODULE: ./build/tsc/shared/errors.js
var errors = __webpack_require__(6708);
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


/***/ })

};
