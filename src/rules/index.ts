import type { TSESLint } from '@typescript-eslint/utils';

import noBlockingInHandler from './no-blocking-in-handler.js';
import noClientPerRequest from './no-client-per-request.js';
import noInProcessCache from './no-in-process-cache.js';
import noInProcessScheduler from './no-in-process-scheduler.js';
import noInlineSlowWork from './no-inline-slow-work.js';
import noLocalFsWriteInHandler from './no-local-fs-write-in-handler.js';
import noMemoryStore from './no-memory-store.js';
import noNonAtomicIncrExpire from './no-non-atomic-incr-expire.js';
import noQueryInLoop from './no-query-in-loop.js';
import noUnboundedQuery from './no-unbounded-query.js';
import requireCacheInvalidation from './require-cache-invalidation.js';
import requireIdempotentInsert from './require-idempotent-insert.js';
import requireJobRetryOptions from './require-job-retry-options.js';
import requireRetryAfter from './require-retry-after.js';

/** Every rule, alphabetically. test/plugin.test.ts checks this list against src/rules/. */
export const rules = {
  'no-blocking-in-handler': noBlockingInHandler,
  'no-client-per-request': noClientPerRequest,
  'no-in-process-cache': noInProcessCache,
  'no-in-process-scheduler': noInProcessScheduler,
  'no-inline-slow-work': noInlineSlowWork,
  'no-local-fs-write-in-handler': noLocalFsWriteInHandler,
  'no-memory-store': noMemoryStore,
  'no-non-atomic-incr-expire': noNonAtomicIncrExpire,
  'no-query-in-loop': noQueryInLoop,
  'no-unbounded-query': noUnboundedQuery,
  'require-cache-invalidation': requireCacheInvalidation,
  'require-idempotent-insert': requireIdempotentInsert,
  'require-job-retry-options': requireJobRetryOptions,
  'require-retry-after': requireRetryAfter,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;

export type RuleName = keyof typeof rules;
