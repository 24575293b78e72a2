import type { InstanceKind } from './types.js';

export const schedulersKinds: readonly InstanceKind[] = [];
