import { DefinitionType } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import ts from 'typescript';

import { type FunctionNode, isFunctionNode, memberCall, staticMemberName, staticPropertyKey, staticString, unwrap, walk } from './ast.js';
import { importedModules, importsHttpFramework } from './context.js';
import { type FileAnalysis, findVariable, memoize } from './file-analysis.js';
import { enqueueSite, isEnqueueShaped } from './jobs.js';
import {
  type InProcessScheduler,
  inProcessSchedulers,
  intervalTimers,
  listeningKinds,
  nestCronSwitchOption,
  nestScheduleDecorators,
  schedulerRegistryMethods,
  type ScheduleSpec,
  serverStarters,
  sharedWriteMethods,
  sqlQueryMethods,
  sqlWriteKeywords,
} from './libraries/schedulers.js';
import { exportOf, kindOf } from './origin.js';
import { type CallNode } from './reach.js';
import { exportKey, normalizeModule } from './registry.js';
import { constantBoolean, constructionOf, resolveConstant, staticObject } from './values.js';

/**
 * Recurring work scheduled in the current process, shared by the `no-in-process-scheduler`
 * rule and the audit report.
 */

export type ScheduleVerdict =
  /** Recurring and not coordinated across instances. */
  | 'recurring'
  /** Fires once (a Date or a timestamp). */
  | 'once'
  /** The library coordinates runs across instances (node-cron `distributed`). */
  | 'coordinated'
  /** Not enough is known to say. */
  | 'unknown';

export interface ScheduleCall {
  readonly scheduler: InProcessScheduler;
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly verdict: ScheduleVerdict;
}

const SCHEDULER_PACKAGES: ReadonlySet<string> = new Set(inProcessSchedulers.flatMap((entry) => entry.callee.map((ref) => ref.package)));
const SCHEDULERS_BY_CALLEE: ReadonlyMap<string, readonly InProcessScheduler[]> = (() => {
  const map = new Map<string, InProcessScheduler[]>();
  for (const entry of inProcessSchedulers) {
    for (const ref of entry.callee) {
      const key = exportKey(ref);
      map.set(key, [...(map.get(key) ?? []), entry]);
    }
  }
  return map;
})();

/** Cheap gate: does this file import a scheduling library? */
export function importsScheduler(analysis: FileAnalysis): boolean {
  return memoize(analysis, 'importsScheduler', analysis.ast, false, () =>
    importedModules(analysis).some((source) => SCHEDULER_PACKAGES.has(normalizeModule(source))),
  );
}

/** A scheduling library call (`cron.schedule`, `new CronJob`, `scheduleJob`…) and whether it recurs uncoordinated. */
export function scheduleCall(analysis: FileAnalysis, node: TSESTree.CallExpression | TSESTree.NewExpression): ScheduleCall | undefined {
  const ref = exportOf(analysis, node.callee);
  if (!ref) return undefined;
  const candidates = SCHEDULERS_BY_CALLEE.get(exportKey(ref));
  const isNew = node.type === AST_NODE_TYPES.NewExpression;
  const scheduler = candidates?.find((entry) => entry.form === 'call-or-new' || (entry.form === 'new') === isNew);
  if (!scheduler) return undefined;
  if (scheduler.needsCallback && !hasCallbackArgument(analysis, node)) return undefined;
  return { scheduler, node, verdict: verdictOf(analysis, scheduler, node) };
}

function verdictOf(analysis: FileAnalysis, scheduler: InProcessScheduler, node: TSESTree.CallExpression | TSESTree.NewExpression): ScheduleVerdict {
  const timing = specVerdict(analysis, scheduler.spec, node, scheduler.library);
  if (timing !== 'recurring') return timing;
  const coordination = scheduler.coordination;
  if (!coordination) return 'recurring';
  const argument = node.arguments[coordination.optionsIndex];
  if (!argument) return 'recurring';
  const options = staticObject(analysis, argument);
  if (!options) return 'unknown';
  for (const key of coordination.keys) {
    const property = options.properties.get(key);
    if (!property) continue;
    const value = unwrap(property.value);
    const isOff =
      constantBoolean(property.analysis, value) === false ||
      (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined') ||
      (value.type === AST_NODE_TYPES.Literal && value.value === null);
    if (!isOff) return 'coordinated';
  }
  return options.complete ? 'recurring' : 'unknown';
}

function specVerdict(analysis: FileAnalysis, spec: ScheduleSpec, node: TSESTree.CallExpression | TSESTree.NewExpression, library: string): ScheduleVerdict {
  let argument: TSESTree.Node | undefined;
  switch (spec.type) {
    case 'recurring':
      return 'recurring';
    case 'argument':
      argument = node.arguments[spec.index];
      break;
    case 'before-callback':
      argument = node.arguments[node.arguments.length - 2];
      break;
    case 'option': {
      const options = staticObject(analysis, node.arguments[spec.optionsIndex]);
      const property = options?.properties.get(spec.key);
      if (!property) return 'unknown';
      return timingOf(property.analysis, property.value, library);
    }
  }
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return 'unknown';
  return timingOf(analysis, argument, library);
}

/**
 * Is a schedule spec recurring (a cron expression, a RecurrenceRule, an object rule) or a
 * one-shot (a Date, a timestamp)? Unknown values are unknown, except that the `cron` and
 * `croner` libraries are overwhelmingly given cron expressions.
 */
function timingOf(analysis: FileAnalysis, input: TSESTree.Node, library: string, depth = 0): ScheduleVerdict {
  const known = syntacticTiming(analysis, input, depth);
  if (known !== 'unknown') return known;
  const typed = typedTiming(analysis, input);
  if (typed !== 'unknown') return typed;
  return library === 'cron' || library === 'croner' ? 'recurring' : 'unknown';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/u;

function syntacticTiming(analysis: FileAnalysis, input: TSESTree.Node, depth: number): ScheduleVerdict {
  if (depth > 6) return 'unknown';
  const node = unwrap(input);
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      if (typeof node.value === 'string') return ISO_DATE.test(node.value) ? 'once' : 'recurring';
      return typeof node.value === 'number' ? 'once' : 'unknown';
    case AST_NODE_TYPES.TemplateLiteral:
      return ISO_DATE.test(node.quasis[0]?.value.cooked ?? '') ? 'once' : 'recurring';
    case AST_NODE_TYPES.ObjectExpression:
      // node-schedule's { hour, minute } / { start, end, rule } are recurrence specs.
      return 'recurring';
    case AST_NODE_TYPES.BinaryExpression:
      return node.operator === '+' || node.operator === '-' ? 'once' : 'unknown';
    case AST_NODE_TYPES.NewExpression: {
      const callee = unwrap(node.callee);
      if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Date' && !findVariable(analysis, callee)?.defs.length) return 'once';
      const ref = exportOf(analysis, callee);
      if (ref && normalizeModule(ref.package) === 'node-schedule' && ref.path.at(-1) === 'RecurrenceRule') return 'recurring';
      return 'unknown';
    }
    case AST_NODE_TYPES.LogicalExpression: {
      // process.env.CRON ?? '0 * * * *'
      const right = syntacticTiming(analysis, node.right, depth + 1);
      return right === 'unknown' ? syntacticTiming(analysis, node.left, depth + 1) : right;
    }
    case AST_NODE_TYPES.Identifier: {
      const resolved = resolveConstant(analysis, node);
      if (resolved && resolved.node !== node) return syntacticTiming(resolved.analysis, resolved.node, depth + 1);
      const construction = constructionOf(analysis, node);
      if (construction) return syntacticTiming(construction.analysis, construction.node, depth + 1);
      return 'unknown';
    }
    default:
      return 'unknown';
  }
}

function typedTiming(analysis: FileAnalysis, node: TSESTree.Node): ScheduleVerdict {
  const types = analysis.types;
  if (!types) return 'unknown';
  const tsNode = types.services.esTreeNodeToTSNodeMap.get(node);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- nodes from other files have no mapping
  if (!tsNode) return 'unknown';
  const type = types.checker.getTypeAtLocation(tsNode);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'unknown';
  const parts = type.isUnion() ? type.types : [type];
  let sawRecurring = false;
  for (const part of parts) {
    if (part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) continue;
    if (part.flags & ts.TypeFlags.StringLike) {
      sawRecurring = true;
      continue;
    }
    if (part.flags & ts.TypeFlags.NumberLike) return 'once';
    const declaration = part.getSymbol()?.declarations?.[0];
    const file = declaration?.getSourceFile().fileName.replaceAll('\\', '/') ?? '';
    // The built-in Date (declared by TypeScript's lib files) and luxon's DateTime fire once.
    if (part.getSymbol()?.getName() === 'Date' && /\/typescript\/lib\/lib\.[^/]*\.d\.ts$/u.test(file)) return 'once';
    if (part.getSymbol()?.getName() === 'DateTime' && file.includes('/luxon/')) return 'once';
    if (file.includes('/node-schedule/')) sawRecurring = true;
  }
  return sawRecurring ? 'recurring' : 'unknown';
}

function hasCallbackArgument(analysis: FileAnalysis, node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return node.arguments.slice(1).some((argument) => callbackFunction(analysis, argument) !== undefined);
}

/** The function an argument denotes: an inline function or one bound by name in this file or a relative import. */
export function callbackFunction(analysis: FileAnalysis, argument: TSESTree.Node | undefined): { analysis: FileAnalysis; fn: FunctionNode } | undefined {
  if (!argument) return undefined;
  const node = unwrap(argument);
  if (isFunctionNode(node)) return { analysis, fn: node };
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = findVariable(analysis, node)?.defs[0];
  if (definition?.type === DefinitionType.FunctionName && isFunctionNode(definition.node)) return { analysis, fn: definition.node };
  const resolved = resolveConstant(analysis, node);
  const value = resolved ? unwrap(resolved.node) : undefined;
  return resolved && isFunctionNode(value) ? { analysis: resolved.analysis, fn: value } : undefined;
}

/** `@Cron(...)` / `@Interval(...)` from @nestjs/schedule, unless switched by `disabled`. */
export function nestScheduleDecorator(
  analysis: FileAnalysis,
  decorator: TSESTree.Decorator,
): { readonly name: string; readonly switched: boolean } | undefined {
  const expression = decorator.expression;
  if (expression.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const ref = exportOf(analysis, expression.callee);
  if (!ref) return undefined;
  const key = exportKey(ref);
  const entry = nestScheduleDecorators.find((candidate) => exportKey(candidate.export) === key);
  if (!entry) return undefined;
  if (entry.optionsIndex === undefined) return { name: entry.name, switched: false };
  const argument = expression.arguments[entry.optionsIndex];
  if (!argument) return { name: entry.name, switched: false };
  const options = staticObject(analysis, argument);
  if (!options) return { name: entry.name, switched: true };
  const property = options.properties.get(nestCronSwitchOption);
  // `disabled: process.env.CRON_ENABLED !== 'true'`: turned on per deployment.
  const switched = property ? constantBoolean(property.analysis, property.value) !== false : !options.complete;
  return { name: entry.name, switched };
}

/** `schedulerRegistry.addInterval(name, setInterval(...))`. */
export function isRegistryInterval(analysis: FileAnalysis, call: TSESTree.CallExpression): boolean {
  const member = memberCall(call);
  if (!member || !schedulerRegistryMethods.some((entry) => entry.method === member.name)) return false;
  const kind = kindOf(analysis, member.object);
  return schedulerRegistryMethods.some((entry) => entry.method === member.name && entry.kind === kind);
}

const SERVER_STARTER_KEYS: ReadonlySet<string> = new Set(serverStarters.map(exportKey));

/**
 * Evidence in the file that it starts an HTTP server: `app.listen()` on an Express/Fastify/Koa
 * app (also one imported from a project module), `http.createServer`, `serve()` from
 * @hono/node-server, `NestFactory.create`, or any `.listen()` in a file importing an HTTP framework.
 */
export function startsServer(analysis: FileAnalysis): boolean {
  return memoize(analysis, 'startsServer', analysis.ast, false, () => {
    if (!/\blisten\b|createServer|createSecureServer|\bserve\b|NestFactory/u.test(analysis.text)) return false;
    const framework = importsHttpFramework(analysis);
    let found = false;
    walk(analysis.ast, (node) => {
      if (found) return false;
      if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const member = memberCall(node);
      if (member?.name === 'listen') {
        if (framework || listensOnPort(analysis, node.arguments[0])) found = true;
        else {
          const kind = kindOf(analysis, member.object);
          found = kind !== undefined && listeningKinds.has(kind);
        }
        if (found) return false;
      }
      const ref = exportOf(analysis, node.callee);
      if (ref && SERVER_STARTER_KEYS.has(exportKey(ref))) found = true;
      return undefined;
    });
    return found;
  });
}

const SHUTDOWN_SIGNALS: ReadonlySet<string> = new Set(['SIGTERM', 'SIGINT']);

/**
 * A standalone non-HTTP process: the file handles its own shutdown signals at module level
 * (`process.on('SIGTERM', …)`, which belongs in an entry point) and shows no sign of serving
 * HTTP (no HTTP framework import, no server started). A scheduler there runs once per
 * deployment of that process, not once per web replica.
 */
export function isStandaloneProcess(analysis: FileAnalysis): boolean {
  return memoize(analysis, 'isStandaloneProcess', analysis.ast, false, () => {
    if (!/SIGTERM|SIGINT/u.test(analysis.text) || importsHttpFramework(analysis) || startsServer(analysis)) return false;
    return analysis.ast.body.some((statement) => {
      if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.CallExpression) return false;
      const call = statement.expression;
      const member = memberCall(call);
      if (member?.name !== 'on' && member?.name !== 'once') return false;
      const object = unwrap(member.object);
      if (object.type !== AST_NODE_TYPES.Identifier || object.name !== 'process') return false;
      const signal = staticString(call.arguments[0]);
      return signal !== undefined && SHUTDOWN_SIGNALS.has(signal);
    });
  });
}

/**
 * `x.listen(3000)`, `x.listen(port)` with `const port = process.env.PORT ?? 3000`,
 * `x.listen({ port, host })`: the call and a port argument together say "HTTP server" even when
 * the app comes from a factory the analysis cannot see into.
 */
function listensOnPort(analysis: FileAnalysis, argument: TSESTree.Node | undefined): boolean {
  if (!argument) return false;
  const node = unwrap(argument);
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'number';
  if (node.type === AST_NODE_TYPES.ObjectExpression) {
    return node.properties.some((property) => property.type === AST_NODE_TYPES.Property && staticPropertyKey(property) === 'port');
  }
  const resolved = node.type === AST_NODE_TYPES.Identifier ? resolveConstant(analysis, node) : { analysis, node };
  const value = resolved ? unwrap(resolved.node) : node;
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'number';
  const source = resolved ? resolved.analysis.text.slice(value.range[0], value.range[1]) : '';
  return /process\.env\.PORT\b|process\.env\[['"]PORT['"]\]/u.test(source);
}

/** Global `setInterval` (not shadowed), `globalThis.setInterval`, or `setInterval` from `timers`. */
export function isSetIntervalCall(analysis: FileAnalysis, call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    if (callee.name !== 'setInterval') return false;
    const variable = findVariable(analysis, callee);
    if (!variable || variable.defs.length === 0) return true;
  } else if (callee.type === AST_NODE_TYPES.MemberExpression) {
    if (staticMemberName(callee) !== 'setInterval') return false;
    const object = unwrap(callee.object);
    if (object.type === AST_NODE_TYPES.Identifier && (object.name === 'globalThis' || object.name === 'global') && !findVariable(analysis, object)?.defs.length) {
      return true;
    }
  } else {
    return false;
  }
  const ref = exportOf(analysis, callee);
  if (!ref) return false;
  const key = exportKey(ref);
  return intervalTimers.some((timer) => exportKey(timer) === key);
}

/** A millisecond count written as a constant expression: `60_000`, `5 * 60 * 1000`, a const. */
export function constantMilliseconds(analysis: FileAnalysis, input: TSESTree.Node | undefined, depth = 0): number | undefined {
  if (!input || depth > 8) return undefined;
  const node = unwrap(input);
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'number' ? node.value : undefined;
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.left.type !== AST_NODE_TYPES.PrivateIdentifier) {
    const left = constantMilliseconds(analysis, node.left, depth + 1);
    const right = constantMilliseconds(analysis, node.right, depth + 1);
    if (left === undefined || right === undefined) return undefined;
    switch (node.operator) {
      case '*':
        return left * right;
      case '+':
        return left + right;
      case '-':
        return left - right;
      case '/':
        return right === 0 ? undefined : left / right;
      default:
        return undefined;
    }
  }
  if (node.type === AST_NODE_TYPES.Identifier) {
    const resolved = resolveConstant(analysis, node);
    return resolved && resolved.node !== node ? constantMilliseconds(resolved.analysis, resolved.node, depth + 1) : undefined;
  }
  return undefined;
}

const SHARED_WRITE_NAMES: ReadonlySet<string> = new Set([
  ...Object.values(sharedWriteMethods).flatMap((methods) => [...methods]),
  ...Object.values(sqlQueryMethods).flatMap((methods) => [...methods]),
]);

/**
 * A call with a cluster-wide effect: a database write or an enqueued job. Pure, and uses only the
 * analysis it is given, so `findReachable` can ask it about other files. Returns how the call reads.
 */
export function sharedWrite(analysis: FileAnalysis, call: CallNode): string | undefined {
  if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const member = memberCall(call);
  if (!member) return undefined;
  if (isEnqueueShaped(call) && enqueueSite(analysis, call)) return describe(analysis, call);
  if (!SHARED_WRITE_NAMES.has(member.name)) return undefined;
  const kind = kindOf(analysis, member.object);
  if (kind === undefined) return undefined;
  if (sharedWriteMethods[kind]?.has(member.name) === true) return describe(analysis, call);
  if (sqlQueryMethods[kind]?.has(member.name) === true && writesSql(call.arguments[0])) return describe(analysis, call);
  return undefined;
}

function writesSql(argument: TSESTree.Node | undefined): boolean {
  if (!argument) return false;
  const node = unwrap(argument);
  const text =
    node.type === AST_NODE_TYPES.TaggedTemplateExpression
      ? node.quasi.quasis[0]?.value.cooked
      : node.type === AST_NODE_TYPES.TemplateLiteral
        ? node.quasis[0]?.value.cooked
        : staticString(node);
  return text !== undefined && text !== null && sqlWriteKeywords.test(text);
}

/** `pool.query()`, `this.repo.delete()`, or `db….del()` for a builder chain. */
function describe(analysis: FileAnalysis, call: TSESTree.CallExpression): string {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return `${analysis.text.slice(callee.range[0], callee.range[1])}()`;
  let root: TSESTree.Node = callee.object;
  let chained = false;
  for (;;) {
    root = unwrap(root);
    if (root.type === AST_NODE_TYPES.MemberExpression) root = root.object;
    else if (root.type === AST_NODE_TYPES.CallExpression) {
      chained = true;
      root = root.callee;
    } else break;
  }
  const name = staticMemberName(callee) ?? '?';
  if (!chained) return `${analysis.text.slice(callee.range[0], callee.range[1]).replace(/\s+/gu, '')}()`;
  const rootText = root.type === AST_NODE_TYPES.Identifier ? root.name : root.type === AST_NODE_TYPES.ThisExpression ? 'this' : '';
  return `${rootText}….${name}()`;
}

/**
 * Is this node switched on per deployment by an environment variable? `if (process.env.RUN_CRON)`,
 * `process.env.ROLE === 'scheduler' && …`, or an early `return` on such a test before it.
 * NODE_ENV is not such a switch: every production replica has the same NODE_ENV.
 */
export function isEnvGated(node: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.IfStatement:
        if (parent.test !== child && readsSwitchEnv(parent.test)) return true;
        break;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test !== child && readsSwitchEnv(parent.test)) return true;
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.right === child && readsSwitchEnv(parent.left)) return true;
        break;
      case AST_NODE_TYPES.BlockStatement:
      case AST_NODE_TYPES.Program:
        if (hasEarlyExitGuard(parent.body, child)) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

function hasEarlyExitGuard(body: readonly TSESTree.Node[], child: TSESTree.Node): boolean {
  for (const statement of body) {
    if (statement === child) return false;
    if (statement.type !== AST_NODE_TYPES.IfStatement || !readsSwitchEnv(statement.test)) continue;
    const consequent = statement.consequent.type === AST_NODE_TYPES.BlockStatement ? statement.consequent.body.at(-1) : statement.consequent;
    if (consequent?.type === AST_NODE_TYPES.ReturnStatement || consequent?.type === AST_NODE_TYPES.ThrowStatement) return true;
  }
  return false;
}

function readsSwitchEnv(test: TSESTree.Node): boolean {
  let found = false;
  walk(test, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      const object = unwrap(node.object);
      if (
        object.type === AST_NODE_TYPES.MemberExpression &&
        object.object.type === AST_NODE_TYPES.Identifier &&
        object.object.name === 'process' &&
        staticMemberName(object) === 'env'
      ) {
        const name = staticMemberName(node);
        if (name !== undefined && name !== 'NODE_ENV') found = true;
        return false;
      }
    }
    return undefined;
  });
  return found;
}
