import type { InstanceKind } from './types.js';

export const databaseWriteKinds: readonly InstanceKind[] = [];
