import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { getFileAnalysis } from '../analysis/index.js';
import { enqueueSite, type EnqueueSite, isEnqueueShaped } from '../analysis/jobs.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    attempts?: number;
    backoffDelay?: number;
    requireBackoff?: boolean;
  },
];
export type MessageIds = 'noRetry' | 'noBackoff' | 'addRetryOptions';

const LIBRARY_NAMES: Record<EnqueueSite['library'], string> = {
  bullmq: 'BullMQ',
  bull: 'Bull',
  'bee-queue': 'bee-queue',
  'pg-boss': 'pg-boss',
  'graphile-worker': 'graphile-worker',
};

export default createRule<Options, MessageIds>({
  name: 'require-job-retry-options',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a retry policy (attempts and backoff) on enqueued jobs',
      recommended: true,
      concern: 'async-work',
    },
    hasSuggestions: true,
    messages: {
      noRetry:
        '{{library}} runs job {{job}} once: a transient failure (deploy, timeout, network blip) loses it. Set attempts > 1 with an exponential backoff here or in the queue defaults.',
      noBackoff:
        '{{library}} retries job {{job}} back to back: retries hit the failing dependency at once and fail together. Add an exponential backoff.',
      addRetryOptions: 'Add {{options}}.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          attempts: { type: 'integer', minimum: 2, description: 'Attempts the suggestion proposes.' },
          backoffDelay: { type: 'integer', minimum: 1, description: 'First backoff delay in milliseconds the suggestion proposes.' },
          requireBackoff: { type: 'boolean', description: 'Also report retries without a backoff.' },
        },
      },
    ],
    defaultOptions: [{ attempts: 3, backoffDelay: 1000, requireBackoff: true }],
  },
  create(context, [options]) {
    const attempts = options.attempts ?? 3;
    const backoffDelay = options.backoffDelay ?? 1000;
    const requireBackoff = options.requireBackoff ?? true;

    return {
      CallExpression(node) {
        if (!isEnqueueShaped(node)) return;
        const site = enqueueSite(getFileAnalysis(context), node);
        if (!site) return;
        if (site.verdict === 'no-retry') report(site, 'noRetry');
        else if (site.verdict === 'no-backoff' && requireBackoff) report(site, 'noBackoff');
      },
    };

    function report(site: EnqueueSite, messageId: 'noRetry' | 'noBackoff'): void {
      const fix = suggestionFor(site, context.sourceCode, attempts, backoffDelay);
      context.report({
        node: site.call,
        messageId,
        data: { library: LIBRARY_NAMES[site.library], job: site.jobName === undefined ? '' : `'${site.jobName}'` },
        suggest: fix
          ? [{ messageId: 'addRetryOptions', data: { options: fix.description }, fix: fix.apply }]
          : [],
      });
    }
  },
});

interface Suggestion {
  readonly description: string;
  readonly apply: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix | TSESLint.RuleFix[];
}

function suggestionFor(site: EnqueueSite, sourceCode: Readonly<TSESLint.SourceCode>, attempts: number, delay: number): Suggestion | undefined {
  switch (site.library) {
    case 'bullmq':
    case 'bull': {
      if (site.method !== 'add') return undefined;
      const text = `attempts: ${String(attempts)}, backoff: { type: 'exponential', delay: ${String(delay)} }`;
      return objectOptionSuggestion(site, sourceCode, text, ['attempts', 'backoff']);
    }
    case 'pg-boss': {
      if (site.optionsIndex !== 2) return undefined;
      const seconds = Math.max(1, Math.round(delay / 1000));
      const text = `retryLimit: ${String(attempts)}, retryDelay: ${String(seconds)}, retryBackoff: true`;
      return objectOptionSuggestion(site, sourceCode, text, ['retryLimit', 'retryDelay', 'retryBackoff']);
    }
    case 'bee-queue': {
      const text = `.retries(${String(attempts)}).backoff('exponential', ${String(delay)})`;
      return { description: text, apply: (fixer) => fixer.insertTextAfter(site.call, text) };
    }
    default:
      return undefined;
  }
}

/** Adds properties to the options literal, or an options argument where there is none. */
function objectOptionSuggestion(
  site: EnqueueSite,
  sourceCode: Readonly<TSESLint.SourceCode>,
  text: string,
  keys: readonly string[],
): Suggestion | undefined {
  const argument = site.optionsArgument;
  if (!argument) {
    const args = site.call.arguments;
    // Fill the data slot too when the call passes only the name: add(name) → add(name, undefined, {...}).
    const last = args.at(-1);
    if (!last || args.length < site.optionsIndex - 1) return undefined;
    const padding = args.length === site.optionsIndex - 1 ? ', undefined' : '';
    return { description: `{ ${text} }`, apply: (fixer) => fixer.insertTextAfter(last, `${padding}, { ${text} }`) };
  }
  if (argument.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  // Never write a key twice; a present `attempts: 1` is for the user to change.
  const present = argument.properties.some(
    (property) => property.type === AST_NODE_TYPES.Property && property.key.type === AST_NODE_TYPES.Identifier && keys.includes(property.key.name),
  );
  if (present) return undefined;
  const lastProperty = argument.properties.at(-1);
  if (!lastProperty) {
    return { description: `{ ${text} }`, apply: (fixer) => fixer.replaceText(argument, `{ ${text} }`) };
  }
  const tokenAfter = sourceCode.getTokenAfter(lastProperty);
  const hasTrailingComma = tokenAfter?.value === ',';
  return {
    description: `{ ${text} }`,
    apply: (fixer) =>
      tokenAfter && hasTrailingComma ? fixer.insertTextAfter(tokenAfter, ` ${text},`) : fixer.insertTextAfter(lastProperty, `, ${text}`),
  };
}
