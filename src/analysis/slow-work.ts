import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { type FunctionNode, isFunctionNode, memberCall, nearestFunction, staticString, unwrap } from './ast.js';
import { handlerInfo } from './context.js';
import { type FileAnalysis, findVariable } from './file-analysis.js';
import {
  outgoingHttp,
  slowCommands,
  slowConstructors,
  slowExports,
  slowMethods,
  type SlowWorkCategory,
} from './libraries/slow-work.js';
import { exportOf, kindOf } from './origin.js';
import type { CallNode } from './reach.js';
import { exportKey, normalizeExportPath } from './registry.js';
import { staticObject } from './values.js';

/**
 * Work a request handler waits for although the response does not need it: sending email,
 * rendering PDFs and images, push notifications, SMS, delivering webhooks to every subscriber.
 * Shared by the `no-inline-slow-work` rule and the audit report.
 */
export interface SlowWork {
  readonly call: CallNode;
  readonly category: SlowWorkCategory;
  /** How messages name the call: `nodemailer sendMail`. */
  readonly label: string;
  /** CPU work on the main thread: it delays the response whether or not it is awaited. */
  readonly mainThread: boolean;
}

const METHOD_NAMES = new Set<string>([
  ...slowMethods.flatMap((entry) => entry.methods),
  ...outgoingHttp.deliveryMethods,
  'send',
]);
const EXPORT_NAMES = new Set<string>(slowExports.map((entry) => entry.path.at(-1) ?? ''));
const EXPORT_KEYS = new Map(slowExports.map((entry) => [exportKey(entry), entry]));
const FETCH_KEYS = new Set(outgoingHttp.fetchExports.map((entry) => exportKey(entry)));
const CLIENT_PACKAGES = new Set(outgoingHttp.clientPackages);
const DELIVERY_METHODS = new Set(outgoingHttp.deliveryMethods);

/** Cheap syntactic gate before any kind or export lookup. */
export function isSlowWorkShaped(call: CallNode): boolean {
  const callee = unwrap(call.callee);
  if (call.type === AST_NODE_TYPES.NewExpression) {
    return callee.type === AST_NODE_TYPES.Identifier || callee.type === AST_NODE_TYPES.MemberExpression;
  }
  const member = memberCall(call);
  if (member) return METHOD_NAMES.has(member.name) || EXPORT_NAMES.has(member.name);
  if (callee.type !== AST_NODE_TYPES.Identifier) return false;
  return callee.name === 'fetch' || EXPORT_NAMES.has(callee.name) || importedIdentifier(callee);
}

function importedIdentifier(callee: TSESTree.Identifier): boolean {
  // `import fetch from 'node-fetch'` binds any local name; cheap enough to let exportOf decide.
  return callee.name !== 'require';
}

/**
 * The slow work a call starts, when its result is waited for where it is called (awaited,
 * returned, collected into an awaited Promise.all). CPU-bound rendering on the main thread
 * counts whether awaited or not. Uses only the analysis it is given.
 */
export function slowWorkCall(analysis: FileAnalysis, call: CallNode): SlowWork | undefined {
  if (!isSlowWorkShaped(call)) return undefined;
  if (call.type === AST_NODE_TYPES.NewExpression) {
    const kind = kindOf(analysis, call);
    const entry = kind === undefined ? undefined : slowConstructors.find((candidate) => candidate.kind === kind);
    return entry ? { call, category: entry.category, label: entry.label, mainThread: true } : undefined;
  }
  const found = classify(analysis, call);
  if (!found) return undefined;
  if (!found.mainThread && !isAwaitedWork(analysis, call)) return undefined;
  return { call, category: found.category, label: found.label, mainThread: found.mainThread };
}

interface Classified {
  readonly category: SlowWorkCategory;
  readonly label: string;
  readonly mainThread: boolean;
}

function classify(analysis: FileAnalysis, call: TSESTree.CallExpression): Classified | undefined {
  const member = memberCall(call);
  if (member && METHOD_NAMES.has(member.name)) {
    const kind = kindOf(analysis, member.object);
    if (kind !== undefined) {
      const entry = slowMethods.find((candidate) => candidate.kind === kind && candidate.methods.includes(member.name));
      if (entry) return { category: entry.category, label: entry.label, mainThread: entry.mainThread === true };
    }
    if (member.name === 'send' && call.arguments[0]) {
      const commandKind = kindOf(analysis, call.arguments[0]);
      const command = commandKind === undefined ? undefined : slowCommands.find((candidate) => candidate.kind === commandKind);
      if (command) return { category: command.category, label: command.label, mainThread: false };
    }
  }
  const ref = exportOf(analysis, call.callee);
  const exported = ref ? EXPORT_KEYS.get(exportKey(ref)) : undefined;
  if (exported) return { category: exported.category, label: exported.label, mainThread: false };
  const delivery = webhookDelivery(analysis, call);
  return delivery ? { category: 'webhook-fanout', label: delivery, mainThread: false } : undefined;
}

/**
 * An outgoing POST/PUT whose URL comes from the element of a loop or of a `.map` callback:
 * one delivery per subscriber. A POST to a fixed URL is one API call, not a fan-out.
 */
function webhookDelivery(analysis: FileAnalysis, call: TSESTree.CallExpression): string | undefined {
  const label = outgoingPost(analysis, call);
  if (label === undefined) return undefined;
  const url = call.arguments[0];
  if (!url || url.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const bindings = iterationBindings(analysis, call);
  if (bindings.size === 0) return undefined;
  return urlFromElement(analysis, url, bindings, 0) ? label : undefined;
}

/**
 * The URL's host comes from the element: `hook`, `sub.url`, `${sub.endpoint}/events`,
 * `new URL('/events', sub.baseUrl)`. `${API}/items/${item.id}` (one API, many paths) does not.
 */
function urlFromElement(analysis: FileAnalysis, input: TSESTree.Node, bindings: ReadonlySet<unknown>, depth: number): boolean {
  if (depth > 4) return false;
  const node = unwrap(input);
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return isBinding(analysis, node, bindings);
    case AST_NODE_TYPES.MemberExpression: {
      let root: TSESTree.Node = node;
      while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrap(root.object);
      return root.type === AST_NODE_TYPES.Identifier && isBinding(analysis, root, bindings);
    }
    case AST_NODE_TYPES.TemplateLiteral: {
      const first = node.expressions[0];
      return node.quasis[0]?.value.cooked === '' && first !== undefined && urlFromElement(analysis, first, bindings, depth + 1);
    }
    case AST_NODE_TYPES.BinaryExpression:
      return node.operator === '+' && urlFromElement(analysis, node.left, bindings, depth + 1);
    case AST_NODE_TYPES.NewExpression: {
      const callee = unwrap(node.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'URL') return false;
      const base = node.arguments[1] ?? node.arguments[0];
      return base !== undefined && base.type !== AST_NODE_TYPES.SpreadElement && urlFromElement(analysis, base, bindings, depth + 1);
    }
    default:
      return false;
  }
}

function isBinding(analysis: FileAnalysis, identifier: TSESTree.Identifier, bindings: ReadonlySet<unknown>): boolean {
  const variable = findVariable(analysis, identifier);
  return variable !== undefined && bindings.has(variable);
}

/** `fetch(url, { method: 'POST' })`, `axios.post(url, body)`, `got.put(url)`. */
function outgoingPost(analysis: FileAnalysis, call: TSESTree.CallExpression): string | undefined {
  const callee = unwrap(call.callee);
  const member = memberCall(call);
  if (member && DELIVERY_METHODS.has(member.name)) {
    const objectRef = exportOf(analysis, member.object);
    if (objectRef && normalizeExportPath(objectRef.path).length === 0 && CLIENT_PACKAGES.has(objectRef.package)) {
      return `${objectRef.package}.${member.name}`;
    }
    const kind = kindOf(analysis, member.object);
    if (kind !== undefined && outgoingHttp.clientKinds.includes(kind)) return `${kind.split('.')[0] ?? kind}.${member.name}`;
    return undefined;
  }
  if (!isFetch(analysis, callee)) return undefined;
  const options = staticObject(analysis, call.arguments[1]);
  const method = options?.properties.get('method');
  const value = method ? staticString(unwrap(method.value))?.toUpperCase() : undefined;
  return value === 'POST' || value === 'PUT' ? `fetch ${value}` : undefined;
}

function isFetch(analysis: FileAnalysis, callee: TSESTree.Node): boolean {
  if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'fetch') {
    const variable = findVariable(analysis, callee);
    if (!variable || variable.defs.length === 0) return true;
  }
  const ref = exportOf(analysis, callee);
  return ref !== undefined && FETCH_KEYS.has(exportKey(ref));
}

/** Variables that take a new value per element: `for (const sub of subs)`, `subs.map((sub) => …)`. */
function iterationBindings(analysis: FileAnalysis, call: TSESTree.Node): Set<unknown> {
  const bindings = new Set<unknown>();
  const manager = analysis.scopeManager;
  if (!manager) return bindings;
  for (let current: TSESTree.Node | undefined = call.parent; current; current = current.parent) {
    if (
      (current.type === AST_NODE_TYPES.ForOfStatement || current.type === AST_NODE_TYPES.ForInStatement) &&
      current.left.type === AST_NODE_TYPES.VariableDeclaration
    ) {
      for (const variable of manager.getDeclaredVariables(current.left)) bindings.add(variable);
    }
    if (isFunctionNode(current)) {
      const parent = current.parent;
      const name = parent.type === AST_NODE_TYPES.CallExpression ? memberCall(parent)?.name : undefined;
      if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(current as TSESTree.CallExpressionArgument) && name !== undefined && ITERATING.has(name)) {
        for (const param of current.params) {
          for (const variable of manager.getDeclaredVariables(param)) bindings.add(variable);
        }
        for (const variable of manager.getDeclaredVariables(current)) bindings.add(variable);
      }
      break;
    }
  }
  return bindings;
}

const ITERATING = new Set(['map', 'flatMap', 'forEach']);

/** Methods whose result still carries the promise of the call they are made on. */
const CHAIN_THROUGH = new Set(['then', 'catch', 'finally', 'promise', 'json', 'text', 'send', 'set', 'timeout']);
/** Callbacks whose promise nobody waits for. */
const FIRE_AND_FORGET = new Set([
  'forEach', 'setTimeout', 'setImmediate', 'setInterval', 'nextTick', 'queueMicrotask', 'on', 'once', 'addListener', 'after',
]);
const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'race', 'any']);
const MAX_WAIT_DEPTH = 8;

/**
 * Is the value of `start` waited for by the function it is in, and that function by whatever
 * runs it? `await x()`, `return x()`, `await Promise.all(items.map((i) => x(i)))`,
 * `const p = x(); … await p` are; `x().catch(log)` as a statement, `void x()` and callbacks
 * of forEach/setTimeout/event emitters are not.
 */
export function isAwaitedWork(analysis: FileAnalysis, start: TSESTree.Node, depth = 0): boolean {
  if (depth > MAX_WAIT_DEPTH) return false;
  let node: TSESTree.Node = start;
  for (;;) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (!parent) return false;
    switch (parent.type) {
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.ReturnStatement:
        return functionWaited(analysis, nearestFunction(parent), depth);
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return parent.body === node && functionWaited(analysis, parent, depth);
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.SpreadElement:
      case AST_NODE_TYPES.LogicalExpression:
        node = parent;
        continue;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === node) return false;
        node = parent;
        continue;
      case AST_NODE_TYPES.MemberExpression: {
        const call = parent.parent;
        if (parent.object !== node || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return false;
        const name = memberCall(call)?.name;
        if (name === undefined || !CHAIN_THROUGH.has(name)) return false;
        node = call;
        continue;
      }
      case AST_NODE_TYPES.CallExpression: {
        if (!parent.arguments.includes(node as TSESTree.CallExpressionArgument)) return false;
        if (isPromiseCombinator(parent)) {
          node = parent;
          continue;
        }
        const member = memberCall(parent);
        const target = member ? unwrap(member.object) : undefined;
        if (member?.name === 'push' && target?.type === AST_NODE_TYPES.Identifier) return variableWaited(analysis, target, depth);
        return false;
      }
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier && variableWaited(analysis, parent.id, depth);
      default:
        return false;
    }
  }
}

function isPromiseCombinator(call: TSESTree.CallExpression): boolean {
  const member = memberCall(call);
  if (!member || !PROMISE_COMBINATORS.has(member.name)) return false;
  const object = unwrap(member.object);
  return object.type === AST_NODE_TYPES.Identifier && object.name === 'Promise';
}

function variableWaited(analysis: FileAnalysis, identifier: TSESTree.Identifier, depth: number): boolean {
  const variable = findVariable(analysis, identifier);
  if (!variable) return false;
  return variable.references.some(
    (reference) => reference.identifier !== identifier && reference.isRead() && isAwaitedWork(analysis, reference.identifier, depth + 1),
  );
}

/** Whether whoever runs `fn` waits for the promise it returns. */
function functionWaited(analysis: FileAnalysis, fn: FunctionNode | undefined, depth: number): boolean {
  if (!fn) return false;
  const parent = fn.parent;
  if (parent.type !== AST_NODE_TYPES.CallExpression) return true;
  if (parent.callee === fn) return isAwaitedWork(analysis, parent, depth + 1);
  if (!parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) return true;
  const callee = unwrap(parent.callee);
  const name = memberCall(parent)?.name ?? (callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined);
  if (name !== undefined && FIRE_AND_FORGET.has(name)) return false;
  // A registered handler is where waiting ends: the framework runs it per request.
  if (handlerInfo(analysis, fn)) return true;
  // map/then callbacks and unknown wrappers (retry helpers, p-limit): the call carries the callback's promise.
  return isAwaitedWork(analysis, parent, depth + 1);
}

const RESPONSE_SENDERS = new Set(['send', 'json', 'jsonp', 'end', 'sendStatus', 'sendFile', 'download', 'redirect', 'render']);
const RESPONSE_KINDS = new Set(['express.response', 'fastify.reply']);

/**
 * Did the handler already send its response in a statement before `node` (`res.json(order);
 * await mailer.sendMail(…)`)? Then the work no longer delays the response.
 */
export function respondsBefore(analysis: FileAnalysis, handler: FunctionNode, node: TSESTree.Node): boolean {
  for (let current: TSESTree.Node = node; current !== handler; ) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return false;
    if (parent.type === AST_NODE_TYPES.BlockStatement) {
      const index = parent.body.indexOf(current as TSESTree.Statement);
      for (const statement of parent.body.slice(0, Math.max(index, 0))) {
        if (sendsResponse(analysis, statement)) return true;
      }
    }
    current = parent;
  }
  return false;
}

function sendsResponse(analysis: FileAnalysis, statement: TSESTree.Statement): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const expression = unwrap(statement.expression);
  if (expression.type !== AST_NODE_TYPES.CallExpression) return false;
  const member = memberCall(expression);
  if (!member || !RESPONSE_SENDERS.has(member.name)) return false;
  // res.status(202).json(…): the chain starts at the response.
  let object = unwrap(member.object);
  while (object.type === AST_NODE_TYPES.CallExpression) {
    const inner = memberCall(object);
    if (!inner) return false;
    object = unwrap(inner.object);
  }
  const kind = kindOf(analysis, object);
  return kind !== undefined && RESPONSE_KINDS.has(kind);
}
