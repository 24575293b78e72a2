import type { TSESTree } from '@typescript-eslint/utils';
import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { memberCall, staticMemberName, staticString, unwrap, walk } from './ast.js';
import { type FileAnalysis, findVariable, memoize } from './file-analysis.js';
import { batchCreators, execMethods, pipelineExecMethods, setTtlTokens } from './libraries/redis-commands.js';
import { REDIS_CLIENT_KINDS } from './libraries/redis.js';
import { kindOf } from './origin.js';
import { resolveConstant, staticObject } from './values.js';

/**
 * Redis command calls on ioredis and node-redis clients: which command, on which key, and
 * whether it is sent alone, in a `multi()` transaction or in a pipeline. Shared by
 * `no-non-atomic-incr-expire` and anything else that reasons about round trips.
 */

export type RedisLibrary = 'ioredis' | 'node-redis';

/** A `multi()`/`pipeline()` batch the command is queued on. */
export interface RedisBatch {
  /** `multi`: MULTI/EXEC, atomic. `pipeline`: one write, not atomic. */
  readonly mode: 'multi' | 'pipeline';
  /** The `client.multi()` / `client.pipeline()` call that opened the batch: the batch's identity. */
  readonly root: TSESTree.CallExpression;
  /** The client expression the batch was opened on. */
  readonly client: TSESTree.Expression;
  /**
   * What makes it a pipeline, to turn it into a transaction: the `pipeline` member of ioredis's
   * `client.pipeline()`, or node-redis's `execAsPipeline` member; `replacement` is the name to
   * write instead.
   */
  readonly pipelineMarker?: { readonly node: TSESTree.Node; readonly replacement: string };
}

export interface RedisCommandCall {
  readonly call: TSESTree.CallExpression;
  readonly library: RedisLibrary;
  /** The method as written: `incrBy`, `INCRBY`, `incrby`. */
  readonly method: string;
  /** The Redis command, upper case: `INCRBY`. */
  readonly command: string;
  /** The client (for a direct call) or the batch (`client.multi()`…) the method is called on. */
  readonly receiver: TSESTree.Expression;
  /** Set when the command is queued on a `multi()` or `pipeline()` batch. */
  readonly batch?: RedisBatch;
  /** The key argument (the first one), when present. */
  readonly key?: TSESTree.Expression;
}

/** Cheap syntactic gate: a member call whose upper-cased name is one of `commands`. */
export function isRedisCommandShaped(call: TSESTree.CallExpression, commands: ReadonlySet<string>): boolean {
  const member = memberCall(call);
  return member !== undefined && commands.has(member.name.toUpperCase());
}

/** The Redis command a call sends, when its receiver is an ioredis/node-redis client or batch. */
export function redisCommand(analysis: FileAnalysis, call: TSESTree.CallExpression): RedisCommandCall | undefined {
  return memoize(analysis, 'redisCommand', call, undefined, () => {
    const member = memberCall(call);
    if (!member) return undefined;
    const first = call.arguments[0];
    const key = first && first.type !== AST_NODE_TYPES.SpreadElement ? first : undefined;
    const base = { call, method: member.name, command: member.name.toUpperCase(), receiver: member.object, ...(key ? { key } : {}) };
    const library = clientLibrary(analysis, member.object);
    if (library) return { ...base, library };
    const batch = batchOf(analysis, member.object, 0);
    if (batch) return { ...base, library: batch.library, batch: batch.batch };
    return undefined;
  });
}

function clientLibrary(analysis: FileAnalysis, node: TSESTree.Node): RedisLibrary | undefined {
  const kind = kindOf(analysis, node);
  return kind !== undefined && REDIS_CLIENT_KINDS.has(kind) ? (kind as RedisLibrary) : undefined;
}

const MAX_DEPTH = 16;

/**
 * The batch a receiver belongs to: `client.multi()` itself, a command chained on it
 * (`client.multi().incr(k)`), or a variable holding either.
 */
function batchOf(
  analysis: FileAnalysis,
  input: TSESTree.Node,
  depth: number,
): { readonly library: RedisLibrary; readonly batch: RedisBatch } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(input);
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const member = memberCall(node);
    if (!member) return undefined;
    const library = clientLibrary(analysis, member.object);
    if (library) {
      const mode = batchCreators[library][member.name];
      if (!mode) return undefined;
      return { library, batch: describeBatch(analysis, node, member.object, library, mode) };
    }
    return batchOf(analysis, member.object, depth + 1);
  }
  if (node.type === AST_NODE_TYPES.Identifier) {
    const definition = findVariable(analysis, node)?.defs[0];
    if (definition?.type !== DefinitionType.Variable || !definition.node.init || definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
    return batchOf(analysis, definition.node.init, depth + 1);
  }
  return undefined;
}

function describeBatch(
  analysis: FileAnalysis,
  root: TSESTree.CallExpression,
  client: TSESTree.Expression,
  library: RedisLibrary,
  mode: 'multi' | 'pipeline',
): RedisBatch {
  if (mode === 'pipeline') {
    const callee = unwrap(root.callee);
    const marker = callee.type === AST_NODE_TYPES.MemberExpression ? callee.property : root;
    return { mode, root, client, pipelineMarker: { node: marker, replacement: 'multi' } };
  }
  if (library === 'node-redis') {
    const marker = pipelineExecution(analysis, root);
    if (marker) return { mode: 'pipeline', root, client, ...(marker.node ? { pipelineMarker: { node: marker.node, replacement: marker.replacement } } : {}) };
  }
  return { mode, root, client };
}

/**
 * node-redis: is this `multi()` sent with `execAsPipeline()` / `exec(true)`? Looks along the
 * chain and, when the batch is kept in a variable, at the variable's uses.
 */
function pipelineExecution(
  analysis: FileAnalysis,
  root: TSESTree.CallExpression,
): { readonly node: TSESTree.Node | undefined; readonly replacement: string } | undefined {
  const end = chainEnd(root);
  const inChain = pipelineExecIn(end.calls);
  if (inChain) return inChain;
  const declarator = end.node.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = findVariable(analysis, declarator.id);
  for (const reference of variable?.references ?? []) {
    if (reference.identifier === declarator.id) continue;
    const found = pipelineExecIn(chainEnd(reference.identifier).calls);
    if (found) return found;
  }
  return undefined;
}

/** Follows `x.a(…).b(…)` upwards from `start`; the calls met, and the outermost node. */
function chainEnd(start: TSESTree.Node): { readonly node: TSESTree.Node; readonly calls: readonly TSESTree.CallExpression[] } {
  const calls: TSESTree.CallExpression[] = [];
  let current: TSESTree.Node = start;
  for (;;) {
    let parent: TSESTree.Node | undefined = current.parent;
    if (parent?.type === AST_NODE_TYPES.TSNonNullExpression) {
      current = parent;
      parent = current.parent;
    }
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== current) break;
    const grandparent: TSESTree.Node = parent.parent;
    if (grandparent.type !== AST_NODE_TYPES.CallExpression || grandparent.callee !== parent) break;
    calls.push(grandparent);
    current = grandparent;
  }
  let node = current;
  while (node.parent?.type === AST_NODE_TYPES.AwaitExpression || node.parent?.type === AST_NODE_TYPES.ChainExpression) node = node.parent;
  return { node, calls };
}

function pipelineExecIn(
  calls: readonly TSESTree.CallExpression[],
): { readonly node: TSESTree.Node | undefined; readonly replacement: string } | undefined {
  for (const call of calls) {
    const callee = unwrap(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const name = staticMemberName(callee);
    if (name === undefined) continue;
    const replacement = pipelineExecMethods[name];
    if (replacement !== undefined) return { node: callee.property, replacement };
    const flag = call.arguments[0];
    if (execMethods.has(name) && flag?.type === AST_NODE_TYPES.Literal && flag.value === true) return { node: undefined, replacement: name };
  }
  return undefined;
}

/** Every call in `root` (nested functions included) sending one of `commands` to Redis. */
export function redisCommandsIn(analysis: FileAnalysis, root: TSESTree.Node, commands: ReadonlySet<string>): readonly RedisCommandCall[] {
  const question = `redisCommandsIn:${[...commands].sort().join(',')}`;
  return memoize(analysis, question, root, [] as readonly RedisCommandCall[], () => {
    const found: RedisCommandCall[] = [];
    walk(root, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression || !isRedisCommandShaped(node, commands)) return undefined;
      const command = redisCommand(analysis, node);
      if (command) found.push(command);
      return undefined;
    });
    return found;
  });
}

/**
 * Do two key expressions name the same key? The same source text, or a `const` and the
 * expression it is bound to. Different text is treated as a different key.
 */
export function sameRedisKey(analysis: FileAnalysis, a: TSESTree.Node | undefined, b: TSESTree.Node | undefined): boolean {
  if (!a || !b) return false;
  const textA = keyText(analysis, a);
  const textB = keyText(analysis, b);
  if (textA === textB) return true;
  return boundText(analysis, a) === boundText(analysis, b);
}

function keyText(analysis: FileAnalysis, node: TSESTree.Node): string {
  const inner = unwrap(node);
  return analysis.text.slice(inner.range[0], inner.range[1]).replace(/\s+/gu, '');
}

function boundText(analysis: FileAnalysis, node: TSESTree.Node): string {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return keyText(analysis, inner);
  const resolved = resolveConstant(analysis, inner);
  if (!resolved || resolved.analysis !== analysis || resolved.node === inner) return keyText(analysis, inner);
  return keyText(analysis, resolved.node);
}

/**
 * `SET key value EX s NX` (ioredis tokens) or `set(key, value, { NX: true, EX: s })` /
 * `{ condition: 'NX', expiration: { type: 'EX', value } }` (node-redis): creates the key with
 * its TTL in one command, only when it does not exist yet.
 */
export function createsKeyWithTtl(analysis: FileAnalysis, command: RedisCommandCall): boolean {
  if (command.command !== 'SET') return false;
  const extra = command.call.arguments.slice(2);
  const tokens = new Set<string>();
  for (const argument of extra) {
    const token = staticString(argument) ?? constantString(analysis, argument);
    if (token !== undefined) {
      tokens.add(token.toUpperCase());
      continue;
    }
    const options = staticObject(analysis, argument);
    if (!options) continue;
    for (const [name, { value, analysis: valueAnalysis }] of options.properties) {
      const upper = name.toUpperCase();
      if (upper === 'NX' && isTruthyLiteral(value)) tokens.add('NX');
      if (setTtlTokens.has(upper)) tokens.add(upper);
      if (name === 'condition' && (staticString(value) ?? constantString(valueAnalysis, value))?.toUpperCase() === 'NX') tokens.add('NX');
      if (name === 'expiration') {
        const expiration = staticObject(valueAnalysis, value);
        const type = expiration?.properties.get('type');
        const typeName = type ? staticString(type.value) : undefined;
        if (typeName !== undefined && setTtlTokens.has(typeName.toUpperCase())) tokens.add(typeName.toUpperCase());
      }
    }
  }
  return tokens.has('NX') && [...setTtlTokens].some((token) => tokens.has(token));
}

function constantString(analysis: FileAnalysis, node: TSESTree.Node): string | undefined {
  const resolved = resolveConstant(analysis, node);
  return resolved && resolved.node !== unwrap(node) ? staticString(resolved.node) : undefined;
}

function isTruthyLiteral(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  return inner.type === AST_NODE_TYPES.Literal && Boolean(inner.value);
}
