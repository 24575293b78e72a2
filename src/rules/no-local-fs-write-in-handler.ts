import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { describeChain, type FileAnalysis, type FunctionNode, findReachable, getFileAnalysis, handlerInfo, type HandlerInfo } from '../analysis/index.js';
import { fsWriteCall, isScratchWrite, isUnderTmpdir } from '../analysis/fs-writes.js';
import type { CallNode } from '../analysis/reach.js';
import { isTestFile } from '../analysis/test-files.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    allowTmpdir?: boolean;
  },
];
export type MessageIds = 'writeInHandler' | 'writeThroughHelper';

export default createRule<Options, MessageIds>({
  name: 'no-local-fs-write-in-handler',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow writing to the local file system from request handlers and job processors',
      recommended: true,
      concern: 'statelessness',
    },
    messages: {
      writeInHandler:
        "{{write}} in a {{handler}} writes to this instance's local disk. Replicas do not share disks and containers lose theirs on restart, so the next request or job, served elsewhere, will not find the file. Keep it in object storage (S3, GCS) or the database; use os.tmpdir() only for scratch files.",
      writeThroughHelper:
        "This {{handler}} calls {{chain}}, which writes to this instance's local disk with {{write}} ({{location}}). Replicas do not share disks and containers lose theirs on restart, so the next request or job, served elsewhere, will not find the file. Keep it in object storage (S3, GCS) or the database; use os.tmpdir() only for scratch files.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowTmpdir: {
            type: 'boolean',
            description: 'Allow writes under os.tmpdir() (and /tmp), which are per-request scratch space.',
          },
        },
      },
    ],
    defaultOptions: [{ allowTmpdir: true }],
  },
  create(context, [options]) {
    const allowTmpdir = options.allowTmpdir ?? true;
    const question = allowTmpdir ? 'fs-write:allow-tmpdir' : 'fs-write';
    const reported = new Set<TSESTree.Node>();

    return {
      ArrowFunctionExpression: check,
      FunctionDeclaration: check,
      FunctionExpression: check,
    };

    function check(fn: FunctionNode): void {
      const analysis = getFileAnalysis(context);
      const info = handlerInfo(analysis, fn);
      if (!info || isTestFile(analysis)) return;
      for (const reached of findReachable(analysis, fn, question, matchWrite)) {
        if (reported.has(reached.callSite)) continue;
        reported.add(reached.callSite);
        const handler = describeHandler(info);
        if (reached.chain.length === 0) {
          context.report({ node: reached.callSite, messageId: 'writeInHandler', data: { write: reached.value, handler } });
        } else {
          context.report({
            node: reached.callSite,
            messageId: 'writeThroughHelper',
            data: { write: reached.value, handler, chain: describeChain(reached.chain), location: reached.target?.location ?? '' },
          });
        }
      }
    }

    function matchWrite(analysis: FileAnalysis, call: CallNode): string | undefined {
      if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const write = fsWriteCall(analysis, call);
      if (!write) return undefined;
      if (allowTmpdir && isUnderTmpdir(analysis, write.pathArgument)) return undefined;
      if (isScratchWrite(analysis, write)) return undefined;
      return `${write.module === 'fs-extra/esm' ? 'fs-extra' : write.module}.${write.method}()`;
    }
  },
});

function describeHandler(info: HandlerInfo): string {
  let base: string;
  if (info.type === 'http') base = 'request handler';
  else if (info.retryReason === 'webhook') base = 'webhook handler';
  else if (info.retryReason === 'message') base = 'message consumer';
  else base = 'job processor';
  if (info.method !== undefined && info.path !== undefined) return `${base} (${info.method} ${info.path})`;
  if (info.path !== undefined) return `${base} (${info.path})`;
  return base;
}
