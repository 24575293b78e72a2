import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { isFunctionNode, memberCall, staticString, unwrap, walk } from './ast.js';
import { cacheWriteAt, clientOf, describeFamily, type Expiry, isCacheWriteShaped, keyFamily } from './cache-writes.js';
import { executionContext, functionBinding, handlerInfo } from './context.js';
import type { FileAnalysis } from './file-analysis.js';
import { enqueueSite, isEnqueueShaped, type RetryVerdict } from './jobs.js';
import { invalidationMethods } from './libraries/caches.js';
import { exportOf, kindOf } from './origin.js';
import { kindReturnedBy } from './registry.js';

/**
 * What a file reveals about the system's shape, for the audit report: the endpoints it serves,
 * the jobs it enqueues and consumes, the database and Redis clients it constructs and the cache
 * key families it writes. Every entry comes from the same recognisers the rules use.
 */
export interface FileInventory {
  readonly endpoints: readonly EndpointEntry[];
  readonly enqueues: readonly EnqueueEntry[];
  readonly consumers: readonly ConsumerEntry[];
  readonly clients: readonly ClientEntry[];
  readonly cacheKeys: readonly CacheKeyEntry[];
}

interface Located {
  readonly line: number;
  readonly column: number;
}

export interface EndpointEntry extends Located {
  /** Upper-case HTTP method; `ANY` when the registration does not fix one (Next.js pages/api, Lambda). */
  readonly method: string;
  /** The path as registered in this file (router mount prefixes are not resolved). */
  readonly path?: string;
  readonly framework: string;
  /** Webhook handlers: the sender redelivers until it sees a 2xx. */
  readonly retryable: boolean;
  /** The handler function's name, when it has one. */
  readonly handler?: string;
}

export interface EnqueueEntry extends Located {
  readonly library: string;
  /** The queue's name when its construction is visible and names it literally. */
  readonly queue?: string;
  readonly job?: string;
  readonly method: string;
  readonly retry: RetryVerdict;
}

export interface ConsumerEntry extends Located {
  readonly framework: string;
  readonly reason: 'job' | 'message' | 'webhook';
  readonly queue?: string;
  readonly handler?: string;
}

export interface ClientEntry extends Located {
  /** The catalogued instance kind, e.g. `pg.pool`, `ioredis`, `prisma.client`. */
  readonly kind: string;
  /** Where the construction runs: once at module load, per request/job, or in some function. */
  readonly scope: 'module' | 'handler' | 'function';
  /** The constructor or factory as written, e.g. `new pg.Pool`, `drizzle`. */
  readonly expression: string;
}

export interface CacheKeyEntry extends Located {
  /** The key family: the key's static prefix, e.g. `user:*`, or the exact key. */
  readonly family: string;
  /** `write` (set, hset, mset…) or `invalidate` (del, unlink, expire…). */
  readonly operation: 'write' | 'invalidate';
  /** Writes only: does the write (or an expire right after it) give the key a TTL? */
  readonly expiry?: Expiry;
  /** ioredis, node-redis, keyv, cache-manager, nestjs.cache-manager. */
  readonly client: string;
  readonly method: string;
}

/** Kinds that are connections or pools to a database or Redis: their construction is inventoried. */
export const DATABASE_CLIENT_KINDS: ReadonlySet<string> = new Set([
  'prisma.client',
  'typeorm.data-source',
  'sequelize',
  'knex',
  'kysely',
  'drizzle',
  'mongoose',
  'pg.pool',
  'pg.client',
  'mysql2.pool',
  'mysql2.connection',
  'mongodb.client',
  'ioredis',
  'node-redis',
]);

/** Walks one file once and collects its inventory. Never throws on valid code. */
export function collectInventory(analysis: FileAnalysis): FileInventory {
  const endpoints: EndpointEntry[] = [];
  const enqueues: EnqueueEntry[] = [];
  const consumers: ConsumerEntry[] = [];
  const clients: ClientEntry[] = [];
  const cacheKeys: CacheKeyEntry[] = [];

  walk(analysis.ast, (node) => {
    if (isFunctionNode(node)) {
      collectHandler(analysis, node, endpoints, consumers);
    } else if (node.type === AST_NODE_TYPES.NewExpression) {
      const client = clientConstruction(analysis, node);
      if (client) clients.push(client);
    } else if (node.type === AST_NODE_TYPES.CallExpression) {
      if (isEnqueueShaped(node)) {
        const site = enqueueSite(analysis, node);
        if (site) {
          const queue = site.queueConstruction ? staticString(site.queueConstruction.node.arguments[0]) : undefined;
          enqueues.push({
            library: site.library,
            ...(queue === undefined ? {} : { queue }),
            ...(site.jobName === undefined ? {} : { job: site.jobName }),
            method: site.method,
            retry: site.verdict,
            ...position(node),
          });
        }
      }
      const client = clientConstruction(analysis, node);
      if (client) clients.push(client);
      cacheKeys.push(...cacheKeyEntries(analysis, node));
    }
    return undefined;
  });

  return { endpoints, enqueues, consumers, clients, cacheKeys };
}

function collectHandler(
  analysis: FileAnalysis,
  fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression,
  endpoints: EndpointEntry[],
  consumers: ConsumerEntry[],
): void {
  const info = handlerInfo(analysis, fn);
  if (!info) return;
  const name = handlerName(fn);
  const where = position(fn);
  const isHttp = info.type === 'http' || info.retryReason === 'webhook';
  if (isHttp) {
    // Middleware (`app.use(fn)`) has neither a method nor a path: it is not an endpoint.
    const fixedByFile = info.framework === 'nextjs' || info.framework === 'lambda' || info.framework === 'settings';
    if (info.method === undefined && info.path === undefined && !fixedByFile) return;
    endpoints.push({
      method: info.method ?? 'ANY',
      ...(info.path === undefined ? {} : { path: info.path }),
      framework: info.framework,
      retryable: info.type === 'retryable',
      ...(name === undefined ? {} : { handler: name }),
      ...where,
    });
    if (info.type !== 'retryable') return;
  }
  const queue = registrationName(fn);
  consumers.push({
    framework: info.framework,
    reason: info.retryReason ?? 'job',
    ...(queue === undefined || info.retryReason === 'webhook' ? {} : { queue }),
    ...(name === undefined ? {} : { handler: name }),
    ...where,
  });
}

/** `new Worker('email', fn)`, `boss.work('email', fn)`: the queue name written before the handler. */
function registrationName(fn: TSESTree.Node): string | undefined {
  const parent = fn.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression && parent?.type !== AST_NODE_TYPES.NewExpression) return undefined;
  for (const argument of parent.arguments) {
    if (argument === fn) break;
    const value = staticString(argument);
    if (value !== undefined) return value;
  }
  return undefined;
}

function handlerName(fn: TSESTree.Node): string | undefined {
  if (!isFunctionNode(fn)) return undefined;
  const binding = functionBinding(fn);
  if (binding) return binding.name;
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.MethodDefinition && parent.key.type === AST_NODE_TYPES.Identifier) return parent.key.name;
  if (parent.type === AST_NODE_TYPES.Property && parent.key.type === AST_NODE_TYPES.Identifier) return parent.key.name;
  return undefined;
}

function clientConstruction(analysis: FileAnalysis, node: TSESTree.NewExpression | TSESTree.CallExpression): ClientEntry | undefined {
  const callee = unwrap(node.callee);
  let kind: string | undefined;
  if (node.type === AST_NODE_TYPES.NewExpression) {
    kind = kindOf(analysis, node);
  } else {
    // Only factories construct; `pool.connect()` or `redis.duplicate()` return existing kinds.
    if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const ref = exportOf(analysis, callee);
    kind = ref ? kindReturnedBy(ref) : undefined;
  }
  if (kind === undefined || !DATABASE_CLIENT_KINDS.has(kind)) return undefined;
  const context = executionContext(analysis, node);
  const scope = context.atModuleLevel ? 'module' : context.handler ? 'handler' : 'function';
  const calleeText = analysis.text.slice(callee.range[0], callee.range[1]);
  return {
    kind,
    scope,
    expression: node.type === AST_NODE_TYPES.NewExpression ? `new ${calleeText}` : calleeText,
    ...position(node),
  };
}

/** Cache writes and invalidations with a static key family (`src/analysis/cache-writes.ts`). */
function cacheKeyEntries(analysis: FileAnalysis, call: TSESTree.CallExpression): CacheKeyEntry[] {
  if (isCacheWriteShaped(call)) {
    const write = cacheWriteAt(analysis, call);
    if (write) {
      return write.families.map((family) => ({
        family: describeFamily(family),
        operation: 'write',
        expiry: write.expiry,
        client: write.client,
        method: write.method,
        ...position(call),
      }));
    }
  }
  const member = memberCall(call);
  if (!member || !invalidationMethods.has(member.name.toLowerCase())) return [];
  const client = clientOf(analysis, member.object);
  if (!client) return [];
  const entries: CacheKeyEntry[] = [];
  for (const argument of call.arguments) {
    const node = argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument;
    const family = keyFamily(analysis, node);
    if (family) entries.push({ family: describeFamily(family), operation: 'invalidate', client, method: member.name, ...position(call) });
  }
  return entries;
}

function position(node: TSESTree.Node): Located {
  return { line: node.loc.start.line, column: node.loc.start.column + 1 };
}
