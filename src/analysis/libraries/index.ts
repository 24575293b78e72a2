import { blockingKinds } from './blocking.js';
import { cachesKinds } from './caches.js';
import { databaseWriteKinds } from './database-writes.js';
import { databaseKinds } from './databases.js';
import { httpKinds } from './http.js';
import { queueKinds } from './queues.js';
import { redisKinds } from './redis.js';
import { schedulersKinds } from './schedulers.js';
import { slowWorkKinds } from './slow-work.js';
import { storesKinds } from './stores.js';
import type { InstanceKind } from './types.js';

/** Every catalogued kind. Each concern's file owns its entries; this list only joins them. */
export const allKinds: readonly InstanceKind[] = [
  ...queueKinds,
  ...redisKinds,
  ...databaseKinds,
  ...databaseWriteKinds,
  ...httpKinds,
  ...cachesKinds,
  ...storesKinds,
  ...schedulersKinds,
  ...blockingKinds,
  ...slowWorkKinds,
];

export type { ExportRef, InstanceKind, TypeRef } from './types.js';
