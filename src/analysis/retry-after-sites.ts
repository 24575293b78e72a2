import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { staticString } from './ast.js';
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
 * client: not thrown from a queue job or message consumer, not on an ignored route.
 */
export function missingRetryAfter(analysis: FileAnalysis, node: TSESTree.Node, ignoreRoutes: readonly RegExp[]): MissingRetryAfter | undefined {
  if (!isStatusSiteShaped(node)) return undefined;
  const site = statusSiteOf(analysis, node, (status) => BACKPRESSURE_STATUSES.has(status));
  if (!site) return undefined;
  if (headerState(analysis, site, RETRY_AFTER) !== 'missing') return undefined;
  const handler = enclosingHandler(analysis, site.node);
  // An HTTP exception thrown by a queue job or message consumer never reaches an HTTP client.
  if (handler?.info.type === 'retryable' && handler.info.retryReason !== 'webhook') return undefined;
  if (isIgnoredRoute(analysis, site, handler?.info, ignoreRoutes)) return undefined;
  const status = site.statuses.find((value) => BACKPRESSURE_STATUSES.has(value)) ?? 503;
  return { site, status, onlyBackpressure: site.statuses.every((value) => BACKPRESSURE_STATUSES.has(value)) };
}

/** The framework-idiomatic edits adding `Retry-After: <valueSource>`; undefined when none is safe. */
export function retryAfterEdits(analysis: FileAnalysis, found: MissingRetryAfter, valueSource: string): readonly TextEdit[] | undefined {
  return found.onlyBackpressure ? addHeaderEdits(analysis, found.site, RETRY_AFTER, valueSource) : undefined;
}

/** The route of the handler around the site matches one of `patterns` (health probes…). */
function isIgnoredRoute(analysis: FileAnalysis, site: StatusSite, handler: HandlerInfo | undefined, patterns: readonly RegExp[]): boolean {
  if (patterns.length === 0) return false;
  const paths: string[] = [];
  if (handler?.path !== undefined) paths.push(handler.path);
  if (site.framework === 'nestjs' || handler?.framework === 'nestjs') {
    const method = enclosingMethod(site.node);
    const prefix = method ? controllerPrefix(analysis, method) : undefined;
    if (prefix !== undefined) paths.push(prefix);
  }
  return paths.some((path) => patterns.some((pattern) => pattern.test(path)));
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
