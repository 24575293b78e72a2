import { DefinitionType } from '@typescript-eslint/scope-manager';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import type { BlockingCall } from '../analysis/blocking.js';
import { type BlockingSiteFinder, blockingSiteFinder } from '../analysis/blocking-sites.js';
import {
  describeChain,
  describeHandler,
  type FileAnalysis,
  type FunctionNode,
  getFileAnalysis,
  type HandlerInfo,
  nearestFunction,
  type Reached,
} from '../analysis/index.js';
import { normalizeModule } from '../analysis/registry.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** APIs not to report, as messages name them: `fs.existsSync`. */
    allow?: string[];
  },
];
export type MessageIds = 'blocking' | 'blockingThroughCall' | 'useAwaitable';

export default createRule<Options, MessageIds>({
  name: 'no-blocking-in-handler',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow synchronous, event-loop-blocking calls inside HTTP request handlers',
      recommended: true,
      concern: 'async-work',
    },
    hasSuggestions: true,
    messages: {
      blocking:
        '{{api}} blocks the event loop inside {{handler}}: while it runs, this process serves no other request, so latency climbs with traffic and more instances only spread the stall. Use {{alternative}}.',
      blockingThroughCall:
        '{{callee}}() reaches {{api}} ({{chain}}), which blocks the event loop on every call from {{handler}}: no other request is served meanwhile. Use {{alternative}} there, or do the work once at startup.',
      useAwaitable: 'Replace with `await {{replacement}}(…)`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allow: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Blocking APIs to accept, named as in the messages (`fs.existsSync`).',
          },
        },
      },
    ],
    defaultOptions: [{ allow: [] }],
  },
  create(context, [options]) {
    let finder: BlockingSiteFinder | undefined;

    return {
      ArrowFunctionExpression: check,
      FunctionExpression: check,
      FunctionDeclaration: check,
    };

    function check(fn: FunctionNode): void {
      finder ??= blockingSiteFinder(getFileAnalysis(context), new Set(options.allow ?? []));
      for (const site of finder.sitesOf(fn)) report(site.reached, site.info);
    }

    function report(reached: Reached<BlockingCall>, info: HandlerInfo): void {
      const { value } = reached;
      const handler = describeHandler(info);
      const first = reached.chain[0];
      if (first) {
        context.report({
          node: reached.callSite,
          messageId: 'blockingThroughCall',
          data: { callee: first.name, chain: describeChain(reached.chain), api: value.api, alternative: value.alternative, handler },
        });
        return;
      }
      const analysis = getFileAnalysis(context);
      const replacement = awaitableReplacement(value, context.sourceCode) ?? namedReplacement(analysis, value);
      context.report({
        node: reached.callSite,
        messageId: 'blocking',
        data: { api: value.api, alternative: value.alternative, handler },
        suggest: replacement
          ? [
              {
                messageId: 'useAwaitable',
                data: { replacement: replacement.text },
                fix: (fixer) => {
                  const fixes = [fixer.replaceText(value.call.callee, replacement.text), fixer.insertTextBefore(value.call, 'await ')];
                  if (replacement.importAfter && replacement.importText !== undefined) {
                    fixes.push(fixer.insertTextAfter(replacement.importAfter, replacement.importText));
                  }
                  return fixes;
                },
              },
            ]
          : [],
      });
    }
  },
});

interface Replacement {
  /** The new callee. */
  readonly text: string;
  /** An import to add after the last import declaration, when the new callee needs one. */
  readonly importAfter?: TSESTree.ImportDeclaration;
  readonly importText?: string;
}

/** Awaiting changes nothing else when the call is a whole statement or a variable's initialiser, in an async function. */
function awaitIsSafe(call: TSESTree.CallExpression): boolean {
  if (nearestFunction(call)?.async !== true) return false;
  const parent = call.parent;
  return parent.type === AST_NODE_TYPES.ExpressionStatement || (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === call);
}

/** `await fs.promises.readFile(…)` for `fs.readFileSync(…)`. */
function awaitableReplacement(value: BlockingCall, sourceCode: Readonly<TSESLint.SourceCode>): Replacement | undefined {
  const dropIn = value.dropIn;
  if (!dropIn || !awaitIsSafe(value.call)) return undefined;
  return { text: `${sourceCode.getText(dropIn.moduleObject)}.${dropIn.path.join('.')}` };
}

/**
 * `await readFile(…)` for `readFileSync(…)` imported by name, adding
 * `import { readFile } from 'node:fs/promises'` unless that binding is already imported. Offered
 * only when the name is free everywhere in the file.
 */
function namedReplacement(analysis: FileAnalysis, value: BlockingCall): Replacement | undefined {
  const dropIn = value.namedDropIn;
  if (!dropIn || !awaitIsSafe(value.call)) return undefined;
  const manager = analysis.scopeManager;
  if (!manager) return undefined;
  const existing = manager.scopes.flatMap((scope) => scope.set.get(dropIn.name) ?? []);
  const freeReference = manager.globalScope?.through.some((reference) => reference.identifier.name === dropIn.name) ?? true;
  if (freeReference || existing.length > 1) return undefined;
  const [variable] = existing;
  if (variable) {
    // Reuse `import { readFile } from 'node:fs/promises'` when it is already there.
    const definition = variable.defs[0];
    const declaration = definition?.type === DefinitionType.ImportBinding ? definition.node.parent : undefined;
    const sameImport =
      declaration?.type === AST_NODE_TYPES.ImportDeclaration &&
      normalizeModule(declaration.source.value) === normalizeModule(dropIn.module) &&
      definition?.node.type === AST_NODE_TYPES.ImportSpecifier &&
      definition.node.imported.type === AST_NODE_TYPES.Identifier &&
      definition.node.imported.name === dropIn.name &&
      definition.node.importKind !== 'type';
    return sameImport ? { text: dropIn.name } : undefined;
  }
  const lastImport = analysis.ast.body.findLast((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration);
  if (lastImport?.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  return { text: dropIn.name, importAfter: lastImport, importText: `\nimport { ${dropIn.name} } from '${dropIn.module}';` };
}
