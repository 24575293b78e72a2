import { DefinitionType, ScopeType } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import ts from 'typescript';

import { type FunctionNode, nearestFunction, staticPropertyKey, staticString, unwrap } from '../analysis/ast.js';
import type { BlockingCall } from '../analysis/blocking.js';
import { type BlockingSite, blockingSites } from '../analysis/blocking-sites.js';
import { describeHandler } from '../analysis/context.js';
import { type FileAnalysis, findVariable } from '../analysis/file-analysis.js';
import { describeChain, locationOf } from '../analysis/reach.js';
import { normalizeModule } from '../analysis/registry.js';
import { CodemodUsageError } from './options.js';
import type { Codemod, CodemodOptions, SkippedSite, TextEdit } from './types.js';

/**
 * Rewrites the `fs.*Sync` calls `no-blocking-in-handler` reports into awaited `fs/promises` calls,
 * where that changes nothing else: the function making the call is already async, and the promise
 * API takes the same arguments and resolves to the same value. Every other reported site is listed.
 */
export const asyncFs: Codemod = {
  name: 'async-fs',
  description: 'Replace fs.*Sync calls in async request handlers (and the async helpers they reach) with awaited fs/promises calls.',
  options: {
    allow: {
      description: "blocking APIs to leave alone, comma-separated, as no-blocking-in-handler's `allow` option names them (fs.existsSync)",
      default: '',
    },
  },
  transform(analysis, options) {
    const allow = allowOption(options);
    const edits: TextEdit[] = [];
    const importEdits: TextEdit[] = [];
    const skipped: SkippedSite[] = [];
    const plans = new Map<string, ImportPlan>();
    for (const site of blockingSites(analysis, allow)) {
      const value = site.reached.value;
      const outcome = rewrite(analysis, site, plans);
      if (typeof outcome === 'string') {
        skipped.push({ file: value.analysis.filename, line: value.call.loc.start.line, reason: outcome });
        continue;
      }
      edits.push(...outcome.call);
      if (outcome.importEdit) importEdits.push(outcome.importEdit);
    }
    // Insertions at one position end up in reverse order of the list: reversed, imports read in order of first use.
    const ordered = [...edits, ...unique(importEdits, editKey).reverse()];
    return { edits: unique(ordered, editKey), skipped: unique(skipped, (site) => `${site.file}:${String(site.line)}:${site.reason}`) };
  },
};

function allowOption(options: CodemodOptions): Set<string> {
  const raw = options.allow ?? '';
  if (typeof raw !== 'string') throw new CodemodUsageError('--allow must be a comma-separated list of APIs, e.g. fs.existsSync,fs.statSync');
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.some((entry) => !/^[\w$@/-]+\.[\w$]+$/u.test(entry))) {
    throw new CodemodUsageError('--allow must be a comma-separated list of APIs, e.g. fs.existsSync,fs.statSync');
  }
  return new Set(entries);
}

function editKey(edit: TextEdit): string {
  return `${edit.file}:${String(edit.start)}:${String(edit.end)}:${edit.text}`;
}

function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/** The edits for one reported site, or the reason it is left alone. */
function rewrite(handlerFile: FileAnalysis, site: BlockingSite, plans: Map<string, ImportPlan>): { call: TextEdit[]; importEdit?: TextEdit } | string {
  const value = site.reached.value;
  const { call, api } = value;
  if (value.module !== 'fs') {
    return value.category === 'file-system'
      ? `${api} comes from ${value.module}, not fs: async-fs only rewrites node:fs calls (use ${value.alternative})`
      : `${api} is not a file-system call: async-fs only rewrites fs (use ${value.alternative})`;
  }
  const [first, promiseName, ...rest] = value.awaitable ?? [];
  if (first !== 'promises' || promiseName === undefined || rest.length > 0) {
    if (value.name === 'existsSync') {
      return 'fs.existsSync has no promise equivalent (fs/promises access rejects instead of returning false); check once at startup, or await access() in a try/catch';
    }
    return `${api} has no fs/promises equivalent with the same arguments and result (use ${value.alternative})`;
  }
  const argumentProblem = argumentsProblem(handlerFile, value, promiseName);
  if (argumentProblem !== undefined) return argumentProblem;
  const contextProblem = asyncContextProblem(handlerFile, site);
  if (contextProblem !== undefined) return contextProblem;

  const file = value.analysis;
  let plan = plans.get(file.filename);
  if (!plan) {
    plan = importPlan(file);
    plans.set(file.filename, plan);
  }
  const target = calleeFor(file, plan, () => fsBinding(file, call), promiseName);
  if (typeof target === 'string') return target;
  const base = target.callee.split('.')[0] ?? target.callee;
  if (isShadowed(file, call, base)) return `${base} means something else where ${api} is called; rewrite it by hand`;

  const callee = call.callee;
  if (callee.range[0] !== call.range[0]) return `${api}: the callee is parenthesised; rewrite it by hand`;
  const awaited = call.parent.type === AST_NODE_TYPES.AwaitExpression;
  const parens = !awaited && needsParentheses(file, call);
  const edits: TextEdit[] = [
    { file: file.filename, start: callee.range[0], end: callee.range[1], text: `${parens ? '(' : ''}${awaited ? '' : 'await '}${target.callee}` },
  ];
  if (parens) edits.push({ file: file.filename, start: call.range[1], end: call.range[1], text: ')' });
  return target.importEdit ? { call: edits, importEdit: target.importEdit } : { call: edits };
}

/** Arguments the promise API reads differently: file descriptors, `throwIfNoEntry`, spreads. */
function argumentsProblem(handlerFile: FileAnalysis, value: BlockingCall, promiseName: string): string | undefined {
  const { call, api } = value;
  if (call.optional || (call.callee.type === AST_NODE_TYPES.MemberExpression && call.callee.optional)) return `${api} is called optionally; rewrite it by hand`;
  if (call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) {
    return `${api} is called with spread arguments whose types the codemod cannot match to fs/promises`;
  }
  const [target, options] = call.arguments;
  if ((promiseName === 'readFile' || promiseName === 'writeFile' || promiseName === 'appendFile') && target) {
    const type = typeOf(handlerFile, value.analysis, target);
    const numeric = type ? includesNumber(type) : target.type === AST_NODE_TYPES.Literal && typeof target.value === 'number';
    if (numeric) return `${api} is given a file descriptor: fs/promises ${promiseName} takes a path or a FileHandle, not a number`;
  }
  if ((promiseName === 'stat' || promiseName === 'lstat') && options) {
    if (mayThrowIfNoEntry(handlerFile, value.analysis, options)) {
      return `${api} with throwIfNoEntry returns undefined for a missing file; fs/promises ${promiseName} has no such option and rejects instead`;
    }
  }
  return undefined;
}

function mayThrowIfNoEntry(handlerFile: FileAnalysis, file: FileAnalysis, options: TSESTree.CallExpressionArgument): boolean {
  if (options.type === AST_NODE_TYPES.ObjectExpression) {
    return options.properties.some((property) => {
      const key = property.type === AST_NODE_TYPES.Property ? staticPropertyKey(property) : undefined;
      return key === undefined || key === 'throwIfNoEntry';
    });
  }
  const type = typeOf(handlerFile, file, options);
  return !type || type.getProperty('throwIfNoEntry') !== undefined || (type.flags & ts.TypeFlags.Any) !== 0;
}

function includesNumber(type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => (part.flags & ts.TypeFlags.NumberLike) !== 0);
}

/**
 * The checker's type of a node in `file`. A helper file read from disk has no type information of
 * its own; the runner's program (reached through the handler file) has the same text, so the node
 * is found there by position.
 */
function typeOf(handlerFile: FileAnalysis, file: FileAnalysis, node: TSESTree.Node): ts.Type | undefined {
  const own = file.types;
  if (own) return own.checker.getTypeAtLocation(own.services.esTreeNodeToTSNodeMap.get(node));
  const types = handlerFile.types;
  const sourceFile = types?.program.getSourceFile(file.filename);
  if (!types || sourceFile?.text !== file.text) return undefined;
  const found = nodeAt(sourceFile, node.range[0], node.range[1]);
  return found ? types.checker.getTypeAtLocation(found) : undefined;
}

function nodeAt(root: ts.Node, start: number, end: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.getStart() > start || node.getEnd() < end) return;
    if (node.getStart() === start && node.getEnd() === end && ts.isExpression(node)) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(root, visit);
  return found;
}

/**
 * Why the call cannot be awaited where it is, or undefined when it can: it must sit directly in
 * the async handler, or directly in the async helper the handler calls. An `async` callback
 * inside either (`items.forEach(async (item) => …)`) may run without anyone waiting for it.
 */
function asyncContextProblem(handlerFile: FileAnalysis, site: BlockingSite): string | undefined {
  const value = site.reached.value;
  const fn = nearestFunction(value.call);
  if (!fn) return `${value.api} runs at module level`;
  if (value.call.range[0] < fn.body.range[0]) return `${value.api} is in a parameter default, where await is not allowed`;
  const handler = describeHandler(site.info);
  const helper = site.reached.chain.at(-1);
  const direct = helper ? helper.location === locationOf(handlerFile.cwd, value.analysis, fn) : fn === site.handler;
  if (fn.async && direct) return undefined;
  if (fn.async) {
    return `${value.api} is inside a nested async function (${functionLabel(fn)}) that the caller may not wait for; rewrite it by hand`;
  }
  if (fn === site.handler) {
    return `${value.api} is in ${handler}, which is not async: make the handler async first, or read the file once at startup`;
  }
  if (!direct) {
    return `${value.api} is inside a nested function (${functionLabel(fn)}) that is not async: an await there would not make the request wait`;
  }
  const chain = helper ? ` (reached from ${handler} through ${describeChain(site.reached.chain)})` : '';
  return `${value.api} is in ${functionLabel(fn)}, which is not async: making it async would change every caller${chain}`;
}

function functionLabel(fn: FunctionNode): string {
  if (fn.id) return `${fn.id.name}()`;
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return `${parent.id.name}()`;
  if (parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.Property || parent.type === AST_NODE_TYPES.PropertyDefinition) {
    const key = staticPropertyKey(parent);
    if (key !== undefined) return `${key}()`;
  }
  return `a ${fn.type === AST_NODE_TYPES.ArrowFunctionExpression ? 'callback' : 'function'} at line ${String(fn.loc.start.line)}`;
}

/**
 * `await x` binds looser than member access, calls and `**`'s left side:
 * `readFileSync(p).toString()` becomes `(await readFile(p)).toString()`.
 */
function needsParentheses(file: FileAnalysis, call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  const tight =
    (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === call) ||
    ((parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) && parent.callee === call) ||
    (parent.type === AST_NODE_TYPES.TaggedTemplateExpression && parent.tag === call) ||
    (parent.type === AST_NODE_TYPES.BinaryExpression && parent.operator === '**' && parent.left === call) ||
    parent.type === AST_NODE_TYPES.TSNonNullExpression;
  if (!tight) return false;
  // Already written in parentheses: `(readFileSync(p)).length`.
  const before = file.text.slice(0, call.range[0]).trimEnd();
  const after = file.text.slice(call.range[1]).trimStart();
  return !(before.endsWith('(') && after.startsWith(')'));
}

/** How the call reaches fs: an ES import or a `require`, and the specifier as written (`node:fs`). */
interface FsBinding {
  readonly style: 'esm' | 'cjs';
  readonly specifier: string;
  /** The top-level statement that binds fs: new `require`s go after it. */
  readonly statement: TSESTree.ProgramStatement;
}

function fsBinding(file: FileAnalysis, call: TSESTree.CallExpression): FsBinding | undefined {
  const callee = unwrap(call.callee);
  let root: TSESTree.Node | undefined;
  if (callee.type === AST_NODE_TYPES.Identifier) root = callee;
  else if (callee.type === AST_NODE_TYPES.MemberExpression) root = unwrap(callee.object);
  // `require('fs').readFileSync(…)` inline has no declaration to put the new require next to.
  if (root?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = findVariable(file, root)?.defs[0];
  if (definition?.type === DefinitionType.ImportBinding) {
    const declaration = definition.node.parent;
    if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
    return { style: 'esm', specifier: declaration.source.value, statement: declaration };
  }
  if (definition?.type === DefinitionType.Variable) {
    const init = definition.node.init ? unwrap(definition.node.init) : undefined;
    const specifier = init?.type === AST_NODE_TYPES.CallExpression ? requireSpecifier(init) : undefined;
    // Only a module-level `const fs = require('fs')`: the new require goes right after it.
    const statement = definition.parent;
    if (specifier === undefined || statement.parent.type !== AST_NODE_TYPES.Program) return undefined;
    return { style: 'cjs', specifier, statement };
  }
  return undefined;
}

function requireSpecifier(call: TSESTree.CallExpression): string | undefined {
  return call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name === 'require' ? staticString(call.arguments[0]) : undefined;
}

/** What a file already has from fs/promises. */
interface ImportPlan {
  /** `import * as fsp` / `import fsp` / `import { promises as fsp } from 'fs'` / `const fsp = require('fs/promises')`. */
  readonly namespace?: { readonly name: string };
  /** Named bindings by the export they import: `readFile` → local name. */
  readonly named: ReadonlyMap<string, string>;
  /** An `import { … } from 'fs/promises'` to add names to: the position after its last specifier. */
  readonly mergeEsm?: number;
  /** A `const { … } = require('fs/promises')` to add names to: the position after its last property. */
  readonly mergeCjs?: number;
}

function importPlan(file: FileAnalysis): ImportPlan {
  let namespace: ImportPlan['namespace'];
  const named = new Map<string, string>();
  let mergeEsm: number | undefined;
  let mergeCjs: number | undefined;
  for (const statement of file.ast.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration && statement.importKind !== 'type') {
      const module = normalizeModule(statement.source.value);
      for (const specifier of statement.specifiers) {
        if (module === 'fs/promises') {
          if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) namespace ??= { name: specifier.local.name };
          else if (specifier.importKind !== 'type') named.set(moduleExportName(specifier.imported), specifier.local.name);
        } else if (module === 'fs' && specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind !== 'type') {
          // import { promises as fsp } from 'fs'
          if (moduleExportName(specifier.imported) === 'promises') namespace ??= { name: specifier.local.name };
        }
      }
      const lastNamed = statement.specifiers.findLast((specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier);
      if (module === 'fs/promises' && lastNamed) mergeEsm ??= lastNamed.range[1];
    }
    if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        const init = declarator.init ? unwrap(declarator.init) : undefined;
        const specifier = init?.type === AST_NODE_TYPES.CallExpression ? requireSpecifier(init) : undefined;
        if (specifier === undefined || normalizeModule(specifier) !== 'fs/promises') continue;
        if (declarator.id.type === AST_NODE_TYPES.Identifier) namespace ??= { name: declarator.id.name };
        if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern) continue;
        for (const property of declarator.id.properties) {
          const key = property.type === AST_NODE_TYPES.Property ? staticPropertyKey(property) : undefined;
          if (property.type === AST_NODE_TYPES.Property && key !== undefined && property.value.type === AST_NODE_TYPES.Identifier) named.set(key, property.value.name);
        }
        const last = declarator.id.properties.at(-1);
        if (last?.type === AST_NODE_TYPES.Property) mergeCjs ??= last.range[1];
      }
    }
  }
  return { ...(namespace ? { namespace } : {}), named, ...(mergeEsm === undefined ? {} : { mergeEsm }), ...(mergeCjs === undefined ? {} : { mergeCjs }) };
}

function moduleExportName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === AST_NODE_TYPES.Identifier ? node.name : node.value;
}

/**
 * The callee to call instead (`readFile`, `fsp.readFile`) and the import edit it needs. Each added
 * name is its own edit, so edits made for different handlers in one helper file never clash.
 */
function calleeFor(
  file: FileAnalysis,
  plan: ImportPlan,
  bindingOf: () => FsBinding | undefined,
  name: string,
): { callee: string; importEdit?: TextEdit } | string {
  const existing = plan.named.get(name);
  if (existing !== undefined) return { callee: existing };
  if (plan.namespace) return { callee: `${plan.namespace.name}.${name}` };
  const binding = bindingOf();
  if (!binding) return `fs is bound in a way async-fs does not follow (only an import or a top-level require of fs); add the fs/promises import by hand`;
  const local = [name, `${name}Async`].find((candidate) => isFree(file, candidate));
  if (local === undefined) return `the names ${name} and ${name}Async are both taken in this file; import ${name} from fs/promises under another name by hand`;
  const prefix = binding.specifier.startsWith('node:') ? 'node:' : '';
  if (binding.style === 'esm') {
    const specifier = local === name ? name : `${name} as ${local}`;
    if (plan.mergeEsm !== undefined) return { callee: local, importEdit: { file: file.filename, start: plan.mergeEsm, end: plan.mergeEsm, text: `, ${specifier}` } };
    const lastImport = file.ast.body.findLast((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration) ?? binding.statement;
    const { at, eol } = lineEnd(file.text, lastImport.range[1]);
    return { callee: local, importEdit: { file: file.filename, start: at, end: at, text: `${eol}import { ${specifier} } from '${prefix}fs/promises';` } };
  }
  const property = local === name ? name : `${name}: ${local}`;
  if (plan.mergeCjs !== undefined) return { callee: local, importEdit: { file: file.filename, start: plan.mergeCjs, end: plan.mergeCjs, text: `, ${property}` } };
  const { at, eol } = lineEnd(file.text, binding.statement.range[1]);
  return { callee: local, importEdit: { file: file.filename, start: at, end: at, text: `${eol}const { ${property} } = require('${prefix}fs/promises');` } };
}

/** Does a function or block around `node` declare `name`, hiding the module-level binding? */
function isShadowed(file: FileAnalysis, node: TSESTree.Node, name: string): boolean {
  const manager = file.scopeManager;
  if (!manager) return true;
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    const scope = manager.acquire(current, true);
    if (scope && scope.type !== ScopeType.module && scope.type !== ScopeType.global && scope.set.has(name)) return true;
  }
  return false;
}

/** A name no scope of the file declares and no code refers to as a global. */
function isFree(file: FileAnalysis, name: string): boolean {
  const manager = file.scopeManager;
  if (!manager) return false;
  if (manager.scopes.some((scope) => scope.set.has(name))) return false;
  return !(manager.globalScope?.through.some((reference) => reference.identifier.name === name) ?? true);
}

/** The end of the line `from` is on (before `\r\n` or `\n`), and the file's line break there. */
function lineEnd(text: string, from: number): { at: number; eol: string } {
  const newline = text.indexOf('\n', from);
  if (newline === -1) return { at: text.length, eol: '\n' };
  return text[newline - 1] === '\r' ? { at: newline - 1, eol: '\r\n' } : { at: newline, eol: '\n' };
}
