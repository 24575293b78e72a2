import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { nearestFunction, staticString, unwrap, walk } from './ast.js';
import type { FileAnalysis } from './file-analysis.js';
import { counterCommands, expireCommands, setCommands } from './libraries/redis-commands.js';
import {
  createsKeyWithTtl,
  isRedisCommandShaped,
  type RedisBatch,
  type RedisCommandCall,
  redisCommand,
  redisCommandsIn,
  sameRedisKey,
} from './redis-commands.js';

/**
 * Redis counters whose increment and expiry are separate commands: the decision
 * `no-non-atomic-incr-expire` reports, and the `multi()` rewrite both its suggestion and the
 * `atomic-incr-expire` codemod apply, so the codemod changes exactly the reported pairs.
 */

/** Counter commands whose reply is an integer, so `Number(reply)` keeps the value the code used. */
const INTEGER_COUNTERS = new Set(['INCR', 'INCRBY', 'DECR', 'DECRBY', 'HINCRBY']);
const EXPIRE_MODES = new Set(['NX', 'XX', 'GT', 'LT']);

export type IncrExpireFinding =
  /** The increment and an expiry of its key go out as separate round trips. */
  | {
      readonly kind: 'separate';
      readonly counter: RedisCommandCall;
      /** The first expiry that is not in the counter's batch. */
      readonly expire: RedisCommandCall;
      /** The `multi()` rewrite, from the first expiry of the key that allows one. */
      readonly rewrite?: MultiRewrite;
      /** Why there is no rewrite (for the first expiry of the key), when there is none. */
      readonly reason?: string;
    }
  /** Both share a pipeline (reported only with `allowPipeline: false`). */
  | {
      readonly kind: 'pipeline';
      readonly counter: RedisCommandCall;
      readonly expire: RedisCommandCall;
      readonly marker?: NonNullable<RedisBatch['pipelineMarker']>;
    };

export interface MultiRewrite {
  /** The statements from the increment to the expiry, replaced by `text`. */
  readonly range: [number, number];
  readonly text: string;
  /** A guarded expiry became `EXPIRE … NX`. */
  readonly addedNx: boolean;
  /** The `if` test that guarded the expiry and disappears in the rewrite. */
  readonly guard?: TSESTree.Expression;
  /** The variable the increment's value was declared as (`count` in `const count = await …`). */
  readonly counterVariable?: TSESTree.Identifier;
}

/**
 * The non-atomic increment/expiry pair `call` starts, if any: `call` is the counter command, an
 * expiry of the same key is sent in the same function, and the key is not created with its TTL
 * (`SET key 0 EX … NX`) there first.
 */
export function nonAtomicIncrExpire(
  analysis: FileAnalysis,
  call: TSESTree.CallExpression,
  options: { readonly allowPipeline: boolean },
): IncrExpireFinding | undefined {
  if (!isRedisCommandShaped(call, counterCommands)) return undefined;
  const counter = redisCommand(analysis, call);
  if (!counter?.key) return undefined;
  const scope = nearestFunction(call) ?? analysis.ast;
  const expires = redisCommandsIn(analysis, scope, expireCommands).filter((expire) => sameRedisKey(analysis, counter.key, expire.key));
  if (expires.length === 0) return undefined;
  // SET key 0 EX … NX creates the key with its TTL, so the later expiry is only a refresh.
  const sets = redisCommandsIn(analysis, scope, setCommands);
  if (sets.some((set) => sameRedisKey(analysis, counter.key, set.key) && createsKeyWithTtl(analysis, set))) return undefined;

  const separate = expires.find((expire) => !counter.batch || expire.batch?.root !== counter.batch.root);
  if (separate) {
    let rewrite: MultiRewrite | undefined;
    let reason: string | undefined;
    for (const expire of expires) {
      if (rewrite) break;
      const plan = planMultiRewrite(analysis, counter, expire);
      if ('rewrite' in plan) rewrite = plan.rewrite;
      else reason ??= plan.reason;
    }
    return rewrite ? { kind: 'separate', counter, expire: separate, rewrite } : { kind: 'separate', counter, expire: separate, ...(reason ? { reason } : {}) };
  }
  const batch = counter.batch;
  if (options.allowPipeline || batch?.mode !== 'pipeline') return undefined;
  const sharing = expires[0];
  if (!sharing) return undefined;
  return { kind: 'pipeline', counter, expire: sharing, ...(batch.pipelineMarker ? { marker: batch.pipelineMarker } : {}) };
}

/**
 * Is the guard of a rewritten expiry exactly "this was the first increment" — `count === 1`
 * after `INCR`, `count === n` after `INCRBY key n` with a literal `n` — which `EXPIRE … NX`
 * expresses? Other guards (`count > 10`, a flag) would change meaning as NX.
 */
export function isFirstIncrementGuard(rewrite: MultiRewrite, counter: RedisCommandCall): boolean {
  const guard = rewrite.guard;
  const variable = rewrite.counterVariable;
  if (!guard || !variable) return false;
  let firstValue: number | undefined;
  if (counter.command === 'INCR' && counter.call.arguments.length === 1) firstValue = 1;
  else if (counter.command === 'INCRBY' && counter.call.arguments.length === 2) firstValue = numberLiteral(counter.call.arguments[1]);
  if (firstValue === undefined) return false;
  const test = unwrap(guard);
  if (test.type !== AST_NODE_TYPES.BinaryExpression || (test.operator !== '===' && test.operator !== '==')) return false;
  const sides = [unwrap(test.left), unwrap(test.right)];
  const named = sides.some((side) => side.type === AST_NODE_TYPES.Identifier && side.name === variable.name);
  return named && sides.some((side) => numberLiteral(side) === firstValue);
}

function numberLiteral(node: TSESTree.Node | undefined): number | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'number') return inner.value;
  return undefined;
}

/**
 * Rewrites the simple statement shapes into one `multi()` chain:
 *
 *     const count = await redis.incr(key);          await redis.incr(key);
 *     [if (…)] await redis.expire(key, 60);         await redis.expire(key, 60);
 *
 * The counter value is read back from the transaction's replies (ioredis: `[error, reply]`
 * pairs, node-redis: replies). A guarded expiry becomes `EXPIRE … NX`, which keeps the guard's
 * meaning (only the first increment starts the window). Anything else gets no rewrite.
 */
export function multiRewrite(analysis: FileAnalysis, counter: RedisCommandCall, expire: RedisCommandCall): MultiRewrite | undefined {
  const plan = planMultiRewrite(analysis, counter, expire);
  return 'rewrite' in plan ? plan.rewrite : undefined;
}

/** `multiRewrite`, or the reason (for people) there is none. */
export function planMultiRewrite(
  analysis: FileAnalysis,
  counter: RedisCommandCall,
  expire: RedisCommandCall,
): { readonly rewrite: MultiRewrite } | { readonly reason: string } {
  if (counter.batch || expire.batch) return { reason: `one of ${counter.method} and ${expire.method} is already queued on a multi()/pipeline and the other is not` };
  if (!INTEGER_COUNTERS.has(counter.command)) {
    return { reason: `${counter.method} does not reply with an integer, so reading it back from the transaction would change its value's type` };
  }
  const clientText = textOf(analysis, counter.receiver);
  if (clientText !== textOf(analysis, expire.receiver)) return { reason: `${counter.method} and ${expire.method} are sent through different client expressions` };

  const counterStatement = counterStatementOf(counter.call);
  if (!counterStatement) {
    return {
      reason: `${counter.method} is not a plain \`await\` statement or \`const x = await …\` declaration (a promise chain, callback, optional call or larger expression)`,
    };
  }
  const expireStatement = expireStatementOf(expire.call);
  if (!expireStatement) {
    return {
      reason: `${expire.method} is not a plain statement (alone, or the only statement of an \`if\` with a side-effect-free test)`,
    };
  }
  const body = parentOf(counterStatement.statement);
  if (body?.type !== AST_NODE_TYPES.BlockStatement && body?.type !== AST_NODE_TYPES.Program) {
    return { reason: `${counter.method} is not a statement of a block` };
  }
  const index = (body.body as TSESTree.Node[]).indexOf(counterStatement.statement);
  if (index < 0 || body.body[index + 1] !== expireStatement.statement) {
    return {
      reason: `${expire.method} does not directly follow ${counter.method} (code runs in between, or it is in another block or function): one transaction would change what that code sees`,
    };
  }

  const expireArgs = expire.call.arguments.map((argument) => textOf(analysis, argument));
  // EXPIRE key seconds [NX | XX | GT | LT]: anything else in third place (a callback) is not ours to move.
  const modeArgument = expire.call.arguments[2];
  const mode = modeArgument ? staticString(modeArgument)?.toUpperCase() : undefined;
  if (expire.call.arguments.length > 3 || (modeArgument && (mode === undefined || !EXPIRE_MODES.has(mode)))) {
    return { reason: `${expire.method} has arguments other than key, time and NX/XX/GT/LT` };
  }
  let addedNx = false;
  if (expireStatement.guard) {
    if (modeArgument && mode !== 'NX') return { reason: `the guarded ${expire.method} already has mode ${mode ?? '?'}, which NX cannot replace` };
    if (!modeArgument) {
      expireArgs.push("'NX'");
      addedNx = true;
    }
  }
  const guard = expireStatement.guard ? { guard: expireStatement.guard } : {};

  const counterArgs = counter.call.arguments.map((argument) => textOf(analysis, argument)).join(', ');
  const chain = `${clientText}.multi().${counter.method}(${counterArgs}).${expire.method}(${expireArgs.join(', ')}).exec()`;
  const range: [number, number] = [counterStatement.statement.range[0], expireStatement.statement.range[1]];
  // ioredis resolves a transaction with [error, reply] pairs instead of rejecting, so a failed
  // command (WRONGTYPE, OOM) is rethrown, as the separate awaits would have thrown it.
  const rethrow = (replies: string) => `for (const [error] of ${replies} ?? []) if (error) throw error;`;
  if (!counterStatement.declaration) {
    const text = counter.library === 'ioredis' ? rethrow(`(await ${chain})`) : `await ${chain};`;
    return { rewrite: { range, text, addedNx, ...guard } };
  }

  const { kind, id } = counterStatement.declaration;
  const replies = freshName(analysis, `${id.name}Replies`);
  const reply = counter.library === 'ioredis' ? `${replies}?.[0]?.[1]` : `${replies}[0]`;
  const indent = lineIndent(analysis, counterStatement.statement.range[0]);
  const separator = indent === undefined ? ' ' : `\n${indent}`;
  const check = counter.library === 'ioredis' ? `${separator}${rethrow(replies)}` : '';
  return {
    rewrite: {
      range,
      text: `const ${replies} = await ${chain};${check}${separator}${kind} ${textOf(analysis, id)} = Number(${reply});`,
      addedNx,
      ...guard,
      counterVariable: id,
    },
  };
}

/** `const count = await redis.incr(key);` or `await redis.incr(key);`. */
function counterStatementOf(call: TSESTree.CallExpression):
  | { readonly statement: TSESTree.Statement; readonly declaration?: { readonly kind: string; readonly id: TSESTree.Identifier } }
  | undefined {
  const awaited = parentOf(call);
  if (awaited?.type !== AST_NODE_TYPES.AwaitExpression) return undefined;
  const holder = parentOf(awaited);
  if (holder?.type === AST_NODE_TYPES.ExpressionStatement) return { statement: holder };
  if (holder?.type !== AST_NODE_TYPES.VariableDeclarator || holder.init !== awaited || holder.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const declaration = holder.parent;
  if (declaration.declarations.length !== 1 || declaration.kind === 'using' || declaration.kind === 'await using') return undefined;
  return { statement: declaration, declaration: { kind: declaration.kind, id: holder.id } };
}

/** `[await] redis.expire(key, s);`, optionally the only statement of an `if` without `else`. */
function expireStatementOf(call: TSESTree.CallExpression): { readonly statement: TSESTree.Statement; readonly guard?: TSESTree.Expression } | undefined {
  let expression: TSESTree.Node = call;
  const wrapper = parentOf(expression);
  if (wrapper?.type === AST_NODE_TYPES.AwaitExpression || (wrapper?.type === AST_NODE_TYPES.UnaryExpression && wrapper.operator === 'void')) expression = wrapper;
  const statement = parentOf(expression);
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  let holder = parentOf(statement);
  let inner: TSESTree.Node = statement;
  if (holder?.type === AST_NODE_TYPES.BlockStatement && holder.body.length === 1) {
    inner = holder;
    holder = parentOf(holder);
  }
  // The guard disappears in the rewrite, so it must be free of side effects.
  if (holder?.type === AST_NODE_TYPES.IfStatement && holder.consequent === inner && !holder.alternate && isPure(holder.test)) {
    return { statement: holder, guard: holder.test };
  }
  return inner === statement ? { statement } : undefined;
}

/** No calls, awaits, assignments or updates: dropping the expression changes nothing. */
function isPure(root: TSESTree.Node): boolean {
  let pure = true;
  walk(root, (node) => {
    if (!pure) return false;
    switch (node.type) {
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.AssignmentExpression:
      case AST_NODE_TYPES.UpdateExpression:
      case AST_NODE_TYPES.YieldExpression:
      case AST_NODE_TYPES.TaggedTemplateExpression:
        pure = false;
        return false;
      case AST_NODE_TYPES.UnaryExpression:
        if (node.operator === 'delete') pure = false;
        return undefined;
      default:
        return undefined;
    }
  });
  return pure;
}

/** A node's parent, typed as possibly absent (the Program has none). */
function parentOf(node: TSESTree.Node): TSESTree.Node | undefined {
  return node.parent;
}

function textOf(analysis: FileAnalysis, node: TSESTree.Node): string {
  return analysis.text.slice(node.range[0], node.range[1]);
}

function lineIndent(analysis: FileAnalysis, offset: number): string | undefined {
  const lineStart = analysis.text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = analysis.text.slice(lineStart, offset);
  return /^\s*$/u.test(prefix) ? prefix : undefined;
}

/** `base`, or `base2`, `base3`… when the file already uses the name. */
function freshName(analysis: FileAnalysis, base: string): string {
  const used = (name: string) => new RegExp(`\\b${name}\\b`, 'u').test(analysis.text);
  if (!used(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}${String(suffix)}`;
    if (!used(candidate)) return candidate;
  }
}
