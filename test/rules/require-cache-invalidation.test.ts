import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../src/rules/require-cache-invalidation.js';
import { fixtureFile, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const valid: (string | ValidTestCase<Options>)[] = [
  // Test code fills keys for one run and clears the database around it
  {
    code: `import { redis } from './redis.js';
export async function fillBulk() {
  for (let i = 0; i < 10; i++) await redis.set(\`bulk:\${i}\`, 'v');
}`,
    filename: fixtureFile('src', 'require-cache-invalidation', 'bulk-keys.test.ts'),
  },
  // A callback-style delete of a key that starts with a slash is a delete, not a route: the
  // receiver is a Redis client, even in a file that also serves HTTP
  `import Redis from 'ioredis';
import express from 'express';
const redis = new Redis();
export const app = express();
export async function keepReport(body: string) {
  await redis.set('/report/daily', body);
}
export function dropReport() {
  redis.del('/report/daily', () => undefined);
}`,
  // A key that starts with a slash is still deleted when a delete names it
  `import Redis from 'ioredis';
const redis = new Redis();
export async function keepReport(id: string, body: string) {
  await redis.set(\`/report/\${id}\`, body);
}
export async function dropReport(id: string) {
  await redis.del(\`/report/\${id}\`);
}`,
  // A query builder's set({ … }) is an UPDATE, not a cache write
  `import { drizzle } from 'drizzle-orm/node-postgres';
import { eq } from 'drizzle-orm';
import { pgTable, serial, text } from 'drizzle-orm/pg-core';
const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });
const db = drizzle(process.env.DATABASE_URL ?? '');
export const rename = (id: number, name: string) => db.update(users).set({ name }).where(eq(users.id, id));`,
  // ioredis: EX, PX, KEEPTTL, setex
  `import Redis from 'ioredis';
const redis = new Redis();
export const put = (id: string, v: string) => redis.set(\`user:\${id}\`, v, 'EX', 300);`,
  `import Redis from 'ioredis';
const redis = new Redis();
export const put = (id: string, v: string) => redis.set(\`user:\${id}\`, v, 'PX', 300_000, 'NX');`,
  `import Redis from 'ioredis';
const redis = new Redis();
export const put = (id: string, v: string) => redis.set(\`user:\${id}\`, v, 'KEEPTTL');`,
  `import Redis from 'ioredis';
const redis = new Redis();
export const put = (id: string, v: string) => redis.setex(\`user:\${id}\`, 300, v);`,
  // node-redis: flat { EX } and v6 { expiration }, setEx
  `import { createClient } from 'redis';
const client = createClient();
export const put = (id: string, v: string) => client.set(\`user:\${id}\`, v, { EX: 60 });`,
  `import { createClient } from 'redis';
const client = createClient();
export const put = (id: string, v: string) => client.set(\`user:\${id}\`, v, { expiration: { type: 'EX', value: 60 } });`,
  `import { createClient } from 'redis';
const client = createClient();
export const put = (id: string, v: string) => client.setEx(\`user:\${id}\`, 60, v);`,
  // a following expire on the same key
  `import Redis from 'ioredis';
const redis = new Redis();
export async function put(id: string, v: string) {
  const key = \`user:\${id}\`;
  await redis.set(key, v);
  await redis.expire(key, 60);
}`,
  // hset then expire in one MULTI
  `import Redis from 'ioredis';
const redis = new Redis();
export const put = (id: string) => redis.multi().hset(\`cart:\${id}\`, 'total', 0).expire(\`cart:\${id}\`, 3600).exec();`,
  // no expiry, but the family is deleted when the data changes
  `import Redis from 'ioredis';
const redis = new Redis();
export async function getUser(id: string, load: () => Promise<object>) {
  const user = await load();
  await redis.set(\`user:\${id}\`, JSON.stringify(user));
  return user;
}
export async function updateUser(id: string, save: () => Promise<void>) {
  await save();
  await redis.del(\`user:\${id}\`);
}`,
  // the same family through a key builder on both sides
  `import { createClient } from 'redis';
const client = createClient();
const keys = { product: (id: string) => \`product:\${id}\` };
export const put = (id: string, v: string) => client.hSet(keys.product(id), { v });
export const drop = (id: string) => client.unlink(keys.product(id));`,
  // a deleting wrapper called with the family
  `import Redis from 'ioredis';
const redis = new Redis();
async function forget(key: string) { await redis.del(key); }
export const put = (id: string, v: string) => redis.set('order:' + id, v);
export const onUpdate = (id: string) => forget(\`order:\${id}\`);`,
  // keys found by pattern, then deleted
  `import Redis from 'ioredis';
const redis = new Redis();
export const put = (id: string, v: string) => redis.set(\`feed:\${id}\`, v);
export async function purge() {
  const keys = await redis.keys('feed:*');
  if (keys.length > 0) await redis.del(...keys);
}`,
  // keyv: ttl argument, or a default ttl on the instance
  `import Keyv from 'keyv';
const keyv = new Keyv({ ttl: 60_000 });
export const put = (id: string, v: string) => keyv.set(\`user:\${id}\`, v);`,
  `import Keyv from 'keyv';
const keyv = new Keyv();
export const put = (id: string, v: string) => keyv.set(\`user:\${id}\`, v, 60_000);`,
  // cache-manager: default ttl, and clear() empties every family
  `import { createCache } from 'cache-manager';
const cache = createCache({ ttl: 10_000 });
export const put = (id: string, v: string) => cache.set(\`user:\${id}\`, v);`,
  `import { createCache } from 'cache-manager';
const cache = createCache();
export const put = (id: string, v: string) => cache.set(\`user:\${id}\`, v);
export const reset = () => cache.clear();`,
  // Nest: the module's default ttl is out of sight
  `import { Inject, Injectable } from '@nestjs/common';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
@Injectable()
export class UsersService {
  constructor(@Inject(CACHE_MANAGER) private readonly cache: Cache) {}
  remember(id: string, user: object) { return this.cache.set(\`user:\${id}\`, user); }
}`,
  // Nest: the module sets a default ttl
  `import { Inject, Injectable, Module } from '@nestjs/common';
import { CACHE_MANAGER, CacheModule } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
@Injectable()
export class UsersService {
  constructor(@Inject(CACHE_MANAGER) private readonly cache: Cache) {}
  remember(id: string, user: object) { return this.cache.set(\`user:\${id}\`, user); }
}
@Module({ imports: [CacheModule.register({ ttl: 5000 })], providers: [UsersService] })
export class UsersModule {}`,
  // Nest 8/9: token and module from @nestjs/common, v4 options object with a ttl
  `import { CACHE_MANAGER, CacheModule, Inject, Injectable, Module } from '@nestjs/common';
import type { Cache } from 'cache-manager';
@Injectable()
export class AppService {
  constructor(@Inject(CACHE_MANAGER) private cacheManager: Cache) {}
  cacheKey(id: string) { return this.cacheManager.set(\`key:\${id}\`, 'value', { ttl: 60 } as never); }
}
@Module({ imports: [CacheModule.register()], providers: [AppService] })
export class AppModule {}`,
  // Nest: one of the factory's configurations sets a default ttl
  `import { Inject, Injectable, Module } from '@nestjs/common';
import { CACHE_MANAGER, CacheModule } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
@Injectable()
export class FlagsGuard {
  constructor(@Inject(CACHE_MANAGER) private readonly cache: Cache) {}
  remember(flag: string, on: boolean) { return this.cache.set(\`flag:\${flag}\`, on); }
}
@Module({
  imports: [
    CacheModule.registerAsync({
      useFactory: async () => {
        if (!process.env.REDIS_URL) return {};
        return { ttl: 60_000 };
      },
    }),
  ],
  providers: [FlagsGuard],
})
export class FlagsModule {}`,
  // keys and options we cannot read: silent
  `import Redis from 'ioredis';
const redis = new Redis();
export const put = (key: string, v: string) => redis.set(key, v);`,
  `import { createClient } from 'redis';
const client = createClient();
export const put = (id: string, v: string, options: { EX?: number }) => client.set(\`user:\${id}\`, v, options);`,
  // lookalike set methods on other objects
  `const m = new Map<string, string>();
export const put = (id: string) => m.set(\`user:\${id}\`, id);`,
  `import { store } from './store';
export const put = (id: string) => store.set(\`user:\${id}\`, id);`,
  `import { LRUCache } from 'lru-cache';
const lru = new LRUCache<string, string>({ max: 10 });
export const put = (id: string) => lru.set(\`user:\${id}\`, id);`,
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    // A DELETE route with a named handler is a route too
    code: `import Redis from 'ioredis';
import { Router } from 'express';
const redis = new Redis();
export const reports = Router();
export const keepReport = (id: string, body: string) => redis.set(\`/report/\${id}\`, body);
async function removeReport(_req: unknown, res: { sendStatus(code: number): void }) {
  res.sendStatus(204);
}
reports.delete('/report/:id', removeReport);`,
    errors: [
      {
        messageId: 'noInvalidation',
        line: 5,
        data: { client: 'ioredis', method: 'set', family: '/report/*' },
        suggestions: [
          {
            messageId: 'addTtl',
            data: { ttl: '3600 seconds' },
            output: `import Redis from 'ioredis';
import { Router } from 'express';
const redis = new Redis();
export const reports = Router();
export const keepReport = (id: string, body: string) => redis.set(\`/report/\${id}\`, body, 'EX', 3600);
async function removeReport(_req: unknown, res: { sendStatus(code: number): void }) {
  res.sendStatus(204);
}
reports.delete('/report/:id', removeReport);`,
          },
        ],
      },
    ],
  },
  {
    // Registering a DELETE route whose path looks like the keys deletes nothing from Redis
    code: `import Redis from 'ioredis';
import { Router } from 'express';
const redis = new Redis();
export const reports = Router();
export async function keepReport(id: string, body: string) {
  await redis.set(\`/report/\${id}\`, body);
}
reports.delete('/report/:id', async (_req, res) => {
  res.sendStatus(204);
});`,
    errors: [
      {
        messageId: 'noInvalidation',
        line: 6,
        column: 9,
        data: { client: 'ioredis', method: 'set', family: '/report/*' },
        suggestions: [
          {
            messageId: 'addTtl',
            data: { ttl: '3600 seconds' },
            output: `import Redis from 'ioredis';
import { Router } from 'express';
const redis = new Redis();
export const reports = Router();
export async function keepReport(id: string, body: string) {
  await redis.set(\`/report/\${id}\`, body, 'EX', 3600);
}
reports.delete('/report/:id', async (_req, res) => {
  res.sendStatus(204);
});`,
          },
        ],
      },
    ],
  },
  {
    code: `import Redis from 'ioredis';
const redis = new Redis();
export async function cacheUser(id: string, user: object) {
  await redis.set(\`user:\${id}\`, JSON.stringify(user));
}`,
    errors: [
      {
        messageId: 'noInvalidation',
        line: 4,
        column: 9,
        data: { client: 'ioredis', method: 'set', family: 'user:*' },
        suggestions: [
          {
            messageId: 'addTtl',
            data: { ttl: '3600 seconds' },
            output: `import Redis from 'ioredis';
const redis = new Redis();
export async function cacheUser(id: string, user: object) {
  await redis.set(\`user:\${id}\`, JSON.stringify(user), 'EX', 3600);
}`,
          },
        ],
      },
    ],
  },
  {
    // NX alone is not an expiry; another family is deleted
    code: `import { createClient } from 'redis';
const client = createClient();
export const put = (id: string, v: string) => client.set('session:' + id, v, { NX: true });
export const drop = (id: string) => client.del(\`user:\${id}\`);`,
    errors: [{ messageId: 'noInvalidation', line: 3, data: { client: 'node-redis', method: 'set', family: 'session:*' }, suggestions: [] }],
  },
  {
    code: `import { createClient } from 'redis';
const client = createClient();
export const put = (id: string, v: string) => client.set(\`rate:\${id}\`, v);`,
    options: [{ ttlSeconds: 60 }],
    errors: [
      {
        messageId: 'noInvalidation',
        line: 3,
        data: { client: 'node-redis', method: 'set', family: 'rate:*' },
        suggestions: [
          {
            messageId: 'addTtl',
            data: { ttl: '60 seconds' },
            output: `import { createClient } from 'redis';
const client = createClient();
export const put = (id: string, v: string) => client.set(\`rate:\${id}\`, v, { EX: 60 });`,
          },
        ],
      },
    ],
  },
  {
    // a key builder whose body is visible, and a hash that never expires
    code: `import { createClient } from 'redis';
const client = createClient();
function productKey(id: string) { return \`product:\${id}\`; }
export const put = (id: string, price: number) => client.hSet(productKey(id), { price });`,
    errors: [{ messageId: 'noInvalidation', line: 4, data: { client: 'node-redis', method: 'hSet', family: 'product:*' }, suggestions: [] }],
  },
  {
    // UPPERCASE command names
    code: `import { createClient } from 'redis';
const client = createClient();
export const put = (id: string, v: string) => client.SET(\`k:\${id}\`, v);`,
    errors: [
      {
        messageId: 'noInvalidation',
        line: 3,
        data: { client: 'node-redis', method: 'SET', family: 'k:*' },
        suggestions: [
          {
            messageId: 'addTtl',
            data: { ttl: '3600 seconds' },
            output: `import { createClient } from 'redis';
const client = createClient();
export const put = (id: string, v: string) => client.SET(\`k:\${id}\`, v, { EX: 3600 });`,
          },
        ],
      },
    ],
  },
  {
    // a constant prefix, and exact keys written by mset
    code: `import Redis from 'ioredis';
const redis = new Redis();
const PREFIX = 'rates:';
export const put = (currency: string, rate: string) => redis.mset(\`\${PREFIX}\${currency}\`, rate, 'rates:updated', Date.now());`,
    errors: [{ messageId: 'noInvalidation', line: 4, data: { client: 'ioredis', method: 'mset', family: 'rates:*' }, suggestions: [] }],
  },
  {
    // Nest 8/9: token and module from @nestjs/common; registerAsync's factory gives no ttl
    code: `import { CACHE_MANAGER, CacheModule, Inject, Injectable, Module } from '@nestjs/common';
import type { Cache } from 'cache-manager';
@Injectable()
export class AppService {
  constructor(@Inject(CACHE_MANAGER) private cacheManager: Cache) {}
  save(id: string, value: string) { return this.cacheManager.set(\`item:\${id}\`, value, undefined); }
}
@Module({ imports: [CacheModule.registerAsync({ useFactory: () => ({ isGlobal: true }) })], providers: [AppService] })
export class AppModule {}`,
    errors: [{ messageId: 'noInvalidation', line: 6, data: { client: 'The Nest cache manager', method: 'set', family: 'item:*' }, suggestions: [] }],
  },
  {
    // a Node-style callback is not an expiry
    code: `const Redis = require('ioredis');
const redis = new Redis();
exports.put = (id, v, done) => redis.set('token:' + id, v, (err) => done(err));`,
    errors: [{ messageId: 'noInvalidation', line: 3, data: { client: 'ioredis', method: 'set', family: 'token:*' }, suggestions: [] }],
  },
  {
    code: `import Redis from 'ioredis';
const redis = new Redis();
export const put = (id: string) => redis.multi().hset(\`cart:\${id}\`, 'total', 0).exec();`,
    errors: [{ messageId: 'noInvalidation', line: 3, data: { client: 'ioredis', method: 'hset', family: 'cart:*' }, suggestions: [] }],
  },
  {
    code: `import Keyv from 'keyv';
import KeyvRedis from '@keyv/redis';
const keyv = new Keyv(new KeyvRedis('redis://localhost:6379'));
export const put = (id: string, session: object) => keyv.set(\`session:\${id}\`, session);`,
    errors: [
      {
        messageId: 'noInvalidation',
        line: 4,
        data: { client: 'Keyv', method: 'set', family: 'session:*' },
        suggestions: [
          {
            messageId: 'addTtl',
            data: { ttl: '3600 seconds' },
            output: `import Keyv from 'keyv';
import KeyvRedis from '@keyv/redis';
const keyv = new Keyv(new KeyvRedis('redis://localhost:6379'));
export const put = (id: string, session: object) => keyv.set(\`session:\${id}\`, session, 3600000);`,
          },
        ],
      },
    ],
  },
  {
    code: `import { createCache } from 'cache-manager';
const cache = createCache();
export const put = (v: string) => cache.set('config', v);`,
    errors: [
      {
        messageId: 'noInvalidation',
        line: 3,
        data: { client: 'cache-manager', method: 'set', family: 'config' },
        suggestions: [
          {
            messageId: 'addTtl',
            data: { ttl: '3600 seconds' },
            output: `import { createCache } from 'cache-manager';
const cache = createCache();
export const put = (v: string) => cache.set('config', v, 3600000);`,
          },
        ],
      },
    ],
  },
  {
    // Nest: the module registers the cache without a default ttl
    code: `import { Inject, Injectable, Module } from '@nestjs/common';
import { CACHE_MANAGER, CacheModule } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
@Injectable()
export class UsersService {
  constructor(@Inject(CACHE_MANAGER) private readonly cache: Cache) {}
  remember(id: string, user: object) { return this.cache.set(\`user:\${id}\`, user); }
}
@Module({ imports: [CacheModule.register({ isGlobal: true })], providers: [UsersService] })
export class UsersModule {}`,
    errors: [
      {
        messageId: 'noInvalidation',
        line: 7,
        data: { client: 'The Nest cache manager', method: 'set', family: 'user:*' },
        suggestions: [
          {
            messageId: 'addTtl',
            data: { ttl: '3600 seconds' },
            output: `import { Inject, Injectable, Module } from '@nestjs/common';
import { CACHE_MANAGER, CacheModule } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
@Injectable()
export class UsersService {
  constructor(@Inject(CACHE_MANAGER) private readonly cache: Cache) {}
  remember(id: string, user: object) { return this.cache.set(\`user:\${id}\`, user, 3600000); }
}
@Module({ imports: [CacheModule.register({ isGlobal: true })], providers: [UsersService] })
export class UsersModule {}`,
          },
        ],
      },
    ],
  },
];

const typedFile = fixtureFile('src', 'require-cache-invalidation', 'profile-cache.ts');
const profileWrite = `import { profileKey, redis } from './redis.js';
export async function cacheProfile(id: string, profile: object) {
  await redis.set(profileKey(id), JSON.stringify(profile));
}`;

typedRuleTester().run('require-cache-invalidation (typed)', rule, {
  valid: [
    ...valid,
    // typed: profile-update.ts deletes the profile family
    { code: profileWrite, filename: typedFile },
  ],
  invalid: [
    ...invalid.map((test) => ({ ...test, errors: test.errors.map((error) => ({ ...error, data: { ...error.data, scope: 'the program' } })) })),
    // typed: report-routes.ts registers a DELETE route with the same path shape; that deletes no key
    {
      code: `import { redis } from './redis.js';
export async function keepReport(id: string, body: string) {
  await redis.set(\`/report/\${id}\`, body);
}`,
      filename: typedFile,
      errors: [
        {
          messageId: 'noInvalidation',
          line: 3,
          data: { client: 'ioredis', method: 'set', family: '/report/*', scope: 'the program' },
          suggestions: [
            {
              messageId: 'addTtl',
              data: { ttl: '3600 seconds' },
              output: `import { redis } from './redis.js';
export async function keepReport(id: string, body: string) {
  await redis.set(\`/report/\${id}\`, body, 'EX', 3600);
}`,
            },
          ],
        },
      ],
    },
    // typed: no file of the program deletes the avatar family
    {
      code: `import { redis } from './redis.js';
export const put = (id: string, url: string) => redis.hset(\`avatar:\${id}\`, 'url', url);`,
      filename: typedFile,
      errors: [{ messageId: 'noInvalidation', line: 2, data: { client: 'ioredis', method: 'hset', family: 'avatar:*', scope: 'the program' }, suggestions: [] }],
    },
  ],
});

untypedRuleTester().run('require-cache-invalidation (untyped)', rule, {
  valid,
  invalid: [
    ...invalid.map((test) => ({ ...test, errors: test.errors.map((error) => ({ ...error, data: { ...error.data, scope: 'this file' } })) })),
    // untyped: the delete in profile-update.ts is out of sight
    {
      code: profileWrite,
      filename: typedFile,
      errors: [
        {
          messageId: 'noInvalidation',
          line: 3,
          data: { client: 'ioredis', method: 'set', family: 'profile:*', scope: 'this file' },
          suggestions: [
            {
              messageId: 'addTtl',
              data: { ttl: '3600 seconds' },
              output: `import { profileKey, redis } from './redis.js';
export async function cacheProfile(id: string, profile: object) {
  await redis.set(profileKey(id), JSON.stringify(profile), 'EX', 3600);
}`,
            },
          ],
        },
      ],
    },
  ],
});
