import type { ParserServices, ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Scope } from '@typescript-eslint/utils/ts-eslint';
import type ts from 'typescript';

import { readSettings, type ScalabilitySettings } from '../settings.js';
import { forgetFileStats, rememberLintedModule, useProgramSourceFiles } from './modules.js';

/** Type information, present only when the user configured a TypeScript program. */
export interface TypeInfo {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly services: ParserServicesWithTypeInformation;
}

/**
 * Everything the analysis knows about one file, shared by every rule that lints it (keyed by the
 * ESTree Program in a WeakMap), and also built for project files ESLint is not linting right now
 * when a handler calls into them.
 */
export interface FileAnalysis {
  readonly filename: string;
  readonly cwd: string;
  readonly ast: TSESTree.Program;
  readonly text: string;
  readonly scopeManager: Scope.ScopeManager | null;
  readonly settings: ScalabilitySettings;
  /** Undefined without type information, and for files read from disk for reachability. */
  readonly types: TypeInfo | undefined;
  /** Memo tables, one per question, so repeated questions about a node cost a Map probe. */
  readonly memo: Map<string, Map<unknown, unknown>>;
}

const analyses = new WeakMap<TSESTree.Program, FileAnalysis>();

type AnyRuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export function getFileAnalysis(context: AnyRuleContext): FileAnalysis {
  const { sourceCode } = context;
  const existing = analyses.get(sourceCode.ast);
  if (existing) return existing;
  const analysis: FileAnalysis = {
    filename: context.filename,
    cwd: context.cwd,
    ast: sourceCode.ast,
    text: sourceCode.text,
    scopeManager: sourceCode.scopeManager,
    settings: readSettings(context.settings),
    types: typeInfo(sourceCode.parserServices),
    memo: new Map(),
  };
  analyses.set(sourceCode.ast, analysis);
  forgetFileStats();
  useProgramSourceFiles(analysis.types?.program);
  rememberLintedModule(analysis);
  return analysis;
}

function typeInfo(services: Partial<ParserServices> | undefined): TypeInfo | undefined {
  const program = services?.program;
  if (!services || !program) return undefined;
  return {
    program,
    checker: program.getTypeChecker(),
    services: services as ParserServicesWithTypeInformation,
  };
}

export function registerAnalysis(analysis: FileAnalysis): void {
  analyses.set(analysis.ast, analysis);
}

/** A memo table of this file for one question. */
export function memoTable<K, V>(analysis: FileAnalysis, question: string): Map<K, V> {
  let table = analysis.memo.get(question);
  if (!table) {
    table = new Map();
    analysis.memo.set(question, table);
  }
  return table as Map<K, V>;
}

/** Runs `compute` once per (file, question, key); a re-entrant call during computing sees `fallback`. */
export function memoize<V>(analysis: FileAnalysis, question: string, key: unknown, fallback: V, compute: () => V): V {
  const table = memoTable<unknown, V>(analysis, question);
  if (table.has(key)) return table.get(key) as V;
  table.set(key, fallback);
  const value = compute();
  table.set(key, value);
  return value;
}

export function findVariable(analysis: FileAnalysis, node: TSESTree.Identifier): Scope.Variable | undefined {
  const manager = analysis.scopeManager;
  if (!manager) return undefined;
  let scope: Scope.Scope | null = innermostScope(manager, node);
  while (scope) {
    const variable = scope.set.get(node.name);
    if (variable) return variable;
    scope = scope.upper;
  }
  return undefined;
}

function innermostScope(manager: Scope.ScopeManager, node: TSESTree.Node): Scope.Scope | null {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    const scope = manager.acquire(current, true);
    if (scope) {
      // A function's own name and parameters live in its scope, but a node inside its
      // parameter defaults should still see them; acquiring the nearest scope is enough.
      return scope;
    }
  }
  return manager.globalScope;
}
