import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { getFileAnalysis } from '../analysis/index.js';
import { type CacheClient, type CacheWrite, cacheWriteAt, describeFamily, isCacheWriteShaped, isFamilyInvalidated } from '../analysis/cache-writes.js';
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
        const write = cacheWriteAt(analysis, node);
        if (write?.expiry !== 'no') return;
        const family = write.families.find((candidate) => !isFamilyInvalidated(analysis, candidate, write.client));
        // Some key of the write is invalidated, or no key has a static family to name.
        if (!family || write.families.some((candidate) => isFamilyInvalidated(analysis, candidate, write.client))) return;
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

/** A TTL argument for `set(key, value)` with exactly two arguments; other shapes are left to the user. */
function ttlSuggestion(
  write: CacheWrite,
  seconds: number,
): { description: string; fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix } | undefined {
  if (write.method.toLowerCase() !== 'set' || write.call.arguments.length !== 2) return undefined;
  const value = write.call.arguments[1] as TSESTree.Node;
  const description = `${String(seconds)} seconds`;
  switch (write.client) {
    case 'ioredis':
      return { description, fix: (fixer) => fixer.insertTextAfter(value, `, 'EX', ${String(seconds)}`) };
    case 'node-redis':
      return { description, fix: (fixer) => fixer.insertTextAfter(value, `, { EX: ${String(seconds)} }`) };
    default:
      // keyv, cache-manager v5+ and Nest take milliseconds.
      return { description, fix: (fixer) => fixer.insertTextAfter(value, `, ${String(seconds * 1000)}`) };
  }
}
