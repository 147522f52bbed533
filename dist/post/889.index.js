export const id = 889;
export const ids = [889];
export const modules = {

/***/ 6692:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  e: () => (/* binding */ blobDigest)
});

// UNUSED EXPORTS: contentHash

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
;// CONCATENATED MODULE: ./build/tsc/hub-cache/hash-worker.js
/**
 * Hashing off the main thread: on loopback or a fast link, sha256 of every byte on the main thread is what
 * limits a pre-warm (the main thread also runs every HTTP stream). A worker reads back what was written (from
 * the page cache) and hashes it in order, on another core, while the main thread keeps receiving.
 *
 * The worker's code is a string run with `eval`: the bundle stays self-contained, with no worker file to
 * find at run time.
 */


const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const crypto = require('node:crypto')
const fs = require('node:fs')
const files = new Map()
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024)
parentPort.on('message', m => {
  try {
    if (m.op === 'open') {
      const hash = crypto.createHash(m.lfs ? 'sha256' : 'sha1').update(m.header)
      // Never through a link, never blocking (a FIFO planted at the name), and only a regular file.
      const fd = fs.openSync(m.path, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW || 0) | (fs.constants.O_NONBLOCK || 0))
      files.set(m.id, { hash, fd, size: m.size, next: 0 })
      if (!fs.fstatSync(fd).isFile()) throw new Error('not a regular file')
      return
    }
    const file = files.get(m.id)
    if (m.op === 'feed') {
      // In order, with no gap: the digest is of every byte from the first.
      if (m.start !== file.next) throw new Error('bytes ' + file.next + '-' + m.start + ' were skipped')
      file.next = m.end
      for (let at = m.start; at < m.end; ) {
        const n = fs.readSync(file.fd, buffer, 0, Math.min(buffer.length, m.end - at), at)
        if (n === 0) throw new Error('short read at ' + at)
        file.hash.update(buffer.subarray(0, n))
        at += n
      }
      return
    }
    if (m.op === 'close') {
      const size = fs.fstatSync(file.fd).size
      files.delete(m.id)
      fs.closeSync(file.fd)
      if (m.digest && size !== file.size) throw new Error('the file is ' + size + ' bytes, not ' + file.size)
      if (m.digest && file.next !== file.size) throw new Error('only ' + file.next + ' of ' + file.size + ' bytes were hashed')
      parentPort.postMessage({ id: m.id, digest: m.digest ? file.hash.digest('hex') : undefined })
    }
  } catch (error) {
    const file = files.get(m.id)
    if (file) { files.delete(m.id); try { fs.closeSync(file.fd) } catch {} }
    parentPort.postMessage({ id: m.id, error: String(error && error.message || error) })
  }
})
`;
/** Workers, started on first use and let go (unref'd) so they never hold the process open. */
let workers = [];
let nextId = 1;
const pending = new Map();
/** An error a file met before its digest was asked for. */
const failed = new Map();
/** Files open in each worker: the ones a dead worker takes with it. */
const openIn = new Map();
/**
 * A worker that died (an uncaught error, or killed by the system) fails every file it had at once, rather than
 * leaving their digests waiting until the pre-warm's deadline; later files go to the workers left, or a new pool.
 */
function workerDied(worker, why) {
    if (!openIn.has(worker))
        return;
    const error = new Error(`hashing failed: the hashing worker stopped (${why})`);
    for (const id of openIn.get(worker) ?? []) {
        const waiter = pending.get(id);
        pending.delete(id);
        if (waiter)
            waiter.reject(error);
        else
            failed.set(id, error);
    }
    openIn.delete(worker);
    workers = workers.filter(w => w !== worker);
}
function pool() {
    if (workers.length > 0)
        return workers;
    // Two even on two cores: with the socket path (http/) the main thread is idle half the time, and
    // one worker was then the pre-warm's bottleneck (bench case 3: 0.72 s against 0.88 s for 512 MiB).
    const count = Math.max(1, Math.min(2, external_node_os_.availableParallelism()));
    workers = Array.from({ length: count }, () => {
        const worker = new external_node_worker_threads_.Worker(WORKER_SOURCE, { eval: true });
        openIn.set(worker, new Set());
        worker.unref();
        worker.on('error', error => workerDied(worker, error.message));
        worker.on('exit', code => workerDied(worker, `exit code ${code}`));
        worker.on('message', (reply) => {
            const waiter = pending.get(reply.id);
            const error = reply.error === undefined ? undefined : new Error(`hashing failed: ${reply.error}`);
            if (!waiter) {
                if (error)
                    failed.set(reply.id, error);
                return;
            }
            openIn.get(worker)?.delete(reply.id);
            pending.delete(reply.id);
            if (error)
                waiter.reject(error);
            else
                waiter.resolve(reply.digest ?? '');
        });
        return worker;
    });
    return workers;
}
/** Ends the workers (tests: a worker that dies must fail its files at once). */
function terminateHashWorkers() {
    return Promise.all(workers.map(worker => worker.terminate()));
}
/** What git hashes before a blob's content: its id is sha1 of `blob <size>\0<content>` (the Hub's ETag of regular files). */
function hash_worker_gitBlobHeader(size) {
    return `blob ${size}\0`;
}
/**
 * Hashes one file as its bytes land: `feed(start, end)` for each part written, in order, then `digest()`.
 * The hash is of what is on disk, so it also proves the file holds exactly the bytes it should.
 */
class FileHasher {
    size;
    id = nextId++;
    worker;
    done = false;
    /** Bytes fed so far, from the first: the digest covers exactly these. */
    covered = 0;
    constructor(file, lfs, size) {
        this.size = size;
        const all = pool();
        this.worker = all[this.id % all.length];
        openIn.get(this.worker)?.add(this.id);
        this.worker.postMessage({
            op: 'open',
            id: this.id,
            path: file,
            lfs,
            size,
            header: lfs ? '' : hash_worker_gitBlobHeader(size)
        });
    }
    /** The bytes `start` to `end` (exclusive) were written; they follow the ones fed before. */
    feed(start, end) {
        if (end <= start)
            return;
        if (start !== this.covered)
            throw new Error(`hashing must go in order: bytes ${this.covered}-${start} skipped`);
        this.covered = end;
        this.worker.postMessage({ op: 'feed', id: this.id, start, end });
    }
    /** Bytes fed so far, from the first. */
    get hashedBytes() {
        return this.covered;
    }
    /** The digest of every byte of the file; refused unless all `size` bytes were fed, in order. */
    digest() {
        if (this.covered !== this.size) {
            void this.dispose();
            return Promise.reject(new Error(`hashing failed: only ${this.covered} of ${this.size} bytes were hashed`));
        }
        return this.close(true);
    }
    /** Lets go of the file without a digest (a transfer that starts over, or failed). */
    async dispose() {
        if (!this.done)
            await this.close(false).catch(() => undefined);
    }
    close(digest) {
        this.done = true;
        const error = failed.get(this.id);
        if (error) {
            failed.delete(this.id);
            openIn.get(this.worker)?.delete(this.id);
            return Promise.reject(error);
        }
        if (!openIn.get(this.worker))
            return Promise.reject(new Error('hashing failed: the hashing worker stopped'));
        return new Promise((resolve, reject) => {
            pending.set(this.id, { resolve, reject });
            // The worker must not be let go while an answer is awaited.
            this.worker.ref();
            this.worker.postMessage({ op: 'close', id: this.id, digest });
        }).finally(() => {
            if (pending.size === 0)
                for (const w of workers)
                    w.unref();
        });
    }
}

;// CONCATENATED MODULE: ./build/tsc/hub-cache/blob-hash.js
/** The content hash a blob is named by: off the main thread for files (hash-worker.ts), or here for a few bytes. */



/** The hash a blob is named by, for content hashed on this thread (sha256 for LFS files, else the git blob id). */
function contentHash(lfs, size) {
    return lfs ? createHash('sha256') : createHash('sha1').update(gitBlobHeader(size));
}
/**
 * The content hash a blob is named by (sha256 for a 64-hex name, the git blob id for a 40-hex one), hashed by
 * the same worker that verifies downloads; undefined when the file is not a regular file.
 */
async function blobDigest(file, name) {
    const stat = await promises_.lstat(file).catch(() => undefined);
    if (!stat?.isFile())
        return undefined;
    const hasher = new FileHasher(file, name.length === 64, stat.size);
    hasher.feed(0, stat.size);
    return hasher.digest().catch(() => undefined);
}


/***/ }),

/***/ 3817:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SY: () => (/* binding */ receiveArchive),
/* harmony export */   m7: () => (/* binding */ ARCHIVE_ROOT)
/* harmony export */ });
/* unused harmony exports MAX_MEMBERS, RefusedArchive, vetMember */
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
    if (UNPLAIN.test(name) || rel.length > 4096)
        return 'a name with a control character';
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
    const received = { files: 0, bytes: 0 };
    const seen = new Set();
    const links = new Set();
    const writes = [];
    let refusal;
    const refuse = (error) => {
        refusal ??= error;
    };
    const parser = new tar__WEBPACK_IMPORTED_MODULE_5__/* .Parser */ .iX({
        strict: true,
        // Each member is consumed by writeMember (or skipped), once its folder exists.
        noResume: true,
        onReadEntry: (entry) => {
            const reason = refusal?.message ??
                (seen.size >= MAX_MEMBERS ? 'more members than an entry holds' : undefined) ??
                vetMember(entry.path, entry.type, entry.linkpath, seen, links);
            if (reason) {
                refuse(new RefusedArchive(`${reason} (${(0,_shared_safe_text_js__WEBPACK_IMPORTED_MODULE_6__/* .safeText */ .Hk)(entry.path, 200)})`));
                return entry.resume();
            }
            const rel = entry.path.replace(/\/+$/, '');
            seen.add(rel);
            const full = node_path__WEBPACK_IMPORTED_MODULE_3__.join(stageDir, ...rel.split('/'));
            if (entry.type === 'SymbolicLink')
                links.add(rel);
            writes.push(writeMember(entry, full).then(bytes => {
                if (entry.type !== 'Directory' && entry.type !== 'SymbolicLink') {
                    received.files++;
                    received.bytes += bytes;
                }
            }, refuse));
        }
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
    await Promise.all(writes);
    if (refusal)
        throw refusal;
    return received;
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
/* harmony export */   NS: () => (/* binding */ stageSnapshot),
/* harmony export */   TD: () => (/* binding */ removeStaleStages),
/* harmony export */   ax: () => (/* binding */ writeStagedIndex),
/* harmony export */   e3: () => (/* binding */ Stages),
/* harmony export */   removeStages: () => (/* binding */ removeStages)
/* harmony export */ });
/* unused harmony exports STAGE_DIR, STALE_STAGES_MS, isBlobName, Stage, linkedBlob, readStagedIndex */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9704);
/* harmony import */ var _shared_shape_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(3374);
/* harmony import */ var _shared_temp_name_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4309);
/* harmony import */ var _entry_archive_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3817);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9962);
/* harmony import */ var _repo_folders_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7544);
/* harmony import */ var _safe_tree_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7562);
/* harmony import */ var _shared_store_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(1765);
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
const STALE_STAGES_MS = 6 * 60 * 60 * 1000;
const isBlobName = (name) => (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_10__/* .isHex40 */ .QO)(name) || (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_10__/* .isHex64 */ .mo)(name);
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
            if ((await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .checkFolder */ .p$)(cache, parent)).state === 'foreign')
                await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .remove */ .TF)(cache, parent);
            try {
                if ((await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .checkFolder */ .p$)(cache, root, true)).state === 'real')
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
    /** A new, empty stage for one entry. */
    async fresh(label) {
        const dir = node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.root, `${++this.count}-${label.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100)}`);
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir(dir);
        return new Stage(dir);
    }
    async remove(stage) {
        await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .remove */ .TF)(this.hubCache, stage.dir).catch(() => undefined);
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
    await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .remove */ .TF)(cache, node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(root)).catch(() => undefined);
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rmdir(parent).catch(() => undefined);
}
/**
 * Removes what no live step uses: a link or file where the stages' folder should be, and step folders left by
 * steps that died (untouched for STALE_STAGES_MS). Another job's step sharing this hub cache keeps its own.
 */
async function removeStaleStages(hubCache, now = Date.now()) {
    const cache = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(hubCache);
    const parent = node_path__WEBPACK_IMPORTED_MODULE_2__.join(cache, STAGE_DIR);
    const check = await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .checkFolder */ .p$)(cache, parent);
    if (check.state === 'foreign')
        return void (await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .remove */ .TF)(cache, parent));
    if (check.state === 'absent')
        return;
    for (const { name, kind } of await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .list */ .p_)(cache, STAGE_DIR)) {
        const full = node_path__WEBPACK_IMPORTED_MODULE_2__.join(parent, name);
        const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat(full).catch(() => undefined);
        if (kind !== 'dir' || (stat && now - stat.mtimeMs > STALE_STAGES_MS))
            await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .remove */ .TF)(cache, full);
    }
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rmdir(parent).catch(() => undefined);
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
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(target), { recursive: true });
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.link(source, target).catch(() => node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.copyFile(source, target, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.COPYFILE_EXCL));
}
/**
 * Stages `folder` at `commit` into `stage` (a fresh stage's `hub`, see the header); undefined when the hub
 * cache holds no such snapshot.
 */
async function stageSnapshot(hubCache, stage, folder, commit) {
    const root = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(hubCache);
    const from = node_path__WEBPACK_IMPORTED_MODULE_2__.join(root, folder);
    const to = node_path__WEBPACK_IMPORTED_MODULE_2__.join(stage, folder);
    const snapshot = `${folder}/snapshots/${commit}`;
    const entries = (await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .walk */ .GG)(root, snapshot)).filter(e => !_shared_temp_name_js__WEBPACK_IMPORTED_MODULE_4__/* .LEFTOVER */ .oy.test(e.rel));
    const repo = (0,_repo_folders_js__WEBPACK_IMPORTED_MODULE_7__/* .parseRepoFolder */ .EP)(folder);
    if (!repo || !(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_10__/* .isHex40 */ .QO)(commit) || !entries.some(e => e.kind === 'link' || e.kind === 'file'))
        return undefined;
    const staged = { bytes: 0, files: [] };
    const blobs = new Map();
    // Where symlinks cannot be made (Windows without the right), Python copies each file into the snapshot: such
    // a copy is staged when the commit's listing names it (the merge checks its content against that name).
    const listing = entries.some(e => e.kind === 'file')
        ? (0,_layout_js__WEBPACK_IMPORTED_MODULE_6__/* .blobsByPath */ .HP)((await new _layout_js__WEBPACK_IMPORTED_MODULE_6__/* .RepoCacheDir */ .y6(root, repo.type, repo.id).readTree(commit)) ?? [])
        : new Map();
    for (const entry of entries) {
        if (entry.kind === 'file' && listing.has(entry.rel)) {
            await linkOrCopy(entry.full, node_path__WEBPACK_IMPORTED_MODULE_2__.join(stage, snapshot, entry.rel));
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
        const link = node_path__WEBPACK_IMPORTED_MODULE_2__.join(stage, snapshot, entry.rel);
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(link), { recursive: true });
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.symlink(entry.target, link);
        staged.files.push(entry.rel);
    }
    if (!staged.files.length)
        return undefined;
    await stageSmallFiles(root, folder, commit, to);
    return staged;
}
/** One blob: a hard link of a regular one, or Python's link into the store with the payload it links to. */
async function stageBlob(root, from, to, stage, name, staged) {
    const source = node_path__WEBPACK_IMPORTED_MODULE_2__.join(from, 'blobs', name);
    const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat(source).catch(() => undefined);
    if (stat?.isFile()) {
        await linkOrCopy(source, node_path__WEBPACK_IMPORTED_MODULE_2__.join(to, 'blobs', name));
        staged.bytes += stat.size;
        return true;
    }
    const entry = stat?.isSymbolicLink() ? await (0,_shared_store_js__WEBPACK_IMPORTED_MODULE_9__/* .linkedStoreEntry */ .zE)(root, source) : undefined;
    if (!entry)
        return false;
    const payload = node_path__WEBPACK_IMPORTED_MODULE_2__.join(stage, node_path__WEBPACK_IMPORTED_MODULE_2__.relative(root, entry.payload));
    if (!(await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat(payload).catch(() => undefined))) {
        await linkOrCopy(entry.payload, payload);
        staged.bytes += (await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat(payload)).size;
        await (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .writeExclusive */ .CW)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(stage, _shared_store_js__WEBPACK_IMPORTED_MODULE_9__/* .STORE_DIR */ .SF, _shared_store_js__WEBPACK_IMPORTED_MODULE_9__/* .STORE_MARKER */ .vf), '1\n').catch(() => undefined);
    }
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir(node_path__WEBPACK_IMPORTED_MODULE_2__.join(to, 'blobs'), { recursive: true });
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.symlink(await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readlink(source), node_path__WEBPACK_IMPORTED_MODULE_2__.join(to, 'blobs', name));
    return true;
}
/** The refs naming the commit, its listing (`trees/<commit>.json`) and its `.no_exist` markers. */
async function stageSmallFiles(root, folder, commit, to) {
    for (const ref of await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .walk */ .GG)(root, `${folder}/refs`)) {
        if (ref.kind !== 'file' || _shared_temp_name_js__WEBPACK_IMPORTED_MODULE_4__/* .LEFTOVER */ .oy.test(ref.rel))
            continue;
        if ((await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .read */ .LF)(root, ref.full, 1024))?.trim() !== commit)
            continue;
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(node_path__WEBPACK_IMPORTED_MODULE_2__.join(to, 'refs', ref.rel)), { recursive: true });
        await (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .writeExclusive */ .CW)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(to, 'refs', ref.rel), commit);
    }
    const tree = (await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .walk */ .GG)(root, `${folder}/trees`)).find(f => f.rel === `${commit}.json`);
    if (tree?.kind === 'file')
        await linkOrCopy(tree.full, node_path__WEBPACK_IMPORTED_MODULE_2__.join(to, 'trees', tree.rel));
    // A marker naming a file the commit has (a later step may plant one) is never saved.
    const repo = (0,_repo_folders_js__WEBPACK_IMPORTED_MODULE_7__/* .parseRepoFolder */ .EP)(folder);
    const listed = new Set((await new _layout_js__WEBPACK_IMPORTED_MODULE_6__/* .RepoCacheDir */ .y6(root, repo.type, repo.id).readTree(commit))?.map(e => e.path));
    for (const marker of await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_8__/* .walk */ .GG)(root, `${folder}/.no_exist/${commit}`)) {
        if (marker.kind !== 'file' || _shared_temp_name_js__WEBPACK_IMPORTED_MODULE_4__/* .LEFTOVER */ .oy.test(marker.rel) || listed.has(marker.rel))
            continue;
        const file = node_path__WEBPACK_IMPORTED_MODULE_2__.join(to, '.no_exist', commit, marker.rel);
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(file), { recursive: true });
        await (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .writeExclusive */ .CW)(file, '');
    }
}
/** The index entry's one file, in its stage's `hub/`. */
const INDEX_FILE = 'entries.json';
/** Writes an index entry's file into a fresh stage. */
async function writeStagedIndex(stage, text) {
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir(stage.hub, { recursive: true });
    await (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .writeExclusive */ .CW)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(stage.hub, INDEX_FILE), text);
}
/** A restored index entry's file (a regular file, at most `maxBytes`), or undefined. */
async function readStagedIndex(stage, maxBytes) {
    return read(stage.dir, path.join(stage.hub, INDEX_FILE), maxBytes);
}


/***/ }),

/***/ 9962:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  y6: () => (/* binding */ RepoCacheDir),
  HP: () => (/* binding */ blobsByPath),
  IO: () => (/* binding */ repoFolderName)
});

// UNUSED EXPORTS: CHECKS_AT_ONCE

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
// EXTERNAL MODULE: ./build/tsc/hub/repo-spec.js
var repo_spec = __webpack_require__(8717);
// EXTERNAL MODULE: ./build/tsc/shared/safe-fs.js
var safe_fs = __webpack_require__(9704);
// EXTERNAL MODULE: ./build/tsc/shared/shape.js
var shape = __webpack_require__(3374);
// EXTERNAL MODULE: ./build/tsc/hub-cache/blob-hash.js + 1 modules
var blob_hash = __webpack_require__(6692);
// EXTERNAL MODULE: ./build/tsc/hub-cache/path-safety.js
var path_safety = __webpack_require__(2054);
// EXTERNAL MODULE: ./build/tsc/hub-cache/safe-tree.js
var safe_tree = __webpack_require__(7562);
// EXTERNAL MODULE: ./build/tsc/hub-cache/shared-store.js + 1 modules
var shared_store = __webpack_require__(1765);
;// CONCATENATED MODULE: ./build/tsc/hub-cache/python-files.js
/**
 * Files Python `huggingface_hub` keeps beside the blobs, written byte for byte as it writes them:
 * `trees/<commit>.json` (the commit's full listing: offline, it tells a complete snapshot from a partial one)
 * and `CACHEDIR.TAG` at the root (backup tools skip the cache).
 */



const TREE_FORMAT_VERSION = 1;
const CACHEDIR_TAG = (/* unused pure expression or super */ null && ('Signature: 8a477f597d28d172789f06886806bc55\n' +
    '# This file is a cache directory tag created by huggingface_hub.\n' +
    '# For information about cache directory tags, see:\n' +
    '#\thttps://bford.info/cachedir/\n'));
/** Tags the hub cache so backup tools skip it (what huggingface_hub does on every download). */
async function writeCacheDirTag(hubCache) {
    await fs.mkdir(hubCache, { recursive: true });
    await fs.writeFile(path.join(hubCache, 'CACHEDIR.TAG'), CACHEDIR_TAG, { flag: 'wx' }).catch(() => undefined);
}
/** Python's `json.dump(data, indent=1)`: same layout, and non-ASCII escaped as \uXXXX. */
function pythonJson(data) {
    return JSON.stringify(data, null, 1).replace(/[\u0080-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
/** A listing as `trees/<commit>.json`, or undefined where Python writes none (a malformed xet hash). */
function encodeTree(entries) {
    if (entries.some(e => e.xetHash !== undefined && !(0,shape/* isHex64 */.mo)(e.xetHash)))
        return undefined;
    const files = {};
    for (const e of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
        files[e.path] = {
            size: e.size,
            blob_id: e.blobId,
            ...(e.lfsSha256 !== undefined ? { lfs_sha256: e.lfsSha256, lfs_size: e.lfsSize } : {}),
            ...(e.xetHash !== undefined ? { xet_hash: e.xetHash } : {})
        };
    }
    return pythonJson({ format_version: TREE_FORMAT_VERSION, files });
}
/** A `trees/<commit>.json` read back, shape-checked: undefined when it is not one this format knows. */
function decodeTree(text) {
    const data = JSON.parse(text);
    if (data.format_version !== TREE_FORMAT_VERSION || !(0,shape/* isRecord */.u4)(data.files))
        return undefined;
    const entries = [];
    for (const [p, f] of Object.entries(data.files)) {
        if (!(0,shape/* isRecord */.u4)(f) || !(0,shape/* isSize */.kp)(f.size) || !(0,shape/* isHex40 */.QO)(f.blob_id))
            return undefined;
        if (f.lfs_sha256 !== undefined && !(0,shape/* isHex64 */.mo)(f.lfs_sha256))
            return undefined;
        entries.push({
            path: p,
            size: f.size,
            blobId: f.blob_id,
            lfsSha256: f.lfs_sha256,
            lfsSize: (0,shape/* isSize */.kp)(f.lfs_size) ? f.lfs_size : undefined,
            xetHash: typeof f.xet_hash === 'string' ? f.xet_hash : undefined
        });
    }
    return entries;
}

;// CONCATENATED MODULE: ./build/tsc/hub-cache/layout.js
/**
 * The hub cache layout Python `huggingface_hub` reads offline:
 *   <type>s--owner--name/blobs/<etag>, snapshots/<commit>/<path> (relative symlink), refs/<revision>.
 * Every name that comes from the network (file paths, etags, commits) is validated here, so nothing
 * is ever written outside the repo's folder.
 *
 * huggingface_hub 1.x also keeps `trees/<commit>.json` and a `CACHEDIR.TAG` (python-files.ts).
 */












function repoFolderName(type, id) {
    return `${type}s--${id.split('/').join('--')}`;
}
/** Cached files checked (and so perhaps re-hashed) at once. */
const CHECKS_AT_ONCE = 8;
/** The blob each listed path must point at (what `pruneSnapshot` checks against). */
function blobsByPath(tree) {
    return new Map(tree.map(e => [e.path, e.lfsSha256 ?? e.blobId]));
}
class RepoCacheDir {
    hubCache;
    type;
    id;
    root;
    label;
    constructor(hubCache, type, id) {
        this.hubCache = hubCache;
        this.type = type;
        this.id = id;
        this.root = external_node_path_.join(external_node_path_.resolve(hubCache), repoFolderName(type, id));
        this.label = (0,repo_spec/* repoLabel */.pq)({ type, id });
    }
    blobPath(etag) {
        if (!(0,shape/* isHex40 */.QO)(etag) && !(0,shape/* isHex64 */.mo)(etag))
            throw new path_safety/* UnsafePathError */.k0(this.label, etag, 'the etag is not a sha1 or sha256');
        return external_node_path_.join(this.root, 'blobs', etag);
    }
    snapshotDir(commit) {
        if (!(0,shape/* isHex40 */.QO)(commit))
            throw new path_safety/* UnsafePathError */.k0(this.label, commit, 'not a 40-hex commit');
        return external_node_path_.join(this.root, 'snapshots', commit);
    }
    snapshotPath(commit, relPath) {
        return (0,path_safety/* joinInside */.lG)(this.snapshotDir(commit), relPath, this.label);
    }
    refPath(revision) {
        return (0,path_safety/* joinInside */.lG)(external_node_path_.join(this.root, 'refs'), revision, this.label);
    }
    treePath(commit) {
        if (!(0,shape/* isHex40 */.QO)(commit))
            throw new path_safety/* UnsafePathError */.k0(this.label, commit, 'not a 40-hex commit');
        return external_node_path_.join(this.root, 'trees', `${commit}.json`);
    }
    /** The commit's full listing (all files, whatever was selected), as Python writes it. */
    async writeTree(commit, entries) {
        const text = encodeTree(entries);
        if (text === undefined)
            return; // Python skips these too
        const file = this.treePath(commit);
        await this.makeDir(external_node_path_.dirname(file));
        await (0,safe_fs/* replaceAtomically */.GA)(file, temp => (0,safe_fs/* writeExclusive */.CW)(temp, text));
    }
    /** The cached listing (only ever used with the Hub unreachable), or undefined when absent or unknown. */
    async readTree(commit) {
        try {
            const file = this.treePath(commit);
            if (!(await this.hasDir(external_node_path_.dirname(file))))
                return undefined;
            const text = await (0,safe_fs/* readRegular */.VX)(file);
            if (text === undefined)
                return undefined;
            return decodeTree(text);
        }
        catch {
            return undefined;
        }
    }
    /** Blobs already hashed by this process and found right: hashed once a run, whatever reuses them. */
    static verified = new Set();
    /**
     * True when the blob is a regular file of the expected size (when given) *and content*, or a link of exactly
     * Python's shape into its shared store (shared-store.ts) whose payload is: a restored or pre-existing cache is
     * not trusted, so a blob is re-hashed (the payload read by its own path, never through the link) before it is
     * reused, and a good link is kept as Python made it. A wrong blob, or a link of any other shape, is removed
     * (only a tampered cache could hold one: the rename of a new blob replaces it).
     */
    async hasBlob(etag, size) {
        const file = this.blobPath(etag);
        if (!(await this.hasDir(external_node_path_.dirname(file))))
            return false;
        const stat = await promises_.lstat(file).catch(() => undefined);
        if (!stat)
            return false;
        const entry = stat.isSymbolicLink() ? await (0,shared_store/* linkedStoreEntry */.zE)(this.hubCache, file) : undefined;
        const content = entry ? entry.payload : file;
        const contentStat = entry ? await promises_.lstat(entry.payload) : stat;
        const key = `${content}\0${contentStat.ino}\0${contentStat.size}\0${contentStat.mtimeMs}`;
        if (RepoCacheDir.verified.has(key))
            return true;
        const sized = size === undefined || contentStat.size === size;
        if (contentStat.isFile() && sized && (await (0,blob_hash/* blobDigest */.e)(content, etag)) === etag) {
            RepoCacheDir.verified.add(key);
            return true;
        }
        // A store payload is shared: a wrong one is not removed here (other repos may link to it), only our link.
        await promises_.rm(file, { force: true });
        return false;
    }
    /** Records a blob as hashed and right (its content path as it is now): this run does not hash it again. */
    static async remember(content) {
        const stat = await promises_.lstat(content);
        RepoCacheDir.verified.add(`${content}\0${stat.ino}\0${stat.size}\0${stat.mtimeMs}`);
    }
    /**
     * Makes a restored blob (`file`, in a stage: entry-merge.ts) this repo's `blobs/<etag>` once its content
     * hashes to the name: no restored blob is visible unverified. A right one already here is kept. False when
     * `file` is not a regular file of the name's content.
     */
    async adoptBlob(etag, file) {
        if (await this.hasBlob(etag))
            return true;
        if ((await (0,blob_hash/* blobDigest */.e)(file, etag)) !== etag)
            return false;
        const target = this.blobPath(etag);
        await this.makeDir(external_node_path_.dirname(target));
        await promises_.rename(file, target);
        await RepoCacheDir.remember(target);
        return true;
    }
    /**
     * Creates a folder below the repo's, one part at a time from the hub cache root, refusing any part that is
     * a link or not a folder: a restored cache could hold a symlinked repo folder (or `blobs/`, `snapshots/`)
     * pointing anywhere, and the action follows no link it did not make.
     */
    async makeDir(dir) {
        await this.walkDir(dir, true);
    }
    /**
     * Whether a folder below the hub cache exists, every part of it a real folder (false when a part is
     * missing); throws when a part is a link or a file. Reads and deletes go through this too, so a linked
     * repo folder never makes the action read, hash or remove files elsewhere.
     */
    async hasDir(dir) {
        return this.walkDir(dir, false);
    }
    async walkDir(dir, create) {
        const root = external_node_path_.resolve(this.hubCache);
        const rel = external_node_path_.relative(root, dir);
        if (rel.startsWith('..') || external_node_path_.isAbsolute(rel)) {
            throw new path_safety/* UnsafePathError */.k0(this.label, dir, 'it is outside the hub cache', 'cache');
        }
        const found = await (0,safe_tree/* checkFolder */.p$)(root, dir, create);
        if (found.state === 'foreign') {
            throw new path_safety/* UnsafePathError */.k0(this.label, found.rel, found.kind === 'link' ? 'it is a link, which the action does not follow' : 'it is not a folder', 'cache');
        }
        return found.state === 'real';
    }
    /**
     * Makes `snapshots/<commit>/` hold only what the commit's listing (from the Hub) says, pointing at the right
     * blobs: anything else a restored or pre-existing cache put there — an extra file, a link elsewhere, a
     * linked folder, a copy with the wrong content — is removed. Returns the removed paths.
     */
    async pruneSnapshot(commit, expected) {
        const top = this.snapshotDir(commit);
        if (!(await this.hasDir(external_node_path_.dirname(top))))
            return [];
        const stat = await promises_.lstat(top).catch(() => undefined);
        if (!stat)
            return [];
        if (!stat.isDirectory()) {
            await promises_.rm(top, { force: true });
            return ['.'];
        }
        const root = external_node_path_.resolve(this.hubCache);
        const entries = (await (0,safe_tree/* walk */.GG)(root, external_node_path_.relative(root, top))).filter(e => e.kind !== 'dir').map(e => e.rel);
        // Checked a few at a time: each check may re-hash a blob, and the hashing workers take them in parallel.
        const removed = [];
        const limit = (0,p_limit/* default */.A)(CHECKS_AT_ONCE);
        await Promise.all(entries.map(rel => limit(async () => {
            const full = external_node_path_.join(top, rel);
            const etag = expected.get(rel);
            if (etag !== undefined && (await this.pointsAt(full, etag)))
                return;
            await promises_.rm(full, { force: true });
            removed.push(rel);
        })));
        return removed.sort();
    }
    /**
     * Whether a snapshot entry is our link to `blobs/<etag>` with the right content there, or (where symlinks
     * cannot be made) a file with that content.
     */
    async pointsAt(full, etag) {
        const stat = await promises_.lstat(full);
        if (stat.isSymbolicLink()) {
            const target = await promises_.readlink(full);
            if (target !== external_node_path_.relative(external_node_path_.dirname(full), this.blobPath(etag)))
                return false;
            return this.hasBlob(etag);
        }
        return stat.isFile() && (await (0,blob_hash/* blobDigest */.e)(full, etag)) === etag;
    }
    /** Whether `snapshots/<commit>/<path>` is there (a link or a file; after `pruneSnapshot`, a right one). */
    async hasSnapshotEntry(commit, relPath) {
        return promises_.lstat(this.snapshotPath(commit, relPath)).then(() => true, () => false);
    }
    /** A restored snapshot copy (where symlinks cannot be made), its content already checked: moved into place. */
    async adoptCopy(commit, relPath, file) {
        const target = this.snapshotPath(commit, relPath);
        await this.makeDir(external_node_path_.dirname(target));
        await promises_.rename(file, target);
    }
    /** `.no_exist/<commit>/<path>`: Python's marker of a file the commit does not have (an empty file). */
    async markAbsent(commit, relPath) {
        if (!(0,shape/* isHex40 */.QO)(commit))
            throw new path_safety/* UnsafePathError */.k0(this.label, commit, 'not a 40-hex commit');
        const file = (0,path_safety/* joinInside */.lG)(external_node_path_.join(this.root, '.no_exist', commit), relPath, this.label);
        await this.makeDir(external_node_path_.dirname(file));
        await (0,safe_fs/* writeExclusive */.CW)(file, '').catch((error) => {
            if (error.code !== 'EEXIST')
                throw error;
        });
    }
    /**
     * Removes `.no_exist/<commit>/` markers naming a file the commit's listing has: Python (and transformers, which
     * asks "absent?" first) would take the file for missing, online and offline.
     */
    async unmarkListed(commit, listing) {
        if (!(0,shape/* isHex40 */.QO)(commit))
            throw new path_safety/* UnsafePathError */.k0(this.label, commit, 'not a 40-hex commit');
        const root = external_node_path_.resolve(this.hubCache);
        const markers = external_node_path_.join(this.root, '.no_exist', commit);
        if ((await (0,safe_tree/* checkFolder */.p$)(root, markers)).state !== 'real')
            return;
        const listed = new Set(listing.map(e => e.path));
        for (const marker of await (0,safe_tree/* walk */.GG)(root, external_node_path_.relative(root, markers)))
            if (marker.kind !== 'dir' && listed.has(marker.rel))
                await promises_.rm(marker.full, { force: true });
    }
    async readRef(revision) {
        const file = this.refPath(revision);
        if (!(await this.hasDir(external_node_path_.dirname(file))))
            return undefined;
        return (await (0,safe_fs/* readRegular */.VX)(file, 1024))?.trim();
    }
    /** refs/<revision> holds the commit, no newline; a commit revision needs no ref. */
    async writeRef(revision, commit) {
        if ((0,shape/* isHex40 */.QO)(revision))
            return;
        const file = this.refPath(revision);
        if ((await this.readRef(revision)) === commit)
            return;
        await this.makeDir(external_node_path_.dirname(file));
        await (0,safe_fs/* replaceAtomically */.GA)(file, temp => (0,safe_fs/* writeExclusive */.CW)(temp, commit));
    }
    /**
     * Points snapshots/<commit>/<path> at the blob: a relative symlink (what Python writes, and what survives
     * the cache archive being restored under another home). Where symlinks cannot be made, as Python does then:
     * the new blob itself is moved to its first path (`move`), and other paths get a copy of `source` — one copy
     * of each file, not a blob and a copy.
     */
    async link(commit, relPath, etag, how = { symlinks: true }) {
        const pointer = this.snapshotPath(commit, relPath);
        const blob = this.blobPath(etag);
        await this.makeDir(external_node_path_.dirname(pointer));
        if (how.symlinks) {
            const target = external_node_path_.relative(external_node_path_.dirname(pointer), blob);
            const current = await promises_.readlink(pointer).catch(() => undefined);
            if (current === target)
                return;
            return (0,safe_fs/* replaceAtomically */.GA)(pointer, temp => promises_.symlink(target, temp));
        }
        if (await this.hasSnapshotEntry(commit, relPath))
            return;
        if (how.move)
            return promises_.rename(blob, pointer);
        const source = how.source ?? blob;
        await (0,safe_fs/* replaceAtomically */.GA)(pointer, temp => promises_.copyFile(source, temp, external_node_fs_.constants.COPYFILE_EXCL));
    }
    /**
     * The commit Python would use offline for a revision — `refs/<revision>`, or the revision itself when it
     * is a commit — provided its snapshot folder exists; undefined when the cache lacks it.
     */
    async cachedCommit(revision) {
        const commit = (0,shape/* isHex40 */.QO)(revision) ? revision : await this.readRef(revision);
        if (!commit || !(0,shape/* isHex40 */.QO)(commit))
            return undefined;
        return (await this.hasDir(this.snapshotDir(commit))) ? commit : undefined;
    }
}


/***/ }),

/***/ 2054:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k0: () => (/* binding */ UnsafePathError),
/* harmony export */   lG: () => (/* binding */ joinInside)
/* harmony export */ });
/* unused harmony exports unsafeReason, caseInsensitive, caseCollisions */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6708);
/**
 * Names from the network (file paths, etags, commits) are checked here before they reach the disk: nothing is
 * ever written, read or deleted outside the hub cache, and no name becomes a workflow command in a log.
 */


/** What to do about an unsafe name: one from the Hub's listing, or something found in the hub cache. */
const FIXES = {
    listing: 'If the repo really has this file, leave it out with globs in "repos"; otherwise check that the endpoint serves the Hub unchanged.',
    cache: 'The action follows no link and uses no file it did not expect in the hub cache: remove it (or the whole repo folder) and run again.'
};
class UnsafePathError extends _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ {
    repo;
    unsafePath;
    constructor(repo, unsafePath, why, found = 'listing') {
        super('Unsafe path refused', `refusing the file path "${unsafePath}" listed by ${repo}: ${why}; nothing was written for it. ${FIXES[found]}`);
        this.repo = repo;
        this.unsafePath = unsafePath;
        this.name = 'UnsafePathError';
    }
}
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Device names Windows reserves in every folder, with or without an extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
const WINDOWS_FORBIDDEN = /[<>:"|?*]/;
/**
 * Why a repo-relative path is unsafe, or undefined when it is fine. Control characters (a line break in a
 * name could become a workflow command in a log) are refused everywhere; names Windows cannot hold or
 * would read as another file (`CON`, `aux.txt`, a trailing dot or space, `:`) on Windows.
 */
function unsafeReason(relPath, platform = process.platform) {
    if (!relPath)
        return 'it is empty';
    if (CONTROL.test(relPath))
        return 'it contains a control character';
    if (relPath.includes('\\'))
        return 'it contains a backslash';
    if (relPath.startsWith('/') || /^[A-Za-z]:/.test(relPath))
        return 'it is absolute';
    const segments = relPath.split('/');
    if (segments.includes('..'))
        return 'it contains ".."';
    if (segments.some(s => s === '' || s === '.'))
        return 'it has empty or "." segments';
    if (platform === 'win32') {
        if (segments.some(s => WINDOWS_RESERVED.test(s)))
            return 'it uses a name Windows reserves for a device';
        if (segments.some(s => /[. ]$/.test(s)))
            return 'a part of it ends with a dot or a space, which Windows drops';
        if (WINDOWS_FORBIDDEN.test(relPath))
            return 'it contains a character Windows does not allow in names';
    }
    return undefined;
}
/** Whether file names differing only in case are one file here (Windows and macOS by default). */
function caseInsensitive(platform = process.platform) {
    return platform === 'win32' || platform === 'darwin';
}
/** Paths that name the same file on a case-insensitive file system: [a, b] pairs. */
function caseCollisions(paths) {
    const seen = new Map();
    const out = [];
    for (const p of paths) {
        const folded = p.toLowerCase();
        const twin = seen.get(folded);
        if (twin !== undefined && twin !== p)
            out.push([twin, p]);
        else
            seen.set(folded, p);
    }
    return out;
}
/** Joins below `root`, refusing anything that would land outside it. */
function joinInside(root, relPath, repo) {
    const why = unsafeReason(relPath);
    if (why)
        throw new UnsafePathError(repo, relPath, why);
    const full = node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(root, ...relPath.split('/'));
    if (!full.startsWith(root + node_path__WEBPACK_IMPORTED_MODULE_0__.sep))
        throw new UnsafePathError(repo, relPath, 'it resolves outside the cache');
    return full;
}


/***/ }),

/***/ 7544:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EP: () => (/* binding */ parseRepoFolder),
/* harmony export */   Ut: () => (/* binding */ cachedSnapshots)
/* harmony export */ });
/* unused harmony exports snapshotFiles, cachedCommits */
/* harmony import */ var _shared_shape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3374);
/* harmony import */ var _shared_temp_name_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4309);
/* harmony import */ var _safe_tree_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7562);



const TYPES = { models: 'model', datasets: 'dataset', spaces: 'space' };
// huggingface_hub's repo id parts: word characters, '-' and '.', starting and ending with a word character.
const PART = /^(?=.{1,96}$)\w(?:[\w.-]*\w)?$/;
/** The type and id of a repo folder name (`models--owner--name`), or undefined for any other name. */
function parseRepoFolder(name) {
    const [plural, ...parts] = name.split('--');
    const type = TYPES[plural];
    if (!type || parts.length < 1 || parts.length > 2 || !parts.every(p => PART.test(p)))
        return undefined;
    return { type, id: parts.join('/') };
}
/** The files of one snapshot, sorted (empty when it is not a real folder). */
async function snapshotFiles(hubCache, folder, commit) {
    const found = await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_1__/* .walk */ .GG)(hubCache, `${folder}/snapshots/${commit}`);
    return found
        .filter(f => f.kind !== 'dir' && !_shared_temp_name_js__WEBPACK_IMPORTED_MODULE_0__/* .LEFTOVER */ .oy.test(f.rel))
        .map(f => f.rel)
        .sort();
}
/** Every snapshot folder in the hub cache (`<repo folder>/<commit>`), without reading what it holds. */
async function cachedCommits(hubCache) {
    const out = [];
    for (const top of await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_1__/* .list */ .p_)(hubCache, '')) {
        if (top.kind !== 'dir' || !parseRepoFolder(top.name))
            continue;
        for (const snap of await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_1__/* .list */ .p_)(hubCache, `${top.name}/snapshots`))
            if (snap.kind === 'dir' && (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isHex40 */ .QO)(snap.name))
                out.push(`${top.name}/${snap.name}`);
    }
    return out;
}
/** Every snapshot in the hub cache with its files, repo folder by repo folder (empty snapshots left out). */
async function cachedSnapshots(hubCache) {
    const out = [];
    for (const at of await cachedCommits(hubCache)) {
        const [folder, commit] = at.split('/');
        const files = await snapshotFiles(hubCache, folder, commit);
        if (files.length)
            out.push({ folder, ...parseRepoFolder(folder), commit, files });
    }
    return out;
}


/***/ }),

/***/ 7562:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GG: () => (/* binding */ walk),
/* harmony export */   LF: () => (/* binding */ read),
/* harmony export */   TF: () => (/* binding */ remove),
/* harmony export */   p$: () => (/* binding */ checkFolder),
/* harmony export */   p_: () => (/* binding */ list)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9704);
/**
 * The one way the action walks, reads and removes below the hub cache. A restored cache, or a later step of a
 * job that saves it, can put a link where a folder should be (`blobs -> ../../..`), or a FIFO or a device
 * where a file should be. So every folder is lstat-ed before it is entered, from the hub cache's root down,
 * and a path whose folders are not all real folders is never read or removed through; a link is removed
 * itself, never its target; only regular files are opened (never blocking: safe-fs.ts).
 */



function kindOf(stat) {
    if (stat.isSymbolicLink())
        return 'link';
    if (stat.isDirectory())
        return 'dir';
    if (stat.isFile())
        return 'file';
    return 'special';
}
/**
 * Checks every part of `dir` from `root` down (both absolute, `dir` inside `root`), lstat by lstat; with
 * `create`, makes the missing parts. Throws when `dir` is not inside `root`.
 */
async function checkFolder(root, dir, create = false) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_1__.relative(root, dir);
    if (rel.startsWith('..') || node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute(rel))
        throw new Error(`${dir} is outside ${root}`);
    if (create)
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir(root, { recursive: true });
    let current = root;
    for (const part of rel.split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).filter(Boolean)) {
        current = node_path__WEBPACK_IMPORTED_MODULE_1__.join(current, part);
        let stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat(current).catch(() => undefined);
        if (!stat && !create)
            return { state: 'absent' };
        if (!stat) {
            await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir(current).catch((error) => {
                if (error.code !== 'EEXIST')
                    throw error;
            });
            stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat(current);
        }
        if (!stat.isDirectory() || stat.isSymbolicLink())
            return { state: 'foreign', rel: node_path__WEBPACK_IMPORTED_MODULE_1__.relative(root, current), kind: kindOf(stat) };
    }
    return { state: 'real' };
}
async function isRealFolder(root, dir) {
    return (await checkFolder(root, dir)).state === 'real';
}
/**
 * Everything below `root/rel` (a real folder reached through real folders), depth first in name order,
 * folders before what they hold. Links and special files are listed, never entered or opened. Empty when
 * `root/rel` is absent or not a real folder.
 */
async function walk(root, rel = '') {
    const top = node_path__WEBPACK_IMPORTED_MODULE_1__.join(root, rel);
    if (!(await isRealFolder(root, top)))
        return [];
    const out = [];
    const visit = async (dirRel) => {
        const dir = node_path__WEBPACK_IMPORTED_MODULE_1__.join(top, dirRel);
        const names = await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir(dir).catch(() => []);
        for (const name of names.sort()) {
            const childRel = dirRel ? `${dirRel}/${name}` : name;
            const full = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, name);
            const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat(full).catch(() => undefined);
            if (!stat)
                continue;
            const kind = kindOf(stat);
            const target = kind === 'link' ? await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readlink(full).catch(() => '') : undefined;
            out.push({
                rel: childRel,
                full,
                kind,
                size: kind === 'file' ? stat.size : 0,
                mtimeMs: stat.mtimeMs,
                ...(target === undefined ? {} : { target })
            });
            // Entered only because lstat said it is a real folder. (A writer racing this very walk could still swap
            // it for a link in between; the threat here is what earlier steps left, which holds still.)
            if (kind === 'dir')
                await visit(childRel);
        }
    };
    await visit('');
    return out;
}
/** The names directly in `root/rel` with their kinds (empty when it is not a real folder). */
async function list(root, rel) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_1__.join(root, rel);
    if (!(await isRealFolder(root, dir)))
        return [];
    const out = [];
    for (const name of (await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir(dir).catch(() => [])).sort()) {
        const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, name)).catch(() => undefined);
        if (stat)
            out.push({ name, kind: kindOf(stat) });
    }
    return out;
}
/**
 * Removes `full` (inside `root`): a file or a link itself (never the link's target), or a real folder and all
 * it holds (Node's recursive rm removes links inside as links). Nothing when a folder above it is not a real
 * folder: the path then leads somewhere the cache does not own. Returns the bytes of regular files removed.
 */
async function remove(root, full) {
    if (!(await isRealFolder(root, node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(full))))
        return 0;
    const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat(full).catch(() => undefined);
    if (!stat)
        return 0;
    let bytes = stat.isFile() ? stat.size : 0;
    if (stat.isDirectory()) {
        bytes = (await walk(root, node_path__WEBPACK_IMPORTED_MODULE_1__.relative(root, full))).reduce((sum, found) => sum + found.size, 0);
    }
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm(full, { recursive: stat.isDirectory(), force: true });
    return bytes;
}
/** A regular file's text, read only through real folders (undefined otherwise, or when absent or too big). */
async function read(root, full, maxBytes) {
    if (!(await isRealFolder(root, node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(full))))
        return undefined;
    return (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .readRegular */ .VX)(full, maxBytes);
}


/***/ }),

/***/ 1765:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SF: () => (/* binding */ STORE_DIR),
  vf: () => (/* binding */ STORE_MARKER),
  zE: () => (/* binding */ linkedStoreEntry)
});

// UNUSED EXPORTS: adoptIntoStore, isMarkedStore, linkFromStore, sharedBlobsEnabled, storeEntry, underEntryLock

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/tsc/shared/safe-fs.js
var safe_fs = __webpack_require__(9704);
// EXTERNAL MODULE: ./build/tsc/shared/shape.js
var shape = __webpack_require__(3374);
// EXTERNAL MODULE: ./build/tsc/hub-cache/blob-hash.js + 1 modules
var blob_hash = __webpack_require__(6692);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./build/tsc/hub-cache/store-lock.js
/**
 * The lock Python takes on a shared-store hash (`<xet hash>.lock`) to publish, link and collect it: filelock's
 * flock(2) on that file. Node has no flock of its own, so util-linux's `flock` takes it on a file descriptor
 * this process opened and hands to it (`flock --wait N 3`): flock(2) locks belong to the open file, which the
 * child shares, so the lock stays held here after `flock` exits, until this process closes the file. The
 * file is opened as Python makes it (created if missing), never through a link and never blocking, and must
 * be a regular file.
 *
 * Why not `@actions/exec`: it runs a command and collects its output; it cannot hand the child an open file.
 */



/** How long to wait for a lock another writer holds before giving up (the caller then leaves the entry be). */
const STORE_LOCK_WAIT_SECONDS = 10;
/** Asks `flock` to lock the open file it is given as fd 3; true once locked, false on timeout or no flock. */
function lockDescriptor(fd, waitSeconds) {
    return new Promise(resolve => {
        const child = spawn('flock', ['--exclusive', '--wait', String(waitSeconds), '3'], {
            stdio: ['ignore', 'ignore', 'ignore', fd]
        });
        // flock's own --wait bounds the wait; this bounds flock itself (a machine too loaded to run it).
        const guard = setTimeout(() => child.kill('SIGKILL'), (waitSeconds + 10) * 1000);
        child.on('error', () => {
            clearTimeout(guard);
            resolve(false);
        });
        child.on('exit', code => {
            clearTimeout(guard);
            resolve(code === 0);
        });
    });
}
/**
 * Runs `work` holding the lock at `lockPath`; undefined (and `work` not run) when the lock file is not a
 * regular file, when another writer held it for `waitSeconds`, or when `flock` is missing (macOS, Windows).
 */
async function store_lock_withStoreLock(lockPath, work, waitSeconds = STORE_LOCK_WAIT_SECONDS) {
    const handle = await openRegular(lockPath, constants.O_RDWR, true);
    if (!handle)
        return undefined;
    try {
        if (!(await lockDescriptor(handle.fd, waitSeconds)))
            return undefined;
        return await work();
    }
    finally {
        // Closing the last descriptor of the open file releases the lock.
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./build/tsc/hub-cache/shared-store.js
/**
 * Python huggingface_hub's cache-wide shared blob store (since 1.3x, with hf_xet, its default install): a Xet
 * file's payload at `<hub cache>/blobs/<2 hex>/<xet hash>`, one copy for every repo that has it, and each repo's
 * `blobs/<etag>` a relative link to it; `<xet hash>.refs` lists those links (one line each, relative to the hub
 * cache), `<xet hash>.lock` is the lock Python takes to publish, link and collect (huggingface_hub
 * `utils/_shared_blobs.py`). This module reads it (which repo blobs are links of exactly Python's shape, into a store
 * Python marked as its own: nothing else about a link is trusted, and no link is followed to read, the payload
 * is opened by its own path) and links a repo blob from it as Python does. It never publishes into the store:
 * Python publishes only what hf_xet verified, never a plain-HTTP download, and neither does the action.
 */








const STORE_DIR = 'blobs';
/** The file that marks `blobs/` as Python's store. */
const STORE_MARKER = '.huggingface-shared-blobs';
const LAYOUT_VERSION = '1\n';
function storeEntry(hubCache, xetHash) {
    const payload = external_node_path_.join(external_node_path_.resolve(hubCache), STORE_DIR, xetHash.slice(0, 2), xetHash);
    return { xetHash, payload, manifest: `${payload}.refs` };
}
/** Whether `<hub cache>/blobs` is a folder Python marked as its store (a real folder, its marker exactly "1\n"). */
async function isMarkedStore(hubCache) {
    const dir = external_node_path_.join(external_node_path_.resolve(hubCache), STORE_DIR);
    const stat = await promises_.lstat(dir).catch(() => undefined);
    if (!stat?.isDirectory())
        return false;
    return (await (0,safe_fs/* readRegular */.VX)(external_node_path_.join(dir, STORE_MARKER), 64)) === LAYOUT_VERSION;
}
/**
 * The store entry for `xetHash` when it is usable: the store marked, its prefix folder a real folder and the
 * payload a regular file (of `size` bytes, when given). Undefined otherwise.
 */
async function usableEntry(hubCache, xetHash, size) {
    if (!(0,shape/* isHex64 */.mo)(xetHash) || !(await isMarkedStore(hubCache)))
        return undefined;
    const entry = storeEntry(hubCache, xetHash);
    const prefix = await promises_.lstat(external_node_path_.dirname(entry.payload)).catch(() => undefined);
    const payload = await promises_.lstat(entry.payload).catch(() => undefined);
    if (!prefix?.isDirectory() || !payload?.isFile())
        return undefined;
    return size === undefined || payload.size === size ? entry : undefined;
}
/**
 * The store entry a repo blob links to, when the link has exactly Python's shape: relative, resolving to
 * `<hub cache>/blobs/<first 2 hex>/<64 hex>` in a marked store whose prefix folder is a real folder, and the
 * payload a regular file. Undefined for anything else (a link elsewhere, an absolute one, a dangling one).
 */
async function linkedStoreEntry(hubCache, blobPath) {
    const target = await promises_.readlink(blobPath).catch(() => undefined);
    if (target === undefined || external_node_path_.isAbsolute(target))
        return undefined;
    const resolved = external_node_path_.resolve(external_node_path_.dirname(blobPath), target);
    const xetHash = external_node_path_.basename(resolved);
    if (!(0,shape/* isHex64 */.mo)(xetHash) || resolved !== storeEntry(hubCache, xetHash).payload)
        return undefined;
    return usableEntry(hubCache, xetHash);
}
/** Python's switches: `HF_HUB_DISABLE_SHARED_BLOBS` or `HF_HUB_DISABLE_XET` (1, ON, YES, TRUE) turn the store off. */
function sharedBlobsEnabled(env = process.env) {
    const on = (name) => /^(1|on|yes|true)$/i.test(env[name]?.trim() ?? '');
    return !on('HF_HUB_DISABLE_SHARED_BLOBS') && !on('HF_HUB_DISABLE_XET');
}
/** Runs `work` under the hash's lock, as Python's publish, link and collect do (store-lock.ts). */
function underEntryLock(entry, work, waitSeconds) {
    return withStoreLock(`${entry.payload}.lock`, work, waitSeconds);
}
/** Appends one reference to a manifest and flushes it (a manifest that is not a regular file: false). */
async function appendReference(manifest, line) {
    const handle = await openRegular(manifest, fsConstants.O_WRONLY | fsConstants.O_APPEND, true);
    if (!handle)
        return false;
    try {
        await handle.write(`${line}\n`);
        await handle.sync();
        return true;
    }
    finally {
        await handle.close();
    }
}
/**
 * Makes `blobPath` (a repo's `blobs/<etag>`) a link to the store's payload for `xetHash`, as Python's
 * `try_link_from_shared_store` does, when the store holds a usable entry: a regular file of the expected size
 * whose content hashes to `etag` (no blob becomes visible unverified). Under the hash's lock the entry is
 * checked again (Python's collector takes the same lock) and the manifest gets the reference, flushed, before
 * the link appears. Returns false (and the caller downloads) when anything is missing: no store, no entry,
 * another size or content, the lock held too long by another writer, no `flock` on this machine.
 */
async function linkFromStore(hubCache, blobPath, xetHash, etag, size) {
    const entry = await usableEntry(hubCache, xetHash, size);
    if (!entry || (await blobDigest(entry.payload, etag)) !== etag)
        return false;
    return linkEntry(hubCache, blobPath, entry, size);
}
/** The locked half of linkFromStore: `entry`'s content is known to be right. */
async function linkEntry(hubCache, blobPath, entry, size) {
    const xetHash = entry.xetHash;
    const root = path.resolve(hubCache);
    const line = path.relative(root, blobPath).split(path.sep).join('/');
    const temp = path.join(path.dirname(blobPath), `.${path.basename(blobPath)}.${randomBytes(4).toString('hex')}.shared`);
    await fs.symlink(path.relative(path.dirname(blobPath), entry.payload), temp);
    try {
        const linked = await underEntryLock(entry, async () => {
            if (!(await usableEntry(hubCache, xetHash, size)))
                return false;
            if (!(await appendReference(entry.manifest, line)))
                return false;
            await fs.rename(temp, blobPath);
            return true;
        });
        return linked === true;
    }
    finally {
        await fs.rm(temp, { force: true });
    }
}
/** Makes `<hub cache>/blobs` Python's store when nothing is there yet (false when something else is). */
async function ensureStore(hubCache) {
    const dir = path.join(path.resolve(hubCache), STORE_DIR);
    if (!(await fs.lstat(dir).catch(() => undefined))) {
        await fs.mkdir(dir, { recursive: true });
        await writeExclusive(path.join(dir, STORE_MARKER), LAYOUT_VERSION).catch(() => undefined);
    }
    return isMarkedStore(hubCache);
}
/**
 * A restored payload (`staged`, outside the store, its content already checked against `etag` by the caller)
 * becomes the store's entry for `xetHash` unless the store holds a usable one (kept: the one on disk may be
 * Python's, and is hashed before it is used), and `blobPath` links to it, as linkFromStore does. False when
 * there is no store to put it in (another tool's `blobs/`), or the lock cannot be had.
 */
async function adoptIntoStore(hubCache, blobPath, staged, xetHash, etag) {
    const size = (await fs.lstat(staged)).size;
    if (!isHex64(xetHash) || !(await ensureStore(hubCache)))
        return false;
    const entry = storeEntry(hubCache, xetHash);
    const prefix = path.dirname(entry.payload);
    if (!(await fs.lstat(prefix).catch(() => undefined)))
        await fs.mkdir(prefix).catch(() => undefined);
    if (!(await fs.lstat(prefix).catch(() => undefined))?.isDirectory())
        return false;
    const placed = await underEntryLock(entry, async () => {
        if (await usableEntry(hubCache, xetHash))
            return false;
        await fs.rename(staged, entry.payload);
        return true;
    });
    if (placed === undefined)
        return false;
    if (placed)
        return linkEntry(hubCache, blobPath, entry, size);
    return linkFromStore(hubCache, blobPath, xetHash, etag, size);
}


/***/ }),

/***/ 3374:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   QO: () => (/* binding */ isHex40),
/* harmony export */   kp: () => (/* binding */ isSize),
/* harmony export */   mo: () => (/* binding */ isHex64),
/* harmony export */   u4: () => (/* binding */ isRecord)
/* harmony export */ });
/** Shape checks for JSON from the network: nothing is used until it has the type we expect. */
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isSize(value) {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
const HEX40 = /^[0-9a-f]{40}$/;
const HEX64 = /^[0-9a-f]{64}$/;
function isHex40(value) {
    return typeof value === 'string' && HEX40.test(value);
}
function isHex64(value) {
    return typeof value === 'string' && HEX64.test(value);
}


/***/ })

};
