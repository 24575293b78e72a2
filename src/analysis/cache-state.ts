import { DefinitionType, ScopeType } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { Scope } from '@typescript-eslint/utils/ts-eslint';
import ts from 'typescript';

import { type FunctionNode, isFunctionNode, isInside, nearestFunction, returnedExpressions, staticMemberName, staticPropertyKey, staticString, unwrap, walk } from './ast.js';
import { functionBinding } from './context.js';
import { type FileAnalysis, findVariable, memoize } from './file-analysis.js';
import { isCommandLineScript, isOneOffFile } from './test-files.js';
import { allKinds } from './libraries/index.js';
import { outgoingHttp } from './libraries/slow-work.js';
import { IN_PROCESS_CACHE_KINDS, memoizeHelpers, promiseMemoizeHelpers, STORE_BACKED_CACHE_KINDS } from './libraries/caches.js';
import type { InstanceKind } from './libraries/types.js';
import { exportOf, kindOf } from './origin.js';
import { isProjectSourceFile } from './program-facts.js';
import { exportKey, kindInfo, normalizeModule, packageOfFile } from './registry.js';
import { staticObject } from './values.js';

/**
 * Per-process mutable state: a container that lives as long as the process (module-level,
 * class `static`, or a field of a singleton) and that functions write to at run time. Each
 * instance of a horizontally scaled service then holds its own copy.
 */
export type ContainerKind =
  | 'Map'
  | 'Set'
  | 'array'
  | 'object'
  | 'lru-cache'
  | 'node-cache'
  | 'keyv'
  | 'cache-manager'
  | 'memoize';

export type ContainerScope = 'module' | 'static' | 'singleton';

export interface ContainerWrite {
  readonly node: TSESTree.Node;
  /** `cache.set()`, `cache[key] = …`, `getUser(…)`. */
  readonly description: string;
  readonly line: number;
  /** The file of the write when it is not the declaring file (typed mode). */
  readonly file?: string;
}

export interface InProcessContainer {
  readonly name: string;
  readonly kind: ContainerKind;
  readonly scope: ContainerScope;
  /** Where to report: the declared name. */
  readonly declaration: TSESTree.Node;
  /** The first write at run time, when one is visible. */
  readonly write: ContainerWrite | undefined;
}

const ARRAY_ITERATION = new Set(['forEach', 'map', 'filter', 'reduce', 'flatMap', 'some', 'every', 'find', 'findIndex', 'sort']);
const MAP_WRITES = new Set(['set', 'delete', 'clear']);
const SET_WRITES = new Set(['add', 'delete', 'clear']);
const ARRAY_WRITES = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);
const NESTED_WRITES = new Set(['push', 'unshift', 'splice', 'add', 'set', 'delete', 'clear']);
const CACHE_WRITES = new Set(['set', 'mset', 'setMany', 'wrap', 'fetch', 'memo', 'del', 'delete', 'mdel', 'deleteMany', 'take', 'clear', 'reset', 'flushAll']);
const NEST_STARTUP_HOOKS = new Set(['onModuleInit', 'onApplicationBootstrap']);
const READONLY_TYPES = new Set(['ReadonlyMap', 'ReadonlySet', 'ReadonlyArray', 'Readonly']);
const NEST_SINGLETON_DECORATORS = new Set(['Injectable', 'Controller', 'Resolver', 'Gateway', 'WebSocketGateway']);
/** Node built-ins whose objects are live handles (sockets, timers, processes), not cached data. */
const HANDLE_MODULE_FILES = /\/@types\/node\/(?:timers|net|tls|http|https|http2|dgram|child_process|worker_threads|stream|events|cluster|readline)\.d\.ts$/u;
const HANDLE_PACKAGES = new Set(['ws', '@types/ws', 'socket.io', 'socket.io-client', 'undici', 'undici-types']);
const HANDLE_CONSTRUCTORS = new Set(['AbortController', 'Promise', 'WebSocket', 'Worker', 'EventEmitter']);
const TIMER_CALLS = new Set(['setTimeout', 'setInterval', 'setImmediate']);

/** Every per-process container of this file written at run time (or a cache instance). Memoised. */
export function inProcessContainers(analysis: FileAnalysis): readonly InProcessContainer[] {
  return memoize(analysis, 'cache-state:containers', analysis.ast, [] as readonly InProcessContainer[], () => {
    const found: InProcessContainer[] = [];
    if (isBrowserCode(analysis) || isOneOffFile(analysis) || isCommandLineScript(analysis)) return found;
    for (const statement of analysis.ast.body) {
      const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
      if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of declaration.declarations) {
          const container = moduleContainer(analysis, declarator, statement !== declaration);
          if (container) found.push(container);
        }
      }
      const classNode =
        statement.type === AST_NODE_TYPES.ExportDefaultDeclaration && statement.declaration.type === AST_NODE_TYPES.ClassDeclaration
          ? statement.declaration
          : declaration?.type === AST_NODE_TYPES.ClassDeclaration
            ? declaration
            : undefined;
      if (classNode) found.push(...classContainers(analysis, classNode));
    }
    return found;
  });
}

const UI_PACKAGES = /^(?:react|react-dom|preact|vue|svelte|solid-js|@angular\/core|next\/navigation|next\/router|zustand|jotai|recoil|@tanstack\/react-query|swr)(?:\/|$)/u;

/**
 * Browser code keeps state per user, not per server instance: `'use client'` modules, JSX files,
 * and modules that import a UI framework.
 */
function isBrowserCode(analysis: FileAnalysis): boolean {
  if (/\.[cm]?[jt]sx$/u.test(analysis.filename)) return true;
  return analysis.ast.body.some(
    (statement) =>
      (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive === 'use client') ||
      (statement.type === AST_NODE_TYPES.ImportDeclaration && statement.importKind !== 'type' && UI_PACKAGES.test(statement.source.value)) ||
      // A module that exports a React hook (React's own naming convention) is UI code.
      (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && exportsHook(statement)),
  );
}

function exportsHook(statement: TSESTree.ExportNamedDeclaration): boolean {
  const declaration = statement.declaration;
  const names =
    declaration?.type === AST_NODE_TYPES.FunctionDeclaration
      ? [declaration.id?.name]
      : declaration?.type === AST_NODE_TYPES.VariableDeclaration
        ? declaration.declarations.filter((declarator) => declarator.init && isFunctionNode(unwrap(declarator.init))).map((declarator) => (declarator.id.type === AST_NODE_TYPES.Identifier ? declarator.id.name : undefined))
        : [];
  return names.some((name) => name !== undefined && /^use[A-Z0-9]/u.test(name));
}

/** What a container initialiser creates, or undefined when it is not a per-process container. */
export function containerKindOf(analysis: FileAnalysis, init: TSESTree.Expression, annotation?: TSESTree.TypeNode): ContainerKind | undefined {
  if (isFrozen(init) || isReadonlyAnnotation(annotation)) return undefined;
  const node = unwrap(init);
  switch (node.type) {
    case AST_NODE_TYPES.NewExpression: {
      const callee = node.callee;
      if (callee.type === AST_NODE_TYPES.Identifier && isGlobal(analysis, callee)) {
        if (callee.name === 'Map') return 'Map';
        if (callee.name === 'Set') return 'Set';
        if (callee.name === 'Array') return 'array';
        if (callee.name === 'Object') return 'object';
      }
      return libraryCache(analysis, node);
    }
    case AST_NODE_TYPES.ArrayExpression:
      return 'array';
    case AST_NODE_TYPES.ObjectExpression:
      // An object is a dictionary when it starts empty or is typed as one (`Record<string, T>`).
      return node.properties.length === 0 || isDictionaryAnnotation(annotation) ? 'object' : undefined;
    case AST_NODE_TYPES.CallExpression: {
      const callee = unwrap(node.callee);
      if (
        callee.type === AST_NODE_TYPES.MemberExpression &&
        callee.object.type === AST_NODE_TYPES.Identifier &&
        callee.object.name === 'Object' &&
        staticMemberName(callee) === 'create' &&
        isGlobal(analysis, callee.object) &&
        node.arguments[0]?.type === AST_NODE_TYPES.Literal &&
        node.arguments[0].value === null
      ) {
        return 'object';
      }
      if (isIoMemoization(analysis, node)) return 'memoize';
      return libraryCache(analysis, node);
    }
    default:
      return undefined;
  }
}

/** The packages that declare, construct or return instances of a kind. */
function packagesOf(info: InstanceKind | undefined): string[] {
  return [...(info?.types ?? []), ...(info?.constructors ?? []), ...(info?.factories ?? [])].map((ref) => normalizeModule(ref.package));
}

/** Packages a catalogue describes (databases, Redis, HTTP clients, queues, caches): they do I/O. */
const IO_PACKAGES: ReadonlySet<string> = new Set([
  ...allKinds.flatMap(packagesOf),
  ...outgoingHttp.clientPackages,
  ...outgoingHttp.fetchExports.map((ref) => ref.package),
]);

/** Packages that declare, construct or return a catalogued cache. */
const CACHE_PACKAGES = new Set([...IN_PROCESS_CACHE_KINDS, ...STORE_BACKED_CACHE_KINDS].flatMap((kind) => packagesOf(kindInfo(kind))));

function libraryCache(analysis: FileAnalysis, node: TSESTree.NewExpression | TSESTree.CallExpression): ContainerKind | undefined {
  // `pgTable(…)`, `new Queue(…)`, `Router()`: a package that catalogues no cache does not build
  // one, and the checker would otherwise infer each (often heavily generic) result type.
  const ref = exportOf(analysis, node.callee);
  if (ref && !CACHE_PACKAGES.has(normalizeModule(ref.package))) return undefined;
  const kind = kindOf(analysis, node);
  if (kind === undefined) return undefined;
  if (IN_PROCESS_CACHE_KINDS.has(kind)) return kind as ContainerKind;
  if (STORE_BACKED_CACHE_KINDS.has(kind) && isInProcessConstruction(analysis, node, kind)) return kind as ContainerKind;
  return undefined;
}

/**
 * keyv and cache-manager keep entries in a Map unless given a remote store: `new Keyv()`,
 * `new Keyv({ namespace })`, `createCache()`, `createCache({ ttl })`, v5 `caching('memory')`.
 * Anything we cannot read (a store from a variable, spread options) is not reported.
 */
export function isInProcessConstruction(analysis: FileAnalysis, node: TSESTree.NewExpression | TSESTree.CallExpression, kind: string): boolean {
  const first = node.arguments[0];
  if (kind === 'keyv') {
    if (node.type !== AST_NODE_TYPES.NewExpression) return false;
    if (!first) return true;
    if (isLocalStore(analysis, first)) return true;
    const options = staticObject(analysis, first);
    if (!options?.complete) return false;
    if (options.properties.has('uri')) return false;
    const store = options.properties.get('store');
    return store === undefined || isLocalStore(store.analysis, store.value);
  }
  if (kind === 'cache-manager') {
    const callee = exportOf(analysis, node.callee);
    const name = callee?.path.at(-1);
    if (name === 'caching') return staticString(first) === 'memory' || isMemoryStoreOption(analysis, first);
    if (name !== 'createCache') return false;
    if (!first) return true;
    const options = staticObject(analysis, first);
    if (!options?.complete) return false;
    const stores = options.properties.get('stores');
    if (!stores) return true;
    const list = unwrap(stores.value);
    if (list.type !== AST_NODE_TYPES.ArrayExpression) return false;
    // Every store in the process (a Keyv without a remote store) means nothing is shared.
    return list.elements.every((element) => {
      if (!element || element.type === AST_NODE_TYPES.SpreadElement) return false;
      const store = unwrap(element);
      return store.type === AST_NODE_TYPES.NewExpression && kindOf(stores.analysis, store) === 'keyv' && isInProcessConstruction(stores.analysis, store, 'keyv');
    });
  }
  return false;
}

function isMemoryStoreOption(analysis: FileAnalysis, node: TSESTree.Node | undefined): boolean {
  const options = staticObject(analysis, node);
  const store = options?.properties.get('store');
  return store !== undefined && staticString(unwrap(store.value)) === 'memory';
}

/** `new Map()` or an lru-cache as a keyv store. */
function isLocalStore(analysis: FileAnalysis, input: TSESTree.Node): boolean {
  const node = unwrap(input);
  if (node.type !== AST_NODE_TYPES.NewExpression) return false;
  if (node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'Map' && isGlobal(analysis, node.callee)) return true;
  return kindOf(analysis, node) === 'lru-cache';
}

/**
 * `memoize(fn)` keeps results per argument in the process. Memoising a pure computation is
 * harmless (every instance computes the same); memoising I/O (an async function, p-memoize,
 * memoizee `{ promise: true }`) keeps a copy of remote data that diverges between instances.
 */
function isIoMemoization(analysis: FileAnalysis, call: TSESTree.CallExpression): boolean {
  const ref = exportOf(analysis, call.callee);
  if (!ref) return false;
  const key = exportKey(ref);
  if (!memoizeHelpers.some((helper) => exportKey(helper) === key)) return false;
  if (promiseMemoizeHelpers.some((helper) => exportKey(helper) === key)) return true;
  const options = staticObject(analysis, call.arguments[1]);
  const promise = options?.properties.get('promise')?.value;
  if (promise?.type === AST_NODE_TYPES.Literal && promise.value === true) return true;
  const target = call.arguments[0];
  return target !== undefined && isAsyncFunction(analysis, target);
}

function isAsyncFunction(analysis: FileAnalysis, input: TSESTree.Node): boolean {
  const node = unwrap(input);
  if (isFunctionNode(node)) return node.async;
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const definition = findVariable(analysis, node)?.defs[0];
  if (definition?.type === DefinitionType.FunctionName) return (definition.node as TSESTree.FunctionDeclaration).async;
  if (definition?.type === DefinitionType.Variable && definition.node.init) {
    const init = unwrap(definition.node.init);
    return isFunctionNode(init) && init.async;
  }
  return false;
}

function isFrozen(init: TSESTree.Expression): boolean {
  let node: TSESTree.Node = init;
  for (;;) {
    if (node.type === AST_NODE_TYPES.TSAsExpression) {
      const annotation = node.typeAnnotation;
      if (annotation.type === AST_NODE_TYPES.TSTypeReference && annotation.typeName.type === AST_NODE_TYPES.Identifier && annotation.typeName.name === 'const') return true;
      if (isReadonlyAnnotation(annotation)) return true;
      node = node.expression;
    } else if (node.type === AST_NODE_TYPES.TSSatisfiesExpression || node.type === AST_NODE_TYPES.TSNonNullExpression) {
      node = node.expression;
    } else {
      break;
    }
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = node.callee;
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'Object' &&
    staticMemberName(callee) === 'freeze'
  );
}

function isReadonlyAnnotation(annotation: TSESTree.TypeNode | undefined): boolean {
  if (!annotation) return false;
  if (annotation.type === AST_NODE_TYPES.TSTypeOperator && annotation.operator === 'readonly') return true;
  return (
    annotation.type === AST_NODE_TYPES.TSTypeReference &&
    annotation.typeName.type === AST_NODE_TYPES.Identifier &&
    READONLY_TYPES.has(annotation.typeName.name)
  );
}

function isDictionaryAnnotation(annotation: TSESTree.TypeNode | undefined): boolean {
  if (!annotation) return false;
  if (annotation.type === AST_NODE_TYPES.TSTypeReference) {
    return annotation.typeName.type === AST_NODE_TYPES.Identifier && annotation.typeName.name === 'Record';
  }
  return annotation.type === AST_NODE_TYPES.TSTypeLiteral && annotation.members.some((member) => member.type === AST_NODE_TYPES.TSIndexSignature);
}

/** A built-in global (`Map`), not a local or imported binding of the same name. */
function isGlobal(analysis: FileAnalysis, identifier: TSESTree.Identifier): boolean {
  const variable = findVariable(analysis, identifier);
  return !variable || variable.defs.length === 0;
}

// ---------------------------------------------------------------------------------------------
// Module-level declarations

function moduleContainer(analysis: FileAnalysis, declarator: TSESTree.VariableDeclarator, exported: boolean): InProcessContainer | undefined {
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return undefined;
  const kind = containerKindOf(analysis, declarator.init, declarator.id.typeAnnotation?.typeAnnotation);
  if (!kind) return undefined;
  const variable = findVariable(analysis, declarator.id);
  if (!variable) return undefined;
  const references = variable.references.filter((reference) => reference.identifier !== declarator.id);
  const accesses = references.map((reference) => reference.identifier);
  if (isPerProcessByNature(analysis, kind, declarator.init, accesses)) return undefined;
  const write = firstRuntimeWrite(analysis, kind, accesses) ?? crossFileWrite(analysis, declarator.id, kind);
  if (!write && !isCacheInstanceUsedAtRuntime(analysis, kind, references, exported)) return undefined;
  return { name: declarator.id.name, kind, scope: 'module', declaration: declarator.id, write };
}

/** Library caches exist to be written; one used at run time (or exported) is reported even when the write is out of sight. */
function isCacheInstanceUsedAtRuntime(analysis: FileAnalysis, kind: ContainerKind, references: readonly Scope.Reference[], exported: boolean): boolean {
  if (!IN_PROCESS_CACHE_KINDS.has(kind) && !STORE_BACKED_CACHE_KINDS.has(kind)) return false;
  if (exported) return true;
  return references.some((reference) => isRuntime(analysis, reference.identifier));
}

function isLiveTracking(kind: ContainerKind): boolean {
  return kind === 'Map' || kind === 'Set' || kind === 'array' || kind === 'object' || kind === 'memoize';
}

// ---------------------------------------------------------------------------------------------
// Classes: static fields, and fields of classes instantiated once per process

function classContainers(analysis: FileAnalysis, classNode: TSESTree.ClassDeclaration): InProcessContainer[] {
  const found: InProcessContainer[] = [];
  const singleton = memoize(analysis, 'cache-state:singleton', classNode, false, () => isSingletonClass(analysis, classNode));
  for (const field of classFields(classNode)) {
    if (!field.isStatic && !singleton) continue;
    const kind = containerKindOf(analysis, field.init, field.annotation);
    if (!kind) continue;
    const accesses = field.isStatic ? staticAccesses(analysis, classNode, field.name) : thisAccesses(classNode, field.name, false);
    if (isPerProcessByNature(analysis, kind, field.init, accesses)) continue;
    const write = firstRuntimeWrite(analysis, kind, accesses, true);
    const cacheInstance = !isLiveTracking(kind) && accesses.some((access) => isRuntime(analysis, access));
    if (!write && !cacheInstance) continue;
    found.push({ name: field.name, kind, scope: field.isStatic ? 'static' : 'singleton', declaration: field.declaration, write });
  }
  return found;
}

interface ClassField {
  readonly name: string;
  readonly isStatic: boolean;
  readonly init: TSESTree.Expression;
  readonly annotation: TSESTree.TypeNode | undefined;
  readonly declaration: TSESTree.Node;
}

/** Field initialisers, and `this.cache = {}` at the top level of the constructor. */
function classFields(classNode: TSESTree.ClassDeclaration): ClassField[] {
  const fields: ClassField[] = [];
  const declared = new Map<string, TSESTree.PropertyDefinition>();
  for (const member of classNode.body.body) {
    if (member.type !== AST_NODE_TYPES.PropertyDefinition) continue;
    const name = staticPropertyKey(member);
    if (name === undefined) continue;
    declared.set(name, member);
    if (member.value) {
      fields.push({ name, isStatic: member.static, init: member.value, annotation: member.typeAnnotation?.typeAnnotation, declaration: member.key });
    }
  }
  const constructor = classNode.body.body.find(
    (member): member is TSESTree.MethodDefinition => member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor',
  );
  for (const statement of constructor?.value.body?.body ?? []) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const expression = statement.expression;
    if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.operator !== '=') continue;
    const left = expression.left;
    if (left.type !== AST_NODE_TYPES.MemberExpression || left.object.type !== AST_NODE_TYPES.ThisExpression) continue;
    const name = staticMemberName(left);
    if (name === undefined || fields.some((field) => field.name === name)) continue;
    const declaration = declared.get(name);
    fields.push({ name, isStatic: false, init: expression.right, annotation: declaration?.typeAnnotation?.typeAnnotation, declaration: left.property });
  }
  return fields;
}

/** A class the process instantiates once: `export const service = new Service()` or a Nest provider. */
function isSingletonClass(analysis: FileAnalysis, classNode: TSESTree.ClassDeclaration): boolean {
  for (const decorator of classNode.decorators) {
    const expression = decorator.expression;
    const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
    const ref = exportOf(analysis, callee);
    const name = ref?.path.at(-1);
    if (ref?.package.startsWith('@nestjs/') && name !== undefined && NEST_SINGLETON_DECORATORS.has(name)) {
      // `@Injectable({ scope: Scope.REQUEST })` builds one per request.
      const options = expression.type === AST_NODE_TYPES.CallExpression ? staticObject(analysis, expression.arguments[0]) : undefined;
      return !options?.properties.has('scope') && (expression.type !== AST_NODE_TYPES.CallExpression || expression.arguments.length === 0 || options !== undefined);
    }
  }
  let instances = 0;
  let moduleLevel = 0;
  for (const reference of classReferences(analysis, classNode)) {
    const parent = reference.identifier.parent;
    if (parent.type !== AST_NODE_TYPES.NewExpression || parent.callee !== reference.identifier) continue;
    instances++;
    if (!nearestFunction(parent) && isModuleBinding(parent)) moduleLevel++;
  }
  return instances === 1 && moduleLevel === 1;
}

/** `const x = new C()` / `export default new C()` at the top of the module. */
function isModuleBinding(node: TSESTree.NewExpression): boolean {
  const parent = node.parent;
  if (parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  return parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node;
}

/** `C.cache` anywhere, and `this.cache` in static methods and blocks of C. */
function staticAccesses(analysis: FileAnalysis, classNode: TSESTree.ClassDeclaration, name: string): TSESTree.Node[] {
  const accesses: TSESTree.Node[] = thisAccesses(classNode, name, true);
  for (const reference of classReferences(analysis, classNode)) {
    const parent = reference.identifier.parent;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier && staticMemberName(parent) === name) {
      accesses.push(parent);
    }
  }
  return accesses;
}

/** References to a class by name, inside and outside its body (a class declares two bindings). */
function classReferences(analysis: FileAnalysis, classNode: TSESTree.ClassDeclaration): Scope.Reference[] {
  const variables = analysis.scopeManager?.getDeclaredVariables(classNode) ?? [];
  return variables.flatMap((variable) => variable.references.filter((reference) => reference.identifier !== classNode.id));
}

/** `this.name` in the class's own methods (static ones when `isStatic`). */
function thisAccesses(classNode: TSESTree.ClassDeclaration, name: string, isStatic: boolean): TSESTree.Node[] {
  const accesses: TSESTree.Node[] = [];
  for (const member of classNode.body.body) {
    if ((member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition) && member.static === isStatic) {
      const body = member.value;
      if (!body) continue;
      walk(body, (node) => {
        if (node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) return false;
        // A non-arrow function has its own `this`.
        if ((node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration) && node !== body) return false;
        if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression && staticMemberName(node) === name) {
          accesses.push(node);
        }
        return undefined;
      });
    }
  }
  return accesses;
}

// ---------------------------------------------------------------------------------------------
// Writes

function firstRuntimeWrite(
  analysis: FileAnalysis,
  kind: ContainerKind,
  accesses: readonly TSESTree.Node[],
  classField = false,
): ContainerWrite | undefined {
  if (isCounterDictionary(kind, accesses)) return undefined;
  let first: ContainerWrite | undefined;
  let firstAdding = false;
  for (const access of accesses) {
    const description = writeAt(kind, access, accessLabel(access));
    if (description === undefined || !isRuntime(analysis, access) || isInReactHook(access)) continue;
    // A provider's field replaced wholesale is state, not a cache; one filled with the caller's
    // argument (`register(config) { this.configs.set(config.type, config) }`) is a registry.
    if (classField && (description.endsWith(' = …') && !description.includes('[') ? true : isRegistration(analysis, access, description))) continue;
    // Name a write that adds entries (set, push, assignment) rather than one that removes them.
    const adding = !isRemoval(description);
    // A registry's `unregister` alone does not make a provider field a cache.
    if (classField && !adding) continue;
    if (!first || (adding && !firstAdding) || (adding === firstAdding && access.range[0] < first.node.range[0])) {
      first = { node: access, description, line: access.loc.start.line };
      firstAdding = adding;
    }
  }
  return first;
}

/**
 * `locks[resource] += 1` … `locks[resource] -= 1`: a dictionary only ever counted up and down
 * (or reset to a number, or deleted) holds this process's own bookkeeping, not copies of data
 * another instance could serve differently. A value stored by key (`hits[ip] = …`) is not.
 */
function isCounterDictionary(kind: ContainerKind, accesses: readonly TSESTree.Node[]): boolean {
  if (kind !== 'object') return false;
  let counted = false;
  for (const access of accesses) {
    const member = access.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== access || !member.computed || !isAssignmentTarget(member)) continue;
    const write = member.parent;
    if (write.type === AST_NODE_TYPES.UpdateExpression) counted = true;
    else if (write.type === AST_NODE_TYPES.AssignmentExpression && (write.operator === '+=' || write.operator === '-=')) counted = true;
    else if (write.type === AST_NODE_TYPES.AssignmentExpression && write.operator === '=' && isNumberLiteral(write.right)) continue;
    else if (write.type !== AST_NODE_TYPES.UnaryExpression) return false;
  }
  return counted;
}

function isNumberLiteral(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal && typeof node.value === 'number';
}

/**
 * A write that stores what the caller handed over: the argument itself (`map.set(key, param)`,
 * `list.push(param)`), a copy of it (`list.push({ ...plugin, priority })`), an entry copied under
 * the same key (`this.values[k] = env[k]`, `Object.assign(this.values, env)`), or an empty bucket
 * that such writes then fill (`map.set(type, [])`).
 */
function isRegistration(analysis: FileAnalysis, access: TSESTree.Node, description: string): boolean {
  if (description.startsWith('Object.')) {
    const call = access.parent as TSESTree.CallExpression;
    return call.arguments.length > 1 && call.arguments.slice(1).every((argument) => isCallerObject(analysis, argument));
  }
  const entry = storedEntry(access);
  if (!entry) return false;
  const value = unwrap(entry.value);
  if (isEmptyContainerLiteral(analysis, value)) return true;
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    // A copy of the argument, with defaults: `{ ...plugin, priority: plugin.priority ?? 0 }`.
    return value.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement && isCallerObject(analysis, property.argument));
  }
  if (value.type === AST_NODE_TYPES.MemberExpression && value.computed && entry.key !== undefined && sameExpression(analysis, value.property, entry.key)) {
    return isCallerObject(analysis, value.object);
  }
  // A plain value stored by key (`this.store[key] = value`) is how caches are written; only the
  // method forms above read as registration.
  if (!description.endsWith('()')) return false;
  return isCallerObject(analysis, value);
}

/** A parameter that is not a string, number or boolean: an object the caller registers. */
function isCallerObject(analysis: FileAnalysis, input: TSESTree.Node): boolean {
  const value = unwrap(input);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const definition = findVariable(analysis, value)?.defs[0];
  if (definition?.type !== DefinitionType.Parameter) return false;
  // Primitive values (`revoke(token: string)`) are data, not registered objects.
  const annotation = definition.name.type === AST_NODE_TYPES.Identifier ? definition.name.typeAnnotation?.typeAnnotation : undefined;
  if (annotation && PRIMITIVE_TYPES.has(annotation.type)) return false;
  const types = analysis.types;
  if (types) {
    const type = types.checker.getTypeAtLocation(types.services.esTreeNodeToTSNodeMap.get(value));
    if (type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike)) return false;
  }
  return true;
}

function isEmptyContainerLiteral(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.ArrayExpression) return node.elements.length === 0;
  return (
    node.type === AST_NODE_TYPES.NewExpression &&
    node.arguments.length === 0 &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    (node.callee.name === 'Map' || node.callee.name === 'Set') &&
    isGlobal(analysis, node.callee)
  );
}

/** The same identifier (one variable) or the same literal. */
function sameExpression(analysis: FileAnalysis, a: TSESTree.Node, b: TSESTree.Node): boolean {
  const left = unwrap(a);
  const right = unwrap(b);
  if (left.type === AST_NODE_TYPES.Identifier && right.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(analysis, left);
    return variable !== undefined && variable === findVariable(analysis, right);
  }
  return left.type === AST_NODE_TYPES.Literal && right.type === AST_NODE_TYPES.Literal && left.value === right.value;
}

function isRemoval(description: string): boolean {
  return /\.(?:delete|clear|pop|shift|splice|del|take|reset|flushAll)\(\)$|^delete /u.test(description);
}

/** What a write stores: `c.set(k, v)`, `c[k] = v`, `c.add(v)`, `c.push(v)`, also inside a held value (`c.get(k).push(v)`). */
const ASSIGNMENTS: ReadonlySet<string> = new Set(['=', '??=', '||=']);

interface StoredEntry {
  readonly key: TSESTree.Node | undefined;
  readonly value: TSESTree.Node;
  readonly nested: boolean;
}

function storedEntry(access: TSESTree.Node): StoredEntry | undefined {
  let current: TSESTree.Node = access;
  for (let depth = 0; depth < 2; depth++) {
    const member = current.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== current) return undefined;
    const outer = member.parent;
    const nested = depth > 0;
    if (outer.type === AST_NODE_TYPES.CallExpression && outer.callee === member) {
      const method = staticMemberName(member);
      const [first, second] = outer.arguments;
      if (method === 'set') return second ? { key: first, value: second, nested } : undefined;
      if ((method === 'add' || method === 'push' || method === 'unshift') && first) return { key: undefined, value: first, nested };
      if (method !== 'get' || nested) return undefined;
      current = outer;
      continue;
    }
    if (!nested && member.computed && outer.type === AST_NODE_TYPES.AssignmentExpression && outer.left === member && ASSIGNMENTS.has(outer.operator)) {
      return { key: member.property, value: outer.right, nested };
    }
    return undefined;
  }
  return undefined;
}

const PRIMITIVE_TYPES: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.TSStringKeyword,
  AST_NODE_TYPES.TSNumberKeyword,
  AST_NODE_TYPES.TSBooleanKeyword,
  AST_NODE_TYPES.TSBigIntKeyword,
]);

/** React hooks (`useTaskMap`) run in the browser; the hook naming convention is React's own. */
function isInReactHook(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionNode(current)) continue;
    const name = functionBinding(current)?.name;
    if (name !== undefined && /^use[A-Z0-9]/u.test(name)) return true;
  }
  return false;
}

/**
 * Does this access write to the container? Returns how, for the message. Also sees writes to
 * values held inside (`registry.get(k).push(x)`, `byId[id].tags.push(t)`).
 */
export function writeAt(kind: ContainerKind, access: TSESTree.Node, name: string): string | undefined {
  const parent = access.parent;
  if (kind === 'memoize') {
    return parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === access && parent.arguments.length > 0 ? `${name}(…)` : undefined;
  }
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === access) return `${name} = …`;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === access && isObjectMutator(parent)) return `Object.${staticMemberName(parent.callee as TSESTree.MemberExpression) ?? 'assign'}(${name}, …)`;
  let current: TSESTree.Node = access;
  let path = name;
  for (let depth = 0; depth < 4; depth++) {
    const member = current.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== current) return undefined;
    const property = staticMemberName(member);
    const outer = member.parent;
    if (outer.type === AST_NODE_TYPES.CallExpression && outer.callee === member) {
      if (property === undefined) return undefined;
      const methods = depth === 0 ? topLevelWrites(kind) : NESTED_WRITES;
      if (methods.has(property)) return `${path}.${property}()`;
      // A value held in a Map: `registry.get(k).push(x)`.
      if (property === 'get' && depth === 0 && (kind === 'Map' || kind === 'lru-cache')) {
        current = outer;
        path = `${path}.get(…)`;
        continue;
      }
      return undefined;
    }
    const label = member.computed ? `${path}[…]` : `${path}.${property ?? '?'}`;
    if (isAssignmentTarget(member)) {
      // `state.db = db` sets a named property; a dictionary is written by key: `cache[key] = v`.
      if (depth === 0 && !member.computed && !(kind === 'array' && property === 'length')) return undefined;
      return member.parent.type === AST_NODE_TYPES.UnaryExpression ? `delete ${label}` : `${label} = …`;
    }
    if (depth === 0 && !member.computed && kind !== 'object') return undefined;
    current = member;
    path = label;
  }
  return undefined;
}

/** `cache`, `this.cache`, `Tokens.revoked`: how the message names the container at the write. */
function accessLabel(access: TSESTree.Node): string {
  if (access.type === AST_NODE_TYPES.Identifier) return access.name;
  if (access.type === AST_NODE_TYPES.MemberExpression) {
    const object = access.object.type === AST_NODE_TYPES.ThisExpression ? 'this' : access.object.type === AST_NODE_TYPES.Identifier ? access.object.name : '…';
    return `${object}.${staticMemberName(access) ?? '?'}`;
  }
  return '…';
}

function topLevelWrites(kind: ContainerKind): ReadonlySet<string> {
  switch (kind) {
    case 'Map':
      return MAP_WRITES;
    case 'Set':
      return SET_WRITES;
    case 'array':
      return ARRAY_WRITES;
    case 'object':
      return new Set();
    default:
      return CACHE_WRITES;
  }
}

function isAssignmentTarget(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression) return parent.left === node;
  if (parent?.type === AST_NODE_TYPES.UpdateExpression) return true;
  return parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'delete';
}

function isObjectMutator(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier || callee.object.name !== 'Object') return false;
  const name = staticMemberName(callee);
  return name === 'assign' || name === 'defineProperty';
}

/**
 * Containers that are per process by nature rather than copies of shared data: pools of live
 * resources, registries of callbacks, in-flight work, and memos of a pure computation of the key.
 */
function isPerProcessByNature(analysis: FileAnalysis, kind: ContainerKind, init: TSESTree.Expression, accesses: readonly TSESTree.Node[]): boolean {
  if (kind === 'memoize') return false;
  return isLiveTrackingContainer(analysis, accesses) || (kind === 'lru-cache' && disposesResources(init)) || isPureMemo(analysis, kind, accesses);
}

/**
 * Containers that track live work rather than cache data: in-flight promises removed in a
 * `finally`, open sockets, clients, child processes, timers, abort controllers, callbacks.
 */
function isLiveTrackingContainer(analysis: FileAnalysis, accesses: readonly TSESTree.Node[]): boolean {
  for (const access of accesses) {
    const member = access.parent;
    if (
      member?.type === AST_NODE_TYPES.MemberExpression &&
      member.object === access &&
      member.parent.type === AST_NODE_TYPES.CallExpression &&
      member.parent.callee === member &&
      staticMemberName(member) === 'delete' &&
      isInFinally(member.parent)
    ) {
      return true;
    }
    const entry = storedEntry(access);
    if (entry && isHandleValue(analysis, entry.value)) return true;
  }
  return false;
}

/**
 * `new LRUCache({ dispose: (tenant) => tenant.close() })`: evicting an entry shuts a resource
 * down, so the cache is a pool of live objects (connections, tenants), not of data.
 */
function disposesResources(init: TSESTree.Expression): boolean {
  const node = unwrap(init);
  if (node.type !== AST_NODE_TYPES.NewExpression) return false;
  const options = node.arguments[0] ? unwrap(node.arguments[0]) : undefined;
  if (options?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return options.properties.some((property) => {
    if (property.type !== AST_NODE_TYPES.Property) return false;
    const key = staticPropertyKey(property);
    const value = property.value;
    if ((key !== 'dispose' && key !== 'disposeAfter') || !isFunctionNode(value)) return false;
    let closes = false;
    walk(value.body, (candidate) => {
      if (closes) return false;
      if (candidate.type === AST_NODE_TYPES.CallExpression && candidate.callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = staticMemberName(candidate.callee);
        if (method !== undefined && DISPOSE_METHODS.has(method)) closes = true;
      }
      return undefined;
    });
    return closes;
  });
}

/**
 * A hand-written memo of a pure computation: every write run after start-up stores a value
 * computed synchronously, in place, from the key alone (`compiled.set(expr, compile(expr))`,
 * `parsed.set(ua, new UAParser(ua).getResult())`). Every instance computes the same entry, so
 * nothing can diverge. Anything else in the filling path (an `await`, a value passed in, an
 * I/O library, a project import whose body is out of sight, `this`) keeps it a cache.
 */
function isPureMemo(analysis: FileAnalysis, kind: ContainerKind, accesses: readonly TSESTree.Node[]): boolean {
  if (kind !== 'Map' && kind !== 'object' && kind !== 'lru-cache' && kind !== 'node-cache') return false;
  let memo = false;
  for (const access of accesses) {
    const description = writeAt(kind, access, accessLabel(access));
    if (description === undefined || isRemoval(description) || !isRuntime(analysis, access)) continue;
    const entry = storedEntry(access);
    if (!entry || entry.nested || entry.key === undefined || !isDerivedFromKey(analysis, access, entry.key, entry.value)) return false;
    memo = true;
  }
  return memo;
}

function isDerivedFromKey(analysis: FileAnalysis, access: TSESTree.Node, key: TSESTree.Node, value: TSESTree.Node): boolean {
  const fn = nearestFunction(access);
  if (!fn) return false;
  const inputs = new Set<Scope.Variable>();
  // Only values the key holds whole: with `set(event.id, event.total)` the value comes with the
  // key, it is not computed from it.
  for (const variable of referencedVariables(analysis, key, true)) {
    inputs.add(variable);
    // `const k = JSON.stringify(args)`: the key's own inputs count too.
    const definition = variable.defs[0];
    if (definition?.type === DefinitionType.Variable && definition.parent.kind === 'const' && definition.node.init && isInside(definition.node, fn)) {
      for (const inner of referencedVariables(analysis, definition.node.init, true)) inputs.add(inner);
    }
  }
  if (inputs.size === 0) return false;
  const node = unwrap(value);
  let sources: TSESTree.Node[] = [node];
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(analysis, node);
    const definition = variable?.defs[0];
    if (definition?.type !== DefinitionType.Variable || !isInside(definition.node, fn)) return false;
    // `let fn = compiled.get(expr); if (!fn) { fn = compile(expr); compiled.set(expr, fn); }`
    sources = valueSources(analysis, node).filter((source) => !isReadOf(analysis, source, access) && !isNullish(source));
  }
  return sources.length > 0 && sources.every((source) => isPureComputation(analysis, source, inputs, 0));
}

/** A computation of `inputs` only, through code that cannot do I/O. */
function isPureComputation(analysis: FileAnalysis, source: TSESTree.Node, inputs: ReadonlySet<Scope.Variable>, depth: number): boolean {
  const state = { computes: false, usesKey: false, pure: true };
  walk(source, (node) => {
    if (!state.pure) return false;
    if (node.type.startsWith('TS') && !TRANSPARENT_TS.has(node.type)) return false;
    switch (node.type) {
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.YieldExpression:
      case AST_NODE_TYPES.ThisExpression:
      case AST_NODE_TYPES.ImportExpression:
        state.pure = false;
        return false;
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
        state.pure = false;
        return false;
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        state.computes = true;
        if (!isPureCallee(analysis, node, depth)) state.pure = false;
        return undefined;
      case AST_NODE_TYPES.Identifier: {
        if (!isReference(node)) return undefined;
        const variable = findVariable(analysis, node);
        if (!variable || variable.defs.length === 0) return undefined;
        if (inputs.has(variable)) state.usesKey = true;
        else if (!isModuleConstant(variable)) state.pure = false;
        return undefined;
      }
      default:
        return undefined;
    }
  });
  return state.pure && (depth > 0 || (state.computes && state.usesKey));
}

const TRANSPARENT_TS: ReadonlySet<string> = new Set([AST_NODE_TYPES.TSAsExpression, AST_NODE_TYPES.TSNonNullExpression, AST_NODE_TYPES.TSSatisfiesExpression]);

/**
 * A callee that cannot reach I/O: a package function no catalogue lists (`compile`, `UAParser`),
 * a language global other than `fetch`, a method of a value built in place, or a synchronous
 * function of this file whose own body is pure.
 */
function isPureCallee(analysis: FileAnalysis, call: TSESTree.CallExpression | TSESTree.NewExpression, depth: number): boolean {
  let root: TSESTree.Node = unwrap(call.callee);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrap(root.object);
  // `new UAParser(ua).getResult()`, `key.toLowerCase()`: the receiver is judged on its own.
  if (root.type !== AST_NODE_TYPES.Identifier) return root.type !== AST_NODE_TYPES.ThisExpression && root.type !== AST_NODE_TYPES.Super;
  const variable = findVariable(analysis, root);
  if (!variable || variable.defs.length === 0) return root.name !== 'fetch';
  const definition = variable.defs[0];
  if (definition?.type === DefinitionType.ImportBinding || isRequire(definition)) {
    const ref = exportOf(analysis, root);
    return ref !== undefined && !ref.package.startsWith('.') && !IO_PACKAGES.has(normalizeModule(ref.package)) && !HANDLE_CALL_MODULES.has(normalizeModule(ref.package));
  }
  if (definition?.type === DefinitionType.Parameter || definition?.type === DefinitionType.Variable) {
    // The key itself (`expr.trim()`) or a value derived in place; never a module-level instance.
    if (!isModuleConstant(variable)) return true;
    if (definition.type === DefinitionType.Variable && definition.node.init && isResource(analysis, definition.node.init)) return false;
  }
  const fn = root === unwrap(call.callee) ? localFunction(analysis, root) : undefined;
  if (!fn) return definition?.type === DefinitionType.ClassName;
  if (fn.async || fn.generator || depth >= 2) return false;
  // Inside the helper, its own parameters stand for the key.
  const parameters = new Set(analysis.scopeManager?.getDeclaredVariables(fn) ?? []);
  return returnedExpressions(fn).every((value) => isPureComputation(analysis, value, parameters, depth + 1)) && !containsAwaitOrIo(analysis, fn, depth);
}

function containsAwaitOrIo(analysis: FileAnalysis, fn: FunctionNode, depth: number): boolean {
  let impure = false;
  walk(fn.body, (node) => {
    if (impure) return false;
    if (node !== fn.body && isFunctionNode(node)) return false;
    if (node.type === AST_NODE_TYPES.AwaitExpression) impure = true;
    else if ((node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) && !isPureCallee(analysis, node, depth + 1)) impure = true;
    return undefined;
  });
  return impure;
}

function isRequire(definition: Scope.Definition | undefined): boolean {
  if (definition?.type !== DefinitionType.Variable || !definition.node.init) return false;
  const init = unwrap(definition.node.init);
  return init.type === AST_NODE_TYPES.CallExpression && init.callee.type === AST_NODE_TYPES.Identifier && init.callee.name === 'require';
}

/** An import, or a `const`, function or class declared at the top of the module. */
function isModuleConstant(variable: Scope.Variable): boolean {
  const definition = variable.defs[0];
  if (!definition) return false;
  if (definition.type === DefinitionType.ImportBinding) return true;
  if (variable.scope.type !== ScopeType.module && variable.scope.type !== ScopeType.global) return false;
  if (definition.type === DefinitionType.FunctionName || definition.type === DefinitionType.ClassName) return true;
  return definition.type === DefinitionType.Variable && definition.parent.kind === 'const';
}

function referencedVariables(analysis: FileAnalysis, root: TSESTree.Node, wholeOnly: boolean): Scope.Variable[] {
  const variables: Scope.Variable[] = [];
  walk(root, (node) => {
    if (node.type.startsWith('TS') && !TRANSPARENT_TS.has(node.type)) return false;
    if (wholeOnly && node.type === AST_NODE_TYPES.MemberExpression) {
      // `batch.topic` uses part of `batch`; a computed index (`names[i]`) may still hold a key.
      if (node.computed) {
        walk(node.property, (inner) => {
          collect(inner);
        });
      }
      return false;
    }
    collect(node);
    return undefined;
  });
  return variables;

  function collect(node: TSESTree.Node): void {
    if (node.type === AST_NODE_TYPES.Identifier && isReference(node)) {
      const variable = findVariable(analysis, node);
      if (variable && variable.defs.length > 0 && !isModuleConstant(variable)) variables.push(variable);
    }
  }
}

function isReference(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression) return parent.object === identifier || parent.computed;
  if (parent.type === AST_NODE_TYPES.Property) return parent.value === identifier || parent.computed || parent.shorthand;
  return true;
}

/** `cache.get(k)`, `cache[k]`: reading the container back, not computing a value. */
function isReadOf(analysis: FileAnalysis, source: TSESTree.Node, access: TSESTree.Node): boolean {
  let node = unwrap(source);
  if (node.type === AST_NODE_TYPES.CallExpression) node = unwrap(node.callee);
  if (node.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = unwrap(node.object);
  return analysis.text.slice(object.range[0], object.range[1]) === analysis.text.slice(access.range[0], access.range[1]);
}

function isNullish(source: TSESTree.Node): boolean {
  const node = unwrap(source);
  return (node.type === AST_NODE_TYPES.Literal && node.value === null) || (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined');
}

function isInFinally(node: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (parent?.type === AST_NODE_TYPES.TryStatement && parent.finalizer === current) return true;
    if (isFunctionNode(current)) {
      // `.finally(() => inflight.delete(key))`
      const call = current.parent;
      return call.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.MemberExpression && staticMemberName(call.callee) === 'finally';
    }
  }
  return false;
}

/** Factories whose results are live resources (scheduled tasks). */
const HANDLE_FACTORIES: ReadonlySet<string> = new Set(
  [
    { package: 'node-cron', path: ['schedule'] },
    { package: 'node-schedule', path: ['scheduleJob'] },
    { package: 'cron', path: ['CronJob', 'from'] },
  ].map(exportKey),
);
const LIFECYCLE_METHODS = ['stop', 'close', 'destroy', 'disconnect', 'quit', 'terminate', 'kill', 'cancel', 'abort', 'unref'];
const DISPOSE_METHODS: ReadonlySet<string> = new Set([...LIFECYCLE_METHODS, 'dispose', 'end', 'release', 'shutdown']);
/** Node built-ins whose functions start live handles: `fork()`, `spawn()`, `net.connect()`. */
const HANDLE_CALL_MODULES: ReadonlySet<string> = new Set(['child_process', 'net', 'tls', 'dgram', 'http', 'https', 'http2', 'cluster', 'worker_threads']);
const MAX_RESOURCE_DEPTH = 4;

/**
 * A live resource rather than data: a client or task object constructed from a package class
 * (`new S3Client()`, `new CronJob()`, `new issuer.Client()` on a package's object), a configured
 * instance from a package factory (`expressjwt({ … })`), a process or socket from a Node
 * built-in (`fork()`), a scheduled task, what a resource's own method makes (`kafka.consumer()`,
 * `pool.connect()`), what a helper of this file returns (`buildClient()` returning
 * `new S3Client()`), or (typed) any object with a lifecycle method such as `close()` or `stop()`.
 */
function isResource(analysis: FileAnalysis, input: TSESTree.Node, depth = 0): boolean {
  if (depth > MAX_RESOURCE_DEPTH) return false;
  const node = unwrap(input);
  if (node.type === AST_NODE_TYPES.NewExpression) {
    const ref = exportOf(analysis, node.callee);
    if (ref !== undefined) return !ref.package.startsWith('.');
    const callee = unwrap(node.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type !== AST_NODE_TYPES.ThisExpression && isResource(analysis, callee.object, depth + 1);
  }
  if (node.type === AST_NODE_TYPES.CallExpression) return isResourceCall(analysis, node, depth);
  if (node.type === AST_NODE_TYPES.ObjectExpression && depth === 0) {
    // { client: new S3Client(), config }
    return node.properties.some((property) => property.type === AST_NODE_TYPES.Property && isResource(analysis, property.value, depth + 1));
  }
  if (node.type === AST_NODE_TYPES.Identifier) {
    // `let client = pool.get(k); if (!client) { client = buildClient(); … }`: any source counts.
    return valueSources(analysis, node).some((source) => isResource(analysis, source, depth + 1));
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression) {
    // this.client = new S3Client(…) earlier in the same function
    const name = staticMemberName(node);
    const fn = nearestFunction(node);
    let found = false;
    if (fn && name !== undefined) {
      walk(fn.body, (candidate) => {
        if (found) return false;
        if (
          candidate.type === AST_NODE_TYPES.AssignmentExpression &&
          candidate.left.type === AST_NODE_TYPES.MemberExpression &&
          candidate.left.object.type === AST_NODE_TYPES.ThisExpression &&
          staticMemberName(candidate.left) === name
        ) {
          found = isResource(analysis, candidate.right, depth + 1);
        }
        return undefined;
      });
    }
    return found;
  }
  return false;
}

function isResourceCall(analysis: FileAnalysis, node: TSESTree.CallExpression, depth: number): boolean {
  const ref = exportOf(analysis, node.callee);
  if (ref !== undefined) {
    if (HANDLE_FACTORIES.has(exportKey(ref))) return true;
    const pkg = normalizeModule(ref.package);
    // `fork()`, `net.connect()`; the `…Sync` functions return data.
    if (HANDLE_CALL_MODULES.has(pkg)) return !(ref.path.at(-1) ?? '').endsWith('Sync');
    // A package function configured by one options object builds an instance, like `new`:
    // `expressjwt({ secret })`, `createPool({ … })`.
    const options = node.arguments.length === 1 && node.arguments[0] ? unwrap(node.arguments[0]) : undefined;
    return !pkg.startsWith('.') && options?.type === AST_NODE_TYPES.ObjectExpression;
  }
  const callee = unwrap(node.callee);
  // `kafka.consumer({ groupId })`, `pool.connect()`: a resource's method called with nothing or
  // an options object, not awaited, hands out another resource (or the promise of one). A call
  // with a key (`redis.get(k)`, `statement.get(id)`) or an awaited one returns data.
  if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type !== AST_NODE_TYPES.ThisExpression) {
    const argument = node.arguments[0];
    const factoryLike = node.arguments.length === 0 || (node.arguments.length === 1 && argument !== undefined && unwrap(argument).type === AST_NODE_TYPES.ObjectExpression);
    return factoryLike && node.parent.type !== AST_NODE_TYPES.AwaitExpression && isResource(analysis, callee.object, depth + 1);
  }
  if (callee.type !== AST_NODE_TYPES.Identifier) return false;
  const fn = localFunction(analysis, callee);
  if (!fn) return false;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return isResource(analysis, fn.body, depth + 1);
  return returnedExpressions(fn).some((value) => isResource(analysis, value, depth + 1));
}

/** The function a name of this file is bound to (`function f() {}`, `const f = () => …`). */
function localFunction(analysis: FileAnalysis, identifier: TSESTree.Identifier): FunctionNode | undefined {
  const definition = findVariable(analysis, identifier)?.defs[0];
  if (definition?.type === DefinitionType.FunctionName) return definition.node as FunctionNode;
  if (definition?.type === DefinitionType.Variable && definition.node.init && definition.parent.kind === 'const') {
    const init = unwrap(definition.node.init);
    if (isFunctionNode(init)) return init;
  }
  return undefined;
}

/** Everything a variable is given: its initialiser and each assignment. */
function valueSources(analysis: FileAnalysis, identifier: TSESTree.Identifier): TSESTree.Node[] {
  const variable = findVariable(analysis, identifier);
  if (!variable) return [];
  const sources = new Set<TSESTree.Node>();
  for (const definition of variable.defs) {
    if (definition.type === DefinitionType.Variable && definition.node.init) sources.add(definition.node.init);
  }
  for (const reference of variable.references) {
    if (reference.writeExpr && reference.identifier.parent.type === AST_NODE_TYPES.AssignmentExpression && reference.identifier.parent.operator === '=') {
      sources.add(reference.writeExpr);
    }
  }
  return [...sources];
}

function isHandleValue(analysis: FileAnalysis, input: TSESTree.Node, depth = 0): boolean {
  const node = unwrap(input);
  if (isFunctionNode(node)) return true;
  if (isResource(analysis, node)) return true;
  if (node.type === AST_NODE_TYPES.NewExpression && node.callee.type === AST_NODE_TYPES.Identifier && HANDLE_CONSTRUCTORS.has(node.callee.name)) return true;
  if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && TIMER_CALLS.has(node.callee.name)) return true;
  if (
    node.type === AST_NODE_TYPES.Identifier &&
    (isEventPayload(analysis, node) || isFunctionTypedParameter(analysis, node) || isPromiseSettler(analysis, node))
  ) {
    return true;
  }
  if (node.type === AST_NODE_TYPES.ObjectExpression && depth === 0) {
    // `{ key, callback }`, `{ code, resolve }`, `{ proc: fork(…), busy }`: an entry carrying a
    // callback or a live handle registers behaviour or work, not data.
    return node.properties.some((property) => property.type === AST_NODE_TYPES.Property && isHandleValue(analysis, property.value, depth + 1));
  }
  const types = analysis.types;
  if (!types) return false;
  const tsNode = types.services.esTreeNodeToTSNodeMap.get(input);
  const type = types.checker.getTypeAtLocation(tsNode);
  if (type.getCallSignatures().length > 0 || type.getProperty('then')) return true;
  if (LIFECYCLE_METHODS.some((method) => type.getProperty(method))) return true;
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  return (symbol?.getDeclarations() ?? []).some((declaration) => {
    const fileName = declaration.getSourceFile().fileName;
    const pkg = packageOfFile(fileName);
    return HANDLE_MODULE_FILES.test(fileName) || (pkg !== undefined && HANDLE_PACKAGES.has(pkg));
  });
}

/** `new Promise((resolve, reject) => pending.push({ resolve }))`: the settlers of pending work. */
function isPromiseSettler(analysis: FileAnalysis, identifier: TSESTree.Identifier): boolean {
  const definition = findVariable(analysis, identifier)?.defs[0];
  if (definition?.type !== DefinitionType.Parameter) return false;
  const executor = definition.node;
  const construction = executor.parent;
  return (
    construction.type === AST_NODE_TYPES.NewExpression &&
    construction.arguments[0] === executor &&
    construction.callee.type === AST_NODE_TYPES.Identifier &&
    construction.callee.name === 'Promise' &&
    isGlobal(analysis, construction.callee)
  );
}

const HANDLE_TYPE_MODULES = new Set(['ws', 'socket.io', 'net', 'http', 'https', 'http2', 'tls', 'child_process', 'worker_threads', 'stream', 'events']);

/**
 * `register(handler: () => void)` or `handleConnection(client: Socket)`: a registry of callbacks
 * or live connections, not cached data.
 */
function isFunctionTypedParameter(analysis: FileAnalysis, identifier: TSESTree.Identifier): boolean {
  const definition = findVariable(analysis, identifier)?.defs[0];
  if (definition?.type !== DefinitionType.Parameter || definition.name.type !== AST_NODE_TYPES.Identifier) return false;
  const annotation = definition.name.typeAnnotation?.typeAnnotation;
  if (annotation?.type === AST_NODE_TYPES.TSFunctionType) return true;
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference) return false;
  const typeName = annotation.typeName.type === AST_NODE_TYPES.TSQualifiedName ? annotation.typeName.left : annotation.typeName;
  if (typeName.type !== AST_NODE_TYPES.Identifier) return false;
  const pkg = exportOf(analysis, typeName)?.package;
  return pkg !== undefined && HANDLE_TYPE_MODULES.has(pkg);
}

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'addEventListener']);

/** `server.on('connection', (socket) => sockets.add(socket))`: the payload is a live object. */
function isEventPayload(analysis: FileAnalysis, identifier: TSESTree.Identifier): boolean {
  const definition = findVariable(analysis, identifier)?.defs[0];
  if (definition?.type !== DefinitionType.Parameter) return false;
  const call = definition.node.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = staticMemberName(call.callee);
  return method !== undefined && LISTENER_METHODS.has(method);
}

// ---------------------------------------------------------------------------------------------
// Run time versus start-up

/**
 * Does this code run after start-up? Module-level code, IIFEs and array iterations at module
 * level, functions only ever called from start-up code, constructors of singletons and Nest's
 * `onModuleInit` run once per process; everything else may run per request.
 */
export function isRuntime(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  const fn = nearestFunction(node);
  if (!fn) return false;
  return !isStartupFunction(analysis, fn, 0);
}

/** The constructor and Nest start-up hooks of a class instantiated once per process. */
function isSingletonStartup(analysis: FileAnalysis, fn: FunctionNode): boolean {
  const method = fn.parent;
  if (method.type !== AST_NODE_TYPES.MethodDefinition || method.value !== fn) return false;
  const classNode = method.parent.parent;
  if (classNode.type !== AST_NODE_TYPES.ClassDeclaration) return false;
  const name = staticPropertyKey(method);
  if (method.kind !== 'constructor' && (name === undefined || !NEST_STARTUP_HOOKS.has(name))) return false;
  return memoize(analysis, 'cache-state:singleton', classNode, false, () => isSingletonClass(analysis, classNode));
}

function isStartupNode(analysis: FileAnalysis, node: TSESTree.Node, depth: number): boolean {
  const fn = nearestFunction(node);
  if (!fn) return true;
  return isStartupFunction(analysis, fn, depth + 1);
}

function isStartupFunction(analysis: FileAnalysis, fn: FunctionNode, depth: number): boolean {
  if (depth > 4) return false;
  return memoize(analysis, 'cache-state:startup', fn, false, () => {
    if (isSingletonStartup(analysis, fn)) return true;
    const parent = fn.parent;
    // (() => { … })() and (async () => { … })()
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === fn) return isStartupNode(analysis, parent, depth);
    // COUNTRIES.forEach((c) => byCode.set(c.code, c)) at module level
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
      const callee = parent.callee;
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? staticMemberName(callee) : undefined;
      return method !== undefined && ARRAY_ITERATION.has(method) && isStartupNode(analysis, parent, depth);
    }
    if (parent.type === AST_NODE_TYPES.MethodDefinition) return isStartupPrivateMethod(analysis, parent, depth);
    const binding = functionBinding(fn);
    if (!binding || isExportedBinding(fn, binding)) return false;
    const variable = findVariable(analysis, binding);
    const references = (variable?.references ?? []).filter((reference) => reference.identifier !== binding);
    if (references.length === 0) return false;
    return references.every((reference) => {
      const call = reference.identifier.parent;
      return call.type === AST_NODE_TYPES.CallExpression && call.callee === reference.identifier && isStartupNode(analysis, call, depth);
    });
  });
}

/** A private method only called as `this.method()` from start-up code of its class. */
function isStartupPrivateMethod(analysis: FileAnalysis, method: TSESTree.MethodDefinition, depth: number): boolean {
  if (method.kind !== 'method' || (method.accessibility !== 'private' && method.key.type !== AST_NODE_TYPES.PrivateIdentifier)) return false;
  const name = staticPropertyKey(method);
  if (name === undefined) return false;
  const lookup = method.key.type === AST_NODE_TYPES.PrivateIdentifier ? method.key.name : name;
  const calls: TSESTree.CallExpression[] = [];
  const other: TSESTree.Node[] = [];
  walk(method.parent, (node) => {
    if (node.type !== AST_NODE_TYPES.MemberExpression || node.object.type !== AST_NODE_TYPES.ThisExpression) return undefined;
    const property = node.property.type === AST_NODE_TYPES.PrivateIdentifier ? node.property.name : staticMemberName(node);
    if (property !== lookup) return undefined;
    const call = node.parent;
    if (call.type === AST_NODE_TYPES.CallExpression && call.callee === node) calls.push(call);
    else other.push(node);
    return undefined;
  });
  return other.length === 0 && calls.length > 0 && calls.every((call) => isStartupNode(analysis, call, depth));
}

function isExportedBinding(fn: FunctionNode, binding: TSESTree.Identifier): boolean {
  if (fn.parent.type === AST_NODE_TYPES.ExportNamedDeclaration || fn.parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  const declaration = binding.parent.parent;
  return declaration?.type === AST_NODE_TYPES.VariableDeclaration && declaration.parent.type === AST_NODE_TYPES.ExportNamedDeclaration;
}

// ---------------------------------------------------------------------------------------------
// Typed mode: writes to exported containers from other files

interface ImportedWrite {
  readonly file: string;
  readonly line: number;
  readonly description: string;
}

const importedWritesByProgram = new WeakMap<ts.Program, Map<ts.Node, ImportedWrite>>();
const CROSS_FILE_WRITES = new Set([...MAP_WRITES, ...SET_WRITES, ...ARRAY_WRITES, 'set', 'mset', 'wrap']);

/**
 * With type information, a container exported from its module may be written in another file
 * (`import { sessions } from './state'; sessions.set(id, s)` in a handler). One walk of the
 * program finds calls of write methods on imported bindings, keyed by the declaration.
 */
function crossFileWrite(analysis: FileAnalysis, id: TSESTree.Identifier, kind: ContainerKind): ContainerWrite | undefined {
  const types = analysis.types;
  if (!types || kind === 'memoize' || kind === 'object') return undefined;
  const writes = importedWrites(types.program, types.checker);
  if (writes.size === 0) return undefined;
  const declaration = types.services.esTreeNodeToTSNodeMap.get(id.parent as TSESTree.VariableDeclarator);
  const write = writes.get(declaration);
  if (!write) return undefined;
  return { node: id, description: write.description, line: write.line, file: write.file };
}

function importedWrites(program: ts.Program, checker: ts.TypeChecker): Map<ts.Node, ImportedWrite> {
  const existing = importedWritesByProgram.get(program);
  if (existing) return existing;
  const writes = new Map<ts.Node, ImportedWrite>();
  const visit = (node: ts.Node, sourceFile: ts.SourceFile, inFunction: boolean): void => {
    if (
      inFunction &&
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      CROSS_FILE_WRITES.has(node.expression.name.text)
    ) {
      const symbol = checker.getSymbolAtLocation(node.expression.expression);
      // Syntax and symbol flags first: only imported bindings reach getAliasedSymbol.
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
        const target = checker.getAliasedSymbol(symbol).valueDeclaration;
        if (target && ts.isVariableDeclaration(target) && !writes.has(target)) {
          const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
          writes.set(target, {
            file: sourceFile.fileName,
            line,
            description: `${node.expression.expression.text}.${node.expression.name.text}()`,
          });
        }
      }
    }
    const nested = inFunction || ts.isFunctionLike(node);
    ts.forEachChild(node, (child) => {
      visit(child, sourceFile, nested);
    });
  };
  for (const sourceFile of program.getSourceFiles()) {
    if (isProjectSourceFile(sourceFile)) visit(sourceFile, sourceFile, false);
  }
  importedWritesByProgram.set(program, writes);
  return writes;
}
