import fs from 'node:fs';
import path from 'node:path';

import { type Attribute, type BlockAttribute, getSchema, type Model, type Value } from '@mrleebo/prisma-ast';
import ts from 'typescript';

import { drizzleTableFactories, typeormKeyDecorators } from './libraries/unique-keys.js';
import { isProjectSourceFile } from './program-facts.js';

/**
 * "Which unique keys does the project's schema declare for this table?" — collected once per
 * TypeScript program from Drizzle table definitions, TypeORM entities and the Prisma schema, so
 * the idempotent-insert codemod can choose an ON CONFLICT target it can prove exists.
 */

export interface UniqueKey {
  /** The names code writes: Drizzle/TypeORM property names, Prisma field names. */
  readonly fields: readonly string[];
  /** The database column names, in the same order; undefined when the naming cannot be known. */
  readonly columns: readonly (string | undefined)[];
  readonly primary: boolean;
  /** Prisma's name for a compound key in `where` (`@@unique(name: …)`, or the fields joined by `_`). */
  readonly prismaName?: string;
}

export type SchemaSource = 'drizzle' | 'typeorm' | 'prisma';

export interface DeclaredTable {
  readonly source: SchemaSource;
  /** The table's name in the database, when it is known. */
  readonly table: string | undefined;
  /** Drizzle variable, TypeORM class or Prisma model name. */
  readonly name: string;
  /** Drizzle: the dialect of the table factory (`pgTable` → pg). */
  readonly dialect?: 'pg' | 'sqlite' | 'mysql';
  readonly keys: readonly UniqueKey[];
  /** Where it is declared: `src/schema.ts:12`, `prisma/schema.prisma`. */
  readonly location: string;
}

export interface UniqueKeyFacts {
  /** Every declaration of a table, by its database name (without a schema prefix). */
  readonly byTable: ReadonlyMap<string, readonly DeclaredTable[]>;
  /** Drizzle tables by the declaration of the variable that holds them. */
  readonly drizzleTables: ReadonlyMap<ts.Node, DeclaredTable>;
  /** Prisma models by their client delegate name (`User` → `user`). */
  readonly prismaModels: ReadonlyMap<string, DeclaredTable>;
  /** The Prisma schema files read, and the datasource provider when one is declared. */
  readonly prisma: { readonly files: readonly string[]; readonly provider?: string; readonly error?: string };
}

const factsByProgram = new WeakMap<ts.Program, UniqueKeyFacts>();

export function uniqueKeyFacts(program: ts.Program): UniqueKeyFacts {
  const existing = factsByProgram.get(program);
  if (existing) return existing;
  const facts = collect(program);
  factsByProgram.set(program, facts);
  return facts;
}

/** The table name a query builder writes, as the database knows it: `'public.users as u'` → `users`. */
export function plainTableName(name: string): string {
  const withoutAlias = name.trim().split(/\s+as\s+/iu)[0] ?? name;
  return (withoutAlias.split('.').at(-1) ?? withoutAlias).replace(/["`]/gu, '');
}

/** The keys declared for a table by name; with several declarations, only the keys they all declare. */
export function keysOfTable(facts: UniqueKeyFacts, table: string): { readonly keys: readonly UniqueKey[]; readonly declarations: readonly DeclaredTable[] } {
  const declarations = facts.byTable.get(plainTableName(table)) ?? [];
  const [first, ...rest] = declarations;
  if (!first) return { keys: [], declarations };
  const columnsOf = (key: UniqueKey): string | undefined =>
    key.columns.every((column) => column !== undefined) ? [...key.columns].sort().join('\0') : undefined;
  const keys = first.keys.filter((key) => {
    const id = columnsOf(key);
    return id !== undefined && rest.every((other) => other.keys.some((candidate) => columnsOf(candidate) === id));
  });
  return { keys, declarations };
}

/**
 * The key to use as a conflict target: every one of its names is present in the row. Fewest
 * columns first, a primary key before a unique key of the same size, then declaration order.
 */
export function chooseKey(keys: readonly UniqueKey[], present: (key: UniqueKey) => readonly (string | undefined)[], row: ReadonlySet<string>): UniqueKey | undefined {
  const candidates = keys.filter((key) => {
    const names = present(key);
    return names.length > 0 && names.every((name) => name !== undefined && row.has(name));
  });
  return [...candidates].sort((a, b) => a.fields.length - b.fields.length || Number(b.primary) - Number(a.primary))[0];
}

// ---------------------------------------------------------------------------------------------

interface Collector {
  readonly byTable: Map<string, DeclaredTable[]>;
  readonly drizzleTables: Map<ts.Node, DeclaredTable>;
}

function collect(program: ts.Program): UniqueKeyFacts {
  const collector: Collector = { byTable: new Map(), drizzleTables: new Map() };
  const projectFiles = program.getSourceFiles().filter(isProjectSourceFile);
  const root = projectRoot(program);
  // A naming strategy or Drizzle `casing` turns property names into other column names.
  const typeormRenames = projectFiles.some((file) => file.text.includes('namingStrategy'));
  const drizzleRenames = projectFiles.some((file) => file.text.includes('drizzle-orm') && /\bcasing\s*:/u.test(file.text));
  for (const sourceFile of projectFiles) {
    const text = sourceFile.text;
    // Cheap text filters before any walk.
    if (text.includes('drizzle-orm/') && /(?:pg|sqlite|mysql)Table\b/u.test(text)) collectDrizzle(sourceFile, root, drizzleRenames, collector);
    if (text.includes('typeorm') && text.includes('@Entity')) collectTypeorm(sourceFile, root, typeormRenames, collector);
  }
  const prisma = collectPrisma(root, collector);
  return { byTable: collector.byTable, drizzleTables: collector.drizzleTables, prismaModels: prisma.models, prisma: prisma.info };
}

function addTable(collector: Collector, table: DeclaredTable): void {
  if (table.table === undefined) return;
  const name = plainTableName(table.table);
  const list = collector.byTable.get(name) ?? [];
  list.push(table);
  collector.byTable.set(name, list);
}

/** The directory of the tsconfig, or the common directory of the program's root files. */
function projectRoot(program: ts.Program): string {
  const config = program.getCompilerOptions().configFilePath;
  if (typeof config === 'string') return path.dirname(config);
  const roots = program.getRootFileNames().map((file) => path.dirname(file));
  let common = roots[0] ?? program.getCurrentDirectory();
  for (const dir of roots) {
    while (dir !== common && !dir.startsWith(common + path.sep)) {
      const parent = path.dirname(common);
      if (parent === common) break;
      common = parent;
    }
  }
  return common;
}

function location(root: string, sourceFile: ts.SourceFile, node: ts.Node): string {
  const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  return `${path.relative(root, sourceFile.fileName).replaceAll('\\', '/')}:${String(line + 1)}`;
}

/** A name property names cannot change: both snake_case and camelCase conversions keep it. */
function caseInvariant(name: string): boolean {
  return /^[a-z][a-z0-9]*$/u.test(name);
}

function stringArgument(node: ts.Expression | undefined): string | undefined {
  return node && ts.isStringLiteralLike(node) ? node.text : undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

function objectProperty(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && propertyName(property.name) === key) return property.initializer;
  }
  return undefined;
}

function skipParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) current = current.expression;
  return current;
}

// ---------------------------------------------------------------------------------------------
// Drizzle: pgTable('users', { email: text('email_address').unique() }, (t) => [unique().on(t.a, t.b)])

/** Local names bound to drizzle-orm/<dialect>-core exports: `pgTable` → `pgTable`, `p` → namespace. */
function drizzleImports(sourceFile: ts.SourceFile): { named: Map<string, string>; namespaces: Set<string> } {
  const named = new Map<string, string>();
  const namespaces = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!/^drizzle-orm\/(?:pg|sqlite|mysql)-core$/u.test(statement.moduleSpecifier.text)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings) continue;
    if (ts.isNamespaceImport(bindings)) {
      namespaces.add(bindings.name.text);
      continue;
    }
    for (const element of bindings.elements) named.set(element.name.text, (element.propertyName ?? element.name).text);
  }
  return { named, namespaces };
}

function collectDrizzle(sourceFile: ts.SourceFile, root: string, renames: boolean, collector: Collector): void {
  const imports = drizzleImports(sourceFile);
  if (imports.named.size === 0 && imports.namespaces.size === 0) return;
  const exportName = (callee: ts.Expression): string | undefined => {
    if (ts.isIdentifier(callee)) return imports.named.get(callee.text);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && imports.namespaces.has(callee.expression.text)) {
      return callee.name.text;
    }
    return undefined;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const init = skipParentheses(node.initializer);
      if (ts.isCallExpression(init)) {
        const factory = exportName(init.expression);
        const dialect = factory === undefined ? undefined : drizzleTableFactories[factory];
        if (dialect) {
          const table = drizzleTable(init, exportName, renames);
          if (table) {
            const declared: DeclaredTable = {
              ...table,
              source: 'drizzle',
              name: ts.isIdentifier(node.name) ? node.name.text : (table.table ?? 'table'),
              dialect,
              location: location(root, sourceFile, node),
            };
            collector.drizzleTables.set(node, declared);
            addTable(collector, declared);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
}

interface DrizzleColumn {
  readonly column: string | undefined;
  readonly unique: boolean;
  readonly primary: boolean;
}

function drizzleTable(
  call: ts.CallExpression,
  exportName: (callee: ts.Expression) => string | undefined,
  renames: boolean,
): { table: string | undefined; keys: UniqueKey[] } | undefined {
  const [nameArgument, columnsArgument, extra] = call.arguments;
  const table = stringArgument(nameArgument);
  if (!columnsArgument || !ts.isObjectLiteralExpression(skipParentheses(columnsArgument))) return undefined;
  const columns = new Map<string, DrizzleColumn>();
  for (const property of (skipParentheses(columnsArgument) as ts.ObjectLiteralExpression).properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const key = propertyName(property.name);
    if (key === undefined) continue;
    columns.set(key, drizzleColumn(key, property.initializer, renames));
  }
  const keys: UniqueKey[] = [];
  const keyOf = (fields: string[], primary: boolean): UniqueKey => ({
    fields,
    columns: fields.map((field) => columns.get(field)?.column),
    primary,
  });
  const primaries = [...columns].filter(([, column]) => column.primary).map(([field]) => field);
  if (primaries.length > 0) keys.push(keyOf(primaries, true));
  for (const [field, column] of columns) if (column.unique) keys.push(keyOf([field], false));
  if (extra) keys.push(...drizzleExtraKeys(extra, exportName).filter((key) => key.fields.every((field) => columns.has(field))).map((key) => keyOf(key.fields, key.primary)));
  return { table, keys };
}

/** `text('email_address').notNull().unique()` → column `email_address`, unique. */
function drizzleColumn(key: string, initializer: ts.Expression, renames: boolean): DrizzleColumn {
  let unique = false;
  let primary = false;
  let explicit: string | undefined;
  let current = skipParentheses(initializer);
  while (ts.isCallExpression(current)) {
    const callee = current.expression;
    // The column factory: text('name'), p.varchar('name', { length }), text(), text({ … }).
    if (ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression))) {
      explicit = stringArgument(current.arguments[0]);
      break;
    }
    if (!ts.isPropertyAccessExpression(callee)) break;
    const method = callee.name.text;
    if (method === 'unique') unique = true;
    if (method === 'primaryKey') primary = true;
    current = skipParentheses(callee.expression);
  }
  return { column: explicit ?? (!renames || caseInvariant(key) ? key : undefined), unique, primary };
}

/** The third argument: `(t) => [unique().on(t.a, t.b), uniqueIndex('x').on(t.c), primaryKey({ columns: [t.a] })]` (or an object of them). */
function drizzleExtraKeys(extra: ts.Expression, exportName: (callee: ts.Expression) => string | undefined): { fields: string[]; primary: boolean }[] {
  const fn = skipParentheses(extra);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return [];
  const parameter = fn.parameters[0];
  if (!parameter || !ts.isIdentifier(parameter.name)) return [];
  const tableName = parameter.name.text;
  let result: ts.Expression | undefined;
  if (ts.isBlock(fn.body)) {
    const returned = fn.body.statements.find(ts.isReturnStatement);
    result = returned?.expression;
  } else {
    result = fn.body;
  }
  if (!result) return [];
  result = skipParentheses(result);
  const entries = ts.isArrayLiteralExpression(result)
    ? [...result.elements]
    : ts.isObjectLiteralExpression(result)
      ? result.properties.filter(ts.isPropertyAssignment).map((property) => property.initializer)
      : [];
  const fieldOf = (node: ts.Expression): string | undefined => {
    const value = skipParentheses(node);
    return ts.isPropertyAccessExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === tableName ? value.name.text : undefined;
  };
  const fieldsOf = (nodes: readonly ts.Expression[]): string[] | undefined => {
    const fields = nodes.map(fieldOf);
    return fields.length > 0 && fields.every((field): field is string => field !== undefined) ? fields : undefined;
  };
  const keys: { fields: string[]; primary: boolean }[] = [];
  for (const entry of entries) {
    const key = drizzleExtraKey(skipParentheses(entry), exportName, fieldsOf);
    if (key) keys.push(key);
  }
  return keys;
}

function drizzleExtraKey(
  entry: ts.Expression,
  exportName: (callee: ts.Expression) => string | undefined,
  fieldsOf: (nodes: readonly ts.Expression[]) => string[] | undefined,
): { fields: string[]; primary: boolean } | undefined {
  if (!ts.isCallExpression(entry)) return undefined;
  // primaryKey({ columns: [t.a, t.b] }) or the older primaryKey(t.a, t.b)
  if (exportName(entry.expression) === 'primaryKey') {
    const first = entry.arguments[0] ? skipParentheses(entry.arguments[0]) : undefined;
    if (first && ts.isObjectLiteralExpression(first)) {
      const columns = objectProperty(first, 'columns');
      const fields = columns && ts.isArrayLiteralExpression(columns) ? fieldsOf(columns.elements) : undefined;
      return fields ? { fields, primary: true } : undefined;
    }
    const fields = fieldsOf(entry.arguments);
    return fields ? { fields, primary: true } : undefined;
  }
  // unique('name').on(t.a, t.b)[.nullsNotDistinct()], uniqueIndex('name').on(t.a)[.where(…)]
  const links: { name: string; call: ts.CallExpression }[] = [];
  let current: ts.Expression = entry;
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
    links.unshift({ name: current.expression.name.text, call: current });
    current = skipParentheses(current.expression.expression);
  }
  if (!ts.isCallExpression(current)) return undefined;
  const factory = exportName(current.expression);
  if (factory !== 'unique' && factory !== 'uniqueIndex') return undefined;
  // A partial index (`.where(…)`) is not a valid conflict target without its predicate.
  if (links.some((link) => link.name === 'where')) return undefined;
  const on = links.find((link) => link.name === 'on');
  const fields = on ? fieldsOf(on.call.arguments) : undefined;
  return fields ? { fields, primary: false } : undefined;
}

// ---------------------------------------------------------------------------------------------
// TypeORM: @Entity('t') class with @Unique([…]), @Index([…], { unique: true }), @Column({ unique: true }), @PrimaryColumn()

function decoratorCall(decorator: ts.Decorator): { name: string; args: readonly ts.Expression[] } | undefined {
  const expression = decorator.expression;
  if (ts.isCallExpression(expression) && ts.isIdentifier(expression.expression)) return { name: expression.expression.text, args: expression.arguments };
  if (ts.isIdentifier(expression)) return { name: expression.text, args: [] };
  return undefined;
}

function typeormImports(sourceFile: ts.SourceFile): Map<string, string> {
  const named = new Map<string, string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== 'typeorm') continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || ts.isNamespaceImport(bindings)) continue;
    for (const element of bindings.elements) named.set(element.name.text, (element.propertyName ?? element.name).text);
  }
  return named;
}

function collectTypeorm(sourceFile: ts.SourceFile, root: string, renames: boolean, collector: Collector): void {
  const imports = typeormImports(sourceFile);
  if (imports.size === 0) return;
  const decoratorsOf = (node: ts.Node) =>
    (ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [])
      .map(decoratorCall)
      .filter((call): call is { name: string; args: readonly ts.Expression[] } => call !== undefined)
      .map((call) => ({ ...call, name: imports.get(call.name) ?? '' }))
      .filter((call) => call.name !== '');
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) && node.name) {
      const decorators = decoratorsOf(node);
      const entity = decorators.find((decorator) => decorator.name === 'Entity');
      if (entity) {
        const declared = typeormEntity(node, node.name.text, entity.args, decorators, decoratorsOf, renames, location(root, sourceFile, node));
        addTable(collector, declared);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
}

type DecoratorsOf = (node: ts.Node) => { name: string; args: readonly ts.Expression[] }[];

function typeormEntity(
  node: ts.ClassDeclaration,
  className: string,
  entityArgs: readonly ts.Expression[],
  classDecorators: readonly { name: string; args: readonly ts.Expression[] }[],
  decoratorsOf: DecoratorsOf,
  renames: boolean,
  where: string,
): DeclaredTable {
  const first = entityArgs[0] ? skipParentheses(entityArgs[0]) : undefined;
  const explicitTable = stringArgument(first) ?? (first && ts.isObjectLiteralExpression(first) ? stringArgument(objectProperty(first, 'name')) : undefined);
  // TypeORM's default naming strategy snake_cases the class name.
  const table = explicitTable ?? (renames ? undefined : snakeCase(className));
  const columns = new Map<string, string | undefined>();
  const primaries: string[] = [];
  const singles: string[] = [];
  for (const member of node.members) {
    if (!ts.isPropertyDeclaration(member)) continue;
    const field = propertyName(member.name);
    if (field === undefined) continue;
    const decorators = decoratorsOf(member);
    const column = decorators.find((decorator) => typeormKeyDecorators.columns.includes(decorator.name));
    if (!column) continue;
    const options = column.args.map(skipParentheses).find(ts.isObjectLiteralExpression);
    const explicit = options ? stringArgument(objectProperty(options, 'name')) : undefined;
    columns.set(field, explicit ?? (!renames || caseInvariant(field) ? field : undefined));
    if (typeormKeyDecorators.primary.includes(column.name) || (options && objectProperty(options, 'primary')?.kind === ts.SyntaxKind.TrueKeyword)) {
      primaries.push(field);
    }
    if (options && objectProperty(options, 'unique')?.kind === ts.SyntaxKind.TrueKeyword) singles.push(field);
    for (const index of decorators.filter((decorator) => decorator.name === 'Index')) {
      if (uniqueIndexOptions(index.args)) singles.push(field);
    }
  }
  const keyOf = (fields: readonly string[], primary: boolean): UniqueKey | undefined =>
    fields.every((field) => columns.has(field)) ? { fields, columns: fields.map((field) => columns.get(field)), primary } : undefined;
  const keys: UniqueKey[] = [];
  const push = (key: UniqueKey | undefined) => {
    if (key) keys.push(key);
  };
  if (primaries.length > 0) push(keyOf(primaries, true));
  for (const field of singles) push(keyOf([field], false));
  for (const decorator of classDecorators) {
    if (decorator.name === 'Unique') push(keyOf(fieldList(decorator.args) ?? [], false));
    if (decorator.name === 'Index' && uniqueIndexOptions(decorator.args)) push(keyOf(fieldList(decorator.args) ?? [], false));
  }
  return { source: 'typeorm', table, name: className, keys: keys.filter((key) => key.fields.length > 0), location: where };
}

/** `@Unique(['a', 'b'])`, `@Unique('name', ['a', 'b'])`, `@Index(['a'], { unique: true })`. */
function fieldList(args: readonly ts.Expression[]): string[] | undefined {
  const list = args.map(skipParentheses).find(ts.isArrayLiteralExpression);
  if (!list) return undefined;
  const fields = list.elements.map((element) => stringArgument(element));
  return fields.every((field): field is string => field !== undefined) ? fields : undefined;
}

/** `{ unique: true }` without a `where` (a partial index cannot be a conflict target). */
function uniqueIndexOptions(args: readonly ts.Expression[]): boolean {
  const options = args.map(skipParentheses).find(ts.isObjectLiteralExpression);
  return options !== undefined && objectProperty(options, 'unique')?.kind === ts.SyntaxKind.TrueKeyword && objectProperty(options, 'where') === undefined;
}

/** TypeORM's `snakeCase` (DefaultNamingStrategy.tableName). */
function snakeCase(text: string): string {
  return text
    .replaceAll(/([A-Z])([A-Z])([a-z])/gu, '$1_$2$3')
    .replaceAll(/([a-z0-9])([A-Z])/gu, '$1_$2')
    .toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Prisma: schema.prisma with @id, @unique, @@id([…]), @@unique([…]), @map, @@map

interface PrismaResult {
  readonly models: Map<string, DeclaredTable>;
  readonly info: UniqueKeyFacts['prisma'];
}

/** package.json `prisma.schema`, prisma.config.ts `schema`, then `prisma/schema.prisma`, `schema.prisma`, `prisma/schema/*.prisma`. */
export function prismaSchemaFiles(root: string): string[] {
  const configured: string[] = [];
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { prisma?: { schema?: unknown } };
    if (typeof manifest.prisma?.schema === 'string') configured.push(path.resolve(root, manifest.prisma.schema));
  } catch {
    // no package.json, or not JSON: fall through to the conventional places
  }
  for (const name of ['prisma.config.ts', 'prisma.config.mts']) {
    try {
      const match = /\bschema\s*:\s*['"]([^'"]+)['"]/u.exec(fs.readFileSync(path.join(root, name), 'utf8'));
      if (match?.[1] !== undefined) configured.push(path.resolve(root, match[1]));
    } catch {
      // not there
    }
  }
  const candidates = [...configured, path.join(root, 'prisma', 'schema.prisma'), path.join(root, 'schema.prisma'), path.join(root, 'prisma', 'schema')];
  for (const candidate of candidates) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(candidate);
    } catch {
      continue;
    }
    if (stat.isFile()) return [candidate];
    if (stat.isDirectory()) {
      const files = fs
        .readdirSync(candidate)
        .filter((name) => name.endsWith('.prisma'))
        .sort()
        .map((name) => path.join(candidate, name));
      if (files.length > 0) return files;
    }
  }
  return [];
}

function collectPrisma(root: string, collector: Collector): PrismaResult {
  const models = new Map<string, DeclaredTable>();
  const files = prismaSchemaFiles(root);
  let provider: string | undefined;
  for (const file of files) {
    let schema: ReturnType<typeof getSchema>;
    try {
      schema = getSchema(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { models: new Map(), info: { files, error: `${path.relative(root, file)}: ${message.split('\n')[0] ?? ''}` } };
    }
    const where = path.relative(root, file).replaceAll('\\', '/');
    for (const block of schema.list) {
      if (block.type === 'datasource') {
        for (const assignment of block.assignments) {
          if (assignment.type === 'assignment' && assignment.key === 'provider' && typeof assignment.value === 'string') provider = unquote(assignment.value);
        }
      }
      if (block.type !== 'model') continue;
      const declared = prismaModel(block, where);
      models.set(block.name.charAt(0).toLowerCase() + block.name.slice(1), declared);
      addTable(collector, declared);
    }
  }
  return { models, info: { files, ...(provider === undefined ? {} : { provider }) } };
}

function unquote(value: string): string {
  return value.replace(/^"(.*)"$/u, '$1');
}

function prismaModel(model: Model, where: string): DeclaredTable {
  const columns = new Map<string, string>();
  const keys: UniqueKey[] = [];
  let table = model.name;
  const fieldAttributes: [string, Attribute[]][] = [];
  for (const property of model.properties) {
    if (property.type === 'field') {
      // Relation fields (to another model) are not columns; they never carry @id/@unique.
      const attributes = property.attributes ?? [];
      const mapped = attributes.find((attribute) => attribute.name === 'map' && attribute.group === undefined);
      const mappedName = mapped?.args?.[0] ? valueString(mapped.args[0].value) : undefined;
      columns.set(property.name, mappedName ?? property.name);
      fieldAttributes.push([property.name, attributes]);
    }
  }
  const keyOf = (fields: string[], primary: boolean, name?: string): UniqueKey => ({
    fields,
    columns: fields.map((field) => columns.get(field)),
    primary,
    ...(fields.length > 1 ? { prismaName: name ?? fields.join('_') } : {}),
  });
  for (const [field, attributes] of fieldAttributes) {
    for (const attribute of attributes) {
      if (attribute.group !== undefined) continue;
      if (attribute.name === 'id') keys.push(keyOf([field], true));
      if (attribute.name === 'unique') keys.push(keyOf([field], false));
    }
  }
  for (const property of model.properties) {
    if (property.type !== 'attribute') continue;
    const attribute: BlockAttribute = property;
    if (attribute.group !== undefined) continue;
    if (attribute.name === 'map') {
      const mapped = attribute.args[0] ? valueString(attribute.args[0].value) : undefined;
      if (mapped !== undefined) table = mapped;
      continue;
    }
    if (attribute.name !== 'id' && attribute.name !== 'unique') continue;
    let fields: string[] | undefined;
    let name: string | undefined;
    for (const argument of attribute.args) {
      const value = argument.value;
      // (`!value`: the parser's types omit null, its output need not.)
      if (value && typeof value === 'object' && !Array.isArray(value) && value.type === 'keyValue') {
        if (value.key === 'fields') fields = fieldNames(value.value);
        if (value.key === 'name') name = valueString(value.value);
      } else if (fields === undefined) {
        fields = fieldNames(value);
      }
    }
    if (fields && fields.length > 0 && fields.every((field) => columns.has(field))) keys.push(keyOf(fields, attribute.name === 'id', name));
  }
  return { source: 'prisma', table, name: model.name, keys, location: where };
}

function valueString(value: unknown): string | undefined {
  return typeof value === 'string' ? unquote(value) : undefined;
}

/** `[a, b]`, with `slug(sort: Desc)` entries read as `slug`. */
function fieldNames(value: Value): string[] | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value) || value.type !== 'array') return undefined;
  // Typed as strings, but a sort argument makes an entry a function: `slug(sort: Desc)`.
  const args: readonly unknown[] = value.args;
  const names = args.map((entry) => {
    if (typeof entry === 'string') return entry;
    if (typeof entry === 'object' && entry !== null && (entry as { type?: unknown }).type === 'function') return String((entry as { name?: unknown }).name);
    return undefined;
  });
  return names.every((name): name is string => name !== undefined) ? names : undefined;
}
