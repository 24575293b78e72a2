import type { TSESLint } from '@typescript-eslint/utils';

import { getFileAnalysis } from '../analysis/index.js';
import { nonAtomicIncrExpire } from '../analysis/incr-expire.js';
import { counterCommands } from '../analysis/libraries/redis-commands.js';
import { isRedisCommandShaped } from '../analysis/redis-commands.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    allowPipeline?: boolean;
  },
];
export type MessageIds = 'separateRoundTrips' | 'pipelineNotAtomic' | 'useMulti' | 'useMultiForPipeline';

export default createRule<Options, MessageIds>({
  name: 'no-non-atomic-incr-expire',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow Redis counters whose increment and expiry are separate, non-atomic commands',
      recommended: true,
      concern: 'data-access',
    },
    hasSuggestions: true,
    messages: {
      separateRoundTrips:
        '`{{incr}}` and `{{expire}}` on the same key are separate Redis round trips: if the process dies or the connection drops between them, the counter keeps no TTL and never resets, so a rate limit built on it locks the client out for good. Send both in one multi() transaction, use a Lua script, or create the key with SET … EX … NX first.',
      pipelineNotAtomic:
        '`{{incr}}` and `{{expire}}` share a pipeline: one write, but not a transaction, so a failure between them can still leave a counter that never expires. Use multi() instead.',
      useMulti: 'Send {{incr}} and {{expire}} together in one multi() transaction{{note}}.',
      useMultiForPipeline: 'Make the pipeline a multi() transaction.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowPipeline: {
            type: 'boolean',
            description: 'Accept an increment and expiry sent together in one pipeline (one write, but not atomic).',
          },
        },
      },
    ],
    defaultOptions: [{ allowPipeline: true }],
  },
  create(context, [options]) {
    const allowPipeline = options.allowPipeline ?? true;

    return {
      CallExpression(node) {
        if (!isRedisCommandShaped(node, counterCommands)) return;
        const finding = nonAtomicIncrExpire(getFileAnalysis(context), node, { allowPipeline });
        if (!finding) return;
        const { counter, expire } = finding;
        if (finding.kind === 'separate') {
          const rewrite = finding.rewrite;
          context.report({
            node,
            messageId: 'separateRoundTrips',
            data: { incr: counter.method, expire: expire.method },
            suggest: rewrite
              ? [
                  {
                    messageId: 'useMulti',
                    data: {
                      incr: counter.method,
                      expire: expire.method,
                      note: rewrite.addedNx ? ' (EXPIRE NX keeps the first window; it needs Redis 7)' : '',
                    },
                    fix: (fixer) => fixer.replaceTextRange(rewrite.range, rewrite.text),
                  },
                ]
              : [],
          });
          return;
        }
        const marker = finding.marker;
        context.report({
          node,
          messageId: 'pipelineNotAtomic',
          data: { incr: counter.method, expire: expire.method },
          suggest: marker
            ? [{ messageId: 'useMultiForPipeline', fix: (fixer): TSESLint.RuleFix => fixer.replaceText(marker.node, marker.replacement) }]
            : [],
        });
      },
    };
  },
});
