import { DefinitionType } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { Scope } from '@typescript-eslint/utils/ts-eslint';

import { specifierNames } from '../settings.js';
import { returnedExpressions, staticMemberName, staticString, unwrap } from './ast.js';
import { type FileAnalysis, findVariable, memoize } from './file-analysis.js';
import { modelBaseClasses } from './libraries/databases.js';
import type { ExportRef } from './libraries/types.js';
import { findExport, isProjectImport, loadModule, resolveImport } from './modules.js';
import {
  callResultKind,
  exportKey,
  kindConstructedBy,
  kindOfDeclaredType,
  kindReturnedBy,
  memberKind,
  methodResultKind,
  normalizeExportPath,
  normalizeModule,
} from './registry.js';
import { kindOfType } from './typed-kind.js';

/**
 * What a value is, as far as the analysis can tell: a module's export (`fs.readFileSync`,
 * the `Queue` class) or an instance of a catalogued kind (a BullMQ queue).
 */
export type Trace = { readonly export: ExportRef; readonly kind?: undefined } | { readonly kind: string; readonly export?: undefined };

/**
 * Hooks other modules register so that the origin of a parameter can come from where its
 * function is used (an Express handler's second parameter is a Response) without an import
 * cycle between origin and context.
 */
type ParameterKindHook = (analysis: FileAnalysis, fn: TSESTree.Node, index: number) => string | undefined;
let parameterKindHook: ParameterKindHook | undefined;
export function setParameterKindHook(hook: ParameterKindHook): void {
  parameterKindHook = hook;
}

const MAX_DEPTH = 12;

/** The catalogued kind of the object an expression evaluates to, or undefined when unknown. */
export function kindOf(analysis: FileAnalysis, node: TSESTree.Node): string | undefined {
  return memoize(analysis, 'kindOf', node, undefined, () => {
    // Syntax alone proves these are no library's instances; the checker would have to infer
    // their (often generic) types to say the same.
    if (isPlainValue(analysis, node, 0)) return undefined;
    if (analysis.types) {
      // Asking the checker about `const queue = new Queue(…)` instantiates BullMQ's generics,
      // and about an unannotated route callback's `reply` resolves Fastify's overloads: the
      // most expensive questions of a typed run, whose answer the syntax already proves.
      const proven = provenKind(analysis, node, 0);
      if (proven !== undefined) return proven;
    }
    const typed = typedKindOf(analysis, node);
    if (typed !== null) return typed;
    return traceValue(analysis, node, 0)?.kind;
  });
}

/**
 * A kind the syntax proves on its own, so the checker would only repeat it: a never-reassigned,
 * unannotated `const` built by a call or `new` of a package's export; an unannotated parameter
 * of a recognised handler (Express's `res`, Fastify's `reply`); and members and method results of
 * those the catalogue describes. Undefined means "ask the checker", never "not a library value".
 */
function provenKind(analysis: FileAnalysis, input: TSESTree.Node, depth: number): string | undefined {
  if (depth > 4) return undefined;
  const node = unwrap(input);
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return provenBindingKind(analysis, node);
    case AST_NODE_TYPES.MemberExpression: {
      const name = staticMemberName(node);
      const object = name === undefined || node.object.type === AST_NODE_TYPES.ThisExpression ? undefined : provenKind(analysis, node.object, depth + 1);
      return object === undefined || name === undefined ? undefined : memberKind(object, name);
    }
    case AST_NODE_TYPES.CallExpression: {
      const callee = unwrap(node.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const name = staticMemberName(callee);
        const object = name === undefined || callee.object.type === AST_NODE_TYPES.ThisExpression ? undefined : provenKind(analysis, callee.object, depth + 1);
        if (object !== undefined && name !== undefined) return methodResultKind(object, name);
      }
      return builtByPackage(analysis, node);
    }
    case AST_NODE_TYPES.NewExpression:
      return builtByPackage(analysis, node);
    default:
      return undefined;
  }
}

function provenBindingKind(analysis: FileAnalysis, node: TSESTree.Identifier): string | undefined {
  const variable = findVariable(analysis, node);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !definition) return undefined;
  if (definition.type === DefinitionType.Parameter) {
    const param = definition.name;
    if (param.type !== AST_NODE_TYPES.Identifier || param.typeAnnotation || !parameterKindHook) return undefined;
    if (variable.references.some((reference) => reference.isWrite())) return undefined;
    const fn = definition.node;
    const index = fn.params.indexOf(param);
    return index >= 0 ? parameterKindHook(analysis, fn, index) : undefined;
  }
  if (definition.type !== DefinitionType.Variable) return undefined;
  const declarator = definition.node;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || declarator.id.typeAnnotation || !declarator.init) return undefined;
  if (definition.parent.kind !== 'const') return undefined;
  const init = unwrap(declarator.init);
  return init.type === AST_NODE_TYPES.NewExpression || init.type === AST_NODE_TYPES.CallExpression ? builtByPackage(analysis, init) : undefined;
}

/** `new Queue(…)`, `express.Router()`, `createClient(…)`: what a package's export builds. */
function builtByPackage(analysis: FileAnalysis, node: TSESTree.NewExpression | TSESTree.CallExpression): string | undefined {
  return isPackageRooted(analysis, node.callee) ? traceValue(analysis, node, 0)?.kind : undefined;
}

/** `Queue`, `express.Router`, `createClient` imported from a package, not from a project file. */
function isPackageRooted(analysis: FileAnalysis, callee: TSESTree.Node): boolean {
  let root = unwrap(callee);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrap(root.object);
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  const definition = findVariable(analysis, root)?.defs[0];
  if (definition?.type !== DefinitionType.ImportBinding) return false;
  const declaration = importDeclarationOf(definition.node);
  if (declaration.type === AST_NODE_TYPES.TSImportEqualsDeclaration) return false;
  return !isProjectImport(analysis.filename, declaration.source.value) && declaration.importKind !== 'type';
}

/** The module export an expression denotes (`fs.readFileSync` → fs:readFileSync). */
export function exportOf(analysis: FileAnalysis, node: TSESTree.Node): ExportRef | undefined {
  return memoize(analysis, 'exportOf', node, undefined, () => traceValue(analysis, node, 0)?.export);
}

/** True when `node` denotes the export `path` of one of `modules`. */
export function isExport(
  analysis: FileAnalysis,
  node: TSESTree.Node,
  modules: readonly string[],
  path: readonly string[],
): boolean {
  const ref = exportOf(analysis, node);
  if (!ref) return false;
  const key = exportKey(ref);
  return modules.some((module) => exportKey({ package: module, path }) === key);
}

/** Built-in constructors whose instances no catalogue describes. */
const BUILTIN_CONSTRUCTORS = new Set([
  'AbortController', 'Array', 'ArrayBuffer', 'Date', 'Error', 'FormData', 'Headers', 'Map', 'Object', 'Promise',
  'RegExp', 'Set', 'TextDecoder', 'TextEncoder', 'TypeError', 'URL', 'URLSearchParams', 'WeakMap', 'WeakRef', 'WeakSet',
]);

/** ECMAScript's own globals: namespaces and constructors no library declares. */
const LANGUAGE_GLOBALS = new Set([
  ...BUILTIN_CONSTRUCTORS, 'BigInt', 'Boolean', 'Intl', 'JSON', 'Math', 'Number', 'Reflect', 'String', 'Symbol',
  'decodeURIComponent', 'encodeURIComponent', 'isFinite', 'isNaN', 'parseFloat', 'parseInt',
]);

/**
 * Written types that cannot denote a library's instance: a function type such as a `keyOf`
 * callback, primitives, literals, arrays, tuples and object literal types. (`any`, `unknown`
 * and type references are left to the checker.)
 */
const PLAIN_TYPE_ANNOTATIONS = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.TSFunctionType, AST_NODE_TYPES.TSStringKeyword, AST_NODE_TYPES.TSNumberKeyword,
  AST_NODE_TYPES.TSBooleanKeyword, AST_NODE_TYPES.TSBigIntKeyword, AST_NODE_TYPES.TSSymbolKeyword,
  AST_NODE_TYPES.TSVoidKeyword, AST_NODE_TYPES.TSUndefinedKeyword, AST_NODE_TYPES.TSNullKeyword,
  AST_NODE_TYPES.TSNeverKeyword, AST_NODE_TYPES.TSLiteralType, AST_NODE_TYPES.TSTemplateLiteralType,
  AST_NODE_TYPES.TSArrayType, AST_NODE_TYPES.TSTupleType, AST_NODE_TYPES.TSTypeLiteral,
]);

function hasPlainAnnotation(name: TSESTree.Node): boolean {
  return name.type === AST_NODE_TYPES.Identifier && name.typeAnnotation !== undefined && PLAIN_TYPE_ANNOTATIONS.has(name.typeAnnotation.typeAnnotation.type);
}

/**
 * A literal, a function, `new Map()` of an unshadowed global, or a never-reassigned variable
 * initialised with one of those.
 */
function isPlainValue(analysis: FileAnalysis, input: TSESTree.Node, depth: number): boolean {
  const node = unwrap(input);
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
      return true;
    case AST_NODE_TYPES.NewExpression: {
      if (node.callee.type !== AST_NODE_TYPES.Identifier || !BUILTIN_CONSTRUCTORS.has(node.callee.name)) return false;
      const variable = findVariable(analysis, node.callee);
      return !variable || variable.defs.length === 0;
    }
    case AST_NODE_TYPES.Identifier: {
      if (depth > 2) return false;
      const variable = findVariable(analysis, node);
      if (!variable || variable.defs.length === 0) return LANGUAGE_GLOBALS.has(node.name);
      const definition = variable.defs.length === 1 ? variable.defs[0] : undefined;
      // A function the project declares is code, not a client or a queue.
      if (definition?.type === DefinitionType.FunctionName) return true;
      if ((definition?.type === DefinitionType.Parameter || definition?.type === DefinitionType.Variable) && hasPlainAnnotation(definition.name)) return true;
      if (definition?.type !== DefinitionType.Variable || !definition.node.init || definition.node.id.type !== AST_NODE_TYPES.Identifier) return false;
      if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return false;
      return isPlainValue(analysis, definition.node.init, depth + 1);
    }
    default:
      return false;
  }
}

/**
 * With type information, the answer comes from the checker. `null` means the checker
 * could not tell (any, error types, no program), so import tracking takes over.
 */
function typedKindOf(analysis: FileAnalysis, node: TSESTree.Node): string | undefined | null {
  const types = analysis.types;
  if (!types) return null;
  if (node.type === AST_NODE_TYPES.Identifier) {
    // Asked at a reference, the checker runs flow analysis back to the declaration, every time
    // (a module's `redis` is asked about hundreds of times); asked at the declaration it reads
    // the binding's cached type. Narrowing at the reference is lost, which matters only for a
    // declared `any`/`unknown`: then the reference is asked after all.
    const declaration = stableDeclarationName(analysis, node);
    if (declaration && declaration !== node) {
      const declared = memoize(analysis, 'typedKindOf', declaration, null, () => typedKindOf(analysis, declaration));
      if (declared !== null) return declared;
    }
  }
  const tsNode = types.services.esTreeNodeToTSNodeMap.get(node);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- nodes synthesized by other parsers have no mapping
  if (!tsNode) return null;
  const answer = kindOfType(types.checker, types.checker.getTypeAtLocation(tsNode));
  if (answer !== undefined) return answer;
  // The checker named a type we do not catalogue. A member of a Prisma client or a call on a
  // chain is still worth tracing by syntax (Prisma 7 delegates, builder chains); everything
  // else stays unknown on purpose.
  return undefined;
}

/**
 * The name a binding is declared with, when every reference sees the value it was declared
 * with: a value import, or a single parameter or variable declaration never assigned again.
 */
function stableDeclarationName(analysis: FileAnalysis, node: TSESTree.Identifier): TSESTree.Identifier | undefined {
  const variable = findVariable(analysis, node);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !definition || definition.name.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (definition.type === DefinitionType.ImportBinding) {
    const declaration = importDeclarationOf(definition.node);
    return declaration.type === AST_NODE_TYPES.ImportDeclaration && declaration.importKind !== 'type' ? definition.name : undefined;
  }
  if (definition.type !== DefinitionType.Parameter && definition.type !== DefinitionType.Variable) return undefined;
  if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  return definition.name;
}

function traceValue(analysis: FileAnalysis, input: TSESTree.Node, depth: number): Trace | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(input);
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return traceIdentifier(analysis, node, depth);
    case AST_NODE_TYPES.MemberExpression:
      return traceMember(analysis, node, depth);
    case AST_NODE_TYPES.CallExpression:
      return traceCall(analysis, node, depth);
    case AST_NODE_TYPES.NewExpression: {
      const ref = traceValue(analysis, node.callee, depth + 1)?.export;
      const kind = ref ? kindConstructedBy(ref) : projectSubclassKind(analysis, node.callee, depth + 1);
      return kind ? { kind } : undefined;
    }
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.ConditionalExpression: {
      const options = node.type === AST_NODE_TYPES.LogicalExpression ? [node.left, node.right] : [node.consequent, node.alternate];
      for (const option of options) {
        const trace = traceValue(analysis, option, depth + 1);
        if (trace) return trace;
      }
      return undefined;
    }
    case AST_NODE_TYPES.AssignmentExpression:
      return traceValue(analysis, node.right, depth + 1);
    case AST_NODE_TYPES.ImportExpression:
      return undefined;
    default:
      return undefined;
  }
}

function traceCall(analysis: FileAnalysis, node: TSESTree.CallExpression, depth: number): Trace | undefined {
  const required = requiredModule(node);
  if (required !== undefined) {
    // `module.exports = mongoose.model(...)` in a project file, required from another.
    if (isProjectImport(analysis.filename, required)) return traceLocalModuleExport(analysis, required, ['default'], depth);
    return { export: { package: required, path: [] } };
  }
  const callee = unwrap(node.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = staticMemberName(callee);
    const target = traceValue(analysis, callee.object, depth + 1);
    if (method !== undefined && target?.kind) {
      const kind = methodResultKind(target.kind, method);
      return kind ? { kind } : undefined;
    }
    if (method !== undefined && target?.export) {
      const ref = { package: target.export.package, path: [...target.export.path, method] };
      const kind = kindReturnedBy(ref);
      return kind ? { kind } : undefined;
    }
    return undefined;
  }
  const target = traceValue(analysis, callee, depth + 1);
  if (target?.export) {
    const kind = kindReturnedBy(target.export);
    return kind ? { kind } : undefined;
  }
  if (target?.kind) {
    const kind = callResultKind(target.kind);
    return kind ? { kind } : undefined;
  }
  return undefined;
}

/** `require('m')` → 'm'. */
export function requiredModule(node: TSESTree.CallExpression): string | undefined {
  if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'require') return undefined;
  const specifier = staticString(node.arguments[0]);
  return specifier === undefined ? undefined : normalizeModule(specifier);
}

function traceMember(analysis: FileAnalysis, node: TSESTree.MemberExpression, depth: number): Trace | undefined {
  const name = staticMemberName(node);
  if (name === undefined) return undefined;
  if (node.object.type === AST_NODE_TYPES.ThisExpression) return traceThisMember(analysis, node, name, depth);
  const target = traceValue(analysis, node.object, depth + 1);
  if (target?.export) return { export: { package: target.export.package, path: [...target.export.path, name] } };
  if (target?.kind) {
    const kind = memberKind(target.kind, name);
    return kind ? { kind } : undefined;
  }
  if (!target) {
    const fromStatic = traceStaticMember(analysis, node.object, name, depth + 1);
    if (fromStatic) return fromStatic;
  }
  // A typed member of an object the checker knows (e.g. a Prisma delegate reached through a
  // service field) is answered by the checker in kindOf; nothing more to trace here.
  return undefined;
}

/** `this.queue` in a class: a field initialiser, a constructor parameter property, or `this.queue = …`. */
function traceThisMember(
  analysis: FileAnalysis,
  node: TSESTree.MemberExpression,
  name: string,
  depth: number,
): Trace | undefined {
  const classNode = enclosingClass(node);
  if (!classNode) return undefined;
  for (const member of classNode.body.body) {
    if (
      (member.type === AST_NODE_TYPES.PropertyDefinition || member.type === AST_NODE_TYPES.AccessorProperty) &&
      !member.computed &&
      member.key.type === AST_NODE_TYPES.Identifier &&
      member.key.name === name
    ) {
      if (member.value) {
        const trace = traceValue(analysis, member.value, depth + 1);
        if (trace) return trace;
      }
      const annotated = kindOfAnnotation(analysis, member.typeAnnotation?.typeAnnotation, depth);
      if (annotated) return { kind: annotated };
    }
    if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') {
      for (const param of member.value.params) {
        if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
        const inner = param.parameter;
        const id = inner.type === AST_NODE_TYPES.AssignmentPattern ? inner.left : inner;
        if (id.name === name) {
          const annotated = kindOfAnnotation(analysis, id.typeAnnotation?.typeAnnotation, depth);
          return annotated ? { kind: annotated } : undefined;
        }
      }
      const assigned = thisAssignment(member.value.body, name);
      if (assigned) return traceValue(analysis, assigned, depth + 1);
    }
  }
  return undefined;
}

function thisAssignment(body: TSESTree.BlockStatement | null | undefined, name: string): TSESTree.Expression | undefined {
  for (const statement of body?.body ?? []) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const expression = statement.expression;
    if (
      expression.type === AST_NODE_TYPES.AssignmentExpression &&
      expression.left.type === AST_NODE_TYPES.MemberExpression &&
      expression.left.object.type === AST_NODE_TYPES.ThisExpression &&
      staticMemberName(expression.left) === name
    ) {
      return expression.right;
    }
  }
  return undefined;
}

export function enclosingClass(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) {
      return current;
    }
  }
  return undefined;
}

function traceIdentifier(analysis: FileAnalysis, node: TSESTree.Identifier, depth: number): Trace | undefined {
  const variable = findVariable(analysis, node);
  if (!variable) return undefined;
  return memoize(analysis, 'traceVariable', variable, undefined, () => traceVariable(analysis, variable, depth));
}

function traceVariable(analysis: FileAnalysis, variable: Scope.Variable, depth: number): Trace | undefined {
  const definition = variable.defs[0];
  if (!definition) return undefined;
  switch (definition.type) {
    case DefinitionType.ImportBinding:
      return traceImport(analysis, importDeclarationOf(definition.node), variable.name, depth);
    case DefinitionType.Variable: {
      const declarator = definition.node;
      const id = declarator.id;
      if (id.type === AST_NODE_TYPES.Identifier) {
        if (declarator.init) {
          const trace = traceValue(analysis, declarator.init, depth + 1);
          if (trace) return trace;
        }
        const annotated = kindOfAnnotation(analysis, id.typeAnnotation?.typeAnnotation, depth);
        if (annotated) return { kind: annotated };
        return traceLaterAssignment(analysis, variable, depth);
      }
      if (id.type === AST_NODE_TYPES.ObjectPattern && declarator.init) {
        // const { readFileSync } = require('fs') / = fs
        const key = destructuredKey(id, variable.name);
        const init = unwrap(declarator.init);
        const relativeRequire = init.type === AST_NODE_TYPES.CallExpression ? requiredModule(init) : undefined;
        if (key !== undefined && relativeRequire !== undefined && isProjectImport(analysis.filename, relativeRequire)) {
          return traceLocalModuleExport(analysis, relativeRequire, [key], depth);
        }
        const source = key === undefined ? undefined : traceValue(analysis, declarator.init, depth + 1);
        if (key !== undefined && source?.export) {
          return { export: { package: source.export.package, path: [...source.export.path, key] } };
        }
      }
      return undefined;
    }
    case DefinitionType.Parameter: {
      const param = definition.name;
      const annotated =
        param.type === AST_NODE_TYPES.Identifier ? kindOfAnnotation(analysis, param.typeAnnotation?.typeAnnotation, depth) : undefined;
      if (annotated) return { kind: annotated };
      const fn = definition.node;
      const index = fn.params.findIndex((candidate) => candidate === param || (candidate.type === AST_NODE_TYPES.AssignmentPattern && candidate.left === param));
      if (index >= 0 && parameterKindHook) {
        const kind = parameterKindHook(analysis, fn, index);
        if (kind) return { kind };
      }
      return undefined;
    }
    case DefinitionType.ClassName: {
      const classNode = definition.node;
      const superClass = classNode.superClass;
      if (!superClass) return undefined;
      const base = traceValue(analysis, superClass, depth + 1)?.export;
      if (!base) return undefined;
      const key = exportKey(base);
      const model = modelBaseClasses.find((entry) => exportKey(entry) === key);
      return model ? { kind: model.kind } : undefined;
    }
    default:
      return undefined;
  }
}

function destructuredKey(pattern: TSESTree.ObjectPattern, localName: string): string | undefined {
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (value.type === AST_NODE_TYPES.Identifier && value.name === localName && !property.computed) {
      return property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : staticString(property.key);
    }
  }
  return undefined;
}

/** `let client; … client = new Redis()` — the first assignment that tells. */
function traceLaterAssignment(analysis: FileAnalysis, variable: Scope.Variable, depth: number): Trace | undefined {
  for (const reference of variable.references) {
    if (!reference.isWrite() || !reference.writeExpr) continue;
    const trace = traceValue(analysis, reference.writeExpr, depth + 1);
    if (trace) return trace;
  }
  return undefined;
}

type ImportBindingNode =
  | TSESTree.ImportDefaultSpecifier
  | TSESTree.ImportNamespaceSpecifier
  | TSESTree.ImportSpecifier
  | TSESTree.TSImportEqualsDeclaration;

export function importDeclarationOf(node: ImportBindingNode): TSESTree.ImportDeclaration | TSESTree.TSImportEqualsDeclaration {
  return node.type === AST_NODE_TYPES.TSImportEqualsDeclaration ? node : (node.parent as TSESTree.ImportDeclaration);
}

function traceImport(
  analysis: FileAnalysis,
  node: TSESTree.ImportDeclaration | TSESTree.TSImportEqualsDeclaration,
  localName: string,
  depth: number,
): Trace | undefined {
  let source: string | undefined;
  let imported: string[] | undefined;
  if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
    const reference = node.moduleReference;
    if (reference.type !== AST_NODE_TYPES.TSExternalModuleReference) return undefined;
    source = staticString(reference.expression);
    imported = [];
  } else {
    source = node.source.value;
    for (const specifier of node.specifiers) {
      if (specifier.local.name !== localName) continue;
      if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) imported = ['default'];
      else if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) imported = [];
      else imported = [specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value];
    }
  }
  if (source === undefined || imported === undefined) return undefined;
  const declared = declaredValueKind(analysis, source, imported);
  if (declared) return { kind: declared };
  if (isProjectImport(analysis.filename, source)) return traceLocalModuleExport(analysis, source, imported, depth);
  return { export: { package: normalizeModule(source), path: imported } };
}

/** Looks through `import { redis } from './lib/redis'` into that file. */
function traceLocalModuleExport(
  analysis: FileAnalysis,
  source: string,
  imported: readonly string[],
  depth: number,
): Trace | undefined {
  const target = resolveImport(analysis.filename, source);
  if (!target) return undefined;
  const module = loadModule(target, analysis.settings, analysis.cwd);
  const name = imported[0];
  if (!module || name === undefined) return undefined;
  const binding = findExport(module, name);
  if (!binding) return undefined;
  const node = binding.node;
  if (node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.FunctionDeclaration) {
    return node.id ? traceIdentifier(binding.analysis, node.id, depth + 1) : undefined;
  }
  return traceValue(binding.analysis, node, depth + 1);
}

/** Values the user declared in `settings.scalability.values`. */
function declaredValueKind(analysis: FileAnalysis, source: string, imported: readonly string[]): string | undefined {
  const name = imported[0] ?? 'default';
  for (const declaration of analysis.settings.values) {
    const spec = declaration.value;
    if (!specifierNames(spec).includes(name)) continue;
    if (spec.from === 'package' && spec.package === source) return declaration.kind;
    if (spec.from === 'file' && matchesFileSpecifier(analysis, source, spec.path)) return declaration.kind;
  }
  return undefined;
}

function matchesFileSpecifier(analysis: FileAnalysis, source: string, path: string | undefined): boolean {
  if (path === undefined) return true;
  if (source === path) return true;
  const strip = (value: string) => value.replace(/\.(c|m)?[jt]sx?$/u, '').replace(/^\.\//u, '');
  if (isProjectImport(analysis.filename, source)) {
    const resolved = resolveImport(analysis.filename, source);
    if (resolved && strip(resolved).endsWith(strip(path))) return true;
  }
  return strip(source).endsWith(strip(path));
}

/**
 * A type annotation names a declared type: `queue: Queue` with `Queue` imported from bullmq.
 * This gives untyped mode the same answer the checker would for annotated parameters and
 * fields, at the cost of a scope lookup.
 */
export function kindOfAnnotation(
  analysis: FileAnalysis,
  annotation: TSESTree.TypeNode | undefined,
  depth = 0,
): string | undefined {
  if (!annotation || depth > MAX_DEPTH) return undefined;
  switch (annotation.type) {
    case AST_NODE_TYPES.TSUnionType:
    case AST_NODE_TYPES.TSIntersectionType:
      for (const part of annotation.types) {
        const kind = kindOfAnnotation(analysis, part, depth + 1);
        if (kind) return kind;
      }
      return undefined;
    case AST_NODE_TYPES.TSTypeReference:
      return kindOfTypeName(analysis, annotation.typeName, depth);
    default:
      return undefined;
  }
}

function kindOfTypeName(analysis: FileAnalysis, typeName: TSESTree.EntityName, depth: number): string | undefined {
  // `Queue` or `express.Response` / `Koa.Context`.
  if (typeName.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(analysis, typeName);
    const definition = variable?.defs[0];
    if (definition?.type === DefinitionType.ClassName) return projectSubclassKind(analysis, typeName, depth + 1);
    if (definition?.type !== DefinitionType.ImportBinding) return undefined;
    const trace = traceImport(analysis, importDeclarationOf(definition.node), typeName.name, depth + 1);
    const ref = trace?.export;
    if (!ref) return projectSubclassKind(analysis, typeName, depth + 1);
    return kindOfExportedType(ref.package, normalizeExportPath(ref.path));
  }
  if (typeName.type === AST_NODE_TYPES.TSQualifiedName && typeName.left.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(analysis, typeName.left);
    const definition = variable?.defs[0];
    if (definition?.type !== DefinitionType.ImportBinding) return undefined;
    const trace = traceImport(analysis, importDeclarationOf(definition.node), typeName.left.name, depth + 1);
    const ref = trace?.export;
    if (!ref) return undefined;
    return kindOfExportedType(ref.package, [...normalizeExportPath(ref.path), typeName.right.name]);
  }
  return undefined;
}

function kindOfExportedType(pkg: string, path: readonly string[]): string | undefined {
  const name = path.at(-1);
  if (name === undefined) return undefined;
  return kindOfDeclaredType(pkg, name) ?? kindOfDeclaredType(`@types/${pkg.replace(/^@([^/]+)\//u, '$1__')}`, name);
}

/**
 * Instances of a project class that extends a catalogued class are of that class's kind:
 * `class PrismaService extends PrismaClient {}` (the NestJS recipe), used as `new PrismaService()`
 * or as a type annotation. The class may be in this file or behind a relative import.
 */
function projectSubclassKind(analysis: FileAnalysis, input: TSESTree.Node, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const found = projectClassOf(analysis, input);
  if (!found?.node.superClass) return undefined;
  const base = traceValue(found.analysis, found.node.superClass, depth + 1)?.export;
  return base ? kindConstructedBy(base) : projectSubclassKind(found.analysis, found.node.superClass, depth + 1);
}

interface ProjectClass {
  readonly analysis: FileAnalysis;
  readonly node: TSESTree.ClassDeclaration;
}

/** The project class an identifier names: declared in this file, or imported (named or default) from a project file. */
function projectClassOf(analysis: FileAnalysis, input: TSESTree.Node): ProjectClass | undefined {
  const node = unwrap(input);
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = findVariable(analysis, node)?.defs[0];
  let found: { analysis: FileAnalysis; node: TSESTree.Node } | undefined;
  if (definition?.type === DefinitionType.ClassName) found = { analysis, node: definition.node };
  else if (
    definition?.type === DefinitionType.ImportBinding &&
    (definition.node.type === AST_NODE_TYPES.ImportSpecifier || definition.node.type === AST_NODE_TYPES.ImportDefaultSpecifier)
  ) {
    const declaration = importDeclarationOf(definition.node);
    const file = declaration.type === AST_NODE_TYPES.ImportDeclaration ? resolveImport(analysis.filename, declaration.source.value) : undefined;
    const module = file ? loadModule(file, analysis.settings, analysis.cwd) : undefined;
    const specifier = definition.node;
    const exported = specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier ? 'default' : (specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value);
    found = module ? findExport(module, exported) : undefined;
  }
  return found?.node.type === AST_NODE_TYPES.ClassDeclaration ? { analysis: found.analysis, node: found.node } : undefined;
}

/**
 * `RedisAdapter.defaultClient`: a static field or getter of a project class. Its written type
 * says what it holds; without one, its initialiser or the getter's returned value does.
 */
function traceStaticMember(analysis: FileAnalysis, object: TSESTree.Node, name: string, depth: number): Trace | undefined {
  const found = projectClassOf(analysis, object);
  if (!found) return undefined;
  for (const member of found.node.body.body) {
    if (member.type !== AST_NODE_TYPES.PropertyDefinition && member.type !== AST_NODE_TYPES.MethodDefinition) continue;
    if (!member.static || member.computed || member.key.type !== AST_NODE_TYPES.Identifier || member.key.name !== name) continue;
    if (member.type === AST_NODE_TYPES.PropertyDefinition) {
      const annotated = kindOfAnnotation(found.analysis, member.typeAnnotation?.typeAnnotation, depth + 1);
      if (annotated) return { kind: annotated };
      return member.value ? traceValue(found.analysis, member.value, depth + 1) : undefined;
    }
    if (member.kind === 'get') {
      const annotated = kindOfAnnotation(found.analysis, member.value.returnType?.typeAnnotation, depth + 1);
      if (annotated) return { kind: annotated };
      const returned = member.value.type === AST_NODE_TYPES.FunctionExpression ? returnedExpressions(member.value) : [];
      return returned.length === 1 && returned[0] ? traceValue(found.analysis, returned[0], depth + 1) : undefined;
    }
  }
  return undefined;
}

