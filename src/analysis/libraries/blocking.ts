import type { InstanceKind } from './types.js';

/**
 * Synchronous APIs that hold the event loop for the whole call: file-system I/O, key
 * derivation, compression, child processes, password hashing. Each has a non-blocking
 * counterpart. Facts from @types/node 20, @types/bcrypt 6, and the packages' READMEs.
 */

/** What a blocking call spends the event loop on; messages and the audit report group by it. */
export type BlockingCategory = 'file-system' | 'crypto' | 'compression' | 'child-process' | 'password-hashing' | 'spreadsheet';

export interface BlockingApi {
  /** The export's name in the module (`readFileSync`, `sync` for `glob.sync`). */
  readonly name: string;
  /** The non-blocking counterpart, as the message names it. */
  readonly alternative: string;
  /**
   * A promise-returning counterpart with the same arguments, reached from the module object:
   * `fs.readFileSync(a, b)` → `await fs.promises.readFile(a, b)`. Only then is a suggestion offered.
   */
  readonly awaitable?: readonly string[];
  /** Synchronous only when no callback is passed (`crypto.randomBytes(n)`). */
  readonly syncWithoutCallback?: boolean;
  /** Blocks noticeably only for large sizes: report when the numeric argument is at least this many bytes. */
  readonly sizeArgument?: { readonly index: number; readonly atLeast: number };
}

export interface BlockingModule {
  /** Module specifiers that export these APIs (`node:` prefixes are stripped before matching). */
  readonly packages: readonly string[];
  /** How messages name the module object: `fs.readFileSync`. */
  readonly label: string;
  readonly category: BlockingCategory;
  readonly apis: readonly BlockingApi[];
  /**
   * Every export whose name ends in `Sync` blocks. Those without an entry in `apis` get
   * `defaultAlternative`, or, with `awaitableWithoutSuffix`, the same name without `Sync`
   * (fs-extra returns a promise from every async method).
   */
  readonly anySyncExport?: { readonly defaultAlternative: string; readonly awaitableWithoutSuffix?: boolean };
}

/** fs functions whose `fs.promises` version takes the same arguments and resolves to the same value. */
const FS_PROMISE_DROP_INS = [
  'access', 'appendFile', 'chmod', 'chown', 'copyFile', 'cp', 'lchown', 'link', 'lstat', 'lutimes', 'mkdir', 'mkdtemp',
  'readFile', 'readdir', 'readlink', 'realpath', 'rename', 'rm', 'rmdir', 'stat', 'statfs', 'symlink', 'truncate',
  'unlink', 'utimes', 'writeFile',
] as const;

const fsApis: readonly BlockingApi[] = [
  ...FS_PROMISE_DROP_INS.map((name) => ({
    name: `${name}Sync`,
    alternative: `fs.promises.${name}`,
    awaitable: ['promises', name],
  })),
  { name: 'existsSync', alternative: 'fs.promises.access (or stat) awaited, or a check done once at startup' },
  { name: 'openSync', alternative: 'fs.promises.open (a FileHandle)' },
  { name: 'opendirSync', alternative: 'fs.promises.opendir' },
];

const ZLIB_SYNC = [
  'gzip', 'gunzip', 'deflate', 'inflate', 'deflateRaw', 'inflateRaw', 'unzip', 'brotliCompress', 'brotliDecompress',
  'zstdCompress', 'zstdDecompress',
] as const;

export const blockingModules: readonly BlockingModule[] = [
  {
    packages: ['fs', 'graceful-fs'],
    label: 'fs',
    category: 'file-system',
    apis: fsApis,
    anySyncExport: { defaultAlternative: 'the fs.promises API' },
  },
  {
    // fs-extra re-exports fs and adds its own *Sync helpers; every async method returns a promise.
    packages: ['fs-extra'],
    label: 'fs-extra',
    category: 'file-system',
    apis: [],
    anySyncExport: { defaultAlternative: 'the promise-returning fs-extra method', awaitableWithoutSuffix: true },
  },
  {
    packages: ['crypto'],
    label: 'crypto',
    category: 'crypto',
    apis: [
      { name: 'pbkdf2Sync', alternative: 'crypto.pbkdf2 (callback, or util.promisify)' },
      { name: 'scryptSync', alternative: 'crypto.scrypt (callback, or util.promisify)' },
      { name: 'generateKeyPairSync', alternative: 'crypto.generateKeyPair (callback, or util.promisify)' },
      { name: 'generateKeySync', alternative: 'crypto.generateKey (callback, or util.promisify)' },
      { name: 'generatePrimeSync', alternative: 'crypto.generatePrime (callback, or util.promisify)' },
      { name: 'checkPrimeSync', alternative: 'crypto.checkPrime (callback, or util.promisify)' },
      { name: 'hkdfSync', alternative: 'crypto.hkdf (callback, or util.promisify)' },
      { name: 'randomFillSync', alternative: 'crypto.randomFill (callback, or util.promisify)' },
      // Sixteen bytes for a token cost microseconds; megabytes do not.
      {
        name: 'randomBytes',
        alternative: 'crypto.randomBytes(size, callback) (or util.promisify)',
        syncWithoutCallback: true,
        sizeArgument: { index: 0, atLeast: 65_536 },
      },
    ],
  },
  {
    packages: ['zlib'],
    label: 'zlib',
    category: 'compression',
    apis: ZLIB_SYNC.map((name) => ({ name: `${name}Sync`, alternative: `zlib.${name} (callback, or util.promisify) or a stream` })),
    anySyncExport: { defaultAlternative: 'the callback or stream zlib API' },
  },
  {
    packages: ['child_process'],
    label: 'child_process',
    category: 'child-process',
    apis: [
      { name: 'execSync', alternative: 'child_process.exec (promisified) or a job queue' },
      { name: 'execFileSync', alternative: 'child_process.execFile (promisified) or a job queue' },
      { name: 'spawnSync', alternative: 'child_process.spawn or a job queue' },
    ],
  },
  {
    packages: ['execa'],
    label: 'execa',
    category: 'child-process',
    apis: [
      { name: 'execaSync', alternative: 'execa' },
      { name: 'execaCommandSync', alternative: 'execaCommand' },
      { name: 'sync', alternative: 'execa' },
    ],
  },
  {
    packages: ['cross-spawn'],
    label: 'crossSpawn',
    category: 'child-process',
    apis: [{ name: 'sync', alternative: 'cross-spawn (async) or a job queue' }],
  },
  {
    // bcrypt (native) and bcryptjs: hash/compare/genSalt return a promise without a callback.
    packages: ['bcrypt', 'bcryptjs'],
    label: 'bcrypt',
    category: 'password-hashing',
    apis: [
      { name: 'hashSync', alternative: 'bcrypt.hash (returns a promise)', awaitable: ['hash'] },
      { name: 'compareSync', alternative: 'bcrypt.compare (returns a promise)', awaitable: ['compare'] },
      { name: 'genSaltSync', alternative: 'bcrypt.genSalt (returns a promise)', awaitable: ['genSalt'] },
    ],
  },
  {
    packages: ['@node-rs/bcrypt'],
    label: 'bcrypt',
    category: 'password-hashing',
    apis: [
      { name: 'hashSync', alternative: 'hash from @node-rs/bcrypt (returns a promise)', awaitable: ['hash'] },
      { name: 'compareSync', alternative: 'compare from @node-rs/bcrypt (returns a promise)', awaitable: ['compare'] },
      { name: 'verifySync', alternative: 'verify from @node-rs/bcrypt (returns a promise)', awaitable: ['verify'] },
      { name: 'genSaltSync', alternative: 'genSalt from @node-rs/bcrypt (returns a promise)', awaitable: ['genSalt'] },
    ],
  },
  {
    packages: ['@node-rs/argon2'],
    label: 'argon2',
    category: 'password-hashing',
    apis: [
      { name: 'hashSync', alternative: 'hash from @node-rs/argon2 (returns a promise)', awaitable: ['hash'] },
      { name: 'verifySync', alternative: 'verify from @node-rs/argon2 (returns a promise)', awaitable: ['verify'] },
    ],
  },
  {
    packages: ['glob', 'fast-glob'],
    label: 'glob',
    category: 'file-system',
    apis: [
      { name: 'sync', alternative: 'the promise-returning glob()' },
      { name: 'globSync', alternative: 'the promise-returning glob()' },
    ],
  },
  {
    packages: ['globby'],
    label: 'globby',
    category: 'file-system',
    apis: [{ name: 'globbySync', alternative: 'globby() (returns a promise)' }],
  },
  {
    // SheetJS reads and parses whole workbooks synchronously.
    packages: ['xlsx'],
    label: 'XLSX',
    category: 'spreadsheet',
    apis: [
      { name: 'readFile', alternative: 'a worker thread or job queue (SheetJS has no async API)' },
      { name: 'writeFile', alternative: 'a worker thread or job queue (SheetJS has no async API)' },
    ],
  },
];

/** Blocking calls are recognised by export, not by instance; no kinds needed. */
export const blockingKinds: readonly InstanceKind[] = [];
