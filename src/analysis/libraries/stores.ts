import type { ExportRef, InstanceKind } from './types.js';

/**
 * Session and rate-limit middleware whose state lives in the process unless a shared store is
 * configured. Checked against each package's .d.ts: express-session 1.19 (`store?: Store`,
 * "defaults to a new MemoryStore"), express-rate-limit 8.7 (`store`, "the built-in MemoryStore
 * will be used"), @fastify/rate-limit 11.2 (`redis?`, `store?`: LocalStore otherwise),
 * @fastify/session 11.1 (`store?`: "Defaults to a simple in memory store"), rate-limiter-flexible
 * 11.4 (`RateLimiterMemory`).
 */
export const storesKinds: readonly InstanceKind[] = [
  {
    kind: 'rate-limiter-flexible.memory',
    types: [{ package: 'rate-limiter-flexible', name: 'RateLimiterMemory' }],
    constructors: [{ package: 'rate-limiter-flexible', path: ['RateLimiterMemory'] }],
  },
];

/** How a middleware receives its options. */
export type MiddlewareRegistration =
  /** `session(options)`: the factory call's argument. */
  | { readonly type: 'factory'; readonly optionsIndex: number }
  /** `fastify.register(plugin, options)`: the plugin is the first argument of `register`. */
  | { readonly type: 'fastify-plugin' };

export interface StatefulMiddleware {
  /** Shown in messages. */
  readonly library: string;
  /** The factory, or the plugin for `fastify.register`. */
  readonly exports: readonly ExportRef[];
  readonly registration: MiddlewareRegistration;
  /** Any of these options, when set, replaces the in-memory default. */
  readonly storeOptions: readonly string[];
  /** Store classes of the same library that keep state in the process when passed explicitly. */
  readonly memoryStores: readonly ExportRef[];
  /** The shared store to recommend. */
  readonly sharedStore: string;
}

export const statefulMiddleware: readonly StatefulMiddleware[] = [
  {
    library: 'express-session',
    exports: [{ package: 'express-session', path: [] }],
    registration: { type: 'factory', optionsIndex: 0 },
    storeOptions: ['store'],
    memoryStores: [{ package: 'express-session', path: ['MemoryStore'] }],
    sharedStore: "a Redis store: `store: new RedisStore({ client })` from connect-redis",
  },
  {
    library: 'express-rate-limit',
    exports: [
      { package: 'express-rate-limit', path: [] },
      { package: 'express-rate-limit', path: ['rateLimit'] },
    ],
    registration: { type: 'factory', optionsIndex: 0 },
    storeOptions: ['store'],
    memoryStores: [{ package: 'express-rate-limit', path: ['MemoryStore'] }],
    sharedStore: "a Redis store: `store: new RedisStore({ sendCommand })` from rate-limit-redis",
  },
  {
    library: '@fastify/rate-limit',
    exports: [
      { package: '@fastify/rate-limit', path: [] },
      { package: '@fastify/rate-limit', path: ['fastifyRateLimit'] },
    ],
    registration: { type: 'fastify-plugin' },
    storeOptions: ['redis', 'store'],
    memoryStores: [],
    sharedStore: 'its Redis store: pass an ioredis client as `redis`',
  },
  {
    library: '@fastify/session',
    exports: [
      { package: '@fastify/session', path: [] },
      { package: '@fastify/session', path: ['fastifySession'] },
    ],
    registration: { type: 'fastify-plugin' },
    storeOptions: ['store'],
    memoryStores: [
      { package: '@fastify/session', path: ['MemoryStore'] },
      { package: '@fastify/session', path: ['Store'] },
    ],
    sharedStore: "a shared store: express-session stores fit, e.g. `store: new RedisStore({ client })` from connect-redis",
  },
];

/**
 * `require('memorystore')(session)` returns a store class. It evicts expired sessions but keeps
 * them in the process all the same.
 */
export const memoryStoreFactories: readonly ExportRef[] = [{ package: 'memorystore', path: [] }];

/** Rate limiters that count in the process, and the shared limiter to use instead. */
export const memoryRateLimiters: readonly { readonly constructor: ExportRef; readonly library: string; readonly sharedStore: string }[] = [
  {
    constructor: { package: 'rate-limiter-flexible', path: ['RateLimiterMemory'] },
    library: 'rate-limiter-flexible',
    sharedStore: '`new RateLimiterRedis({ storeClient, points, duration })`',
  },
];

/**
 * Options of shared limiters whose value is meant to be process-local: rate-limiter-flexible's
 * `insuranceLimiter` takes over only while the shared store is down.
 */
export const fallbackLimiterOptions: ReadonlySet<string> = new Set(['insuranceLimiter']);
