import type { InstanceKind } from './types.js';

/** Redis clients. Both expose every command as a method; node-redis also in camelCase. */
export const redisKinds: readonly InstanceKind[] = [
  {
    kind: 'ioredis',
    types: [
      { package: 'ioredis', name: 'Redis' },
      { package: 'ioredis', name: 'Cluster' },
    ],
    constructors: [
      { package: 'ioredis', path: [] },
      { package: 'ioredis', path: ['Redis'] },
      { package: 'ioredis', path: ['Cluster'] },
    ],
    methodResults: [
      { method: 'multi', kind: 'ioredis.multi' },
      { method: 'pipeline', kind: 'ioredis.pipeline' },
      { method: 'duplicate', kind: 'ioredis' },
    ],
  },
  // multi() and pipeline() share the ChainableCommander type; only the call that made the
  // chain tells them apart, so the type names here serve annotations, not the checker.
  { kind: 'ioredis.multi', methodResults: [{ method: '*', kind: 'ioredis.multi' }] },
  { kind: 'ioredis.pipeline', methodResults: [{ method: '*', kind: 'ioredis.pipeline' }] },
  {
    kind: 'node-redis',
    types: [
      { package: '@redis/client', name: 'RedisClient' },
      { package: '@redis/client', name: 'RedisClientType' },
      { package: '@redis/client', name: 'RedisClientPoolType' },
      { package: '@redis/client', name: 'RedisClusterType' },
      { package: 'redis', name: 'RedisClientType' },
      { package: 'redis', name: 'RedisClientPoolType' },
      { package: 'redis', name: 'RedisClusterType' },
    ],
    factories: [
      { package: 'redis', path: ['createClient'] },
      { package: 'redis', path: ['createClientPool'] },
      { package: 'redis', path: ['createCluster'] },
      { package: '@redis/client', path: ['createClient'] },
    ],
    methodResults: [
      { method: 'multi', kind: 'node-redis.multi' },
      { method: 'MULTI', kind: 'node-redis.multi' },
      { method: 'duplicate', kind: 'node-redis' },
      { method: 'connect', kind: 'node-redis' },
    ],
  },
  { kind: 'node-redis.multi', methodResults: [{ method: '*', kind: 'node-redis.multi' }] },
];

export const REDIS_CLIENT_KINDS: ReadonlySet<string> = new Set(['ioredis', 'node-redis']);
