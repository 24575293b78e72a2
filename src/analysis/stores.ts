import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { memberCall, staticMemberName, staticPropertyKey, staticString, unwrap, walk } from './ast.js';
import { importedModules } from './context.js';
import { type FileAnalysis, findVariable, memoize } from './file-analysis.js';
import {
  fallbackLimiterOptions,
  memoryRateLimiters,
  memoryStoreFactories,
  type StatefulMiddleware,
  statefulMiddleware,
} from './libraries/stores.js';
import type { ExportRef } from './libraries/types.js';
import { exportOf } from './origin.js';
import { exportKey, normalizeModule } from './registry.js';
import { constructionOf, resolveConstant, staticObject } from './values.js';

/**
 * Middleware that keeps sessions or rate-limit counters in the process: shared by the
 * `no-memory-store` rule and the audit report's statelessness section.
 */
export interface MemoryStoreSite {
  /** The factory call, `register` call or constructor to report at. */
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly library: string;
  /**
   * `default`: no store option, so the library's in-memory default is used;
   * `explicit`: the library's own MemoryStore is passed;
   * `memorystore`: a store from the `memorystore` package;
   * `limiter`: an in-memory limiter class.
   */
  readonly reason: 'default' | 'explicit' | 'memorystore' | 'limiter';
  /** The shared store to recommend instead. */
  readonly sharedStore: string;
}

const PACKAGES: ReadonlySet<string> = new Set([
  ...statefulMiddleware.flatMap((entry) => entry.exports.map((ref) => ref.package)),
  ...memoryRateLimiters.map((entry) => entry.constructor.package),
]);

const FACTORY_KEYS: ReadonlyMap<string, StatefulMiddleware> = new Map(
  statefulMiddleware.filter((entry) => entry.registration.type === 'factory').flatMap((entry) => entry.exports.map((ref) => [exportKey(ref), entry] as const)),
);
const PLUGIN_KEYS: ReadonlyMap<string, StatefulMiddleware> = new Map(
  statefulMiddleware.filter((entry) => entry.registration.type === 'fastify-plugin').flatMap((entry) => entry.exports.map((ref) => [exportKey(ref), entry] as const)),
);
const LIMITER_KEYS: ReadonlyMap<string, (typeof memoryRateLimiters)[number]> = new Map(
  memoryRateLimiters.map((entry) => [exportKey(entry.constructor), entry] as const),
);
const MEMORYSTORE_FACTORY_KEYS: ReadonlySet<string> = new Set(memoryStoreFactories.map(exportKey));

/** Cheap gate: does the file import any of the libraries at all (statically, by require, or by `import()`)? */
export function mayConfigureStores(analysis: FileAnalysis): boolean {
  return memoize(analysis, 'mayConfigureStores', analysis.ast, false, () =>
    importedModules(analysis).some((source) => PACKAGES.has(normalizeModule(source))) ||
    [...PACKAGES].some((pkg) => analysis.text.includes(`import('${pkg}')`) || analysis.text.includes(`import("${pkg}")`)),
  );
}

/** A call or `new` that sets up in-process session/rate-limit state, or undefined. */
export function memoryStoreSite(analysis: FileAnalysis, node: TSESTree.CallExpression | TSESTree.NewExpression): MemoryStoreSite | undefined {
  if (node.type === AST_NODE_TYPES.NewExpression) return memoryLimiter(analysis, node);
  const member = memberCall(node);
  if (member?.name === 'register') {
    const plugin = node.arguments[0];
    const entry = plugin ? pluginEntry(analysis, plugin) : undefined;
    if (entry) return middlewareSite(analysis, node, entry, node.arguments[1], node.arguments.length < 2);
  }
  const ref = exportOf(analysis, node.callee);
  const entry = ref ? FACTORY_KEYS.get(exportKey(ref)) : undefined;
  if (!entry || entry.registration.type !== 'factory') return undefined;
  const index = entry.registration.optionsIndex;
  return middlewareSite(analysis, node, entry, node.arguments[index], node.arguments.length <= index);
}

function pluginEntry(analysis: FileAnalysis, plugin: TSESTree.Node): StatefulMiddleware | undefined {
  const node = unwrap(plugin);
  // fastify.register(import('@fastify/rate-limit'), opts)
  if (node.type === AST_NODE_TYPES.ImportExpression) {
    const source = staticString(node.source);
    return source === undefined ? undefined : PLUGIN_KEYS.get(exportKey({ package: source, path: [] }));
  }
  const ref = exportOf(analysis, node);
  return ref ? PLUGIN_KEYS.get(exportKey(ref)) : undefined;
}

function middlewareSite(
  analysis: FileAnalysis,
  node: TSESTree.CallExpression,
  entry: StatefulMiddleware,
  optionsArgument: TSESTree.Node | undefined,
  noOptions: boolean,
): MemoryStoreSite | undefined {
  const site = (reason: MemoryStoreSite['reason']): MemoryStoreSite => ({ node, library: entry.library, reason, sharedStore: entry.sharedStore });
  if (isDevelopmentOnly(node)) return undefined;
  if (noOptions) return site('default');
  if (!optionsArgument || optionsArgument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  // const opts = {…}; if (prod) opts.store = new RedisStore(…); session(opts)
  if (storeAssignedLater(analysis, optionsArgument, entry.storeOptions)) return undefined;
  const options = staticObject(analysis, optionsArgument);
  // Options built at runtime may well carry a store: stay silent.
  if (!options) return undefined;
  let configured = false;
  for (const key of entry.storeOptions) {
    const property = options.properties.get(key);
    if (!property) continue;
    configured = true;
    const memory = memoryStoreValue(property.analysis, property.value, entry.memoryStores);
    if (memory) return site(memory);
  }
  if (configured || !options.complete) return undefined;
  return site('default');
}

/** `new session.MemoryStore()`, or a class made by `require('memorystore')(session)`. */
function memoryStoreValue(analysis: FileAnalysis, value: TSESTree.Node, memoryStores: readonly ExportRef[]): 'explicit' | 'memorystore' | undefined {
  const construction = constructionOf(analysis, value);
  if (construction?.node.type !== AST_NODE_TYPES.NewExpression) return undefined;
  const { analysis: at, node } = construction;
  const callee = unwrap(node.callee);
  const ref = exportOf(at, callee);
  if (ref) {
    const key = exportKey(ref);
    return memoryStores.some((store) => exportKey(store) === key) ? 'explicit' : undefined;
  }
  // const MemoryStore = createMemoryStore(session) / require('memorystore')(session)
  const classValue = callee.type === AST_NODE_TYPES.Identifier ? resolveConstant(at, callee) : { analysis: at, node: callee };
  const made = classValue ? unwrap(classValue.node) : undefined;
  if (classValue && made?.type === AST_NODE_TYPES.CallExpression) {
    const factory = exportOf(classValue.analysis, made.callee);
    if (factory && MEMORYSTORE_FACTORY_KEYS.has(exportKey(factory))) return 'memorystore';
  }
  return undefined;
}

/** `new RateLimiterMemory(opts)`, unless it is a shared limiter's insurance. */
function memoryLimiter(analysis: FileAnalysis, node: TSESTree.NewExpression): MemoryStoreSite | undefined {
  const ref = exportOf(analysis, node.callee);
  const entry = ref ? LIMITER_KEYS.get(exportKey(ref)) : undefined;
  if (!entry || isFallbackLimiter(analysis, node)) return undefined;
  return { node, library: entry.library, reason: 'limiter', sharedStore: entry.sharedStore };
}

function isFallbackLimiter(analysis: FileAnalysis, node: TSESTree.NewExpression): boolean {
  let slot: TSESTree.Node = node;
  while (slot.parent && isTransparent(slot.parent, slot)) slot = slot.parent;
  if (isFallbackProperty(slot)) return true;
  // static insurance = new RateLimiterMemory(...); … new RateLimiterRedis({ insuranceLimiter: this.insurance })
  const field = slot.parent;
  if (field?.type === AST_NODE_TYPES.PropertyDefinition && field.value === slot) return isFallbackField(field);
  // const insurance = new RateLimiterMemory(...); new RateLimiterRedis({ insuranceLimiter: insurance })
  const declarator = slot.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== slot || declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(analysis, declarator.id);
  return variable?.references.some((reference) => reference.identifier !== declarator.id && isFallbackProperty(reference.identifier)) ?? false;
}

/**
 * A class field read as another limiter's insurance (`this.insurance`, `Limits.insurance`) and
 * used for nothing else: it only counts while the shared store is down, like a `const` would.
 */
function isFallbackField(field: TSESTree.PropertyDefinition): boolean {
  const name = staticPropertyKey(field);
  const classNode = field.parent.parent;
  if (name === undefined || field.computed) return false;
  const className = 'id' in classNode && classNode.id ? classNode.id.name : undefined;
  let program: TSESTree.Node = classNode;
  while (program.parent) program = program.parent;
  const uses = { fallback: false, other: false };
  walk(program, (node) => {
    if (node.type !== AST_NODE_TYPES.MemberExpression || staticMemberName(node) !== name) return undefined;
    const object = node.object;
    const ownClass = object.type === AST_NODE_TYPES.ThisExpression || (object.type === AST_NODE_TYPES.Identifier && object.name === className);
    if (!ownClass) return undefined;
    if (isFallbackProperty(node)) uses.fallback = true;
    else uses.other = true;
    return undefined;
  });
  return uses.fallback && !uses.other;
}

function isFallbackProperty(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type !== AST_NODE_TYPES.Property || parent.value !== node) return false;
  const key = staticPropertyKey(parent);
  return key !== undefined && fallbackLimiterOptions.has(key);
}

function isTransparent(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
      return parent.expression === child;
    default:
      return false;
  }
}

/** `opts.store = …`, `opts[key] = …` or `Object.assign(opts, …)` on the options variable. */
function storeAssignedLater(analysis: FileAnalysis, argument: TSESTree.Node, storeOptions: readonly string[]): boolean {
  const node = unwrap(argument);
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(analysis, node);
  for (const reference of variable?.references ?? []) {
    const identifier = reference.identifier;
    const parent = identifier.parent;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
      const assignment = parent.parent;
      if (assignment.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== parent) continue;
      const key = staticMemberName(parent);
      if (key === undefined || storeOptions.includes(key)) return true;
    }
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === identifier) {
      const callee = unwrap(parent.callee);
      if (
        callee.type === AST_NODE_TYPES.MemberExpression &&
        callee.object.type === AST_NODE_TYPES.Identifier &&
        callee.object.name === 'Object' &&
        staticMemberName(callee) === 'assign'
      ) {
        return true;
      }
    }
  }
  return false;
}

const DEVELOPMENT_ENVS: ReadonlySet<string> = new Set(['development', 'dev', 'test', 'local']);

/**
 * Inside a branch that runs only in development or tests: `if (process.env.NODE_ENV ===
 * 'development')`, the else branch of `=== 'production'`, `cond ? devOnly : prod`. A memory
 * store there never meets a second replica.
 */
export function isDevelopmentOnly(node: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type !== AST_NODE_TYPES.IfStatement && parent.type !== AST_NODE_TYPES.ConditionalExpression) continue;
    if (parent.test === child) continue;
    const polarity = developmentTest(parent.test);
    if (polarity === undefined) continue;
    const inConsequent = parent.consequent === child;
    if (polarity === inConsequent) return true;
  }
  return false;
}

/** true: the test holds only in development; false: only in production; undefined: neither. */
function developmentTest(input: TSESTree.Node): boolean | undefined {
  const test = unwrap(input);
  if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!') {
    const inner = developmentTest(test.argument);
    return inner === undefined ? undefined : !inner;
  }
  if (test.type !== AST_NODE_TYPES.BinaryExpression || test.left.type === AST_NODE_TYPES.PrivateIdentifier) return undefined;
  const negated = test.operator === '!==' || test.operator === '!=';
  if (!negated && test.operator !== '===' && test.operator !== '==') return undefined;
  const [env, literal] = isNodeEnv(test.left) ? [test.left, test.right] : isNodeEnv(test.right) ? [test.right, test.left] : [undefined, undefined];
  const value = env ? staticString(literal) : undefined;
  if (value === undefined) return undefined;
  let development: boolean | undefined;
  if (DEVELOPMENT_ENVS.has(value)) development = true;
  else if (value === 'production') development = false;
  if (development === undefined) return undefined;
  return negated ? !development : development;
}

function isNodeEnv(node: TSESTree.Node): boolean {
  const member = unwrap(node);
  if (member.type !== AST_NODE_TYPES.MemberExpression || staticMemberName(member) !== 'NODE_ENV') return false;
  const env = unwrap(member.object);
  return (
    env.type === AST_NODE_TYPES.MemberExpression &&
    staticMemberName(env) === 'env' &&
    env.object.type === AST_NODE_TYPES.Identifier &&
    env.object.name === 'process'
  );
}
