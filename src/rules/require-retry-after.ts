import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { enclosingHandler, type FileAnalysis, getFileAnalysis, type HandlerInfo, isExport, staticString } from '../analysis/index.js';
import { addHeaderEdits, enclosingMethod, headerState, isStatusSiteShaped, type StatusSite, statusSiteOf } from '../analysis/responses.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    retryAfterSeconds?: number;
    ignoreRoutes?: string[];
  },
];
export type MessageIds = 'missingRetryAfter' | 'addRetryAfter';

const RETRY_AFTER = 'Retry-After';
const BACKPRESSURE_STATUSES = new Set([429, 503]);
const STATUS_TEXT: Record<number, string> = { 429: '429 Too Many Requests', 503: '503 Service Unavailable' };

const FRAMEWORK_NAMES: Record<StatusSite['framework'], string> = {
  express: 'Express',
  fastify: 'Fastify',
  koa: 'Koa',
  hono: 'Hono',
  fetch: 'Fetch API Response',
  nextjs: 'Next.js',
  nestjs: 'NestJS',
};

/** Probes answer load balancers and orchestrators, which ignore Retry-After. */
const DEFAULT_IGNORE_ROUTES = ['(?:^|/)(?:health(?:z|check|-check)?|readyz?|readiness|livez?|liveness)(?:/|$)'];

export default createRule<Options, MessageIds>({
  name: 'require-retry-after',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require a Retry-After header on 429 and 503 responses',
      recommended: true,
      concern: 'backpressure',
    },
    hasSuggestions: true,
    messages: {
      missingRetryAfter:
        '{{framework}} answers {{status}} without a Retry-After header: clients and proxies then retry at once and keep piling load onto a service that is already shedding it. Tell them when to come back with Retry-After.',
      addRetryAfter: "Send 'Retry-After: {{seconds}}' with this response.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          retryAfterSeconds: { type: 'integer', minimum: 0, description: 'Seconds the suggestion puts in Retry-After.' },
          ignoreRoutes: {
            type: 'array',
            items: { type: 'string' },
            description: 'Regular expressions; handlers whose route path matches one are not checked (health and readiness probes by default).',
          },
        },
      },
    ],
    defaultOptions: [{ retryAfterSeconds: 30, ignoreRoutes: DEFAULT_IGNORE_ROUTES }],
  },
  create(context, [options]) {
    const seconds = options.retryAfterSeconds ?? 30;
    const ignoreRoutes = (options.ignoreRoutes ?? DEFAULT_IGNORE_ROUTES).map((pattern) => new RegExp(pattern, 'iu'));

    return {
      CallExpression: check,
      NewExpression: check,
      AssignmentExpression: check,
      Decorator: check,
    };

    function check(node: TSESTree.Node): void {
      if (!isStatusSiteShaped(node)) return;
      const analysis = getFileAnalysis(context);
      const site = statusSiteOf(analysis, node, (status) => BACKPRESSURE_STATUSES.has(status));
      if (!site) return;
      if (headerState(analysis, site, RETRY_AFTER) !== 'missing') return;
      const handler = enclosingHandler(analysis, site.node);
      // An HTTP exception thrown by a queue job or message consumer never reaches an HTTP client.
      if (handler?.info.type === 'retryable' && handler.info.retryReason !== 'webhook') return;
      if (isIgnoredRoute(analysis, site, handler?.info, ignoreRoutes)) return;
      const status = site.statuses.find((value) => BACKPRESSURE_STATUSES.has(value)) ?? 503;
      // A conditional status (`ok ? 200 : 503`) would get the header on every branch.
      const edits = site.statuses.every((value) => BACKPRESSURE_STATUSES.has(value))
        ? addHeaderEdits(analysis, site, RETRY_AFTER, `'${String(seconds)}'`)
        : undefined;
      context.report({
        node: site.node,
        messageId: 'missingRetryAfter',
        data: { framework: FRAMEWORK_NAMES[site.framework], status: STATUS_TEXT[status] ?? String(status) },
        suggest: edits
          ? [
              {
                messageId: 'addRetryAfter',
                data: { seconds: String(seconds) },
                fix: (fixer) => edits.map((edit): TSESLint.RuleFix => fixer.replaceTextRange([edit.range[0], edit.range[1]], edit.text)),
              },
            ]
          : [],
      });
    }
  },
});

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
