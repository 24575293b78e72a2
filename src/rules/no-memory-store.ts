import type { TSESTree } from '@typescript-eslint/utils';

import { getFileAnalysis } from '../analysis/index.js';
import { mayConfigureStores, type MemoryStoreSite, memoryStoreSite } from '../analysis/stores.js';
import { isTestFile } from '../analysis/test-files.js';
import { createRule } from '../util/create-rule.js';

export type Options = [];
export type MessageIds = 'defaultMemoryStore' | 'explicitMemoryStore' | 'memoryLimiter';

const MESSAGE_FOR: Record<MemoryStoreSite['reason'], MessageIds> = {
  default: 'defaultMemoryStore',
  explicit: 'explicitMemoryStore',
  memorystore: 'explicitMemoryStore',
  limiter: 'memoryLimiter',
};

export default createRule<Options, MessageIds>({
  name: 'no-memory-store',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow session and rate-limit state kept in process memory',
      recommended: true,
      concern: 'statelessness',
    },
    messages: {
      defaultMemoryStore:
        '{{library}} is configured without a store, so it keeps its state in this process: each replica sees its own sessions or counters, users get logged out or rate limits multiply with the instance count, and a restart loses everything. Use {{sharedStore}}.',
      explicitMemoryStore:
        '{{library}} is given {{store}}, which keeps its state in this process: each replica sees its own sessions or counters and a restart loses them. Use {{sharedStore}}.',
      memoryLimiter:
        '{{library}} RateLimiterMemory counts requests in this process: with N replicas a client gets N times the limit, and a restart resets it. Use {{sharedStore}} (keep RateLimiterMemory only as its insuranceLimiter).',
    },
    schema: [],
  },
  create(context) {
    return {
      CallExpression: check,
      NewExpression: check,
    };

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      if (node.arguments.length > 3) return;
      const analysis = getFileAnalysis(context);
      if (!mayConfigureStores(analysis) || isTestFile(analysis)) return;
      const site = memoryStoreSite(analysis, node);
      if (!site) return;
      context.report({
        node: site.node,
        messageId: MESSAGE_FOR[site.reason],
        data: {
          library: site.library,
          sharedStore: site.sharedStore,
          store: site.reason === 'memorystore' ? 'a `memorystore` store' : 'its MemoryStore',
        },
      });
    }
  },
});
