import { cacheTtl } from './cache-ttl.js';
import { jobRetryOptions } from './job-retry-options.js';
import type { Codemod } from './types.js';

/** Every codemod by name, for `scalability-lint codemod <name>`. */
export const codemods: Readonly<Record<string, Codemod>> = {
  [cacheTtl.name]: cacheTtl,
  [jobRetryOptions.name]: jobRetryOptions,
};

export { CodemodUsageError, runCodemod, type CodemodRun, type FileOutcome } from './runner.js';
export type { Codemod, CodemodOptions } from './types.js';
