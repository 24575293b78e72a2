import type { TSESLint } from '@typescript-eslint/utils';

import { rules } from './rules/index.js';
import type { ScalabilityRuleDocs } from './util/create-rule.js';

export const NAMESPACE = 'scalability';

type RuleEntry = TSESLint.SharedConfig.RuleEntry;

function docsOf(rule: (typeof rules)[keyof typeof rules]): ScalabilityRuleDocs {
  return rule.meta.docs as ScalabilityRuleDocs;
}

/**
 * Stricter options for the `strict` config, keyed by rule. Rules not listed run with their
 * defaults there too.
 */
const strictOptions: Partial<Record<keyof typeof rules, readonly unknown[]>> = {
  // Per-instance temp files are still lost when an instance is replaced.
  'no-local-fs-write-in-handler': [{ allowTmpdir: false }],
  // A pipeline is one write but not atomic.
  'no-non-atomic-incr-expire': [{ allowPipeline: false }],
  // Any recurring in-process job, however frequent.
  'no-in-process-scheduler': [{ minIntervalMs: 0 }],
};

/** Configs derive from each rule's meta, so adding a rule never means editing a list here. */
export function buildRuleEntries(preset: 'recommended' | 'strict' | 'all'): Record<string, RuleEntry> {
  const entries: Record<string, RuleEntry> = {};
  for (const [name, rule] of Object.entries(rules) as [keyof typeof rules, (typeof rules)[keyof typeof rules]][]) {
    if (preset === 'recommended' && docsOf(rule).recommended !== true) continue;
    const options = preset === 'strict' ? strictOptions[name] : undefined;
    entries[`${NAMESPACE}/${name}`] = options ? ['error', ...options] as RuleEntry : 'error';
  }
  return entries;
}
