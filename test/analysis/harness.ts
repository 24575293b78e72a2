import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';

import { type FileAnalysis, getFileAnalysis, handlerInfo, nearestFunction } from '../../src/analysis/index.js';
import { fixturesDir } from '../rule-tester.js';

export type Question = (analysis: FileAnalysis, node: TSESTree.Node) => string | undefined;

/**
 * Runs `question` on the argument of every `probe(...)` call in `code` and returns the answers
 * in source order ('-' for undefined). `probe` is declared in the snippet so typed mode accepts it.
 */
export function probe(code: string, question: Question, options: { typed: boolean; filename?: string; tsconfigRootDir?: string }): string[] {
  const linter = new Linter({ configType: 'flat', ...(options.tsconfigRootDir ? { cwd: options.tsconfigRootDir } : {}) });
  const filename = options.filename ?? path.join(fixturesDir, 'file.ts');
  const messages = linter.verify(
    `declare function probe(value: unknown): void;\n${code}`,
    [
      {
        files: ['**/*.ts', '**/*.tsx'],
        languageOptions: {
          parser: tsParser,
          parserOptions: options.typed ? { projectService: true, tsconfigRootDir: options.tsconfigRootDir ?? fixturesDir } : {},
        },
        plugins: {
          probe: {
            rules: {
              probe: {
                meta: { type: 'problem', schema: [], messages: { answer: '{{answer}}' } },
                create(context) {
                  return {
                    CallExpression(node: TSESTree.CallExpression) {
                      if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'probe') return;
                      const argument = node.arguments[0];
                      if (!argument) return;
                      const answer = question(getFileAnalysis(context as never), argument);
                      context.report({ node, messageId: 'answer', data: { answer: answer ?? '-' } });
                    },
                  };
                },
              },
            },
          },
        },
        rules: { 'probe/probe': 'error' },
      },
    ],
    filename,
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  return messages.map((message) => message.message);
}

/** probe(x) inside a function: that function's handler info ("module" outside any function, "-" when none). */
export function probeHandlers(typed: boolean, code: string, filename?: string): string[] {
  return probe(
    code,
    (analysis, node) => {
      const fn = nearestFunction(node);
      if (!fn) return 'module';
      const info = handlerInfo(analysis, fn);
      if (!info) return undefined;
      return [info.type, info.framework, info.retryReason, info.method, info.path].filter((part) => part !== undefined).join(' ');
    },
    { typed, ...(filename ? { filename } : {}) },
  );
}
