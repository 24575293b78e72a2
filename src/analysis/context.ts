import fs from 'node:fs';
import os from 'node:os';
import { dirname, join, parse, relative, resolve, sep } from 'node:path';

import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import picomatch from 'picomatch';

import { specifierNames } from '../settings.js';
import {
  enclosingFunctions,
  findProperty,
  type FunctionNode,
  isFunctionNode,
  memberCall,
  staticPropertyKey,
  staticString,
  unwrap,
  walk,
} from './ast.js';
import { type FileAnalysis, findVariable, memoize } from './file-analysis.js';
import { nonRequestRootTypes, resolverDecorators, resolverMapConsumers } from './libraries/graphql.js';
import {
  fastifyPluginTypes,
  fastifyPluginWrappers,
  handlerFunctionTypes,
  handlerSignatures,
  httpFrameworkPackages,
  nestRouteDecorators,
  openApiRouteFactories,
  nextRouteExports,
  type RouteFramework,
  routeFrameworks,
  routeObjectMethods,
  routeOptionsRegistrations,
  webhookSignatureCalls,
  webhookSignatureHeaders,
  webhookVerifyMembers,
} from './libraries/http.js';
import { consumerOptionCallbacks, consumerRegistrations, workerConstructors } from './libraries/queues.js';
import { exportOf, kindOf, kindOfAnnotation, setParameterKindHook } from './origin.js';
import { crossFileHandler, REGISTRATION_METHODS } from './program-facts.js';
import { isTestFile } from './test-files.js';
import { exportKey } from './registry.js';

export type HandlerType = 'http' | 'retryable';

export interface HandlerInfo {
  /** `http`: runs per request. `retryable`: runs per job/message/webhook delivery and may run twice. */
  readonly type: HandlerType;
  /** What registered it: express, fastify, koa, hono, nestjs, nextjs, lambda, bullmq, bull, pg-boss, webhook… */
  readonly framework: string;
  /** Why a retryable handler is retryable. */
  readonly retryReason?: 'job' | 'message' | 'webhook';
  readonly method?: string;
  readonly path?: string;
  /** The instance kinds of the handler's parameters by position, when the framework fixes them. */
  readonly params?: readonly (string | undefined)[];
}

/** Where a node runs. */
export interface ExecutionContext {
  /** The innermost enclosing handler and its function. */
  readonly handler?: { readonly fn: FunctionNode; readonly info: HandlerInfo };
  /** Not inside any function: module initialisation, which runs once per process. */
  readonly atModuleLevel: boolean;
}

export function executionContext(analysis: FileAnalysis, node: TSESTree.Node): ExecutionContext {
  let atModuleLevel = true;
  for (const fn of enclosingFunctions(node)) {
    atModuleLevel = false;
    const info = handlerInfo(analysis, fn);
    if (info) return { handler: { fn, info }, atModuleLevel };
  }
  return { atModuleLevel };
}

export function enclosingHandler(
  analysis: FileAnalysis,
  node: TSESTree.Node,
): { readonly fn: FunctionNode; readonly info: HandlerInfo } | undefined {
  return executionContext(analysis, node).handler;
}

/** Is this function a request or job handler, and of what kind? Memoised per function. */
export function handlerInfo(analysis: FileAnalysis, fn: FunctionNode): HandlerInfo | undefined {
  return memoize(analysis, 'handlerInfo', fn, undefined, () => {
    // Test code builds throwaway servers and workers (supertest apps, mocked processors);
    // they never run as a scaled service.
    if (isTestFile(analysis)) return undefined;
    const base = registeredHandler(analysis, fn);
    if (base?.type === 'http' && isWebhook(analysis, fn, base)) {
      return { ...base, type: 'retryable', retryReason: 'webhook' } satisfies HandlerInfo;
    }
    return base;
  });
}

function registeredHandler(analysis: FileAnalysis, fn: FunctionNode): HandlerInfo | undefined {
  return (
    handlerByArgumentPosition(analysis, fn) ??
    handlerByReference(analysis, fn) ??
    nestHandler(analysis, fn) ??
    graphqlResolverMethod(analysis, fn) ??
    fileConventionHandler(analysis, fn) ??
    lambdaHandler(analysis, fn) ??
    declaredHandler(analysis, fn) ??
    crossFileHandler(analysis, fn) ??
    annotatedHandler(analysis, fn)
  );
}

/** `app.get('/x', fn)`, `new Worker('q', fn)`, `fastify.route({ handler: fn })`. */
function handlerByArgumentPosition(analysis: FileAnalysis, argument: TSESTree.Node): HandlerInfo | undefined {
  let slot: TSESTree.Node = argument;
  // Wrappers such as asyncHandler(fn) or middy(fn) pass the function through.
  let parent = slot.parent;
  if (parent?.type === AST_NODE_TYPES.Property && parent.value === slot) {
    return handlerInRouteOptions(analysis, parent) ?? consumerCallback(analysis, parent) ?? resolverMapField(analysis, parent);
  }
  if (parent?.type === AST_NODE_TYPES.ArrayExpression) {
    slot = parent;
    parent = slot.parent;
  }
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee !== slot) {
    const direct = registrationCall(analysis, parent, slot);
    if (direct) return direct;
    // One level of wrapping: router.get('/x', asyncHandler(async (req, res) => …)).
    const outer = parent.parent;
    if (outer.type === AST_NODE_TYPES.CallExpression && outer.callee !== parent) {
      return registrationCall(analysis, outer, parent);
    }
  }
  if (parent?.type === AST_NODE_TYPES.NewExpression && parent.callee !== slot) {
    const kind = kindOf(analysis, parent);
    const worker = workerConstructors.find((entry) => entry.kind === kind);
    if (worker && parent.arguments.indexOf(slot as TSESTree.CallExpressionArgument) === 1) {
      return { type: 'retryable', framework: worker.framework, retryReason: 'job' };
    }
  }
  return undefined;
}

function registrationCall(analysis: FileAnalysis, call: TSESTree.CallExpression, argument: TSESTree.Node): HandlerInfo | undefined {
  const member = memberCall(call);
  if (!member) return undefined;
  const { object, name } = member;
  if (!call.arguments.includes(argument as TSESTree.CallExpressionArgument)) return undefined;
  // `items.map(fn)`, `promise.then(fn)`: no framework registers handlers under these names, so
  // the receiver's type (often a generic the checker must instantiate) is never asked for.
  if (!REGISTRATION_METHODS.has(name) && !STRUCTURAL_ROUTE_METHODS.has(name)) return undefined;
  const objectKind = kindOf(analysis, object);
  if (objectKind) {
    const framework = routeFrameworks.find((candidate) => candidate.registrars.includes(objectKind));
    if (framework) return routeHandler(analysis, framework, call, name, argument);
    const consumer = consumerRegistrations.find((entry) => entry.kind === objectKind && entry.method === name);
    if (consumer) {
      return { type: 'retryable', framework: consumer.framework, retryReason: consumer.framework === 'amqplib' ? 'message' : 'job' };
    }
    return undefined;
  }
  return structuralRoute(analysis, call, name, argument);
}

/**
 * Whether the call registers a request handler, as handler recognition reads it: the receiver's
 * kind (`router.delete('/orders/:id', remove)` on an Express router), or the route shape in a file
 * that imports an HTTP framework. Such a call deletes nothing from a cache.
 */
export function registersRoute(analysis: FileAnalysis, call: TSESTree.CallExpression): boolean {
  return call.arguments.slice(1).some((argument) => registrationCall(analysis, call, argument)?.type === 'http');
}

function routeHandler(
  analysis: FileAnalysis,
  framework: RouteFramework,
  call: TSESTree.CallExpression,
  method: string,
  argument: TSESTree.Node,
): HandlerInfo | undefined {
  const isRoute = framework.routeMethods.has(method);
  const isMiddleware = framework.middlewareMethods.has(method);
  if (!isRoute && !isMiddleware) return undefined;
  if (framework.framework === 'fastify' && method === 'addHook' && call.arguments[0] === argument) return undefined;
  // Fastify application hooks (onReady, onClose, onRoute…) run at start-up or shutdown, not per request.
  if (framework.framework === 'fastify' && method === 'addHook' && FASTIFY_APPLICATION_HOOKS.has(staticString(call.arguments[0]) ?? '')) return undefined;
  if (routeObjectMethods.has(method)) return openApiHandler(analysis, framework, call, argument);
  const path = routePath(call, argument) ?? routePathOfRouteChain(call);
  const params = errorMiddlewareParams(framework, argument);
  return {
    type: 'http',
    framework: framework.framework,
    ...(isRoute && method !== 'route' ? { method: method.toUpperCase() } : {}),
    ...(path === undefined ? {} : { path }),
    params,
  };
}

/**
 * `app.openapi(route, handler, hook?)` of @hono/zod-openapi: the second argument handles the
 * request (the hook only answers validation failures). Method and path come from the route when
 * it is a visible `createRoute({ method, path })`.
 */
function openApiHandler(
  analysis: FileAnalysis,
  framework: RouteFramework,
  call: TSESTree.CallExpression,
  argument: TSESTree.Node,
): HandlerInfo | undefined {
  if (call.arguments[1] !== argument) return undefined;
  const route = call.arguments[0] && openApiRouteObject(analysis, call.arguments[0]);
  const method = route && staticString(findProperty(route, 'method')?.value);
  // OpenAPI writes parameters as `{id}`; Hono registers them as `:id`.
  const path = route && staticString(findProperty(route, 'path')?.value)?.replaceAll(/\{([^}]+)\}/gu, ':$1');
  return {
    type: 'http',
    framework: framework.framework,
    ...(method === undefined ? {} : { method: method.toUpperCase() }),
    ...(path === undefined ? {} : { path }),
    params: framework.handlerParams,
  };
}

/** The object literal passed to `createRoute(...)`, inline or through a `const` of this file. */
function openApiRouteObject(analysis: FileAnalysis, node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  let value = unwrap(node);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const definition = findVariable(analysis, value)?.defs;
    const declarator = definition?.length === 1 ? definition[0]?.node : undefined;
    if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.parent.kind !== 'const' || !declarator.init) return undefined;
    value = unwrap(declarator.init);
  }
  if (value.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const ref = exportOf(analysis, value.callee);
  if (!ref || !openApiRouteFactories.some((factory) => exportKey(factory) === exportKey(ref))) return undefined;
  const options = value.arguments[0] && unwrap(value.arguments[0]);
  return options?.type === AST_NODE_TYPES.ObjectExpression ? options : undefined;
}

/** Express error middleware takes `(err, req, res, next)`. */
function errorMiddlewareParams(framework: RouteFramework, argument: TSESTree.Node): readonly (string | undefined)[] {
  if (framework.framework === 'express' && isFunctionNode(argument) && argument.params.length === 4) {
    return [undefined, ...framework.handlerParams];
  }
  return framework.handlerParams;
}

/** The last string argument before the handler: `get('/x', h)`, koa-router `get('name', '/x', h)`. */
function routePath(call: TSESTree.CallExpression, argument: TSESTree.Node): string | undefined {
  let path: string | undefined;
  for (const candidate of call.arguments) {
    if (candidate === argument) break;
    const value = staticString(candidate);
    if (value !== undefined) path = value;
    else if (candidate.type === AST_NODE_TYPES.TemplateLiteral) path = candidate.quasis.map((quasi) => quasi.value.cooked).join('*');
  }
  return path;
}

/** `app.route('/x').post(h)`: the path is on the chain. */
function routePathOfRouteChain(call: TSESTree.CallExpression): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const inner = unwrap(callee.object);
  if (inner.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const innerMember = memberCall(inner);
  if (innerMember?.name === 'route') return staticString(inner.arguments[0]);
  if (innerMember) return routePathOfRouteChain(inner);
  return undefined;
}

const FASTIFY_APPLICATION_HOOKS = new Set(['onReady', 'onListen', 'onClose', 'preClose', 'onRoute', 'onRegister']);

const STRUCTURAL_ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all']);

/**
 * Without a known receiver, `x.post('/path', fn)` counts as a route only in a file that imports
 * an HTTP framework, and only with a literal path: two independent signals, neither a name guess.
 */
function structuralRoute(
  analysis: FileAnalysis,
  call: TSESTree.CallExpression,
  method: string,
  argument: TSESTree.Node,
): HandlerInfo | undefined {
  if (!STRUCTURAL_ROUTE_METHODS.has(method)) return undefined;
  const path = staticString(call.arguments[0]);
  if (path?.startsWith('/') !== true || call.arguments[0] === argument) return undefined;
  if (!importsHttpFramework(analysis)) return undefined;
  return { type: 'http', framework: 'unknown', method: method.toUpperCase(), path };
}

export function importsHttpFramework(analysis: FileAnalysis): boolean {
  return memoize(analysis, 'importsHttpFramework', analysis.ast, false, () =>
    importedModules(analysis).some((source) => httpFrameworkPackages.has(source) || source.startsWith('@nestjs/')),
  );
}

export function importedModules(analysis: FileAnalysis): readonly string[] {
  return memoize(analysis, 'importedModules', analysis.ast, [] as readonly string[], () => {
    const sources: string[] = [];
    for (const statement of analysis.ast.body) {
      if (statement.type === AST_NODE_TYPES.ImportDeclaration) sources.push(statement.source.value.replace(/^node:/u, ''));
    }
    for (const variable of analysis.scopeManager?.globalScope?.through ?? []) {
      const parent = variable.identifier.parent;
      if (variable.identifier.name === 'require' && parent.type === AST_NODE_TYPES.CallExpression) {
        const source = staticString(parent.arguments[0]);
        if (source !== undefined) sources.push(source.replace(/^node:/u, ''));
      }
    }
    return sources;
  });
}

/** `fastify.route({ method, url, handler })` and `{ preHandler, onRequest }` hooks. */
function handlerInRouteOptions(analysis: FileAnalysis, property: TSESTree.Property): HandlerInfo | undefined {
  const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
  if (key === undefined) return undefined;
  const object = property.parent;
  if (object.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const call = object.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(object)) return undefined;
  const member = memberCall(call);
  const candidates = routeOptionsRegistrations.filter((entry) => entry.method === member?.name && entry.handlerKeys.has(key));
  if (!member || candidates.length === 0) return undefined;
  const registrar = kindOf(analysis, member.object);
  const registration = candidates.find((entry) => entry.registrar === registrar);
  if (!registration) return undefined;
  const url = staticString(findProperty(object, registration.pathKey)?.value);
  const method = staticString(findProperty(object, registration.methodKey)?.value);
  return {
    type: 'http',
    framework: registration.framework,
    ...(url === undefined ? {} : { path: url }),
    ...(method === undefined ? {} : { method: method.toUpperCase() }),
    params: registration.params,
  };
}

/** `Consumer.create({ queueUrl, handleMessage })`: the callback runs per message and is redelivered on failure. */
function consumerCallback(analysis: FileAnalysis, property: TSESTree.Property): HandlerInfo | undefined {
  const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : staticString(property.key);
  if (key === undefined) return undefined;
  const object = property.parent;
  if (object.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const call = object.parent;
  if ((call.type !== AST_NODE_TYPES.CallExpression && call.type !== AST_NODE_TYPES.NewExpression) || call.arguments[0] !== object) return undefined;
  const ref = exportOf(analysis, call.callee);
  if (!ref) return undefined;
  const called = exportKey(ref);
  const entry = consumerOptionCallbacks.find((candidate) => candidate.keys.includes(key) && exportKey(candidate) === called);
  return entry ? { type: 'retryable', framework: entry.framework, retryReason: 'message' } : undefined;
}

/** `function createOrder(req, res) {}` registered elsewhere in the file as `router.post('/x', createOrder)`. */
function handlerByReference(analysis: FileAnalysis, fn: FunctionNode): HandlerInfo | undefined {
  const binding = functionBinding(fn);
  if (!binding) return undefined;
  const variable = findVariable(analysis, binding);
  if (!variable) return undefined;
  for (const reference of variable.references) {
    const identifier = reference.identifier;
    if (identifier === binding) continue;
    const info = handlerByArgumentPosition(analysis, identifier);
    if (info) return info;
  }
  return undefined;
}

/** The identifier a function is bound to: its own name, or the variable it initialises. */
export function functionBinding(fn: FunctionNode): TSESTree.Identifier | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) return fn.id;
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier) {
    return parent.id;
  }
  return undefined;
}

/** NestJS controller routes, queue processors and microservice message handlers. */
function nestHandler(analysis: FileAnalysis, fn: FunctionNode): HandlerInfo | undefined {
  const method = fn.parent;
  if (method.type !== AST_NODE_TYPES.MethodDefinition || method.value !== fn) return undefined;
  const classNode = method.parent.parent;
  const classDecorators = decoratorNames(analysis, classNode.decorators);
  const methodDecorators = decoratorNames(analysis, method.decorators);
  if (classDecorators.has('@nestjs/common:Controller')) {
    for (const decorator of method.decorators) {
      const name = nestDecoratorName(analysis, decorator);
      if (name !== undefined && nestRouteDecorators.has(name)) {
        const path = decorator.expression.type === AST_NODE_TYPES.CallExpression ? staticString(decorator.expression.arguments[0]) : undefined;
        return { type: 'http', framework: 'nestjs', method: name.toUpperCase(), ...(path === undefined ? {} : { path }) };
      }
    }
  }
  const isProcessorClass = classDecorators.has('@nestjs/bullmq:Processor') || classDecorators.has('@nestjs/bull:Processor');
  const methodName = method.key.type === AST_NODE_TYPES.Identifier ? method.key.name : undefined;
  if (isProcessorClass && (methodName === 'process' || methodDecorators.has('@nestjs/bull:Process'))) {
    return { type: 'retryable', framework: 'nestjs', retryReason: 'job' };
  }
  if (methodDecorators.has('@nestjs/microservices:EventPattern') || methodDecorators.has('@nestjs/microservices:MessagePattern')) {
    return { type: 'retryable', framework: 'nestjs', retryReason: 'message' };
  }
  return undefined;
}

/**
 * GraphQL resolver classes: a method of an `@Resolver()` class decorated `@Query()`,
 * `@Mutation()` or a field-resolver decorator of the same package (@nestjs/graphql, type-graphql)
 * runs per request. `@Query` of `@nestjs/common` is a parameter decorator and never matches.
 */
function graphqlResolverMethod(analysis: FileAnalysis, fn: FunctionNode): HandlerInfo | undefined {
  const method = fn.parent;
  if (method.type !== AST_NODE_TYPES.MethodDefinition || method.value !== fn || method.decorators.length === 0) return undefined;
  const classNode = method.parent.parent;
  if (classNode.decorators.length === 0) return undefined;
  const classDecorators = decoratorNames(analysis, classNode.decorators);
  const methodDecorators = decoratorNames(analysis, method.decorators);
  for (const library of resolverDecorators) {
    if (!classDecorators.has(`${library.package}:${library.resolverClass}`)) continue;
    for (const [decorator, operation] of library.operations) {
      if (methodDecorators.has(`${library.package}:${decorator}`)) {
        return { type: 'http', framework: library.package === '@nestjs/graphql' ? 'nestjs-graphql' : library.package, method: operation };
      }
    }
  }
  return undefined;
}

/**
 * A field of a GraphQL resolver map, `{ Query: { users: async () => … } }`, when the map is
 * visibly handed to a GraphQL server or schema builder in this file (`new ApolloServer({
 * resolvers })`, `createSchema`, `makeExecutableSchema`): inline, or through a `const`.
 */
function resolverMapField(analysis: FileAnalysis, field: TSESTree.Property): HandlerInfo | undefined {
  const typeMap = field.parent;
  if (typeMap.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const typeProperty = typeMap.parent;
  if (typeProperty.type !== AST_NODE_TYPES.Property || typeProperty.value !== typeMap) return undefined;
  const typeName = staticPropertyKey(typeProperty);
  if (typeName === undefined || nonRequestRootTypes.has(typeName)) return undefined;
  const resolverMap = typeProperty.parent;
  if (resolverMap.type !== AST_NODE_TYPES.ObjectExpression || !isPassedAsResolvers(analysis, resolverMap)) return undefined;
  const operation = typeName === 'Query' ? 'QUERY' : typeName === 'Mutation' ? 'MUTATION' : 'FIELD';
  return { type: 'http', framework: 'graphql', method: operation };
}

function isPassedAsResolvers(analysis: FileAnalysis, map: TSESTree.ObjectExpression): boolean {
  return memoize(analysis, 'isPassedAsResolvers', map, false, () => {
    let slot: TSESTree.Expression = map;
    while (slot.parent.type === AST_NODE_TYPES.TSAsExpression || slot.parent.type === AST_NODE_TYPES.TSSatisfiesExpression) slot = slot.parent;
    if (resolversOption(analysis, slot)) return true;
    // `const resolvers = { … }` handed over by name in this file.
    const declarator = slot.parent;
    if (declarator.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== slot || declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
    if (declarator.parent.kind !== 'const') return false;
    const variable = findVariable(analysis, declarator.id);
    return variable?.references.some((reference) => reference.identifier !== declarator.id && reference.identifier.type === AST_NODE_TYPES.Identifier && resolversOption(analysis, reference.identifier)) ?? false;
  });
}

/** `node` is the `resolvers` option (or one of an array of them) of a catalogued GraphQL server or schema call. */
function resolversOption(analysis: FileAnalysis, node: TSESTree.Expression): boolean {
  let slot: TSESTree.Expression = node;
  if (slot.parent.type === AST_NODE_TYPES.ArrayExpression) slot = slot.parent;
  const property = slot.parent;
  if (property.type !== AST_NODE_TYPES.Property || property.value !== slot || staticPropertyKey(property) !== 'resolvers') return false;
  let options: TSESTree.Expression = property.parent;
  // buildSubgraphSchema([{ typeDefs, resolvers }]) takes a list of modules.
  if (options.parent.type === AST_NODE_TYPES.ArrayExpression) options = options.parent;
  const call = options.parent;
  if ((call.type !== AST_NODE_TYPES.CallExpression && call.type !== AST_NODE_TYPES.NewExpression) || call.arguments[0] !== options) return false;
  const ref = exportOf(analysis, call.callee);
  if (!ref) return false;
  const key = exportKey(ref);
  return resolverMapConsumers.some((consumer) => exportKey(consumer) === key);
}

/**
 * A function whose declared type says it is a handler, for handlers registered where this file
 * cannot see (`fastify.route({ handler: controller.callback })` in a router file, without a
 * program to connect them):
 * - its binding is annotated with a framework's handler type (`RequestHandler`, `RouteHandler`,
 *   `MiddlewareHandler`…);
 * - or it is exported (or a method of an exported class) and its parameters are annotated with
 *   both the request and the response type of Express or Fastify, and this file does not call it
 *   as a helper. A lone Koa or Hono context parameter is not enough: helpers take it too.
 */
function annotatedHandler(analysis: FileAnalysis, fn: FunctionNode): HandlerInfo | undefined {
  const typed = bindingHandlerType(analysis, fn);
  if (typed) {
    const framework = routeFrameworks.find((candidate) => candidate.framework === typed);
    return { type: 'http', framework: typed, params: framework?.handlerParams ?? [] };
  }
  if (fn.params.length < 2) return undefined;
  const annotated = fn.params.filter((param) => param.type === AST_NODE_TYPES.Identifier && param.typeAnnotation !== undefined);
  if (annotated.length < 2) return undefined;
  // Cheap checks before any annotation is traced. Tracing a project type (`IAuthRequest` from a
  // types barrel) parses every module behind it, and asking the checker about every exported
  // service function's parameters costs as much; a file whose handlers take the framework's
  // request and response imports the framework itself.
  if (!isExposed(analysis, fn) || isCalledInFile(analysis, fn)) return undefined;
  if (!importsHttpFramework(analysis)) return undefined;
  const kinds: (string | undefined)[] = [];
  const kindAt = (index: number): string | undefined => {
    if (index in kinds) return kinds[index];
    const param = fn.params[index];
    const kind = param?.type === AST_NODE_TYPES.Identifier && param.typeAnnotation ? parameterAnnotationKind(analysis, param) : undefined;
    kinds[index] = kind;
    return kind;
  };
  for (const signature of handlerSignatures) {
    // `(req, res)`, or Express error middleware `(err, req, res, next)`.
    const at = kindAt(0) === signature.request ? 0 : kindAt(1) === signature.request ? 1 : -1;
    if (at < 0 || kindAt(at + 1) !== signature.response) continue;
    const framework = routeFrameworks.find((candidate) => candidate.framework === signature.framework);
    const params = framework?.handlerParams ?? [];
    return { type: 'http', framework: signature.framework, params: at === 0 ? params : [undefined, ...params] };
  }
  return undefined;
}

function parameterAnnotationKind(analysis: FileAnalysis, param: TSESTree.Identifier): string | undefined {
  const written = kindOfAnnotation(analysis, param.typeAnnotation?.typeAnnotation);
  if (written !== undefined || !analysis.types) return written;
  // A project alias of the framework's type (`type Req = FastifyRequest<{ Body: B }>`): the checker knows.
  return kindOf(analysis, param);
}

/** The framework of a handler type annotated on the function's binding: `const h: RequestHandler = …`. */
function bindingHandlerType(analysis: FileAnalysis, fn: FunctionNode): string | undefined {
  const binding = functionBinding(fn);
  const annotation = binding?.typeAnnotation?.typeAnnotation;
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const ref = typeNameExport(analysis, annotation.typeName);
  if (!ref) return undefined;
  const name = ref.path.at(-1);
  return handlerFunctionTypes.find((entry) => entry.name === name && entry.package === ref.package)?.framework;
}

/** `RequestHandler` imported from express, or `express.RequestHandler`: the export a type name denotes. */
function typeNameExport(analysis: FileAnalysis, typeName: TSESTree.EntityName): { package: string; path: readonly string[] } | undefined {
  if (typeName.type === AST_NODE_TYPES.Identifier) return exportOf(analysis, typeName);
  if (typeName.type === AST_NODE_TYPES.TSQualifiedName && typeName.left.type === AST_NODE_TYPES.Identifier) {
    const left = exportOf(analysis, typeName.left);
    return left ? { package: left.package, path: [...left.path, typeName.right.name] } : undefined;
  }
  return undefined;
}

/** Exported from its module, or a public method of an exported class. */
function isExposed(analysis: FileAnalysis, fn: FunctionNode): boolean {
  const method = fn.parent;
  if (method.type === AST_NODE_TYPES.MethodDefinition) {
    if (method.kind !== 'method' || method.static || method.accessibility === 'private' || method.accessibility === 'protected') return false;
    const classNode = method.parent.parent;
    if (classNode.parent.type === AST_NODE_TYPES.ExportNamedDeclaration || classNode.parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
    const id = classNode.id;
    return id ? findVariable(analysis, id)?.references.some((reference) => reference.identifier.parent.type === AST_NODE_TYPES.ExportSpecifier) ?? false : false;
  }
  return exportedName(analysis, fn) !== undefined;
}

/** The file calls the function itself: a helper of its handlers, not a handler. */
function isCalledInFile(analysis: FileAnalysis, fn: FunctionNode): boolean {
  const binding = functionBinding(fn);
  if (!binding) return false;
  const variable = findVariable(analysis, binding);
  return variable?.references.some((reference) => {
    const parent = reference.identifier.parent;
    return parent.type === AST_NODE_TYPES.CallExpression && parent.callee === reference.identifier;
  }) ?? false;
}

function decoratorNames(analysis: FileAnalysis, decorators: readonly TSESTree.Decorator[]): Set<string> {
  const names = new Set<string>();
  for (const decorator of decorators) {
    const expression = decorator.expression.type === AST_NODE_TYPES.CallExpression ? decorator.expression.callee : decorator.expression;
    const ref = exportOf(analysis, expression);
    const name = ref?.path.at(-1);
    if (ref && name !== undefined) names.add(`${ref.package}:${name}`);
  }
  return names;
}

function nestDecoratorName(analysis: FileAnalysis, decorator: TSESTree.Decorator): string | undefined {
  const expression = decorator.expression.type === AST_NODE_TYPES.CallExpression ? decorator.expression.callee : decorator.expression;
  const ref = exportOf(analysis, expression);
  return ref?.package === '@nestjs/common' ? ref.path.at(-1) : undefined;
}

const NEXT_APP_ROUTE = /(?:^|\/)app\/(?:.*\/)?route\.[cm]?[jt]sx?$/u;
const NEXT_PAGES_API = /(?:^|\/)pages\/api\//u;

/** Next.js route handlers are known by file location and export name. */
function fileConventionHandler(analysis: FileAnalysis, fn: FunctionNode): HandlerInfo | undefined {
  const filename = analysis.filename.replaceAll('\\', '/');
  if (NEXT_APP_ROUTE.test(filename)) {
    const name = exportedName(analysis, fn);
    if (name !== undefined && nextRouteExports.has(name)) {
      return { type: 'http', framework: 'nextjs', method: name, path: routeFromAppPath(filename) };
    }
  }
  if (NEXT_PAGES_API.test(filename) && exportedName(analysis, fn) === 'default') {
    return { type: 'http', framework: 'nextjs', path: filename.slice(filename.indexOf('pages/api/') + 'pages'.length).replace(/\.[cm]?[jt]sx?$/u, '') };
  }
  return undefined;
}

function routeFromAppPath(filename: string): string {
  const at = filename.lastIndexOf('app/');
  return '/' + filename.slice(at + 4).replace(/\/?route\.[cm]?[jt]sx?$/u, '');
}

/** The name a function is exported under from its own module, if it is. */
export function exportedName(analysis: FileAnalysis, fn: FunctionNode): string | undefined {
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return 'default';
  if (parent.type === AST_NODE_TYPES.ExportNamedDeclaration && fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id?.name;
  const binding = functionBinding(fn);
  if (!binding) return undefined;
  const declaration = binding.parent.parent;
  if (declaration?.type === AST_NODE_TYPES.VariableDeclaration && declaration.parent.type === AST_NODE_TYPES.ExportNamedDeclaration) {
    return binding.name;
  }
  const variable = findVariable(analysis, binding);
  for (const reference of variable?.references ?? []) {
    const parentNode = reference.identifier.parent;
    if (parentNode.type === AST_NODE_TYPES.ExportSpecifier) {
      return parentNode.exported.type === AST_NODE_TYPES.Identifier ? parentNode.exported.name : parentNode.exported.value;
    }
    if (parentNode.type === AST_NODE_TYPES.ExportDefaultDeclaration) return 'default';
    if (
      parentNode.type === AST_NODE_TYPES.AssignmentExpression &&
      parentNode.right === reference.identifier &&
      parentNode.left.type === AST_NODE_TYPES.MemberExpression
    ) {
      const left = parentNode.left;
      const target = left.object;
      if (target.type === AST_NODE_TYPES.Identifier && target.name === 'exports' && left.property.type === AST_NODE_TYPES.Identifier) {
        return left.property.name;
      }
    }
  }
  return undefined;
}

const LAMBDA_PACKAGES = new Set(['aws-lambda', '@types/aws-lambda', '@middy/core']);
const LAMBDA_RETRYABLE_EVENTS = /^(?:SQS|SNS|Kinesis|DynamoDBStream|EventBridge|S3|Scheduled)/u;

/**
 * AWS Lambda: the handler's name lives in infrastructure code, so we accept the conventional
 * exported `handler` only with evidence from aws-lambda's types in the file.
 */
function lambdaHandler(analysis: FileAnalysis, fn: FunctionNode): HandlerInfo | undefined {
  if (exportedName(analysis, fn) !== 'handler') return undefined;
  const binding = functionBinding(fn);
  const annotation = binding?.typeAnnotation?.typeAnnotation ?? firstParamAnnotation(fn);
  const annotatedName =
    annotation?.type === AST_NODE_TYPES.TSTypeReference && annotation.typeName.type === AST_NODE_TYPES.Identifier
      ? annotation.typeName.name
      : undefined;
  const fromLambdaTypes = annotation?.type === AST_NODE_TYPES.TSTypeReference && annotation.typeName.type === AST_NODE_TYPES.Identifier
    ? LAMBDA_PACKAGES.has(exportOf(analysis, annotation.typeName)?.package ?? '')
    : false;
  if (!fromLambdaTypes && !importedModules(analysis).some((source) => LAMBDA_PACKAGES.has(source))) return undefined;
  if (annotatedName !== undefined && LAMBDA_RETRYABLE_EVENTS.test(annotatedName)) {
    return { type: 'retryable', framework: 'lambda', retryReason: 'message' };
  }
  return { type: 'http', framework: 'lambda' };
}

function firstParamAnnotation(fn: FunctionNode): TSESTree.TypeNode | undefined {
  const first = fn.params[0];
  return first?.type === AST_NODE_TYPES.Identifier ? first.typeAnnotation?.typeAnnotation : undefined;
}

/** `settings.scalability.handlers`. */
function declaredHandler(analysis: FileAnalysis, fn: FunctionNode): HandlerInfo | undefined {
  if (analysis.settings.handlers.length === 0) return undefined;
  const name = exportedName(analysis, fn) ?? functionBinding(fn)?.name;
  if (name === undefined) return undefined;
  for (const declaration of analysis.settings.handlers) {
    const spec = declaration.value;
    if (!specifierNames(spec).includes(name)) continue;
    if (spec.from === 'file' && (spec.path === undefined || globMatcher([spec.path])(relativePath(analysis)) || analysis.filename.endsWith(spec.path))) {
      return declaration.type === 'retryable'
        ? { type: 'retryable', framework: 'settings', retryReason: 'job' }
        : { type: 'http', framework: 'settings' };
    }
  }
  return undefined;
}

export function relativePath(analysis: FileAnalysis): string {
  const filename = analysis.filename.replaceAll('\\', '/');
  const cwd = analysis.cwd.replaceAll('\\', '/');
  return filename.startsWith(cwd + '/') ? filename.slice(cwd.length + 1) : filename;
}

/** Webhook senders redeliver until they see a 2xx: the route says so, or the handler checks a signature. */
function isWebhook(analysis: FileAnalysis, fn: FunctionNode, info: HandlerInfo): boolean {
  if (info.path !== undefined && /webhook/iu.test(info.path)) return true;
  if (info.framework === 'nextjs' && /webhook/iu.test(analysis.filename)) return true;
  return verifiesSignature(analysis, fn);
}

function verifiesSignature(analysis: FileAnalysis, fn: FunctionNode): boolean {
  const text = analysis.text.slice(fn.range[0], fn.range[1]);
  // Cheap text gate before walking the body.
  if (!/signature|webhook|verify|hmac/iu.test(text)) return false;
  let found = false;
  walk(fn.body, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' && webhookSignatureHeaders.has(node.value.toLowerCase())) {
      found = true;
    } else if (node.type === AST_NODE_TYPES.CallExpression) {
      found = isSignatureVerification(analysis, node);
    }
    return undefined;
  });
  return found;
}

function isSignatureVerification(analysis: FileAnalysis, call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const chain = memberChain(callee);
  if (webhookVerifyMembers.some((suffix) => endsWith(chain, suffix))) return true;
  const ref = exportOf(analysis, callee);
  if (ref) {
    const key = exportKey(ref);
    return webhookSignatureCalls.some((entry) => exportKey(entry) === key);
  }
  // new Webhook(secret).verify(...) from svix
  const object = unwrap(callee.object);
  if (object.type === AST_NODE_TYPES.NewExpression) {
    const constructed = exportOf(analysis, object.callee);
    return constructed?.package === 'svix' && memberCall(call)?.name === 'verify';
  }
  return false;
}

function memberChain(node: TSESTree.MemberExpression): string[] {
  const names: string[] = [];
  let current: TSESTree.Node = node;
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const property: TSESTree.Node = current.property;
    names.unshift(property.type === AST_NODE_TYPES.Identifier ? property.name : '?');
    current = current.object;
  }
  return names;
}

function endsWith(chain: readonly string[], suffix: readonly string[]): boolean {
  if (suffix.length > chain.length) return false;
  return suffix.every((name, index) => chain[chain.length - suffix.length + index] === name);
}

/** Request handlers, and webhook routes (which are retryable but still answer HTTP). */
export function servesRequests(info: HandlerInfo): boolean {
  return info.type === 'http' || info.retryReason === 'webhook';
}

/** Where a handler can sit: an argument, a route-options property, a class method, an export or a binding. */
const HANDLER_SLOTS = new Set<string>([
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.Property,
  AST_NODE_TYPES.MethodDefinition,
  AST_NODE_TYPES.PropertyDefinition,
  AST_NODE_TYPES.ExportDefaultDeclaration,
  AST_NODE_TYPES.ExportNamedDeclaration,
  AST_NODE_TYPES.VariableDeclarator,
  AST_NODE_TYPES.AssignmentExpression,
  AST_NODE_TYPES.Program,
  AST_NODE_TYPES.BlockStatement,
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
]);

/** Cheap gate before asking handlerInfo: skip immediately invoked functions and other slots no framework registers. */
export function mayBeHandler(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (!HANDLER_SLOTS.has(parent.type)) return false;
  return !(parent.type === AST_NODE_TYPES.CallExpression && parent.callee === fn);
}

/** "the POST /orders request handler", for messages. */
export function describeHandler(info: HandlerInfo): string {
  const kind = info.retryReason === 'webhook' ? 'webhook handler' : 'request handler';
  // Only a route path names the handler (Fastify's addHook reports its hook name as the path).
  const path = info.path?.startsWith('/') === true ? info.path : undefined;
  if (info.method !== undefined && path !== undefined) return `the ${info.method} ${path} ${kind}`;
  if (path !== undefined) return `the ${path} ${kind}`;
  return `this ${kind}`;
}

/** Is this file a worker/scheduler entry point (settings.scalability.workerFiles)? */
export function isWorkerFile(analysis: FileAnalysis, extraGlobs: readonly string[] = []): boolean {
  const globs = extraGlobs.length === 0 ? analysis.settings.workerFiles : [...analysis.settings.workerFiles, ...extraGlobs];
  if (globs.length === 0) return false;
  const matcher = globMatcher(globs);
  return workerFilePaths(analysis).some((candidate) => matcher(candidate));
}

/**
 * The paths `workerFiles` globs are matched against, so that the answer does not depend on the
 * directory ESLint runs from: the path relative to the file's workspace root (see
 * `workspaceRoot`), and the path relative to the working directory when that lies inside the
 * workspace (globs written relative to it keep working). A working directory above the workspace
 * would add unrelated ancestor directories, so it is not used then. Without any root marker the
 * working directory is all there is.
 */
function workerFilePaths(analysis: FileAnalysis): readonly string[] {
  return memoize(analysis, 'workerFilePaths', analysis.ast, [] as readonly string[], () => {
    const filename = resolve(analysis.cwd, analysis.filename);
    const root = workspaceRoot(dirname(filename));
    if (root === undefined) return [relativePath(analysis)];
    const paths = [toSlashes(relative(root, filename))];
    const cwd = resolve(analysis.cwd);
    if (cwd === root || cwd.startsWith(root + sep)) paths.push(relativePath(analysis));
    return paths;
  });
}

function toSlashes(file: string): string {
  return file.replaceAll('\\', '/');
}

const rootByDirectory = new Map<string, string | undefined>();

/**
 * The directory a file's paths are read from: the nearest directory at or above the file's package
 * (the nearest package.json) that marks a workspace or repository root (pnpm-workspace.yaml,
 * lerna.json, rush.json, a package.json with `workspaces`, or .git), else the package's own
 * directory. `apps/worker/src/beacon.ts` keeps its `worker/` segment whether ESLint runs from the
 * repository or from `apps/worker`. The walk stops below the home directory, whose dotfiles may be
 * a repository of their own.
 */
function workspaceRoot(directory: string): string | undefined {
  if (rootByDirectory.has(directory)) return rootByDirectory.get(directory);
  const stop = new Set([parse(directory).root, os.homedir()]);
  let packageRoot: string | undefined;
  for (let current = directory; !stop.has(current); current = dirname(current)) {
    if (fs.existsSync(join(current, 'package.json'))) {
      packageRoot = current;
      break;
    }
    if (dirname(current) === current) break;
  }
  let root = packageRoot;
  if (packageRoot !== undefined) {
    for (let current = packageRoot; !stop.has(current); current = dirname(current)) {
      if (isWorkspaceRoot(current)) {
        root = current;
        break;
      }
      if (dirname(current) === current) break;
    }
  }
  rootByDirectory.set(directory, root);
  return root;
}

const WORKSPACE_MARKERS = ['pnpm-workspace.yaml', 'lerna.json', 'rush.json', '.git'];

function isWorkspaceRoot(directory: string): boolean {
  if (WORKSPACE_MARKERS.some((marker) => fs.existsSync(join(directory, marker)))) return true;
  try {
    const manifest = JSON.parse(fs.readFileSync(join(directory, 'package.json'), 'utf8')) as { workspaces?: unknown };
    return manifest.workspaces !== undefined;
  } catch {
    // no package.json, or not JSON
    return false;
  }
}

/**
 * Compiling a glob costs far more than matching it (picomatch.isMatch compiles on every call),
 * and the same few settings globs are asked about for every file.
 */
const compiledGlobs = new Map<string, (path: string) => boolean>();

function globMatcher(globs: readonly string[]): (path: string) => boolean {
  const key = globs.join('\0');
  let matcher = compiledGlobs.get(key);
  if (!matcher) {
    matcher = picomatch([...globs], { dot: true });
    compiledGlobs.set(key, matcher);
  }
  return matcher;
}

// Handler parameters get their kinds from the registration: Express's second parameter is the
// Response even when it has no annotation.
setParameterKindHook((analysis, fn, index) => {
  if (!isFunctionNode(fn)) return undefined;
  return handlerInfo(analysis, fn)?.params?.[index] ?? (index === 0 && isFastifyPlugin(analysis, fn) ? 'fastify.instance' : undefined);
});

/**
 * A Fastify plugin, whose first parameter is the (encapsulated) Fastify instance:
 * `fastify.register(async (instance) => …)`, `fp(async (instance) => …)`, or a binding annotated
 * `FastifyPluginCallback` / `FastifyPluginAsync`.
 */
function isFastifyPlugin(analysis: FileAnalysis, fn: FunctionNode): boolean {
  return memoize(analysis, 'isFastifyPlugin', fn, false, () => {
    if (registersPlugin(analysis, fn)) return true;
    const binding = functionBinding(fn);
    const annotation = binding?.typeAnnotation?.typeAnnotation;
    if (annotation?.type === AST_NODE_TYPES.TSTypeReference) {
      const ref = typeNameExport(analysis, annotation.typeName);
      const name = ref?.path.at(-1);
      if (ref !== undefined && fastifyPluginTypes.some((type) => type.package === ref.package && type.name === name)) return true;
    }
    // `async function routes(instance) {…}` registered by name in this file.
    const variable = binding && findVariable(analysis, binding);
    return variable?.references.some((reference) => reference.identifier !== binding && registersPlugin(analysis, reference.identifier)) ?? false;
  });
}

/** `node` is the plugin argument of `fastify.register(node)` or of `fp(node)`. */
function registersPlugin(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.arguments[0] !== node) return false;
  const member = memberCall(parent);
  if (member?.name === 'register') return kindOf(analysis, member.object) === 'fastify.instance';
  const ref = member ? undefined : exportOf(analysis, parent.callee);
  return ref !== undefined && fastifyPluginWrappers.some((wrapper) => exportKey(wrapper) === exportKey(ref));
}
