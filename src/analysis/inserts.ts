import { DefinitionType } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { enclosingFunctions, type FunctionNode, memberCall, staticMemberName, staticString, unwrap, walk } from './ast.js';
import { enclosingHandler, handlerInfo, type HandlerInfo } from './context.js';
import { type FileAnalysis, findVariable, memoize } from './file-analysis.js';
import {
  duplicateKeyErrorMarkers,
  idempotentSqlPatterns,
  type InsertLibrary,
  type InsertMethod,
  insertMethods,
  lookupMethods,
  rawSqlMethods,
  redisGuardKinds,
  redisGuardMethods,
  sqlTemplateTags,
  transactionCallbacks,
} from './libraries/database-writes.js';
import { exportOf, kindOf } from './origin.js';
import { type CallNode, type ChainStep, findReachable } from './reach.js';
import { callResultKind, exportKey, memberKind, methodResultKind } from './registry.js';
import { constructionOf, resolveConstant, staticObject } from './values.js';

/**
 * "Is this call a plain, non-idempotent insert, and what is its upsert form?" — the question
 * behind require-idempotent-insert, kept here so a codemod can ask it too.
 */

/** A text edit that makes the insert idempotent, as data (rules turn it into a fixer, codemods into an edit). */
export type InsertFix =
  | { readonly type: 'insertAfter'; readonly node: TSESTree.Node; readonly text: string; readonly description: string }
  | { readonly type: 'addProperty'; readonly object: TSESTree.ObjectExpression; readonly text: string; readonly description: string }
  | { readonly type: 'addArgument'; readonly after: TSESTree.Node; readonly text: string; readonly description: string };

export interface InsertSite {
  /** The call that starts the insert: `prisma.order.create(…)`, `db.insert(t)`, `pool.query('INSERT …')`. */
  readonly call: CallNode | TSESTree.TaggedTemplateExpression;
  /** The whole query: the outermost call of a builder chain (what a report should cover). */
  readonly node: TSESTree.Node;
  readonly library: InsertLibrary;
  /** The insert method, or `INSERT` for raw SQL. */
  readonly method: string;
  /** The library's idempotent form, in words. */
  readonly upsert: string;
  /** The table/model written, normalised (`orders` → `order`), when it is known. */
  readonly target?: string;
  /** The table/model as written at the site (`'public.orders'`, `orders`, `order`), when it is known. */
  readonly table?: string;
  readonly fix?: InsertFix;
}

const INSERT_METHOD_NAMES = new Set(insertMethods.map((entry) => entry.method));
const RAW_METHOD_NAMES = new Set(rawSqlMethods.flatMap((entry) => entry.methods));
const LOOKUP_METHOD_NAMES = new Set(lookupMethods.flatMap((entry) => entry.methods));

/** Cheap syntactic gate: could this call be an insert (before any kind lookup)? */
export function isInsertShaped(call: TSESTree.Node): call is TSESTree.CallExpression {
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const member = memberCall(call);
  return member !== undefined && (INSERT_METHOD_NAMES.has(member.name) || RAW_METHOD_NAMES.has(member.name));
}

/**
 * The call is an insert that creates a new row each time it runs and has no conflict handling.
 * Says nothing about guards around it (see `isGuardedInsert`).
 */
export function plainInsert(analysis: FileAnalysis, call: CallNode | TSESTree.TaggedTemplateExpression): InsertSite | undefined {
  if (call.type === AST_NODE_TYPES.TaggedTemplateExpression) return plainTaggedInsert(analysis, call);
  if (!isInsertShaped(call)) return undefined;
  return memoize(analysis, 'plainInsert', call, undefined, () => computePlainInsert(analysis, call));
}

function computePlainInsert(analysis: FileAnalysis, call: TSESTree.CallExpression): InsertSite | undefined {
  const member = memberCall(call);
  if (!member) return undefined;
  const candidates = insertMethods.filter((entry) => entry.method === member.name);
  const raws = rawSqlMethods.filter((entry) => entry.methods.includes(member.name));
  if (candidates.length === 0 && raws.length === 0) return undefined;
  const receiverKind = dbKindOf(analysis, member.object);
  if (receiverKind === undefined) return undefined;
  const entry = candidates.find((candidate) => candidate.kinds.includes(receiverKind));
  if (entry) return methodInsert(analysis, call, member.object, entry);
  const raw = raws.find((candidate) => candidate.kinds.includes(receiverKind));
  if (raw) return rawInsert(analysis, call, call.arguments[0], raw.library);
  return undefined;
}

function methodInsert(
  analysis: FileAnalysis,
  call: TSESTree.CallExpression,
  receiver: TSESTree.Expression,
  entry: InsertMethod,
): InsertSite | undefined {
  const chain = outerChain(call);
  const outermost = chain.at(-1)?.call ?? call;
  if (handlesDuplicateInChain(analysis, chain)) return undefined;
  const base = { call, node: outermost, library: entry.library, method: entry.method, upsert: entry.upsert };
  switch (entry.shape) {
    case 'call': {
      if (entry.optionsIndex !== undefined && entry.idempotentOptions) {
        const argument = call.arguments[entry.optionsIndex];
        if (argument) {
          const options = staticObject(analysis, argument);
          // Options we cannot read may hold the flag: stay silent.
          if (!options) return undefined;
          const flagged = entry.idempotentOptions.some((key) => {
            const property = options.properties.get(key);
            if (!property) return false;
            const value = unwrap(property.value);
            return !(value.type === AST_NODE_TYPES.Literal && (value.value === false || value.value === null));
          });
          if (flagged || !options.complete) return undefined;
        }
      }
      const target = entry.targetIndex === undefined ? receiverTarget(receiver) : nameOf(call.arguments[entry.targetIndex]);
      return { ...base, ...withTarget(target), ...withFix(callFix(call, entry)) };
    }
    case 'save': {
      const entity = savedEntity(call, analysis, receiver);
      if (!entity) return undefined;
      return { ...base, ...withTarget(entity.target ?? receiverTarget(receiver)) };
    }
    case 'builder': {
      const names = chain.map((link) => link.name);
      if (entry.idempotentChain?.some((name) => names.includes(name))) return undefined;
      if (entry.requiredChain && !entry.requiredChain.some((name) => names.includes(name))) return undefined;
      // A builder kept in a variable may get its conflict clause later: `q.onConflict(…)`.
      if (builderFinishedElsewhere(analysis, outermost, entry)) return undefined;
      const target = builderTarget(call, chain, entry);
      return { ...base, ...withTarget(target), ...withFix(builderFix(analysis, call, receiver, chain, entry)) };
    }
    default:
      return undefined;
  }
}

function withTarget(target: string | undefined): { target?: string; table?: string } {
  return target === undefined ? {} : { target: normalizeTarget(target), table: target };
}

function withFix(fix: InsertFix | undefined): { fix?: InsertFix } {
  return fix ? { fix } : {};
}

export interface ChainLink {
  readonly name: string;
  readonly call: TSESTree.CallExpression;
}

/** The calls chained after `call`: `db.insert(t)` → `.values(v)` → `.returning()`. */
export function outerChain(call: TSESTree.CallExpression): ChainLink[] {
  const links: ChainLink[] = [];
  let current: TSESTree.Node = call;
  for (;;) {
    let parent = current.parent as TSESTree.Node | undefined;
    while (parent && (parent.type === AST_NODE_TYPES.TSNonNullExpression || parent.type === AST_NODE_TYPES.ChainExpression)) {
      current = parent;
      parent = current.parent;
    }
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== current) break;
    const name = staticMemberName(parent);
    const next = parent.parent as TSESTree.Node | undefined;
    if (name === undefined || next?.type !== AST_NODE_TYPES.CallExpression || next.callee !== parent) break;
    links.push({ name, call: next });
    current = next;
  }
  return links;
}

/** The calls before `call` on its chain, innermost first: `knex('t')` for `knex('t').insert(x)`. */
function innerChain(call: TSESTree.CallExpression): TSESTree.CallExpression[] {
  const links: TSESTree.CallExpression[] = [];
  let current: TSESTree.Node = call;
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) {
      links.unshift(current);
      break;
    }
    if (current !== call) links.unshift(current);
    current = unwrap(callee.object);
  }
  return links;
}

/** `.catch((e) => { if (e.code === 'P2002') … })` on the chain: duplicates are expected and handled. */
function handlesDuplicateInChain(analysis: FileAnalysis, chain: readonly ChainLink[]): boolean {
  return chain.some((link) => link.name === 'catch' && link.call.arguments.some((argument) => mentionsDuplicateKey(analysis, argument)));
}

function mentionsDuplicateKey(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  const text = analysis.text.slice(node.range[0], node.range[1]);
  return duplicateKeyErrorMarkers.some((pattern) => pattern.test(text));
}

/** `const q = db.insert(t).values(v); … q.onConflictDoNothing()`: the chain goes on through a variable. */
function builderFinishedElsewhere(analysis: FileAnalysis, outermost: TSESTree.Node, entry: InsertMethod): boolean {
  const parent = outermost.parent;
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== outermost || parent.id.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const variable = findVariable(analysis, parent.id);
  for (const reference of variable?.references ?? []) {
    if (reference.identifier === parent.id) continue;
    const use = reference.identifier.parent as TSESTree.Node | undefined;
    if (use?.type === AST_NODE_TYPES.MemberExpression && use.object === reference.identifier) {
      const name = staticMemberName(use);
      if (name === undefined || entry.idempotentChain?.includes(name) === true) return true;
      // Further chaining we cannot follow (q.values(…).onConflict…) is judged unknown.
      const useParent = use.parent as TSESTree.Node | undefined;
      if (useParent?.type === AST_NODE_TYPES.CallExpression && outerChain(useParent).length > 0) return true;
    }
  }
  return false;
}

/** TypeORM `save`: an insert only for an entity that is clearly new. */
function savedEntity(
  call: TSESTree.CallExpression,
  analysis: FileAnalysis,
  receiver: TSESTree.Expression,
): { target?: string } | undefined {
  const args = call.arguments;
  let entity: TSESTree.Node | undefined = args[0];
  let target: string | undefined;
  if (dbKindOf(analysis, receiver) === 'typeorm.entity-manager' && args.length >= 2) {
    const first = args[0] ? unwrap(args[0]) : undefined;
    if (first && first.type !== AST_NODE_TYPES.ObjectExpression && first.type !== AST_NODE_TYPES.CallExpression && first.type !== AST_NODE_TYPES.ArrayExpression) {
      // manager.save(Order, { … })
      entity = args[1];
      target = nameOf(first);
    }
  }
  if (!entity) return undefined;
  const fresh = newEntity(analysis, entity, 0);
  if (!fresh) return undefined;
  return { ...(target === undefined ? fresh.target === undefined ? {} : { target: fresh.target } : { target }) };
}

function newEntity(analysis: FileAnalysis, input: TSESTree.Node, depth: number): { target?: string } | undefined {
  if (depth > 3) return undefined;
  const node = unwrap(input);
  if (node.type === AST_NODE_TYPES.ObjectExpression) return objectWithoutId(analysis, node) ? {} : undefined;
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const member = memberCall(node);
    if (member?.name !== 'create') return undefined;
    const kind = dbKindOf(analysis, member.object);
    if (kind !== 'typeorm.repository' && kind !== 'typeorm.entity-manager' && kind !== 'typeorm.entity-class') return undefined;
    const values = kind === 'typeorm.entity-manager' ? node.arguments[1] : node.arguments[0];
    if (values && unwrap(values).type === AST_NODE_TYPES.ArrayExpression) return undefined;
    if (values) {
      const object = staticObject(analysis, values);
      if (!object?.complete || hasIdentity(object.properties)) return undefined;
    }
    const target = kind === 'typeorm.entity-manager' ? nameOf(node.arguments[0]) : receiverTarget(member.object);
    return target === undefined ? {} : { target };
  }
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(analysis, node);
    const definition = variable?.defs[0];
    if (definition?.type !== DefinitionType.Variable || !definition.node.init || definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
    // Reassigned variables may hold a loaded entity by the time they are saved.
    if (variable?.references.some((reference) => reference.isWrite() && reference.writeExpr !== definition.node.init)) return undefined;
    return newEntity(analysis, definition.node.init, depth + 1);
  }
  return undefined;
}

function objectWithoutId(analysis: FileAnalysis, node: TSESTree.ObjectExpression): boolean {
  const object = staticObject(analysis, node);
  return object !== undefined && object.complete && !hasIdentity(object.properties);
}

const IDENTITY_KEYS = new Set(['id', '_id', 'uuid']);

function hasIdentity(properties: ReadonlyMap<string, unknown>): boolean {
  for (const key of properties.keys()) if (IDENTITY_KEYS.has(key)) return true;
  return false;
}

function callFix(call: TSESTree.CallExpression, entry: InsertMethod): InsertFix | undefined {
  if (entry.library === 'prisma' && entry.optionsIndex === 0) {
    const argument = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
    if (argument?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
    return { type: 'addProperty', object: argument, text: 'skipDuplicates: true', description: 'skipDuplicates: true' };
  }
  if (entry.library === 'sequelize' && entry.method === 'bulkCreate') {
    const options = call.arguments[1] ? unwrap(call.arguments[1]) : undefined;
    if (options?.type === AST_NODE_TYPES.ObjectExpression) {
      return { type: 'addProperty', object: options, text: 'ignoreDuplicates: true', description: '{ ignoreDuplicates: true }' };
    }
    const rows = call.arguments[0];
    if (!options && rows && call.arguments.length === 1) {
      return { type: 'addArgument', after: rows, text: '{ ignoreDuplicates: true }', description: '{ ignoreDuplicates: true }' };
    }
  }
  return undefined;
}

const DRIZZLE_CONFLICT_DO_NOTHING_DRIVERS = new Set([
  'drizzle-orm/node-postgres',
  'drizzle-orm/postgres-js',
  'drizzle-orm/neon-http',
  'drizzle-orm/neon-serverless',
  'drizzle-orm/vercel-postgres',
  'drizzle-orm/pglite',
  'drizzle-orm/better-sqlite3',
  'drizzle-orm/libsql',
  'drizzle-orm/bun-sqlite',
  'drizzle-orm/d1',
]);

function builderFix(
  analysis: FileAnalysis,
  call: TSESTree.CallExpression,
  receiver: TSESTree.Expression,
  chain: readonly ChainLink[],
  entry: InsertMethod,
): InsertFix | undefined {
  const valuesCall = chain.find((link) => link.name === 'values')?.call;
  switch (entry.library) {
    case 'knex':
      return { type: 'insertAfter', node: call, text: '.onConflict().ignore()', description: '.onConflict().ignore()' };
    case 'typeorm':
      return { type: 'insertAfter', node: valuesCall ?? call, text: '.orIgnore()', description: '.orIgnore()' };
    case 'drizzle': {
      if (!valuesCall) return undefined;
      // onConflictDoNothing exists on the PostgreSQL and SQLite builders only; MySQL needs another form.
      const construction = constructionOf(analysis, receiver);
      const factory = construction ? exportOf(construction.analysis, construction.node.callee) : undefined;
      if (!factory || !DRIZZLE_CONFLICT_DO_NOTHING_DRIVERS.has(factory.package)) return undefined;
      return { type: 'insertAfter', node: valuesCall, text: '.onConflictDoNothing()', description: '.onConflictDoNothing()' };
    }
    default:
      return undefined;
  }
}

/** The table or model an insert builder writes. */
function builderTarget(call: TSESTree.CallExpression, chain: readonly ChainLink[], entry: InsertMethod): string | undefined {
  if (entry.targetIndex !== undefined) return nameOf(call.arguments[entry.targetIndex]);
  const into = chain.find((link) => link.name === 'into' || link.name === 'table');
  if (into) return nameOf(into.call.arguments[0]);
  return chainRootTable(call);
}

/** `knex('orders').insert(…)`, `knex.into('orders').insert(…)`, `knex.table('orders')`. */
function chainRootTable(call: TSESTree.CallExpression): string | undefined {
  for (const inner of innerChain(call)) {
    const member = memberCall(inner);
    if (!member) return nameOf(inner.arguments[0]);
    if (['into', 'table', 'from', 'insertInto', 'selectFrom', 'getRepository'].includes(member.name)) return nameOf(inner.arguments[0]);
  }
  return undefined;
}

/** The name a receiver stands for: `prisma.order` → order, `this.orderRepository` → orderRepository, `getRepository(Order)` → Order. */
function receiverTarget(receiver: TSESTree.Node): string | undefined {
  const node = unwrap(receiver);
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression) return staticMemberName(node);
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const member = memberCall(node);
    if (member && ['getRepository', 'getTreeRepository', 'getMongoRepository'].includes(member.name)) return nameOf(node.arguments[0]);
    if (!member) return nameOf(node.arguments[0]);
    return chainRootTable(node);
  }
  return undefined;
}

function nameOf(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  const value = unwrap(node);
  const text = staticString(value);
  if (text !== undefined) return text;
  if (value.type === AST_NODE_TYPES.Identifier) return value.name;
  if (value.type === AST_NODE_TYPES.MemberExpression) return staticMemberName(value);
  return undefined;
}

/** `orders`, `Order`, `orderRepository`, `public.orders` are one target. */
export function normalizeTarget(name: string): string {
  let text = name.toLowerCase().replace(/^.*\./u, '').replace(/[^a-z0-9]/gu, '');
  text = text.replace(/(?:repository|repo|model|table|entity)$/u, '');
  return text.endsWith('s') && text.length > 1 ? text.slice(0, -1) : text;
}

// ---------------------------------------------------------------------------------------------
// Sites require-idempotent-insert reports (shared by the rule and the idempotent-insert codemod)

const QUESTION = 'require-idempotent-insert';

/** An insert the rule reports, with where it is. */
export interface RetryableInsert {
  /** Where the rule reports: the insert itself, or the handler's call of the helper that reaches it. */
  readonly node: TSESTree.Node;
  readonly site: InsertSite;
  /** The file the insert itself is in (another file when reached through a helper). */
  readonly analysis: FileAnalysis;
  readonly handler: HandlerInfo;
  /** Empty for an insert written in the handler; otherwise the helpers called on the way. */
  readonly chain: readonly ChainStep[];
}

/**
 * The unguarded plain inserts a retryable handler runs, directly or through the project's own
 * helpers, as require-idempotent-insert reports them. Empty for any other function.
 */
export function retryableInserts(analysis: FileAnalysis, fn: FunctionNode): RetryableInsert[] {
  const info = handlerInfo(analysis, fn);
  if (info?.type !== 'retryable') return [];
  const matches = findReachable(analysis, fn, QUESTION, (fileAnalysis, call) => {
    if (!isInsertShaped(call)) return undefined;
    const site = plainInsert(fileAnalysis, call);
    return site && !isGuardedInsert(fileAnalysis, site) ? { site, analysis: fileAnalysis } : undefined;
  });
  const found: RetryableInsert[] = [];
  for (const match of matches) {
    // A nested handler reports its own inserts.
    if (enclosingHandler(analysis, match.callSite)?.fn !== fn) continue;
    const { site } = match.value;
    if (managesWebhooks(info, site)) continue;
    if (match.chain.length === 0) {
      found.push({ node: site.node, site, analysis: match.value.analysis, handler: info, chain: [] });
      continue;
    }
    // The helper's insert may be guarded by a check in the handler before the call.
    if (hasIdempotencyCheck(analysis, fn, match.callSite.range[0], site.target)) continue;
    found.push({ node: match.callSite, site, analysis: match.value.analysis, handler: info, chain: match.chain });
  }
  return found;
}

/** `prisma.$executeRaw\`INSERT …\`` in a retryable handler: not a call, so `retryableInserts` does not see it. */
export function retryableTaggedInsert(analysis: FileAnalysis, node: TSESTree.TaggedTemplateExpression): RetryableInsert | undefined {
  if (node.tag.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const site = plainInsert(analysis, node);
  if (!site) return undefined;
  const handler = enclosingHandler(analysis, node);
  if (handler?.info.type !== 'retryable' || managesWebhooks(handler.info, site) || isGuardedInsert(analysis, site)) return undefined;
  return { node, site, analysis, handler: handler.info, chain: [] };
}

/**
 * `POST /webhooks` that stores a webhook subscription is an API for managing webhooks, not a
 * receiver; its path matches the webhook heuristic all the same. Inserts into a webhook table
 * from a webhook handler are left alone (a receiver's own delivery log is usually keyed by the
 * event id anyway).
 */
function managesWebhooks(info: HandlerInfo, site: InsertSite): boolean {
  return info.retryReason === 'webhook' && site.target?.includes('webhook') === true;
}

// ---------------------------------------------------------------------------------------------
// Raw SQL

function rawInsert(
  analysis: FileAnalysis,
  call: TSESTree.CallExpression,
  argument: TSESTree.Node | undefined,
  library: InsertLibrary,
): InsertSite | undefined {
  const text = sqlText(analysis, argument, 0);
  if (text === undefined) return undefined;
  const verdict = plainInsertSql(text);
  if (!verdict) return undefined;
  return {
    call,
    node: call,
    library,
    method: 'INSERT',
    upsert: library === 'mysql2' ? 'INSERT … ON DUPLICATE KEY UPDATE (or INSERT IGNORE)' : 'INSERT … ON CONFLICT (<unique key>) DO NOTHING / DO UPDATE',
    ...withTarget(verdict.table),
  };
}

/** `prisma.$executeRaw\`INSERT …\``. */
function plainTaggedInsert(analysis: FileAnalysis, tagged: TSESTree.TaggedTemplateExpression): InsertSite | undefined {
  const tag = unwrap(tagged.tag);
  if (tag.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = staticMemberName(tag);
  if (name === undefined || !RAW_METHOD_NAMES.has(name)) return undefined;
  const kind = dbKindOf(analysis, tag.object);
  const raw = rawSqlMethods.find((entry) => entry.methods.includes(name) && kind !== undefined && entry.kinds.includes(kind));
  if (!raw) return undefined;
  const verdict = plainInsertSql(templateText(tagged.quasi));
  if (!verdict) return undefined;
  return {
    call: tagged,
    node: tagged,
    library: raw.library,
    method: 'INSERT',
    upsert: 'INSERT … ON CONFLICT (<unique key>) DO NOTHING / DO UPDATE',
    ...withTarget(verdict.table),
  };
}

const SQL_TAGS = new Set(sqlTemplateTags.map((ref) => exportKey(ref)));

/** The SQL text an argument holds, with parameters as `?`; undefined when it is not static enough. */
export function sqlText(analysis: FileAnalysis, input: TSESTree.Node | undefined, depth: number): string | undefined {
  if (!input || depth > 3) return undefined;
  const node = unwrap(input);
  const literal = staticString(node);
  if (literal !== undefined) return literal;
  switch (node.type) {
    case AST_NODE_TYPES.TemplateLiteral:
      // String interpolation after the VALUES list may splice in a conflict clause we cannot see.
      for (let index = 0; index < node.expressions.length; index++) {
        const before = node.quasis[index]?.value.cooked ?? '';
        if (/\)\s*$/u.test(before)) return undefined;
      }
      return templateText(node);
    case AST_NODE_TYPES.TaggedTemplateExpression: {
      const ref = exportOf(analysis, node.tag);
      if (!ref || !SQL_TAGS.has(exportKey(ref))) return undefined;
      return templateText(node.quasi);
    }
    case AST_NODE_TYPES.ObjectExpression: {
      // pg: query({ text, values }); mysql2: query({ sql, values })
      const object = staticObject(analysis, node);
      const text = object?.properties.get('text') ?? object?.properties.get('sql');
      return text ? sqlText(text.analysis, text.value, depth + 1) : undefined;
    }
    case AST_NODE_TYPES.Identifier: {
      const resolved = resolveConstant(analysis, node);
      if (!resolved || resolved.node === node) return undefined;
      return sqlText(resolved.analysis, resolved.node, depth + 1);
    }
    default:
      return undefined;
  }
}

function templateText(template: TSESTree.TemplateLiteral): string {
  return template.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw).join('?');
}

/** INSERT without a conflict clause → the table it writes (may be empty when unreadable). */
export function plainInsertSql(text: string): { table?: string } | undefined {
  const sql = stripLeadingComments(text);
  if (!/^INSERT\b/iu.test(sql)) return undefined;
  if (idempotentSqlPatterns.some((pattern) => pattern.test(sql))) return undefined;
  const table = /^INSERT\s+INTO\s+((?:"[^"]+"|`[^`]+`|[\w$]+)(?:\.(?:"[^"]+"|`[^`]+`|[\w$]+))?)/iu.exec(sql)?.[1];
  return table === undefined ? {} : { table: table.replace(/["`]/gu, '') };
}

function stripLeadingComments(text: string): string {
  let sql = text;
  for (;;) {
    const trimmed = sql.trimStart();
    if (trimmed.startsWith('--')) {
      const end = trimmed.indexOf('\n');
      sql = end === -1 ? '' : trimmed.slice(end + 1);
    } else if (trimmed.startsWith('/*')) {
      const end = trimmed.indexOf('*/');
      sql = end === -1 ? '' : trimmed.slice(end + 2);
    } else {
      return trimmed;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Guards

/**
 * Is this insert guarded in its own code?
 * - it sits in a `try` whose `catch` checks a duplicate-key error (P2002, 23505, 11000, ER_DUP_ENTRY…),
 *   or its chain has such a `.catch(…)`;
 * - or, earlier in the handler around it (in a helper: the outermost function around it), an
 *   idempotency check's result is tested
 *   (see `hasIdempotencyCheck`).
 */
export function isGuardedInsert(analysis: FileAnalysis, site: InsertSite): boolean {
  if (insideDuplicateKeyTry(analysis, site.node)) return true;
  // The handler around the insert, or in a helper the outermost function around it.
  let scope: FunctionNode | undefined;
  for (const fn of enclosingFunctions(site.node)) {
    scope = fn;
    if (handlerInfo(analysis, fn)) break;
  }
  if (!scope) return false;
  return hasIdempotencyCheck(analysis, scope, site.node.range[0], site.target);
}

function insideDuplicateKeyTry(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.block === child && current.handler) {
      if (mentionsDuplicateKey(analysis, current.handler)) return true;
    }
    child = current;
  }
  return false;
}

/**
 * An idempotency check before position `before` in `fn`, whose result is tested (an `if`, `?:`,
 * `&&`/`||`/`??` or `!`, directly or through the variable it is stored in):
 * - a Redis key check or claim (`set … NX`, `setnx`, `get`, `exists`, `sadd`, `sismember`) on a key
 *   built from a value (not a fixed string);
 * - a database lookup (`findUnique`, `findFirst`, `findOne(By)`, `exists(By)`, `count`, `findByPk`,
 *   `findById`, Knex `first`/`where`, Drizzle `select`/`query.t.findFirst`, Kysely `selectFrom`, a raw
 *   SELECT) of the same table or model as the insert, or of a table the same function also inserts
 *   into (a processed-events record).
 */
export function hasIdempotencyCheck(analysis: FileAnalysis, fn: FunctionNode, before: number, target: string | undefined): boolean {
  const checks = idempotencyChecks(analysis, fn);
  return checks.some(
    (check) =>
      check.position < before &&
      (check.target === undefined || check.target === target || insertTargetsOf(analysis, fn).has(check.target)),
  );
}

interface Check {
  readonly position: number;
  /** undefined: a Redis key check, which guards any insert. */
  readonly target: string | undefined;
}

function idempotencyChecks(analysis: FileAnalysis, fn: FunctionNode): readonly Check[] {
  return memoize(analysis, 'idempotencyChecks', fn, [] as readonly Check[], () => {
    const text = analysis.text.slice(fn.range[0], fn.range[1]);
    if (!/\b(?:find|exists|count|first|where|select|get|set|sadd|sAdd|sismember|sIsMember|SET|GET|EXISTS|SELECT)/u.test(text)) return [];
    const checks: Check[] = [];
    walk(fn.body, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.TaggedTemplateExpression) return undefined;
      const check = checkOf(analysis, node);
      if (check && isTested(analysis, resultExpression(node))) checks.push(check);
      return undefined;
    });
    return checks;
  });
}

function checkOf(analysis: FileAnalysis, node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): Check | undefined {
  const position = node.range[0];
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    const tag = unwrap(node.tag);
    if (tag.type !== AST_NODE_TYPES.MemberExpression || !/^\$queryRaw/u.test(staticMemberName(tag) ?? '')) return undefined;
    const table = selectTable(templateText(node.quasi));
    return table === undefined ? undefined : { position, target: normalizeTarget(table) };
  }
  const member = memberCall(node);
  if (!member) return undefined;
  const name = member.name;
  if (redisGuardMethods.has(name)) {
    const kind = dbKindOf(analysis, member.object);
    if (kind !== undefined && redisGuardKinds.includes(kind) && isRedisCheck(analysis, node, name)) return { position, target: undefined };
  }
  if (LOOKUP_METHOD_NAMES.has(name)) {
    const kind = dbKindOf(analysis, member.object);
    const entry = kind === undefined ? undefined : lookupMethods.find((candidate) => candidate.kinds.includes(kind) && candidate.methods.includes(name));
    if (entry) {
      const target = lookupTarget(node, member.object, name, entry.targetIndex);
      return target === undefined ? undefined : { position, target: normalizeTarget(target) };
    }
    // Drizzle relational queries: db.query.orders.findFirst(…)
    if ((name === 'findFirst' || name === 'findMany') && kind === undefined) {
      const delegate = unwrap(member.object);
      if (delegate.type === AST_NODE_TYPES.MemberExpression) {
        const query = unwrap(delegate.object);
        if (query.type === AST_NODE_TYPES.MemberExpression && staticMemberName(query) === 'query' && dbKindOf(analysis, query.object) === 'drizzle') {
          const table = staticMemberName(delegate);
          return table === undefined ? undefined : { position, target: normalizeTarget(table) };
        }
      }
    }
  }
  if (RAW_METHOD_NAMES.has(name)) {
    const kind = dbKindOf(analysis, member.object);
    if (kind !== undefined && rawSqlMethods.some((entry) => entry.kinds.includes(kind) && entry.methods.includes(name))) {
      const text = sqlText(analysis, node.arguments[0], 0);
      const table = text === undefined ? undefined : selectTable(text);
      return table === undefined ? undefined : { position, target: normalizeTarget(table) };
    }
  }
  return undefined;
}

function lookupTarget(call: TSESTree.CallExpression, receiver: TSESTree.Expression, name: string, targetIndex: number | undefined): string | undefined {
  if (targetIndex !== undefined) return nameOf(call.arguments[targetIndex]);
  if (name === 'selectFrom') return nameOf(call.arguments[0]);
  if (name === 'select') {
    // db.select().from(orders)
    const from = outerChain(call).find((link) => link.name === 'from');
    return from ? nameOf(from.call.arguments[0]) : undefined;
  }
  return receiverTarget(receiver);
}

function selectTable(text: string): string | undefined {
  const sql = stripLeadingComments(text);
  if (!/^SELECT\b/iu.test(sql)) return undefined;
  const match = /\bFROM\s+(?:"([^"]+)"|`([^`]+)`|([\w$.]+))/iu.exec(sql);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

function isRedisCheck(analysis: FileAnalysis, call: TSESTree.CallExpression, name: string): boolean {
  const key = call.arguments[0];
  if (!key || staticString(unwrap(key)) !== undefined) return false;
  if (name.toLowerCase() !== 'set') return true;
  // SET only checks when it claims the key: ioredis `'NX'`, node-redis `{ NX: true }` / `{ condition: 'NX' }`.
  return call.arguments.slice(2).some((argument) => {
    const value = unwrap(argument);
    if (staticString(value)?.toUpperCase() === 'NX') return true;
    const options = staticObject(analysis, value);
    const nx = options?.properties.get('NX');
    const condition = options?.properties.get('condition');
    return (
      (nx !== undefined && !(nx.value.type === AST_NODE_TYPES.Literal && nx.value.value === false)) ||
      (condition !== undefined && staticString(unwrap(condition.value))?.toUpperCase() === 'NX')
    );
  });
}

/** The expression carrying a lookup's result: the outermost call of its chain, awaited or not. */
function resultExpression(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): TSESTree.Node {
  let current: TSESTree.Node = node.type === AST_NODE_TYPES.CallExpression ? (outerChain(node).at(-1)?.call ?? node) : node;
  for (;;) {
    const parent = current.parent as TSESTree.Node | undefined;
    if (
      parent &&
      (parent.type === AST_NODE_TYPES.AwaitExpression ||
        parent.type === AST_NODE_TYPES.ChainExpression ||
        parent.type === AST_NODE_TYPES.TSNonNullExpression ||
        parent.type === AST_NODE_TYPES.TSAsExpression)
    ) {
      current = parent;
      continue;
    }
    return current;
  }
}

/** The value decides a branch, directly or through the variable it initialises. */
function isTested(analysis: FileAnalysis, expression: TSESTree.Node): boolean {
  if (inTestPosition(expression)) return true;
  const parent = expression.parent;
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== expression) return false;
  const names: TSESTree.Identifier[] = [];
  collectBindings(parent.id, names);
  return names.some((name) => {
    const variable = findVariable(analysis, name);
    return variable?.references.some((reference) => reference.identifier !== name && inTestPosition(reference.identifier)) === true;
  });
}

function collectBindings(pattern: TSESTree.Node, out: TSESTree.Identifier[]): void {
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      out.push(pattern);
      return;
    case AST_NODE_TYPES.ObjectPattern:
      for (const property of pattern.properties) collectBindings(property.type === AST_NODE_TYPES.Property ? property.value : property, out);
      return;
    case AST_NODE_TYPES.ArrayPattern:
      for (const element of pattern.elements) if (element) collectBindings(element, out);
      return;
    case AST_NODE_TYPES.AssignmentPattern:
      collectBindings(pattern.left, out);
      return;
    case AST_NODE_TYPES.RestElement:
      collectBindings(pattern.argument, out);
      return;
    default:
      return;
  }
}

/** Inside the test of an `if`/`?:`/loop, or the left of `&&`/`||`/`??`, without leaving the statement. */
function inTestPosition(node: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        return current.test === child;
      case AST_NODE_TYPES.LogicalExpression:
        if (current.left === child) return true;
        break;
      default:
        if (isBoundary(current)) return false;
    }
    child = current;
  }
  return false;
}

function isBoundary(node: TSESTree.Node): boolean {
  return (
    node.type.endsWith('Statement') ||
    node.type.endsWith('Declaration') ||
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionExpression
  );
}

/** Every table the function inserts into (through any insert method), for processed-event records. */
function insertTargetsOf(analysis: FileAnalysis, fn: FunctionNode): ReadonlySet<string> {
  return memoize(analysis, 'insertTargets', fn, new Set<string>() as ReadonlySet<string>, () => {
    const targets = new Set<string>();
    walk(fn.body, (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression && isInsertShaped(node)) {
        const site = anyInsertTarget(analysis, node);
        if (site !== undefined) targets.add(site);
      }
      return undefined;
    });
    return targets;
  });
}

/** The target of an insert call whether or not it is idempotent. */
function anyInsertTarget(analysis: FileAnalysis, call: TSESTree.CallExpression): string | undefined {
  const plain = plainInsert(analysis, call);
  if (plain?.target !== undefined) return plain.target;
  const member = memberCall(call);
  if (!member) return undefined;
  const kind = dbKindOf(analysis, member.object);
  const entry = insertMethods.find((candidate) => candidate.method === member.name && kind !== undefined && candidate.kinds.includes(kind));
  if (!entry) return undefined;
  const target =
    entry.targetIndex === undefined
      ? entry.shape === 'builder'
        ? builderTarget(call, outerChain(call), entry)
        : receiverTarget(member.object)
      : nameOf(call.arguments[entry.targetIndex]);
  return target === undefined ? undefined : normalizeTarget(target);
}

// ---------------------------------------------------------------------------------------------
// Transaction clients

/**
 * `kindOf`, plus the clients transaction callbacks receive (`prisma.$transaction(async (tx) =>
 * tx.order.create(…))`), which import tracking cannot see and Prisma's generated types hide
 * (a TransactionClient has no `$transaction`).
 */
export function dbKindOf(analysis: FileAnalysis, input: TSESTree.Node, depth = 0): string | undefined {
  const known = kindOf(analysis, input);
  if (known !== undefined || depth > 6) return known;
  const node = unwrap(input);
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return transactionParameterKind(analysis, node);
    case AST_NODE_TYPES.MemberExpression: {
      const name = staticMemberName(node);
      if (name === undefined || node.object.type === AST_NODE_TYPES.ThisExpression) return undefined;
      const objectKind = dbKindOf(analysis, node.object, depth + 1);
      return objectKind === undefined ? undefined : memberKind(objectKind, name);
    }
    case AST_NODE_TYPES.CallExpression: {
      const callee = unwrap(node.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const name = staticMemberName(callee);
        const objectKind = name === undefined ? undefined : dbKindOf(analysis, callee.object, depth + 1);
        return objectKind === undefined || name === undefined ? undefined : methodResultKind(objectKind, name);
      }
      const calleeKind = dbKindOf(analysis, callee, depth + 1);
      return calleeKind === undefined ? undefined : callResultKind(calleeKind);
    }
    default:
      return undefined;
  }
}

function transactionParameterKind(analysis: FileAnalysis, identifier: TSESTree.Identifier): string | undefined {
  const definition = findVariable(analysis, identifier)?.defs[0];
  if (definition?.type !== DefinitionType.Parameter) return undefined;
  const fn = definition.node;
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) return undefined;
  if (fn.params[0] !== definition.name) return undefined;
  const call = fn.parent as TSESTree.Node | undefined;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn)) return undefined;
  const member = memberCall(call);
  if (!member) return undefined;
  for (const entry of transactionCallbacks) {
    if (entry.via === undefined) {
      if (member.name !== entry.method) continue;
      const kind = kindOf(analysis, member.object);
      if (kind !== undefined && entry.kinds.includes(kind)) return entry.paramKind;
    } else {
      if (member.name !== entry.via) continue;
      const inner = unwrap(member.object);
      if (inner.type !== AST_NODE_TYPES.CallExpression) continue;
      const innerMember = memberCall(inner);
      if (innerMember?.name !== entry.method) continue;
      const kind = kindOf(analysis, innerMember.object);
      if (kind !== undefined && entry.kinds.includes(kind)) return entry.paramKind;
    }
  }
  return undefined;
}
