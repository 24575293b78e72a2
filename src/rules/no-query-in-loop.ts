
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { describeChain, type FileAnalysis, findReachable, getFileAnalysis, locationOf, resolveCallTargets } from '../analysis/index.js';
import {
  dependsOnPreviousIteration,
  enclosingLoop,
  issuedInOneTick,
  type LoopContext,
  runsInTransaction,
  runsPerIteration,
} from '../analysis/loops.js';
import { isExecuted, isHandedOver, isPageQuery, isQueryShaped, type QueryLibrary, type QueryNode, type QuerySite, querySite } from '../analysis/queries.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Also report calls in a loop to project functions that run a query. */
    followCalls?: boolean;
  },
];
export type MessageIds = 'queryInLoop' | 'queryInLoopViaCall';

export const LIBRARY_NAMES: Record<QueryLibrary, string> = {
  prisma: 'Prisma',
  typeorm: 'TypeORM',
  sequelize: 'Sequelize',
  knex: 'Knex',
  kysely: 'Kysely',
  drizzle: 'Drizzle',
  mongoose: 'Mongoose',
  pg: 'node-postgres',
  mysql2: 'mysql2',
  ioredis: 'ioredis',
  'node-redis': 'node-redis',
};

export default createRule<Options, MessageIds>({
  name: 'no-query-in-loop',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow database and Redis queries issued once per item of a loop (N+1 queries)',
      recommended: true,
      concern: 'data-access',
    },
    messages: {
      queryInLoop:
        '{{library}} {{method}}() runs once per iteration of this {{loop}}: N items cost N round trips (N+1 queries), so latency and database load grow with the data. Fetch or write all items in one statement: {{batched}}.',
      queryInLoopViaCall:
        '{{callee}}() runs a {{library}} {{method}}() query ({{location}}, via {{chain}}) once per iteration of this {{loop}}: N items cost N round trips (N+1 queries). Give it a variant that takes all items and issues one statement: {{batched}}.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          followCalls: {
            type: 'boolean',
            description: 'Also report calls in a loop to project functions that run a query (up to settings.scalability.maxDepth calls deep).',
          },
        },
      },
    ],
    defaultOptions: [{ followCalls: true }],
  },
  create(context, [options]) {
    const followCalls = options.followCalls ?? true;
    const analysis = getFileAnalysis(context);

    return {
      CallExpression(node) {
        if (checkQuery(node)) return;
        if (followCalls) checkHelperCall(node);
      },
      TaggedTemplateExpression(node) {
        checkQuery(node);
      },
    };

    /** Returns true when the node is a query (reported or deliberately not). */
    function checkQuery(node: QueryNode): boolean {
      if (!isQueryShaped(node)) return false;
      const loop = enclosingLoop(analysis, node);
      if (!loop?.overCollection) return false;
      const site = querySite(analysis, node);
      if (!site) return false;
      if (!isNPlusOne(analysis, site, loop)) return true;
      context.report({
        node,
        messageId: 'queryInLoop',
        data: { library: LIBRARY_NAMES[site.library], method: site.method, loop: loop.description, batched: site.batchedForm },
      });
      return true;
    }

    function checkHelperCall(node: TSESTree.CallExpression): void {
      const loop = enclosingLoop(analysis, node);
      if (!loop?.overCollection) return;
      const targets = resolveCallTargets(analysis, node);
      for (const target of targets) {
        // Only data accessors: a read issued by the called function itself. Deeper chains and
        // per-item processing that writes are often deliberate per-item work.
        const found = findReachable(target.analysis, target.fn, 'no-query-in-loop', helperQuery).find((result) => result.chain.length === 0);
        if (!found) continue;
        const site = found.value;
        // A helper that only returns a lazy builder (`return query.where(f)`) runs nothing: the
        // query runs where its caller awaits it, so the call in the loop must itself execute.
        if (site.lazy && !isExecuted(site.node) && !isExecuted(node) && !isHandedOver(node)) continue;
        // Prisma batches findUnique calls issued in one tick, through a helper too.
        if (site.library === 'prisma' && site.method === 'findUnique' && issuedInOneTick(node, loop)) return;
        const chain = [{ name: target.name, location: locationOf(analysis.cwd, target.analysis, target.fn) }];
        context.report({
          node,
          messageId: 'queryInLoopViaCall',
          data: {
            callee: target.name,
            library: LIBRARY_NAMES[site.library],
            method: site.method,
            location: found.target?.location ?? locationOf(analysis.cwd, target.analysis, found.callSite),
            chain: describeChain(chain),
            loop: loop.description,
            batched: site.batchedForm,
          },
        });
        return;
      }
    }
  },
});

/** Everything that makes a query in a loop not an N+1. */
function isNPlusOne(analysis: FileAnalysis, site: QuerySite, loop: LoopContext): boolean {
  if (!runsPerIteration(analysis, site, loop)) return false;
  // Already set-based (an `in` list, mget, createMany, a pipeline) or one page of a paged read.
  if (site.batched || isPageQuery(analysis, site)) return false;
  // Prisma's dataloader turns findUnique calls issued in the same tick into one query.
  if (site.library === 'prisma' && site.method === 'findUnique' && issuedInOneTick(site.node, loop)) return false;
  if (dependsOnPreviousIteration(analysis, site, loop)) return false;
  return !runsInTransaction(analysis, site);
}

/** A query in a project function, as the helper-call check sees it (any file, untyped). */
function helperQuery(analysis: FileAnalysis, call: TSESTree.CallExpression | TSESTree.NewExpression): QuerySite | undefined {
  if (call.type !== AST_NODE_TYPES.CallExpression || !isQueryShaped(call)) return undefined;
  const site = querySite(analysis, call);
  if (!site || site.batched || isPageQuery(analysis, site) || runsInTransaction(analysis, site)) return undefined;
  if (site.shape !== 'single' && site.shape !== 'list' && site.shape !== 'aggregate') return undefined;
  if (site.lazy && !isExecuted(call) && !isHandedOver(call)) return undefined;
  return site;
}

