import type { TSESTree } from '@typescript-eslint/utils';

import {
  describeChain,
  enclosingHandler,
  type FileAnalysis,
  findReachable,
  getFileAnalysis,
  importedModules,
  isWorkerFile,
} from '../analysis/index.js';
import { distributedSchedulers } from '../analysis/libraries/schedulers.js';
import {
  callbackFunction,
  constantMilliseconds,
  importsScheduler,
  isEnvGated,
  isRegistryInterval,
  isSetIntervalCall,
  isStandaloneProcess,
  nestScheduleDecorator,
  scheduleCall,
  sharedWrite,
  startsServer,
} from '../analysis/schedulers.js';
import { isTestFile } from '../analysis/test-files.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    workerFiles?: string[];
    minIntervalMs?: number;
  },
];
export type MessageIds = 'scheduledInProcess' | 'nestSchedule' | 'periodicInterval';

const SOURCE = '{ts,tsx,js,mts,cts,mjs,cjs}';

/** Entry points named as schedulers or workers, beyond settings.scalability.workerFiles. */
export const DEFAULT_SCHEDULER_FILES: readonly string[] = [
  '**/scheduler/**',
  '**/schedulers/**',
  '**/crons/**',
  `**/*-worker.${SOURCE}`,
  `**/worker-*.${SOURCE}`,
  `**/*-scheduler.${SOURCE}`,
  `**/scheduler-*.${SOURCE}`,
];

const GENERAL_ALTERNATIVES = distributedSchedulers.map((entry) => `${entry.library} ${entry.call}`).join(', ');
const NODE_CRON_ALTERNATIVES = `node-cron's \`distributed: true\` with setRunCoordinator(), ${GENERAL_ALTERNATIVES}`;

export default createRule<Options, MessageIds>({
  name: 'no-in-process-scheduler',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow recurring jobs scheduled inside a web-serving process',
      recommended: true,
      concern: 'async-work',
    },
    messages: {
      scheduledInProcess:
        '{{call}} ({{library}}) schedules recurring work inside the web server process: every replica runs it, so with N instances each run happens N times (duplicate emails, rows processed twice, lock contention). Run it in one dedicated worker process or use a distributed scheduler: {{alternatives}}.',
      nestSchedule:
        '{{what}} runs in every instance of this NestJS application: with N replicas each run happens N times. Move it to a separate worker application (NestFactory.createApplicationContext) or use a distributed scheduler: {{alternatives}}.',
      periodicInterval:
        'setInterval runs {{effect}} every {{interval}} in every replica of this server: with N instances the job runs N times per period. Use a distributed scheduler ({{alternatives}}) or a dedicated worker process.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          workerFiles: {
            type: 'array',
            items: { type: 'string' },
            description: 'Globs of worker/scheduler entry points, in addition to settings.scalability.workerFiles.',
          },
          minIntervalMs: {
            type: 'integer',
            minimum: 0,
            description: 'Shortest setInterval period (ms) treated as a periodic job.',
          },
        },
      },
    ],
    defaultOptions: [{ workerFiles: [...DEFAULT_SCHEDULER_FILES], minIntervalMs: 60_000 }],
  },
  create(context, [options]) {
    const workerGlobs = options.workerFiles ?? DEFAULT_SCHEDULER_FILES;
    const minIntervalMs = options.minIntervalMs ?? 60_000;
    let worker: boolean | undefined;

    return {
      CallExpression(node) {
        const analysis = getFileAnalysis(context);
        if (isSetIntervalCall(analysis, node)) {
          checkInterval(analysis, node);
          return;
        }
        if (node.arguments.length === 2 && isRegistryInterval(analysis, node)) {
          if (inWorker(analysis) || isEnvGated(node)) return;
          context.report({ node, messageId: 'nestSchedule', data: { what: 'SchedulerRegistry.addInterval()', alternatives: GENERAL_ALTERNATIVES } });
          return;
        }
        checkLibrary(analysis, node);
      },
      NewExpression(node) {
        checkLibrary(getFileAnalysis(context), node);
      },
      Decorator(node) {
        const analysis = getFileAnalysis(context);
        if (!importedModules(analysis).includes('@nestjs/schedule')) return;
        const decorator = nestScheduleDecorator(analysis, node);
        if (!decorator || decorator.switched || inWorker(analysis)) return;
        context.report({ node, messageId: 'nestSchedule', data: { what: `@${decorator.name}()`, alternatives: GENERAL_ALTERNATIVES } });
      },
    };

    function inWorker(analysis: FileAnalysis): boolean {
      worker ??= isWorkerFile(analysis, workerGlobs) || isTestFile(analysis);
      return worker;
    }

    function checkLibrary(analysis: FileAnalysis, node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      if (node.arguments.length === 0 || !importsScheduler(analysis)) return;
      const site = scheduleCall(analysis, node);
      if (site?.verdict !== 'recurring' || inWorker(analysis) || isEnvGated(node) || isStandaloneProcess(analysis)) return;
      context.report({
        node,
        messageId: 'scheduledInProcess',
        data: {
          call: site.scheduler.display,
          library: site.scheduler.library,
          alternatives: site.scheduler.library === 'node-cron' ? NODE_CRON_ALTERNATIVES : GENERAL_ALTERNATIVES,
        },
      });
    }

    function checkInterval(analysis: FileAnalysis, node: TSESTree.CallExpression): void {
      const interval = constantMilliseconds(analysis, node.arguments[1]);
      if (interval === undefined || interval < minIntervalMs) return;
      if (!startsServer(analysis) || inWorker(analysis) || isEnvGated(node)) return;
      if (enclosingHandler(analysis, node)) return;
      const callback = callbackFunction(analysis, node.arguments[0]);
      if (!callback) return;
      const [effect] = findReachable(callback.analysis, callback.fn, 'shared-write', sharedWrite);
      if (!effect) return;
      const through = effect.chain.length > 0 ? ` (through ${describeChain(effect.chain)})` : '';
      context.report({
        node,
        messageId: 'periodicInterval',
        data: { effect: `${effect.value}${through}`, interval: formatInterval(interval), alternatives: GENERAL_ALTERNATIVES },
      });
    }
  },
});

function formatInterval(ms: number): string {
  const units: readonly [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) {
    if (ms >= size && ms % size === 0) return `${String(ms / size)} ${unit}`;
  }
  return `${String(ms)} ms`;
}
