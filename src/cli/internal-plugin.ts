import { BroadcastChannel, isMainThread } from 'node:worker_threads';

import { ESLintUtils } from '@typescript-eslint/utils';

import { getFileAnalysis } from '../analysis/index.js';
import { collectInventory } from '../analysis/inventory.js';

/**
 * Rules the CLI adds to its own runs, never to users' configs. They run inside ESLint, so they see
 * the same parsed (and typed) files as the real rules, in worker threads too, and they hand their
 * data back the only way that crosses threads and the cache: as lint messages (inventory) or on a
 * BroadcastChannel (progress). The CLI strips their messages before reporting.
 */
export const INTERNAL_NAMESPACE = 'scalability-cli';
export const INVENTORY_RULE = `${INTERNAL_NAMESPACE}/inventory`;
export const PROGRESS_RULE = `${INTERNAL_NAMESPACE}/progress`;
export const PROGRESS_CHANNEL = 'scalability-lint:progress';

const inventory = ESLintUtils.RuleCreator.withoutDocs<[], 'inventory'>({
  meta: {
    type: 'suggestion',
    docs: { description: 'Collect the inventory of endpoints, queues, caches and clients for the audit report' },
    schema: [],
    messages: { inventory: '{{json}}' },
    defaultOptions: [],
  },
  create(context) {
    return {
      'Program:exit'(node) {
        const collected = collectInventory(getFileAnalysis(context));
        const empty = Object.values(collected).every((entries: readonly unknown[]) => entries.length === 0);
        if (empty) return;
        context.report({ node, loc: { line: 1, column: 0 }, messageId: 'inventory', data: { json: JSON.stringify(collected) } });
      },
    };
  },
});

let channel: BroadcastChannel | undefined;
let localListener: (() => void) | undefined;

/**
 * Without worker threads ESLint lints file after file without yielding to the event loop, so
 * channel messages would arrive only at the end: the main thread is told directly instead.
 */
export function setProgressListener(listener: (() => void) | undefined): void {
  localListener = listener;
}

const progress = ESLintUtils.RuleCreator.withoutDocs<[], 'never'>({
  meta: {
    type: 'suggestion',
    docs: { description: 'Tell the CLI a file was linted' },
    schema: [],
    messages: { never: '' },
    defaultOptions: [],
  },
  create() {
    if (isMainThread && localListener) {
      localListener();
      return {};
    }
    if (!channel) {
      channel = new BroadcastChannel(PROGRESS_CHANNEL);
      // Never keep a worker thread alive for the progress line.
      channel.unref();
    }
    channel.postMessage(1);
    return {};
  },
});

export const internalPlugin = {
  meta: { name: 'scalability-lint-internal', version: '1.0.0' },
  rules: { inventory, progress },
};
