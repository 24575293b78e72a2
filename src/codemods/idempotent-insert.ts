import type { Codemod } from './types.js';

// Placeholder while the codemod is being written; it changes nothing.
export const idempotentInsert: Codemod = {
  name: 'idempotent-insert',
  description: 'Not yet available.',
  options: {},
  transform() {
    return { edits: [], skipped: [] };
  },
};
