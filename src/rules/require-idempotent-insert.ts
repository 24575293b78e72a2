import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { describeChain, type FunctionNode, getFileAnalysis, type HandlerInfo } from '../analysis/index.js';
import { type InsertFix, type InsertSite, retryableInserts, retryableTaggedInsert } from '../analysis/inserts.js';
import { insertLibraryNames } from '../analysis/libraries/database-writes.js';
import { createRule } from '../util/create-rule.js';

export type Options = [];
export type MessageIds = 'plainInsert' | 'insertViaHelper' | 'makeIdempotent';

const FRAMEWORK_NAMES: Readonly<Record<string, string>> = {
  bullmq: 'BullMQ',
  bull: 'Bull',
  'bee-queue': 'bee-queue',
  'pg-boss': 'pg-boss',
  amqplib: 'AMQP',
  nestjs: 'NestJS',
  lambda: 'Lambda',
  settings: 'configured',
};

export default createRule<Options, MessageIds>({
  name: 'require-idempotent-insert',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require inserts in retryable handlers (jobs, consumers, webhooks) to be idempotent',
      recommended: true,
      concern: 'idempotency',
    },
    hasSuggestions: true,
    messages: {
      plainInsert:
        '{{insert}} in {{handler}} adds a row on every run, and one delivery can run twice (retry, stalled job, redelivery): the second run duplicates the row or fails on a unique key. Use {{upsert}} keyed by the {{key}}, or check an idempotency key first.',
      insertViaHelper:
        '{{callee}}() runs {{insert}} ({{chain}}) from {{handler}}, and one delivery can run twice (retry, stalled job, redelivery): the second run duplicates the row or fails on a unique key. Use {{upsert}} keyed by the {{key}}, or check an idempotency key first.',
      makeIdempotent: 'Add {{change}} (needs a unique index on the {{key}}).',
    },
    schema: [],
  },
  create(context) {
    const analysis = getFileAnalysis(context);

    return {
      'ArrowFunctionExpression, FunctionExpression, FunctionDeclaration'(fn: FunctionNode) {
        for (const found of retryableInserts(analysis, fn)) {
          const { site, handler, chain } = found;
          if (chain.length === 0) {
            report(found.node, 'plainInsert', site, handler, site.fix);
            continue;
          }
          const callee = chain[0]?.name ?? 'helper';
          report(found.node, 'insertViaHelper', site, handler, undefined, { callee, chain: describeChain(chain) });
        }
      },
      TaggedTemplateExpression(node) {
        // prisma.$executeRaw`INSERT …`: not a call, so the reachability walk does not see it.
        const found = retryableTaggedInsert(analysis, node);
        if (found) report(found.node, 'plainInsert', found.site, found.handler);
      },
    };

    function report(
      node: TSESTree.Node,
      messageId: 'plainInsert' | 'insertViaHelper',
      site: InsertSite,
      info: HandlerInfo,
      fix?: InsertFix,
      extra: Record<string, string> = {},
    ): void {
      const key = keyOf(info);
      context.report({
        node,
        messageId,
        data: { insert: insertName(site), handler: handlerName(info), upsert: site.upsert, key, ...extra },
        suggest: fix ? [{ messageId: 'makeIdempotent', data: { change: fix.description, key }, fix: (fixer) => applyFix(fixer, fix, context.sourceCode) }] : [],
      });
    }
  },
});

function insertName(site: InsertSite): string {
  const library = insertLibraryNames[site.library];
  return site.method === 'INSERT' ? `a raw ${library} INSERT` : `${library} ${site.method}()`;
}

function handlerName(info: HandlerInfo): string {
  if (info.retryReason === 'webhook') return 'a webhook handler';
  const framework = FRAMEWORK_NAMES[info.framework] ?? info.framework;
  const article = /^[aeiou]/iu.test(framework) ? 'an' : 'a';
  return info.retryReason === 'message' ? `${article} ${framework} message consumer` : `${article} ${framework} job processor`;
}

function keyOf(info: HandlerInfo): string {
  if (info.retryReason === 'webhook') return 'event id';
  if (info.retryReason === 'message') return 'message id';
  return 'job id or a business key from the job';
}

function applyFix(fixer: TSESLint.RuleFixer, fix: InsertFix, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.RuleFix {
  switch (fix.type) {
    case 'insertAfter':
      return fixer.insertTextAfter(fix.node, fix.text);
    case 'addArgument':
      return fixer.insertTextAfter(fix.after, `, ${fix.text}`);
    case 'addProperty': {
      const last = fix.object.properties.at(-1);
      if (!last) return fixer.replaceText(fix.object, `{ ${fix.text} }`);
      const after = sourceCode.getTokenAfter(last);
      return after?.value === ',' ? fixer.insertTextAfter(after, ` ${fix.text},`) : fixer.insertTextAfter(last, `, ${fix.text}`);
    }
    default:
      return fixer.insertTextAfter(fix satisfies never, '');
  }
}
