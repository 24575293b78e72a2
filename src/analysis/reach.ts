import path from 'node:path';

import { DefinitionType } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import ts from 'typescript';

import { type FunctionNode, isFunctionNode, staticMemberName, unwrap, walk } from './ast.js';
import { type FileAnalysis, findVariable, memoTable } from './file-analysis.js';
import { findExport, loadModule, resolveImport } from './modules.js';
import { enclosingClass } from './origin.js';
import { functionDeclarationOf, projectFunctionNames } from './program-facts.js';

export type CallNode = TSESTree.CallExpression | TSESTree.NewExpression;

/** One hop of a call chain from a handler: `renderInvoice()` defined in src/lib/pdf.ts:12. */
export interface ChainStep {
  readonly name: string;
  readonly location: string;
}

export interface Reached<T> {
  /** The call in the function that was searched: the match itself, or the call that leads to it. */
  readonly callSite: CallNode;
  /** Empty for a direct match; otherwise the project functions called on the way. */
  readonly chain: readonly ChainStep[];
  /** Where the match is, when it is not the call site itself. */
  readonly target?: { readonly node: CallNode; readonly location: string };
  readonly value: T;
}

/** Decides whether a call is what a rule is looking for. Must be pure: its answers are memoised by `question`. */
export type CallMatcher<T> = (analysis: FileAnalysis, call: CallNode) => T | undefined;

interface Summary<T> {
  readonly chain: readonly ChainStep[];
  readonly target: { readonly node: CallNode; readonly location: string };
  readonly value: T;
}

/**
 * Every call in `fn` (nested callbacks included) that matches, or that reaches a match through
 * the project's own functions: same file always, other files through relative imports, and
 * through any import the checker resolves when type information is on. Depth is bounded by
 * `settings.scalability.maxDepth`; summaries are memoised per function and question, so a
 * helper called by fifty handlers is searched once.
 */
export function findReachable<T>(
  analysis: FileAnalysis,
  fn: FunctionNode,
  question: string,
  match: CallMatcher<T>,
): Reached<T>[] {
  const results: Reached<T>[] = [];
  const maxDepth = analysis.settings.maxDepth;
  forEachCall(fn, (call) => {
    const value = match(analysis, call);
    if (value !== undefined) {
      results.push({ callSite: call, chain: [], value });
      return;
    }
    if (maxDepth === 0) return;
    for (const target of resolveCallTargets(analysis, call)) {
      const summary = summarize(target.analysis, target.fn, question, match, 1, maxDepth, analysis.cwd);
      if (summary) {
        results.push({
          callSite: call,
          chain: [{ name: target.name, location: locationOf(analysis.cwd, target.analysis, target.fn) }, ...summary.chain],
          target: summary.target,
          value: summary.value,
        });
        break;
      }
    }
  });
  return results;
}

function summarize<T>(
  analysis: FileAnalysis,
  fn: FunctionNode,
  question: string,
  match: CallMatcher<T>,
  depth: number,
  maxDepth: number,
  cwd: string,
): Summary<T> | undefined {
  // Locations in a summary are relative to the linting run's cwd; files read from disk are
  // cached across runs, so the cwd is part of the memo key.
  const table = memoTable<FunctionNode, Summary<T> | null>(analysis, `reach:${question}:${cwd}`);
  const cached = table.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  // Recursion guard: a function being summarised reaches nothing new through itself.
  table.set(fn, null);
  let found: Summary<T> | undefined;
  forEachCall(fn, (call) => {
    if (found) return;
    const value = match(analysis, call);
    if (value !== undefined) {
      found = { chain: [], target: { node: call, location: locationOf(cwd, analysis, call) }, value };
      return;
    }
    if (depth >= maxDepth) return;
    for (const target of resolveCallTargets(analysis, call)) {
      const inner = summarize(target.analysis, target.fn, question, match, depth + 1, maxDepth, cwd);
      if (inner) {
        found = { ...inner, chain: [{ name: target.name, location: locationOf(cwd, target.analysis, target.fn) }, ...inner.chain] };
        return;
      }
    }
  });
  // Depth-limited misses are not cached as final answers for shallower callers: a miss found
  // at the depth limit could be a hit from nearer the handler.
  if (found || depth === 1) table.set(fn, found ?? null);
  else table.delete(fn);
  return found;
}

function forEachCall(fn: FunctionNode, visit: (call: CallNode) => void): void {
  walk(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) visit(node);
    return undefined;
  });
}

export interface CallTarget {
  readonly analysis: FileAnalysis;
  readonly fn: FunctionNode;
  readonly name: string;
}

/** The project functions a call may run. Empty when the callee is a library or unknown. */
export function resolveCallTargets(analysis: FileAnalysis, call: CallNode): CallTarget[] {
  if (call.type !== AST_NODE_TYPES.CallExpression) return [];
  const table = memoTable<CallNode, CallTarget[]>(analysis, 'callTargets');
  const cached = table.get(call);
  if (cached) return cached;
  const targets = computeCallTargets(analysis, call);
  table.set(call, targets);
  return targets;
}

function computeCallTargets(analysis: FileAnalysis, call: TSESTree.CallExpression): CallTarget[] {
  const callee = unwrap(call.callee);
  const local = localTarget(analysis, callee);
  if (local) return [local];
  const typed = typedTarget(analysis, callee);
  return typed ? [typed] : [];
}

function localTarget(analysis: FileAnalysis, callee: TSESTree.Node): CallTarget | undefined {
  if (isFunctionNode(callee)) return { analysis, fn: callee, name: '(inline function)' };
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(analysis, callee);
    const definition = variable?.defs[0];
    if (!definition) return undefined;
    if (definition.type === DefinitionType.FunctionName && isFunctionNode(definition.node)) {
      return { analysis, fn: definition.node, name: callee.name };
    }
    if (definition.type === DefinitionType.Variable) {
      const init = definition.node.init ? unwrap(definition.node.init) : undefined;
      if (isFunctionNode(init)) return { analysis, fn: init, name: callee.name };
    }
    if (definition.type === DefinitionType.ImportBinding && definition.node.type !== AST_NODE_TYPES.TSImportEqualsDeclaration) {
      return importedFunction(analysis, definition.node.parent as TSESTree.ImportDeclaration, callee.name, callee.name);
    }
    return undefined;
  }
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = staticMemberName(callee);
    if (name === undefined) return undefined;
    if (callee.object.type === AST_NODE_TYPES.ThisExpression) {
      const method = classMethod(callee, name);
      return method ? { analysis, fn: method, name: `this.${name}` } : undefined;
    }
    // import * as pdf from './pdf'; pdf.render()
    const object = callee.object;
    if (object.type === AST_NODE_TYPES.Identifier) {
      const definition = findVariable(analysis, object)?.defs[0];
      if (definition?.type === DefinitionType.ImportBinding && definition.node.type === AST_NODE_TYPES.ImportNamespaceSpecifier) {
        return importedFunction(analysis, definition.node.parent, name, `${object.name}.${name}`, true);
      }
    }
  }
  return undefined;
}

function importedFunction(
  analysis: FileAnalysis,
  declaration: TSESTree.ImportDeclaration,
  localName: string,
  displayName: string,
  namespaceMember = false,
): CallTarget | undefined {
  const source = declaration.source.value;
  let exportedName = localName;
  if (!namespaceMember) {
    const specifier = declaration.specifiers.find((candidate) => candidate.local.name === localName);
    if (!specifier || specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return undefined;
    exportedName =
      specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier
        ? 'default'
        : specifier.imported.type === AST_NODE_TYPES.Identifier
          ? specifier.imported.name
          : specifier.imported.value;
  }
  // Relative imports, tsconfig aliases, `#` imports and workspace packages; a package is no project function.
  const file = resolveImport(analysis.filename, source);
  const module = file ? loadModule(file, analysis.settings, analysis.cwd) : undefined;
  const binding = module ? findExport(module, exportedName) : undefined;
  if (!binding) return undefined;
  const node = unwrap(binding.node);
  return isFunctionNode(node) ? { analysis: binding.analysis, fn: node, name: displayName } : undefined;
}

function classMethod(node: TSESTree.Node, name: string): FunctionNode | undefined {
  const classNode = enclosingClass(node);
  for (const member of classNode?.body.body ?? []) {
    if (
      (member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition) &&
      !member.computed &&
      member.key.type === AST_NODE_TYPES.Identifier &&
      member.key.name === name
    ) {
      const value = member.value ? unwrap(member.value) : undefined;
      if (isFunctionNode(value)) return value;
    }
  }
  return undefined;
}

/** With type information: whatever the checker says the callee is, when it is project code. */
function typedTarget(analysis: FileAnalysis, callee: TSESTree.Node): CallTarget | undefined {
  const types = analysis.types;
  if (!types) return undefined;
  const tsCallee = types.services.esTreeNodeToTSNodeMap.get(callee);
  if (ts.isPropertyAccessExpression(tsCallee)) {
    const names = projectFunctionNames(types.program);
    if (!names.has(tsCallee.name.text)) return undefined;
  }
  const reference = ts.isPropertyAccessExpression(tsCallee) ? tsCallee.name : tsCallee;
  const declaration = functionDeclarationOf(types.checker, reference);
  if (!declaration) return undefined;
  const sourceFile = declaration.getSourceFile();
  const name = ts.isPropertyAccessExpression(tsCallee) ? tsCallee.getText() : reference.getText();
  if (path.resolve(sourceFile.fileName) === path.resolve(analysis.filename)) {
    const own = types.services.tsNodeToESTreeNodeMap.get(declaration) as TSESTree.Node | undefined;
    const fn = own && (isFunctionNode(own) ? own : own.type === AST_NODE_TYPES.MethodDefinition ? own.value : undefined);
    return fn && isFunctionNode(fn) ? { analysis, fn, name } : undefined;
  }
  // Another file: read it the way imports are read, and find the same function by position.
  const module = loadModule(sourceFile.fileName, analysis.settings, analysis.cwd);
  if (!module) return undefined;
  const found = functionAt(module.ast, declaration.getStart(sourceFile), declaration.getEnd());
  return found ? { analysis: module, fn: found, name } : undefined;
}

/**
 * The ESTree function for a TypeScript declaration spanning `start`–`end`. Both trees end a
 * declaration at the same offset, but they may start it differently: TypeScript counts
 * `export` and `export default` as modifiers of a function declaration, ESTree puts them on
 * the enclosing export statement. So the outermost function (or method) ending at `end` and
 * starting within the declaration is the one.
 */
function functionAt(root: TSESTree.Program, start: number, end: number): FunctionNode | undefined {
  let found: FunctionNode | undefined;
  walk(root, (node) => {
    if (found) return false;
    if (node.range[1] < end || node.range[0] > end) return false;
    if (node.range[1] === end && node.range[0] >= start) {
      if (isFunctionNode(node)) found = node;
      else if (node.type === AST_NODE_TYPES.MethodDefinition) found = node.value as FunctionNode;
    }
    return undefined;
  });
  return found;
}

/** `src/x.ts:12`, relative to the linting run's cwd (files read from disk are shared across runs). */
export function locationOf(cwd: string, analysis: FileAnalysis, node: TSESTree.Node): string {
  const relative = path.relative(cwd, analysis.filename).replaceAll('\\', '/');
  return `${relative}:${String(node.loc.start.line)}`;
}

export function describeChain(chain: readonly ChainStep[]): string {
  return chain.map((step) => `${step.name}() (${step.location})`).join(' → ');
}
