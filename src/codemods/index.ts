import { asyncFs } from './async-fs.js';
import { atomicIncrExpire } from './atomic-incr-expire.js';
import { cacheTtl } from './cache-ttl.js';
import { idempotentInsert } from './idempotent-insert.js';
import { jobRetryOptions } from './job-retry-options.js';
import { retryAfter } from './retry-after.js';
import type { Codemod } from './types.js';

/** Every codemod by name, for `scalability-lint codemod <name>`. */
export const codemods: Readonly<Record<string, Codemod>> = {
  [asyncFs.name]: asyncFs,
  [atomicIncrExpire.name]: atomicIncrExpire,
  [cacheTtl.name]: cacheTtl,
  [idempotentInsert.name]: idempotentInsert,
  [jobRetryOptions.name]: jobRetryOptions,
  [retryAfter.name]: retryAfter,
};

export { CodemodUsageError, runCodemod, type CodemodRun, type FileOutcome } from './runner.js';
export type { Codemod, CodemodOptions } from './types.js';
