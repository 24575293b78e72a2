import { ScopeType } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { type FunctionNode, isFunctionNode, staticMemberName, unwrap, walk } from './ast.js';
import { type FileAnalysis, findVariable, memoize } from './file-analysis.js';
import { type CallMatcher, type CallNode, findReachable, type Reached, resolveCallTargets } from './reach.js';

/**
 * Work that runs once per process although the function around it runs per request: whatever
 * fills a long-lived slot (a module-level variable, a field of `this`, a property of `globalThis`
 * or of a module-level object) behind a guard that is true only until that slot is filled.
 *
 *   if (!memo) { if (existsSync(f)) memo = readFileSync(f); }     // the whole block
 *   if (cache) return cache; …; cache = load();                    // everything after the guard
 *   ready ??= (async () => { await mongoose.connect(url); })();    // the IIFE's body
 *   client ?? (client = connect().then((c) => c.init()))           // the chain and its callbacks
 *
 * A function met on the way up is run-once only when it runs right there: an IIFE, a `.then`
 * callback of a chain whose promise is kept, a `new Promise` executor. Any other function
 * (an event listener registered once, a stored callback) may run on every call.
 */
export function isRunOnce(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  return memoize(analysis, 'run-once', node, false, () => computeRunOnce(analysis, node));
}

function computeRunOnce(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  for (let parent = child.parent; parent; child = parent, parent = parent.parent) {
    if (isFunctionNode(parent)) {
      const runsHere = runsWhereDefined(parent);
      if (!runsHere) return false;
      // Continue from the expression the function's result flows into.
      parent = runsHere;
      continue;
    }
    if (fillsOnce(analysis, parent, child)) return true;
  }
  return false;
}

/** The call that runs `fn` on the spot (IIFE, `.then(fn)`, `new Promise(fn)`), or undefined. */
function runsWhereDefined(fn: FunctionNode): TSESTree.Node | undefined {
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.CallExpression) {
    if (parent.callee === fn) return parent;
    const callee = unwrap(parent.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? staticMemberName(callee) : undefined;
    if (method === 'then' || method === 'catch' || method === 'finally') return parent;
    return undefined;
  }
  if (
    parent.type === AST_NODE_TYPES.NewExpression &&
    parent.arguments[0] === fn &&
    parent.callee.type === AST_NODE_TYPES.Identifier &&
    parent.callee.name === 'Promise'
  ) {
    return parent;
  }
  return undefined;
}

/** Does `parent` run `child` only until some long-lived slot is filled (and fill it on the way)? */
function fillsOnce(analysis: FileAnalysis, parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.AssignmentExpression:
      // slot ??= …, slot ||= …
      return parent.right === child && (parent.operator === '??=' || parent.operator === '||=') && isLongLivedSlot(analysis, parent.left);
    case AST_NODE_TYPES.IfStatement:
      if (parent.consequent === child) return guardFills(analysis, unsetSlots(parent.test), child);
      if (parent.alternate === child) return guardFills(analysis, setSlots(parent.test), child);
      return false;
    case AST_NODE_TYPES.ConditionalExpression:
      if (parent.consequent === child) return guardFills(analysis, unsetSlots(parent.test), child);
      if (parent.alternate === child) return guardFills(analysis, setSlots(parent.test), child);
      return false;
    case AST_NODE_TYPES.LogicalExpression: {
      if (parent.right !== child) return false;
      // slot ?? (slot = …), slot || (slot = …), !slot && (slot = …)
      const slots = parent.operator === '&&' ? unsetSlots(parent.left) : setSlots(parent.left);
      if (guardFills(analysis, slots, child)) return true;
      // slot = slot ?? …
      const assignment = parent.parent;
      return (
        parent.operator !== '&&' &&
        assignment.type === AST_NODE_TYPES.AssignmentExpression &&
        assignment.right === parent &&
        slots.includes(slotText(analysis, assignment.left)) &&
        isLongLivedSlot(analysis, assignment.left)
      );
    }
    case AST_NODE_TYPES.BlockStatement:
      return afterEarlyExit(analysis, parent.body, child);
    default:
      return false;
  }
}

/**
 * `if (slot) return slot;` earlier in the same block, and the rest of the block fills the slot:
 * what follows the guard runs only while the slot is empty.
 */
function afterEarlyExit(analysis: FileAnalysis, body: readonly TSESTree.Node[], child: TSESTree.Node): boolean {
  const index = body.indexOf(child);
  for (let i = 0; i < index; i++) {
    const statement = body[i];
    if (statement?.type !== AST_NODE_TYPES.IfStatement || statement.alternate || !exits(statement.consequent)) continue;
    const slots = setSlots(statement.test);
    if (slots.length === 0) continue;
    const rest = body.slice(i + 1);
    if (slots.some((slot) => rest.some((node) => assigns(analysis, node, slot)))) return true;
  }
  return false;
}

function exits(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) return true;
  if (statement.type !== AST_NODE_TYPES.BlockStatement) return false;
  const last = statement.body.at(-1);
  return last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement;
}

/** Some slot the guard tests is long-lived and filled inside the guarded region. */
function guardFills(analysis: FileAnalysis, slots: readonly string[], region: TSESTree.Node): boolean {
  return slots.some((slot) => assigns(analysis, region, slot));
}

/**
 * `region` assigns the long-lived slot written `slot` (without whitespace), outside nested
 * functions: a callback that fills it later leaves the guard open for every request until then.
 */
function assigns(analysis: FileAnalysis, region: TSESTree.Node, slot: string): boolean {
  return memoize(analysis, `run-once:assigns:${slot}`, region, false, () => {
    let found = false;
    walk(region, (node) => {
      if (found || isFunctionNode(node)) return false;
      if (node.type === AST_NODE_TYPES.AssignmentExpression && slotText(analysis, node.left) === slot && isLongLivedSlot(analysis, node.left)) {
        found = true;
        return false;
      }
      return undefined;
    });
    return found;
  });
}

/** Slots a test is true for only while they are empty: `!s`, `s == null`, `s === undefined`, `typeof s === 'undefined'`, `!a && b`. */
function unsetSlots(test: TSESTree.Node): string[] {
  const node = unwrap(test);
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') return slotsOf(node.argument);
  if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator === '&&') return [...unsetSlots(node.left), ...unsetSlots(node.right)];
  if (node.type === AST_NODE_TYPES.BinaryExpression && (node.operator === '===' || node.operator === '==')) return comparedWithEmpty(node);
  return [];
}

/** Slots a test is true for once they are filled: `s`, `s != null`, `s !== undefined`, `a || b`. */
function setSlots(test: TSESTree.Node): string[] {
  const node = unwrap(test);
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!' && node.argument.type === AST_NODE_TYPES.UnaryExpression && node.argument.operator === '!') {
    return slotsOf(node.argument.argument);
  }
  if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator === '||') return [...setSlots(node.left), ...setSlots(node.right)];
  if (node.type === AST_NODE_TYPES.BinaryExpression && (node.operator === '!==' || node.operator === '!=')) return comparedWithEmpty(node);
  return slotsOf(node);
}

function comparedWithEmpty(node: TSESTree.BinaryExpression): string[] {
  const [left, right] = [unwrap(node.left), unwrap(node.right)];
  if (isEmptyValue(right)) return left.type === AST_NODE_TYPES.UnaryExpression && left.operator === 'typeof' ? slotsOf(left.argument) : slotsOf(left);
  if (isEmptyValue(left)) return right.type === AST_NODE_TYPES.UnaryExpression && right.operator === 'typeof' ? slotsOf(right.argument) : slotsOf(right);
  return [];
}

function isEmptyValue(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Literal) return node.value === null || node.value === 'undefined';
  if (node.type === AST_NODE_TYPES.Identifier) return node.name === 'undefined';
  return node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void';
}

/** A slot reference: an identifier or a static member chain (`this.client`, `globalForDb.pool`). */
function slotsOf(input: TSESTree.Node): string[] {
  const node = unwrap(input);
  let root: TSESTree.Node = node;
  while (root.type === AST_NODE_TYPES.MemberExpression && !root.computed) root = root.object;
  if (root.type !== AST_NODE_TYPES.Identifier && root.type !== AST_NODE_TYPES.ThisExpression) return [];
  if (node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.MemberExpression) return [];
  return [referenceText(node)];
}

function slotText(analysis: FileAnalysis, node: TSESTree.Node): string {
  const inner = unwrap(node);
  return analysis.text.slice(inner.range[0], inner.range[1]).replace(/\s+/gu, '');
}

function referenceText(node: TSESTree.Node): string {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.ThisExpression) return 'this';
  if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier) {
    return `${referenceText(unwrap(node.object))}${node.optional ? '?.' : '.'}${node.property.name}`;
  }
  return '';
}

/** A module-level variable, a field of `this`, or a property of `globalThis`/`global`/a module-level object. */
export function isLongLivedSlot(analysis: FileAnalysis, target: TSESTree.Node): boolean {
  let node = unwrap(target);
  while (node.type === AST_NODE_TYPES.MemberExpression) {
    const object = unwrap(node.object);
    if (object.type === AST_NODE_TYPES.ThisExpression) return true;
    node = object;
  }
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  if (node.name === 'globalThis' || node.name === 'global') return true;
  const scope = findVariable(analysis, node)?.scope.type;
  return scope === ScopeType.module || scope === ScopeType.global;
}

/** Marks a call that runs once per process and leads to a match: the search stops there. */
export const RUN_ONCE: unique symbol = Symbol('run-once');
export type RunOnce = typeof RUN_ONCE;

/**
 * `match`, made blind to work done once per process: a match inside a run-once region is no
 * match, and a call of a project function from such a region (`ready ??= init()`, where init()
 * connects) answers RUN_ONCE when the function leads to a match, so that reachability does not
 * search through it. Drop RUN_ONCE results with `perCall`.
 *
 * Limit: reachability stops searching a helper at its first answer, so a per-request match that
 * follows a run-once call in the same helper is not found (silence rather than a false report).
 */
export function runOnceAware<T>(question: string, match: CallMatcher<T>): CallMatcher<T | RunOnce> {
  const searching = new Set<FunctionNode>();
  const aware: CallMatcher<T | RunOnce> = (analysis, call) => {
    const value = match(analysis, call);
    if (value !== undefined) return isRunOnce(analysis, call) ? undefined : value;
    const targets = resolveCallTargets(analysis, call);
    if (targets.length === 0 || !isRunOnce(analysis, call)) return undefined;
    return memoize<RunOnce | undefined>(analysis, `run-once:leads:${question}`, call, undefined, () => {
      for (const target of targets) {
        if (searching.has(target.fn)) continue;
        searching.add(target.fn);
        try {
          if (perCall(findReachable(target.analysis, target.fn, question, aware)).length > 0) return RUN_ONCE;
        } finally {
          searching.delete(target.fn);
        }
      }
      return undefined;
    });
  };
  return aware;
}

/** The results that run per call, without the RUN_ONCE markers. */
export function perCall<T>(results: readonly Reached<T | RunOnce>[]): Reached<T>[] {
  return results.filter((result): result is Reached<T> => result.value !== RUN_ONCE);
}

export type { CallNode };
