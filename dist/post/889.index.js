export const id = 889;
export const ids = [889];
export const modules = {

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
    if (UNPLAIN.test(name))
        return 'a name with a control character';
    if (rel.length > 4096)
        return 'a name of over 4,096 characters';
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
    const members = new Members(stageDir);
    const parser = new tar__WEBPACK_IMPORTED_MODULE_5__/* .Parser */ .iX({
        strict: true,
        // Each member is consumed by writeMember (or skipped), once its folder exists.
        noResume: true,
        onReadEntry: (entry) => members.take(entry)
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
    return members.written();
}
/** The members of one archive as they are read: each vetted, then written or skipped; the first refusal kept. */
class Members {
    stageDir;
    received = { files: 0, bytes: 0 };
    seen = new Set();
    links = new Set();
    writes = [];
    refusal;
    constructor(stageDir) {
        this.stageDir = stageDir;
    }
    take(entry) {
        const reason = this.refusal?.message ??
            (this.seen.size >= MAX_MEMBERS ? 'more members than an entry holds' : undefined) ??
            vetMember(entry.path, entry.type, entry.linkpath, this.seen, this.links);
        if (reason) {
            this.refuse(new RefusedArchive(`${reason} (${(0,_shared_safe_text_js__WEBPACK_IMPORTED_MODULE_6__/* .safeText */ .Hk)(entry.path, 200)})`));
            entry.resume();
            return;
        }
        const rel = entry.path.replace(/\/+$/, '');
        this.seen.add(rel);
        if (entry.type === 'SymbolicLink')
            this.links.add(rel);
        const write = writeMember(entry, node_path__WEBPACK_IMPORTED_MODULE_3__.join(this.stageDir, ...rel.split('/'))).then(bytes => {
            if (entry.type === 'Directory' || entry.type === 'SymbolicLink')
                return;
            this.received.files++;
            this.received.bytes += bytes;
        }, this.refuse);
        this.writes.push(write);
    }
    /** What was written, once every write ended; the refusal, if any member was refused. */
    async written() {
        await Promise.all(this.writes);
        if (this.refusal)
            throw this.refusal;
        return this.received;
    }
    refuse = (error) => {
        this.refusal ??= error;
    };
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
/* harmony export */   ax: () => (/* binding */ writeStagedIndex),
/* harmony export */   e3: () => (/* binding */ Stages),
/* harmony export */   removeStages: () => (/* binding */ removeStages),
/* harmony export */   removeStaleStages: () => (/* binding */ removeStaleStages)
/* harmony export */ });
/* unused harmony exports STAGE_DIR, STALE_STAGES_MS, isBlobName, Stage, linkedBlob, readStagedIndex */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9704);
/* harmony import */ var _shared_shape_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(3374);
/* harmony import */ var _shared_temp_name_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4309);
/* harmony import */ var _entry_archive_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3817);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9962);
/* harmony import */ var _leftovers_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7986);
/* harmony import */ var _repo_folders_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7544);
/* harmony import */ var _safe_tree_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(7562);
/* harmony import */ var _shared_store_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(1765);
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
const isBlobName = (name) => (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_11__/* .isHex40 */ .QO)(name) || (0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_11__/* .isHex64 */ .mo)(name);
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
            if ((await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .checkFolder */ .p$)(cache, parent)).state === 'foreign')
                await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .remove */ .TF)(cache, parent);
            try {
                if ((await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .checkFolder */ .p$)(cache, root, true)).state === 'real')
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
    /**
     * One entry's stage, for as long as the entry needs it: made fresh, filled by `fill` (an archive received, a
     * snapshot or the index staged), handed to `use` with what `fill` gave, and removed whatever happens. Nothing
     * else makes or removes a stage. Undefined, without `use`, when `fill` gave nothing.
     */
    async withStage(label, fill, use) {
        const stage = await this.fresh(label);
        try {
            const filled = await fill(stage);
            return filled === undefined ? undefined : await use(stage, filled);
        }
        finally {
            await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .remove */ .TF)(this.hubCache, stage.dir).catch(() => undefined);
        }
    }
    async fresh(label) {
        const dir = node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.root, `${++this.count}-${label.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100)}`);
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir(dir);
        return new Stage(dir);
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
    await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .remove */ .TF)(cache, node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(root)).catch(() => undefined);
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rmdir(parent).catch(() => undefined);
}
/**
 * Removes what no live step uses: a link or file where the stages' folder should be, and step folders left by
 * steps that died (untouched for STALE_STAGES_MS). Another job's step sharing this hub cache keeps its own.
 */
async function removeStaleStages(hubCache, now = Date.now()) {
    const cache = node_path__WEBPACK_IMPORTED_MODULE_2__.resolve(hubCache);
    const parent = node_path__WEBPACK_IMPORTED_MODULE_2__.join(cache, STAGE_DIR);
    const check = await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .checkFolder */ .p$)(cache, parent);
    if (check.state === 'foreign')
        return void (await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .remove */ .TF)(cache, parent));
    if (check.state === 'absent')
        return;
    for (const { name, kind } of await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .list */ .p_)(cache, STAGE_DIR)) {
        const full = node_path__WEBPACK_IMPORTED_MODULE_2__.join(parent, name);
        const stat = await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat(full).catch(() => undefined);
        if (kind !== 'dir' || (stat && now - stat.mtimeMs > STALE_STAGES_MS))
            await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .remove */ .TF)(cache, full);
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
    const entries = (await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .walk */ .GG)(root, snapshot)).filter(e => !(0,_leftovers_js__WEBPACK_IMPORTED_MODULE_7__/* .isLeftover */ .ij)(e));
    const repo = (0,_repo_folders_js__WEBPACK_IMPORTED_MODULE_8__/* .parseRepoFolder */ .EP)(folder);
    if (!repo || !(0,_shared_shape_js__WEBPACK_IMPORTED_MODULE_11__/* .isHex40 */ .QO)(commit) || !entries.some(e => e.kind === 'link' || e.kind === 'file'))
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
    const entry = stat?.isSymbolicLink() ? await (0,_shared_store_js__WEBPACK_IMPORTED_MODULE_10__/* .linkedStoreEntry */ .zE)(root, source) : undefined;
    if (!entry)
        return false;
    const payload = node_path__WEBPACK_IMPORTED_MODULE_2__.join(stage, node_path__WEBPACK_IMPORTED_MODULE_2__.relative(root, entry.payload));
    if (!(await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat(payload).catch(() => undefined))) {
        await linkOrCopy(entry.payload, payload);
        staged.bytes += (await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat(payload)).size;
        await (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .writeExclusive */ .CW)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(stage, _shared_store_js__WEBPACK_IMPORTED_MODULE_10__/* .STORE_DIR */ .SF, _shared_store_js__WEBPACK_IMPORTED_MODULE_10__/* .STORE_MARKER */ .vf), '1\n').catch(() => undefined);
    }
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir(node_path__WEBPACK_IMPORTED_MODULE_2__.join(to, 'blobs'), { recursive: true });
    await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.symlink(await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readlink(source), node_path__WEBPACK_IMPORTED_MODULE_2__.join(to, 'blobs', name));
    return true;
}
/** The refs naming the commit, its listing (`trees/<commit>.json`) and its `.no_exist` markers. */
async function stageSmallFiles(root, folder, commit, to) {
    for (const ref of await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .walk */ .GG)(root, `${folder}/refs`)) {
        if (ref.kind !== 'file' || (0,_leftovers_js__WEBPACK_IMPORTED_MODULE_7__/* .isLeftover */ .ij)(ref))
            continue;
        if ((await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .read */ .LF)(root, ref.full, 1024))?.trim() !== commit)
            continue;
        await node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(node_path__WEBPACK_IMPORTED_MODULE_2__.join(to, 'refs', ref.rel)), { recursive: true });
        await (0,_shared_safe_fs_js__WEBPACK_IMPORTED_MODULE_3__/* .writeExclusive */ .CW)(node_path__WEBPACK_IMPORTED_MODULE_2__.join(to, 'refs', ref.rel), commit);
    }
    const tree = (await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .walk */ .GG)(root, `${folder}/trees`)).find(f => f.rel === `${commit}.json`);
    if (tree?.kind === 'file')
        await linkOrCopy(tree.full, node_path__WEBPACK_IMPORTED_MODULE_2__.join(to, 'trees', tree.rel));
    // A marker naming a file the commit has (a later step may plant one) is never saved.
    const repo = (0,_repo_folders_js__WEBPACK_IMPORTED_MODULE_8__/* .parseRepoFolder */ .EP)(folder);
    const listed = new Set((await new _layout_js__WEBPACK_IMPORTED_MODULE_6__/* .RepoCacheDir */ .y6(root, repo.type, repo.id).readTree(commit))?.map(e => e.path));
    for (const marker of await (0,_safe_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .walk */ .GG)(root, `${folder}/.no_exist/${commit}`)) {
        if (marker.kind !== 'file' || (0,_leftovers_js__WEBPACK_IMPORTED_MODULE_7__/* .isLeftover */ .ij)(marker) || listed.has(marker.rel))
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


/***/ })

};
