import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../src/rules/no-non-atomic-incr-expire.js';
import { fixtureFile, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const NX_NOTE = ' (EXPIRE NX keeps the first window; it needs Redis 7)';

const valid: (string | ValidTestCase<Options>)[] = [
  // ioredis: one MULTI/EXEC
  `import { Redis } from 'ioredis';
const redis = new Redis();
export async function hit(key: string) {
  await redis.multi().incr(key).expire(key, 60).exec();
}`,
  // node-redis: one MULTI/EXEC, value read from the replies
  `import { createClient } from 'redis';
const client = createClient();
export async function hit(key: string) {
  const [count] = await client.multi().incr(key).expire(key, 60).exec();
  return count;
}`,
  // a transaction kept in a variable
  `import { Redis } from 'ioredis';
const redis = new Redis();
export async function hit(key: string) {
  const tx = redis.multi();
  tx.incr(key);
  tx.expire(key, 60);
  await tx.exec();
}`,
  `import { createClient } from 'redis';
const client = createClient();
export async function hit(key: string) {
  const tx = client.MULTI();
  tx.incrBy(key, 2);
  tx.pExpire(key, 500);
  return tx.exec();
}`,
  // a multi() is atomic, also with allowPipeline: false
  {
    code: `import { Redis } from 'ioredis';
const redis = new Redis();
export async function hit(key: string) {
  await redis.multi().incrby(key, 3).pexpire(key, 1000).exec();
}`,
    options: [{ allowPipeline: false }],
  },
  // Lua script and defineCommand: the commands run inside Redis
  `import { Redis } from 'ioredis';
const redis = new Redis();
const script = "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n";
export async function hit(key: string) {
  return redis.eval(script, 1, key, 60);
}`,
  `import { Redis } from 'ioredis';
const redis = new Redis();
redis.defineCommand('hit', { numberOfKeys: 1, lua: "local n = redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], ARGV[1], 'NX') return n" });
export async function hit(key: string) {
  return (redis as unknown as { hit(key: string, window: number): Promise<number> }).hit(key, 60);
}`,
  // the key is created with its TTL first
  `import { Redis } from 'ioredis';
const redis = new Redis();
export async function hit(key: string) {
  await redis.set(key, 0, 'EX', 60, 'NX');
  const count = await redis.incr(key);
  if (count === 1) await redis.expire(key, 60);
  return count;
}`,
  `import { createClient } from 'redis';
const client = createClient();
export async function hit(key: string) {
  await client.set(key, 0, { NX: true, EX: 60 });
  await client.incr(key);
  await client.expire(key, 60, 'NX');
}`,
  `import { createClient } from 'redis';
const client = createClient();
export async function hit(key: string) {
  await client.set(key, '0', { condition: 'NX', expiration: { type: 'EX', value: 60 } });
  const count = await client.incr(key);
  await client.expire(key, 60, 'NX');
  return count;
}`,
  // pipelines are allowed by default
  `import { Redis } from 'ioredis';
const redis = new Redis();
export async function hit(key: string) {
  await redis.pipeline().incr(key).expire(key, 60).exec();
}`,
  `import { createClient } from 'redis';
const client = createClient();
export async function hit(key: string) {
  await client.multi().incr(key).expire(key, 60).execAsPipeline();
}`,
  // different keys
  `import { Redis } from 'ioredis';
const redis = new Redis();
export async function hit(user: string, day: string) {
  await redis.incr('hits:' + user);
  await redis.expire('hits:' + day, 60);
}`,
  // a counter without any expiry is another question
  `import { Redis } from 'ioredis';
const redis = new Redis();
export async function total() {
  return redis.incr('orders:total');
}`,
  // not Redis: lookalike methods on a plain object and on an unknown client
  `const store = { incr(key: string) { return key.length; }, expire(key: string, seconds: number) { return seconds; } };
export function hit(key: string) {
  store.incr(key);
  store.expire(key, 60);
}`,
  `import { cache } from 'some-cache';
export async function hit(key: string) {
  await cache.incr(key);
  await cache.expire(key, 60);
}`,
  // odd shapes that must not throw: computed methods, optional calls, CommonJS
  `import { Redis } from 'ioredis';
const redis = new Redis();
const method = Math.random() > 0.5 ? 'incr' : 'decr';
export async function hit(key: string) {
  await (redis as any)[method](key);
  await redis?.expire?.(key, 60);
}`,
  `const { createClient } = require('redis');
const client = createClient();
module.exports = async function hit(key) { return client.get(key); };`,
  // increment and expiry in different functions: not the same round-trip question
  `import { Redis } from 'ioredis';
const redis = new Redis();
export async function bump(key: string) { await redis.incr(key); }
export async function reset(key: string) { await redis.expire(key, 60); }`,
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    // the classic fixed-window limiter: the guard does not make it atomic
    code: `import { Redis } from 'ioredis';
const redis = new Redis();
export async function hit(ip: string): Promise<boolean> {
  const key = 'rl:' + ip;
  const count = await redis.incr(key);
  if (count === 1) await redis.expire(key, 60);
  return count <= 100;
}`,
    errors: [
      {
        messageId: 'separateRoundTrips',
        line: 5,
        column: 23,
        data: { incr: 'incr', expire: 'expire' },
        suggestions: [
          {
            messageId: 'useMulti',
            data: { incr: 'incr', expire: 'expire', note: NX_NOTE },
            output: `import { Redis } from 'ioredis';
const redis = new Redis();
export async function hit(ip: string): Promise<boolean> {
  const key = 'rl:' + ip;
  const countReplies = await redis.multi().incr(key).expire(key, 60, 'NX').exec();
  for (const [error] of countReplies ?? []) if (error) throw error;
  const count = Number(countReplies?.[0]?.[1]);
  return count <= 100;
}`,
          },
        ],
      },
    ],
  },
  {
    // node-redis camelCase, value unused
    code: `import { createClient } from 'redis';
const client = createClient();
export async function track(user: string) {
  await client.incrBy('views:' + user, 5);
  await client.pExpire('views:' + user, 60_000);
}`,
    errors: [
      {
        messageId: 'separateRoundTrips',
        line: 4,
        column: 9,
        data: { incr: 'incrBy', expire: 'pExpire' },
        suggestions: [
          {
            messageId: 'useMulti',
            data: { incr: 'incrBy', expire: 'pExpire', note: '' },
            output: `import { createClient } from 'redis';
const client = createClient();
export async function track(user: string) {
  await client.multi().incrBy('views:' + user, 5).pExpire('views:' + user, 60_000).exec();
}`,
          },
        ],
      },
    ],
  },
  {
    // node-redis UPPERCASE with the value used: replies are plain values
    code: `import { createClient } from 'redis';
const client = createClient();
export async function hit(key: string) {
  let n = await client.INCR(key);
  await client.EXPIRE(key, 10);
  return n;
}`,
    errors: [
      {
        messageId: 'separateRoundTrips',
        line: 4,
        data: { incr: 'INCR', expire: 'EXPIRE' },
        suggestions: [
          {
            messageId: 'useMulti',
            output: `import { createClient } from 'redis';
const client = createClient();
export async function hit(key: string) {
  const nReplies = await client.multi().INCR(key).EXPIRE(key, 10).exec();
  let n = Number(nReplies[0]);
  return n;
}`,
          },
        ],
      },
    ],
  },
  {
    // a class field client, incrby + pexpire, annotated result
    code: `import Redis from 'ioredis';
export class Limiter {
  private redis = new Redis();
  async consume(key: string) {
    const used: number = await this.redis.incrby(key, 2);
    await this.redis.pexpire(key, 1000);
    return used;
  }
}`,
    errors: [
      {
        messageId: 'separateRoundTrips',
        line: 5,
        data: { incr: 'incrby', expire: 'pexpire' },
        suggestions: [
          {
            messageId: 'useMulti',
            output: `import Redis from 'ioredis';
export class Limiter {
  private redis = new Redis();
  async consume(key: string) {
    const usedReplies = await this.redis.multi().incrby(key, 2).pexpire(key, 1000).exec();
    for (const [error] of usedReplies ?? []) if (error) throw error;
    const used: number = Number(usedReplies?.[0]?.[1]);
    return used;
  }
}`,
          },
        ],
      },
    ],
  },
  {
    // a hash counter, expiry fired and forgotten
    code: `import { Redis } from 'ioredis';
const redis = new Redis();
export async function count(key: string) {
  await redis.hincrby(key, 'count', 1);
  void redis.expire(key, 3600);
}`,
    errors: [
      {
        messageId: 'separateRoundTrips',
        line: 4,
        data: { incr: 'hincrby', expire: 'expire' },
        suggestions: [
          {
            messageId: 'useMulti',
            output: `import { Redis } from 'ioredis';
const redis = new Redis();
export async function count(key: string) {
  for (const [error] of (await redis.multi().hincrby(key, 'count', 1).expire(key, 3600).exec()) ?? []) if (error) throw error;
}`,
          },
        ],
      },
    ],
  },
  {
    // a statement in between: reported, no rewrite (it would change what runs before the return)
    code: `import { Redis } from 'ioredis';
const redis = new Redis();
export async function hit(key: string) {
  const count = await redis.incr(key);
  if (count > 10) return false;
  await redis.expire(key, 60);
  return true;
}`,
    errors: [{ messageId: 'separateRoundTrips', line: 4, suggestions: [] }],
  },
  {
    // a guard with a side effect would be lost by the rewrite: no suggestion
    code: `import { Redis } from 'ioredis';
const redis = new Redis();
declare function firstHitOf(key: string): Promise<boolean>;
export async function hit(key: string) {
  const count = await redis.incr(key);
  if (await firstHitOf(key)) await redis.expire(key, 60);
  return count;
}`,
    errors: [{ messageId: 'separateRoundTrips', line: 5, suggestions: [] }],
  },
  {
    // promise chain
    code: `import { Redis } from 'ioredis';
const redis = new Redis();
export function hit(key: string) {
  return redis.incr(key).then((n) => (n === 1 ? redis.expire(key, 60) : n));
}`,
    errors: [{ messageId: 'separateRoundTrips', line: 4, column: 10, suggestions: [] }],
  },
  {
    // expiry first, then the increment: a fresh key still gets no TTL
    code: `import { Redis } from 'ioredis';
const redis = new Redis();
export async function hit(key: string) {
  await redis.expire(key, 60);
  return redis.incr(key);
}`,
    errors: [{ messageId: 'separateRoundTrips', line: 5, suggestions: [] }],
  },
  {
    // increment in a transaction, expiry outside it
    code: `import { Redis } from 'ioredis';
const redis = new Redis();
export async function hit(key: string) {
  await redis.multi().incr(key).exec();
  await redis.expire(key, 60);
}`,
    errors: [{ messageId: 'separateRoundTrips', line: 4, column: 9, suggestions: [] }],
  },
  {
    // the same const and its value
    code: `import { Redis } from 'ioredis';
const redis = new Redis();
const KEY = 'global:hits';
export async function hit() {
  await redis.incr(KEY);
  await redis.expire('global:hits', 5);
}`,
    errors: [
      {
        messageId: 'separateRoundTrips',
        line: 5,
        suggestions: [
          {
            messageId: 'useMulti',
            output: `import { Redis } from 'ioredis';
const redis = new Redis();
const KEY = 'global:hits';
export async function hit() {
  for (const [error] of (await redis.multi().incr(KEY).expire('global:hits', 5).exec()) ?? []) if (error) throw error;
}`,
          },
        ],
      },
    ],
  },
  {
    // a client imported from a project file, guard with a block
    code: `import { redis } from './client.js';
export async function hit(key: string) {
  const count = await redis.incr(key);
  if (count === 1) {
    await redis.expire(key, 30);
  }
  return count;
}`,
    filename: fixtureFile('src', 'no-non-atomic-incr-expire', 'x.ts'),
    errors: [
      {
        messageId: 'separateRoundTrips',
        line: 3,
        suggestions: [
          {
            messageId: 'useMulti',
            data: { incr: 'incr', expire: 'expire', note: NX_NOTE },
            output: `import { redis } from './client.js';
export async function hit(key: string) {
  const countReplies = await redis.multi().incr(key).expire(key, 30, 'NX').exec();
  for (const [error] of countReplies ?? []) if (error) throw error;
  const count = Number(countReplies?.[0]?.[1]);
  return count;
}`,
          },
        ],
      },
    ],
  },
  {
    // a node-redis client passed in, annotated with its type
    code: `import type { RedisClientType } from 'redis';
export async function hit(client: RedisClientType, key: string) {
  await client.incr(key);
  await client.expire(key, 60);
}`,
    errors: [
      {
        messageId: 'separateRoundTrips',
        line: 3,
        suggestions: [
          {
            messageId: 'useMulti',
            output: `import type { RedisClientType } from 'redis';
export async function hit(client: RedisClientType, key: string) {
  await client.multi().incr(key).expire(key, 60).exec();
}`,
          },
        ],
      },
    ],
  },
  {
    // CommonJS node-redis v3 callbacks: the expiry runs in the increment's callback
    code: `const redis = require('redis');
const client = redis.createClient();
module.exports = function hit(key, done) {
  client.incr(key, (err, count) => {
    if (count === 1) client.expire(key, 60);
    done(err, count);
  });
};`,
    errors: [{ messageId: 'separateRoundTrips', line: 4, column: 3, data: { incr: 'incr', expire: 'expire' }, suggestions: [] }],
  },
  {
    // optional call on the client: reported, no rewrite
    code: `import { Redis } from 'ioredis';
export async function hit(redis: Redis | undefined, key: string) {
  const count = await redis?.incr(key);
  await redis?.expire(key, 60);
  return count;
}`,
    errors: [{ messageId: 'separateRoundTrips', line: 3, suggestions: [] }],
  },
  {
    // a pipeline, with allowPipeline: false
    code: `import { Redis } from 'ioredis';
const redis = new Redis();
export async function hit(key: string) {
  await redis.pipeline().incr(key).expire(key, 60).exec();
}`,
    options: [{ allowPipeline: false }],
    errors: [
      {
        messageId: 'pipelineNotAtomic',
        line: 4,
        column: 9,
        data: { incr: 'incr', expire: 'expire' },
        suggestions: [
          {
            messageId: 'useMultiForPipeline',
            output: `import { Redis } from 'ioredis';
const redis = new Redis();
export async function hit(key: string) {
  await redis.multi().incr(key).expire(key, 60).exec();
}`,
          },
        ],
      },
    ],
  },
  {
    // node-redis execAsPipeline on a variable, with allowPipeline: false
    code: `import { createClient } from 'redis';
const client = createClient();
export async function hit(key: string) {
  const batch = client.multi();
  batch.incr(key);
  batch.expire(key, 60);
  return batch.execAsPipeline();
}`,
    options: [{ allowPipeline: false }],
    errors: [
      {
        messageId: 'pipelineNotAtomic',
        line: 5,
        suggestions: [
          {
            messageId: 'useMultiForPipeline',
            output: `import { createClient } from 'redis';
const client = createClient();
export async function hit(key: string) {
  const batch = client.multi();
  batch.incr(key);
  batch.expire(key, 60);
  return batch.exec();
}`,
          },
        ],
      },
    ],
  },
];

// A client returned by a project function: the checker knows its type, import tracking does not.
const factoryClient = `import { Redis } from 'ioredis';
function connect() { return new Redis(process.env.REDIS_URL ?? ''); }
const redis = connect();
export async function hit(key: string) {
  await redis.incr(key);
  await redis.expire(key, 60);
}`;

const typedOnlyInvalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: factoryClient,
    errors: [
      {
        messageId: 'separateRoundTrips',
        line: 5,
        suggestions: [
          {
            messageId: 'useMulti',
            output: `import { Redis } from 'ioredis';
function connect() { return new Redis(process.env.REDIS_URL ?? ''); }
const redis = connect();
export async function hit(key: string) {
  for (const [error] of (await redis.multi().incr(key).expire(key, 60).exec()) ?? []) if (error) throw error;
}`,
          },
        ],
      },
    ],
  },
];

typedRuleTester().run('no-non-atomic-incr-expire (typed)', rule, { valid, invalid: [...invalid, ...typedOnlyInvalid] });
untypedRuleTester().run('no-non-atomic-incr-expire (untyped)', rule, { valid: [...valid, factoryClient], invalid });
