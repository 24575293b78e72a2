import fs from 'node:fs';

import { analyze } from '@typescript-eslint/scope-manager';
import { parse, parseAndGenerateServices } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type ts from 'typescript';

import { DEFAULT_SETTINGS, type ScalabilitySettings } from '../settings.js';
import { staticMemberName } from './ast.js';
import { type FileAnalysis, findVariable, registerAnalysis } from './file-analysis.js';
import { fileModified } from './file-stats.js';
import { isRelativeSpecifier, resolveImport } from './resolve.js';

/**
 * Project files other files' questions look into, like eslint-plugin-import-x's export map:
 * parsed at most once while in use (re-read when the file changes), or taken from ESLint's own
 * parse when ESLint has linted the file. Held weakly: an AST with its scopes is several times the
 * size of the source, and holding every file of a large project would cost more memory than an
 * occasional second parse costs time. `null` marks a file that does not parse.
 */
const modules = new Map<string, { mtimeMs: number; analysis: WeakRef<FileAnalysis> | null; unverified?: boolean }>();

/**
 * The most recently used modules are also held strongly, so the files nearly every file imports
 * (the database client, the Redis wrapper, shared services) survive garbage collection and are
 * not parsed again after each one. Map order is use order.
 */
const recentlyUsed = new Map<string, FileAnalysis>();
const RECENTLY_USED_LIMIT = 64;

function markUsed(analysis: FileAnalysis): FileAnalysis {
  recentlyUsed.delete(analysis.filename);
  recentlyUsed.set(analysis.filename, analysis);
  if (recentlyUsed.size > RECENTLY_USED_LIMIT) {
    const oldest = recentlyUsed.keys().next().value;
    if (oldest !== undefined) recentlyUsed.delete(oldest);
  }
  return analysis;
}

export { fileModified, forgetFileStats } from './file-stats.js';
export { isRelativeSpecifier, resolveImport, resolveRelativeModule } from './resolve.js';

/**
 * True when `specifier`, imported from `fromFile`, names the project's own code: a relative
 * import, or one that a tsconfig alias, a package.json `imports` entry or a workspace package
 * resolves to a source file. Anything else is a package, tracked by its name.
 */
export function isProjectImport(fromFile: string, specifier: string): boolean {
  return isRelativeSpecifier(specifier) || resolveImport(fromFile, specifier) !== undefined;
}

export function loadModule(
  filename: string,
  settings: ScalabilitySettings = DEFAULT_SETTINGS,
  cwd: string = process.cwd(),
): FileAnalysis | undefined {
  const mtimeMs = fileModified(filename);
  if (mtimeMs === undefined) return undefined;
  const cached = modules.get(filename);
  if (cached?.mtimeMs === mtimeMs) {
    if (cached.analysis === null) return undefined;
    const analysis = cached.analysis.deref();
    if (analysis && (!cached.unverified || matchesDisk(analysis))) {
      cached.unverified = false;
      return markUsed(analysis);
    }
  }
  const analysis = parseModule(filename, settings, cwd);
  modules.set(filename, { mtimeMs, analysis: analysis ? new WeakRef(analysis) : null });
  return analysis ? markUsed(analysis) : undefined;
}

/**
 * ESLint has already parsed the file it is linting; when another file's question later looks
 * through an import into it, that analysis answers instead of a second parse. Keyed by the
 * file's modification time like the files read from disk, so a later edit is still seen.
 */
export function rememberLintedModule(analysis: FileAnalysis): void {
  const cached = modules.get(analysis.filename);
  if (cached?.analysis?.deref()) return;
  // Virtual files (stdin, code blocks inside Markdown) cannot be imported.
  const mtimeMs = fileModified(analysis.filename);
  if (mtimeMs === undefined) return;
  // Whether the linted text is what is on disk (and not an unsaved editor buffer) is checked
  // when another file first imports it: most files are never imported.
  modules.set(analysis.filename, { mtimeMs, analysis: new WeakRef(analysis), unverified: true });
}

/** An unsaved editor buffer is not what other files import; reading is far cheaper than parsing. */
function matchesDisk(analysis: FileAnalysis): boolean {
  try {
    return fs.readFileSync(analysis.filename, 'utf8').replace(/^\uFEFF/u, '') === analysis.text;
  } catch {
    return false;
  }
}

/**
 * The program of the file being linted, when it has type information. Its source files are
 * already parsed by TypeScript: converting one costs a third less than parsing the text again,
 * and allocates no second TypeScript tree.
 */
let lintedProgram: WeakRef<ts.Program> | undefined;

export function useProgramSourceFiles(program: ts.Program | undefined): void {
  if (lintedProgram?.deref() !== program) lintedProgram = program ? new WeakRef(program) : undefined;
}

/** How imported files were turned into ASTs so far: for diagnostics and tests. */
export const moduleParses = { fromProgram: 0, fromText: 0 };

function parseToEstree(filename: string, text: string): TSESTree.Program {
  const jsx = /\.[jt]sx$/u.test(filename);
  const program = lintedProgram?.deref();
  // The program's copy counts only when it is what is on disk now (an editor's unsaved buffer is not).
  if (program?.getSourceFile(filename)?.text === text) {
    try {
      const ast = convertProgramSourceFile(program, filename, text, jsx);
      moduleParses.fromProgram++;
      return ast;
    } catch {
      // Whatever typescript-estree refuses here, the plain parse below still gets a chance.
    }
  }
  const ast = parse(text, {
    range: true,
    loc: true,
    comment: false,
    // Doc comments carry no runtime behaviour; skipping them makes the parse cheaper.
    jsDocParsingMode: 'none',
    jsx,
    filePath: filename,
  });
  moduleParses.fromText++;
  return ast;
}

function convertProgramSourceFile(program: ts.Program, filename: string, text: string, jsx: boolean): TSESTree.Program {
  return parseAndGenerateServices(text, {
      programs: [program],
      filePath: filename,
      range: true,
      loc: true,
      tokens: false,
      comment: false,
      jsx,
      // Imported files are analysed without type information, like files read from disk.
      preserveNodeMaps: false,
    }).ast;
}

function parseModule(filename: string, settings: ScalabilitySettings, cwd: string): FileAnalysis | undefined {
  try {
    const text = fs.readFileSync(filename, 'utf8');
    const ast = parseToEstree(filename, text);
    const scopeManager = analyze(ast, { sourceType: 'module' });
    const analysis: FileAnalysis = {
      filename,
      cwd,
      ast,
      text,
      scopeManager,
      settings,
      types: undefined,
      memo: new Map(),
    };
    setParents(ast);
    registerAnalysis(analysis);
    return analysis;
  } catch {
    // A file we cannot parse is simply not looked through.
    return undefined;
  }
}

/** typescript-estree's standalone parse leaves `parent` unset; the analysis walks upwards. */
export function setParents(root: TSESTree.Node): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    for (const key of Object.keys(node)) {
      if (key === 'parent') continue;
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) {
          if (isNode(item)) {
            (item as { parent?: TSESTree.Node }).parent = node;
            stack.push(item);
          }
        }
      } else if (isNode(child)) {
        (child as { parent?: TSESTree.Node }).parent = node;
        stack.push(child);
      }
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** What an export of a module is bound to, in that module's own file. */
export interface ExportedBinding {
  readonly analysis: FileAnalysis;
  /** The expression, function or class the export denotes. */
  readonly node: TSESTree.Node;
}

/**
 * Follows `name` through a module's exports (`export const`, `export { a as b }`,
 * `export default`, re-exports, `module.exports`) to the node that defines it.
 */
export function findExport(analysis: FileAnalysis, name: string, seen = new Set<string>()): ExportedBinding | undefined {
  const key = `${analysis.filename}#${name}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  for (const statement of analysis.ast.body) {
    const found = exportFromStatement(analysis, statement, name, seen);
    if (found) return found;
  }
  return undefined;
}

function exportFromStatement(
  analysis: FileAnalysis,
  statement: TSESTree.ProgramStatement,
  name: string,
  seen: Set<string>,
): ExportedBinding | undefined {
  switch (statement.type) {
    case AST_NODE_TYPES.ExportNamedDeclaration: {
      const declaration = statement.declaration;
      if (declaration) return bindingInDeclaration(analysis, declaration, name);
      for (const specifier of statement.specifiers) {
        if (moduleExportName(specifier.exported) !== name) continue;
        const local = moduleExportName(specifier.local);
        if (statement.source) {
          const target = resolveImport(analysis.filename, statement.source.value);
          const module = target ? loadModule(target, analysis.settings, analysis.cwd) : undefined;
          return module ? findExport(module, local, seen) : undefined;
        }
        return localBinding(analysis, local);
      }
      return undefined;
    }
    case AST_NODE_TYPES.ExportDefaultDeclaration: {
      if (name !== 'default') return undefined;
      const declaration = statement.declaration;
      if (declaration.type === AST_NODE_TYPES.Identifier) return localBinding(analysis, declaration.name);
      return { analysis, node: declaration };
    }
    case AST_NODE_TYPES.ExportAllDeclaration: {
      if (statement.exported) return undefined;
      const target = resolveImport(analysis.filename, statement.source.value);
      const module = target ? loadModule(target, analysis.settings, analysis.cwd) : undefined;
      return module ? findExport(module, name, seen) : undefined;
    }
    case AST_NODE_TYPES.ExpressionStatement:
      return commonJsExport(analysis, statement.expression, name);
    default:
      return undefined;
  }
}

function moduleExportName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === AST_NODE_TYPES.Identifier ? node.name : node.value;
}

function bindingInDeclaration(
  analysis: FileAnalysis,
  declaration: TSESTree.NamedExportDeclarations,
  name: string,
): ExportedBinding | undefined {
  if (declaration.type === AST_NODE_TYPES.VariableDeclaration) {
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === name) {
        return { analysis, node: declarator.init ?? declarator.id };
      }
    }
    return undefined;
  }
  if (
    (declaration.type === AST_NODE_TYPES.FunctionDeclaration ||
      declaration.type === AST_NODE_TYPES.ClassDeclaration ||
      declaration.type === AST_NODE_TYPES.TSDeclareFunction) &&
    declaration.id?.name === name
  ) {
    return { analysis, node: declaration };
  }
  return undefined;
}

/** A top-level binding by name, to its defining node. */
export function localBinding(analysis: FileAnalysis, name: string): ExportedBinding | undefined {
  const variable = analysis.scopeManager?.globalScope?.set.get(name) ?? moduleScopeVariable(analysis, name);
  const definition = variable?.defs[0];
  if (!definition) return undefined;
  const node = definition.node;
  if (node.type === AST_NODE_TYPES.VariableDeclarator) {
    return { analysis, node: node.init ?? node.id };
  }
  return { analysis, node };
}

function moduleScopeVariable(analysis: FileAnalysis, name: string) {
  const moduleScope = analysis.scopeManager?.globalScope?.childScopes[0];
  return moduleScope?.set.get(name);
}

function commonJsExport(analysis: FileAnalysis, expression: TSESTree.Expression, name: string): ExportedBinding | undefined {
  if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.operator !== '=') return undefined;
  const target = expression.left;
  if (target.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const property = staticMemberName(target);
  const isModuleExports =
    target.object.type === AST_NODE_TYPES.Identifier &&
    target.object.name === 'module' &&
    property === 'exports';
  if (isModuleExports) {
    const value = expression.right;
    if (value.type === AST_NODE_TYPES.ObjectExpression) {
      for (const property of value.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
        if (key !== name) continue;
        return property.value.type === AST_NODE_TYPES.Identifier
          ? localBinding(analysis, property.value.name)
          : { analysis, node: property.value };
      }
      return undefined;
    }
    return name === 'default' ? { analysis, node: value } : undefined;
  }
  const isExportsMember =
    property === name &&
    ((target.object.type === AST_NODE_TYPES.Identifier && target.object.name === 'exports') ||
      (target.object.type === AST_NODE_TYPES.MemberExpression &&
        target.object.object.type === AST_NODE_TYPES.Identifier &&
        target.object.object.name === 'module' &&
        staticMemberName(target.object) === 'exports'));
  return isExportsMember ? { analysis, node: expression.right } : undefined;
}

export { findVariable };
