import { databaseKinds } from './databases.js';
import { httpKinds } from './http.js';
import { queueKinds } from './queues.js';
import { redisKinds } from './redis.js';
import type { InstanceKind } from './types.js';

export const allKinds: readonly InstanceKind[] = [...queueKinds, ...redisKinds, ...databaseKinds, ...httpKinds];

export type { ExportRef, InstanceKind, TypeRef } from './types.js';
