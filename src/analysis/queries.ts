import { DefinitionType } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { nearestFunction, staticMemberName, staticPropertyKey, staticString, unwrap, walk } from './ast.js';
import { type FileAnalysis, findVariable } from './file-analysis.js';
import {
  aggregateSteps,
  connectionCalls,
  connectionKinds,
  drizzleRelationalMethods,
  drizzleStarters,
  knexStarters,
  knexWriteSteps,
  kyselyExecutors,
  kyselyStarters,
  queryMethodTables,
  type QueryShape,
  redisBatchExecutors,
  redisCommands,
  redisMultiKeyCommands,
} from './libraries/databases.js';
import { exportOf, kindOf } from './origin.js';
import { callResultKind, exportKey, isFactoryMemberName, kindReturnedBy, methodResultKind } from './registry.js';
import { isLongLivedSlot, isRunOnce } from './run-once.js';
import { resolveConstant, staticObject } from './values.js';

export type { QueryShape } from './libraries/databases.js';

export type QueryLibrary =
  | 'prisma'
  | 'typeorm'
  | 'sequelize'
  | 'knex'
  | 'kysely'
  | 'drizzle'
  | 'mongoose'
  | 'pg'
  | 'mysql2'
  | 'ioredis'
  | 'node-redis';

export type QueryNode = TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;

/** One call of a method chain: `.where(...)` in `knex('t').where(...).first()`. */
export interface ChainCall {
  /** Undefined for a direct call of the receiver: `knex('users')`. */
  readonly name: string | undefined;
  readonly node: QueryNode;
  readonly args: readonly TSESTree.Node[];
}

/**
 * A statement sent to a database or Redis. Shared by the data-access rules, the audit report and
 * the codemods, so every library's quirks are decided here once.
 */
export interface QuerySite {
  readonly library: QueryLibrary;
  /** The outermost call of the chain: where a rule reports, once per statement. */
  readonly node: QueryNode;
  /** The method that names the operation: findMany, getMany, query, get, select, execute… */
  readonly method: string;
  /** The call of `method`. */
  readonly operation: QueryNode;
  /** The object `method` is called on (a delegate, a repository, a transaction handle…). */
  readonly receiver: TSESTree.Node;
  /** The start of the chain: the identifier or member the whole statement hangs off. */
  readonly root: TSESTree.Node;
  /** Every call of the chain, innermost first (builder steps such as where/limit/first). */
  readonly chain: readonly ChainCall[];
  readonly shape: QueryShape;
  /** A thenable that runs only when awaited or then()'d (Prisma, Knex, Drizzle, Mongoose queries). */
  readonly lazy: boolean;
  /** The argument holding the options/filter, when the library takes one. */
  readonly options: TSESTree.Node | undefined;
  /** Static SQL text of a raw query, lower-cased and with comments removed, when known. */
  readonly sql: string | undefined;
  /** The statement already works on a set of rows/keys (an `in` list, mget, createMany, a pipeline). */
  readonly batched: boolean;
  /** How to do the same for many items in one statement, for messages. */
  readonly batchedForm: string;
}

const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

/**
 * Method names that may end a query chain, across all libraries: a cheap gate before any kind
 * lookup. Builder chains (Knex, Drizzle, Mongoose) end in any method, so those are admitted when
 * the chain is awaited or then()'d, which `isQueryShaped` checks syntactically.
 */
const TERMINAL_NAMES: ReadonlySet<string> = new Set([
  ...queryMethodTables.flatMap((table) => Object.keys(table.methods)),
  ...Object.keys(kyselyExecutors),
  ...Object.keys(drizzleStarters),
  ...Object.keys(drizzleRelationalMethods),
  ...redisBatchExecutors,
  'exec',
]);

/** Cheap syntactic gate: could this call or tagged template be the outermost call of a query? */
export function isQueryShaped(node: QueryNode): boolean {
  if (!isOutermost(node)) return false;
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    const tag = unwrap(node.tag);
    return tag.type === AST_NODE_TYPES.MemberExpression && staticMemberName(tag)?.startsWith('$') === true;
  }
  const callee = unwrap(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return isExecuted(node) || isHandedOver(node);
  const name = staticMemberName(callee);
  if (name === undefined) return false;
  if (TERMINAL_NAMES.has(name) || redisCommands.has(name.toLowerCase())) return true;
  // An executed chain whose outer call is not a query method (`db.select().from(t).where(c)`)
  // is a query only if some call down the chain is a known query step, or the chain starts by
  // calling a value (`knex('users')`). Checked by name before any kindOf, which this gate guards.
  return (isExecuted(node) || isHandedOver(node)) && chainMayQuery(callee);
}

const CHAIN_STEP_NAMES: ReadonlySet<string> = new Set([...TERMINAL_NAMES, ...knexStarters, ...Object.keys(kyselyStarters)]);

function chainMayQuery(callee: TSESTree.MemberExpression): boolean {
  let current: TSESTree.Node = unwrap(callee.object);
  for (let steps = 0; steps < 64; steps++) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      const inner = unwrap(current.callee);
      if (inner.type !== AST_NODE_TYPES.MemberExpression) return true;
      const name = staticMemberName(inner);
      if (name !== undefined && (CHAIN_STEP_NAMES.has(name) || redisCommands.has(name.toLowerCase()))) return true;
      current = unwrap(inner.object);
    } else if (current.type === AST_NODE_TYPES.MemberExpression) {
      current = unwrap(current.object);
    } else {
      return false;
    }
  }
  return false;
}

/** Returned, or an element of an array: a lazy builder may be awaited by whoever receives it. */
export function isHandedOver(node: TSESTree.Node): boolean {
  const outer = outerExpression(node);
  const parent = outer.parent;
  return (
    parent?.type === AST_NODE_TYPES.ReturnStatement ||
    (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === outer) ||
    parent?.type === AST_NODE_TYPES.ArrayExpression ||
    parent?.type === AST_NODE_TYPES.VariableDeclarator
  );
}

/**
 * The query a call (or `prisma.$queryRaw\`…\``) sends, or undefined. Answers only for the
 * outermost call of a chain, so `db.select().from(t).where(c)` is one query, reported once.
 */
export function querySite(analysis: FileAnalysis, node: QueryNode): QuerySite | undefined {
  if (!isQueryShaped(node)) return undefined;
  const { root, chain } = decompose(node);
  if (chain.length === 0) return undefined;
  const kinds = receiverKinds(analysis, root, chain);
  for (let index = 0; index < chain.length; index++) {
    const step = chain[index];
    const kind = kinds[index];
    if (!step || kind === undefined) continue;
    const receiver = index === 0 ? root : (chain[index - 1]?.node ?? root);
    const site = interpret(analysis, node, root, chain, index, kind, receiver);
    if (site) return site;
  }
  return undefined;
}

/** The kind of the object each call of the chain is made on. */
function receiverKinds(analysis: FileAnalysis, root: TSESTree.Node, chain: readonly ChainCall[]): (string | undefined)[] {
  const kinds: (string | undefined)[] = [];
  let current = kindOf(analysis, root);
  for (let index = 0; index < chain.length; index++) {
    const step = chain[index];
    if (!step) break;
    if (current === undefined && index > 0) {
      const previous = chain[index - 1];
      if (previous && previous.node.type === AST_NODE_TYPES.CallExpression) current = kindOf(analysis, previous.node);
    }
    kinds.push(current);
    if (current === undefined) continue;
    current = step.name === undefined ? callResultKind(current) : methodResultKind(current, step.name);
  }
  return kinds;
}

function interpret(
  analysis: FileAnalysis,
  outer: QueryNode,
  root: TSESTree.Node,
  chain: readonly ChainCall[],
  index: number,
  kind: string,
  receiver: TSESTree.Node,
): QuerySite | undefined {
  const step = chain[index];
  if (!step) return undefined;
  const name = step.name;
  const base = { node: outer, operation: step.node, receiver, root, chain };
  // Tables: ORM methods called directly on a delegate/repository/model/pool.
  if (name !== undefined) {
    for (const table of queryMethodTables) {
      if (!table.kinds.includes(kind)) continue;
      const shape = Object.hasOwn(table.methods, name) ? table.methods[name] : undefined;
      if (!shape) continue;
      const options = table.optionsIndex === undefined ? undefined : step.args[table.optionsIndex];
      return finish(analysis, {
        ...base,
        library: table.library as QueryLibrary,
        method: name,
        shape,
        lazy: table.lazy && !chain.slice(index + 1).some((later) => later.name === 'exec'),
        options,
      });
    }
  }
  switch (kind) {
    case 'knex':
      if (name === undefined || knexStarters.has(name)) {
        return finish(analysis, { ...base, library: 'knex', method: name ?? 'select', shape: knexShape(chain, index), lazy: true, options: undefined });
      }
      return undefined;
    case 'knex.builder':
      if (index !== 0) return undefined;
      return finish(analysis, { ...base, library: 'knex', method: name ?? 'select', shape: knexShape(chain, index), lazy: true, options: undefined });
    case 'kysely':
    case 'kysely.builder': {
      if (name === undefined || !Object.hasOwn(kyselyExecutors, name)) return undefined;
      const starter = chain.slice(0, index).find((call) => call.name !== undefined && Object.hasOwn(kyselyStarters, call.name));
      const starterShape = starter?.name === undefined ? undefined : kyselyStarters[starter.name];
      const executorShape = kyselyExecutors[name];
      const shape: QueryShape =
        starterShape === 'write' ? 'write' : executorShape === 'single' ? 'single' : selectsOnlyAggregates(chain) ? 'aggregate' : (starterShape ?? 'list');
      return finish(analysis, { ...base, library: 'kysely', method: starter?.name ?? name, shape, lazy: false, options: undefined });
    }
    case 'drizzle':
      if (name !== undefined && Object.hasOwn(drizzleStarters, name)) {
        const starterShape = drizzleStarters[name] ?? 'list';
        const shape: QueryShape = starterShape === 'list' && selectsOnlyAggregates(chain) ? 'aggregate' : starterShape;
        return finish(analysis, { ...base, library: 'drizzle', method: name, shape, lazy: true, options: step.args[0] });
      }
      return undefined;
    case 'drizzle.builder':
      if (index !== 0) return undefined;
      return finish(analysis, { ...base, library: 'drizzle', method: name ?? 'select', shape: 'list', lazy: true, options: undefined });
    case 'drizzle.relational':
      if (name !== undefined && Object.hasOwn(drizzleRelationalMethods, name)) {
        return finish(analysis, { ...base, library: 'drizzle', method: name, shape: drizzleRelationalMethods[name] ?? 'list', lazy: true, options: step.args[0] });
      }
      return undefined;
    case 'mongoose.query':
      // A query held in a variable and finished later: `q.limit(10).exec()`.
      if (index !== 0) return undefined;
      return finish(analysis, { ...base, library: 'mongoose', method: name ?? 'find', shape: 'list', lazy: true, options: undefined });
    case 'ioredis':
    case 'node-redis':
      if (name !== undefined && redisCommands.has(name.toLowerCase())) {
        return finish(analysis, { ...base, library: kind, method: name, shape: 'command', lazy: false, options: undefined });
      }
      return undefined;
    case 'ioredis.multi':
    case 'ioredis.pipeline':
    case 'node-redis.multi':
      if (name !== undefined && redisBatchExecutors.has(name)) {
        return finish(analysis, { ...base, library: kind.startsWith('ioredis') ? 'ioredis' : 'node-redis', method: name, shape: 'command', lazy: false, options: undefined });
      }
      return undefined;
    default:
      return undefined;
  }
}

type Draft = Omit<QuerySite, 'sql' | 'batched' | 'batchedForm'>;

function finish(analysis: FileAnalysis, draft: Draft): QuerySite {
  const sql = draft.shape === 'raw' || (draft.shape === 'write' && draft.method.startsWith('$execute')) ? rawSql(analysis, draft) : undefined;
  let shape = draft.shape;
  if (shape === 'raw' && sql !== undefined) shape = sqlShape(sql);
  const site = { ...draft, shape, sql };
  return { ...site, batched: isBatched(analysis, site), batchedForm: batchedForm(site) };
}

/** Splits `a.b(x).c(y)` into its root `a` and the calls `b(x)`, `c(y)`. */
export function decompose(node: QueryNode): { root: TSESTree.Node; chain: ChainCall[] } {
  const chain: ChainCall[] = [];
  let current: TSESTree.Node = node;
  for (let guard = 0; guard < 64; guard++) {
    const inner = unwrap(current);
    if (inner.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      const tag = unwrap(inner.tag);
      if (tag.type !== AST_NODE_TYPES.MemberExpression) return { root: inner, chain };
      chain.unshift({ name: staticMemberName(tag), node: inner, args: [inner.quasi] });
      current = tag.object;
      continue;
    }
    if (inner.type !== AST_NODE_TYPES.CallExpression) return { root: inner, chain };
    const callee = unwrap(inner.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const name = staticMemberName(callee);
      if (name === undefined) return { root: inner, chain };
      chain.unshift({ name, node: inner, args: inner.arguments });
      current = callee.object;
      continue;
    }
    chain.unshift({ name: undefined, node: inner, args: inner.arguments });
    current = callee;
  }
  return { root: current, chain };
}

/** Not the receiver of a further chained call (`.then()`/`.catch()`/`.finally()` do not count). */
export function isOutermost(node: TSESTree.Node): boolean {
  const outer = outerExpression(node);
  const parent = outer.parent;
  if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== outer) return true;
  const call = parent.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) {
    // `a.b` without a call, or a tagged template on it: still our statement.
    return call.type !== AST_NODE_TYPES.TaggedTemplateExpression;
  }
  const name = staticMemberName(parent);
  return name !== undefined && PROMISE_METHODS.has(name);
}

/** The node as its parent sees it, through parentheses-free wrappers (`x!`, `x as T`, `a?.b()`). */
export function outerExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (
      parent &&
      ((parent.type === AST_NODE_TYPES.TSNonNullExpression && parent.expression === current) ||
        parent.type === AST_NODE_TYPES.TSAsExpression ||
        parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
        parent.type === AST_NODE_TYPES.TSTypeAssertion ||
        parent.type === AST_NODE_TYPES.ChainExpression)
    ) {
      current = parent;
      continue;
    }
    return current;
  }
}

/** Awaited, or then()'d, where it is written. */
export function isExecuted(node: TSESTree.Node): boolean {
  const outer = outerExpression(node);
  const parent = outer.parent;
  if (parent?.type === AST_NODE_TYPES.AwaitExpression) return true;
  if (parent?.type === AST_NODE_TYPES.YieldExpression) return true;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) {
    const name = staticMemberName(parent);
    return name !== undefined && PROMISE_METHODS.has(name) && parent.parent.type === AST_NODE_TYPES.CallExpression;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Shapes

function knexShape(chain: readonly ChainCall[], from: number): QueryShape {
  const names = chain.slice(from).map((call) => call.name);
  if (names.some((name) => name !== undefined && knexWriteSteps.has(name))) return 'write';
  if (names.includes('raw')) return 'raw';
  if (names.includes('first')) return 'single';
  if (names.some((name) => name !== undefined && aggregateSteps.has(name)) && !names.includes('groupBy')) return 'aggregate';
  return 'list';
}

/** `select({ n: count() })` / `select(eb => eb.fn.count('id'))` without groupBy: one row. */
function selectsOnlyAggregates(chain: readonly ChainCall[]): boolean {
  if (chain.some((call) => call.name === 'groupBy')) return false;
  const select = chain.find((call) => call.name === 'select');
  if (!select || select.args.length === 0) return false;
  let aggregates = 0;
  let columns = 0;
  for (const argument of select.args) {
    walk(argument, (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrap(node.callee);
        const name =
          callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? staticMemberName(callee) : undefined;
        if (name !== undefined && aggregateSteps.has(name)) {
          aggregates++;
          return false;
        }
      }
      if (node.type === AST_NODE_TYPES.MemberExpression && node.parent.type === AST_NODE_TYPES.Property) columns++;
      return undefined;
    });
  }
  return aggregates > 0 && columns === 0;
}

// ---------------------------------------------------------------------------------------------
// Raw SQL

function rawSql(analysis: FileAnalysis, site: Draft): string | undefined {
  const step = site.chain.find((call) => call.node === site.operation);
  let argument = step?.args[0];
  if (site.library === 'drizzle' || site.library === 'knex') {
    const rawCall = site.chain.find((call) => call.name === 'raw' || call.name === 'execute');
    argument = rawCall?.args[0] ?? argument;
  }
  return argument === undefined ? undefined : sqlText(analysis, argument);
}

/** The text of a SQL string, template or `sql\`…\`` tag; `${…}` become `?`. */
export function sqlText(analysis: FileAnalysis, input: TSESTree.Node): string | undefined {
  let node = unwrap(input);
  if (node.type === AST_NODE_TYPES.Identifier) {
    const resolved = resolveConstant(analysis, node);
    if (!resolved || resolved.node === node) return undefined;
    return sqlText(resolved.analysis, resolved.node);
  }
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) node = node.quasi;
  if (node.type === AST_NODE_TYPES.ObjectExpression) {
    // pg `{ text, values }`, mysql2 `{ sql, values }`, sequelize `{ query, values }`.
    const object = staticObject(analysis, node);
    const text = object?.properties.get('text') ?? object?.properties.get('sql') ?? object?.properties.get('query');
    return text ? sqlText(text.analysis, text.value) : undefined;
  }
  let text: string | undefined;
  if (node.type === AST_NODE_TYPES.TemplateLiteral) text = node.quasis.map((quasi) => quasi.value.cooked ?? '').join(' ? ');
  else text = staticString(node);
  if (text === undefined) return undefined;
  return text
    .replace(/--[^\n]*/gu, ' ')
    .replace(/\/\*[\s\S]*?\*\//gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}

export function sqlShape(sql: string): QueryShape {
  if (/^(?:insert|update|delete|merge|upsert|replace|truncate|create|alter|drop)\b/u.test(sql)) return 'write';
  if (!/^select\b/u.test(sql)) return 'raw';
  if (!/\bgroup\s+by\b/u.test(sql) && /^select\s+(?:count|sum|avg|min|max|exists|bool_and|bool_or|array_agg|json_agg|jsonb_agg|string_agg)\s*\(/u.test(sql)) {
    return 'aggregate';
  }
  if (!/\bfrom\b/u.test(sql)) return 'single';
  return 'list';
}

/** `where id = ?`, `where t.id = $1`: one row by primary key. */
export function sqlByUniqueKey(sql: string): boolean {
  return /\bwhere\s+(?:[\w"`]+\.)?["`]?(?:id|_id|uuid)["`]?\s*=/u.test(sql) && !/\bor\b/u.test(sql);
}

/** LIMIT, FETCH FIRST, TOP. */
export function sqlHasLimit(sql: string): boolean {
  return /\blimit\b|\bfetch\s+(?:first|next)\b|^select\s+(?:distinct\s+)?top\b/u.test(sql);
}

function sqlBatched(sql: string): boolean {
  return /\bin\s*\(|=\s*any\s*\(|\bunnest\s*\(|\bvalues\s*\?|\)\s*,\s*\(/u.test(sql);
}

// ---------------------------------------------------------------------------------------------
// Batched forms

function isBatched(analysis: FileAnalysis, site: Omit<QuerySite, 'batched' | 'batchedForm'>): boolean {
  if (site.sql !== undefined) return sqlBatched(site.sql);
  const method = site.method;
  switch (site.library) {
    case 'ioredis':
    case 'node-redis': {
      if (redisBatchExecutors.has(method)) return true;
      if (redisMultiKeyCommands.has(method.toLowerCase())) return true;
      const step = site.chain.find((call) => call.node === site.operation);
      return step?.args.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement || unwrap(argument).type === AST_NODE_TYPES.ArrayExpression) ?? false;
    }
    case 'prisma':
      return method === 'createMany' || method === 'createManyAndReturn' || hasInFilter(analysis, site);
    case 'mongoose':
      return method === 'insertMany' || method === 'bulkWrite' || arrayArgument(site) || hasInFilter(analysis, site);
    case 'sequelize':
      return method === 'bulkCreate' || hasInFilter(analysis, site);
    case 'typeorm':
      return method === 'findByIds' || site.chain.some((call) => call.name === 'whereInIds') || arrayArgument(site) || hasInFilter(analysis, site);
    case 'knex':
    case 'kysely':
    case 'drizzle':
      return hasInFilter(analysis, site) || site.chain.some((call) => (call.name === 'insert' || call.name === 'values') && call.args.some((arg) => unwrap(arg).type === AST_NODE_TYPES.ArrayExpression));
    default:
      return false;
  }
}

function arrayArgument(site: Omit<QuerySite, 'batched' | 'batchedForm'>): boolean {
  const step = site.chain.find((call) => call.node === site.operation);
  return step?.args.some((argument) => unwrap(argument).type === AST_NODE_TYPES.ArrayExpression) ?? false;
}

const IN_KEYS = new Set(['in', '$in', 'hasSome']);
const IN_STEPS = new Set(['whereIn', 'orWhereIn', 'andWhereIn', 'whereInIds', 'andWhereInIds', 'orWhereInIds']);

/**
 * The statement selects by a list: Prisma `{ in: ids }`, Mongoose `$in`, Sequelize `[Op.in]`,
 * TypeORM `In(ids)`, Knex `whereIn`, Kysely `where(col, 'in', ids)`, Drizzle `inArray(col, ids)`.
 */
export function hasInFilter(analysis: FileAnalysis, site: Pick<QuerySite, 'chain' | 'library'>): boolean {
  for (const call of site.chain) {
    if (call.name !== undefined && IN_STEPS.has(call.name)) return true;
    if (site.library === 'kysely' && call.name?.startsWith('where') === true && call.args.some((arg) => staticString(arg)?.toLowerCase() === 'in')) {
      return true;
    }
    for (const argument of call.args) {
      if (containsInFilter(analysis, argument, 0)) return true;
    }
  }
  return false;
}

function containsInFilter(analysis: FileAnalysis, root: TSESTree.Node, depth: number): boolean {
  if (depth > 2) return false;
  let found = false;
  walk(root, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.Property) {
      const key = staticPropertyKey(node);
      if (key !== undefined && IN_KEYS.has(key)) found = true;
      // Sequelize [Op.in]
      if (node.computed && node.key.type === AST_NODE_TYPES.MemberExpression && staticMemberName(node.key) === 'in') found = true;
    } else if (node.type === AST_NODE_TYPES.CallExpression) {
      const ref = exportOf(analysis, node.callee);
      const name = ref?.path.at(-1);
      if ((ref?.package === 'typeorm' && name === 'In') || (ref?.package.startsWith('drizzle-orm') === true && name === 'inArray')) found = true;
    } else if (node.type === AST_NODE_TYPES.Identifier && depth < 2 && node.parent.type === AST_NODE_TYPES.Property && node.parent.value === node) {
      // `where: filter` with `const filter = { id: { in: ids } }`
      const resolved = resolveConstant(analysis, node);
      if (resolved && resolved.node !== node && containsInFilter(resolved.analysis, resolved.node, depth + 1)) found = true;
    } else if (isFunctionLike(node)) {
      return false;
    }
    return undefined;
  });
  return found;
}

function isFunctionLike(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression;
}

const REDIS_BATCH: Readonly<Record<string, string>> = {
  get: 'one mget(...keys)',
  set: 'one mset(...) (or a pipeline when each key needs a TTL)',
  del: 'one del(...keys)',
  unlink: 'one unlink(...keys)',
  exists: 'one exists(...keys)',
  hget: 'one hmget(key, ...fields), or a pipeline across keys',
  sadd: 'one sadd(key, ...members)',
  srem: 'one srem(key, ...members)',
  sismember: 'one smismember(key, ...members)',
  zscore: 'one zmscore(key, ...members)',
  lpush: 'one lpush(key, ...values)',
  rpush: 'one rpush(key, ...values)',
};

function batchedForm(site: Omit<QuerySite, 'batched' | 'batchedForm'>): string {
  const method = site.method;
  const writes = site.shape === 'write';
  switch (site.library) {
    case 'prisma':
      if (method === 'create') return '`createMany({ data: rows })`';
      if (method.startsWith('$')) return 'one statement with `WHERE id = ANY(${ids})` or a multi-row VALUES list';
      if (writes) return '`updateMany`/`deleteMany` with `where: { id: { in: ids } }`, or the writes in one `$transaction([...])`';
      if (site.shape === 'aggregate') return '`groupBy({ by: [...], _count: true })`';
      return '`findMany({ where: { id: { in: ids } } })`';
    case 'typeorm':
      if (method === 'save' || method === 'insert' || method === 'upsert') return `one \`${method}([...])\` with an array`;
      if (writes) return 'one statement over all ids (`delete(ids)`, or a query builder with `whereInIds(ids)`)';
      return '`findBy({ id: In(ids) })`';
    case 'sequelize':
      if (method === 'create') return '`bulkCreate(rows)`';
      if (writes) return 'one `update`/`destroy` with `where: { id: ids }`';
      return '`findAll({ where: { id: ids } })`';
    case 'mongoose':
      if (method === 'create') return '`insertMany(docs)`';
      // A document's own `deleteOne()`/`save()` is a write too, whatever the chain looked like.
      if (/^(?:delete|remove|findOneAndDelete|findByIdAndDelete)/u.test(method)) return '`deleteMany({ _id: { $in: ids } })`';
      if (writes || /^(?:update|save|replace|findOneAndUpdate|findByIdAndUpdate)/u.test(method)) return 'one `bulkWrite([...])` (or `updateMany` with `$in`)';
      return "`find({ _id: { $in: ids } })`";
    case 'knex':
      return writes ? 'one `insert(rows)` with an array, or `whereIn(column, ids)` for updates and deletes' : "`whereIn('id', ids)`";
    case 'kysely':
      return writes ? 'one `values(rows)` with an array, or `where(column, \'in\', ids)`' : "`where('id', 'in', ids)`";
    case 'drizzle':
      return writes ? 'one `values(rows)` with an array, or `where(inArray(column, ids))`' : '`where(inArray(table.id, ids))`';
    case 'pg':
      return 'one statement: `WHERE id = ANY($1)` with an array parameter, or a multi-row INSERT';
    case 'mysql2':
      return 'one statement: `WHERE id IN (?)` with an array, or `INSERT … VALUES ?` with rows';
    case 'ioredis':
      return REDIS_BATCH[method.toLowerCase()] ?? 'one `pipeline()` with every command, sent by a single `exec()`';
    case 'node-redis':
      return REDIS_BATCH[method.toLowerCase()] ?? 'one `multi()` with every command, sent by a single `execAsPipeline()`';
    default:
      return 'one set-based statement';
  }
}

// ---------------------------------------------------------------------------------------------
// Bounds (for list queries)

/**
 * Why a list query returns a bounded number of rows, or undefined when nothing bounds it.
 * `boundedMethods` are chain methods the caller also accepts as a bound (`paginate`, `cursor`).
 */
export function listBound(analysis: FileAnalysis, site: QuerySite, boundedMethods: ReadonlySet<string>): 'limit' | 'in-list' | 'unique-key' | 'unknown' | undefined {
  for (const call of site.chain) {
    if (call.name !== undefined && (boundedMethods.has(call.name) || LIMIT_STEPS.has(call.name))) return 'limit';
  }
  if (boundedMethods.has(site.method)) return 'limit';
  if (site.sql !== undefined) {
    if (sqlHasLimit(site.sql)) return 'limit';
    if (sqlBatched(site.sql)) return 'in-list';
    if (sqlByUniqueKey(site.sql)) return 'unique-key';
    return undefined;
  }
  if (hasInFilter(analysis, site)) return 'in-list';
  if (chainByUniqueKey(site.chain)) return 'unique-key';
  switch (site.library) {
    case 'prisma':
      return optionBound(analysis, site.options, ['take'], 'where');
    case 'typeorm': {
      if (site.method === 'findBy' || site.method === 'findAndCountBy') return whereBound(analysis, site.options);
      if (TYPEORM_BUILDER_LISTS.has(site.method)) return builderVariableBound(analysis, site, ['take', 'limit']);
      return optionBound(analysis, site.options, ['take'], 'where');
    }
    case 'sequelize':
      return optionBound(analysis, site.options, ['limit'], 'where');
    case 'mongoose': {
      if (site.method === 'find') {
        const step = site.chain.find((call) => call.node === site.operation);
        const queryOptions = step?.args[2];
        if (queryOptions) {
          const bound = optionBound(analysis, queryOptions, ['limit'], undefined);
          if (bound !== undefined) return bound;
        }
        if (site.root.type === AST_NODE_TYPES.Identifier && site.receiver === site.root && step?.args[0] === undefined) return undefined;
        return whereBound(analysis, step?.args[0]);
      }
      return builderVariableBound(analysis, site, ['limit']);
    }
    case 'drizzle':
      if (site.method === 'findMany') return optionBound(analysis, site.options, ['limit'], 'where');
      return builderVariableBound(analysis, site, ['limit']);
    case 'knex':
    case 'kysely':
      return builderVariableBound(analysis, site, ['limit']);
    default:
      return 'unknown';
  }
}

const TYPEORM_BUILDER_LISTS = new Set(['getMany', 'getRawMany', 'getManyAndCount', 'getRawAndEntities', 'stream']);
const LIMIT_STEPS = new Set(['limit', 'take', 'first', 'top', 'executeTakeFirst', 'executeTakeFirstOrThrow']);

/** `{ take: 20 }` bounds; a key-less literal does not; an options object we cannot read is unknown. */
function optionBound(
  analysis: FileAnalysis,
  options: TSESTree.Node | undefined,
  limitKeys: readonly string[],
  whereKey: string | undefined,
): 'limit' | 'unique-key' | 'unknown' | undefined {
  if (!options) return undefined;
  const object = staticObject(analysis, options);
  if (!object) return 'unknown';
  if (limitKeys.some((key) => object.properties.has(key))) return 'limit';
  if (whereKey !== undefined) {
    const where = object.properties.get(whereKey);
    if (where && whereBound(where.analysis, where.value) === 'unique-key') return 'unique-key';
  }
  return object.complete ? undefined : 'unknown';
}

const UNIQUE_KEYS = new Set(['id', '_id', 'uuid']);

/** A filter by primary key (`{ id }`, `{ _id: id }`): at most one row. */
function whereBound(analysis: FileAnalysis, where: TSESTree.Node | undefined): 'unique-key' | 'unknown' | undefined {
  if (!where) return undefined;
  const object = staticObject(analysis, where);
  if (!object) return unwrap(where).type === AST_NODE_TYPES.ArrayExpression ? undefined : 'unknown';
  for (const [key, entry] of object.properties) {
    if (!UNIQUE_KEYS.has(key)) continue;
    const value = unwrap(entry.value);
    // `{ id: { gt: 5 } }` is a range, not a key.
    if (value.type !== AST_NODE_TYPES.ObjectExpression) return 'unique-key';
  }
  return object.complete ? undefined : 'unknown';
}

/**
 * A builder held in a variable and bounded elsewhere (`qb.take(20)` on its own line), or a
 * chain whose start we cannot see (a parameter): unknown rather than unbounded.
 */
function builderVariableBound(analysis: FileAnalysis, site: QuerySite, limitMethods: readonly string[]): 'limit' | 'unknown' | undefined {
  const root = unwrap(site.root);
  if (root.type === AST_NODE_TYPES.Identifier && site.chain[0]?.name !== undefined) {
    const kind = kindOf(analysis, root);
    const isBuilder = kind !== undefined && (kind.endsWith('.builder') || kind === 'typeorm.query-builder' || kind === 'mongoose.query');
    if (isBuilder) {
      const variable = findVariable(analysis, root);
      if (!variable) return 'unknown';
      for (const reference of variable.references) {
        const parent = reference.identifier.parent;
        if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier) {
          const name = staticMemberName(parent);
          if (name !== undefined && limitMethods.includes(name)) return 'limit';
        }
        // Passed to a helper (`paginate(qb)`), or reassigned from something we cannot see.
        if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.some((argument) => argument === reference.identifier)) return 'unknown';
      }
      const definition = variable.defs[0];
      if (definition?.type !== DefinitionType.Variable) return 'unknown';
      for (const reference of variable.references) {
        if (reference.isWrite() && reference.writeExpr && definition.node.init !== reference.writeExpr) return 'unknown';
      }
      const init = definition.node.init;
      if (init && containsCall(init, limitMethods)) return 'limit';
      return undefined;
    }
  }
  if (root.type === AST_NODE_TYPES.Identifier || root.type === AST_NODE_TYPES.MemberExpression || root.type === AST_NODE_TYPES.ThisExpression) return undefined;
  return 'unknown';
}

function containsCall(root: TSESTree.Node, names: readonly string[]): boolean {
  let found = false;
  walk(root, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrap(node.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const name = staticMemberName(callee);
        if (name !== undefined && names.includes(name)) found = true;
      }
    }
    return undefined;
  });
  return found;
}

const PAGE_KEYS = new Set(['skip', 'offset', 'cursor', 'page']);
const PAGE_STEPS = new Set(['offset', 'skip', 'cursor', 'page', 'paginate', 'forPage']);

/**
 * One page of a paged read: a limit (`take`/`limit`/LIMIT) together with an offset or cursor
 * (`skip`, `offset`, `cursor`, OFFSET). A loop over pages is paging, not a query per item.
 */
export function isPageQuery(analysis: FileAnalysis, site: QuerySite): boolean {
  if (site.sql !== undefined) return sqlHasLimit(site.sql) && /\boffset\b|\bwhere\b[^;]*[<>]\s*(?:\?|\$\d+)/u.test(site.sql);
  const names = site.chain.map((call) => call.name);
  const limited = names.some((name) => name === 'limit' || name === 'take');
  if (limited && names.some((name) => name !== undefined && PAGE_STEPS.has(name))) return true;
  const options = site.options ? staticObject(analysis, site.options) : undefined;
  if (!options) return false;
  const keys = [...options.properties.keys()];
  const hasLimit = keys.includes('take') || keys.includes('limit');
  return hasLimit && keys.some((key) => PAGE_KEYS.has(key));
}

/**
 * A builder filtered by primary key: Knex `.where({ id })` / `.where('id', x)`, Kysely
 * `.where('id', '=', x)`, Drizzle `.where(eq(users.id, x))` (also inside `and(...)`).
 */
function chainByUniqueKey(chain: readonly ChainCall[]): boolean {
  return chain.some((call) => {
    if (call.name !== 'where' && call.name !== 'andWhere') return false;
    const first = call.args[0] ? unwrap(call.args[0]) : undefined;
    if (!first) return false;
    const column = staticString(first);
    if (column !== undefined) {
      const second = staticString(call.args[1]);
      return isUniqueColumn(column) && (call.args.length === 2 || second === '=');
    }
    if (first.type === AST_NODE_TYPES.ObjectExpression) {
      return first.properties.some((property) => property.type === AST_NODE_TYPES.Property && UNIQUE_KEYS.has(staticPropertyKey(property) ?? ''));
    }
    return isEqualityOnKey(first, 0);
  });
}

function isUniqueColumn(column: string): boolean {
  return UNIQUE_KEYS.has(column.slice(column.lastIndexOf('.') + 1));
}

function isEqualityOnKey(node: TSESTree.Node, depth: number): boolean {
  if (depth > 2 || node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrap(node.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? staticMemberName(callee) : undefined;
  if (name === 'eq') {
    const column = node.arguments[0] ? unwrap(node.arguments[0]) : undefined;
    return column?.type === AST_NODE_TYPES.MemberExpression && UNIQUE_KEYS.has(staticMemberName(column) ?? '');
  }
  if (name === 'and') return node.arguments.some((argument) => isEqualityOnKey(unwrap(argument), depth + 1));
  return false;
}

/**
 * The caller keeps only the first row: `(await q)[0]`, `const [user] = await q`,
 * `const { rows } = await pool.query(…); rows[0]`, `result.rows[0]`. Such a read is a lookup,
 * whatever its SQL says (a unique email, slug or token the schema knows about and we do not).
 */
export function usedAsSingleRow(analysis: FileAnalysis, site: QuerySite): boolean {
  let outer = outerExpression(site.node);
  if (outer.parent?.type === AST_NODE_TYPES.AwaitExpression) outer = outerExpression(outer.parent);
  const parent = outer.parent;
  if (!parent) return false;
  // mysql2 resolves to [rows, fields]
  const tuple = site.library === 'mysql2';
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) return memberTakesFirst(parent, tuple);
  if (parent.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== outer) return false;
  const id = parent.id;
  if (id.type === AST_NODE_TYPES.ArrayPattern) {
    const first = id.elements[0];
    if (!tuple) return id.elements.length === 1 && first?.type === AST_NODE_TYPES.Identifier;
    if (first?.type === AST_NODE_TYPES.ArrayPattern) return first.elements.length === 1;
    return first?.type === AST_NODE_TYPES.Identifier && variableTakesFirst(analysis, first, false);
  }
  if (id.type === AST_NODE_TYPES.ObjectPattern) {
    for (const property of id.properties) {
      if (property.type !== AST_NODE_TYPES.Property || staticPropertyKey(property) !== 'rows') continue;
      const value = property.value;
      if (value.type === AST_NODE_TYPES.ArrayPattern) return value.elements.length === 1;
      if (value.type === AST_NODE_TYPES.Identifier) return variableTakesFirst(analysis, value, false);
    }
    return false;
  }
  return variableTakesFirst(analysis, id, tuple);
}

function memberTakesFirst(member: TSESTree.MemberExpression, tuple: boolean): boolean {
  const name = staticMemberName(member);
  const index = member.computed ? staticNumberOf(member.property) : undefined;
  if (index === 0 && !tuple) return true;
  if ((name === 'rows' || (tuple && index === 0)) && member.parent.type === AST_NODE_TYPES.MemberExpression && member.parent.object === member) {
    return staticNumberOf(member.parent.property) === 0 && member.parent.computed;
  }
  if (name === 'at' && member.parent.type === AST_NODE_TYPES.CallExpression) return staticNumberOf(member.parent.arguments[0]) === 0;
  return false;
}

function staticNumberOf(node: TSESTree.Node | undefined): number | undefined {
  return node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'number' ? node.value : undefined;
}

/** Every use of the variable reads row 0 (`rows[0]`, `result.rows[0]`, `const [first] = rows`). */
function variableTakesFirst(analysis: FileAnalysis, id: TSESTree.Identifier, tuple: boolean): boolean {
  const variable = findVariable(analysis, id);
  const reads = variable?.references.filter((reference) => reference.isRead()) ?? [];
  if (reads.length === 0) return false;
  return reads.every((reference) => {
    const use = outerExpression(reference.identifier);
    const parent = use.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === use) return memberTakesFirst(parent, tuple);
    return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.ArrayPattern && parent.id.elements.length === 1 && !tuple;
  });
}

// ---------------------------------------------------------------------------------------------
// Connections

export interface ConnectionConstruction {
  /** The catalogued kind created: `pg.pool`, `prisma.client`, `ioredis`… (`mongoose` for connect()). */
  readonly kind: string;
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
}

/**
 * `new PrismaClient()`, `new Pool()`, `createPool()`, `new Redis()`, `createClient()`,
 * `knex(config)`, `new DataSource()`, `mongoose.connect()`: a call that opens a database or Redis
 * connection or pool. Subclasses are recognised with type information.
 */
const connectionCallNames = new Set(connectionCalls.map((entry) => entry.path.at(-1)));

export function connectionConstruction(
  analysis: FileAnalysis,
  node: TSESTree.CallExpression | TSESTree.NewExpression,
): ConnectionConstruction | undefined {
  if (node.type === AST_NODE_TYPES.NewExpression) {
    const kind = kindOf(analysis, node);
    return kind !== undefined && connectionKinds.has(kind) ? { kind, node } : undefined;
  }
  const callee = unwrap(node.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = staticMemberName(callee);
    if (name === undefined || !(isFactoryMemberName(name) || connectionCallNames.has(name))) return undefined;
  }
  const ref = exportOf(analysis, callee);
  if (!ref) return undefined;
  const kind = kindReturnedBy(ref);
  if (kind !== undefined && connectionKinds.has(kind)) return { kind, node };
  const key = exportKey(ref);
  const call = connectionCalls.find((entry) => exportKey(entry) === key);
  return call ? { kind: call.library === 'mongodb' ? 'mongodb.client' : 'mongoose', node } : undefined;
}

/**
 * The construction fills a long-lived slot once: `client ??= new X()`, `if (!client) client = new X()`,
 * `return cache ?? (cache = new X())`, `pools.set(key, new Pool())` on a module-level Map, or a
 * field of `this` / `globalThis`; or it runs inside such a run-once region, as in a memoised init
 * promise (`ready ??= (async () => { await mongoose.connect(url); })()`, a `.then` chain). Such
 * getters run per request but connect once.
 */
export function isMemoisedConstruction(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  return isMemoisedSlotValue(analysis, node) || isRunOnce(analysis, node);
}

function isMemoisedSlotValue(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  let outer = outerExpression(node);
  if (outer.parent?.type === AST_NODE_TYPES.AwaitExpression) outer = outerExpression(outer.parent);
  // `new X().connect()` / `createClient().connect()` memoised as a whole
  while (outer.parent?.type === AST_NODE_TYPES.MemberExpression && outer.parent.object === outer && outer.parent.parent.type === AST_NODE_TYPES.CallExpression) {
    outer = outerExpression(outer.parent.parent);
    if (outer.parent?.type === AST_NODE_TYPES.AwaitExpression) outer = outerExpression(outer.parent);
  }
  const parent = outer.parent;
  if (parent?.type === AST_NODE_TYPES.LogicalExpression && parent.right === outer && (parent.operator === '??' || parent.operator === '||')) {
    const logical = parent;
    const assignment = logical.parent;
    return (
      assignment.type === AST_NODE_TYPES.AssignmentExpression &&
      assignment.right === logical &&
      sameReference(analysis, assignment.left, logical.left) &&
      isLongLivedSlot(analysis, assignment.left)
    );
  }
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === outer) {
    if (!isLongLivedSlot(analysis, parent.left)) return false;
    if (parent.operator === '??=' || parent.operator === '||=') return true;
    return parent.operator === '=' && isGuarded(analysis, parent);
  }
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.some((argument) => argument === outer)) {
    const callee = unwrap(parent.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && staticMemberName(callee) === 'set' && isLongLivedSlot(analysis, callee.object);
  }
  return false;
}

function referenceText(analysis: FileAnalysis, node: TSESTree.Node): string {
  return analysis.text.slice(unwrap(node).range[0], unwrap(node).range[1]).replace(/\s+/gu, '');
}

function sameReference(analysis: FileAnalysis, left: TSESTree.Node, right: TSESTree.Node): boolean {
  return referenceText(analysis, left) === referenceText(analysis, right);
}

/** `if (!pool) pool = new Pool()`, or an earlier `if (pool) return pool;` in the same function. */
function isGuarded(analysis: FileAnalysis, assignment: TSESTree.AssignmentExpression): boolean {
  const target = referenceText(analysis, assignment.left);
  const fn = nearestFunction(assignment);
  if (!fn) return false;
  let guarded = false;
  walk(fn, (node) => {
    if (guarded || node.range[0] > assignment.range[0]) return false;
    const test =
      node.type === AST_NODE_TYPES.IfStatement || node.type === AST_NODE_TYPES.ConditionalExpression
        ? node.test
        : node.type === AST_NODE_TYPES.LogicalExpression
          ? node.left
          : undefined;
    if (test && test.range[1] <= assignment.range[0]) {
      const text = analysis.text.slice(test.range[0], test.range[1]).replace(/\s+/gu, '');
      if (text.includes(target)) guarded = true;
    }
    return undefined;
  });
  return guarded;
}
