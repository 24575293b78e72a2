import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import {
  describeChain,
  type FileAnalysis,
  findReachable,
  type FunctionNode,
  getFileAnalysis,
  handlerInfo,
  enclosingHandler,
  nearestFunction,
} from '../analysis/index.js';
import { isExecuted, isQueryShaped, outerExpression, listBound, type QueryNode, type QuerySite, querySite, usedAsSingleRow } from '../analysis/queries.js';
import { createRule } from '../util/create-rule.js';
import { LIBRARY_NAMES } from './no-query-in-loop.js';

export type Options = [
  {
    /** Chain methods (or query methods) that bound a result, besides limit/take/first. */
    boundedMethods?: string[];
  },
];
export type MessageIds = 'unboundedQuery' | 'unboundedQueryViaCall';

/** Builders that may still get their limit after this expression (`const q = …; q.limit(10)`). */
const BUILDER_LIBRARIES = new Set(['knex', 'kysely', 'drizzle', 'mongoose']);

const HINTS: Record<QuerySite['library'], string> = {
  prisma: 'pass `take` (with `skip` or `cursor` for the next page)',
  typeorm: 'pass `take` (or call `.take()`/`.limit()` on the query builder)',
  sequelize: 'pass `limit` (with `offset` for the next page)',
  knex: 'add `.limit(n)` (with `.offset()` or a keyset `where` for the next page)',
  kysely: 'add `.limit(n)` before `execute()`',
  drizzle: 'add `.limit(n)` (or `limit` in the relational query options)',
  mongoose: 'add `.limit(n)` (or `limit` in the query options)',
  pg: 'add `LIMIT $n` (keyset pagination with `WHERE id > $cursor` scales best)',
  mysql2: 'add `LIMIT ?` (keyset pagination with `WHERE id > ?` scales best)',
  ioredis: 'bound the read',
  'node-redis': 'bound the read',
};

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-query',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow list queries without a limit in request handlers',
      recommended: true,
      concern: 'backpressure',
    },
    messages: {
      unboundedQuery:
        '{{library}} {{method}}() in this request handler returns every matching row: as the table grows, so do response time, memory and database load, until one request can take the service down. Bound it: {{hint}}.',
      unboundedQueryViaCall:
        '{{callee}}() runs a {{library}} {{method}}() list query without a limit ({{location}}, via {{chain}}) in this request handler: every matching row is loaded per request, and the cost grows with the table. Bound it: {{hint}}.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          boundedMethods: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Method names that bound a result when they appear in the query chain or are the query method (pagination helpers), in addition to limit/take/first.',
          },
        },
      },
    ],
    defaultOptions: [{ boundedMethods: ['paginate', 'cursor', 'stream'] }],
  },
  create(context, [options]) {
    const bounded = new Set(options.boundedMethods ?? ['paginate', 'cursor', 'stream']);
    const question = `no-unbounded-query:${[...bounded].sort().join(',')}`;
    const analysis = getFileAnalysis(context);
    const reported = new Set<TSESTree.Node>();
    const matcher = (fileAnalysis: FileAnalysis, call: TSESTree.CallExpression | TSESTree.NewExpression): QuerySite | undefined =>
      call.type === AST_NODE_TYPES.CallExpression ? unboundedQuery(fileAnalysis, call, bounded) : undefined;

    return {
      ':function'(fn: FunctionNode) {
        if (handlerInfo(analysis, fn)?.type !== 'http') return;
        for (const found of findReachable(analysis, fn, question, matcher)) {
          if (reported.has(found.callSite)) continue;
          reported.add(found.callSite);
          const site = found.value;
          if (found.chain.length === 0) {
            report(found.callSite, site);
            continue;
          }
          context.report({
            node: found.callSite,
            messageId: 'unboundedQueryViaCall',
            data: {
              callee: found.chain[0]?.name ?? 'this call',
              library: LIBRARY_NAMES[site.library],
              method: site.method,
              location: found.target?.location ?? '',
              chain: describeChain(found.chain),
              hint: HINTS[site.library],
            },
          });
        }
      },
      // Tagged templates (`prisma.$queryRaw\`…\``) are not calls, so reachability does not see them.
      TaggedTemplateExpression(node) {
        if (reported.has(node) || enclosingHandler(analysis, node)?.info.type !== 'http') return;
        const site = unboundedQuery(analysis, node, bounded);
        if (!site) return;
        reported.add(node);
        report(node, site);
      },
    };

    function report(node: TSESTree.Node, site: QuerySite): void {
      context.report({
        node,
        messageId: 'unboundedQuery',
        data: { library: LIBRARY_NAMES[site.library], method: site.method, hint: HINTS[site.library] },
      });
    }
  },
});

/** `return db.select().from(t)` in an async function: the function's promise runs it. */
function returnedFromAsync(node: TSESTree.Node): boolean {
  const outer = outerExpression(node);
  const parent = outer.parent;
  const fn = parent?.type === AST_NODE_TYPES.ReturnStatement ? nearestFunction(parent) : parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === outer ? parent : undefined;
  return fn?.async === true;
}

/** A list query with nothing that bounds its result. Pure, as reachability requires. */
function unboundedQuery(analysis: FileAnalysis, node: QueryNode, bounded: ReadonlySet<string>): QuerySite | undefined {
  if (!isQueryShaped(node)) return undefined;
  const site = querySite(analysis, node);
  if (site?.shape !== 'list') return undefined;
  // A builder assigned for later refinement is judged where it is finally awaited.
  if (site.lazy && BUILDER_LIBRARIES.has(site.library) && !isExecuted(site.node) && !returnedFromAsync(site.node)) return undefined;
  if (listBound(analysis, site, bounded) !== undefined) return undefined;
  if (usedAsSingleRow(analysis, site)) return undefined;
  return site;
}
