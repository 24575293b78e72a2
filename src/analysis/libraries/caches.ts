import type { InstanceKind } from './types.js';

export const cachesKinds: readonly InstanceKind[] = [];
