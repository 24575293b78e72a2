import type { ExportRef, InstanceKind } from './types.js';

/**
 * Cache libraries. lru-cache and node-cache always keep entries in the process; keyv and
 * cache-manager fall back to an in-process Map when no remote store is given, so whether an
 * instance is local is read from its construction (see src/analysis/cache-state.ts).
 */
export const cachesKinds: readonly InstanceKind[] = [
  {
    kind: 'lru-cache',
    types: [
      { package: 'lru-cache', name: 'LRUCache' },
      { package: '@types/lru-cache', name: 'LRUCache' },
    ],
    // v7+ `new LRUCache()`; v6 and earlier `new LRU()` from the default export.
    constructors: [
      { package: 'lru-cache', path: ['LRUCache'] },
      { package: 'lru-cache', path: [] },
    ],
  },
  {
    kind: 'node-cache',
    types: [{ package: 'node-cache', name: 'NodeCache' }],
    // `export = NodeCache`: the module itself is the class.
    constructors: [{ package: 'node-cache', path: [] }, { package: 'node-cache', path: ['NodeCache'] }],
  },
  {
    kind: 'keyv',
    types: [{ package: 'keyv', name: 'Keyv' }],
    constructors: [
      { package: 'keyv', path: [] },
      { package: 'keyv', path: ['Keyv'] },
    ],
    // These factories build a Keyv on a remote store.
    factories: [
      { package: '@keyv/redis', path: ['createKeyv'] },
      { package: '@keyv/valkey', path: ['createKeyv'] },
    ],
  },
  {
    kind: 'cache-manager',
    types: [
      // v6/v7: `type Cache`; v5: `Cache`, `MemoryCache`, `MultiCache`; v4: `Cache`.
      { package: 'cache-manager', name: 'Cache' },
      { package: 'cache-manager', name: 'MemoryCache' },
      { package: 'cache-manager', name: 'MultiCache' },
      { package: '@types/cache-manager', name: 'Cache' },
    ],
    factories: [
      { package: 'cache-manager', path: ['createCache'] },
      { package: 'cache-manager', path: ['caching'] },
      { package: 'cache-manager', path: ['multiCaching'] },
    ],
  },
  // A cache injected with `@Inject(CACHE_MANAGER)`; its store and default TTL are configured by
  // `CacheModule.register(...)`, usually in another file.
  { kind: 'nestjs.cache-manager' },
];

/** Kinds whose entries always live in the process. */
export const IN_PROCESS_CACHE_KINDS: ReadonlySet<string> = new Set(['lru-cache', 'node-cache']);

/** Kinds that are in-process unless built with a remote store. */
export const STORE_BACKED_CACHE_KINDS: ReadonlySet<string> = new Set(['keyv', 'cache-manager']);

/** Cache kinds (not Redis clients) whose `set` writes a cache entry. */
export const CACHE_CLIENT_KINDS: ReadonlySet<string> = new Set(['keyv', 'cache-manager', 'nestjs.cache-manager']);

/** The Nest injection token of the cache manager (in `@nestjs/common` up to Nest 9). */
export const nestCacheManagerTokens: readonly ExportRef[] = [
  { package: '@nestjs/cache-manager', path: ['CACHE_MANAGER'] },
  { package: '@nestjs/common', path: ['CACHE_MANAGER'] },
];

/** `CacheModule.register(options)` / `registerAsync({ useFactory })` configure the injected cache. */
export const nestCacheModules: readonly ExportRef[] = [
  { package: '@nestjs/cache-manager', path: ['CacheModule'] },
  { package: '@nestjs/common', path: ['CacheModule'] },
];

/**
 * Memoisation helpers: `memoize(fn)` keeps every result in a Map inside the process. Each entry
 * names the export that memoises.
 */
export const memoizeHelpers: readonly ExportRef[] = [
  { package: 'lodash', path: ['memoize'] },
  { package: 'lodash-es', path: ['memoize'] },
  { package: 'lodash/memoize', path: [] },
  { package: 'lodash.memoize', path: [] },
  { package: 'memoizee', path: [] },
  { package: 'fast-memoize', path: [] },
  { package: 'moize', path: [] },
  { package: 'micro-memoize', path: [] },
  { package: 'p-memoize', path: [] },
  { package: 'mem', path: [] },
  { package: 'memoize', path: [] },
];

/** Helpers whose whole purpose is memoising promises (I/O results). */
export const promiseMemoizeHelpers: readonly ExportRef[] = [{ package: 'p-memoize', path: [] }];

/**
 * Redis commands that write a key, by lower-case name. `expiry` says whether the command sets an
 * expiry itself (`setex`) or can take one as an argument (`set ... EX`).
 */
export const redisWriteCommands: ReadonlyMap<string, { readonly expiry: 'always' | 'argument' | 'never'; readonly keys: 'first' | 'pairs' }> = new Map([
  ['set', { expiry: 'argument', keys: 'first' }],
  ['setex', { expiry: 'always', keys: 'first' }],
  ['psetex', { expiry: 'always', keys: 'first' }],
  ['hset', { expiry: 'never', keys: 'first' }],
  ['hmset', { expiry: 'never', keys: 'first' }],
  ['hsetex', { expiry: 'always', keys: 'first' }],
  ['mset', { expiry: 'never', keys: 'pairs' }],
  ['msetex', { expiry: 'always', keys: 'pairs' }],
]);

/** `SET` arguments (ioredis) that give the key an expiry or keep the one it has. */
export const redisExpiryTokens: ReadonlySet<string> = new Set(['ex', 'px', 'exat', 'pxat', 'keepttl']);

/** node-redis `set` options that give an expiry: the v6 `expiration` and the flat v4/v5 form. */
export const nodeRedisExpiryOptions: ReadonlySet<string> = new Set(['expiration', 'EX', 'PX', 'EXAT', 'PXAT', 'KEEPTTL']);

/** Commands (lower-case) that give an existing key an expiry. */
export const redisExpireCommands: ReadonlySet<string> = new Set([
  'expire',
  'pexpire',
  'expireat',
  'pexpireat',
  'getex',
  'hexpire',
  'hpexpire',
  'hexpireat',
  'hpexpireat',
]);

/**
 * Calls (lower-case method names) that invalidate a key: Redis deletes and expiries, keyv and
 * cache-manager deletes. Any receiver counts, so project wrappers (`cacheService.del(key)`)
 * count too; a missed invalidation would only cause a false report.
 */
export const invalidationMethods: ReadonlySet<string> = new Set([
  'del',
  'unlink',
  'getdel',
  'delete',
  'deletemany',
  'mdel',
  'hdel',
  'invalidate',
  'evict',
  ...redisExpireCommands,
]);

/** Calls that empty a whole keyv / cache-manager cache, invalidating every key family in it. */
export const cacheClearMethods: ReadonlySet<string> = new Set(['clear', 'reset']);

/** Redis calls that list keys by pattern, for deletes of `keys('user:*')` results. */
export const redisKeyPatternMethods: ReadonlySet<string> = new Set(['keys', 'scan', 'scanstream', 'scaniterator', 'sscan']);
