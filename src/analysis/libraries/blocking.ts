import type { InstanceKind } from './types.js';

export const blockingKinds: readonly InstanceKind[] = [];
