import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { describeChain, enclosingHandler, findReachable, type FunctionNode, getFileAnalysis, handlerInfo, type HandlerInfo } from '../analysis/index.js';
import { type InsertFix, type InsertSite, isGuardedInsert, hasIdempotencyCheck, isInsertShaped, plainInsert } from '../analysis/inserts.js';
import { insertLibraryNames } from '../analysis/libraries/database-writes.js';
import { createRule } from '../util/create-rule.js';

export type Options = [];
export type MessageIds = 'plainInsert' | 'insertViaHelper' | 'makeIdempotent';

const QUESTION = 'require-idempotent-insert';

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
        const info = handlerInfo(analysis, fn);
        if (info?.type !== 'retryable') return;
        const matches = findReachable(analysis, fn, QUESTION, (fileAnalysis, call) => {
          if (!isInsertShaped(call)) return undefined;
          const site = plainInsert(fileAnalysis, call);
          return site && !isGuardedInsert(fileAnalysis, site) ? site : undefined;
        });
        for (const match of matches) {
          // A nested handler reports its own inserts.
          if (enclosingHandler(analysis, match.callSite)?.fn !== fn) continue;
          const site = match.value;
          if (managesWebhooks(info, site)) continue;
          if (match.chain.length === 0) {
            report(site.node, 'plainInsert', site, info, site.fix);
            continue;
          }
          // The helper's insert may be guarded by a check in the handler before the call.
          if (hasIdempotencyCheck(analysis, fn, match.callSite.range[0], site.target)) continue;
          const callee = match.chain[0]?.name ?? 'helper';
          report(match.callSite, 'insertViaHelper', site, info, undefined, { callee, chain: describeChain(match.chain) });
        }
      },
      TaggedTemplateExpression(node) {
        // prisma.$executeRaw`INSERT …`: not a call, so the reachability walk does not see it.
        if (node.tag.type !== AST_NODE_TYPES.MemberExpression) return;
        const site = plainInsert(analysis, node);
        if (!site) return;
        const handler = enclosingHandler(analysis, node);
        if (handler?.info.type !== 'retryable' || managesWebhooks(handler.info, site) || isGuardedInsert(analysis, site)) return;
        report(node, 'plainInsert', site, handler.info);
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

/**
 * `POST /webhooks` that stores a webhook subscription is an API for managing webhooks, not a
 * receiver; its path matches the webhook heuristic all the same. Inserts into a webhook table
 * from a webhook handler are left alone (a receiver's own delivery log is usually keyed by the
 * event id anyway).
 */
function managesWebhooks(info: HandlerInfo, site: InsertSite): boolean {
  return info.retryReason === 'webhook' && site.target?.includes('webhook') === true;
}

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
