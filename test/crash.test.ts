/**
 * Property-style crash test: every rule of the plugin, over syntax-stress snippets, with and
 * without type information, must not throw. Findings do not matter here, only exceptions.
 *
 * Snippets (test/fixtures/syntax-stress/snippets.ts) are virtual files in that folder: the typed run
 * builds one TypeScript program over all of them (so imports resolve to the repository's real
 * node_modules) and hands it to the parser, which keeps this file to a few seconds.
 *
 * The regression section holds minimal snippets for crashes found by `npm run sweep` on real
 * code (see docs/reliability.md).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Linter } from 'eslint';
import ts from 'typescript';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import scalability from '../src/index.js';
import { type Snippet, SNIPPETS } from './fixtures/syntax-stress/snippets.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stressDir = path.join(repoRoot, 'test/fixtures/syntax-stress');

/** Settings that switch on the optional analysis paths (declared values, handlers, worker globs). */
const STRESS_SETTINGS = {
  scalability: {
    values: [
      { value: { from: 'file', name: 'redis' }, kind: 'ioredis' },
      { value: { from: 'package', name: 'queue', package: 'package-that-does-not-exist' }, kind: 'bullmq.queue' },
    ],
    handlers: [{ value: { from: 'file', name: ['run', 'helper'] }, type: 'retryable' }],
    workerFiles: ['**/generators.ts'],
    maxDepth: 6,
  },
};

const FILE_PATTERNS = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js'];
const ruleNames = Object.keys(scalability.rules);

/** Each rule's option variants: its defaults, plus the strict config's options when they differ. */
function ruleEntries(name: string): Linter.RuleEntry[] {
  const id = `scalability/${name}`;
  const entries: Linter.RuleEntry[] = ['error'];
  const strict = (scalability.configs.strict.rules as Record<string, Linter.RuleEntry> | undefined)?.[id];
  if (strict !== undefined && JSON.stringify(strict) !== JSON.stringify('error')) entries.push(strict);
  return entries;
}

function config(rules: Linter.RulesRecord, settings: Record<string, unknown>, parserOptions: Linter.ParserOptions): Linter.Config[] {
  return [
    {
      files: FILE_PATTERNS,
      languageOptions: { parser: tseslint.parser, parserOptions },
      plugins: { scalability: scalability as never },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      settings,
      rules,
    },
  ];
}

function lint(snippet: Snippet, rules: Linter.RulesRecord, settings: Record<string, unknown>, parserOptions: Linter.ParserOptions = {}): Linter.LintMessage[] {
  const linter = new Linter({ cwd: repoRoot });
  const messages = linter.verify(snippet.code, config(rules, settings, parserOptions), { filename: path.join(stressDir, snippet.file) });
  const fatal = messages.filter((message) => message.fatal);
  // A snippet that does not parse tests nothing.
  expect(fatal.map((message) => message.message)).toEqual([]);
  return messages;
}

/** One program over every snippet, built once; the parser reads each snippet's AST from it. */
let program: ts.Program | undefined;
function stressProgram(): ts.Program {
  if (program) return program;
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    jsx: ts.JsxEmit.Preserve,
    allowJs: true,
    checkJs: false,
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  };
  const virtual = new Map([...SNIPPETS, ...REGRESSIONS].map((snippet) => [path.join(stressDir, snippet.file), snippet.code]));
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.fileExists = (fileName) => virtual.has(path.resolve(fileName)) || fileExists(fileName);
  host.readFile = (fileName) => virtual.get(path.resolve(fileName)) ?? readFile(fileName);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(path.resolve(fileName));
    return text === undefined
      ? getSourceFile(fileName, languageVersion, onError, shouldCreate)
      : ts.createSourceFile(fileName, text, languageVersion, true);
  };
  program = ts.createProgram([...virtual.keys()], options, host);
  return program;
}

describe('crash sweep: syntax-stress snippets', () => {
  it('has rules to test', () => {
    expect(ruleNames.length).toBeGreaterThan(0);
  });

  describe('untyped', () => {
    for (const name of ruleNames) {
      for (const [variant, entry] of ruleEntries(name).entries()) {
        it(`${name}${variant > 0 ? ' (strict options)' : ''} does not throw on any snippet`, () => {
          for (const snippet of SNIPPETS) {
            for (const settings of [{}, STRESS_SETTINGS]) {
              try {
                lint(snippet, { [`scalability/${name}`]: entry }, settings);
              } catch (error) {
                throw new Error(`${name} threw on snippet "${snippet.name}" (${snippet.file}): ${(error as Error).stack ?? String(error)}`);
              }
            }
          }
        });
      }
    }
  });

  describe('typed', () => {
    const allRules = Object.fromEntries(ruleNames.map((name) => [`scalability/${name}`, 'error' as const]));
    for (const snippet of SNIPPETS) {
      it(`every rule survives "${snippet.name}" with type information`, () => {
        for (const settings of [{}, STRESS_SETTINGS]) {
          lint(snippet, allRules, settings, { programs: [stressProgram()], tsconfigRootDir: stressDir });
        }
      });
    }
  });
});

/**
 * Minimal snippets for crashes found by the sweep on real code (docs/reliability.md). Each must
 * lint without throwing, untyped and typed.
 */
const REGRESSIONS: readonly Snippet[] = [];

describe('crash sweep: regressions from real code', () => {
  it.skipIf(REGRESSIONS.length > 0)('has no recorded regressions yet', () => {
    expect(REGRESSIONS).toEqual([]);
  });
  for (const snippet of REGRESSIONS) {
    it(`every rule survives: ${snippet.name}`, () => {
      const allRules = Object.fromEntries(ruleNames.map((name) => [`scalability/${name}`, 'error' as const]));
      lint(snippet, allRules, {});
      lint(snippet, allRules, {}, { programs: [stressProgram()], tsconfigRootDir: stressDir });
    });
  }
});
