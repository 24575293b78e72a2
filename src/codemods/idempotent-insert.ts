import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import ts from 'typescript';

import { isFunctionNode, memberCall, staticMemberName, staticPropertyKey, unwrap, walk } from '../analysis/ast.js';
import type { FileAnalysis } from '../analysis/file-analysis.js';
import { type InsertSite, outerChain, type RetryableInsert, retryableInserts, retryableTaggedInsert } from '../analysis/inserts.js';
import { insertLibraryNames } from '../analysis/libraries/database-writes.js';
import { describeChain } from '../analysis/reach.js';
import { chooseKey, type DeclaredTable, keysOfTable, type UniqueKey, type UniqueKeyFacts, uniqueKeyFacts } from '../analysis/unique-keys.js';
import { constructionOf, staticObject } from '../analysis/values.js';
import { booleanOption } from './options.js';
import type { Codemod, SkippedSite, TextEdit } from './types.js';

/**
 * Makes the inserts `require-idempotent-insert` reports idempotent where the conflict target is
 * knowable: Prisma `createMany` gets `skipDuplicates: true`; Prisma `create` becomes `upsert` on a
 * unique field from schema.prisma; Knex, Drizzle and Kysely inserts get their library's
 * "on conflict do nothing" on a unique key the project's schema declares (Drizzle tables,
 * TypeORM entities, schema.prisma) and the inserted row sets. Everything else the rule reports
 * is listed with what would make it fixable.
 */
export const idempotentInsert: Codemod = {
  name: 'idempotent-insert',
  description: 'Make inserts in retryable handlers idempotent where the unique key is declared in the project (ON CONFLICT DO NOTHING, skipDuplicates, upsert).',
  options: {
    'prisma-upsert': { description: 'rewrite Prisma create() to upsert() on a unique field from schema.prisma (false: list them)', default: true },
  },
  transform(analysis, options) {
    const prismaUpsert = booleanOption(options, 'prisma-upsert', true);
    const edits: TextEdit[] = [];
    const skipped: SkippedSite[] = [];
    const seen = new Set<TSESTree.Node>();
    const handle = (found: RetryableInsert): void => {
      if (seen.has(found.node)) return;
      seen.add(found.node);
      const line = found.node.loc.start.line;
      const skip = (reason: string) => skipped.push({ file: analysis.filename, line, reason: `${insertName(found.site)}: ${reason}` });
      if (found.chain.length > 0) {
        skip(
          `runs in a helper (${describeChain(found.chain)}); the codemod edits inserts written in the handler only, because a helper may have callers that want an error on a duplicate — make the helper's insert idempotent by hand`,
        );
        return;
      }
      const fix = fixFor(found.analysis, found.site, prismaUpsert);
      if (typeof fix === 'string') skip(fix);
      else edits.push(...fix);
    };
    walk(analysis.ast, (node) => {
      if (isFunctionNode(node)) {
        for (const found of retryableInserts(analysis, node)) handle(found);
      } else if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
        const found = retryableTaggedInsert(analysis, node);
        if (found) handle(found);
      }
      return undefined;
    });
    return { edits, skipped };
  },
};

function insertName(site: InsertSite): string {
  const library = insertLibraryNames[site.library];
  return site.method === 'INSERT' ? `raw ${library} INSERT` : `${library} ${site.method}()`;
}

/** The edits for one insert written in a handler, or the reason it is left alone. */
function fixFor(analysis: FileAnalysis, site: InsertSite, prismaUpsert: boolean): TextEdit[] | string {
  if (site.method === 'INSERT') {
    return 'raw SQL is not rewritten; add ON CONFLICT (<unique key>) DO NOTHING (MySQL: INSERT IGNORE) to the statement';
  }
  const facts = analysis.types ? uniqueKeyFacts(analysis.types.program) : undefined;
  switch (site.library) {
    case 'prisma':
      if (site.method === 'create') {
        return prismaUpsert ? prismaCreate(analysis, site, facts) : 'left as is (--prisma-upsert false); use upsert({ where, create, update: {} }) on a unique field';
      }
      return prismaCreateMany(analysis, site, facts);
    case 'knex':
      return site.method === 'insert' ? knexInsert(analysis, site, facts) : 'batchInsert has no conflict clause; use chunked insert(rows).onConflict(<unique columns>).ignore()';
    case 'drizzle':
      return drizzleInsert(analysis, site, facts);
    case 'kysely':
      return kyselyInsert(analysis, site, facts);
    case 'typeorm':
      return site.method === 'save'
        ? "save() selects then inserts, which two deliveries race; use repository.upsert(values, ['<unique column>']) with the entity's unique columns"
        : "TypeORM inserts are not rewritten; use repository.upsert(values, ['<unique column>']) or the query builder's .orIgnore() over a unique key";
    case 'sequelize':
      return 'Sequelize inserts are not rewritten; use upsert(), findOrCreate({ where: { <unique key> } }) or bulkCreate(rows, { ignoreDuplicates: true }) over a unique index';
    case 'mongoose':
      return 'Mongoose has no insert-or-ignore; use updateOne({ <unique key> }, { $setOnInsert: doc }, { upsert: true }) on a field with a unique index';
    default:
      return `${insertLibraryNames[site.library]} inserts are not rewritten`;
  }
}

// ---------------------------------------------------------------------------------------------
// Prisma

const PRISMA_NO_SKIP_DUPLICATES = new Set(['mongodb', 'sqlserver', 'sqlite']);

function prismaCreateMany(analysis: FileAnalysis, site: InsertSite, facts: UniqueKeyFacts | undefined): TextEdit[] | string {
  const fix = site.fix;
  if (fix?.type !== 'addProperty') return `pass the options as an object literal to ${site.method}() so skipDuplicates: true can be added`;
  if (site.method === 'createManyAndReturn' && resultUsed(site.node)) {
    return 'its result is used, and with skipDuplicates the rows that already existed are not returned; add skipDuplicates: true once the code tolerates that';
  }
  const provider = facts?.prisma.provider;
  if (provider !== undefined && PRISMA_NO_SKIP_DUPLICATES.has(provider)) {
    return `Prisma does not support skipDuplicates on ${provider}; use upsert() per row on a unique field`;
  }
  const argumentType = contextualType(analysis, fix.object);
  if (argumentType && !isLoose(argumentType) && !argumentType.getProperty('skipDuplicates')) {
    return "the generated client's createMany() takes no skipDuplicates (Prisma does not support it on MongoDB, SQL Server or SQLite); use upsert() per row";
  }
  return insertProperties(analysis, fix.object, ['skipDuplicates: true']);
}

/** `prisma.user.create({ data: { email, name } })` → `prisma.user.upsert({ where: { email }, create: { email, name }, update: {} })`. */
function prismaCreate(analysis: FileAnalysis, site: InsertSite, facts: UniqueKeyFacts | undefined): TextEdit[] | string {
  const call = site.call;
  if (call.type !== AST_NODE_TYPES.CallExpression) return 'not a call';
  const callee = unwrap(call.callee);
  const delegate = callee.type === AST_NODE_TYPES.MemberExpression ? unwrap(callee.object) : undefined;
  const delegateName = delegate?.type === AST_NODE_TYPES.MemberExpression ? staticMemberName(delegate) : undefined;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || delegateName === undefined) return 'the model delegate is not written as client.<model>; upsert() needs its unique key';
  if (!facts || facts.prisma.files.length === 0) {
    return 'no schema.prisma found (prisma/schema.prisma, schema.prisma, prisma/schema/ or package.json "prisma.schema"), so no unique field is known for upsert({ where, create, update: {} })';
  }
  if (facts.prisma.error !== undefined) return `schema.prisma could not be parsed (${facts.prisma.error}); upsert() needs its unique fields`;
  const model = facts.prismaModels.get(delegateName);
  if (!model) return `no model for prisma.${delegateName} in ${facts.prisma.files.length === 1 ? 'schema.prisma' : 'the Prisma schema'}`;
  const args = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (args?.type !== AST_NODE_TYPES.ObjectExpression) return 'the arguments are not an object literal the codemod can rewrite to upsert()';
  const dataProperty = args.properties.find(
    (property): property is TSESTree.Property => property.type === AST_NODE_TYPES.Property && staticPropertyKey(property) === 'data',
  );
  if (!dataProperty || args.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement)) {
    return 'the arguments are not { data: … } written out; upsert() needs data as an object literal';
  }
  const data = unwrap(dataProperty.value);
  if (data.type !== AST_NODE_TYPES.ObjectExpression) return `upsert() needs data as an object literal that sets ${describeKeys(model.keys, 'fields')}`;
  const plain = plainProperties(analysis, data);
  const key = chooseKey(model.keys, (candidate) => candidate.fields, new Set(plain.keys()));
  if (!key) {
    return model.keys.length === 0
      ? `model ${model.name} declares no @id or @unique in ${model.location}; upsert() needs one`
      : `data does not set a unique key of ${model.name} (${describeKeys(model.keys, 'fields')}) as a plain value (a variable, property or literal), which upsert()'s where needs`;
  }
  const values = key.fields.map((field) => {
    const text = plain.get(field) ?? field;
    return text === field ? field : `${field}: ${text}`;
  });
  const where = key.prismaName === undefined ? `{ ${values.join(', ')} }` : `{ ${key.prismaName}: { ${values.join(', ')} } }`;
  const file = analysis.filename;
  const edits: TextEdit[] = [{ file, start: callee.property.range[0], end: callee.property.range[1], text: 'upsert' }];
  edits.push(
    dataProperty.shorthand
      ? { file, start: dataProperty.range[0], end: dataProperty.range[1], text: 'create: data' }
      : { file, start: dataProperty.key.range[0], end: dataProperty.key.range[1], text: 'create' },
  );
  const first = args.properties[0];
  if (!first) return 'no data';
  const multiline = first.loc.start.line !== args.loc.start.line;
  const whereText = multiline ? `where: ${where},\n${' '.repeat(first.loc.start.column)}` : `where: ${where}, `;
  edits.push({ file, start: first.range[0], end: first.range[0], text: whereText });
  edits.push(...insertProperties(analysis, args, ['update: {}']));
  return edits;
}

/** Properties of a data literal whose value can be written twice: identifiers, property paths, literals. Later spreads may override. */
function plainProperties(analysis: FileAnalysis, object: TSESTree.ObjectExpression): Map<string, string> {
  const plain = new Map<string, string>();
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      plain.clear();
      continue;
    }
    const key = staticPropertyKey(property);
    if (key === undefined || property.kind !== 'init' || property.method) continue;
    const value = property.value;
    if (isPlainValue(value)) plain.set(key, analysis.text.slice(value.range[0], value.range[1]));
    else plain.delete(key);
  }
  return plain;
}

function isPlainValue(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.ThisExpression:
      return true;
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.length === 0;
    case AST_NODE_TYPES.MemberExpression:
      return !node.computed && !node.optional && isPlainValue(node.object);
    default:
      return false;
  }
}

function describeKeys(keys: readonly UniqueKey[], names: 'fields' | 'columns'): string {
  if (keys.length === 0) return 'a unique key';
  return keys.map((key) => key[names].map((name) => name ?? '?').join(' + ')).join(' or ');
}

// ---------------------------------------------------------------------------------------------
// Query builders

/** What may follow the insert call on its chain before the conflict clause goes in. */
const KNEX_BUILDING = new Set(['into', 'table', 'withSchema']);
const RUNNERS = new Set(['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow', 'run']);

interface BuilderPlan {
  /** The call the conflict clause follows. */
  readonly after: TSESTree.CallExpression;
  readonly row: TSESTree.Node | undefined;
}

/** The chain after the insert call, checked: conflict clause position and the row, or a reason. */
function builderPlan(site: InsertSite, library: 'knex' | 'drizzle' | 'kysely'): BuilderPlan | string {
  const call = site.call;
  if (call.type !== AST_NODE_TYPES.CallExpression) return 'not a call';
  const links = outerChain(call);
  const names = links.map((link) => link.name);
  // Knex: insert(rows, ['id']) returns those columns.
  if (names.some((name) => name.startsWith('returning')) || (library === 'knex' && call.arguments.length > 1)) {
    return 'it returns rows (.returning()), and with DO NOTHING a retried run gets no row back; add the conflict clause by hand once the code handles an empty result';
  }
  let after: TSESTree.CallExpression = call;
  let row: TSESTree.Node | undefined = library === 'knex' ? call.arguments[0] : undefined;
  let index = 0;
  for (; index < links.length; index++) {
    const link = links[index];
    if (!link) break;
    if (library === 'knex' ? !KNEX_BUILDING.has(link.name) : link.name !== 'values' || index > 0) break;
    after = link.call;
    if (link.name === 'values') row = link.call.arguments[0];
  }
  const rest = links.slice(index);
  if (rest.some((link) => !RUNNERS.has(link.name)) || (library === 'knex' && rest.length > 0)) {
    return `the chain goes on with ${rest.map((link) => `.${link.name}()`).join('')}; add the conflict clause by hand`;
  }
  if (library !== 'knex' && after === call) return 'the rows are not given with .values(…)';
  if (resultUsed(links.at(-1)?.call ?? call)) {
    return 'its result is used, and with DO NOTHING a retried run inserts nothing (no row, zero counts); add the conflict clause by hand once the code tolerates that';
  }
  return { after, row };
}

function knexInsert(analysis: FileAnalysis, site: InsertSite, facts: UniqueKeyFacts | undefined): TextEdit[] | string {
  const plan = builderPlan(site, 'knex');
  if (typeof plan === 'string') return plan;
  const key = tableKey(analysis, site, facts, plan.row);
  if (typeof key === 'string') return key;
  if (!hasMethod(analysis, plan.after, 'onConflict')) return "the query builder's type has no onConflict()";
  const columns = key.columns as string[];
  const target = columns.length === 1 ? quote(columns[0] ?? '') : `[${columns.map(quote).join(', ')}]`;
  return [appendToChain(analysis, plan.after, `.onConflict(${target}).ignore()`)];
}

function kyselyInsert(analysis: FileAnalysis, site: InsertSite, facts: UniqueKeyFacts | undefined): TextEdit[] | string {
  const plan = builderPlan(site, 'kysely');
  if (typeof plan === 'string') return plan;
  const dialect = kyselyDialect(analysis, site);
  if (dialect !== undefined && /mysql|mssql/iu.test(dialect)) {
    return `${dialect} has no ON CONFLICT; use .ignore() (MySQL) or .onDuplicateKeyUpdate({ … })`;
  }
  const key = tableKey(analysis, site, facts, plan.row);
  if (typeof key === 'string') return key;
  if (!hasMethod(analysis, plan.after, 'onConflict')) return "the query builder's type has no onConflict()";
  const columns = key.columns as string[];
  const target = columns.length === 1 ? `oc.column(${quote(columns[0] ?? '')})` : `oc.columns([${columns.map(quote).join(', ')}])`;
  return [appendToChain(analysis, plan.after, `.onConflict((oc) => ${target}.doNothing())`)];
}

function drizzleInsert(analysis: FileAnalysis, site: InsertSite, facts: UniqueKeyFacts | undefined): TextEdit[] | string {
  const plan = builderPlan(site, 'drizzle');
  if (typeof plan === 'string') return plan;
  const call = site.call as TSESTree.CallExpression;
  const tableArgument = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (!tableArgument || !isPlainValue(tableArgument) || tableArgument.type === AST_NODE_TYPES.Literal) {
    return 'the table is not a variable or property the conflict target can name';
  }
  const table = facts ? drizzleTableOf(analysis, tableArgument, facts) : undefined;
  if (!table) return 'the table is not a pgTable/sqliteTable/mysqlTable definition in the project, so its unique keys are unknown';
  if (table.dialect === 'mysql' || !hasMethod(analysis, plan.after, 'onConflictDoNothing')) {
    return 'MySQL has no ON CONFLICT DO NOTHING; use .onDuplicateKeyUpdate({ set: … }) or db.insert(t).ignore()';
  }
  const row = rowNames(analysis, plan.row);
  if (!row) return 'the inserted row is not an object literal (or a const bound to one) whose keys the codemod can read';
  const key = chooseKey(table.keys, (candidate) => candidate.fields, row);
  if (!key) return noKeyReason(table.keys.length > 0 ? table.keys : [], table, 'fields');
  const tableText = analysis.text.slice(tableArgument.range[0], tableArgument.range[1]);
  const columns = key.fields.map((field) => `${tableText}.${field}`);
  const target = columns.length === 1 ? (columns[0] ?? '') : `[${columns.join(', ')}]`;
  return [appendToChain(analysis, plan.after, `.onConflictDoNothing({ target: ${target} })`)];
}

/** Knex/Kysely: the table's declared keys by database name, and one the row sets (by column name). */
function tableKey(analysis: FileAnalysis, site: InsertSite, facts: UniqueKeyFacts | undefined, rowNode: TSESTree.Node | undefined): UniqueKey | string {
  if (site.table === undefined) return 'the table name is not a string the codemod can read';
  const { keys, declarations } = facts ? keysOfTable(facts, site.table) : { keys: [], declarations: [] };
  if (declarations.length === 0) {
    return `no unique key is declared for table '${site.table}' in the project (a Drizzle table, a TypeORM @Entity or schema.prisma); declare it there, or add the conflict clause by hand`;
  }
  const row = rowNames(analysis, rowNode);
  if (!row) return 'the inserted row is not an object literal (or a const bound to one) whose keys the codemod can read';
  const key = chooseKey(keys, (candidate) => candidate.columns, row);
  if (!key) return noKeyReason(keys, declarations[0], 'columns');
  return key;
}

function noKeyReason(keys: readonly UniqueKey[], table: DeclaredTable | undefined, names: 'fields' | 'columns'): string {
  const where = table ? ` (${table.location})` : '';
  if (keys.length === 0) return `the schema declares no unique key with known column names for this table${where}`;
  return `the inserted row does not set ${describeKeys(keys, names)}, the unique keys the schema declares${where}`;
}

/** Property names set in the row literal; for an array of literals, the names every row sets. */
function rowNames(analysis: FileAnalysis, node: TSESTree.Node | undefined): Set<string> | undefined {
  if (!node) return undefined;
  const value = unwrap(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    let common: Set<string> | undefined;
    for (const element of value.elements) {
      if (!element || element.type === AST_NODE_TYPES.SpreadElement) return undefined;
      const names = rowNames(analysis, element);
      if (!names) return undefined;
      common = common ? new Set([...common].filter((name) => names.has(name))) : names;
    }
    return common;
  }
  const object = staticObject(analysis, value);
  return object ? new Set(object.properties.keys()) : undefined;
}

function drizzleTableOf(analysis: FileAnalysis, node: TSESTree.Node, facts: UniqueKeyFacts): DeclaredTable | undefined {
  const types = analysis.types;
  if (!types) return undefined;
  const tsNode = types.services.esTreeNodeToTSNodeMap.get(node);
  let symbol = types.checker.getSymbolAtLocation(tsNode);
  if (!symbol) return undefined;
  // An import of the table (`import { users } from './schema.js'`) stands for its declaration.
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = types.checker.getAliasedSymbol(symbol);
  for (const declaration of symbol.declarations ?? []) {
    const table = facts.drizzleTables.get(declaration);
    if (table) return table;
  }
  return undefined;
}

/** `new Kysely<DB>({ dialect: new PostgresDialect(…) })` → `PostgresDialect`. */
function kyselyDialect(analysis: FileAnalysis, site: InsertSite): string | undefined {
  const call = site.call;
  if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const member = memberCall(call);
  const construction = member ? constructionOf(analysis, member.object) : undefined;
  if (construction?.node.type !== AST_NODE_TYPES.NewExpression) return undefined;
  const options = staticObject(construction.analysis, construction.node.arguments[0]);
  const dialect = options?.properties.get('dialect');
  const value = dialect ? unwrap(dialect.value) : undefined;
  if (value?.type !== AST_NODE_TYPES.NewExpression) return undefined;
  const callee = unwrap(value.callee);
  return callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined;
}

// ---------------------------------------------------------------------------------------------
// Shared

/** The value of the expression goes somewhere: anything but an expression statement (awaited or not) or `void`. */
function resultUsed(node: TSESTree.Node): boolean {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return false;
    if (
      parent.type === AST_NODE_TYPES.AwaitExpression ||
      parent.type === AST_NODE_TYPES.ChainExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSAsExpression
    ) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.ExpressionStatement) return false;
    return !(parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void');
  }
}

/** `.x()` after `call`; on its own line when the chain puts each call on its own line. */
function appendToChain(analysis: FileAnalysis, call: TSESTree.CallExpression, text: string): TextEdit {
  const callee = call.callee;
  let prefix = '';
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const between = analysis.text.slice(callee.object.range[1], callee.property.range[0]);
    if (between.includes('\n')) {
      const lineStart = analysis.text.lastIndexOf('\n', callee.property.range[0]) + 1;
      const indent = /^[ \t]*/u.exec(analysis.text.slice(lineStart))?.[0] ?? '';
      prefix = `\n${indent}`;
    }
  }
  return { file: analysis.filename, start: call.range[1], end: call.range[1], text: `${prefix}${text}` };
}

/** After the last property, on its own line when the object is written one property per line. */
function insertProperties(analysis: FileAnalysis, object: TSESTree.ObjectExpression, properties: readonly string[]): TextEdit[] {
  const file = analysis.filename;
  const text = properties.join(', ');
  const last = object.properties.at(-1);
  if (!last) return [{ file, start: object.range[0], end: object.range[1], text: `{ ${text} }` }];
  const multiline = last.loc.start.line !== object.loc.start.line;
  const separator = multiline ? `,\n${' '.repeat(last.loc.start.column)}` : ', ';
  return [{ file, start: last.range[1], end: last.range[1], text: `${separator}${text}` }];
}

function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function tsNodeOf(analysis: FileAnalysis, node: TSESTree.Node): ts.Node | undefined {
  return analysis.types?.services.esTreeNodeToTSNodeMap.get(node);
}

/** The type of the value `call` returns has `method` (unknown without type information: assumed). */
function hasMethod(analysis: FileAnalysis, call: TSESTree.CallExpression, method: string): boolean {
  const types = analysis.types;
  const tsNode = tsNodeOf(analysis, call);
  if (!types || !tsNode) return true;
  const type = types.checker.getTypeAtLocation(tsNode);
  return isLoose(type) || type.getProperty(method) !== undefined;
}

function contextualType(analysis: FileAnalysis, node: TSESTree.ObjectExpression): ts.Type | undefined {
  const types = analysis.types;
  const tsNode = tsNodeOf(analysis, node);
  if (!types || !tsNode) return undefined;
  return types.checker.getContextualType(tsNode as ts.Expression);
}

/** any/unknown: nothing to check against. */
function isLoose(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}
