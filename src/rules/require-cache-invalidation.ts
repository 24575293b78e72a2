import type { TSESLint } from '@typescript-eslint/utils';

import { getFileAnalysis } from '../analysis/index.js';
import { type CacheClient, type CacheWrite, describeFamily, isCacheWriteShaped, ttlInsertion, uninvalidatedWrite } from '../analysis/cache-writes.js';
import { isOneOffFile } from '../analysis/test-files.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    ttlSeconds?: number;
  },
];
export type MessageIds = 'noInvalidation' | 'addTtl';

const CLIENT_NAMES: Record<CacheClient, string> = {
  ioredis: 'ioredis',
  'node-redis': 'node-redis',
  keyv: 'Keyv',
  'cache-manager': 'cache-manager',
  'nestjs.cache-manager': 'The Nest cache manager',
};

export default createRule<Options, MessageIds>({
  name: 'require-cache-invalidation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require cache writes to expire or to be invalidated',
      recommended: true,
      concern: 'caching',
    },
    hasSuggestions: true,
    messages: {
      noInvalidation:
        "{{client}} `{{method}}` writes key family '{{family}}' with no expiry, and nothing in {{scope}} deletes or expires that family: entries outlive the data they copy and are served stale after every update, and the cache grows without bound. Give the write a TTL, or delete the key where the underlying data changes.",
      addTtl: 'Expire the entry after {{ttl}}.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ttlSeconds: { type: 'integer', minimum: 1, description: 'TTL in seconds the suggestion proposes.' },
        },
      },
    ],
    defaultOptions: [{ ttlSeconds: 3600 }],
  },
  create(context, [options]) {
    const ttlSeconds = options.ttlSeconds ?? 3600;

    return {
      CallExpression(node) {
        if (!isCacheWriteShaped(node)) return;
        const analysis = getFileAnalysis(context);
        // Tests, seeds and migrations write keys for one run; they are not a cache that serves.
        if (isOneOffFile(analysis)) return;
        // Some key of the write is invalidated, or no key has a static family to name: silent.
        const found = uninvalidatedWrite(analysis, node);
        if (!found) return;
        const { write, family } = found;
        const suggestion = ttlSuggestion(write, ttlSeconds);
        context.report({
          node,
          messageId: 'noInvalidation',
          data: {
            client: CLIENT_NAMES[write.client],
            method: write.method,
            family: describeFamily(family),
            scope: analysis.types ? 'the program' : 'this file',
          },
          suggest: suggestion ? [{ messageId: 'addTtl', data: { ttl: suggestion.description }, fix: suggestion.fix }] : [],
        });
      },
    };
  },
});

function ttlSuggestion(
  write: CacheWrite,
  seconds: number,
): { description: string; fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix } | undefined {
  const insertion = ttlInsertion(write, seconds);
  if (!insertion) return undefined;
  return { description: `${String(seconds)} seconds`, fix: (fixer) => fixer.insertTextAfter(insertion.after, insertion.text) };
}
