import type { InstanceKind } from './types.js';

export const storesKinds: readonly InstanceKind[] = [];
