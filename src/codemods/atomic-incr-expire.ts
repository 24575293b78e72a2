import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { walk } from '../analysis/ast.js';
import type { FileAnalysis } from '../analysis/file-analysis.js';
import { isFirstIncrementGuard, nonAtomicIncrExpire } from '../analysis/incr-expire.js';
import { booleanOption } from './options.js';
import type { Codemod, SkippedSite, TextEdit } from './types.js';

/**
 * Sends the increment and expiry `no-non-atomic-incr-expire` reports as one `multi()`
 * transaction, reading the counter's value back from the transaction's replies — the rule's
 * own rewrite. A guarded expiry becomes `EXPIRE … NX` only when the guard is "first
 * increment" (`count === 1`); other pairs are listed.
 */
export const atomicIncrExpire: Codemod = {
  name: 'atomic-incr-expire',
  description: 'Send separate Redis incr + expire round trips as one multi() transaction, keeping the counter value.',
  options: {
    'allow-pipeline': { description: 'leave an incr + expire that share a pipeline as they are (false: make the pipeline a multi())', default: true },
  },
  transform(analysis, options) {
    const allowPipeline = booleanOption(options, 'allow-pipeline', true);
    const edits: TextEdit[] = [];
    const skipped: SkippedSite[] = [];
    const skip = (node: TSESTree.Node, reason: string) => skipped.push({ file: analysis.filename, line: node.loc.start.line, reason });
    walk(analysis.ast, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const finding = nonAtomicIncrExpire(analysis, node, { allowPipeline });
      if (!finding) return undefined;
      if (finding.kind === 'pipeline') {
        const marker = finding.marker;
        if (marker) edits.push(edit(analysis, marker.node.range, marker.replacement));
        else skip(node, 'the pipeline is sent with exec(true): pass false (or nothing) to make it a transaction');
        return undefined;
      }
      const rewrite = finding.rewrite;
      if (!rewrite) {
        skip(node, finding.reason ?? `${finding.counter.method} and ${finding.expire.method} cannot be combined here`);
        return undefined;
      }
      if (rewrite.guard && !isFirstIncrementGuard(rewrite, finding.counter)) {
        skip(
          node,
          `${finding.expire.method} is guarded by \`${analysis.text.slice(rewrite.guard.range[0], rewrite.guard.range[1])}\`, which is not "first increment": EXPIRE NX in one transaction would change when the window starts`,
        );
        return undefined;
      }
      edits.push(edit(analysis, rewrite.range, rewrite.text));
      return undefined;
    });
    return { edits, skipped };
  },
};

function edit(analysis: FileAnalysis, range: readonly [number, number], text: string): TextEdit {
  return { file: analysis.filename, start: range[0], end: range[1], text };
}

