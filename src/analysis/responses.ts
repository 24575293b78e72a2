import type { TSESTree } from '@typescript-eslint/utils';
import { DefinitionType } from '@typescript-eslint/scope-manager';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import ts from 'typescript';

import { isFunctionNode, isInside, memberCall, nearestFunction, staticMemberName, staticString, unwrap, walk } from './ast.js';
import { handlerInfo } from './context.js';
import { type FileAnalysis, findVariable, memoize } from './file-analysis.js';
import {
  fetchResponseClasses,
  fetchResponseFactories,
  headerSetterMethods,
  headerSettingCallbacks,
  headerSettingOverrides,
  honoResponders,
  koaThrowMethods,
  nestHeaderDecorator,
  nestStatusDecorator,
  responseKindFrameworks,
  responseOnlyHeaderSetters,
  sendingMethods,
  statusConstants,
  statusExceptions,
  statusProperties,
  statusSendMethods,
  statusSetterMethods,
  writeHeadFrameworks,
} from './libraries/http-responses.js';
import { exportOf, kindOf } from './origin.js';
import { findReachable } from './reach.js';
import { exportKey } from './registry.js';
import { resolveConstant, staticObject } from './values.js';

/**
 * HTTP responses by framework: where a status is set, on which response, and whether the same
 * response sets a given header. Used by `require-retry-after`, and written so a codemod can add
 * a header in each framework's idiom from the same sites (`addHeaderEdits`).
 */

export type ResponseFramework = 'express' | 'fastify' | 'koa' | 'hono' | 'fetch' | 'nextjs' | 'nestjs' | 'lambda';

export type StatusForm =
  /** `res.status(n)`, `reply.code(n)`: returns the response for chaining. */
  | 'status-call'
  /** `res.sendStatus(n)`: sets and sends. */
  | 'send-status'
  /** `res.writeHead(n, headers?)`. */
  | 'write-head'
  /** `res.statusCode = n`, `ctx.status = n`. */
  | 'status-assignment'
  /** Koa `ctx.throw(n, …)`, `ctx.assert(v, n, …)`. */
  | 'koa-throw'
  /** Hono `c.json(body, n, headers?)` or `c.json(body, { status, headers })`. */
  | 'hono-respond'
  /** Hono `c.status(n)`. */
  | 'hono-status'
  /** `new Response(body, { status })`, `Response.json`, `NextResponse.json`. */
  | 'fetch-init'
  /** `new ServiceUnavailableException()`, `new HttpException(body, 429)`, Hono `new HTTPException(429)`. */
  | 'exception'
  /** NestJS `@HttpCode(503)` on a route method. */
  | 'http-code-decorator'
  /** An AWS Lambda HTTP handler's `return { statusCode: 503, headers, body }`. */
  | 'lambda-result';

export interface StatusSite {
  readonly framework: ResponseFramework;
  readonly form: StatusForm;
  /** Where the status is set: report here. */
  readonly node: TSESTree.Node;
  /** The expression that gives the status (for a fixed-status exception, the `new` expression). */
  readonly statusNode: TSESTree.Node;
  /** The status codes it can evaluate to, as far as they are known statically. */
  readonly statuses: readonly number[];
  /** The response object (`res`, `reply`, `ctx`, `c`) for framework responses. */
  readonly response?: TSESTree.Expression;
  /** The call or `new` expression of the site, when there is one. */
  readonly call?: TSESTree.CallExpression | TSESTree.NewExpression;
  /** The `{ status, headers }` init object as written at the site (fetch, Hono init form). */
  readonly init?: TSESTree.ObjectExpression;
  /** A headers argument the form takes (Hono third argument, writeHead headers, Koa error props). */
  readonly headersArgument?: TSESTree.Node;
}

/** Whether a response sets a header: `unknown` when something we cannot read may set it. */
export type HeaderState = 'set' | 'missing' | 'unknown';

const STATUS_CALL_NAMES = new Set<string>([
  ...Object.values(statusSetterMethods).flat(),
  ...Object.values(statusSendMethods).flat(),
  ...Object.keys(koaThrowMethods),
  ...honoResponders,
  ...fetchResponseFactories,
  'writeHead',
  'status',
]);
const STATUS_PROPERTY_NAMES = new Set<string>(Object.values(statusProperties).flat());

/** Cheap syntactic gate: could this node set a response status? */
export function isStatusSiteShaped(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.CallExpression: {
      const member = memberCall(node);
      return member !== undefined && STATUS_CALL_NAMES.has(member.name) && node.arguments.length > 0;
    }
    case AST_NODE_TYPES.NewExpression: {
      const callee = unwrap(node.callee);
      return callee.type === AST_NODE_TYPES.Identifier || callee.type === AST_NODE_TYPES.MemberExpression;
    }
    case AST_NODE_TYPES.AssignmentExpression:
      return (
        node.operator === '=' &&
        node.left.type === AST_NODE_TYPES.MemberExpression &&
        STATUS_PROPERTY_NAMES.has(staticMemberName(node.left) ?? '')
      );
    case AST_NODE_TYPES.Decorator:
      return node.expression.type === AST_NODE_TYPES.CallExpression && node.expression.arguments.length > 0;
    case AST_NODE_TYPES.Property:
      return !node.computed && node.key.type === AST_NODE_TYPES.Identifier && node.key.name === 'statusCode' && node.parent.type === AST_NODE_TYPES.ObjectExpression;
    default:
      return false;
  }
}

/**
 * The status site a node is, if it sets a response status. `wanted` filters statuses before the
 * (more expensive) question of which object the response is, so rules pay only for candidates.
 */
export function statusSiteOf(
  analysis: FileAnalysis,
  node: TSESTree.Node,
  wanted: (status: number) => boolean = () => true,
): StatusSite | undefined {
  if (!isStatusSiteShaped(node)) return undefined;
  const keep = (statuses: readonly number[]) => statuses.some(wanted);
  switch (node.type) {
    case AST_NODE_TYPES.CallExpression:
      return callSite(analysis, node, keep);
    case AST_NODE_TYPES.NewExpression:
      return newSite(analysis, node, keep);
    case AST_NODE_TYPES.AssignmentExpression:
      return assignmentSite(analysis, node, keep);
    case AST_NODE_TYPES.Decorator:
      return decoratorSite(analysis, node, keep);
    case AST_NODE_TYPES.Property:
      return lambdaResultSite(analysis, node, keep);
    default:
      return undefined;
  }
}

/**
 * `return { statusCode: 503, body }` written directly in a Lambda HTTP handler. A result built
 * elsewhere (a `respond()` helper, a variable) is not followed: its headers are out of sight.
 */
function lambdaResultSite(analysis: FileAnalysis, property: TSESTree.Property, keep: Keep): StatusSite | undefined {
  const result = property.parent;
  if (result.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  let outer: TSESTree.Node = result;
  while (outer.parent.type === AST_NODE_TYPES.TSAsExpression || outer.parent.type === AST_NODE_TYPES.TSSatisfiesExpression) outer = outer.parent;
  const parent = outer.parent;
  const returned = parent.type === AST_NODE_TYPES.ReturnStatement || (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === outer);
  if (!returned) return undefined;
  const statuses = statusValues(analysis, property.value);
  if (!keep(statuses)) return undefined;
  const fn = nearestFunction(outer);
  const info = fn ? handlerInfo(analysis, fn) : undefined;
  if (info?.framework !== 'lambda' || info.type !== 'http') return undefined;
  return { framework: 'lambda', form: 'lambda-result', node: property, statusNode: property.value, statuses, init: result };
}

type Keep = (statuses: readonly number[]) => boolean;

function callSite(analysis: FileAnalysis, call: TSESTree.CallExpression, keep: Keep): StatusSite | undefined {
  const member = memberCall(call);
  if (!member) return undefined;
  const { object, name } = member;

  // Response.json(body, init) / NextResponse.json(body, init). The init is read before the
  // receiver: resolving the receiver may load other modules, and most `x.json(a, b)` calls are not
  // responses at all.
  if (fetchResponseFactories.has(name) && call.arguments.length >= 2) {
    const init = fetchInit(analysis, call.arguments[1], keep);
    const framework = init ? fetchResponseClass(analysis, object) : undefined;
    if (init && framework) return fetchInitSite(call, init, framework);
  }

  // Status position by method, checked before asking what the receiver is.
  let statusIndex: number;
  if (Object.hasOwn(koaThrowMethods, name)) statusIndex = koaThrowMethods[name] ?? 0;
  else if (honoResponders.has(name)) statusIndex = 1;
  else statusIndex = 0;
  const statusArgument = call.arguments[statusIndex];
  if (!statusArgument || statusArgument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const honoInit = honoResponders.has(name) ? objectLiteral(statusArgument) : undefined;
  const statusNode = honoInit ? findStatusProperty(honoInit)?.value : statusArgument;
  if (!statusNode) return undefined;
  const statuses = statusValues(analysis, statusNode);
  if (!keep(statuses)) return undefined;

  const framework = responseFramework(analysis, object);
  if (!framework) return undefined;
  const base = { framework, node: call, statusNode, statuses, response: object, call };
  if (statusSetterMethods[framework]?.includes(name)) return { ...base, form: 'status-call' };
  if (statusSendMethods[framework]?.includes(name)) return { ...base, form: 'send-status' };
  if (name === 'writeHead' && writeHeadFrameworks.has(framework)) {
    const headers = call.arguments.slice(1).find((argument) => !isStringish(analysis, argument));
    return { ...base, form: 'write-head', ...(headers ? { headersArgument: headers } : {}) };
  }
  if (framework === 'koa' && Object.hasOwn(koaThrowMethods, name)) {
    const props = call.arguments.slice(statusIndex + 1).find((argument) => !isStringish(analysis, argument));
    return { ...base, form: 'koa-throw', ...(props ? { headersArgument: props } : {}) };
  }
  if (framework === 'hono' && name === 'status') return { ...base, form: 'hono-status' };
  if (framework === 'hono' && honoResponders.has(name)) {
    if (honoInit) return { ...base, form: 'hono-respond', init: honoInit };
    const headers = call.arguments[2];
    return { ...base, form: 'hono-respond', ...(headers ? { headersArgument: headers } : {}) };
  }
  return undefined;
}

function newSite(analysis: FileAnalysis, expression: TSESTree.NewExpression, keep: Keep): StatusSite | undefined {
  // Syntax and statuses first, the callee's origin last: tracing a constructor through a barrel
  // file (`new BadDataError()` from a module that re-exports the whole project) loads every module
  // behind it, and nearly every `new` in a file is neither a Response nor an HTTP exception.
  const init = expression.arguments.length >= 2 ? fetchInit(analysis, expression.arguments[1], keep) : undefined;
  if (init) {
    const fetchFramework = fetchResponseClass(analysis, expression.callee);
    if (fetchFramework) return fetchInitSite(expression, init, fetchFramework);
  }
  const candidates = exceptionCandidates(analysis, expression, keep);
  if (candidates.length === 0) return undefined;
  const ref = exportOf(analysis, expression.callee);
  if (!ref) return undefined;
  const key = exportKey(ref);
  const found = candidates.find((candidate) => exportKey(candidate.exception.ref) === key);
  if (!found) return undefined;
  const { exception, statusNode, statuses } = found;
  // Hono's HTTPException(status, { res }) answers with the given Response, headers and all.
  const options = exception.framework === 'hono' ? expression.arguments[1] : undefined;
  return {
    framework: exception.framework,
    form: 'exception',
    node: expression,
    statusNode,
    statuses,
    call: expression,
    ...(options ? { headersArgument: options } : {}),
  };
}

interface ExceptionCandidate {
  readonly exception: (typeof statusExceptions)[number];
  readonly statusNode: TSESTree.Node;
  readonly statuses: readonly number[];
}

/**
 * The catalogued exceptions `new X(…)` could be, judged by syntax alone: the class's own name (the
 * imported name when renamed on import) and a wanted status, fixed or in the status argument.
 */
function exceptionCandidates(analysis: FileAnalysis, expression: TSESTree.NewExpression, keep: Keep): ExceptionCandidate[] {
  const name = constructorName(analysis, expression.callee);
  if (name === undefined) return [];
  const candidates: ExceptionCandidate[] = [];
  for (const exception of statusExceptions) {
    if (exception.ref.path.at(-1) !== name) continue;
    if (typeof exception.status === 'number') {
      if (keep([exception.status])) candidates.push({ exception, statusNode: expression, statuses: [exception.status] });
      continue;
    }
    const argument = expression.arguments[exception.status.argument];
    if (!argument) continue;
    const statuses = statusValues(analysis, argument);
    if (keep(statuses)) candidates.push({ exception, statusNode: argument, statuses });
  }
  return candidates;
}

/** `X` in `new X()` and `new ns.X()`; for `import { X as Y }`, the exported name `X`. */
function constructorName(analysis: FileAnalysis, callee: TSESTree.Node): string | undefined {
  const node = unwrap(callee);
  if (node.type === AST_NODE_TYPES.MemberExpression) return staticMemberName(node);
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = findVariable(analysis, node)?.defs[0];
  if (definition?.type === DefinitionType.ImportBinding && definition.node.type === AST_NODE_TYPES.ImportSpecifier) {
    const imported = definition.node.imported;
    return imported.type === AST_NODE_TYPES.Identifier ? imported.name : imported.value;
  }
  return node.name;
}

interface FetchInit {
  readonly argument: TSESTree.CallExpressionArgument;
  readonly status: TSESTree.Node;
  readonly statuses: readonly number[];
}

/** The `{ status }` init of a fetch-style response, when its status is one the caller wants. */
function fetchInit(analysis: FileAnalysis, initArgument: TSESTree.CallExpressionArgument | undefined, keep: Keep): FetchInit | undefined {
  if (!initArgument || initArgument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const init = staticObject(analysis, initArgument);
  const status = init?.properties.get('status');
  if (!status) return undefined;
  const statuses = statusValues(status.analysis, status.value);
  return keep(statuses) ? { argument: initArgument, status: status.value, statuses } : undefined;
}

function fetchInitSite(call: TSESTree.CallExpression | TSESTree.NewExpression, init: FetchInit, framework: 'fetch' | 'nextjs'): StatusSite {
  const literal = objectLiteral(init.argument);
  const statusProperty = literal ? findStatusProperty(literal) : undefined;
  return {
    framework,
    form: 'fetch-init',
    node: statusProperty ?? call,
    statusNode: init.status,
    statuses: init.statuses,
    call,
    ...(literal ? { init: literal } : {}),
  };
}

function assignmentSite(analysis: FileAnalysis, assignment: TSESTree.AssignmentExpression, keep: Keep): StatusSite | undefined {
  const left = assignment.left;
  if (left.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const property = staticMemberName(left);
  if (property === undefined) return undefined;
  const statuses = statusValues(analysis, assignment.right);
  if (!keep(statuses)) return undefined;
  const framework = responseFramework(analysis, left.object);
  if (!framework || !statusProperties[framework]?.includes(property)) return undefined;
  return { framework, form: 'status-assignment', node: assignment, statusNode: assignment.right, statuses, response: left.object };
}

function decoratorSite(analysis: FileAnalysis, decorator: TSESTree.Decorator, keep: Keep): StatusSite | undefined {
  const expression = decorator.expression;
  if (expression.type !== AST_NODE_TYPES.CallExpression) return undefined;
  if (decorator.parent.type !== AST_NODE_TYPES.MethodDefinition) return undefined;
  const argument = expression.arguments[0];
  if (!argument) return undefined;
  const statuses = statusValues(analysis, argument);
  if (!keep(statuses)) return undefined;
  const ref = exportOf(analysis, expression.callee);
  if (!ref || exportKey(ref) !== exportKey(nestStatusDecorator)) return undefined;
  return { framework: 'nestjs', form: 'http-code-decorator', node: decorator, statusNode: argument, statuses };
}

/** The framework of a response object: `res`, `reply`, `ctx`, `ctx.response`, `c`. */
export function responseFramework(analysis: FileAnalysis, object: TSESTree.Node): 'express' | 'fastify' | 'koa' | 'hono' | undefined {
  const kind = kindOf(analysis, object);
  const direct = kind === undefined ? undefined : responseKindFrameworks.get(kind);
  if (direct) return direct;
  // Koa: ctx.response has the same setters as ctx.
  const node = unwrap(object);
  if (node.type === AST_NODE_TYPES.MemberExpression && staticMemberName(node) === 'response') {
    return kindOf(analysis, node.object) === 'koa.context' ? 'koa' : undefined;
  }
  return undefined;
}

/** `Response` (the fetch global) or a fetch-compatible class such as `NextResponse`. */
function fetchResponseClass(analysis: FileAnalysis, callee: TSESTree.Node): 'fetch' | 'nextjs' | undefined {
  const node = unwrap(callee);
  if (node.type === AST_NODE_TYPES.Identifier && node.name === 'Response') {
    const variable = findVariable(analysis, node);
    if (!variable || variable.defs.length === 0) return 'fetch';
  }
  if (
    node.type === AST_NODE_TYPES.MemberExpression &&
    node.object.type === AST_NODE_TYPES.Identifier &&
    node.object.name === 'globalThis' &&
    staticMemberName(node) === 'Response'
  ) {
    return 'fetch';
  }
  const ref = exportOf(analysis, node);
  if (!ref) return undefined;
  const key = exportKey(ref);
  return fetchResponseClasses.find((entry) => exportKey(entry.ref) === key)?.framework;
}

/** A message argument rather than an options object: a string, template or concatenation. */
function isStringish(analysis: FileAnalysis, input: TSESTree.Node): boolean {
  const node = unwrap(input);
  if (node.type === AST_NODE_TYPES.TemplateLiteral) return true;
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'string';
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+') return true;
  if (staticText(analysis, node) !== undefined) return true;
  const types = analysis.types;
  if (!types) return false;
  const tsNode = types.services.esTreeNodeToTSNodeMap.get(node);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- nodes of other files have no mapping
  if (!tsNode) return false;
  const type = types.checker.getTypeAtLocation(tsNode);
  return (type.flags & ts.TypeFlags.StringLike) !== 0;
}

function objectLiteral(node: TSESTree.Node | undefined): TSESTree.ObjectExpression | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  return inner.type === AST_NODE_TYPES.ObjectExpression ? inner : undefined;
}

function findStatusProperty(object: TSESTree.ObjectExpression): TSESTree.Property | undefined {
  return findPropertyIgnoringCase(object, 'status', false);
}

function findPropertyIgnoringCase(object: TSESTree.ObjectExpression, name: string, ignoreCase: boolean): TSESTree.Property | undefined {
  const wanted = ignoreCase ? name.toLowerCase() : name;
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = propertyKey(property);
    if (key !== undefined && (ignoreCase ? key.toLowerCase() : key) === wanted) return property;
  }
  return undefined;
}

function propertyKey(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return staticString(property.key);
}

// ---------------------------------------------------------------------------------------------
// Status values

const MAX_DEPTH = 8;

/**
 * The status codes an expression can evaluate to: literals, consts (also across relative
 * imports), const objects, enums, catalogued constants (`HttpStatus.TOO_MANY_REQUESTS`), both
 * branches of a conditional, and with type information any numeric literal type.
 */
export function statusValues(analysis: FileAnalysis, node: TSESTree.Node): readonly number[] {
  const found = staticStatuses(analysis, node, 0);
  if (found.length > 0) return found;
  return typedStatuses(analysis, node);
}

function staticStatuses(analysis: FileAnalysis, input: TSESTree.Node, depth: number): number[] {
  if (depth > MAX_DEPTH) return [];
  const node = unwrap(input);
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'number' ? [node.value] : [];
    case AST_NODE_TYPES.ConditionalExpression:
      return [...staticStatuses(analysis, node.consequent, depth + 1), ...staticStatuses(analysis, node.alternate, depth + 1)];
    case AST_NODE_TYPES.Identifier: {
      const resolved = resolveConstant(analysis, node);
      if (!resolved || resolved.node === node) return [];
      return staticStatuses(resolved.analysis, resolved.node, depth + 1);
    }
    case AST_NODE_TYPES.MemberExpression: {
      const ref = exportOf(analysis, node);
      if (ref) {
        const key = exportKey(ref);
        const constant = statusConstants.find((entry) => exportKey(entry.ref) === key);
        return constant ? [constant.status] : [];
      }
      const name = staticMemberName(node);
      if (name === undefined) return [];
      const member = enumMember(analysis, node.object, name);
      if (member) return staticStatuses(member.analysis, member.node, depth + 1);
      const object = staticObject(analysis, node.object);
      const property = object?.properties.get(name);
      return property ? staticStatuses(property.analysis, property.value, depth + 1) : [];
    }
    default:
      return [];
  }
}

/** `Status.TooMany` with `enum Status { TooMany = 429 }` in this file. */
function enumMember(
  analysis: FileAnalysis,
  object: TSESTree.Node,
  name: string,
): { readonly analysis: FileAnalysis; readonly node: TSESTree.Node } | undefined {
  const node = unwrap(object);
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = findVariable(analysis, node)?.defs[0];
  if (definition?.type !== DefinitionType.TSEnumName) return undefined;
  const declaration = definition.node;
  for (const member of declaration.body.members) {
    const key = member.id.type === AST_NODE_TYPES.Identifier ? member.id.name : staticString(member.id);
    if (key === name) return member.initializer ? { analysis, node: member.initializer } : undefined;
  }
  return undefined;
}

function typedStatuses(analysis: FileAnalysis, node: TSESTree.Node): number[] {
  const types = analysis.types;
  if (!types) return [];
  const tsNode = types.services.esTreeNodeToTSNodeMap.get(node);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- nodes of other files have no mapping
  if (!tsNode) return [];
  const type = types.checker.getTypeAtLocation(tsNode);
  const parts = type.isUnion() ? type.types : [type];
  const values: number[] = [];
  for (const part of parts) {
    if (part.isNumberLiteral()) values.push(part.value);
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// Header names and header objects

/** Does `node` name `header` (case-insensitively)? undefined when the name is not known. */
export function isHeaderName(analysis: FileAnalysis, node: TSESTree.Node | undefined, header: string): boolean | undefined {
  if (!node) return undefined;
  const value = staticText(analysis, node) ?? typedString(analysis, node);
  return value === undefined ? undefined : value.toLowerCase() === header.toLowerCase();
}

function staticText(analysis: FileAnalysis, node: TSESTree.Node): string | undefined {
  const direct = staticString(unwrap(node));
  if (direct !== undefined) return direct;
  const resolved = resolveConstant(analysis, node);
  return resolved && resolved.node !== unwrap(node) ? staticString(resolved.node) : undefined;
}

function typedString(analysis: FileAnalysis, node: TSESTree.Node): string | undefined {
  const types = analysis.types;
  if (!types) return undefined;
  const tsNode = types.services.esTreeNodeToTSNodeMap.get(node);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- nodes of other files have no mapping
  if (!tsNode) return undefined;
  const type = types.checker.getTypeAtLocation(tsNode);
  return type.isStringLiteral() ? type.value : undefined;
}

/**
 * Does a headers value (`{ 'Retry-After': … }`, a const object, `new Headers({...})`, an array
 * of pairs) carry `header`? `unknown` when part of it cannot be read.
 */
export function headersObjectState(analysis: FileAnalysis, input: TSESTree.Node | undefined, header: string, depth = 0): HeaderState {
  if (!input || depth > MAX_DEPTH) return 'unknown';
  const node = unwrap(input);
  if (node.type === AST_NODE_TYPES.NewExpression) {
    const callee = unwrap(node.callee);
    const isHeaders = callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Headers' && (findVariable(analysis, callee)?.defs.length ?? 0) === 0;
    if (!isHeaders) return 'unknown';
    const init = node.arguments[0];
    return init ? headersObjectState(analysis, init, header, depth + 1) : 'missing';
  }
  if (node.type === AST_NODE_TYPES.ArrayExpression) {
    let state: HeaderState = 'missing';
    for (const element of node.elements) {
      if (element?.type !== AST_NODE_TYPES.ArrayExpression) return 'unknown';
      const name = element.elements[0];
      const matches = name && name.type !== AST_NODE_TYPES.SpreadElement ? isHeaderName(analysis, name, header) : undefined;
      if (matches === true) return 'set';
      if (matches === undefined) state = 'unknown';
    }
    return state;
  }
  if (node.type === AST_NODE_TYPES.Identifier) {
    const resolved = resolveConstant(analysis, node);
    if (!resolved || resolved.node === node) return 'unknown';
    const value = unwrap(resolved.node);
    if (value.type === AST_NODE_TYPES.NewExpression || value.type === AST_NODE_TYPES.ArrayExpression) {
      return headersObjectState(resolved.analysis, value, header, depth + 1);
    }
  }
  const object = staticObject(analysis, node);
  if (!object) return 'unknown';
  const wanted = header.toLowerCase();
  for (const key of object.properties.keys()) {
    if (key.toLowerCase() === wanted) return 'set';
  }
  return object.complete ? 'missing' : 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Does the same response set the header?

/**
 * Whether the response of a status site sets `header`: in its own arguments (fetch init, Hono
 * headers, Koa error props, writeHead headers), through a setter call on the way to it
 * (`res.set(…)` before the status or in the same chain, `ctx.set`, `reply.header`, `c.header`,
 * `headers.set` on a Headers object), or with NestJS's `@Header()` on the route method.
 */
export function headerState(analysis: FileAnalysis, site: StatusSite, header: string): HeaderState {
  const own = ownHeaderState(analysis, site, header);
  if (own !== 'missing') return own;
  if (site.framework === 'nestjs' && nestHeaderDecorated(analysis, site, header)) return 'set';
  if (setByLibraryCallback(analysis, site.node, header) || setByLibraryBaseClass(analysis, site.node, header)) return 'set';
  const region = searchRegion(analysis, site);
  let state: HeaderState = 'missing';
  for (const setter of headerSetters(analysis, region, header)) {
    if (!setterReaches(setter.call, site)) continue;
    if (setter.state === 'set') return 'set';
    state = 'unknown';
  }
  if (state === 'missing' && isFunctionNode(region)) {
    // A project helper that sets it: `applyRateLimitHeaders(res, info)` before the status.
    const question = `headerSetterReach:${header.toLowerCase()}`;
    const match = (target: FileAnalysis, call: TSESTree.CallExpression | TSESTree.NewExpression): HeaderState | OutOfReach | undefined => {
      if (target === analysis && nearestFunction(call) === region && isOutOfReach(analysis, call, region)) return OUT_OF_REACH;
      return headerSetterCall(target, call, header);
    };
    for (const reached of findReachable(analysis, region, question, match)) {
      if (reached.chain.length === 0 || reached.callSite.type !== AST_NODE_TYPES.CallExpression || reached.value === OUT_OF_REACH) continue;
      if (setterReaches(reached.callSite, site)) return reached.value;
    }
  }
  return state;
}

const OUT_OF_REACH: unique symbol = Symbol('out-of-reach');
type OutOfReach = typeof OUT_OF_REACH;

/**
 * An imported function called with nothing of the handler's (no parameter, no local, no `this`)
 * cannot set a header on its response: it is not searched. Following such calls is what costs:
 * a helper imported from a barrel file (`parseEnvVarNumber` from `server-impl`) makes reachability
 * load every module the barrel re-exports.
 */
function isOutOfReach(analysis: FileAnalysis, call: TSESTree.CallExpression | TSESTree.NewExpression, region: TSESTree.Node): boolean {
  if (call.type !== AST_NODE_TYPES.CallExpression || !isImportedCallee(analysis, call.callee)) return false;
  return !call.arguments.some((argument) => mentionsHandlerValue(analysis, argument, region));
}

/** `this`, or a parameter or local of `region`, appears in `argument`. */
function mentionsHandlerValue(analysis: FileAnalysis, argument: TSESTree.Node, region: TSESTree.Node): boolean {
  let mentions = false;
  walk(argument, (node) => {
    if (mentions) return false;
    if (node.type === AST_NODE_TYPES.ThisExpression) mentions = true;
    if (node.type === AST_NODE_TYPES.Identifier) {
      const definition = findVariable(analysis, node)?.defs[0];
      if (definition && isInside(definition.name, region)) mentions = true;
    }
    return undefined;
  });
  return mentions;
}

/** `helper(…)` or `ns.helper(…)` where `helper` / `ns` is an import binding. */
function isImportedCallee(analysis: FileAnalysis, callee: TSESTree.Node): boolean {
  let node = unwrap(callee);
  if (node.type === AST_NODE_TYPES.MemberExpression) node = unwrap(node.object);
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  return findVariable(analysis, node)?.defs[0]?.type === DefinitionType.ImportBinding;
}

/** A call that sets `header` (or may), for reachability through project helpers. */
function headerSetterCall(analysis: FileAnalysis, call: TSESTree.CallExpression | TSESTree.NewExpression, header: string): 'set' | 'unknown' | undefined {
  if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const member = memberCall(call);
  if (!member || !(headerSetterMethods.has(member.name) || member.name === 'writeHead')) return undefined;
  return setterState(analysis, call, member.name, member.object, header);
}

function ownHeaderState(analysis: FileAnalysis, site: StatusSite, header: string): HeaderState {
  switch (site.form) {
    case 'lambda-result': {
      if (!site.init) return 'unknown';
      const headers = findPropertyIgnoringCase(site.init, 'headers', false);
      if (headers) return headersObjectState(analysis, headers.value, header);
      // A spread could bring headers along; multiValueHeaders may carry it in another shape.
      const opaque =
        site.init.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement) ||
        findPropertyIgnoringCase(site.init, 'multiValueHeaders', false) !== undefined;
      return opaque ? 'unknown' : 'missing';
    }
    case 'fetch-init':
    case 'hono-respond': {
      if (site.init) {
        const headers = findPropertyIgnoringCase(site.init, 'headers', false);
        if (headers) return headersObjectState(analysis, headers.value, header);
        // A spread in the init could bring headers along.
        return site.init.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement) ? 'unknown' : 'missing';
      }
      if (site.form === 'fetch-init') {
        // The init came from a const: read its headers property through staticObject.
        const call = site.call;
        const initArgument = call?.arguments[1];
        const init = initArgument ? staticObject(analysis, initArgument) : undefined;
        const headers = init?.properties.get('headers');
        if (headers) return headersObjectState(headers.analysis, headers.value, header);
        return init?.complete === false ? 'unknown' : 'missing';
      }
      return site.headersArgument ? headersObjectState(analysis, site.headersArgument, header) : 'missing';
    }
    case 'write-head':
      return site.headersArgument ? headersObjectState(analysis, site.headersArgument, header) : 'missing';
    case 'koa-throw': {
      if (!site.headersArgument) return 'missing';
      const props = staticObject(analysis, site.headersArgument);
      if (!props) return 'unknown';
      const headers = props.properties.get('headers');
      if (headers) return headersObjectState(headers.analysis, headers.value, header);
      return props.complete ? 'missing' : 'unknown';
    }
    case 'exception': {
      if (site.framework !== 'hono' || !site.headersArgument) return 'missing';
      const options = staticObject(analysis, site.headersArgument);
      if (!options) return 'unknown';
      if (options.properties.has('res')) return 'unknown';
      return options.complete ? 'missing' : 'unknown';
    }
    default:
      return 'missing';
  }
}

/** The site is in a callback a library calls after setting the header: `rateLimit({ handler })`. */
function setByLibraryCallback(analysis: FileAnalysis, node: TSESTree.Node, header: string): boolean {
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if (!isFunctionNode(current)) continue;
    const property = current.parent;
    if (property.type !== AST_NODE_TYPES.Property || property.value !== current) continue;
    const key = propertyKey(property);
    const object = property.parent;
    const call = parentOf(object);
    if (key === undefined || call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(object)) continue;
    const ref = exportOf(analysis, call.callee);
    if (!ref) continue;
    const callee = exportKey(ref);
    const wanted = header.toLowerCase();
    if (
      headerSettingCallbacks.some(
        (entry) => entry.option === key && exportKey(entry.ref) === callee && entry.headers.some((name) => name.toLowerCase() === wanted),
      )
    ) {
      return true;
    }
  }
  return false;
}

/** The site is in an override a library's base class calls after setting the header. */
function setByLibraryBaseClass(analysis: FileAnalysis, node: TSESTree.Node, header: string): boolean {
  const method = enclosingMethod(node);
  const name = method && !method.computed && method.key.type === AST_NODE_TYPES.Identifier ? method.key.name : undefined;
  if (!method || name === undefined) return false;
  const classNode = method.parent.parent;
  if (!classNode.superClass) return false;
  const ref = exportOf(analysis, classNode.superClass);
  if (!ref) return false;
  const base = exportKey(ref);
  const wanted = header.toLowerCase();
  return headerSettingOverrides.some(
    (entry) => entry.method === name && exportKey(entry.base) === base && entry.headers.some((candidate) => candidate.toLowerCase() === wanted),
  );
}

/** The method a NestJS site belongs to carries `@Header(header, …)`. */
function nestHeaderDecorated(analysis: FileAnalysis, site: StatusSite, header: string): boolean {
  const method = enclosingMethod(site.node);
  if (!method) return false;
  return method.decorators.some((decorator) => {
    const expression = decorator.expression;
    if (expression.type !== AST_NODE_TYPES.CallExpression) return false;
    const ref = exportOf(analysis, expression.callee);
    return ref !== undefined && exportKey(ref) === exportKey(nestHeaderDecorator) && isHeaderName(analysis, expression.arguments[0], header) !== false;
  });
}

/** The class method a node is in (a decorator of it, or its body). */
export function enclosingMethod(node: TSESTree.Node): TSESTree.MethodDefinition | undefined {
  if (node.type === AST_NODE_TYPES.Decorator && node.parent.type === AST_NODE_TYPES.MethodDefinition) return node.parent;
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.MethodDefinition) return current;
    if (current.type === AST_NODE_TYPES.ClassBody) return undefined;
  }
  return undefined;
}

/**
 * Where a header for this response could be set: the function the response object is a
 * parameter of (a callback inside a handler answers for the handler's `res`), else the
 * function around the site, else the module.
 */
function searchRegion(analysis: FileAnalysis, site: StatusSite): TSESTree.Node {
  if (site.form === 'http-code-decorator') {
    const method = enclosingMethod(site.node);
    if (method) return method.value;
  }
  const nearest = nearestFunction(site.node);
  const response = site.response ? rootIdentifier(site.response) : undefined;
  if (response) {
    const definition = findVariable(analysis, response)?.defs[0];
    if (definition?.type === DefinitionType.Parameter && isFunctionNode(definition.node) && isInside(site.node, definition.node)) return definition.node;
  }
  return nearest ?? analysis.ast;
}

function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) current = unwrap(current.object);
  return current.type === AST_NODE_TYPES.Identifier ? current : undefined;
}

interface HeaderSetter {
  readonly call: TSESTree.CallExpression;
  readonly state: 'set' | 'unknown';
}

/** Calls in `region` that set `header` (or may: a header name we cannot read on a response). */
export function headerSetters(analysis: FileAnalysis, region: TSESTree.Node, header: string): readonly HeaderSetter[] {
  return memoize(analysis, `headerSetters:${header.toLowerCase()}`, region, [] as readonly HeaderSetter[], () => {
    const setters: HeaderSetter[] = [];
    walk(region, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const state = headerSetterCall(analysis, node, header);
      if (state) setters.push({ call: node, state });
      return undefined;
    });
    return setters;
  });
}

function setterState(
  analysis: FileAnalysis,
  call: TSESTree.CallExpression,
  method: string,
  receiver: TSESTree.Expression,
  header: string,
): 'set' | 'unknown' | undefined {
  const args = call.arguments;
  const first = args[0];
  if (!first || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const responseLike = () => responseOnlyHeaderSetters.has(method) || responseFramework(analysis, receiver) !== undefined;
  let state: HeaderState;
  if (method === 'writeHead') {
    const headers = args.slice(1).find((argument) => !isStringish(analysis, argument));
    state = headers ? headersObjectState(analysis, headers, header) : 'missing';
  } else if (method === 'headers' || args.length === 1) {
    // reply.headers({...}), res.set({...}), ctx.set({...})
    state = headersObjectState(analysis, first, header);
    if (state === 'unknown' && !responseLike()) return undefined;
  } else {
    const matches = isHeaderName(analysis, first, header);
    if (matches === undefined) state = responseLike() ? 'unknown' : 'missing';
    else state = matches ? 'set' : 'missing';
  }
  return state === 'missing' ? undefined : state;
}

/**
 * Does a header set by `setter` apply to the response of `site`? Yes in the same method chain;
 * yes before the site unless they sit in exclusive branches or the setter's branch returns
 * first; after the site only when the site has not sent yet (`res.status(503);` alone,
 * `ctx.status = 503`).
 */
function setterReaches(setter: TSESTree.CallExpression, site: StatusSite): boolean {
  if (site.call && site.call.type === AST_NODE_TYPES.CallExpression && chainRoot(setter) === chainRoot(site.call)) return true;
  const setterFunction = nearestFunction(setter);
  if (setterFunction && !isInside(site.node, setterFunction)) return false;
  const before = setter.range[1] <= site.node.range[0];
  if (!before && isTerminal(site)) return false;
  const first: TSESTree.Node = before ? setter : site.node;
  const second: TSESTree.Node = before ? site.node : setter;
  const lca = commonAncestor(first, second);
  if (!lca) return false;
  if (exclusiveBranches(lca, first, second)) return false;
  return !exitsBetween(first, lca);
}

/** The outermost call of the method chain a call is part of: `res.status(429).set(…).json(…)`. */
function chainRoot(call: TSESTree.CallExpression): TSESTree.Node {
  let current: TSESTree.Node = call;
  for (;;) {
    const parent = parentOf(current);
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== current) return current;
    const grandparent: TSESTree.Node = parent.parent;
    if (grandparent.type !== AST_NODE_TYPES.CallExpression || grandparent.callee !== parent) return current;
    current = grandparent;
  }
}

function isTerminal(site: StatusSite): boolean {
  switch (site.form) {
    case 'status-assignment':
    case 'hono-status':
    case 'http-code-decorator':
      return false;
    case 'status-call':
      return site.call?.type === AST_NODE_TYPES.CallExpression ? chainSends(site.call) : true;
    case 'fetch-init':
      // `const response = NextResponse.json(…); response.headers.set(…); return response;`
      return !(site.call && isCaptured(site.call));
    default:
      return true;
  }
}

/** The value of `node` is kept in a variable (or assigned to one) rather than returned at once. */
function isCaptured(node: TSESTree.Node): boolean {
  let current: TSESTree.Node = node;
  let parent = parentOf(current);
  while (
    parent?.type === AST_NODE_TYPES.AwaitExpression ||
    parent?.type === AST_NODE_TYPES.TSAsExpression ||
    parent?.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    parent?.type === AST_NODE_TYPES.TSNonNullExpression
  ) {
    current = parent;
    parent = parentOf(current);
  }
  return (
    (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current) ||
    (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === current)
  );
}

function chainSends(call: TSESTree.CallExpression): boolean {
  let current: TSESTree.Node = call;
  for (;;) {
    const parent = parentOf(current);
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== current) return false;
    const grandparent: TSESTree.Node = parent.parent;
    if (grandparent.type !== AST_NODE_TYPES.CallExpression || grandparent.callee !== parent) return false;
    const name = staticMemberName(parent);
    if (name !== undefined && sendingMethods.has(name)) return true;
    current = grandparent;
  }
}

/** A node's parent, typed as possibly absent (the Program has none). */
function parentOf(node: TSESTree.Node): TSESTree.Node | undefined {
  return node.parent;
}

function ancestors(node: TSESTree.Node): TSESTree.Node[] {
  const list: TSESTree.Node[] = [];
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) list.push(current);
  return list;
}

function commonAncestor(a: TSESTree.Node, b: TSESTree.Node): TSESTree.Node | undefined {
  const of = new Set(ancestors(a));
  for (let current: TSESTree.Node | undefined = b; current; current = current.parent) {
    if (of.has(current)) return current;
  }
  return undefined;
}

function childToward(ancestor: TSESTree.Node, node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    if (current.parent === ancestor) return current;
  }
  return undefined;
}

function exclusiveBranches(lca: TSESTree.Node, a: TSESTree.Node, b: TSESTree.Node): boolean {
  const childA = childToward(lca, a);
  const childB = childToward(lca, b);
  if (!childA || !childB || childA === childB) return false;
  switch (lca.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return childA !== lca.test && childB !== lca.test;
    case AST_NODE_TYPES.SwitchStatement:
      return childA !== lca.discriminant && childB !== lca.discriminant;
    default:
      return false;
  }
}

/** Between `first` and the common ancestor, a branch holding `first` that can return or throw. */
function exitsBetween(first: TSESTree.Node, lca: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = first; current && current !== lca; current = current.parent) {
    const parent = parentOf(current);
    const isBranch =
      (parent?.type === AST_NODE_TYPES.IfStatement && (parent.consequent === current || parent.alternate === current)) ||
      current.type === AST_NODE_TYPES.SwitchCase ||
      current.type === AST_NODE_TYPES.CatchClause;
    if (isBranch && containsExit(current)) return true;
  }
  return false;
}

function containsExit(root: TSESTree.Node): boolean {
  let found = false;
  walk(root, (node) => {
    if (found) return false;
    if (node !== root && isFunctionNode(node)) return false;
    if (node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.ThrowStatement) found = true;
    return undefined;
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// Adding a header in the framework's idiom

export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/**
 * Edits that make the site's response carry `header: value`, in the framework's own idiom
 * (`valueSource` is source text, e.g. `'30'`). Undefined when no safe edit is known.
 */
export function addHeaderEdits(analysis: FileAnalysis, site: StatusSite, header: string, valueSource: string): readonly TextEdit[] | undefined {
  const name = quote(header);
  const pair = `${propertyName(header)}: ${valueSource}`;
  switch (site.form) {
    case 'status-call':
    case 'send-status': {
      const receiver = site.response;
      if (!receiver) return undefined;
      const setter = site.framework === 'fastify' ? 'header' : 'set';
      return [{ range: [receiver.range[1], receiver.range[1]], text: `.${setter}(${name}, ${valueSource})` }];
    }
    case 'status-assignment': {
      const receiver = site.response;
      const statement = site.node.parent;
      if (!receiver || statement?.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
      const setter = site.framework === 'express' ? 'setHeader' : site.framework === 'fastify' ? 'header' : 'set';
      const receiverText = analysis.text.slice(receiver.range[0], receiver.range[1]);
      return [insertStatementBefore(analysis, statement, `${receiverText}.${setter}(${name}, ${valueSource});`)];
    }
    case 'hono-status': {
      const receiver = site.response;
      const statement = site.node.parent;
      if (!receiver || statement?.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
      const receiverText = analysis.text.slice(receiver.range[0], receiver.range[1]);
      return [insertStatementBefore(analysis, statement, `${receiverText}.header(${name}, ${valueSource});`)];
    }
    case 'write-head':
    case 'hono-respond': {
      if (site.init) return objectEdits(analysis, site.init, pair);
      const call = site.call;
      if (call?.type !== AST_NODE_TYPES.CallExpression) return undefined;
      if (site.headersArgument) {
        const literal = objectLiteral(site.headersArgument);
        return literal ? addPropertyEdit(analysis, literal, pair) : undefined;
      }
      const last = call.arguments.at(-1);
      return last ? [{ range: [last.range[1], last.range[1]], text: `, { ${pair} }` }] : undefined;
    }
    case 'fetch-init':
    case 'lambda-result':
      return site.init ? objectEdits(analysis, site.init, pair) : undefined;
    case 'koa-throw': {
      const call = site.call;
      if (call?.type !== AST_NODE_TYPES.CallExpression) return undefined;
      if (site.headersArgument) {
        const literal = objectLiteral(site.headersArgument);
        return literal ? objectEdits(analysis, literal, pair) : undefined;
      }
      const last = call.arguments.at(-1);
      return last ? [{ range: [last.range[1], last.range[1]], text: `, { headers: { ${pair} } }` }] : undefined;
    }
    case 'exception':
    case 'http-code-decorator':
      return site.framework === 'nestjs' ? nestHeaderEdits(analysis, site, header, valueSource) : undefined;
    default:
      return undefined;
  }
}

/** Adds `pair` to an init's `headers` literal, or a `headers` property holding it. */
function objectEdits(analysis: FileAnalysis, init: TSESTree.ObjectExpression, pair: string): readonly TextEdit[] | undefined {
  const headers = findPropertyIgnoringCase(init, 'headers', false);
  if (!headers) return addPropertyEdit(analysis, init, `headers: { ${pair} }`);
  const literal = objectLiteral(headers.value);
  return literal ? addPropertyEdit(analysis, literal, pair) : undefined;
}

function addPropertyEdit(analysis: FileAnalysis, object: TSESTree.ObjectExpression, text: string): readonly TextEdit[] {
  const last = object.properties.at(-1);
  if (!last) return [{ range: object.range, text: `{ ${text} }` }];
  const after = analysis.text.slice(last.range[1], object.range[1] - 1);
  const comma = /^\s*,/u.exec(after);
  if (comma) {
    const at = last.range[1] + comma[0].length;
    return [{ range: [at, at], text: ` ${text},` }];
  }
  return [{ range: [last.range[1], last.range[1]], text: `, ${text}` }];
}

function insertStatementBefore(analysis: FileAnalysis, statement: TSESTree.Node, text: string): TextEdit {
  const start = statement.range[0];
  const indent = lineIndent(analysis, start);
  return indent === undefined ? { range: [start, start], text: `${text} ` } : { range: [start, start], text: `${text}\n${indent}` };
}

/** The whitespace before `offset` on its line, when only whitespace precedes it. */
function lineIndent(analysis: FileAnalysis, offset: number): string | undefined {
  const lineStart = analysis.text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = analysis.text.slice(lineStart, offset);
  return /^\s*$/u.test(prefix) ? prefix : undefined;
}

/** `@Header(name, value)` on the route method, importing `Header` next to the other Nest imports. */
function nestHeaderEdits(analysis: FileAnalysis, site: StatusSite, header: string, valueSource: string): readonly TextEdit[] | undefined {
  const method = enclosingMethod(site.node);
  if (!method || !isFunctionNode(method.value)) return undefined;
  const info = handlerInfo(analysis, method.value);
  if (info?.framework !== 'nestjs' || info.type !== 'http') return undefined;
  // The exception must be thrown by the route method itself, not by a callback inside it.
  if (site.form === 'exception' && nearestFunction(site.node) !== method.value) return undefined;
  const local = nestImportName(analysis, 'Header');
  const edits: TextEdit[] = [];
  let decoratorName = local;
  if (decoratorName === undefined) {
    const importEdit = addNestImport(analysis, 'Header');
    if (!importEdit) return undefined;
    edits.push(importEdit);
    decoratorName = 'Header';
  }
  const anchor = method.decorators[0] ?? method;
  const indent = lineIndent(analysis, anchor.range[0]) ?? '';
  edits.push({ range: [anchor.range[0], anchor.range[0]], text: `@${decoratorName}(${quote(header)}, ${valueSource})\n${indent}` });
  return edits;
}

function nestImports(analysis: FileAnalysis): TSESTree.ImportDeclaration[] {
  return analysis.ast.body.filter(
    (statement): statement is TSESTree.ImportDeclaration =>
      statement.type === AST_NODE_TYPES.ImportDeclaration && statement.source.value === '@nestjs/common' && statement.importKind !== 'type',
  );
}

function nestImportName(analysis: FileAnalysis, name: string): string | undefined {
  for (const declaration of nestImports(analysis)) {
    for (const specifier of declaration.specifiers) {
      if (specifier.type !== AST_NODE_TYPES.ImportSpecifier || specifier.importKind === 'type') continue;
      const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
      if (imported === name) return specifier.local.name;
    }
  }
  return undefined;
}

function addNestImport(analysis: FileAnalysis, name: string): TextEdit | undefined {
  // Only when `Header` is free in this file: a local binding of that name would be shadowed.
  if (analysis.scopeManager?.globalScope?.childScopes[0]?.set.has(name) || analysis.scopeManager?.globalScope?.set.has(name)) return undefined;
  for (const declaration of nestImports(analysis)) {
    const last = declaration.specifiers.at(-1);
    if (last?.type === AST_NODE_TYPES.ImportSpecifier) return { range: [last.range[1], last.range[1]], text: `, ${name}` };
  }
  return undefined;
}

function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function propertyName(text: string): string {
  return /^[A-Za-z_$][\w$]*$/u.test(text) ? text : quote(text);
}
