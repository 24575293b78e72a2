import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { walk } from '../analysis/ast.js';
import { isCacheWriteShaped, ttlInsertion, uninvalidatedWrite } from '../analysis/cache-writes.js';
import { positiveIntegerOption } from './options.js';
import type { Codemod, SkippedSite, TextEdit } from './types.js';

/**
 * Gives an expiry to the cache writes `require-cache-invalidation` reports: no TTL, and no
 * invalidation of their key family. Writes that are invalidated somewhere keep their lifetime;
 * adding a TTL there would change what the code means.
 */
export const cacheTtl: Codemod = {
  name: 'cache-ttl',
  description: 'Add an expiry to cache writes that have none and are never invalidated.',
  options: { seconds: { description: 'time to live in seconds', default: 3600 } },
  transform(analysis, options) {
    const seconds = positiveIntegerOption(options, 'seconds', 3600);
    const edits: TextEdit[] = [];
    const skipped: SkippedSite[] = [];
    walk(analysis.ast, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression || !isCacheWriteShaped(node)) return undefined;
      const found = uninvalidatedWrite(analysis, node);
      if (!found) return undefined;
      const insertion = ttlInsertion(found.write, seconds);
      if (!insertion) {
        skipped.push({ file: analysis.filename, line: node.loc.start.line, reason: `${found.write.method} with these arguments has no single TTL slot` });
        return undefined;
      }
      edits.push({ file: analysis.filename, start: insertion.after.range[1], end: insertion.after.range[1], text: insertion.text });
      return undefined;
    });
    return { edits, skipped };
  },
};
