import path from 'node:path';

import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { isFunctionNode, staticString } from './ast.js';
import { enclosingHandler, type HandlerInfo } from './context.js';
import type { FileAnalysis } from './file-analysis.js';
import { isExport } from './origin.js';
import {
  addHeaderEdits,
  enclosingMethod,
  headerState,
  isStatusSiteShaped,
  type StatusSite,
  statusSiteOf,
  type TextEdit,
} from './responses.js';
import { isTestFile } from './test-files.js';

/**
 * 429/503 responses without a Retry-After header: the decision `require-retry-after` reports
 * and the `retry-after` codemod fixes, so both see exactly the same sites.
 */

export const RETRY_AFTER = 'Retry-After';
export const BACKPRESSURE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Probes answer load balancers and orchestrators, which ignore Retry-After. */
export const DEFAULT_IGNORE_ROUTES: readonly string[] = ['(?:^|/)(?:health(?:z|check|-check)?|readyz?|readiness|livez?|liveness)(?:/|$)'];

export interface MissingRetryAfter {
  readonly site: StatusSite;
  /** The backpressure status the site answers (the first one when it can be several). */
  readonly status: number;
  /**
   * Every status the site can answer is 429/503. A conditional status (`ok ? 200 : 503`) would
   * get the header on every branch, so no edit is offered for it.
   */
  readonly onlyBackpressure: boolean;
}

/** `ignoreRoutes` patterns as the rule compiles them (case-insensitive, unicode). */
export function compileIgnoreRoutes(patterns: readonly string[] = DEFAULT_IGNORE_ROUTES): readonly RegExp[] {
  return patterns.map((pattern) => new RegExp(pattern, 'iu'));
}

/**
 * The 429/503 response `node` sets, when it lacks a Retry-After header and answers an HTTP
 * client: not in a test file, not thrown from a queue job or message consumer, not on an ignored
 * route, and (with `ignoreProbeNames`) not in a probe handler whose route path is out of sight.
 */
export function missingRetryAfter(
  analysis: FileAnalysis,
  node: TSESTree.Node,
  ignoreRoutes: readonly RegExp[],
  ignoreProbeNames = true,
): MissingRetryAfter | undefined {
  if (!isStatusSiteShaped(node)) return undefined;
  // A 503 in a test is a mocked upstream or a throwaway server, not this service's answer.
  if (isTestFile(analysis)) return undefined;
  const site = statusSiteOf(analysis, node, (status) => BACKPRESSURE_STATUSES.has(status));
  if (!site) return undefined;
  const handler = enclosingHandler(analysis, site.node);
  // An HTTP exception thrown by a queue job or message consumer never reaches an HTTP client.
  if (handler?.info.type === 'retryable' && handler.info.retryReason !== 'webhook') return undefined;
  const paths = routePaths(analysis, site, handler?.info);
  if (ignoreRoutes.length > 0 && paths.some((route) => ignoreRoutes.some((pattern) => pattern.test(route)))) return undefined;
  if (ignoreProbeNames && !paths.some(isVisiblePath) && isNamedLikeProbe(analysis, site.node)) return undefined;
  // Last: following project helpers that might set the header is the expensive question.
  if (headerState(analysis, site, RETRY_AFTER) !== 'missing') return undefined;
  const status = site.statuses.find((value) => BACKPRESSURE_STATUSES.has(value)) ?? 503;
  return { site, status, onlyBackpressure: site.statuses.every((value) => BACKPRESSURE_STATUSES.has(value)) };
}

/** The framework-idiomatic edits adding `Retry-After: <valueSource>`; undefined when none is safe. */
export function retryAfterEdits(analysis: FileAnalysis, found: MissingRetryAfter, valueSource: string): readonly TextEdit[] | undefined {
  return found.onlyBackpressure ? addHeaderEdits(analysis, found.site, RETRY_AFTER, valueSource) : undefined;
}

/** The route path of the handler around the site, and the `@Controller()` prefix in NestJS. */
function routePaths(analysis: FileAnalysis, site: StatusSite, handler: HandlerInfo | undefined): string[] {
  const paths: string[] = [];
  if (handler?.path !== undefined) paths.push(handler.path);
  if (site.framework === 'nestjs' || handler?.framework === 'nestjs') {
    const method = enclosingMethod(site.node);
    const prefix = method ? controllerPrefix(analysis, method) : undefined;
    if (prefix !== undefined) paths.push(prefix);
  }
  return paths;
}

/** `''` and `'/'` say nothing: the real path is the mount prefix, set in another file. */
function isVisiblePath(route: string): boolean {
  return route.replaceAll('/', '') !== '';
}

/** Words that name a probe on their own (`healthz`, `readiness`) or in a probe's name (`getReady`, `ReadyCheck`). */
const PROBE_WORDS: ReadonlySet<string> = new Set(['health', 'healthz', 'healthcheck', 'ready', 'readiness', 'readyz', 'live', 'liveness', 'livez']);
/**
 * Words that may stand next to a probe word in a probe's name. Any other word makes the name
 * something else (`getReadyOrders`, `HealthRecordsController`, `liveFeed`).
 */
const PROBE_NAME_FILLERS: ReadonlySet<string> = new Set([
  'api',
  'check',
  'checks',
  'controller',
  'endpoint',
  'get',
  'handle',
  'handler',
  'http',
  'is',
  'k8s',
  'probe',
  'route',
  'router',
  'routes',
  'service',
  'status',
]);

/**
 * The function around the site, a class around it, or its file is named as a health, readiness or
 * liveness probe: `readiness()`, `ReadyCheckController.getReady`, `healthcheck.controller.ts`.
 * Used only when no route path is visible (a handler registered in another file, or on `''`
 * under a prefix mounted elsewhere), where `ignoreRoutes` has nothing to match.
 */
function isNamedLikeProbe(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  const names: string[] = [];
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current) || current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) {
      const name = declaredName(current);
      if (name !== undefined) names.push(name);
    }
  }
  const file = path.basename(analysis.filename).replace(/\.[^.]+$/u, '');
  names.push(file === 'index' ? path.basename(path.dirname(analysis.filename)) : file);
  return names.some(isProbeName);
}

/** The name a function or class is declared or bound under: its id, variable, method, property or field. */
function declaredName(node: TSESTree.Node): string | undefined {
  if ('id' in node && node.id?.type === AST_NODE_TYPES.Identifier) return node.id.name;
  const parent = node.parent;
  if (!parent) return undefined;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (
    (parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.PropertyDefinition || parent.type === AST_NODE_TYPES.Property) &&
    parent.value === node
  ) {
    return parent.key.type === AST_NODE_TYPES.Identifier ? parent.key.name : staticString(parent.key);
  }
  return undefined;
}

function isProbeName(name: string): boolean {
  const words = name
    .replace(/([a-z\d])([A-Z])/gu, '$1 $2')
    .toLowerCase()
    .split(/[^a-z\d]+/u)
    .filter((word) => word !== '');
  return words.some((word) => PROBE_WORDS.has(word)) && words.every((word) => PROBE_WORDS.has(word) || PROBE_NAME_FILLERS.has(word));
}

/** `@Controller('health')` on the class of a method. */
function controllerPrefix(analysis: FileAnalysis, method: TSESTree.MethodDefinition): string | undefined {
  const classNode = method.parent.parent;
  for (const decorator of classNode.decorators) {
    const expression = decorator.expression;
    if (expression.type !== AST_NODE_TYPES.CallExpression) continue;
    if (!isExport(analysis, expression.callee, ['@nestjs/common'], ['Controller'])) continue;
    return staticString(expression.arguments[0]);
  }
  return undefined;
}
