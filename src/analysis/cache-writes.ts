import { DefinitionType } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import ts from 'typescript';

import { type FunctionNode, isFunctionNode, memberCall, nearestFunction, returnedExpressions, staticMemberName, staticPropertyKey, staticString, unwrap, walk } from './ast.js';
import { functionBinding, registersRoute } from './context.js';
import { type FileAnalysis, findVariable, memoize, type TypeInfo } from './file-analysis.js';
import {
  cacheClearMethods,
  invalidationMethods,
  nestCacheManagerTokens,
  nestCacheModules,
  nodeRedisExpiryOptions,
  redisExpireCommands,
  redisExpiryTokens,
  redisKeyPatternMethods,
  redisWriteCommands,
} from './libraries/caches.js';
import { httpFrameworkPackages, routeFrameworks } from './libraries/http.js';
import { loadModule } from './modules.js';
import { enclosingClass, exportOf, isExport, kindOf } from './origin.js';
import { isProjectSourceFile } from './program-facts.js';
import { exportKey } from './registry.js';
import { constructionOf, resolveConstant, staticObject } from './values.js';

/**
 * Cache writes, their expiry and key families, and the key families a program invalidates.
 * Shared by `require-cache-invalidation` and the audit report.
 */
export type CacheClient = 'ioredis' | 'node-redis' | 'keyv' | 'cache-manager' | 'nestjs.cache-manager';
export type Expiry = 'yes' | 'no' | 'unknown';

/** The static start of a key: `user:` for `` `user:${id}` ``; `exact` when the whole key is static. */
export interface KeyFamily {
  readonly prefix: string;
  readonly exact: boolean;
}

export interface CacheWrite {
  readonly call: TSESTree.CallExpression;
  readonly client: CacheClient;
  /** The method as written: `set`, `hSet`, `mset`. */
  readonly method: string;
  /** Families of the keys written; empty when no key has a static prefix. */
  readonly families: readonly KeyFamily[];
  readonly expiry: Expiry;
}

export interface Invalidation {
  readonly family: KeyFamily;
  /** `cache` invalidations with an empty prefix come from `clear()` and cover every family. */
  readonly group: 'redis' | 'cache' | 'any';
}

const REDIS_KINDS: Readonly<Record<string, CacheClient>> = {
  ioredis: 'ioredis',
  'ioredis.multi': 'ioredis',
  'ioredis.pipeline': 'ioredis',
  'node-redis': 'node-redis',
  'node-redis.multi': 'node-redis',
};
const CACHE_KINDS: ReadonlySet<string> = new Set(['keyv', 'cache-manager', 'nestjs.cache-manager']);
const MAX_DEPTH = 6;

/** Cheap syntactic gate: is this call shaped like a cache write? */
export function isCacheWriteShaped(call: TSESTree.CallExpression): boolean {
  const name = memberCall(call)?.name;
  return name !== undefined && redisWriteCommands.has(name.toLowerCase()) && !isBuilderSet(call, name);
}

/**
 * `db.update(t).set({ … })` (Drizzle, Kysely, TypeORM's query builder): no cache client's `set`
 * takes an object first — they take a key — so the receiver, often an expensive generic for the
 * checker to infer, is never asked about.
 */
function isBuilderSet(call: TSESTree.CallExpression, name: string): boolean {
  return name === 'set' && call.arguments[0]?.type === AST_NODE_TYPES.ObjectExpression;
}

export function cacheWriteAt(analysis: FileAnalysis, call: TSESTree.CallExpression): CacheWrite | undefined {
  const member = memberCall(call);
  if (!member) return undefined;
  const command = redisWriteCommands.get(member.name.toLowerCase());
  if (!command || isBuilderSet(call, member.name)) return undefined;
  const client = clientOf(analysis, member.object);
  if (!client) return undefined;
  if (client === 'ioredis' || client === 'node-redis') {
    const families = command.keys === 'pairs' ? pairKeyFamilies(analysis, call) : familyList(analysis, call.arguments[0]);
    const expiry = command.expiry === 'always' ? 'yes' : command.expiry === 'argument' ? redisSetExpiry(analysis, call) : 'no';
    const withFollowing = expiry === 'no' && hasFollowingExpire(analysis, call, families) ? 'yes' : expiry;
    return { call, client, method: member.name, families, expiry: withFollowing };
  }
  // keyv, cache-manager, Nest: only `set(key, value, ttl?)` writes one key.
  if (member.name !== 'set') return undefined;
  return { call, client, method: member.name, families: familyList(analysis, call.arguments[0]), expiry: cacheSetExpiry(analysis, call, member.object, client) };
}

/** Which cache client a receiver is: a catalogued kind, or a Nest `@Inject(CACHE_MANAGER)` field. */
export function clientOf(analysis: FileAnalysis, receiver: TSESTree.Node): CacheClient | undefined {
  if (isNestCacheInjection(analysis, receiver)) return 'nestjs.cache-manager';
  const kind = kindOf(analysis, receiver);
  if (kind === undefined) return undefined;
  const redis = REDIS_KINDS[kind];
  if (redis) return redis;
  return CACHE_KINDS.has(kind) ? (kind as CacheClient) : undefined;
}

/** `this.cache` where the constructor declares `@Inject(CACHE_MANAGER) private cache: Cache`. */
function isNestCacheInjection(analysis: FileAnalysis, receiver: TSESTree.Node): boolean {
  const node = unwrap(receiver);
  if (node.type !== AST_NODE_TYPES.MemberExpression || node.object.type !== AST_NODE_TYPES.ThisExpression) return false;
  const name = staticMemberName(node);
  const classNode = enclosingClass(node);
  if (name === undefined || !classNode) return false;
  for (const member of classNode.body.body) {
    if (member.type !== AST_NODE_TYPES.MethodDefinition || member.kind !== 'constructor') continue;
    for (const param of member.value.params) {
      if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
      const id = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
      if (id.name !== name) continue;
      return param.decorators.some((decorator) => {
        const expression = decorator.expression;
        if (expression.type !== AST_NODE_TYPES.CallExpression) return false;
        const callee = expression.callee;
        const token = expression.arguments[0];
        return (
          callee.type === AST_NODE_TYPES.Identifier &&
          callee.name === 'Inject' &&
          token !== undefined &&
          nestCacheManagerTokens.some((ref) => isExport(analysis, token, [ref.package], ref.path))
        );
      });
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Expiry

/** ioredis `set(k, v, 'EX', 60)`, node-redis `set(k, v, { EX: 60 })` / `{ expiration: { type, value } }`. */
function redisSetExpiry(analysis: FileAnalysis, call: TSESTree.CallExpression): Expiry {
  const extra = call.arguments.slice(2);
  if (extra.length === 0) return 'no';
  let unknown = false;
  for (const argument of extra) {
    if (argument.type === AST_NODE_TYPES.SpreadElement) return 'unknown';
    const text = staticString(argument);
    if (text !== undefined) {
      if (redisExpiryTokens.has(text.toLowerCase())) return 'yes';
      continue;
    }
    const value = unwrap(argument);
    // Literals are NX/XX/GET flags or numbers; functions are callbacks (ioredis, node-redis v3).
    if (value.type === AST_NODE_TYPES.Literal || isFunctionNode(value)) continue;
    const options = staticObject(analysis, value);
    if (options) {
      if ([...options.properties.keys()].some((key) => nodeRedisExpiryOptions.has(key))) return 'yes';
      if (!options.complete) unknown = true;
      continue;
    }
    const resolved = resolveConstant(analysis, value);
    if (resolved?.node.type === AST_NODE_TYPES.Literal && typeof resolved.node.value === 'string') {
      if (redisExpiryTokens.has(resolved.node.value.toLowerCase())) return 'yes';
      continue;
    }
    if (resolved?.node.type === AST_NODE_TYPES.Literal || (resolved && isFunctionNode(resolved.node))) continue;
    unknown = true;
  }
  return unknown ? 'unknown' : 'no';
}

/** `redis.set(key, v); redis.expire(key, 60)` or `multi().hset(key, …).expire(key, 60)`. */
function hasFollowingExpire(analysis: FileAnalysis, write: TSESTree.CallExpression, families: readonly KeyFamily[]): boolean {
  const scope: TSESTree.Node = nearestFunction(write)?.body ?? analysis.ast;
  const keyText = write.arguments[0] ? analysis.text.slice(write.arguments[0].range[0], write.arguments[0].range[1]) : undefined;
  let found = false;
  walk(scope, (node) => {
    if (found) return false;
    if (node.type !== AST_NODE_TYPES.CallExpression || node === write || node.range[1] < write.range[1]) return undefined;
    const name = memberCall(node)?.name;
    if (name === undefined || !redisExpireCommands.has(name.toLowerCase())) return undefined;
    const key = node.arguments[0];
    if (!key) return undefined;
    if (keyText !== undefined && analysis.text.slice(key.range[0], key.range[1]) === keyText) {
      found = true;
      return false;
    }
    const family = keyFamily(analysis, key);
    if (family && families.some((written) => sameFamily(written, family))) found = true;
    return undefined;
  });
  return found;
}

/** keyv / cache-manager / Nest `set(key, value, ttl)`, else the instance's default `ttl`. */
function cacheSetExpiry(analysis: FileAnalysis, call: TSESTree.CallExpression, receiver: TSESTree.Node, client: CacheClient): Expiry {
  const ttl = call.arguments[2];
  if (ttl) {
    if (ttl.type === AST_NODE_TYPES.SpreadElement) return 'unknown';
    const value = unwrap(ttl);
    if (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined') return defaultTtl(analysis, receiver, client);
    // cache-manager v4: set(k, v, { ttl })
    if (value.type === AST_NODE_TYPES.ObjectExpression) {
      const options = staticObject(analysis, value);
      if (options?.properties.has('ttl')) return 'yes';
      return options?.complete ? defaultTtl(analysis, receiver, client) : 'unknown';
    }
    return 'yes';
  }
  return defaultTtl(analysis, receiver, client);
}

function defaultTtl(analysis: FileAnalysis, receiver: TSESTree.Node, client: CacheClient): Expiry {
  if (client === 'nestjs.cache-manager') return nestModuleTtl(analysis);
  const construction = constructionOf(analysis, receiver);
  if (!construction) return 'unknown';
  const { analysis: at, node } = construction;
  const callee = exportOf(at, node.callee);
  const name = callee?.path.at(-1);
  if (client === 'keyv') {
    if (node.type !== AST_NODE_TYPES.NewExpression) return 'unknown';
    // new Keyv(options) or new Keyv(store, options)
    return optionsTtl(at, node.arguments.length >= 2 ? node.arguments[1] : node.arguments[0], node.arguments.length === 0);
  }
  if (name === 'createCache') return optionsTtl(at, node.arguments[0], node.arguments.length === 0);
  if (name === 'caching') {
    // v5 caching('memory' | store, { ttl }); v4 caching({ store, ttl })
    const first = node.arguments[0];
    return first && first.type === AST_NODE_TYPES.ObjectExpression ? optionsTtl(at, first, false) : optionsTtl(at, node.arguments[1], node.arguments.length <= 1);
  }
  return 'unknown';
}

function optionsTtl(analysis: FileAnalysis, node: TSESTree.Node | undefined, absent: boolean): Expiry {
  if (!node) return absent ? 'no' : 'unknown';
  const options = staticObject(analysis, node);
  if (!options) {
    // new Keyv(store) with a store and no options: no default TTL
    const value = unwrap(node);
    return absent || value.type === AST_NODE_TYPES.NewExpression ? 'no' : 'unknown';
  }
  if (options.properties.has('ttl')) return 'yes';
  return options.complete ? 'no' : 'unknown';
}

/**
 * The default TTL of Nest's injected cache comes from `CacheModule.register({ ttl })`, usually
 * in another module file: the program's registrations with type information, this file's
 * without. No registration in sight means we cannot tell.
 */
function nestModuleTtl(analysis: FileAnalysis): Expiry {
  const registrations = [...fileFacts(analysis).nestRegistrations, ...(analysis.types ? programFacts(analysis.types, analysis).nestRegistrations : [])];
  if (registrations.length === 0) return 'unknown';
  if (registrations.includes('yes')) return 'yes';
  return registrations.includes('unknown') ? 'unknown' : 'no';
}

function nestRegistrationTtl(analysis: FileAnalysis, call: TSESTree.CallExpression): Expiry | undefined {
  const member = memberCall(call);
  if (!member || (member.name !== 'register' && member.name !== 'registerAsync')) return undefined;
  const ref = exportOf(analysis, member.object);
  if (!ref || !nestCacheModules.some((module) => exportKey(module) === exportKey(ref))) return undefined;
  const argument = call.arguments[0];
  if (member.name === 'register') return optionsTtl(analysis, argument, argument === undefined);
  const options = staticObject(analysis, argument);
  const factory = options?.properties.get('useFactory');
  if (!factory) return 'unknown';
  const fn = unwrap(factory.value);
  if (!isFunctionNode(fn)) return 'unknown';
  // Every object the factory may return: one with a ttl wins, one we cannot read leaves it open.
  const verdicts = returnedExpressions(fn).map((returned) => optionsTtl(factory.analysis, returned, false));
  if (verdicts.length === 0) return 'unknown';
  if (verdicts.includes('yes')) return 'yes';
  return verdicts.includes('unknown') ? 'unknown' : 'no';
}

// ---------------------------------------------------------------------------------------------
// Key families

function familyList(analysis: FileAnalysis, node: TSESTree.Node | undefined): KeyFamily[] {
  const family = node ? keyFamily(analysis, node) : undefined;
  return family ? [family] : [];
}

/** `mset(k1, v1, k2, v2)`, `mset({ k: v })`, node-redis `mSet([[k, v]])`. */
function pairKeyFamilies(analysis: FileAnalysis, call: TSESTree.CallExpression): KeyFamily[] {
  const families: KeyFamily[] = [];
  const add = (node: TSESTree.Node | null | undefined) => {
    if (!node || node.type === AST_NODE_TYPES.SpreadElement) return;
    const family = keyFamily(analysis, node);
    if (family) families.push(family);
  };
  const first = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (call.arguments.length === 1 && first?.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of first.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      if (property.computed) add(property.key);
      else {
        const key = staticPropertyKey(property);
        if (key !== undefined) families.push({ prefix: key, exact: true });
      }
    }
  } else if (call.arguments.length === 1 && first?.type === AST_NODE_TYPES.ArrayExpression) {
    first.elements.forEach((element, index) => {
      if (element?.type === AST_NODE_TYPES.ArrayExpression) add(element.elements[0]);
      else if (index % 2 === 0) add(element);
    });
  } else {
    call.arguments.forEach((argument, index) => {
      if (index % 2 === 0) add(argument);
    });
  }
  return families;
}

/**
 * The static prefix of a key expression: a literal, the head of a template literal, the left of
 * a concatenation, a const, `[a, b].join(':')`, or the body of a key-builder function the
 * analysis can see (same file, relative import, object of builders, class method).
 */
export function keyFamily(analysis: FileAnalysis, node: TSESTree.Node, depth = 0): KeyFamily | undefined {
  const family = prefixOf(analysis, node, depth);
  return family && family.prefix.length > 0 ? family : undefined;
}

function prefixOf(analysis: FileAnalysis, input: TSESTree.Node, depth: number): KeyFamily | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(input);
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'string' || typeof node.value === 'number' ? { prefix: String(node.value), exact: true } : undefined;
    case AST_NODE_TYPES.TemplateLiteral: {
      let prefix = '';
      for (let index = 0; index < node.quasis.length; index++) {
        prefix += node.quasis[index]?.value.cooked ?? '';
        const expression = node.expressions[index];
        if (!expression) return { prefix, exact: true };
        const part = prefixOf(analysis, expression, depth + 1);
        if (!part) return { prefix, exact: false };
        prefix += part.prefix;
        if (!part.exact) return { prefix, exact: false };
      }
      return { prefix, exact: true };
    }
    case AST_NODE_TYPES.BinaryExpression: {
      if (node.operator !== '+') return undefined;
      const left = prefixOf(analysis, node.left, depth + 1);
      if (!left) return undefined;
      if (!left.exact) return left;
      const right = prefixOf(analysis, node.right, depth + 1);
      if (!right) return { prefix: left.prefix, exact: false };
      return { prefix: left.prefix + right.prefix, exact: right.exact };
    }
    case AST_NODE_TYPES.Identifier: {
      const resolved = resolveConstant(analysis, node);
      if (!resolved || resolved.node === node) return undefined;
      return prefixOf(resolved.analysis, resolved.node, depth + 1);
    }
    case AST_NODE_TYPES.CallExpression:
      return joinPrefix(analysis, node, depth) ?? builderPrefix(analysis, node, depth);
    default:
      return undefined;
  }
}

/** `['user', id].join(':')`. */
function joinPrefix(analysis: FileAnalysis, call: TSESTree.CallExpression, depth: number): KeyFamily | undefined {
  const member = memberCall(call);
  if (member?.name !== 'join') return undefined;
  const array = unwrap(member.object);
  if (array.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  const separator = call.arguments.length === 0 ? ',' : staticString(call.arguments[0]);
  if (separator === undefined) return undefined;
  let prefix = '';
  for (const [index, element] of array.elements.entries()) {
    if (index > 0) prefix += separator;
    if (!element || element.type === AST_NODE_TYPES.SpreadElement) return { prefix, exact: false };
    const part = prefixOf(analysis, element, depth + 1);
    if (!part) return { prefix, exact: false };
    prefix += part.prefix;
    if (!part.exact) return { prefix, exact: false };
  }
  return { prefix, exact: true };
}

/** `userKey(id)`, `keys.user(id)`, `this.key(id)`: the prefix of what the builder returns. */
function builderPrefix(analysis: FileAnalysis, call: TSESTree.CallExpression, depth: number): KeyFamily | undefined {
  const builder = builderFunction(analysis, call.callee);
  if (!builder) return undefined;
  const returned = returnedExpressions(builder.fn)[0];
  return returned ? prefixOf(builder.analysis, returned, depth + 1) : undefined;
}

function builderFunction(analysis: FileAnalysis, input: TSESTree.Node): { analysis: FileAnalysis; fn: FunctionNode } | undefined {
  const callee = unwrap(input);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const definition = findVariable(analysis, callee)?.defs[0];
    if (definition?.type === DefinitionType.FunctionName) return { analysis, fn: definition.node as FunctionNode };
    const resolved = resolveConstant(analysis, callee);
    if (!resolved) return undefined;
    const target = unwrap(resolved.node);
    return isFunctionNode(target) ? { analysis: resolved.analysis, fn: target } : undefined;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = staticMemberName(callee);
  if (name === undefined) return undefined;
  if (callee.object.type === AST_NODE_TYPES.ThisExpression) {
    const method = enclosingClass(callee)?.body.body.find(
      (member): member is TSESTree.MethodDefinition => member.type === AST_NODE_TYPES.MethodDefinition && staticPropertyKey(member) === name,
    );
    return method && isFunctionNode(method.value) ? { analysis, fn: method.value } : undefined;
  }
  const object = staticObject(analysis, callee.object);
  const property = object?.properties.get(name);
  if (!property) return undefined;
  const value = unwrap(property.value);
  return isFunctionNode(value) ? { analysis: property.analysis, fn: value } : undefined;
}

export function sameFamily(a: KeyFamily, b: KeyFamily): boolean {
  if (a.exact && b.exact) return a.prefix === b.prefix;
  if (a.exact) return a.prefix.startsWith(b.prefix);
  if (b.exact) return b.prefix.startsWith(a.prefix);
  return a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix);
}

/** `user:*` for a family, the key itself for an exact key. */
export function describeFamily(family: KeyFamily): string {
  return family.exact ? family.prefix : `${family.prefix}*`;
}

// ---------------------------------------------------------------------------------------------
// Invalidations

interface Facts {
  readonly invalidations: readonly Invalidation[];
  /** Default TTL verdict of each `CacheModule.register*` call. */
  readonly nestRegistrations: readonly Expiry[];
}

const INVALIDATION_TEXT = /\.\s*(?:del|unlink|getdel|delete|deletemany|mdel|hdel|invalidate|evict|expire|pexpire|expireat|pexpireat|getex|hexpire|hpexpire|hexpireat|hpexpireat|clear|reset|register|registerasync)\s*\(/iu;

/** Invalidations and Nest registrations in one file. Memoised per file. */
export function fileFacts(analysis: FileAnalysis): Facts {
  return memoize(analysis, 'cache-writes:facts', analysis.ast, { invalidations: [], nestRegistrations: [] }, (): Facts => {
    const invalidations: Invalidation[] = [];
    const nestRegistrations: Expiry[] = [];
    if (!INVALIDATION_TEXT.test(analysis.text)) return { invalidations, nestRegistrations };
    walk(analysis.ast, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const member = memberCall(node);
      if (!member) return undefined;
      const method = member.name.toLowerCase();
      if (invalidationMethods.has(method)) {
        if (registersRoute(analysis, node)) return undefined;
        for (const family of invalidatedFamilies(analysis, node, method)) invalidations.push({ family, group: 'any' });
      } else if (cacheClearMethods.has(method) && node.arguments.length === 0) {
        const client = clientOf(analysis, member.object);
        if (client && CACHE_KINDS.has(client)) invalidations.push({ family: { prefix: '', exact: false }, group: 'cache' });
      } else if (method === 'register' || method === 'registerasync') {
        const ttl = nestRegistrationTtl(analysis, node);
        if (ttl) nestRegistrations.push(ttl);
      }
      return undefined;
    });
    return { invalidations, nestRegistrations };
  });
}

/** The families one invalidating call covers: its key arguments, or the callers' keys when the key is a parameter. */
function invalidatedFamilies(analysis: FileAnalysis, call: TSESTree.CallExpression, method: string): KeyFamily[] {
  const families: KeyFamily[] = [];
  // del(k1, k2, …) and del([k1, k2]); expire-like commands take one key.
  const keys = redisExpireCommands.has(method) || method === 'hdel' ? call.arguments.slice(0, 1) : call.arguments;
  for (const argument of keys) {
    const node = argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : unwrap(argument);
    const candidates = node.type === AST_NODE_TYPES.ArrayExpression ? node.elements : [node];
    for (const candidate of candidates) {
      if (!candidate || candidate.type === AST_NODE_TYPES.SpreadElement) continue;
      const family = keyFamily(analysis, candidate);
      if (family) families.push(family);
      else families.push(...parameterFamilies(analysis, candidate), ...patternFamilies(analysis, call));
    }
  }
  return families;
}

/**
 * `async function forget(key) { await redis.del(key) }` called as `forget(\`user:${id}\`)`:
 * the families of the callers' arguments, in this file.
 */
function parameterFamilies(analysis: FileAnalysis, input: TSESTree.Node): KeyFamily[] {
  const node = unwrap(input);
  if (node.type !== AST_NODE_TYPES.Identifier) return [];
  const definition = findVariable(analysis, node)?.defs[0];
  if (definition?.type !== DefinitionType.Parameter) return [];
  const fn = definition.node as FunctionNode;
  const index = fn.params.findIndex((param) => (param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param) === definition.name);
  if (index < 0) return [];
  const families: KeyFamily[] = [];
  for (const call of callersOf(analysis, fn)) {
    const argument = call.arguments[index];
    const family = argument ? keyFamily(analysis, argument) : undefined;
    if (family) families.push(family);
  }
  return families;
}

function callersOf(analysis: FileAnalysis, fn: FunctionNode): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  const binding = functionBinding(fn);
  if (binding) {
    for (const reference of findVariable(analysis, binding)?.references ?? []) {
      const parent = reference.identifier.parent;
      if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === reference.identifier) calls.push(parent);
    }
    return calls;
  }
  const method = fn.parent;
  if (method.type !== AST_NODE_TYPES.MethodDefinition) return calls;
  const name = staticPropertyKey(method);
  const classBody = method.parent;
  walk(classBody, (node) => {
    if (
      node.type === AST_NODE_TYPES.CallExpression &&
      node.callee.type === AST_NODE_TYPES.MemberExpression &&
      node.callee.object.type === AST_NODE_TYPES.ThisExpression &&
      staticMemberName(node.callee) === name
    ) {
      calls.push(node);
    }
    return undefined;
  });
  return calls;
}

/** `const keys = await redis.keys('user:*'); await redis.del(...keys)`: the pattern's prefix. */
function patternFamilies(analysis: FileAnalysis, call: TSESTree.CallExpression): KeyFamily[] {
  const scope: TSESTree.Node = nearestFunction(call)?.body ?? analysis.ast;
  const families: KeyFamily[] = [];
  walk(scope, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const name = memberCall(node)?.name;
    if (name === undefined || !redisKeyPatternMethods.has(name.toLowerCase())) return undefined;
    walk(node, (inner) => {
      const text = inner.type === AST_NODE_TYPES.Literal || inner.type === AST_NODE_TYPES.TemplateLiteral ? keyFamily(analysis, inner) : undefined;
      if (text) {
        const star = text.prefix.indexOf('*');
        if (star > 0) families.push({ prefix: text.prefix.slice(0, star), exact: false });
        else if (!text.exact && star < 0 && inner.type === AST_NODE_TYPES.TemplateLiteral) {
          const raw = analysis.text.slice(inner.range[0], inner.range[1]);
          if (raw.includes('*')) families.push({ prefix: text.prefix, exact: false });
        }
        return false;
      }
      return undefined;
    });
    return undefined;
  });
  return families;
}

/**
 * Every invalidation in the program, computed once per TypeScript program: project files whose
 * text mentions an invalidating method are parsed (cached by modules.ts) and scanned with the
 * same syntax as the current file.
 */
const factsByProgram = new WeakMap<ts.Program, Facts>();

export function programFacts(types: TypeInfo, current: FileAnalysis): Facts {
  const existing = factsByProgram.get(types.program);
  if (existing) return existing;
  const invalidations: Invalidation[] = [];
  const nestRegistrations: Expiry[] = [];
  for (const sourceFile of types.program.getSourceFiles()) {
    if (!isProjectSourceFile(sourceFile) || !INVALIDATION_TEXT.test(sourceFile.text) || !hasInvalidationCall(sourceFile)) continue;
    // The file being linted is read from disk here too; callers add its live facts separately.
    const analysis = loadModule(sourceFile.fileName, current.settings, current.cwd);
    if (!analysis) continue;
    const facts = fileFacts(analysis);
    invalidations.push(...facts.invalidations);
    nestRegistrations.push(...facts.nestRegistrations);
  }
  const facts = { invalidations, nestRegistrations };
  factsByProgram.set(types.program, facts);
  return facts;
}

/**
 * Whether the file has a call `fileFacts` could learn from, decided on the program's own tree
 * before the file is converted: without it, every route file with a DELETE route was converted.
 * The receiver is unknown here, so a route is only ruled out by its full shape (a router method
 * name, a literal path, inline handlers, a file that imports an HTTP framework); `fileFacts`
 * decides with handler recognition itself.
 */
function hasInvalidationCall(sourceFile: ts.SourceFile): boolean {
  const routes = sourceImportsHttpFramework(sourceFile);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text.toLowerCase();
      const args = node.arguments;
      if (invalidationMethods.has(method)) found = !(routes && ROUTER_METHODS.has(method) && isRouteShaped(args));
      else if (cacheClearMethods.has(method) && args.length === 0) found = true;
      else if (method === 'register' || method === 'registerasync') found = true;
    }
    if (!found) ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** Invalidation method names routers also register routes with: `delete`, koa-router's `del`. */
const ROUTER_METHODS: ReadonlySet<string> = new Set(
  [...invalidationMethods].filter((method) => routeFrameworks.some((framework) => framework.routeMethods.has(method))),
);

function sourceImportsHttpFramework(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some((statement) => {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) return false;
    const source = statement.moduleSpecifier.text;
    return httpFrameworkPackages.has(source) || source.startsWith('@nestjs/');
  });
}

/** `('/orders/:id', async (req, res) => …)`: a path, then inline handlers. */
function isRouteShaped(args: ts.NodeArray<ts.Expression>): boolean {
  const [first, ...rest] = args;
  return (
    first !== undefined &&
    ts.isStringLiteralLike(first) &&
    first.text.startsWith('/') &&
    rest.length > 0 &&
    rest.every((argument) => ts.isArrowFunction(argument) || ts.isFunctionExpression(argument))
  );
}

/** Is some key of this family deleted or expired: in the program (typed) or this file (untyped)? */
export function isFamilyInvalidated(analysis: FileAnalysis, family: KeyFamily, client: CacheClient): boolean {
  const group = client === 'ioredis' || client === 'node-redis' ? 'redis' : 'cache';
  const covers = (entry: Invalidation) => (entry.group === 'cache' && entry.family.prefix === '' ? group === 'cache' : sameFamily(entry.family, family));
  // Most cache modules delete what they write: the program-wide facts, which read every file
  // that mentions an invalidating call, are only needed when this file does not.
  if (fileFacts(analysis).invalidations.some(covers)) return true;
  return analysis.types ? programFacts(analysis.types, analysis).invalidations.some(covers) : false;
}

/**
 * Where and what to insert to give a two-argument `set(key, value)` an expiry, in the client's
 * own idiom and unit: ioredis `'EX', s`, node-redis `{ EX: s }`, keyv/cache-manager/Nest
 * milliseconds. Other shapes are left to the user. Shared by the rule's suggestion and the
 * `cache-ttl` codemod.
 */
export function ttlInsertion(write: CacheWrite, seconds: number): { readonly after: TSESTree.Node; readonly text: string } | undefined {
  if (write.method.toLowerCase() !== 'set' || write.call.arguments.length !== 2) return undefined;
  const value = write.call.arguments[1];
  if (!value || value.type === AST_NODE_TYPES.SpreadElement) return undefined;
  switch (write.client) {
    case 'ioredis':
      return { after: value, text: `, 'EX', ${String(seconds)}` };
    case 'node-redis':
      return { after: value, text: `, { EX: ${String(seconds)} }` };
    default:
      return { after: value, text: `, ${String(seconds * 1000)}` };
  }
}

/** The write `require-cache-invalidation` reports: no expiry, and no key family ever invalidated. */
export function uninvalidatedWrite(analysis: FileAnalysis, call: TSESTree.CallExpression): { readonly write: CacheWrite; readonly family: KeyFamily } | undefined {
  const write = cacheWriteAt(analysis, call);
  if (write?.expiry !== 'no') return undefined;
  if (write.families.some((candidate) => isFamilyInvalidated(analysis, candidate, write.client))) return undefined;
  const family = write.families[0];
  return family ? { write, family } : undefined;
}
