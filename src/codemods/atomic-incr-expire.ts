import type { Codemod } from './types.js';

// Placeholder while the codemod is being written; it changes nothing.
export const atomicIncrExpire: Codemod = {
  name: 'atomic-incr-expire',
  description: 'Not yet available.',
  options: {},
  transform() {
    return { edits: [], skipped: [] };
  },
};
