import type { TSESTree } from '@typescript-eslint/utils';

import {
  describeChain,
  describeHandler,
  findReachable,
  type FileAnalysis,
  type FunctionNode,
  getFileAnalysis,
  handlerInfo,
  isWorkerFile,
  mayBeHandler,
  servesRequests,
} from '../analysis/index.js';
import type { SlowWorkCategory } from '../analysis/libraries/slow-work.js';
import type { CallNode } from '../analysis/reach.js';
import { isAwaitedWork, respondsBefore, type SlowWork, slowWorkCall } from '../analysis/slow-work.js';
import { createRule } from '../util/create-rule.js';

const CATEGORIES = ['email', 'pdf', 'image', 'push', 'sms', 'webhook-fanout'] as const satisfies readonly SlowWorkCategory[];

export type Options = [
  {
    /** Which kinds of work to report. */
    categories?: SlowWorkCategory[];
  },
];
export type MessageIds = 'slowWork' | 'slowWorkThroughCall';

const WORK: Record<SlowWorkCategory, string> = {
  email: 'Sending email',
  pdf: 'Rendering a PDF',
  image: 'Processing an image',
  push: 'Sending push notifications',
  sms: 'Sending an SMS',
  'webhook-fanout': 'Delivering a webhook to every subscriber',
};

/** The same work as a noun, for messages about a helper that does it. */
const WORK_NOUN: Record<SlowWorkCategory, string> = {
  email: 'email delivery',
  pdf: 'PDF rendering',
  image: 'image processing',
  push: 'push notification delivery',
  sms: 'SMS delivery',
  'webhook-fanout': 'webhook delivery to every subscriber',
};

export default createRule<Options, MessageIds>({
  name: 'no-inline-slow-work',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow email, rendering, push/SMS and webhook fan-out awaited inside HTTP request handlers',
      recommended: true,
      concern: 'async-work',
    },
    messages: {
      slowWork:
        '{{work}} ({{api}}) holds up {{handler}}: the client waits for work it does not need, each slow provider call pins a request under load, and a crash loses the work. Enqueue a job (BullMQ, SQS…) for a worker with retries and respond 202 Accepted.',
      slowWorkThroughCall:
        '{{callee}}() leads to {{work}} ({{api}}, via {{chain}}), and {{handler}} waits for it: the client waits for work it does not need, and a crash loses it. Enqueue a job for a worker with retries and respond 202 Accepted.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          categories: {
            type: 'array',
            items: { type: 'string', enum: [...CATEGORIES] },
            uniqueItems: true,
            description: 'Kinds of slow work to report (default: all).',
          },
        },
      },
    ],
    defaultOptions: [{ categories: [...CATEGORIES] }],
  },
  create(context, [options]) {
    const categories = new Set<SlowWorkCategory>(options.categories ?? CATEGORIES);
    const reported = new Set<TSESTree.Node>();
    let workerFile: boolean | undefined;
    const matcher = (analysis: FileAnalysis, call: CallNode): SlowWork | undefined => slowWorkCall(analysis, call);

    return {
      ArrowFunctionExpression: check,
      FunctionExpression: check,
      FunctionDeclaration: check,
    };

    function check(fn: FunctionNode): void {
      if (!mayBeHandler(fn)) return;
      const analysis = getFileAnalysis(context);
      // Workers, scripts and cron entry points never serve HTTP (settings.scalability.workerFiles).
      workerFile ??= isWorkerFile(analysis);
      if (workerFile) return;
      const info = handlerInfo(analysis, fn);
      if (!info || !servesRequests(info)) return;
      for (const reached of findReachable(analysis, fn, 'no-inline-slow-work', matcher)) {
        const { value, callSite } = reached;
        if (reported.has(callSite) || !categories.has(value.category)) continue;
        const first = reached.chain[0];
        // Through a helper, the handler must wait for the helper (CPU rendering waits anyway).
        if (first && !value.mainThread && !isAwaitedWork(analysis, callSite)) continue;
        // Work started after the response went out no longer delays it.
        if (respondsBefore(analysis, fn, callSite)) continue;
        reported.add(callSite);
        const handler = describeHandler(info);
        if (first) {
          context.report({
            node: callSite,
            messageId: 'slowWorkThroughCall',
            data: { work: WORK_NOUN[value.category], api: value.label, handler, callee: first.name, chain: describeChain(reached.chain) },
          });
        } else {
          context.report({ node: callSite, messageId: 'slowWork', data: { work: WORK[value.category], api: value.label, handler } });
        }
      }
    }
  },
});

