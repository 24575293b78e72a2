import { ESLintUtils } from '@typescript-eslint/utils';

/** The scalability concern a rule belongs to; the audit report and README group by it. */
export type Concern = 'statelessness' | 'caching' | 'async-work' | 'data-access' | 'backpressure' | 'idempotency';

export interface ScalabilityRuleDocs {
  description: string;
  /** In the `recommended` config: high precision on real code. */
  recommended?: boolean;
  /** The rule needs type information. None does today: every rule falls back to import tracking. */
  requiresTypeChecking?: boolean;
  concern: Concern;
}

export const REPOSITORY_URL = 'https://github.com/eslint-plugin-scalability/eslint-plugin-scalability';

export const createRule = ESLintUtils.RuleCreator<ScalabilityRuleDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);
