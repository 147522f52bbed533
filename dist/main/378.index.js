export const id = 378;
export const ids = [378];
export const modules = {

/***/ 1360:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ contentHash),
/* harmony export */   e: () => (/* binding */ blobDigest)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var _hash_worker_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27);
/** The content hash a blob is named by: off the main thread for files (hash-worker.ts), or here for a few bytes. */



/** The hash a blob is named by, for content hashed on this thread (sha256 for LFS files, else the git blob id). */
function contentHash(lfs, size) {
    return lfs ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256') : (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update((0,_hash_worker_js__WEBPACK_IMPORTED_MODULE_2__/* .gitBlobHeader */ .NY)(size));
}
/**
 * The content hash a blob is named by (sha256 for a 64-hex name, the git blob id for a 40-hex one), hashed by
 * the same worker that verifies downloads; undefined when the file is not a regular file.
 */
async function blobDigest(file, name) {
    const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat(file).catch(() => undefined);
    if (!stat?.isFile())
        return undefined;
    const hasher = new _hash_worker_js__WEBPACK_IMPORTED_MODULE_2__/* .FileHasher */ .gp(file, name.length === 64, stat.size);
    hasher.feed(0, stat.size);
    return hasher.digest().catch(() => undefined);
}


/***/ }),

/***/ 27:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NY: () => (/* binding */ gitBlobHeader),
/* harmony export */   gp: () => (/* binding */ FileHasher)
/* harmony export */ });
/* unused harmony export terminateHashWorkers */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5919);
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
    const count = Math.max(1, Math.min(2, node_os__WEBPACK_IMPORTED_MODULE_0__.availableParallelism()));
    workers = Array.from({ length: count }, () => {
        const worker = new node_worker_threads__WEBPACK_IMPORTED_MODULE_1__.Worker(WORKER_SOURCE, { eval: true });
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
function gitBlobHeader(size) {
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
            header: lfs ? '' : gitBlobHeader(size)
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


/***/ }),

/***/ 378:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EN: () => (/* binding */ CHECKS_AT_ONCE),
/* harmony export */   HP: () => (/* binding */ blobsByPath),
/* harmony export */   IO: () => (/* binding */ repoFolderName),
/* harmony export */   y6: () => (/* binding */ RepoCacheDir)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var p_limit__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(370);
/* harmony import */ var _hub_repo_spec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8717);
/* harmony import */ var _shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9704);
/* harmony import */ var _shared_shape_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(3374);
/* harmony import */ var _blob_hash_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1360);
/* harmony import */ var _path_safety_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2054);
/* harmony import */ var _safe_tree_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7562);
/* harmony import */ var _shared_store_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1765);
/* harmony import */ var _python_files_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(8164);
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
        this.root = node_path__WEBPACK_IMPORTED_MODULE_2__.join(node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(hubCache), repoFolderName(type, id));
        this.label = (0,_hub_repo_spec_js__WEBPACK_IMPORTED_MODULE_3__/* .repoLabel */ .pq)({ type, id });
    }
    blobPath(etag) {
        if (!(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_10__/* .isHex40 */ .QO)(etag) && !(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_10__/* .isHex64 */ .mo)(etag))
            throw new _path_safety_js__WEBPACK_IMPORTED_MODULE_6__/* .UnsafePathError */ .k0(this.label, etag, 'the etag is not a sha1 or sha256');
        return node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.root, 'blobs', etag);
    }
    snapshotDir(commit) {
        if (!(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_10__/* .isHex40 */ .QO)(commit))
            throw new _path_safety_js__WEBPACK_IMPORTED_MODULE_6__/* .UnsafePathError */ .k0(this.label, commit, 'not a 40-hex commit');
        return node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.root, 'snapshots', commit);
    }
    snapshotPath(commit, relPath) {
        return (0,_path_safety_js__WEBPACK_IMPORTED_MODULE_6__/* .joinInside */ .lG)(this.snapshotDir(commit), relPath, this.label);
    }
    refPath(revision) {
        return (0,_path_safety_js__WEBPACK_IMPORTED_MODULE_6__/* .joinInside */ .lG)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.root, 'refs'), revision, this.label);
    }
    treePath(commit) {
        if (!(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_10__/* .isHex40 */ .QO)(commit))
            throw new _path_safety_js__WEBPACK_IMPORTED_MODULE_6__/* .UnsafePathError */ .k0(this.label, commit, 'not a 40-hex commit');
        return node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.root, 'trees', `${commit}.json`);
    }
    /** The commit's full listing (all files, whatever was selected), as Python writes it. */
    async writeTree(commit, entries) {
        const text = (0,_python_files_js__WEBPACK_IMPORTED_MODULE_9__/* .encodeTree */ .hN)(entries);
        if (text === undefined)
            return; // Python skips these too
        const file = this.treePath(commit);
        await this.makeDir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(file));
        await (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .replaceAtomically */ .GA)(file, temp => (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .writeExclusive */ .CW)(temp, text));
    }
    /** The cached listing (only ever used with the Hub unreachable), or undefined when absent or unknown. */
    async readTree(commit) {
        try {
            const file = this.treePath(commit);
            if (!(await this.hasDir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(file))))
                return undefined;
            const text = await (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .readRegular */ .VX)(file);
            if (text === undefined)
                return undefined;
            return (0,_python_files_js__WEBPACK_IMPORTED_MODULE_9__/* .decodeTree */ .fU)(text);
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
        if (!(await this.hasDir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(file))))
            return false;
        const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat(file).catch(() => undefined);
        if (!stat)
            return false;
        const entry = stat.isSymbolicLink() ? await (0,_shared_store_js__WEBPACK_IMPORTED_MODULE_8__/* .linkedStoreEntry */ .zE)(this.hubCache, file) : undefined;
        const content = entry ? entry.payload : file;
        const contentStat = entry ? await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat(entry.payload) : stat;
        const key = `${content}\0${contentStat.ino}\0${contentStat.size}\0${contentStat.mtimeMs}`;
        if (RepoCacheDir.verified.has(key))
            return true;
        const sized = size === undefined || contentStat.size === size;
        if (contentStat.isFile() && sized && (await (0,_blob_hash_js__WEBPACK_IMPORTED_MODULE_5__/* .blobDigest */ .e)(content, etag)) === etag) {
            RepoCacheDir.verified.add(key);
            return true;
        }
        // A store payload is shared: a wrong one is not removed here (other repos may link to it), only our link.
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm(file, { force: true });
        return false;
    }
    /** Records a blob as hashed and right (its content path as it is now): this run does not hash it again. */
    static async remember(content) {
        const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat(content);
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
        if ((await (0,_blob_hash_js__WEBPACK_IMPORTED_MODULE_5__/* .blobDigest */ .e)(file, etag)) !== etag)
            return false;
        const target = this.blobPath(etag);
        await this.makeDir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(target));
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename(file, target);
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
        const root = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(this.hubCache);
        const rel = node_path__WEBPACK_IMPORTED_MODULE_2__.relative(root, dir);
        if (rel.startsWith('..') || node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute(rel)) {
            throw new _path_safety_js__WEBPACK_IMPORTED_MODULE_6__/* .UnsafePathError */ .k0(this.label, dir, 'it is outside the hub cache', 'cache');
        }
        const found = await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_7__/* .checkFolder */ .p$)(root, dir, create);
        if (found.state === 'foreign') {
            throw new _path_safety_js__WEBPACK_IMPORTED_MODULE_6__/* .UnsafePathError */ .k0(this.label, found.rel, found.kind === 'link' ? 'it is a link, which the action does not follow' : 'it is not a folder', 'cache');
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
        if (!(await this.hasDir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(top))))
            return [];
        const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat(top).catch(() => undefined);
        if (!stat)
            return [];
        if (!stat.isDirectory()) {
            await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm(top, { force: true });
            return ['.'];
        }
        const root = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(this.hubCache);
        const entries = (await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_7__/* .walk */ .GG)(root, node_path__WEBPACK_IMPORTED_MODULE_2__.relative(root, top))).filter(e => e.kind !== 'dir').map(e => e.rel);
        // Checked a few at a time: each check may re-hash a blob, and the hashing workers take them in parallel.
        const removed = [];
        const limit = (0,p_limit__WEBPACK_IMPORTED_MODULE_11__/* ["default"] */ .A)(CHECKS_AT_ONCE);
        await Promise.all(entries.map(rel => limit(async () => {
            const full = node_path__WEBPACK_IMPORTED_MODULE_2__.join(top, rel);
            const etag = expected.get(rel);
            if (etag !== undefined && (await this.pointsAt(full, etag)))
                return;
            await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm(full, { force: true });
            removed.push(rel);
        })));
        return removed.sort();
    }
    /**
     * Whether a snapshot entry is our link to `blobs/<etag>` with the right content there, or (where symlinks
     * cannot be made) a file with that content.
     */
    async pointsAt(full, etag) {
        const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat(full);
        if (stat.isSymbolicLink()) {
            const target = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readlink(full);
            if (target !== node_path__WEBPACK_IMPORTED_MODULE_2__.relative(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(full), this.blobPath(etag)))
                return false;
            return this.hasBlob(etag);
        }
        return stat.isFile() && (await (0,_blob_hash_js__WEBPACK_IMPORTED_MODULE_5__/* .blobDigest */ .e)(full, etag)) === etag;
    }
    /** Whether `snapshots/<commit>/<path>` is there (a link or a file; after `pruneSnapshot`, a right one). */
    async hasSnapshotEntry(commit, relPath) {
        return node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat(this.snapshotPath(commit, relPath)).then(() => true, () => false);
    }
    /** A restored snapshot copy (where symlinks cannot be made), its content already checked: moved into place. */
    async adoptCopy(commit, relPath, file) {
        const target = this.snapshotPath(commit, relPath);
        await this.makeDir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(target));
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename(file, target);
    }
    /** `.no_exist/<commit>/<path>`: Python's marker of a file the commit does not have (an empty file). */
    async markAbsent(commit, relPath) {
        if (!(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_10__/* .isHex40 */ .QO)(commit))
            throw new _path_safety_js__WEBPACK_IMPORTED_MODULE_6__/* .UnsafePathError */ .k0(this.label, commit, 'not a 40-hex commit');
        const file = (0,_path_safety_js__WEBPACK_IMPORTED_MODULE_6__/* .joinInside */ .lG)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.root, '.no_exist', commit), relPath, this.label);
        await this.makeDir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(file));
        await (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .writeExclusive */ .CW)(file, '').catch((error) => {
            if (error.code !== 'EEXIST')
                throw error;
        });
    }
    /**
     * Removes `.no_exist/<commit>/` markers naming a file the commit's listing has: Python (and transformers, which
     * asks "absent?" first) would take the file for missing, online and offline.
     */
    async unmarkListed(commit, listing) {
        if (!(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_10__/* .isHex40 */ .QO)(commit))
            throw new _path_safety_js__WEBPACK_IMPORTED_MODULE_6__/* .UnsafePathError */ .k0(this.label, commit, 'not a 40-hex commit');
        const root = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(this.hubCache);
        const markers = node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.root, '.no_exist', commit);
        if ((await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_7__/* .checkFolder */ .p$)(root, markers)).state !== 'real')
            return;
        const listed = new Set(listing.map(e => e.path));
        for (const marker of await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_7__/* .walk */ .GG)(root, node_path__WEBPACK_IMPORTED_MODULE_2__.relative(root, markers)))
            if (marker.kind !== 'dir' && listed.has(marker.rel))
                await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm(marker.full, { force: true });
    }
    async readRef(revision) {
        const file = this.refPath(revision);
        if (!(await this.hasDir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(file))))
            return undefined;
        return (await (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .readRegular */ .VX)(file, 1024))?.trim();
    }
    /** refs/<revision> holds the commit, no newline; a commit revision needs no ref. */
    async writeRef(revision, commit) {
        if ((0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_10__/* .isHex40 */ .QO)(revision))
            return;
        const file = this.refPath(revision);
        if ((await this.readRef(revision)) === commit)
            return;
        await this.makeDir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(file));
        await (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .replaceAtomically */ .GA)(file, temp => (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .writeExclusive */ .CW)(temp, commit));
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
        await this.makeDir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(pointer));
        if (how.symlinks) {
            const target = node_path__WEBPACK_IMPORTED_MODULE_2__.relative(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(pointer), blob);
            const current = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readlink(pointer).catch(() => undefined);
            if (current === target)
                return;
            return (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .replaceAtomically */ .GA)(pointer, temp => node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.symlink(target, temp));
        }
        if (await this.hasSnapshotEntry(commit, relPath))
            return;
        if (how.move)
            return node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename(blob, pointer);
        const source = how.source ?? blob;
        await (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .replaceAtomically */ .GA)(pointer, temp => node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.copyFile(source, temp, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.COPYFILE_EXCL));
    }
    /**
     * The commit Python would use offline for a revision — `refs/<revision>`, or the revision itself when it
     * is a commit — provided its snapshot folder exists; undefined when the cache lacks it.
     */
    async cachedCommit(revision) {
        const commit = (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_10__/* .isHex40 */ .QO)(revision) ? revision : await this.readRef(revision);
        if (!commit || !(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_10__/* .isHex40 */ .QO)(commit))
            return undefined;
        return (await this.hasDir(this.snapshotDir(commit))) ? commit : undefined;
    }
}


/***/ }),

/***/ 2054:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bf: () => (/* binding */ unsafeReason),
/* harmony export */   Cj: () => (/* binding */ caseInsensitive),
/* harmony export */   i4: () => (/* binding */ caseCollisions),
/* harmony export */   k0: () => (/* binding */ UnsafePathError),
/* harmony export */   lG: () => (/* binding */ joinInside)
/* harmony export */ });
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

/***/ 8164:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fU: () => (/* binding */ decodeTree),
/* harmony export */   hN: () => (/* binding */ encodeTree),
/* harmony export */   xF: () => (/* binding */ writeCacheDirTag)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _shared_shape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3374);
/**
 * Files Python `huggingface_hub` keeps beside the blobs, written byte for byte as it writes them:
 * `trees/<commit>.json` (the commit's full listing: offline, it tells a complete snapshot from a partial one)
 * and `CACHEDIR.TAG` at the root (backup tools skip the cache).
 */



const TREE_FORMAT_VERSION = 1;
const CACHEDIR_TAG = 'Signature: 8a477f597d28d172789f06886806bc55\n' +
    '# This file is a cache directory tag created by huggingface_hub.\n' +
    '# For information about cache directory tags, see:\n' +
    '#\thttps://bford.info/cachedir/\n';
/** Tags the hub cache so backup tools skip it (what huggingface_hub does on every download). */
async function writeCacheDirTag(hubCache) {
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir(hubCache, { recursive: true });
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile(node_path__WEBPACK_IMPORTED_MODULE_1__.join(hubCache, 'CACHEDIR.TAG'), CACHEDIR_TAG, { flag: 'wx' }).catch(() => undefined);
}
/** Python's `json.dump(data, indent=1)`: same layout, and non-ASCII escaped as \uXXXX. */
function pythonJson(data) {
    return JSON.stringify(data, null, 1).replace(/[\u0080-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
/** A listing as `trees/<commit>.json`, or undefined where Python writes none (a malformed xet hash). */
function encodeTree(entries) {
    if (entries.some(e => e.xetHash !== undefined && !(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isHex64 */ .mo)(e.xetHash)))
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
    if (data.format_version !== TREE_FORMAT_VERSION || !(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(data.files))
        return undefined;
    const entries = [];
    for (const [p, f] of Object.entries(data.files)) {
        if (!(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(f) || !(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isSize */ .kp)(f.size) || !(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isHex40 */ .QO)(f.blob_id))
            return undefined;
        if (f.lfs_sha256 !== undefined && !(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isHex64 */ .mo)(f.lfs_sha256))
            return undefined;
        entries.push({
            path: p,
            size: f.size,
            blobId: f.blob_id,
            lfsSha256: f.lfs_sha256,
            lfsSize: (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_2__/* .isSize */ .kp)(f.lfs_size) ? f.lfs_size : undefined,
            xetHash: typeof f.xet_hash === 'string' ? f.xet_hash : undefined
        });
    }
    return entries;
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
  yu: () => (/* binding */ adoptIntoStore),
  MK: () => (/* binding */ linkFromStore),
  zE: () => (/* binding */ linkedStoreEntry),
  BI: () => (/* binding */ sharedBlobsEnabled),
  IO: () => (/* binding */ storeEntry)
});

// UNUSED EXPORTS: STORE_DIR, STORE_MARKER, isMarkedStore, underEntryLock

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
// EXTERNAL MODULE: ./build/tsc/hub-cache/blob-hash.js
var blob_hash = __webpack_require__(1360);
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
        const child = (0,external_node_child_process_.spawn)('flock', ['--exclusive', '--wait', String(waitSeconds), '3'], {
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
async function withStoreLock(lockPath, work, waitSeconds = STORE_LOCK_WAIT_SECONDS) {
    const handle = await (0,safe_fs/* openRegular */.lf)(lockPath, external_node_fs_.constants.O_RDWR, true);
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
    const handle = await (0,safe_fs/* openRegular */.lf)(manifest, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_APPEND, true);
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
    if (!entry || (await (0,blob_hash/* blobDigest */.e)(entry.payload, etag)) !== etag)
        return false;
    return linkEntry(hubCache, blobPath, entry, size);
}
/** The locked half of linkFromStore: `entry`'s content is known to be right. */
async function linkEntry(hubCache, blobPath, entry, size) {
    const xetHash = entry.xetHash;
    const root = external_node_path_.resolve(hubCache);
    const line = external_node_path_.relative(root, blobPath).split(external_node_path_.sep).join('/');
    const temp = external_node_path_.join(external_node_path_.dirname(blobPath), `.${external_node_path_.basename(blobPath)}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.shared`);
    await promises_.symlink(external_node_path_.relative(external_node_path_.dirname(blobPath), entry.payload), temp);
    try {
        const linked = await underEntryLock(entry, async () => {
            if (!(await usableEntry(hubCache, xetHash, size)))
                return false;
            if (!(await appendReference(entry.manifest, line)))
                return false;
            await promises_.rename(temp, blobPath);
            return true;
        });
        return linked === true;
    }
    finally {
        await promises_.rm(temp, { force: true });
    }
}
/** Makes `<hub cache>/blobs` Python's store when nothing is there yet (false when something else is). */
async function ensureStore(hubCache) {
    const dir = external_node_path_.join(external_node_path_.resolve(hubCache), STORE_DIR);
    if (!(await promises_.lstat(dir).catch(() => undefined))) {
        await promises_.mkdir(dir, { recursive: true });
        await (0,safe_fs/* writeExclusive */.CW)(external_node_path_.join(dir, STORE_MARKER), LAYOUT_VERSION).catch(() => undefined);
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
    const size = (await promises_.lstat(staged)).size;
    if (!(0,shape/* isHex64 */.mo)(xetHash) || !(await ensureStore(hubCache)))
        return false;
    const entry = storeEntry(hubCache, xetHash);
    const prefix = external_node_path_.dirname(entry.payload);
    if (!(await promises_.lstat(prefix).catch(() => undefined)))
        await promises_.mkdir(prefix).catch(() => undefined);
    if (!(await promises_.lstat(prefix).catch(() => undefined))?.isDirectory())
        return false;
    const placed = await underEntryLock(entry, async () => {
        if (await usableEntry(hubCache, xetHash))
            return false;
        await promises_.rename(staged, entry.payload);
        return true;
    });
    if (placed === undefined)
        return false;
    if (placed)
        return linkEntry(hubCache, blobPath, entry, size);
    return linkFromStore(hubCache, blobPath, xetHash, etag, size);
}


/***/ })

};
