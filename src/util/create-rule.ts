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

const namedRule = ESLintUtils.RuleCreator<ScalabilityRuleDocs>((name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`);

type RuleDefinition<Options extends readonly unknown[], MessageIds extends string> = Parameters<typeof namedRule<Options, MessageIds>>[0];

/**
 * typescript-eslint's RuleCreator, except that the options merged with their defaults are
 * computed once per distinct configuration instead of once per file: the merge deep-clones the
 * defaults, and a project-wide run creates every rule for every file. The merged options are
 * frozen because every file now shares them.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  definition: RuleDefinition<Options, MessageIds>,
): ReturnType<typeof namedRule<Options, MessageIds>> {
  const rule = namedRule(definition);
  // The rules declare their defaults next to `create`, as typescript-eslint's RuleCreator still accepts.
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- read the way RuleCreator reads it
  const defaults = (definition.meta.defaultOptions ?? definition.defaultOptions ?? []) as Options;
  const merged = new Map<string, Options>();
  return {
    ...rule,
    create(context) {
      const key = JSON.stringify(context.options);
      let options = merged.get(key);
      if (!options) {
        options = deepFreeze(ESLintUtils.applyDefault<Options, Options>(defaults, context.options));
        merged.set(key, options);
      }
      return definition.create(context, options);
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
