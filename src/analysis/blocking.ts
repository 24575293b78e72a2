import { DefinitionType, ScopeType } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { isFunctionNode, nearestFunction, staticMemberName, unwrap, walk } from './ast.js';
import { type FileAnalysis, findVariable } from './file-analysis.js';
import { type BlockingApi, type BlockingCategory, type BlockingModule, blockingModules } from './libraries/blocking.js';
import { exportOf } from './origin.js';
import type { CallNode } from './reach.js';
import { normalizeExportPath, normalizeModule } from './registry.js';
import { constantNumber } from './values.js';

/**
 * Calls that hold the event loop until they return (`fs.readFileSync`, `crypto.scryptSync`,
 * `bcrypt.hashSync`…), recognised by the module export they call. Shared by the
 * `no-blocking-in-handler` rule and the audit report.
 */
export interface BlockingCall {
  readonly call: TSESTree.CallExpression;
  /** The file the call is in: a helper's file when the call was reached through other calls. */
  readonly analysis: FileAnalysis;
  /** The module it comes from, normalised (`fs`, `graceful-fs`, `crypto`). */
  readonly module: string;
  /** The export it calls: `readFileSync`. */
  readonly name: string;
  /** The promise-returning drop-in's member path from the module object (`['promises', 'readFile']`), when there is one. */
  readonly awaitable?: readonly string[];
  /** How messages name it: `fs.readFileSync`. */
  readonly api: string;
  readonly alternative: string;
  readonly category: BlockingCategory;
  /**
   * When the callee is `<module object>.<name>` and a promise-returning drop-in exists: the
   * module object as written and the member path of the drop-in (`['promises', 'readFile']`).
   */
  readonly dropIn?: { readonly moduleObject: TSESTree.Expression; readonly path: readonly string[] };
  /**
   * When the callee is a named import (`import { readFileSync } from 'node:fs'`) and a
   * promise-returning drop-in exists: the named export to import instead and its module
   * (`readFile` from `node:fs/promises`).
   */
  readonly namedDropIn?: { readonly module: string; readonly name: string };
}

const byPackage = new Map<string, BlockingModule>();
const explicitNames = new Set<string>();
for (const module of blockingModules) {
  for (const pkg of module.packages) byPackage.set(pkg, module);
  for (const api of module.apis) explicitNames.add(api.name);
}

/** The callee's own name: `readFileSync` in `fs.readFileSync(…)` and in `readFileSync(…)`. */
function calleeName(call: TSESTree.CallExpression): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return staticMemberName(callee);
  return undefined;
}

/** Cheap syntactic gate: could this call be a catalogued blocking API? */
export function isBlockingShaped(call: CallNode): call is TSESTree.CallExpression {
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = calleeName(call);
  return name !== undefined && (name.endsWith('Sync') || explicitNames.has(name));
}

/** The blocking API a call runs, or undefined. Only uses the analysis it is given (reachability calls it for other files). */
export function blockingCall(analysis: FileAnalysis, call: CallNode): BlockingCall | undefined {
  if (!isBlockingShaped(call)) return undefined;
  const ref = exportOf(analysis, call.callee);
  if (!ref) return undefined;
  const path = normalizeExportPath(ref.path);
  const name = path[0];
  if (path.length !== 1 || name === undefined) return undefined;
  const module = byPackage.get(normalizeModule(ref.package));
  if (!module) return undefined;
  const api = module.apis.find((candidate) => candidate.name === name) ?? syncExport(module, name);
  if (!api) return undefined;
  if (api.syncWithoutCallback === true && call.arguments.length > (api.sizeArgument?.index ?? 0) + 1) return undefined;
  if (api.sizeArgument) {
    const size = constantNumber(analysis, call.arguments[api.sizeArgument.index]);
    if (size === undefined || size < api.sizeArgument.atLeast) return undefined;
  }
  if (isComputedOnce(analysis, call)) return undefined;
  const moduleObject = moduleObjectOf(analysis, call);
  const namedDropIn = api.awaitable ? namedDropInOf(analysis, call, api.awaitable) : undefined;
  return {
    call,
    analysis,
    module: normalizeModule(ref.package),
    name,
    ...(api.awaitable ? { awaitable: api.awaitable } : {}),
    api: `${module.label}.${name}`,
    alternative: api.alternative,
    category: module.category,
    ...(api.awaitable && moduleObject ? { dropIn: { moduleObject, path: api.awaitable } } : {}),
    ...(namedDropIn ? { namedDropIn } : {}),
  };
}

/** `readFileSync(…)` imported by name: `readFile` from `node:fs/promises`, `hash` from `bcrypt`. */
function namedDropInOf(
  analysis: FileAnalysis,
  call: TSESTree.CallExpression,
  awaitable: readonly string[],
): { module: string; name: string } | undefined {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = findVariable(analysis, callee)?.defs[0];
  if (definition?.type !== DefinitionType.ImportBinding || definition.node.type !== AST_NODE_TYPES.ImportSpecifier) return undefined;
  const declaration = definition.node.parent;
  if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const source = declaration.source.value;
  const [first, second] = awaitable;
  if (first === 'promises' && second !== undefined && awaitable.length === 2) {
    return { module: `${source.startsWith('node:') ? 'node:' : ''}${normalizeModule(source)}/promises`, name: second };
  }
  return first !== undefined && awaitable.length === 1 ? { module: source, name: first } : undefined;
}

function syncExport(module: BlockingModule, name: string): BlockingApi | undefined {
  const rule = module.anySyncExport;
  if (!rule || !name.endsWith('Sync') || name.length <= 4) return undefined;
  const base = name.slice(0, -4);
  return rule.awaitableWithoutSuffix === true
    ? { name, alternative: `${module.label}.${base} (returns a promise)`, awaitable: [base] }
    : { name, alternative: rule.defaultAlternative };
}

/** `fs.readFileSync` where `fs` is the module itself (not `const { readFileSync } = fs`). */
function moduleObjectOf(analysis: FileAnalysis, call: TSESTree.CallExpression): TSESTree.Expression | undefined {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.optional) return undefined;
  const objectRef = exportOf(analysis, callee.object);
  return objectRef && normalizeExportPath(objectRef.path).length === 0 ? callee.object : undefined;
}

/**
 * A value computed once and kept in a module-level variable (`template ??= readFileSync(…)`,
 * `if (!cache) cache = …`) blocks the first request only; that is start-up work done lazily.
 */
function isComputedOnce(analysis: FileAnalysis, call: TSESTree.CallExpression): boolean {
  let node: TSESTree.Node = call;
  for (let parent = parentOf(node); parent && passesValue(parent, node); parent = parentOf(node)) node = parent;
  const assignment = parentOf(node);
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.right !== node) return false;
  const target = assignment.left;
  if (target.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(analysis, target);
  const scopeType = variable?.scope.type;
  if (scopeType !== ScopeType.module && scopeType !== ScopeType.global) return false;
  if (assignment.operator === '??=' || assignment.operator === '||=') return true;
  if (assignment.operator !== '=') return false;
  // `if (!cache) cache = …` / `if (cache === undefined) { cache = … }`
  const fn = nearestFunction(assignment);
  for (let current: TSESTree.Node | undefined = assignment.parent; current && current !== fn; current = current.parent) {
    if (current.type === AST_NODE_TYPES.IfStatement && mentions(current.test, target.name)) return true;
  }
  return false;
}

function mentions(expression: TSESTree.Node, name: string): boolean {
  let found = false;
  walk(expression, (node) => {
    if (found || isFunctionNode(node)) return false;
    if (node.type === AST_NODE_TYPES.Identifier && node.name === name) found = true;
    return undefined;
  });
  return found;
}

/** The parent, typed as possibly absent (the Program has none). */
function parentOf(node: TSESTree.Node): TSESTree.Node | undefined {
  return node.parent;
}

/** Does `parent` compute its value from `node` (`JSON.parse(node)`, `node.toString()`, `node as T`)? */
function passesValue(parent: TSESTree.Node, node: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.CallExpression:
      return parent.callee === node || parent.arguments.some((argument) => argument === node);
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === node;
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.ChainExpression:
      return true;
    default:
      return false;
  }
}
