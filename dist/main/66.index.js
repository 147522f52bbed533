export const id = 66;
export const ids = [66];
export const modules = {

/***/ 5066:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  findSnapshots: () => (/* binding */ findSnapshots),
  prewarmRepos: () => (/* binding */ prewarmRepos),
  verifyCachedRepos: () => (/* binding */ verifyCachedRepos)
});

// UNUSED EXPORTS: prewarmAll

// EXTERNAL MODULE: ./build/tsc/node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7783);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
// EXTERNAL MODULE: ./build/tsc/hub/repo-spec.js
var repo_spec = __webpack_require__(8717);
// EXTERNAL MODULE: ./build/tsc/hub/urls.js
var urls = __webpack_require__(1111);
// EXTERNAL MODULE: ./build/tsc/hub-cache/layout.js
var layout = __webpack_require__(378);
// EXTERNAL MODULE: ./build/tsc/hub-cache/python-files.js
var python_files = __webpack_require__(8164);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./build/tsc/hub-cache/symlinks.js
/** Whether the hub cache can hold symlinks (Windows without Developer Mode cannot), probed as Python does. */


const symlinkSupport = new Map();
/**
 * Whether symlinks can be made in the hub cache, probed once per folder the way Python `huggingface_hub`
 * does (Windows without Developer Mode or admin rights cannot make them).
 */
async function symlinksSupported(hubCache) {
    const known = symlinkSupport.get(hubCache);
    if (known !== undefined)
        return known;
    await promises_.mkdir(hubCache, { recursive: true });
    const probe = await promises_.mkdtemp(external_node_path_.join(hubCache, '.symlink-probe-'));
    let supported = true;
    try {
        await promises_.writeFile(external_node_path_.join(probe, 'target'), '');
        await promises_.symlink('target', external_node_path_.join(probe, 'link'));
    }
    catch {
        supported = false;
    }
    finally {
        await promises_.rm(probe, { recursive: true, force: true });
    }
    symlinkSupport.set(hubCache, supported);
    return supported;
}

// EXTERNAL MODULE: ./build/tsc/shared/errors.js
var errors = __webpack_require__(6708);
// EXTERNAL MODULE: ./build/tsc/shared/format.js
var format = __webpack_require__(6080);
// EXTERNAL MODULE: ./build/tsc/shared/safe-text.js
var safe_text = __webpack_require__(580);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./build/tsc/hub-cache/blob-hash.js
var blob_hash = __webpack_require__(1360);
// EXTERNAL MODULE: ./build/tsc/shared/safe-fs.js
var safe_fs = __webpack_require__(9704);
// EXTERNAL MODULE: ./build/tsc/shared/shape.js
var shape = __webpack_require__(3374);
// EXTERNAL MODULE: ./build/tsc/shared/temp-name.js
var temp_name = __webpack_require__(4309);
// EXTERNAL MODULE: ./build/tsc/hub-cache/hash-worker.js
var hash_worker = __webpack_require__(27);
// EXTERNAL MODULE: ./build/tsc/hub/errors.js
var hub_errors = __webpack_require__(966);
// EXTERNAL MODULE: ./build/tsc/hub/body.js
var body = __webpack_require__(5233);
;// CONCATENATED MODULE: ./build/tsc/prewarm/job.js
class TransferError extends Error {
}
/** A download answered with an error status (the CDN's 403 for a URL whose signature no longer holds, say). */
class DownloadRefused extends Error {
    status;
    said;
    constructor(path, status, 
    /** What the server answered, described (safe to print). */
    said) {
        super(`download of ${path} failed: ${said}`);
        this.status = status;
        this.said = said;
    }
}

;// CONCATENATED MODULE: ./build/tsc/prewarm/location.js
/**
 * Where a large file's bytes are fetched from: its `/resolve` URL asked once, without `Range` and without
 * following the redirect, and the CDN URL it redirects to kept verbatim and used for every range. The Hub signs
 * that URL (`X-Amz-Date`/`X-Amz-Expires` or `Expires`, as the Xet bridge and CloudFront sign, reported by several
 * clients since 2025): resolved with `Range` it would serve that range only, and it expires (about an hour). So it is resolved again only shortly before it expires, or when the CDN refuses it
 * (403), once for all the ranges it was refused to, and a CDN that keeps refusing ends in a clear error.
 * Each `/resolve` counts against the Hub's rate limit: one per file, not one per range.
 */



/** Refusals (403) of a file's CDN URL, each followed by a new resolve, before the file fails. */
const MAX_REFUSALS = 8;
/** A signed URL is resolved again this long before it expires (a quarter of its life, when that is shorter). */
const EXPIRY_MARGIN_MS = 60_000;
const AMZ_DATE = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/;
/**
 * When a signed URL expires, on this machine's clock: `X-Amz-Date` + `X-Amz-Expires` (S3, the Xet bridge) or
 * `Expires` (CloudFront, epoch seconds), measured from the CDN's clock (`serverNow`, the redirect's `Date`) so
 * that a runner whose clock is off still refreshes in time. Undefined for a URL without either.
 */
function signatureExpiry(url, now = Date.now(), serverNow = now) {
    let params;
    try {
        params = new URL(url).searchParams;
    }
    catch {
        return undefined;
    }
    const lifetime = Number(params.get('X-Amz-Expires') ?? NaN);
    const signed = AMZ_DATE.exec(params.get('X-Amz-Date') ?? '');
    if (Number.isFinite(lifetime) && signed) {
        const signedAt = Date.UTC(+signed[1], +signed[2] - 1, +signed[3], +signed[4], +signed[5], +signed[6]);
        return now + (signedAt + lifetime * 1000 - serverNow);
    }
    if (Number.isFinite(lifetime))
        return now + lifetime * 1000;
    const expires = Number(params.get('Expires') ?? NaN);
    return Number.isFinite(expires) ? now + (expires * 1000 - serverNow) : undefined;
}
/** Asks `/resolve` without `Range`, the redirect not followed: the CDN URL, or the Hub's own URL when it serves the file. */
async function resolveLocation(job) {
    const res = await job.client.download(job.url, {
        headers: { 'accept-encoding': 'identity' },
        signal: job.options.signal,
        redirect: 'manual'
    });
    const now = Date.now();
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
        await res.body.cancel();
        // Verbatim: a signed URL must not be re-encoded. Only a relative one is resolved against the Hub's.
        const url = /^https?:\/\//i.test(location) ? location : new URL(location, job.url).href;
        const serverNow = Date.parse(res.headers.get('date') ?? '');
        return {
            url,
            resolvedAt: now,
            expiresAt: signatureExpiry(url, now, Number.isNaN(serverNow) ? now : serverNow)
        };
    }
    if (!res.ok)
        throw new DownloadRefused(job.file.path, res.status, (0,hub_errors/* describeHubError */.zA)(await (0,body/* readHubError */.Uy)(res)));
    // The Hub serves the file itself: the ranges are asked of it.
    await res.body.cancel();
    return { url: job.url, resolvedAt: now };
}
/** Resolves of one file in all (the first, refreshes before expiry, and after refusals) before it fails. */
const MAX_RESOLVES = 64;
/**
 * A location is used at least this long before its expiry alone has it resolved anew. A signature that says
 * it is already past, or holds for a second, is used all the same: if the CDN does refuse it, that refusal
 * counts (and refusals are bounded), where resolving on every look at a clock would never end.
 */
const MIN_LOCATION_LIFE_MS = 10_000;
/**
 * Where one file's ranges are fetched from. Bounded whatever the Hub and the CDN do: each refused location
 * counts once (however many ranges it was refused to, and whether or not it is still the current one), at most
 * MAX_REFUSALS of them, and at most MAX_RESOLVES resolves in all; past either, every caller gets one clear error.
 */
class FileLocation {
    what;
    resolve;
    now;
    current;
    pending;
    refusedLocations = new Set();
    resolves = 0;
    failure;
    constructor(what, resolve, now = Date.now) {
        this.what = what;
        this.resolve = resolve;
        this.now = now;
    }
    /** The location of a job's file, resolved as resolveLocation does. */
    static of(job) {
        return new FileLocation(job.file.path, () => resolveLocation(job));
    }
    /** The location to ask now: resolved on first use, and again when its signature is about to expire. */
    async get() {
        if (this.failure)
            throw this.failure;
        const current = this.current;
        if (current && !this.expiring(current))
            return current;
        return this.refresh(current);
    }
    /** `stale` was refused (`answer`: the CDN's 403): resolves anew, once for every range refused with it. */
    refused(stale, answer) {
        if (this.failure)
            throw this.failure;
        this.refusedLocations.add(stale);
        if (this.refusedLocations.size > MAX_REFUSALS) {
            this.failure = new Error(`download of ${this.what} failed: the CDN refused ${MAX_REFUSALS} URLs the Hub resolved for it, each anew (last answer: ${answer.said}); re-run the job, and if it persists, check that no proxy alters the CDN's URLs`);
            throw this.failure;
        }
        return this.refresh(stale);
    }
    expiring(location) {
        if (location.expiresAt === undefined)
            return false;
        const now = this.now();
        if (now - location.resolvedAt < MIN_LOCATION_LIFE_MS)
            return false;
        const margin = Math.min(EXPIRY_MARGIN_MS, (location.expiresAt - location.resolvedAt) / 4);
        return now >= location.expiresAt - margin;
    }
    refresh(stale) {
        if (this.current !== stale && this.current)
            return Promise.resolve(this.current);
        if (this.pending)
            return this.pending;
        if (++this.resolves > MAX_RESOLVES) {
            this.failure = new Error(`download of ${this.what} failed: the Hub was asked for its location ${MAX_RESOLVES} times (its signed URLs kept expiring or being refused); re-run the job, and if it persists, check this machine's clock and that no proxy alters the CDN's URLs`);
            return Promise.reject(this.failure);
        }
        this.pending = (async () => {
            try {
                this.current = await this.resolve();
                return this.current;
            }
            finally {
                this.pending = undefined;
            }
        })();
        return this.pending;
    }
}

;// CONCATENATED MODULE: ./build/tsc/prewarm/request.js




function isBrokenTransfer(error) {
    if (error instanceof TransferError)
        return true;
    if (!(0,errors/* isErrorLike */.u7)(error))
        return false;
    return (error.name === 'AbortError' ||
        /terminated|socket|ECONNRESET|aborted|other side closed/i.test(error.message));
}
/** Runs `attempt` until it succeeds, retrying broken transfers (never a deadline or a refusal). */
async function withRetries(job, what, attempt) {
    const attempts = job.options.attempts ?? 5;
    for (let n = 1;; n++) {
        try {
            return await attempt(n);
        }
        catch (error) {
            if (job.options.signal?.aborted)
                throw job.options.signal.reason;
            if (!isBrokenTransfer(error))
                throw error;
            if (n >= attempts) {
                throw new Error(`download of ${what} failed after ${attempts} attempts: ${(0,errors/* errorMessage */.gJ)(error)}`, {
                    cause: error
                });
            }
            job.options.log?.(`  retrying ${what} (attempt ${n + 1} of ${attempts}): ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    }
}
/** One GET, with identity encoding (sizes, hashes and offsets then refer to the file, not an encoding). */
async function get(job, url, range, controller) {
    const signal = job.options.signal
        ? AbortSignal.any([job.options.signal, controller.signal])
        : controller.signal;
    const res = await job.client.download(url, {
        headers: { 'accept-encoding': 'identity', ...(range ? { range } : {}) },
        signal
    });
    if (!res.ok)
        throw new DownloadRefused(job.file.path, res.status, (0,hub_errors/* describeHubError */.zA)(await (0,body/* readHubError */.Uy)(res)));
    return res;
}
/** `bytes a-b/total` of a 206, or undefined when the answer is not the range asked for. */
function contentRange(res) {
    if (res.status !== 206)
        return undefined;
    const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
    return m ? { start: Number(m[1]), end: Number(m[2]), total: Number(m[3]) } : undefined;
}

;// CONCATENATED MODULE: ./build/tsc/prewarm/write-body.js
/** Writing a body in place as it arrives, under a throughput floor, the hashing worker told as it goes. */


/** The hashing worker is told of written bytes in steps of this size (not per piece: fewer messages). */
const HASH_STEP_BYTES = 1024 * 1024;
/**
 * Writes a body into the file at `base + written.bytes` as it arrives (each piece synchronously, straight
 * from the socket's buffer, as curl does; the hasher reads back what landed), cutting the transfer when fewer
 * than `minBytesPerWindow` bytes arrive in a window (stalled, or dripping), and refusing a body longer than
 * the part it was asked for (a hostile server could otherwise fill the disk). `written` is exact at every
 * moment, so a broken transfer resumes right after the last byte on disk.
 */
async function writeBody(job, res, { written, limit, base = 0 }, hasher, controller) {
    const windowMs = job.options.windowMs ?? 30_000;
    const floor = job.options.minBytesPerWindow ?? 64 * 1024;
    let inWindow = 0;
    const watchdog = setInterval(() => {
        if (inWindow < floor) {
            controller.abort(new TransferError(`fewer than ${floor} bytes in ${windowMs / 1000} s (stalled or too slow)`));
        }
        inWindow = 0;
    }, windowMs);
    const fd = job.handle.fd;
    let fed = written.bytes;
    const feed = () => {
        hasher?.feed(base + fed, base + written.bytes);
        fed = written.bytes;
    };
    try {
        await res.body.consume(piece => {
            if (written.bytes + piece.length > limit) {
                throw new Error(`the server sent more of ${job.file.path} than the ${limit} bytes asked for`);
            }
            for (let done = 0; done < piece.length;) {
                done += (0,external_node_fs_.writeSync)(fd, piece, done, piece.length - done, base + written.bytes + done);
            }
            written.bytes += piece.length;
            inWindow += piece.length;
            job.options.onBytes?.(piece.length);
            if (written.bytes - fed >= HASH_STEP_BYTES)
                feed();
        });
    }
    catch (error) {
        // The abort's reason says why the body stopped.
        const reason = controller.signal.reason;
        throw reason instanceof TransferError ? reason : error;
    }
    finally {
        clearInterval(watchdog);
        // What arrived before a break is on disk and hashed: the resume starts right after it.
        feed();
    }
}

;// CONCATENATED MODULE: ./build/tsc/prewarm/single-stream.js




/**
 * The whole file as one stream, resumed with `Range` after a break (or restarted when Range is ignored).
 * `first` is an answer already received for the whole file (a server that ignored a range request).
 */
async function singleStream(job, first) {
    const { file, handle } = job;
    let hasher = new hash_worker/* FileHasher */.gp(job.temp, file.lfs, file.size);
    const written = { bytes: 0 };
    let received = 0;
    try {
        await withRetries(job, file.path, n => job.connections(async () => {
            const controller = new AbortController();
            const from = written.bytes;
            const res = n === 1 && first
                ? first
                : await get(job, job.url, from > 0 ? `bytes=${from}-` : undefined, controller);
            if (from > 0 && contentRange(res)?.start !== from) {
                // The server ignored Range: start over from the first byte.
                written.bytes = 0;
                await hasher.dispose();
                hasher = new hash_worker/* FileHasher */.gp(job.temp, file.lfs, file.size);
                await handle.truncate(0);
            }
            const before = written.bytes;
            try {
                await writeBody(job, res, { written, limit: file.size }, hasher, controller);
            }
            finally {
                received += written.bytes - before;
            }
            if (written.bytes !== file.size) {
                throw new TransferError(`received ${written.bytes} of ${file.size} bytes (terminated)`);
            }
        }));
        return { received, digest: await hasher.digest(), hashed: hasher.hashedBytes };
    }
    finally {
        await hasher.dispose();
    }
}

;// CONCATENATED MODULE: ./build/tsc/prewarm/sizing.js
/** How a pre-warm is cut up: connections at once, and the size of the ranges a large file is fetched in. */
const MiB = 1024 * 1024;
/** Connections open at once across the whole pre-warm. */
const CONNECTIONS = 16;
/**
 * Range sizes: a file is cut into about CONNECTIONS ranges (all of its ranges then run at once: no tail of a
 * few connections finishing a second round), but never below the smallest size (each request pays the
 * CDN's time to first byte) nor above the largest (one slow connection must not hold up a huge file, and
 * hashing follows completed ranges in order). Chosen with `npm run bench` (case 2 and 3).
 */
const RANGE_MIN_BYTES = 8 * MiB;
const RANGE_MAX_BYTES = 64 * MiB;
/** Files at least this big are split; smaller ones are one request. */
const RANGED_MIN_BYTES = 2 * RANGE_MIN_BYTES;
/** The range size for a file of `size` bytes (whole MiB). */
function rangeBytesFor(size) {
    const share = Math.ceil(size / CONNECTIONS / MiB) * MiB;
    return Math.min(RANGE_MAX_BYTES, Math.max(RANGE_MIN_BYTES, share));
}

;// CONCATENATED MODULE: ./build/tsc/prewarm/ranged-transfer.js








/**
 * A server that stopped honouring `Range` (it answered a range with the whole file): the ranged transfer is
 * abandoned and the file read as one stream. Not a broken transfer, so never retried as a range.
 */
class RangeIgnoredError extends Error {
}
/**
 * The file in ranges over several connections, written in place; hashed in order as ranges complete (read
 * back from the page cache), so the digest is ready as soon as the last range is. Ranges are made as
 * connections free up, never all at once: a file's size drives no allocation.
 */
function rangedTransfer(job) {
    return new RangedTransfer(job).run();
}
/** One file's ranged transfer: its ranges, the first answer's decision, the bytes received, the hashing. */
class RangedTransfer {
    job;
    step;
    count;
    /** Every range, the first included, is fetched from the one location the Hub resolved the file to. */
    where;
    received = 0;
    decision;
    decide = () => undefined;
    decided = new Promise(resolve => (this.decide = resolve));
    /** Aborts every range in flight, and stops the ones not started, once one has failed. */
    failure = new AbortController();
    hasher;
    /** Ranges complete in any order and are hashed in file order: the ones ahead of the next to hash wait here. */
    completed = new Map();
    nextToHash = 0;
    /** The next range a puller takes (the first is asked alone, first). */
    next = 1;
    constructor(job) {
        this.job = job;
        this.step = job.options.rangeBytes ?? rangeBytesFor(job.file.size);
        this.count = Math.ceil(job.file.size / this.step);
        this.where = FileLocation.of(job);
        this.hasher = new hash_worker/* FileHasher */.gp(job.temp, job.file.lfs, job.file.size);
    }
    async run() {
        const running = [];
        try {
            const first = this.fetchRange(this.rangeAt(0));
            running.push(first);
            // A first range that fails before its headers decides nothing: its error is the file's.
            const how = await Promise.race([this.decided, first.then(() => this.decided)]);
            if (!how.ranged) {
                await this.hasher.dispose();
                return await singleStream(this.job, how.whole);
            }
            for (let i = 0; i < Math.min(CONNECTIONS, this.count - 1); i++)
                running.push(this.puller());
            // Any failure stops the other ranges at once; the catch below waits for them all to end, so none is still
            // writing when this returns or throws.
            await Promise.all(running);
            return { received: this.received, digest: await this.hasher.digest(), hashed: this.hasher.hashedBytes };
        }
        catch (error) {
            this.failure.abort(error);
            await Promise.allSettled(running);
            if (!(error instanceof RangeIgnoredError))
                throw error;
            return await this.again(error);
        }
        finally {
            await this.hasher.dispose();
        }
    }
    /** The server stopped honouring Range part way: start over as one stream, from nothing. */
    async again(error) {
        this.job.options.log?.(`  ${(0,errors/* errorMessage */.gJ)(error)}: reading it again as one stream`);
        await this.hasher.dispose();
        await this.job.handle.truncate(0);
        const whole = await singleStream(this.job);
        return { ...whole, received: this.received + whole.received };
    }
    /** Takes the next range as its connection frees up, until none is left. */
    async puller() {
        for (let index = this.next++; index < this.count; index = this.next++)
            await this.fetchRange(this.rangeAt(index));
    }
    rangeAt(index) {
        const start = index * this.step;
        return { index, start, end: Math.min(this.job.file.size, start + this.step) - 1, written: { bytes: 0 } };
    }
    fetchRange(range) {
        const what = `${this.job.file.path} bytes ${range.start}-${range.end}`;
        return withRetries(this.job, what, () => this.job.connections(() => this.fetchOnce(range)));
    }
    /** One attempt at the rest of a range, stopped when another range fails. */
    async fetchOnce(range) {
        if (this.failure.signal.aborted)
            throw this.failure.signal.reason;
        const controller = new AbortController();
        const stop = () => controller.abort(this.failure.signal.reason);
        this.failure.signal.addEventListener('abort', stop, { once: true });
        try {
            const from = range.start + range.written.bytes;
            const probing = this.decision === undefined;
            const res = await getFrom(this.job, this.where, `bytes=${from}-${range.end}`, controller);
            if (probing && res.status === 200) {
                // The first answer decides: a server that ignores Range sends the file, read as one stream.
                this.decide((this.decision = { ranged: false, whole: res }));
                return;
            }
            await this.checkRange(res, from, range);
            if (probing) {
                await this.job.handle.truncate(this.job.file.size);
                this.decide((this.decision = { ranged: true }));
            }
            await this.write(range, res, controller);
        }
        finally {
            this.failure.signal.removeEventListener('abort', stop);
        }
    }
    /** The answer must be exactly the range asked for, of a file of the listed size. */
    async checkRange(res, from, range) {
        const got = contentRange(res);
        const size = this.job.file.size;
        if (got && got.start === from && got.end === range.end && got.total === size)
            return;
        await res.body.cancel();
        const path = this.job.file.path;
        if (!got)
            throw new RangeIgnoredError(`the server answered a range of ${path} with the whole file`);
        throw new Error(`the server answered a range of ${path} with another part of it`);
    }
    /** The range's body written in place; done (and hashed when its turn comes) only when every byte is on disk. */
    async write(range, res, controller) {
        const before = range.written.bytes;
        const length = range.end - range.start + 1;
        try {
            const into = { written: range.written, limit: length, base: range.start };
            await writeBody(this.job, res, into, undefined, controller);
        }
        finally {
            this.received += range.written.bytes - before;
        }
        if (range.written.bytes !== length) {
            throw new TransferError(`received ${range.written.bytes} of ${length} bytes (terminated)`);
        }
        this.completed.set(range.index, range);
        for (let r = this.completed.get(this.nextToHash); r; r = this.completed.get(this.nextToHash)) {
            this.completed.delete(this.nextToHash++);
            this.hasher.feed(r.start, r.end + 1);
        }
    }
}
/** A range from the file's location, resolved anew when the CDN refuses it (403). */
async function getFrom(job, where, range, controller) {
    for (;;) {
        const at = await where.get();
        try {
            return await get(job, at.url, range, controller);
        }
        catch (error) {
            // The Hub's own refusal is final; the CDN's means its URL no longer holds.
            if (!(error instanceof DownloadRefused) || error.status !== 403 || at.url === job.url)
                throw error;
            await where.refused(at, error);
        }
    }
}

// EXTERNAL MODULE: ./build/tsc/hub/tree.js
var hub_tree = __webpack_require__(8513);
;// CONCATENATED MODULE: ./build/tsc/prewarm/blob-transfer.js
/**
 * One blob from the Hub to `blobs/<etag>`: written into a temporary file of its own, verified (sha256 for LFS
 * files, the git blob id otherwise) and only then renamed into place, so a blob is either whole and verified
 * or absent. Large files go in ranges (ranged-transfer.ts), others as one stream (single-stream.ts); the
 * connections are shared by every transfer of the pre-warm.
 */











/**
 * Downloads one blob, verifies it and renames it into place. Returns the content bytes received (more than
 * the size when ranges had to be fetched again).
 */
async function downloadBlob(client, url, file, blobPath, options = {}) {
    if (!(0,shape/* isSize */.kp)(file.size) || file.size > hub_tree/* MAX_FILE_BYTES */.gZ) {
        throw new Error(`download of ${file.path} refused: ${file.size} bytes is over the ${hub_tree/* MAX_FILE_BYTES */.gZ}-byte limit`);
    }
    // No other writer uses it (another job, or Python, may fetch the same blob at once).
    const temp = (0,temp_name/* temporaryName */.NT)(blobPath, 'incomplete');
    // Created exclusively, never through a planted link.
    const handle = await promises_.open(temp, external_node_fs_.constants.O_RDWR | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | safe_fs/* NO_FOLLOW */.qP, 0o644);
    try {
        const job = {
            client,
            url,
            file,
            temp,
            handle,
            options,
            connections: options.connections ?? (0,p_limit/* default */.A)(CONNECTIONS)
        };
        const ranged = file.size >= (options.rangedMinBytes ?? RANGED_MIN_BYTES);
        // An empty file (an __init__.py) needs no request, but its blob must still exist.
        const { received, digest, hashed } = file.size === 0
            ? { received: 0, digest: (0,blob_hash/* contentHash */.A)(file.lfs, 0).digest('hex'), hashed: 0 }
            : ranged
                ? await rangedTransfer(job)
                : await singleStream(job);
        // The digest vouches for the blob only if it covers every byte of it.
        if (hashed !== file.size) {
            throw new Error(`download of ${file.path} failed: ${hashed} of its ${file.size} bytes were hashed`);
        }
        if (digest !== file.etag) {
            throw new Error(`download of ${file.path} failed: content hash ${digest} does not match the expected ${file.etag}`);
        }
        // What is renamed into place must be the very file that was hashed, not one swapped in under its name.
        const [ours, named] = await Promise.all([handle.stat(), promises_.lstat(temp)]);
        if (ours.ino !== named.ino || ours.dev !== named.dev || named.size !== file.size) {
            throw new Error(`the temporary file of ${file.path} was replaced while it was written`);
        }
        await promises_.rename(temp, blobPath);
        return received;
    }
    finally {
        await handle.close();
        // Nothing half-written is left where a later step (or the cache archive) would find it.
        await promises_.rm(temp, { force: true });
    }
}

;// CONCATENATED MODULE: ./build/tsc/hub/fnmatch.js
/**
 * Python `fnmatch` semantics, as huggingface_hub's `allow_patterns` use them: `*` matches any run of
 * characters *including* `/`, `?` one character, `[seq]`/`[!seq]` a set. minimatch and picomatch stop
 * `*` at `/`, which would select different files than Python does, hence this small translator.
 */
const cache = new Map();
function translate(pattern) {
    let out = '';
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '*') {
            out += '.*';
        }
        else if (c === '?') {
            out += '.';
        }
        else if (c === '[') {
            const close = findSetEnd(pattern, i);
            if (close === -1) {
                out += '\\[';
            }
            else {
                // A `]` first in the set is a member (Python's regex reads `[]]` so; JavaScript's reads an empty set).
                let set = pattern
                    .slice(i + 1, close)
                    .replace(/\\/g, '\\\\')
                    .replace(/]/g, '\\]');
                if (set.startsWith('!'))
                    set = '^' + set.slice(1);
                else if (set.startsWith('^'))
                    set = '\\' + set;
                out += `[${set}]`;
                i = close;
            }
        }
        else {
            out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        }
    }
    return new RegExp(`^${out}$`, 's');
}
function findSetEnd(pattern, open) {
    let j = open + 1;
    if (pattern[j] === '!')
        j++;
    if (pattern[j] === ']')
        j++;
    const close = pattern.indexOf(']', j);
    return close;
}
function fnmatch(name, pattern) {
    // huggingface_hub: a pattern ending in "/" selects everything below that folder.
    const effective = pattern.endsWith('/') ? `${pattern}*` : pattern;
    let re = cache.get(effective);
    if (!re) {
        re = translate(effective);
        cache.set(effective, re);
    }
    return re.test(name);
}
/** True when no patterns are given, or when any pattern matches. */
function matchesAny(name, patterns) {
    return patterns.length === 0 || patterns.some(p => fnmatch(name, p));
}

// EXTERNAL MODULE: ./build/tsc/hub-cache/path-safety.js
var path_safety = __webpack_require__(2054);
// EXTERNAL MODULE: ./build/tsc/hub-cache/shared-store.js + 1 modules
var shared_store = __webpack_require__(1765);
;// CONCATENATED MODULE: ./build/tsc/prewarm/plan.js
/**
 * What the cache needs of each repo before anything is fetched: the Hub's listing, every name in it checked,
 * the files the globs select grouped by blob, and which blobs are already cached (verified) or in the snapshot.
 */









/**
 * Checks every path of the listing (names from the network never reach the disk unchecked) and keeps
 * the files the globs select (fnmatch, as Python's allow_patterns).
 */
function selectFiles(spec, tree, platform = process.platform) {
    for (const entry of tree) {
        const why = (0,path_safety/* unsafeReason */.Bf)(entry.path, platform);
        if (why)
            throw new path_safety/* UnsafePathError */.k0((0,repo_spec/* repoLabel */.pq)(spec), entry.path, why);
    }
    if ((0,path_safety/* caseInsensitive */.Cj)(platform)) {
        const [pair] = (0,path_safety/* caseCollisions */.i4)(tree.map(e => e.path));
        if (pair) {
            throw new path_safety/* UnsafePathError */.k0((0,repo_spec/* repoLabel */.pq)(spec), pair[1], `it differs from "${pair[0]}" only in case, and both would be one file on this runner's file system`);
        }
    }
    return tree
        .filter(entry => matchesAny(entry.path, spec.globs))
        .map(entry => ({
        path: entry.path,
        size: entry.size,
        etag: entry.lfsSha256 ?? entry.blobId,
        lfs: entry.lfsSha256 !== undefined,
        ...(entry.xetHash !== undefined ? { xetHash: entry.xetHash } : {})
    }));
}
/**
 * Checks what the cache already holds of a repo at `commit` against the Hub's listing: extra or wrong
 * snapshot entries and blobs whose content does not match their name are removed, the listing is stored as
 * `trees/<commit>.json` and the revision's ref written. Returns the listing, or undefined when the cache
 * holds no snapshot of the commit (nothing to check).
 */
async function verifyCachedRepo(client, spec, commit, hubCache, options = {}, known) {
    const repo = new layout/* RepoCacheDir */.y6(hubCache, spec.type, spec.id);
    if (!(await repo.cachedCommit(commit)))
        return undefined;
    const tree = known ?? (await (0,hub_tree/* listTree */.nT)(client, spec, commit, options.signal));
    selectFiles(spec, tree, options.platform);
    const removed = await repo.pruneSnapshot(commit, (0,layout/* blobsByPath */.HP)(tree));
    for (const rel of removed) {
        options.log?.(`  removed ${(0,safe_text/* safeText */.Hk)(rel)} from the cached snapshot: it does not match the Hub's listing`);
    }
    await repo.writeTree(commit, tree);
    await repo.unmarkListed(commit, tree);
    await repo.writeRef(spec.revision, commit);
    return { tree, removed };
}
const needsDownload = (group) => !group.cached && group.existing === undefined;
async function planRepo(client, target, hubCache, options) {
    const { spec, commit } = target;
    const repo = new layout/* RepoCacheDir */.y6(hubCache, spec.type, spec.id);
    const checked = await verifyCachedRepo(client, spec, commit, hubCache, options, target.tree);
    const tree = checked?.tree ?? target.tree ?? (await (0,hub_tree/* listTree */.nT)(client, spec, commit, options.signal));
    const files = selectFiles(spec, tree, options.platform);
    // Validate every name before anything is written.
    for (const file of files) {
        repo.snapshotPath(commit, file.path);
        repo.blobPath(file.etag);
    }
    const byEtag = new Map();
    for (const file of files)
        byEtag.set(file.etag, [...(byEtag.get(file.etag) ?? []), file]);
    const limit = (0,p_limit/* default */.A)(layout/* CHECKS_AT_ONCE */.EN);
    const groups = await Promise.all([...byEtag.values()].map(group => limit(async () => {
        const [{ etag, size, xetHash }] = group;
        let cached = await repo.hasBlob(etag, size);
        // Python's shared store may hold it already (another repo's copy, or a payload a cache restored).
        if (!cached && xetHash !== undefined && (0,shared_store/* sharedBlobsEnabled */.BI)()) {
            await repo.makeDir(external_node_path_.dirname(repo.blobPath(etag)));
            cached = await (0,shared_store/* linkFromStore */.MK)(hubCache, repo.blobPath(etag), xetHash, etag, size);
            if (cached)
                options.log?.(`  linked ${(0,repo_spec/* repoLabel */.pq)(spec)}: ${(0,safe_text/* safeText */.Hk)(group[0].path)} from Python's shared blob store`);
        }
        let existing;
        // What survived the check of the snapshot holds the right content.
        for (const file of group)
            if (!existing && (await repo.hasSnapshotEntry(commit, file.path)))
                existing = file.path;
        return { files: group, cached, existing };
    })));
    return {
        ...target,
        repo,
        tree,
        files,
        groups,
        checked: !!checked,
        failures: [],
        downloadedFiles: 0,
        downloadedBytes: 0,
        // A repo with nothing to fetch is finished once planned.
        finishedAt: (options.now ?? Date.now)()
    };
}

;// CONCATENATED MODULE: ./build/tsc/prewarm/disk-space.js
/**
 * Room on disk for a pre-warm: it fails in seconds, before any download, when the disk holding the hub cache
 * cannot take what is still to fetch (and a margin: the file system, the job's other steps), rather than with
 * ENOSPC after minutes. When another writable local volume could take it (GitHub's hosted Linux runners have
 * far more room under /mnt than under /home), the error names it and the `hf-home:` line that would use it.
 */






const realDisk = {
    async freeBytes(dir) {
        await promises_.mkdir(dir, { recursive: true });
        const stats = await promises_.statfs(dir);
        return stats.bavail * stats.bsize;
    },
    mountTable: () => promises_.readFile('/proc/self/mounts', 'utf8').catch(() => ''),
    async probe(dir) {
        const stat = await promises_.stat(dir).catch(() => undefined);
        if (!stat?.isDirectory())
            return undefined;
        const writable = await promises_.access(dir, external_node_fs_.constants.W_OK).then(() => true, () => false);
        return { writable, device: stat.dev };
    }
};
/** File systems on local disks (not memory, network or pseudo file systems). */
const LOCAL_TYPES = new Set([
    'ext2',
    'ext3',
    'ext4',
    'xfs',
    'btrfs',
    'zfs',
    'f2fs',
    'ntfs',
    'ntfs3',
    'exfat',
    'vfat'
]);
/** Where the system keeps what is not for data. */
const SYSTEM = /^\/(proc|sys|dev|run|boot|snap|etc|usr|var\/lib\/docker)(\/|$)/;
/** The mount points of writable local disks in a mount table (`\040` and the like unescaped). */
function localMounts(table) {
    const mounts = [];
    for (const line of table.split('\n')) {
        const [source, rawPoint, type, options] = line.split(' ');
        if (!rawPoint || !type || !options)
            continue;
        const point = rawPoint.replace(/\\([0-7]{3})/g, (_m, octal) => String.fromCharCode(parseInt(octal, 8)));
        if (!LOCAL_TYPES.has(type) || !source.startsWith('/dev/'))
            continue;
        if (options.split(',').includes('ro') || SYSTEM.test(point))
            continue;
        mounts.push(point);
    }
    return [...new Set(mounts)];
}
/** Another writable local volume than the hub cache's, with room for `needed`: the one with the most. */
async function roomElsewhere(hubCache, needed, disk) {
    const own = await disk.probe(await nearestExisting(hubCache));
    let best;
    for (const mount of localMounts(await disk.mountTable())) {
        const found = await disk.probe(mount);
        if (!found?.writable || found.device === own?.device)
            continue;
        const free = await disk.freeBytes(mount).catch(() => 0);
        if (free >= needed && (!best || free > best.free))
            best = { mount, free };
    }
    return best;
}
/** The folder itself, or the nearest of its parents that exists (the hub cache may not exist yet). */
async function nearestExisting(dir) {
    for (let at = external_node_path_.resolve(dir);; at = external_node_path_.dirname(at)) {
        if (await promises_.stat(at).then(() => true, () => false))
            return at;
        if (external_node_path_.dirname(at) === at)
            return at;
    }
}
/** Fails (see the header) when `needed` bytes and the margin do not fit on the hub cache's disk. */
async function checkDiskSpace(hubCache, needed, disk = realDisk) {
    if (needed === 0)
        return;
    const margin = Math.max(256 * 1024 ** 2, Math.ceil(needed * 0.05));
    const free = await disk.freeBytes(hubCache);
    if (free >= needed + margin)
        return;
    const elsewhere = await roomElsewhere(hubCache, needed + margin, disk);
    const move = elsewhere
        ? `, or move the cache to ${(0,safe_text/* safeText */.Hk)(elsewhere.mount)}, which has ${(0,format/* formatBytes */.z)(elsewhere.free)} free: set "hf-home: ${(0,safe_text/* safeText */.Hk)(external_node_path_.posix.join(elsewhere.mount, 'huggingface'))}"`
        : ', or set hf-home to a larger disk';
    throw new errors/* ActionError */.lZ('Not enough disk space', `The pre-warm has ${(0,format/* formatBytes */.z)(needed)} still to fetch (and keeps ${(0,format/* formatBytes */.z)(margin)} spare), but the disk holding ${hubCache} has ${(0,format/* formatBytes */.z)(free)} free. Fetch less with globs in "repos" (for example *.safetensors *.json), free space on the runner earlier in the job${move}.`);
}

;// CONCATENATED MODULE: ./build/tsc/prewarm/progress.js
/**
 * Progress of a long pre-warm in the log: while bytes move, one line at a steady interval (never per chunk)
 * with bytes done of the total, the rate over the last interval and the time left at the average rate. A
 * pre-warm that finishes within the first interval prints nothing extra.
 */

const PROGRESS_INTERVAL_MS = 10_000;
class Progress {
    total;
    log;
    intervalMs;
    now;
    done = 0;
    lastDone = 0;
    started;
    timer;
    constructor(total, log, intervalMs = PROGRESS_INTERVAL_MS, 
    /** The clock (tests pass their own). */
    now = Date.now) {
        this.total = total;
        this.log = log;
        this.intervalMs = intervalMs;
        this.now = now;
        this.started = now();
    }
    start() {
        if (this.total > 0) {
            this.timer = setInterval(() => this.report(), this.intervalMs);
            this.timer.unref();
        }
        return this;
    }
    add(bytes) {
        this.done += bytes;
    }
    stop() {
        clearInterval(this.timer);
    }
    /** The line as printed: `1.2 GB of 5.0 GB (24%), 85.3 MB/s, about 45 s left`. */
    line(now = this.now()) {
        const recent = ((this.done - this.lastDone) / this.intervalMs) * 1000;
        const average = this.done / Math.max((now - this.started) / 1000, 0.001);
        const left = Math.max(this.total - this.done, 0);
        const eta = average > 0 ? `about ${formatDuration(left / average)} left` : 'waiting for data';
        const percent = this.total > 0 ? Math.floor((this.done / this.total) * 100) : 100;
        return `${(0,format/* formatBytes */.z)(this.done)} of ${(0,format/* formatBytes */.z)(this.total)} (${percent}%), ${(0,format/* formatBytes */.z)(recent)}/s, ${eta}`;
    }
    report() {
        if (this.done >= this.total)
            return;
        this.log(`  progress: ${this.line()}`);
        this.lastDone = this.done;
    }
}
function formatDuration(seconds) {
    if (seconds < 60)
        return `${Math.ceil(seconds)} s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60)
        return `${minutes} min ${Math.round(seconds % 60)} s`;
    return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

;// CONCATENATED MODULE: ./build/tsc/prewarm/prewarm.js
/**
 * Pre-warm: fetch the selected files of a repo at its resolved commit into the hub cache, in the layout
 * Python reads offline (hub-cache/), as one pool of transfers across repos (blob-transfer.ts).
 *
 * `@huggingface/hub`'s `downloadFileToCacheDir` is not used: it files a snapshot under the file's *last*
 * commit rather than the revision's commit, writes no `refs/<revision>` or `trees/`, does not verify what
 * it downloaded and cannot resume — Python would then miss the files offline. We keep its `listFiles`
 * (paginated tree listing, hub/tree.ts) and write the cache ourselves.
 */
















/**
 * Pre-warms every target as one pool of transfers (files from all repos at once, ranges of large files over
 * the shared connections), with progress in the log while bytes move. Every repo is finished (links, listing,
 * ref) when its files are, whatever happens to the others; failures are reported together at the end.
 */
async function prewarmAll(client, targets, hubCache, options = {}) {
    const now = options.now ?? Date.now;
    const started = now();
    const planLimit = (0,p_limit/* default */.A)(4);
    const plans = await Promise.all(targets.map(t => planLimit(() => planRepo(client, t, hubCache, options))));
    const total = plans.reduce((sum, p) => sum + p.groups.filter(needsDownload).reduce((s, g) => s + g.files[0].size, 0), 0);
    await checkDiskSpace(hubCache, total, options.disk);
    const symlinks = options.symlinks ?? (await symlinksSupported(hubCache));
    const progress = new Progress(total, options.log ?? (() => undefined), options.progressIntervalMs).start();
    const transfer = {
        ...options,
        connections: options.connections ?? (0,p_limit/* default */.A)(CONNECTIONS),
        onBytes: bytes => progress.add(bytes)
    };
    const fetcher = { client, transfer, symlinks, now, log: options.log, signal: options.signal };
    const files = (0,p_limit/* default */.A)(options.concurrency ?? 8);
    // Largest first: the long transfers start at once and the small ones fill the gaps around them.
    const work = plans
        .flatMap(plan => plan.groups.map(group => ({ plan, group })))
        .sort((a, b) => b.group.files[0].size - a.group.files[0].size);
    try {
        await Promise.all(work.map(({ plan, group }) => files(() => fetchGroup(fetcher, plan, group))));
    }
    finally {
        progress.stop();
    }
    if (options.signal?.aborted)
        throw options.signal.reason;
    await finishRepos(plans, hubCache);
    return plans.map(plan => ({
        files: plan.files.length,
        bytes: plan.files.reduce((sum, f) => sum + f.size, 0),
        downloadedFiles: plan.downloadedFiles,
        downloadedBytes: plan.downloadedBytes,
        seconds: (plan.finishedAt - started) / 1000
    }));
}
/**
 * One blob group of a repo: its blob fetched unless the cache has it, then linked at each of its paths. A
 * failure is the repo's (noted in its plan), never the pool's; the repo's clock stops when its last group does.
 */
async function fetchGroup(fetcher, plan, group) {
    const { client, transfer, symlinks } = fetcher;
    const first = group.files[0];
    try {
        if (fetcher.signal?.aborted)
            throw fetcher.signal.reason;
        let source = group.existing === undefined ? undefined : plan.repo.snapshotPath(plan.commit, group.existing);
        if (needsDownload(group)) {
            await plan.repo.makeDir(external_node_path_.dirname(plan.repo.blobPath(first.etag)));
            const url = (0,urls/* resolveUrl */.O2)(client.endpoint, plan.spec, plan.commit, first.path);
            // Awaited first: `x += await …` would read x before the wait and lose concurrent additions.
            const received = await downloadBlob(client, url, first, plan.repo.blobPath(first.etag), transfer);
            plan.downloadedBytes += received;
            // Every path of the blob is this run's download, not "already cached" (one fetch, several paths).
            plan.downloadedFiles += group.files.length;
            fetcher.log?.(`  downloaded ${(0,repo_spec/* repoLabel */.pq)(plan.spec)}: ${(0,safe_text/* safeText */.Hk)(first.path)} (${(0,format/* formatBytes */.z)(first.size)})`);
            if (!symlinks) {
                // Without symlinks the new blob becomes its first path's file, and the others copy it.
                await plan.repo.link(plan.commit, first.path, first.etag, { symlinks, move: true });
                source = plan.repo.snapshotPath(plan.commit, first.path);
            }
        }
        for (const file of group.files) {
            await plan.repo.link(plan.commit, file.path, file.etag, { symlinks, source });
        }
    }
    catch (error) {
        plan.failures.push(`${(0,safe_text/* safeText */.Hk)(first.path)}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    finally {
        plan.finishedAt = fetcher.now();
    }
}
/**
 * Each repo whose files all arrived gets its listing and ref (what Python reads offline); the failures of the
 * others are thrown together, naming each repo and file.
 */
async function finishRepos(plans, hubCache) {
    for (const plan of plans) {
        if (plan.failures.length > 0 || plan.checked)
            continue;
        await plan.repo.writeTree(plan.commit, plan.tree);
        await plan.repo.writeRef(plan.spec.revision, plan.commit);
    }
    await (0,python_files/* writeCacheDirTag */.xF)(hubCache);
    const failed = plans.filter(p => p.failures.length > 0);
    if (failed.length === 0)
        return;
    const what = failed.map(p => `pre-warm of ${(0,repo_spec/* repoLabel */.pq)(p.spec)} failed for ${p.failures.length} file(s): ${p.failures.join('; ')}`);
    throw new errors/* ActionError */.lZ('Pre-warm failed', `${what.join(' | ')}. Every file that was fetched and verified is kept: re-run the job to fetch only the rest.`);
}
/**
 * Pre-warms the targets in one collapsible log group, logging each one's files, bytes and time. Returns the
 * results in the targets' order.
 */
async function prewarmRepos(client, targets, hubCache, signal) {
    if (targets.length === 0)
        return [];
    const names = targets.map(t => `${(0,repo_spec/* repoLabel */.pq)(t.spec)}@${t.spec.revision} (${t.commit.slice(0, 7)})`);
    core.startGroup(`Pre-warming ${names.join(', ')}`);
    try {
        const results = await prewarmAll(client, targets, hubCache, { log: safe_text/* logInfo */.fH, signal });
        for (const [i, result] of results.entries()) {
            const rate = result.downloadedBytes / Math.max(result.seconds, 0.001);
            (0,safe_text/* logInfo */.fH)(`${(0,repo_spec/* repoLabel */.pq)(targets[i].spec)}: ${result.files} file(s), ${(0,format/* formatBytes */.z)(result.bytes)}: downloaded ${result.downloadedFiles} (${(0,format/* formatBytes */.z)(result.downloadedBytes)}) in ${result.seconds.toFixed(1)} s (${(0,format/* formatBytes */.z)(rate)}/s), ${result.files - result.downloadedFiles} already cached`);
        }
        return results;
    }
    finally {
        core.endGroup();
    }
}
/** Checks what the cache holds of each target at its commit (see verifyCachedRepo). */
async function verifyCachedRepos(client, targets, hubCache, signal) {
    for (const { spec, commit, tree } of targets) {
        const checked = await verifyCachedRepo(client, spec, commit, hubCache, { signal, log: safe_text/* logInfo */.fH }, tree);
        if (checked)
            (0,safe_text/* logInfo */.fH)(`Checked the cached ${(0,repo_spec/* repoLabel */.pq)(spec)}@${spec.revision} against the Hub's listing`);
    }
}
/**
 * Each target's snapshot folder, where the cache holds it (undefined where it does not): what
 * `load_dataset(<folder>)` or `from_pretrained(<folder>)` takes offline.
 */
async function findSnapshots(targets, hubCache) {
    return Promise.all(targets.map(async ({ spec, commit }) => {
        const repo = new layout/* RepoCacheDir */.y6(hubCache, spec.type, spec.id);
        return (await repo.cachedCommit(commit).catch(() => undefined)) ? repo.snapshotDir(commit) : undefined;
    }));
}
/** Free bytes on the disk holding `dir` (for an unprivileged user, as statvfs's `f_bavail` counts them). */


/***/ })

};
