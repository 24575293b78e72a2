import { DefinitionType } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { type FunctionNode, isFunctionNode, isInside, staticMemberName, staticString, unwrap, walk } from './ast.js';
import { type FileAnalysis, findVariable } from './file-analysis.js';
import { exportOf } from './origin.js';
import { constantNumber, resolveConstant } from './values.js';
import { isExecuted, outerExpression, type QuerySite } from './queries.js';

export type LoopKind = 'for' | 'for-of' | 'for-in' | 'for-await' | 'while' | 'do-while' | 'callback';

/**
 * The loop a node runs in, once per item: a loop statement's body, or a callback that an
 * iteration method calls per element (`forEach`, `map` fed to `Promise.all`, an async `reduce`).
 */
export interface LoopContext {
  readonly kind: LoopKind;
  /** The loop statement, or the iterating call (`items.map(...)`). */
  readonly node: TSESTree.Node;
  /** The statement body, or the callback. */
  readonly body: TSESTree.Node;
  /** For callbacks: the iteration method (`forEach`, `map`, `reduce`, `Array.from`, `pMap`…). */
  readonly method?: string;
  readonly callback?: FunctionNode;
  /** The callback's results are awaited together (`Promise.all(items.map(...))`). */
  readonly aggregated: boolean;
  /**
   * The loop walks a collection or counts through one (`for…of`, `for (i = 0; i < n; i++)`, a
   * callback), as opposed to a polling/draining `while (true)` whose iterations are not items.
   */
  readonly overCollection: boolean;
  /** For messages: `for…of loop`, `.map() callback`. */
  readonly description: string;
}

const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'reduce', 'reduceRight', 'eachAsync']);
const PROMISE_AGGREGATORS = new Set(['all', 'allSettled', 'any', 'race']);
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

/** Libraries whose `map(items, fn)` calls fn per item (with bounded concurrency, still N calls). */
const MAPPING_FUNCTIONS: readonly { readonly package: string; readonly path: readonly string[] }[] = [
  { package: 'p-map', path: [] },
  { package: 'p-map', path: ['default'] },
  { package: 'bluebird', path: ['map'] },
  { package: 'bluebird', path: ['mapSeries'] },
  { package: 'bluebird', path: ['each'] },
];

/** The innermost per-item context of `node`, or undefined when it runs once (or we cannot tell). */
export function enclosingLoop(analysis: FileAnalysis, node: TSESTree.Node): LoopContext | undefined {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.ForStatement:
        if (child === current.body) {
          const counting = current.test !== null && current.update !== null && !hasConstantBound(analysis, current.test);
          return statementLoop('for', current, current.body, counting, 'for loop');
        }
        break;
      case AST_NODE_TYPES.ForOfStatement:
        if (child === current.body) {
          const overCollection = !isFixedCollection(analysis, current.right);
          return current.await
            ? statementLoop('for-await', current, current.body, overCollection, 'for await…of loop')
            : statementLoop('for-of', current, current.body, overCollection, 'for…of loop');
        }
        break;
      case AST_NODE_TYPES.ForInStatement:
        if (child === current.body) return statementLoop('for-in', current, current.body, !isFixedCollection(analysis, current.right), 'for…in loop');
        break;
      case AST_NODE_TYPES.WhileStatement:
        if (child === current.body) return statementLoop('while', current, current.body, isCountingTest(analysis, current.test, current.body), 'while loop');
        break;
      case AST_NODE_TYPES.DoWhileStatement:
        if (child === current.body) return statementLoop('do-while', current, current.body, isCountingTest(analysis, current.test, current.body), 'do…while loop');
        break;
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.FunctionDeclaration: {
        const callback = perItemCallback(analysis, current);
        if (callback) return callback;
        // A function that runs right here, once per time its surroundings run.
        if (!isTransparent(current)) return undefined;
        break;
      }
      case AST_NODE_TYPES.ClassBody:
      case AST_NODE_TYPES.PropertyDefinition:
        return undefined;
      default:
        break;
    }
  }
  return undefined;
}

function statementLoop(kind: LoopKind, node: TSESTree.Node, body: TSESTree.Node, overCollection: boolean, description: string): LoopContext {
  return { kind, node, body, aggregated: false, overCollection, description };
}

/**
 * `while (i < ids.length) { …; i++ }`: a counter compared in the test and stepped in the body.
 * `while (true)`, `while (cursor)` and `while (queue.length)` are polling or paging loops.
 */
function isCountingTest(analysis: FileAnalysis, test: TSESTree.Expression, body: TSESTree.Node): boolean {
  const node = unwrap(test);
  if (node.type !== AST_NODE_TYPES.BinaryExpression || !['<', '<=', '>', '>='].includes(node.operator)) return false;
  if (hasConstantBound(analysis, node)) return false;
  const counters = [node.left, node.right].filter((side): side is TSESTree.Identifier => side.type === AST_NODE_TYPES.Identifier).map((side) => side.name);
  if (counters.length === 0) return false;
  let stepped = false;
  walk(body, (inner) => {
    if (stepped || isFunctionNode(inner)) return false;
    if (inner.type === AST_NODE_TYPES.UpdateExpression && inner.argument.type === AST_NODE_TYPES.Identifier && counters.includes(inner.argument.name)) {
      stepped = true;
    }
    if (
      inner.type === AST_NODE_TYPES.AssignmentExpression &&
      (inner.operator === '+=' || inner.operator === '-=') &&
      inner.left.type === AST_NODE_TYPES.Identifier &&
      counters.includes(inner.left.name)
    ) {
      stepped = true;
    }
    return undefined;
  });
  return stepped;
}

/**
 * `attempt < 3`, `i < MAX_RETRIES`: a retry or fixed-count loop, whose cost does not grow with
 * the data.
 */
function hasConstantBound(analysis: FileAnalysis, test: TSESTree.Expression): boolean {
  const node = unwrap(test);
  if (node.type !== AST_NODE_TYPES.BinaryExpression || !['<', '<=', '>', '>='].includes(node.operator)) return false;
  return constantNumber(analysis, node.left) !== undefined || constantNumber(analysis, node.right) !== undefined;
}

/**
 * A collection written in the code (`['a', 'b']`, `Object.keys(TABLES)` of a literal): a fixed
 * number of iterations, not one per row or request item.
 */
function isFixedCollection(analysis: FileAnalysis, expression: TSESTree.Node): boolean {
  let node = unwrap(expression);
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(node.callee);
    const object = callee.type === AST_NODE_TYPES.MemberExpression ? unwrap(callee.object) : undefined;
    const name = callee.type === AST_NODE_TYPES.MemberExpression ? staticMemberName(callee) : undefined;
    if (object?.type === AST_NODE_TYPES.Identifier && object.name === 'Object' && (name === 'keys' || name === 'values' || name === 'entries') && node.arguments[0]) {
      node = unwrap(node.arguments[0]);
    } else {
      return false;
    }
  }
  const resolved = node.type === AST_NODE_TYPES.Identifier ? resolveConstant(analysis, node) : { analysis, node };
  const value = resolved?.node;
  if (value?.type === AST_NODE_TYPES.ArrayExpression) return !value.elements.some((element) => element?.type === AST_NODE_TYPES.SpreadElement);
  if (value?.type === AST_NODE_TYPES.ObjectExpression) return !value.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement);
  return false;
}

/** `items.forEach(fn)`, `items.map(fn)`, `items.reduce(async fn)`, `Array.from(items, fn)`, `pMap(items, fn)`. */
function perItemCallback(analysis: FileAnalysis, fn: FunctionNode): LoopContext | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return undefined;
  const outer = outerExpression(fn);
  const call = outer.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee === outer) return undefined;
  const index = call.arguments.findIndex((argument) => argument === outer);
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && index === 0) {
    const method = staticMemberName(callee);
    if (method === undefined || !ITERATION_METHODS.has(method)) return undefined;
    if ((method === 'reduce' || method === 'reduceRight') && !fn.async) return undefined;
    if (isFixedCollection(analysis, callee.object)) return undefined;
    const aggregated = (method === 'map' || method === 'flatMap') && feedsAggregator(analysis, call);
    return { kind: 'callback', node: call, body: fn, method, callback: fn, aggregated, overCollection: true, description: `.${method}() callback` };
  }
  if (index === 1) {
    if (callee.type === AST_NODE_TYPES.MemberExpression && staticMemberName(callee) === 'from' && unwrap(callee.object).type === AST_NODE_TYPES.Identifier && (unwrap(callee.object) as TSESTree.Identifier).name === 'Array') {
      return { kind: 'callback', node: call, body: fn, method: 'Array.from', callback: fn, aggregated: feedsAggregator(analysis, call), overCollection: true, description: 'Array.from() callback' };
    }
    const ref = exportOf(analysis, callee);
    if (ref && MAPPING_FUNCTIONS.some((entry) => entry.package === ref.package && entry.path.join('.') === ref.path.join('.'))) {
      return { kind: 'callback', node: call, body: fn, method: ref.package, callback: fn, aggregated: true, overCollection: true, description: `${ref.package}() callback` };
    }
  }
  return undefined;
}

/** Runs where it is written: an IIFE, a `.then()` callback, a `new Promise` executor. */
function isTransparent(fn: FunctionNode): boolean {
  const outer = outerExpression(fn);
  const parent = outer.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === outer) return true;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.some((argument) => argument === outer)) {
    const callee = unwrap(parent.callee);
    const name = callee.type === AST_NODE_TYPES.MemberExpression ? staticMemberName(callee) : undefined;
    return name !== undefined && PROMISE_METHODS.has(name);
  }
  if (parent?.type === AST_NODE_TYPES.NewExpression && parent.arguments[0] === outer) {
    const callee = unwrap(parent.callee);
    return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Promise';
  }
  return false;
}

/** `Promise.all(items.map(...))`, `Promise.all([...items.map(...)])`, or via a `const`. */
function feedsAggregator(analysis: FileAnalysis, call: TSESTree.CallExpression): boolean {
  const outer = outerExpression(call);
  let parent = outer.parent;
  let argument: TSESTree.Node = outer;
  if (parent?.type === AST_NODE_TYPES.SpreadElement && parent.parent.type === AST_NODE_TYPES.ArrayExpression) {
    argument = parent.parent;
    parent = parent.parent.parent;
  }
  if (parent?.type === AST_NODE_TYPES.CallExpression && isPromiseAggregator(parent) && parent.arguments[0] === argument) return true;
  if (outer.parent?.type === AST_NODE_TYPES.VariableDeclarator && outer.parent.init === outer && outer.parent.id.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(analysis, outer.parent.id);
    return (
      variable?.references.some((reference) => {
        const use = reference.identifier.parent;
        return use.type === AST_NODE_TYPES.CallExpression && isPromiseAggregator(use) && use.arguments[0] === reference.identifier;
      }) ?? false
    );
  }
  return false;
}

export function isPromiseAggregator(call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = unwrap(callee.object);
  const name = staticMemberName(callee);
  return object.type === AST_NODE_TYPES.Identifier && object.name === 'Promise' && name !== undefined && PROMISE_AGGREGATORS.has(name);
}

/**
 * Does the statement actually run once per iteration? Eager clients run on the call; lazy
 * thenables (Prisma, Knex, Drizzle, Mongoose) only when awaited, then()'d, returned from an
 * async or aggregated callback, or awaited through a variable. `ops.push(prisma.x.update())`
 * collected for one `$transaction(ops)` is not a round trip per item.
 */
export function runsPerIteration(analysis: FileAnalysis, site: Pick<QuerySite, 'node' | 'lazy'>, loop: LoopContext): boolean {
  if (!site.lazy) return true;
  const node = site.node;
  if (isExecuted(node)) return true;
  const outer = outerExpression(node);
  const parent = outer.parent;
  if (!parent) return false;
  const returnedFrom =
    parent.type === AST_NODE_TYPES.ReturnStatement
      ? enclosingFunction(parent)
      : parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === outer
        ? parent
        : undefined;
  if (returnedFrom) {
    if (returnedFrom === loop.callback) return loop.aggregated || returnedFrom.async;
    // Returned from a then() callback or an async function that the loop awaits.
    return returnedFrom.async || isTransparent(returnedFrom);
  }
  if (parent.type === AST_NODE_TYPES.ArrayExpression) {
    const call = parent.parent;
    return call.type === AST_NODE_TYPES.CallExpression && isPromiseAggregator(call) && call.arguments[0] === parent;
  }
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(analysis, parent.id);
    return (
      variable?.references.some((reference) => {
        const use = reference.identifier.parent;
        return use.type === AST_NODE_TYPES.AwaitExpression && isInside(use, loop.body);
      }) ?? false
    );
  }
  return false;
}

function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return undefined;
}

/**
 * Are the statements of all iterations issued in one tick? True for a synchronous loop or
 * callback with no `await` before the statement: Prisma's dataloader batches `findUnique`
 * calls made in one tick into one query.
 */
export function issuedInOneTick(node: TSESTree.Node, loop: LoopContext): boolean {
  if (loop.kind === 'for-await' || loop.kind === 'while' || loop.kind === 'do-while') return false;
  if (loop.kind === 'callback') {
    if (loop.method === 'reduce' || loop.method === 'reduceRight' || loop.method === 'eachAsync' || loop.method === 'bluebird' || loop.method === 'p-map') return false;
    return !awaitsBefore(loop.body, node);
  }
  // A statement loop: any await in the body makes the iterations sequential.
  return !awaitsBefore(loop.body, undefined);
}

function awaitsBefore(body: TSESTree.Node, node: TSESTree.Node | undefined): boolean {
  let found = false;
  const root = isFunctionNode(body) ? body.body : body;
  walk(root, (inner) => {
    if (found) return false;
    if (inner !== root && isFunctionNode(inner)) return false;
    if (node && inner.range[0] >= node.range[0]) return false;
    if (inner.type === AST_NODE_TYPES.AwaitExpression || (inner.type === AST_NODE_TYPES.ForOfStatement && inner.await)) found = true;
    return undefined;
  });
  return found;
}

/**
 * Does the statement use a value the previous iteration produced? A cursor (`cursor = page.at(-1).id`),
 * a SCAN cursor, a parent row created one iteration earlier, or an async `reduce` accumulator:
 * then iterations are sequential by nature and cannot be one set-based statement.
 */
export function dependsOnPreviousIteration(analysis: FileAnalysis, site: Pick<QuerySite, 'chain' | 'root'>, loop: LoopContext): boolean {
  const carried = new Set<string>();
  if (loop.callback && (loop.method === 'reduce' || loop.method === 'reduceRight')) {
    const accumulator = loop.callback.params[0];
    if (accumulator?.type === AST_NODE_TYPES.Identifier) carried.add(accumulator.name);
  }
  let depends = false;
  const check = (root: TSESTree.Node) => {
    walk(root, (node) => {
      if (depends) return false;
      if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
      if (carried.has(node.name) && isReferenceTo(analysis, node, loop)) {
        depends = true;
        return false;
      }
      if (isCarried(analysis, node, loop.body)) depends = true;
      return undefined;
    });
  };
  for (const call of site.chain) for (const argument of call.args) check(argument);
  return depends;
}

function isReferenceTo(analysis: FileAnalysis, identifier: TSESTree.Identifier, loop: LoopContext): boolean {
  const definition = findVariable(analysis, identifier)?.defs[0];
  return definition?.type === DefinitionType.Parameter && definition.node === loop.callback;
}

/** Declared outside the loop body and assigned inside it by something other than a counter step. */
function isCarried(analysis: FileAnalysis, identifier: TSESTree.Identifier, body: TSESTree.Node): boolean {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === identifier && !parent.computed) return false;
  if (parent.type === AST_NODE_TYPES.Property && parent.key === identifier && !parent.shorthand) return false;
  const variable = findVariable(analysis, identifier);
  const declaration = variable?.defs[0]?.name;
  if (!variable || !declaration || isInside(declaration, body)) return false;
  return variable.references.some((reference) => {
    if (!reference.isWrite() || !isInside(reference.identifier, body)) return false;
    const writer = reference.identifier.parent;
    if (writer.type === AST_NODE_TYPES.UpdateExpression) return false;
    if (writer.type === AST_NODE_TYPES.AssignmentExpression && (writer.operator === '+=' || writer.operator === '-=')) {
      return unwrap(writer.right).type !== AST_NODE_TYPES.Literal && !isLengthOf(writer.right);
    }
    return true;
  });
}

/** `offset += rows.length` is paging by offset: still a step, not a carried value… */
function isLengthOf(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  return inner.type === AST_NODE_TYPES.MemberExpression && staticMemberName(inner) === 'length';
}

const TRANSACTION_METHODS = new Set(['transaction', '$transaction', 'withTransaction', 'runInTransaction']);
const TRANSACTION_STARTERS = new Set(['startTransaction', 'beginTransaction', 'transaction', 'startSession']);
const TRANSACTION_OPTION_KEYS = new Set(['transaction', 'session']);

/**
 * The statement runs on a transaction, whose statements must run one after another on one
 * connection: the handle passed to a transaction callback (`$transaction(async (tx) => …)`,
 * `knex.transaction(trx => …)`, `dataSource.transaction(manager => …)`, Kysely
 * `transaction().execute(trx => …)`), a handle from `await x.transaction()`, Sequelize's
 * `{ transaction: t }` and Mongoose's `{ session }` options, or a client that ran `BEGIN`.
 */
export function runsInTransaction(analysis: FileAnalysis, site: Pick<QuerySite, 'root' | 'chain' | 'node'>): boolean {
  for (const call of site.chain) {
    if (call.name === 'session' || call.name === 'transacting' || call.name === 'useTransaction') return true;
    for (const argument of call.args) {
      const node = unwrap(argument);
      if (node.type !== AST_NODE_TYPES.ObjectExpression) continue;
      for (const property of node.properties) {
        if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
        const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : staticString(property.key);
        if (key !== undefined && TRANSACTION_OPTION_KEYS.has(key)) return true;
      }
    }
  }
  const base = baseIdentifier(site.root);
  if (!base) return false;
  const definition = findVariable(analysis, base)?.defs[0];
  if (definition?.type === DefinitionType.Parameter && isTransactionCallback(definition.node)) return true;
  if (definition?.type === DefinitionType.Variable && definition.node.init) {
    const init = unwrap(definition.node.init);
    if (init.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrap(init.callee);
      const name = callee.type === AST_NODE_TYPES.MemberExpression ? staticMemberName(callee) : undefined;
      if (name !== undefined && TRANSACTION_STARTERS.has(name)) return true;
    }
  }
  return beganTransaction(analysis, base, site.node);
}

function baseIdentifier(root: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = unwrap(root);
  while (current.type === AST_NODE_TYPES.MemberExpression) current = unwrap(current.object);
  return current.type === AST_NODE_TYPES.Identifier ? current : undefined;
}

function isTransactionCallback(fn: TSESTree.Node): boolean {
  if (!isFunctionNode(fn)) return false;
  const outer = outerExpression(fn);
  const call = outer.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.some((argument) => argument === outer)) return false;
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = staticMemberName(callee);
  if (name !== undefined && TRANSACTION_METHODS.has(name)) return true;
  // Kysely: db.transaction().execute(async (trx) => …)
  const object = unwrap(callee.object);
  if (name === 'execute' && object.type === AST_NODE_TYPES.CallExpression) {
    const inner = unwrap(object.callee);
    return inner.type === AST_NODE_TYPES.MemberExpression && staticMemberName(inner) === 'transaction';
  }
  return false;
}

/** `await client.query('BEGIN')` / `queryRunner.startTransaction()` earlier in the same function. */
function beganTransaction(analysis: FileAnalysis, base: TSESTree.Identifier, node: TSESTree.Node): boolean {
  const fn = enclosingFunction(node);
  if (!fn) return false;
  const variable = findVariable(analysis, base);
  if (!variable) return false;
  return variable.references.some((reference) => {
    if (!isInside(reference.identifier, fn) || reference.identifier.range[0] >= node.range[0]) return false;
    const member = reference.identifier.parent;
    if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) return false;
    const call = member.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return false;
    const name = staticMemberName(member);
    if (name !== undefined && TRANSACTION_STARTERS.has(name)) return true;
    const text = staticString(call.arguments[0])?.trim().toLowerCase();
    return (name === 'query' || name === 'execute') && text !== undefined && /^(?:begin|start transaction)\b/u.test(text);
  });
}
