import type { TSESLint } from '@typescript-eslint/utils';

import requireJobRetryOptions from './require-job-retry-options.js';

/** Every rule, alphabetically. test/plugin.test.ts checks this list against src/rules/. */
export const rules = {
  'require-job-retry-options': requireJobRetryOptions,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;

export type RuleName = keyof typeof rules;
