import type { InvalidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../src/rules/no-memory-store.js';
import { fixtureFile, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const SESSION_STORE = 'a Redis store: `store: new RedisStore({ client })` from connect-redis';
const RATE_LIMIT_STORE = 'a Redis store: `store: new RedisStore({ sendCommand })` from rate-limit-redis';
const FASTIFY_RATE_LIMIT_STORE = 'its Redis store: pass an ioredis client as `redis`';
const FASTIFY_SESSION_STORE = 'a shared store: express-session stores fit, e.g. `store: new RedisStore({ client })` from connect-redis';
const FLEXIBLE_STORE = '`new RateLimiterRedis({ storeClient, points, duration })`';

const valid = [
  // express-session with a shared store
  `import session from 'express-session';
import express from 'express';
declare const redisStore: session.Store;
const app = express();
app.use(session({ secret: 's', resave: false, saveUninitialized: false, store: redisStore }));`,
  // options built elsewhere: the store may be in them
  `import session from 'express-session';
export function sessions(options: session.SessionOptions) { return session(options); }`,
  // a spread of unknown options may carry the store
  `import session from 'express-session';
declare const base: session.SessionOptions;
export const mw = session({ ...base, secret: 's' });`,
  // store given through a const object
  `import session from 'express-session';
declare const shared: session.Store;
const options = { secret: 's', store: shared };
export const mw = session(options);`,
  // express-rate-limit with a store
  `import { rateLimit, type Store } from 'express-rate-limit';
declare const store: Store;
export const limiter = rateLimit({ windowMs: 60_000, limit: 100, store });`,
  // @fastify/rate-limit with redis
  `import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
const app = Fastify();
await app.register(rateLimit, { max: 100, timeWindow: '1 minute', redis: new Redis() });`,
  // @fastify/session with a store
  `import Fastify from 'fastify';
import fastifySession from '@fastify/session';
declare const store: fastifySession.SessionStore;
const app = Fastify();
await app.register(fastifySession, { secret: 'a secret with minimum length of 32 characters', store });`,
  // other fastify plugins registered without a store are not ours
  `import Fastify from 'fastify';
const app = Fastify();
await app.register(async () => {}, { prefix: '/v1' });`,
  // rate-limiter-flexible backed by Redis, with an in-memory insurance limiter
  `import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { Redis } from 'ioredis';
export const limiter = new RateLimiterRedis({
  storeClient: new Redis(),
  points: 10,
  duration: 1,
  insuranceLimiter: new RateLimiterMemory({ points: 1, duration: 1 }),
});`,
  // the insurance limiter bound to a const first
  `import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { Redis } from 'ioredis';
const insurance = new RateLimiterMemory({ points: 1, duration: 1 });
export const limiter = new RateLimiterRedis({ storeClient: new Redis(), points: 10, duration: 1, insuranceLimiter: insurance });`,
  // the insurance limiter held in a static field and read only as another limiter's insurance
  `import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { Redis } from 'ioredis';
export class Limits {
  static readonly insurance = new RateLimiterMemory({ points: 1, duration: 1 });
  private static shared: RateLimiterRedis | undefined;
  static get limiter() {
    return (this.shared ??= new RateLimiterRedis({ storeClient: new Redis(), points: 10, duration: 1, insuranceLimiter: this.insurance }));
  }
  static other() { return new RateLimiterRedis({ storeClient: new Redis(), points: 1, duration: 1, insuranceLimiter: Limits.insurance }); }
}`,
  // a project function named like the factories
  `function session(options: object) { return options; }
export const s = session({ secret: 'x' });`,
  `import { rateLimit } from './limits';
export const l = rateLimit({ windowMs: 1000 });`,
  // a MemoryStore class of our own
  `class RateLimiterMemory { constructor(readonly opts: object) {} }
export const l = new RateLimiterMemory({ points: 1 });`,
  // development only
  `import session from 'express-session';
import express from 'express';
const app = express();
if (process.env.NODE_ENV === 'development') {
  app.use(session({ secret: 'dev', resave: false, saveUninitialized: false }));
}`,
  `import { rateLimit } from 'express-rate-limit';
import type { Store } from 'express-rate-limit';
declare const redisStore: Store;
export const limiter = process.env.NODE_ENV !== 'production' ? rateLimit({ limit: 1000 }) : rateLimit({ limit: 100, store: redisStore });`,
  // the store is added to the options object in production
  `import session from 'express-session';
declare const redisStore: session.Store;
const options: session.SessionOptions = { secret: 's', resave: false, saveUninitialized: false };
if (process.env.NODE_ENV === 'production') options.store = redisStore;
export const mw = session(options);`,
  // a MemoryStore of another library passed as the store
  `import session from 'express-session';
import { MemoryStore } from './my-stores';
export const mw = session({ secret: 's', store: new MemoryStore() });`,
  // express-rate-limit options from a function call: unknown
  `import { rateLimit } from 'express-rate-limit';
declare function limiterOptions(): object;
export const limiter = rateLimit(limiterOptions());`,
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `import session from 'express-session';
import express from 'express';
const app = express();
app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));`,
    errors: [
      {
        messageId: 'defaultMemoryStore',
        line: 4,
        column: 9,
        data: { library: 'express-session', sharedStore: SESSION_STORE },
      },
    ],
  },
  {
    // no options at all
    code: `import rateLimit from 'express-rate-limit';
export const limiter = rateLimit();`,
    errors: [{ messageId: 'defaultMemoryStore', line: 2, column: 24, data: { library: 'express-rate-limit', sharedStore: RATE_LIMIT_STORE } }],
  },
  {
    // named import, options in a const
    code: `import { rateLimit } from 'express-rate-limit';
const options = { windowMs: 15 * 60 * 1000, limit: 100, standardHeaders: 'draft-8' as const };
export const limiter = rateLimit(options);`,
    errors: [{ messageId: 'defaultMemoryStore', line: 3, data: { library: 'express-rate-limit', sharedStore: RATE_LIMIT_STORE } }],
  },
  {
    // the library's MemoryStore passed explicitly
    code: `import { rateLimit, MemoryStore } from 'express-rate-limit';
export const limiter = rateLimit({ windowMs: 60_000, store: new MemoryStore() });`,
    errors: [
      {
        messageId: 'explicitMemoryStore',
        line: 2,
        data: { library: 'express-rate-limit', store: 'its MemoryStore', sharedStore: RATE_LIMIT_STORE },
      },
    ],
  },
  {
    // express-session's own MemoryStore via the default import
    code: `import session from 'express-session';
const store = new session.MemoryStore();
export const mw = session({ secret: 's', store });`,
    errors: [{ messageId: 'explicitMemoryStore', line: 3, data: { library: 'express-session', store: 'its MemoryStore', sharedStore: SESSION_STORE } }],
  },
  {
    // the memorystore package, CommonJS
    code: `const session = require('express-session');
const MemoryStore = require('memorystore')(session);
module.exports = session({ secret: 's', store: new MemoryStore({ checkPeriod: 86400000 }) });`,
    errors: [
      {
        messageId: 'explicitMemoryStore',
        line: 3,
        data: { library: 'express-session', store: 'a `memorystore` store', sharedStore: SESSION_STORE },
      },
    ],
  },
  {
    // the memorystore package, ESM
    code: `import session from 'express-session';
import createMemoryStore from 'memorystore';
const MemoryStore = createMemoryStore(session);
export const mw = session({ secret: 's', resave: false, saveUninitialized: false, store: new MemoryStore({}) });`,
    errors: [{ messageId: 'explicitMemoryStore', line: 4, data: { library: 'express-session', store: 'a `memorystore` store', sharedStore: SESSION_STORE } }],
  },
  {
    // @fastify/rate-limit registered without redis/store
    code: `import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
const app = Fastify();
await app.register(rateLimit, { max: 100, timeWindow: '1 minute' });`,
    errors: [{ messageId: 'defaultMemoryStore', line: 4, column: 7, data: { library: '@fastify/rate-limit', sharedStore: FASTIFY_RATE_LIMIT_STORE } }],
  },
  {
    // dynamic import of the plugin, no options
    code: `import Fastify from 'fastify';
const app = Fastify();
await app.register(import('@fastify/rate-limit'));`,
    errors: [{ messageId: 'defaultMemoryStore', line: 3, data: { library: '@fastify/rate-limit', sharedStore: FASTIFY_RATE_LIMIT_STORE } }],
  },
  {
    // @fastify/session inside a plugin function, receiver untyped
    code: `import fastifySession from '@fastify/session';
export default async function sessions(instance: any) {
  await instance.register(fastifySession, { secret: 'a secret with minimum length of 32 characters', cookie: { secure: true } });
}`,
    errors: [{ messageId: 'defaultMemoryStore', line: 3, data: { library: '@fastify/session', sharedStore: FASTIFY_SESSION_STORE } }],
  },
  {
    // @fastify/session's MemoryStore passed explicitly
    code: `import Fastify from 'fastify';
import { fastifySession, MemoryStore } from '@fastify/session';
const app = Fastify();
app.register(fastifySession, { secret: 'a secret with minimum length of 32 characters', store: new MemoryStore() });`,
    errors: [{ messageId: 'explicitMemoryStore', line: 4, data: { library: '@fastify/session', store: 'its MemoryStore', sharedStore: FASTIFY_SESSION_STORE } }],
  },
  {
    code: `import { RateLimiterMemory } from 'rate-limiter-flexible';
const limiter = new RateLimiterMemory({ points: 5, duration: 1 });
export async function guard(ip: string) { await limiter.consume(ip); }`,
    errors: [{ messageId: 'memoryLimiter', line: 2, column: 17, data: { library: 'rate-limiter-flexible', sharedStore: FLEXIBLE_STORE } }],
  },
  {
    // a static field that is an insurance and also consumed directly counts on its own
    code: `import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { Redis } from 'ioredis';
export class Limits {
  static readonly local = new RateLimiterMemory({ points: 5, duration: 1 });
  static readonly shared = new RateLimiterRedis({ storeClient: new Redis(), points: 10, duration: 1, insuranceLimiter: this.local });
  static async guard(ip: string) { await Limits.local.consume(ip); }
}`,
    errors: [{ messageId: 'memoryLimiter', line: 4, data: { library: 'rate-limiter-flexible', sharedStore: FLEXIBLE_STORE } }],
  },
  {
    // a static field never used as an insurance
    code: `import { RateLimiterMemory } from 'rate-limiter-flexible';
export class Limits {
  static readonly login = new RateLimiterMemory({ points: 5, duration: 60 });
}`,
    errors: [{ messageId: 'memoryLimiter', line: 3, data: { library: 'rate-limiter-flexible', sharedStore: FLEXIBLE_STORE } }],
  },
  {
    // CommonJS destructuring
    code: `const { RateLimiterMemory } = require('rate-limiter-flexible');
module.exports = new RateLimiterMemory({ points: 5, duration: 1 });`,
    errors: [{ messageId: 'memoryLimiter', line: 2, data: { library: 'rate-limiter-flexible', sharedStore: FLEXIBLE_STORE } }],
  },
  {
    // the express-session README's pattern: cookie tweaks do not add a store
    code: `import session from 'express-session';
import express from 'express';
const app = express();
const sess = { secret: 'keyboard cat', cookie: { secure: false } };
if (app.get('env') === 'production') {
  app.set('trust proxy', 1);
  sess.cookie.secure = true;
}
app.use(session(sess));`,
    errors: [{ messageId: 'defaultMemoryStore', line: 9, column: 9, data: { library: 'express-session', sharedStore: SESSION_STORE } }],
  },
  {
    // CommonJS, the class read off the module
    code: `var session = require('express-session');
var MemoryStore = session.MemoryStore;
var app = require('express')();
app.use(session({ secret: 's', store: new MemoryStore(), saveUninitialized: true, resave: true }));`,
    errors: [{ messageId: 'explicitMemoryStore', line: 4, column: 9, data: { library: 'express-session', store: 'its MemoryStore', sharedStore: SESSION_STORE } }],
  },
  {
    // memorystore created inside a setup function
    code: `import type { Express } from 'express';
import session from 'express-session';
import createMemoryStore from 'memorystore';
export function setupAuth(app: Express) {
  const MemoryStore = createMemoryStore(session);
  app.use(session({ secret: 's', resave: false, saveUninitialized: false, store: new MemoryStore({ checkPeriod: 86400000 }) }));
}`,
    errors: [{ messageId: 'explicitMemoryStore', line: 6, column: 11, data: { library: 'express-session', store: 'a `memorystore` store', sharedStore: SESSION_STORE } }],
  },
];

typedRuleTester().run('no-memory-store (typed)', rule, { valid, invalid });
untypedRuleTester().run('no-memory-store (untyped)', rule, { valid, invalid });

// Options imported from a project module are read across files in both modes.
const crossFile: { valid: { code: string; filename: string }[]; invalid: InvalidTestCase<MessageIds, Options>[] } = {
  valid: [
    {
      code: `import session from 'express-session';
import { withStore } from './options';
export const mw = session(withStore);`,
      filename: fixtureFile('src', 'no-memory-store', 'app.ts'),
    },
    {
      // a test harness app
      code: `import express from 'express';
import session from 'express-session';
const app = express();
app.use(session({ secret: 'test', resave: false, saveUninitialized: false }));`,
      filename: fixtureFile('src', 'no-memory-store', 'app.test.ts'),
    },
  ],
  invalid: [
    {
      code: `import session from 'express-session';
import { withoutStore } from './options';
export const mw = session(withoutStore);`,
      filename: fixtureFile('src', 'no-memory-store', 'app.ts'),
      errors: [{ messageId: 'defaultMemoryStore', line: 3, data: { library: 'express-session', sharedStore: SESSION_STORE } }],
    },
  ],
};
typedRuleTester().run('no-memory-store (typed, other file)', rule, crossFile);
untypedRuleTester().run('no-memory-store (untyped, other file)', rule, crossFile);
