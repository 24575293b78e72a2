import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { type FileAnalysis, getFileAnalysis, nearestFunction, staticString, walk } from '../analysis/index.js';
import { counterCommands, expireCommands, setCommands } from '../analysis/libraries/redis-commands.js';
import {
  createsKeyWithTtl,
  isRedisCommandShaped,
  type RedisCommandCall,
  redisCommand,
  redisCommandsIn,
  sameRedisKey,
} from '../analysis/redis-commands.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    allowPipeline?: boolean;
  },
];
export type MessageIds = 'separateRoundTrips' | 'pipelineNotAtomic' | 'useMulti' | 'useMultiForPipeline';

/** Counter commands whose reply is an integer, so `Number(reply)` keeps the value the code used. */
const INTEGER_COUNTERS = new Set(['INCR', 'INCRBY', 'DECR', 'DECRBY', 'HINCRBY']);
const EXPIRE_MODES = new Set(['NX', 'XX', 'GT', 'LT']);

export default createRule<Options, MessageIds>({
  name: 'no-non-atomic-incr-expire',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow Redis counters whose increment and expiry are separate, non-atomic commands',
      recommended: true,
      concern: 'data-access',
    },
    hasSuggestions: true,
    messages: {
      separateRoundTrips:
        '`{{incr}}` and `{{expire}}` on the same key are separate Redis round trips: if the process dies or the connection drops between them, the counter keeps no TTL and never resets, so a rate limit built on it locks the client out for good. Send both in one multi() transaction, use a Lua script, or create the key with SET … EX … NX first.',
      pipelineNotAtomic:
        '`{{incr}}` and `{{expire}}` share a pipeline: one write, but not a transaction, so a failure between them can still leave a counter that never expires. Use multi() instead.',
      useMulti: 'Send {{incr}} and {{expire}} together in one multi() transaction{{note}}.',
      useMultiForPipeline: 'Make the pipeline a multi() transaction.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowPipeline: {
            type: 'boolean',
            description: 'Accept an increment and expiry sent together in one pipeline (one write, but not atomic).',
          },
        },
      },
    ],
    defaultOptions: [{ allowPipeline: true }],
  },
  create(context, [options]) {
    const allowPipeline = options.allowPipeline ?? true;

    return {
      CallExpression(node) {
        if (!isRedisCommandShaped(node, counterCommands)) return;
        const analysis = getFileAnalysis(context);
        const counter = redisCommand(analysis, node);
        if (!counter?.key) return;
        const scope = nearestFunction(node) ?? analysis.ast;
        const expires = redisCommandsIn(analysis, scope, expireCommands).filter((expire) => sameRedisKey(analysis, counter.key, expire.key));
        if (expires.length === 0) return;
        // SET key 0 EX … NX creates the key with its TTL, so the later expiry is only a refresh.
        const sets = redisCommandsIn(analysis, scope, setCommands);
        if (sets.some((set) => sameRedisKey(analysis, counter.key, set.key) && createsKeyWithTtl(analysis, set))) return;

        const separate = expires.find((expire) => !counter.batch || expire.batch?.root !== counter.batch.root);
        if (separate) {
          let rewrite: Rewrite | undefined;
          for (const expire of expires) {
            rewrite ??= multiRewrite(analysis, counter, expire);
          }
          context.report({
            node,
            messageId: 'separateRoundTrips',
            data: { incr: counter.method, expire: separate.method },
            suggest: rewrite
              ? [
                  {
                    messageId: 'useMulti',
                    data: {
                      incr: counter.method,
                      expire: separate.method,
                      note: rewrite.addedNx ? ' (EXPIRE NX keeps the first window; it needs Redis 7)' : '',
                    },
                    fix: (fixer) => fixer.replaceTextRange(rewrite.range, rewrite.text),
                  },
                ]
              : [],
          });
          return;
        }
        const batch = counter.batch;
        if (allowPipeline || batch?.mode !== 'pipeline') return;
        const sharing = expires[0];
        if (!sharing) return;
        const marker = batch.pipelineMarker;
        context.report({
          node,
          messageId: 'pipelineNotAtomic',
          data: { incr: counter.method, expire: sharing.method },
          suggest: marker
            ? [{ messageId: 'useMultiForPipeline', fix: (fixer): TSESLint.RuleFix => fixer.replaceText(marker.node, marker.replacement) }]
            : [],
        });
      },
    };
  },
});

interface Rewrite {
  readonly range: [number, number];
  readonly text: string;
  readonly addedNx: boolean;
}

/**
 * Rewrites the simple statement shapes into one `multi()` chain:
 *
 *     const count = await redis.incr(key);          await redis.incr(key);
 *     [if (…)] await redis.expire(key, 60);         await redis.expire(key, 60);
 *
 * The counter value is read back from the transaction's replies (ioredis: `[error, reply]`
 * pairs, node-redis: replies). A guarded expiry becomes `EXPIRE … NX`, which keeps the guard's
 * meaning (only the first increment starts the window). Anything else gets no suggestion.
 */
function multiRewrite(analysis: FileAnalysis, counter: RedisCommandCall, expire: RedisCommandCall): Rewrite | undefined {
  if (counter.batch || expire.batch) return undefined;
  if (!INTEGER_COUNTERS.has(counter.command)) return undefined;
  const clientText = textOf(analysis, counter.receiver);
  if (clientText !== textOf(analysis, expire.receiver)) return undefined;

  const counterStatement = counterStatementOf(counter.call);
  if (!counterStatement) return undefined;
  const expireStatement = expireStatementOf(expire.call);
  if (!expireStatement) return undefined;
  const body = parentOf(counterStatement.statement);
  if (body?.type !== AST_NODE_TYPES.BlockStatement && body?.type !== AST_NODE_TYPES.Program) return undefined;
  const index = (body.body as TSESTree.Node[]).indexOf(counterStatement.statement);
  if (index < 0 || body.body[index + 1] !== expireStatement.statement) return undefined;

  const expireArgs = expire.call.arguments.map((argument) => textOf(analysis, argument));
  // EXPIRE key seconds [NX | XX | GT | LT]: anything else in third place (a callback) is not ours to move.
  const modeArgument = expire.call.arguments[2];
  const mode = modeArgument ? staticString(modeArgument)?.toUpperCase() : undefined;
  if (expire.call.arguments.length > 3 || (modeArgument && (mode === undefined || !EXPIRE_MODES.has(mode)))) return undefined;
  let addedNx = false;
  if (expireStatement.guarded) {
    if (modeArgument && mode !== 'NX') return undefined;
    if (!modeArgument) {
      expireArgs.push("'NX'");
      addedNx = true;
    }
  }

  const counterArgs = counter.call.arguments.map((argument) => textOf(analysis, argument)).join(', ');
  const chain = `${clientText}.multi().${counter.method}(${counterArgs}).${expire.method}(${expireArgs.join(', ')}).exec()`;
  const range: [number, number] = [counterStatement.statement.range[0], expireStatement.statement.range[1]];
  if (!counterStatement.declaration) return { range, text: `await ${chain};`, addedNx };

  const { kind, id } = counterStatement.declaration;
  const replies = freshName(analysis, `${id.name}Replies`);
  const reply = counter.library === 'ioredis' ? `${replies}?.[0]?.[1]` : `${replies}[0]`;
  const indent = lineIndent(analysis, counterStatement.statement.range[0]);
  const separator = indent === undefined ? ' ' : `\n${indent}`;
  return {
    range,
    text: `const ${replies} = await ${chain};${separator}${kind} ${textOf(analysis, id)} = Number(${reply});`,
    addedNx,
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
function expireStatementOf(call: TSESTree.CallExpression): { readonly statement: TSESTree.Statement; readonly guarded: boolean } | undefined {
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
    return { statement: holder, guarded: true };
  }
  return inner === statement ? { statement, guarded: false } : undefined;
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
