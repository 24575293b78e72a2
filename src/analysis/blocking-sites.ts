import type { TSESTree } from '@typescript-eslint/utils';

import { type FunctionNode, isFunctionNode, walk } from './ast.js';
import { blockingCall, type BlockingCall } from './blocking.js';
import { type HandlerInfo, handlerInfo, isWorkerFile, mayBeHandler, servesRequests } from './context.js';
import type { FileAnalysis } from './file-analysis.js';
import { type CallNode, findReachable, type Reached } from './reach.js';
import { perCall, runOnceAware } from './run-once.js';

/**
 * The blocking calls `no-blocking-in-handler` reports, shared by the rule and the `async-fs`
 * codemod so that both see exactly the same sites.
 */
export interface BlockingSite {
  readonly handler: FunctionNode;
  readonly info: HandlerInfo;
  /** `reached.value.call` is the blocking call itself, in `reached.value.analysis` (possibly another file). */
  readonly reached: Reached<BlockingCall>;
}

/** Blocking APIs to accept, as messages name them (`fs.existsSync`): the rule's `allow` option. */
export type BlockingAllowList = ReadonlySet<string>;

/**
 * Per-file state: call sites already reported (a call in a nested handler is reported once) and
 * whether the file is a worker. Create one per file and pass every candidate function to it.
 */
export interface BlockingSiteFinder {
  /** The sites a function reports when it is a request handler; empty otherwise. */
  readonly sitesOf: (fn: FunctionNode) => BlockingSite[];
}

export function blockingSiteFinder(analysis: FileAnalysis, allow: BlockingAllowList = new Set()): BlockingSiteFinder {
  const question = allow.size === 0 ? 'no-blocking-in-handler' : `no-blocking-in-handler:allow:${[...allow].sort().join(',')}`;
  // Work behind a run-once guard (`if (!memo) { if (existsSync(f)) memo = readFileSync(f); }`)
  // blocks the first request only: start-up work done lazily.
  const matcher = runOnceAware(question, (file: FileAnalysis, call: CallNode): BlockingCall | undefined => {
    const found = blockingCall(file, call);
    return found && !allow.has(found.api) ? found : undefined;
  });
  const reported = new Set<TSESTree.Node>();
  let workerFile: boolean | undefined;
  return {
    sitesOf(fn) {
      if (!mayBeHandler(fn)) return [];
      // Workers, scripts and cron entry points never serve HTTP (settings.scalability.workerFiles).
      workerFile ??= isWorkerFile(analysis);
      if (workerFile) return [];
      const info = handlerInfo(analysis, fn);
      if (!info || !servesRequests(info)) return [];
      const sites: BlockingSite[] = [];
      for (const reached of perCall(findReachable(analysis, fn, question, matcher))) {
        if (reported.has(reached.callSite)) continue;
        reported.add(reached.callSite);
        sites.push({ handler: fn, info, reached });
      }
      return sites;
    },
  };
}

/** Every site the rule reports in a file, in the order the rule reports them (functions in source order). */
export function blockingSites(analysis: FileAnalysis, allow: BlockingAllowList = new Set()): BlockingSite[] {
  const finder = blockingSiteFinder(analysis, allow);
  const sites: BlockingSite[] = [];
  walk(analysis.ast, (node) => {
    if (isFunctionNode(node)) sites.push(...finder.sitesOf(node));
    return undefined;
  });
  return sites;
}
