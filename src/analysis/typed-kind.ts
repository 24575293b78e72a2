import ts from 'typescript';

import { staticKinds } from './libraries/databases.js';
import { isCataloguedTypeName, kindOfDeclaredType, packageOfFile } from './registry.js';

/** A kind; `undefined` = the checker knows the type and it is nothing we catalogue; `null` = any/error. */
export type TypedAnswer = string | undefined | null;

const packageCache = new Map<string, string | undefined>();
const prismaFiles = new Map<string, boolean>();

function packageOf(fileName: string): string | undefined {
  if (packageCache.has(fileName)) return packageCache.get(fileName);
  const pkg = packageOfFile(fileName);
  packageCache.set(fileName, pkg);
  return pkg;
}

export function isUnknownType(type: ts.Type): boolean {
  // An unresolved import is an error type, which the checker reports with the Any flag.
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}

/**
 * What kind of object a type describes, decided by the package that declares it (never by the
 * type's name alone). Looks through unions, intersections, aliases, type parameters and base
 * classes, so subclasses and project wrappers typed with the library's types are recognised.
 */
export function kindOfType(checker: ts.TypeChecker, type: ts.Type): TypedAnswer {
  if (isUnknownType(type)) return null;
  return searchType(checker, type, 0);
}

function searchType(checker: ts.TypeChecker, type: ts.Type, depth: number): TypedAnswer {
  if (depth > 6) return undefined;
  if (type.isUnion() || type.isIntersection()) {
    let unresolved = false;
    for (const part of type.types) {
      if ((part.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0) continue;
      const found = searchType(checker, part, depth + 1);
      if (found) return found;
      if (found === null) unresolved = true;
    }
    // An alias of an intersection (node-redis's RedisClientType) is named by the alias.
    return fromSymbol(type.aliasSymbol) ?? (unresolved ? null : undefined);
  }
  if (type.flags & ts.TypeFlags.TypeParameter) {
    // An unconstrained parameter's constraint is `unknown`: that is not a missing package.
    const constraint = checker.getBaseConstraintOfType(type);
    return constraint && constraint !== type && !isUnknownType(constraint) ? searchType(checker, constraint, depth + 1) : undefined;
  }
  const fromAlias = fromSymbol(type.aliasSymbol);
  if (fromAlias) return fromAlias;
  const symbol = type.getSymbol();
  if (symbol && isClassConstructorType(checker, symbol, type)) return staticSide(checker, type, depth);
  const direct = fromSymbol(symbol);
  if (direct) return direct;
  const prisma = prismaKind(type);
  if (prisma) return prisma;
  return fromBaseTypes(checker, type, depth);
}

function fromSymbol(symbol: ts.Symbol | undefined): string | undefined {
  if (!symbol) return undefined;
  const name = symbol.getName();
  if (!isCataloguedTypeName(name)) return undefined;
  for (const declaration of symbol.getDeclarations() ?? []) {
    const pkg = packageOf(declaration.getSourceFile().fileName);
    if (!pkg) continue;
    const kind = kindOfDeclaredType(pkg, name);
    if (kind) return kind;
  }
  return undefined;
}

/**
 * A project class whose base class the checker cannot resolve (`class Group extends Model` with
 * sequelize's types not installed) could be any library's subclass: `null` hands the question to
 * import tracking, which reads the `extends` clause.
 */
function fromBaseTypes(checker: ts.TypeChecker, type: ts.Type, depth: number): TypedAnswer {
  const isReference = (type.flags & ts.TypeFlags.Object) !== 0 && ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0;
  const target = isReference ? (type as ts.TypeReference).target : type;
  if (!(target.flags & ts.TypeFlags.Object)) return undefined;
  const objectFlags = (target as ts.ObjectType).objectFlags;
  if (!(objectFlags & (ts.ObjectFlags.Class | ts.ObjectFlags.Interface))) return undefined;
  const bases = checker.getBaseTypes(target as ts.InterfaceType);
  // The checker drops a base class it cannot resolve instead of returning an error type.
  let unresolved = bases.length === 0 && hasExtendsClause(target.getSymbol());
  for (const base of bases) {
    if (isUnknownType(base)) {
      unresolved = true;
      continue;
    }
    const found = searchType(checker, base, depth + 1);
    if (found) return found;
    if (found === null) unresolved = true;
  }
  return unresolved ? null : undefined;
}

function hasExtendsClause(symbol: ts.Symbol | undefined): boolean {
  return (symbol?.getDeclarations() ?? []).some(
    (declaration) => ts.isClassLike(declaration) && (declaration.heritageClauses ?? []).some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword),
  );
}

/** `typeof Queue` has the class's symbol too; only its instances are queues. */
function isClassConstructorType(checker: ts.TypeChecker, symbol: ts.Symbol, type: ts.Type): boolean {
  if (!(symbol.flags & ts.SymbolFlags.Class)) return false;
  const declared = checker.getDeclaredTypeOfSymbol(symbol);
  return type !== declared && (type as ts.TypeReference).target !== declared;
}

function staticSide(checker: ts.TypeChecker, type: ts.Type, depth: number): TypedAnswer {
  let unresolved = false;
  for (const signature of type.getConstructSignatures()) {
    const instanceKind = searchType(checker, signature.getReturnType(), depth + 1);
    if (instanceKind) return staticKinds[instanceKind];
    if (instanceKind === null) unresolved = true;
  }
  return unresolved ? null : undefined;
}

/**
 * Prisma 7 generates the client into the project, so its types are not declared in a package.
 * The generated file is built on `@prisma/client/runtime`, and a client has `$transaction`
 * and `$connect`; a model delegate has `findMany` and `upsert` and is declared in that file.
 */
function prismaKind(type: ts.Type): string | undefined {
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  const declaration = symbol?.getDeclarations()?.[0];
  if (!declaration) return undefined;
  const sourceFile = declaration.getSourceFile();
  if (!isPrismaGeneratedFile(sourceFile)) return undefined;
  if (type.getProperty('$transaction') && type.getProperty('$connect')) return 'prisma.client';
  if (type.getProperty('findMany') && type.getProperty('upsert') && type.getProperty('create')) {
    return 'prisma.delegate';
  }
  return undefined;
}

function isPrismaGeneratedFile(sourceFile: ts.SourceFile): boolean {
  const cached = prismaFiles.get(sourceFile.fileName);
  if (cached !== undefined) return cached;
  const fromPackage = packageOf(sourceFile.fileName);
  const generated =
    fromPackage === '.prisma' ||
    ((fromPackage === undefined || fromPackage === '@prisma/client') &&
      sourceFile.text.includes('@prisma/client/runtime'));
  prismaFiles.set(sourceFile.fileName, generated);
  return generated;
}
