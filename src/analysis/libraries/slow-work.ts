import type { InstanceKind } from './types.js';

export const slowWorkKinds: readonly InstanceKind[] = [];
