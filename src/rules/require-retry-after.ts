import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { getFileAnalysis } from '../analysis/index.js';
import { isStatusSiteShaped, type StatusSite } from '../analysis/responses.js';
import { compileIgnoreRoutes, DEFAULT_IGNORE_ROUTES, missingRetryAfter, retryAfterEdits } from '../analysis/retry-after-sites.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    retryAfterSeconds?: number;
    ignoreRoutes?: string[];
    /** Also skip handlers named like probes (`readiness`, `HealthController`) when their route path is not visible. */
    ignoreProbeNames?: boolean;
  },
];
export type MessageIds = 'missingRetryAfter' | 'addRetryAfter';

const STATUS_TEXT: Record<number, string> = { 429: '429 Too Many Requests', 503: '503 Service Unavailable' };

const FRAMEWORK_NAMES: Record<StatusSite['framework'], string> = {
  express: 'Express',
  fastify: 'Fastify',
  koa: 'Koa',
  hono: 'Hono',
  fetch: 'Fetch API Response',
  nextjs: 'Next.js',
  nestjs: 'NestJS',
  lambda: 'AWS Lambda',
};

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
          ignoreProbeNames: {
            type: 'boolean',
            description:
              'When a handler has no visible route path, skip it if it, its class or its file is named as a health, readiness or liveness probe.',
          },
        },
      },
    ],
    defaultOptions: [{ retryAfterSeconds: 30, ignoreRoutes: [...DEFAULT_IGNORE_ROUTES], ignoreProbeNames: true }],
  },
  create(context, [options]) {
    const seconds = options.retryAfterSeconds ?? 30;
    const ignoreRoutes = compileIgnoreRoutes(options.ignoreRoutes ?? DEFAULT_IGNORE_ROUTES);
    const ignoreProbeNames = options.ignoreProbeNames ?? true;

    return {
      CallExpression: check,
      NewExpression: check,
      AssignmentExpression: check,
      Decorator: check,
      Property: check,
    };

    function check(node: TSESTree.Node): void {
      if (!isStatusSiteShaped(node)) return;
      const analysis = getFileAnalysis(context);
      const found = missingRetryAfter(analysis, node, ignoreRoutes, ignoreProbeNames);
      if (!found) return;
      const { site, status } = found;
      const edits = retryAfterEdits(analysis, found, `'${String(seconds)}'`);
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
