import { DefinitionType } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import ts from 'typescript';

import { staticPropertyKey, unwrap, walk } from './ast.js';
import { type FileAnalysis, findVariable } from './file-analysis.js';
import { findExport, isProjectImport, loadModule, resolveImport } from './modules.js';
import { enclosingClass, importDeclarationOf } from './origin.js';

/**
 * An object whose properties are known statically: a literal, a `const` bound to one, spreads of
 * either. `complete` is false when some part is unknown (a spread of a parameter, a call), so a
 * rule asking "is `attempts` missing?" can stay silent instead of guessing.
 */
export interface StaticObject {
  readonly properties: ReadonlyMap<string, { readonly value: TSESTree.Node; readonly analysis: FileAnalysis }>;
  readonly complete: boolean;
  /** The literal written at the site, when there is one to attach a fix to. */
  readonly literal?: TSESTree.ObjectExpression;
}

const MAX_DEPTH = 8;

export function staticObject(analysis: FileAnalysis, input: TSESTree.Node | undefined, depth = 0): StaticObject | undefined {
  if (!input || depth > MAX_DEPTH) return undefined;
  const node = unwrap(input);
  if (node.type === AST_NODE_TYPES.ObjectExpression) return fromLiteral(analysis, node, depth);
  const resolved = resolveConstant(analysis, node);
  if (resolved && resolved.node !== node) return staticObject(resolved.analysis, resolved.node, depth + 1);
  return undefined;
}

function fromLiteral(analysis: FileAnalysis, literal: TSESTree.ObjectExpression, depth: number): StaticObject {
  const properties = new Map<string, { value: TSESTree.Node; analysis: FileAnalysis }>();
  let complete = true;
  for (const property of literal.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const spread = staticObject(analysis, property.argument, depth + 1);
      if (!spread) {
        complete = false;
        continue;
      }
      complete &&= spread.complete;
      for (const [key, value] of spread.properties) properties.set(key, value);
      continue;
    }
    const key = staticPropertyKey(property);
    if (key === undefined) {
      complete = false;
      continue;
    }
    properties.set(key, { value: property.value, analysis });
  }
  return { properties, complete, literal };
}

/**
 * Follows an identifier to the constant expression it is bound to: a `const` in scope, or an
 * export of a project module. Returns undefined for anything that may change.
 */
export function resolveConstant(
  analysis: FileAnalysis,
  input: TSESTree.Node,
): { readonly analysis: FileAnalysis; readonly node: TSESTree.Node } | undefined {
  const node = unwrap(input);
  if (node.type !== AST_NODE_TYPES.Identifier) return { analysis, node };
  const variable = findVariable(analysis, node);
  const definition = variable?.defs[0];
  if (!definition) return undefined;
  if (definition.type === DefinitionType.Variable) {
    const declaration = definition.parent;
    if (declaration.kind !== 'const' || !definition.node.init || definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
    return { analysis, node: unwrap(definition.node.init) };
  }
  if (definition.type === DefinitionType.ImportBinding) {
    const declaration = importDeclarationOf(definition.node);
    if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || !isProjectImport(analysis.filename, declaration.source.value)) return undefined;
    const specifier = definition.node;
    const name =
      specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier
        ? 'default'
        : specifier.type === AST_NODE_TYPES.ImportSpecifier
          ? specifier.imported.type === AST_NODE_TYPES.Identifier
            ? specifier.imported.name
            : specifier.imported.value
          : undefined;
    if (name === undefined) return undefined;
    const file = resolveImport(analysis.filename, declaration.source.value);
    const module = file ? loadModule(file, analysis.settings, analysis.cwd) : undefined;
    const binding = module ? findExport(module, name) : undefined;
    return binding ? { analysis: binding.analysis, node: unwrap(binding.node) } : undefined;
  }
  return undefined;
}

/**
 * Where the object an expression denotes was created (`new Queue('mail', {...})`), in this file
 * or another, so rules can read its constructor options. Typed mode follows the checker's
 * declaration across any import; untyped mode follows consts, class fields and relative imports.
 */
export function constructionOf(
  analysis: FileAnalysis,
  input: TSESTree.Node,
): { readonly analysis: FileAnalysis; readonly node: TSESTree.NewExpression | TSESTree.CallExpression } | undefined {
  const node = unwrap(input);
  if (node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.CallExpression) return { analysis, node };
  if (node.type === AST_NODE_TYPES.Identifier) {
    const resolved = resolveConstant(analysis, node);
    if (resolved && resolved.node !== node) {
      const found = constructionOf(resolved.analysis, resolved.node);
      if (found) return found;
    }
    const definition = findVariable(analysis, node)?.defs[0];
    if (definition?.type === DefinitionType.Variable && definition.node.init && definition.node.id.type === AST_NODE_TYPES.Identifier) {
      const init = unwrap(definition.node.init);
      if (init.type === AST_NODE_TYPES.NewExpression || init.type === AST_NODE_TYPES.CallExpression) return { analysis, node: init };
    }
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression && !node.computed) {
    const name = node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : undefined;
    const field = enclosingClass(node)?.body.body.find(
      (member): member is TSESTree.PropertyDefinition =>
        member.type === AST_NODE_TYPES.PropertyDefinition && !member.computed && member.key.type === AST_NODE_TYPES.Identifier && member.key.name === name,
    );
    const value = field?.value ? unwrap(field.value) : undefined;
    if (value?.type === AST_NODE_TYPES.NewExpression || value?.type === AST_NODE_TYPES.CallExpression) return { analysis, node: value };
  }
  return typedConstruction(analysis, node);
}

function typedConstruction(
  analysis: FileAnalysis,
  node: TSESTree.Node,
): { readonly analysis: FileAnalysis; readonly node: TSESTree.NewExpression | TSESTree.CallExpression } | undefined {
  const types = analysis.types;
  if (!types) return undefined;
  const tsNode = types.services.esTreeNodeToTSNodeMap.get(node);
  const reference = ts.isPropertyAccessExpression(tsNode) ? tsNode.name : tsNode;
  let symbol = types.checker.getSymbolAtLocation(reference);
  if (!symbol) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = types.checker.getAliasedSymbol(symbol);
  const declaration = symbol.valueDeclaration;
  if (!declaration || !(ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) || !declaration.initializer) return undefined;
  const sourceFile = declaration.getSourceFile();
  if (sourceFile.isDeclarationFile || sourceFile.fileName.includes('/node_modules/')) return undefined;
  const initializer = declaration.initializer;
  const start = initializer.getStart(sourceFile);
  const module = sourceFile.fileName === analysis.filename ? analysis : loadModule(sourceFile.fileName, analysis.settings, analysis.cwd);
  if (!module) return undefined;
  let found: TSESTree.NewExpression | TSESTree.CallExpression | undefined;
  walk(module.ast, (candidate) => {
    if (found) return false;
    if (candidate.range[1] < start || candidate.range[0] > start) return false;
    if (candidate.range[0] === start && (candidate.type === AST_NODE_TYPES.NewExpression || candidate.type === AST_NODE_TYPES.CallExpression)) {
      found = candidate;
    }
    return undefined;
  });
  return found ? { analysis: module, node: found } : undefined;
}

/** A literal number, or a `const` bound to one. */
export function constantNumber(analysis: FileAnalysis, node: TSESTree.Node | undefined): number | undefined {
  if (!node) return undefined;
  const resolved = resolveConstant(analysis, node);
  const value = resolved?.node;
  if (value?.type === AST_NODE_TYPES.Literal && typeof value.value === 'number') return value.value;
  return undefined;
}

export function constantBoolean(analysis: FileAnalysis, node: TSESTree.Node | undefined): boolean | undefined {
  if (!node) return undefined;
  const resolved = resolveConstant(analysis, node);
  const value = resolved?.node;
  if (value?.type === AST_NODE_TYPES.Literal && typeof value.value === 'boolean') return value.value;
  return undefined;
}
