import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { describeChain, type FileAnalysis, findReachable, type FunctionNode, getFileAnalysis, type HandlerInfo, handlerInfo, isFunctionNode } from '../analysis/index.js';
import { type ConnectionConstruction, connectionConstruction, isMemoisedConstruction } from '../analysis/queries.js';
import { perCall, runOnceAware } from '../analysis/run-once.js';
import { createRule } from '../util/create-rule.js';

export type Options = [];
export type MessageIds = 'clientPerRequest' | 'clientPerRequestViaCall';

const CLIENT_NAMES: Record<string, string> = {
  'prisma.client': 'a PrismaClient',
  'pg.pool': 'a node-postgres Pool',
  'pg.client': 'a node-postgres Client',
  'mysql2.pool': 'a mysql2 pool',
  'mysql2.connection': 'a mysql2 connection',
  ioredis: 'an ioredis client',
  'node-redis': 'a node-redis client',
  sequelize: 'a Sequelize instance',
  'typeorm.data-source': 'a TypeORM DataSource',
  knex: 'a Knex instance',
  kysely: 'a Kysely instance',
  mongoose: 'a Mongoose connection',
  'mongodb.client': 'a MongoClient',
};

const QUESTION = 'no-client-per-request';

export default createRule<Options, MessageIds>({
  name: 'no-client-per-request',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow creating database or Redis clients and pools per request or per job',
      recommended: true,
      concern: 'data-access',
    },
    messages: {
      clientPerRequest:
        '{{client}} is created each time this {{unit}} handler runs: every {{unit}} pays a new connection handshake, and under load the open connections pile up until the server refuses more. Create it once per process (module level or a memoised getter) and share it.',
      clientPerRequestViaCall:
        '{{callee}}() creates {{client}} ({{location}}, via {{chain}}) each time this {{unit}} handler runs: every {{unit}} pays a new connection handshake, and under load the open connections pile up until the server refuses more. Create it once per process and share it.',
    },
    schema: [],
  },
  create(context) {
    const analysis = getFileAnalysis(context);
    const reported = new Set<TSESTree.Node>();

    return {
      ':function'(fn: FunctionNode) {
        const info = handlerInfo(analysis, fn);
        if (!info) return;
        for (const found of perCall(findReachable(analysis, fn, QUESTION, matcher))) {
          // An IIFE's body is searched as part of the handler: what it reaches is reported at its own call.
          if (reported.has(found.callSite) || isInlineCall(found.callSite)) continue;
          reported.add(found.callSite);
          const client = CLIENT_NAMES[found.value.kind] ?? 'a database client';
          if (found.chain.length === 0) {
            context.report({ node: found.callSite, messageId: 'clientPerRequest', data: { client, unit: unitOf(info) } });
            continue;
          }
          context.report({
            node: found.callSite,
            messageId: 'clientPerRequestViaCall',
            data: {
              callee: found.chain[0]?.name ?? 'this call',
              client,
              location: found.target?.location ?? '',
              chain: describeChain(found.chain),
              unit: unitOf(info),
            },
          });
        }
      },
    };
  },
});

function isInlineCall(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return call.type === AST_NODE_TYPES.CallExpression && isFunctionNode(call.callee);
}

function unitOf(info: HandlerInfo): string {
  if (info.type === 'http') return 'request';
  return info.retryReason ?? 'job';
}

/**
 * Connections opened per call. A project call made once per process (`ready ??= init()`, or inside
 * a memoised init promise) leads to no per-request connection, however init() connects.
 */
const matcher = runOnceAware(QUESTION, perCallConstruction);

/** A connection opened by this call, unless it fills a memoised slot. Pure, for reachability. */
function perCallConstruction(analysis: FileAnalysis, call: TSESTree.CallExpression | TSESTree.NewExpression): ConnectionConstruction | undefined {
  // Cheap gate: `new X(...)` or a call of a plain or member function.
  if (call.type === AST_NODE_TYPES.CallExpression && call.callee.type !== AST_NODE_TYPES.Identifier && call.callee.type !== AST_NODE_TYPES.MemberExpression) {
    return undefined;
  }
  const construction = connectionConstruction(analysis, call);
  if (!construction || isMemoisedConstruction(analysis, call)) return undefined;
  return construction;
}
