import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

import { chooseKey, keysOfTable, plainTableName, type UniqueKey, uniqueKeyFacts } from '../../src/analysis/unique-keys.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** A program over `files` in a fresh folder (imports are not resolved: collection is syntactic). */
function program(files: Record<string, string>): ts.Program {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalability-unique-keys-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const rootNames = Object.keys(files)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name));
  return ts.createProgram({ rootNames, options: { noLib: true, noResolve: true, experimentalDecorators: true } });
}

function describeKeys(keys: readonly UniqueKey[]): string[] {
  return keys.map((key) => `${key.primary ? 'pk' : 'uq'} ${key.fields.join('+')} → ${key.columns.map((column) => column ?? '?').join('+')}${key.prismaName === undefined ? '' : ` (${key.prismaName})`}`);
}

function tableKeys(files: Record<string, string>, table: string): string[] {
  return describeKeys(keysOfTable(uniqueKeyFacts(program(files)), table).keys);
}

describe('Drizzle tables', () => {
  const schema = `
import { integer, pgTable, primaryKey, serial, text, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import * as my from 'drizzle-orm/mysql-core';

export const users = pgTable('users', {
  id: serial().primaryKey(),
  email: text('email_address').notNull().unique(),
  displayName: text(),
});

export const members = pgTable(
  'members',
  { orgId: integer('org_id'), userId: integer('user_id'), slug: text('slug'), nick: text('nick') },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId] }),
    unique().on(t.orgId, t.slug),
    uniqueIndex('members_nick').on(t.nick).where(sql\`nick is not null\`),
  ],
);

export const legacy = pgTable('legacy', { a: integer('a'), b: integer('b') }, (t) => ({ ab: uniqueIndex('legacy_ab').on(t.a, t.b) }));

export const accounts = my.mysqlTable('accounts', { id: my.int('id').primaryKey(), handle: my.varchar('handle', { length: 20 }).unique() });
`;

  it('reads column and table-level keys with their column names', () => {
    const facts = uniqueKeyFacts(program({ 'schema.ts': schema }));
    expect(describeKeys(keysOfTable(facts, 'users').keys)).toEqual(['pk id → id', 'uq email → email_address']);
    // A partial unique index is no conflict target.
    expect(describeKeys(keysOfTable(facts, 'members').keys)).toEqual(['pk orgId+userId → org_id+user_id', 'uq orgId+slug → org_id+slug']);
    expect(describeKeys(keysOfTable(facts, 'legacy').keys)).toEqual(['uq a+b → a+b']);
  });

  it('indexes tables by their variable declaration, with the dialect', () => {
    const facts = uniqueKeyFacts(program({ 'schema.ts': schema }));
    const byName = new Map([...facts.drizzleTables.values()].map((table) => [table.name, table]));
    expect(byName.get('users')?.dialect).toBe('pg');
    expect(byName.get('accounts')?.dialect).toBe('mysql');
    expect(describeKeys(byName.get('accounts')?.keys ?? [])).toEqual(['pk id → id', 'uq handle → handle']);
    expect(byName.get('users')?.location).toBe('schema.ts:5');
  });

  it('does not guess column names for camelCase keys when a casing option is used', () => {
    const files = {
      'schema.ts': `import { pgTable, text } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { externalId: text().unique(), email: text().unique() });`,
      'db.ts': `import { drizzle } from 'drizzle-orm/node-postgres';
export const db = drizzle({ connection: 'postgres://', casing: 'snake_case' });`,
    };
    expect(tableKeys(files, 'users')).toEqual(['uq email → email']);
    expect(describeKeys(keysOfTable(uniqueKeyFacts(program(files)), 'users').declarations[0]?.keys ?? [])).toEqual(['uq externalId → ?', 'uq email → email']);
  });

  it('ignores tables built from other packages', () => {
    expect(tableKeys({ 'schema.ts': `import { pgTable } from './not-drizzle.js';\nexport const t = pgTable('t', { id: serial().primaryKey() });` }, 't')).toEqual([]);
  });
});

describe('TypeORM entities', () => {
  const entity = `
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity('payments')
@Unique(['eventId'])
@Index(['customerId', 'day'], { unique: true })
@Index(['note'], { unique: true, where: '"note" IS NOT NULL' })
export class Payment {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'event_id' }) eventId!: string;
  @Column('varchar', { name: 'customer_id' }) customerId!: string;
  @Column() day!: string;
  @Column({ nullable: true }) note!: string;
  @Column({ unique: true }) reference!: string;
  @Index({ unique: true }) @Column() code!: string;
  @Column({ unique: true }) externalRef!: string;
}

@Entity()
export class OrderLine {
  @PrimaryColumn() orderId!: number;
  @PrimaryColumn({ name: 'line_no' }) lineNo!: number;
}

@Entity({ name: 'tags' })
export class Tag {
  @PrimaryColumn() name!: string;
}
`;

  it('reads @Unique, unique @Index, @Column({ unique }) and primary columns, mapped to column names', () => {
    expect(tableKeys({ 'payment.entity.ts': entity }, 'payments')).toEqual([
      'pk id → id',
      'uq reference → reference',
      'uq code → code',
      'uq externalRef → externalRef',
      'uq eventId → event_id',
      'uq customerId+day → customer_id+day',
    ]);
  });

  it('names tables like the default naming strategy', () => {
    expect(tableKeys({ 'payment.entity.ts': entity }, 'order_line')).toEqual(['pk orderId+lineNo → orderId+line_no']);
    expect(tableKeys({ 'payment.entity.ts': entity }, 'public.tags')).toEqual(['pk name → name']);
  });

  it('knows only explicit names once a naming strategy is configured', () => {
    const files = { 'payment.entity.ts': entity, 'data-source.ts': `export const options = { namingStrategy: new SnakeNamingStrategy() };` };
    const facts = uniqueKeyFacts(program(files));
    expect(facts.byTable.has('order_line')).toBe(false);
    // `externalRef` may be external_ref now; `day` is the same in every casing; `customerId` has an explicit name.
    expect(describeKeys(keysOfTable(facts, 'payments').keys)).toEqual([
      'pk id → id',
      'uq reference → reference',
      'uq code → code',
      'uq eventId → event_id',
      'uq customerId+day → customer_id+day',
    ]);
  });
});

describe('Prisma schema', () => {
  const schema = `
datasource db {
  provider = "postgresql"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique @map("email_address")
  org   String
  slug  String
  posts Post[]

  @@unique([org, slug(sort: Desc)], name: "org_slug_key")
  @@map("users")
}

model Post {
  authorId Int
  day      String
  author   User   @relation(fields: [authorId], references: [id])

  @@id([authorId, day])
}
`;

  it('reads @id, @unique, @@id and @@unique with @map/@@map names and compound key names', () => {
    const facts = uniqueKeyFacts(program({ 'index.ts': 'export {};', 'prisma/schema.prisma': schema }));
    expect(facts.prisma.files.map((file) => path.basename(file))).toEqual(['schema.prisma']);
    expect(facts.prisma.provider).toBe('postgresql');
    expect(describeKeys(facts.prismaModels.get('user')?.keys ?? [])).toEqual([
      'pk id → id',
      'uq email → email_address',
      'uq org+slug → org+slug (org_slug_key)',
    ]);
    expect(describeKeys(keysOfTable(facts, 'Post').keys)).toEqual(['pk authorId+day → authorId+day (authorId_day)']);
    expect(keysOfTable(facts, 'users').declarations.map((table) => table.name)).toEqual(['User']);
  });

  it('follows package.json "prisma.schema"', () => {
    const facts = uniqueKeyFacts(
      program({ 'index.ts': 'export {};', 'package.json': '{ "prisma": { "schema": "db/main.prisma" } }', 'db/main.prisma': schema }),
    );
    expect(facts.prismaModels.has('post')).toBe(true);
  });

  it('reports a schema it cannot parse instead of guessing', () => {
    const facts = uniqueKeyFacts(program({ 'index.ts': 'export {};', 'schema.prisma': 'model User {\n  id Int @id\n' }));
    expect(facts.prisma.error).toMatch(/^schema\.prisma: /u);
    expect(facts.prismaModels.size).toBe(0);
  });

  it('finds nothing without a schema', () => {
    expect(uniqueKeyFacts(program({ 'index.ts': 'export {};' })).prisma.files).toEqual([]);
  });
});

describe('choosing a key', () => {
  it('keeps only the keys every declaration of a table agrees on', () => {
    const files = {
      'schema.ts': `import { pgTable, text } from 'drizzle-orm/pg-core';
export const a = pgTable('events', { id: text('id').primaryKey(), ref: text('ref').unique() });`,
      'event.entity.ts': `import { Entity, PrimaryColumn } from 'typeorm';
@Entity('events') export class Event { @PrimaryColumn() id!: string; }`,
    };
    expect(tableKeys(files, 'events')).toEqual(['pk id → id']);
  });

  it('prefers the fewest columns, then a primary key, among keys the row sets', () => {
    const keys: UniqueKey[] = [
      { fields: ['org', 'slug'], columns: ['org', 'slug'], primary: false },
      { fields: ['email'], columns: ['email'], primary: false },
      { fields: ['id'], columns: ['id'], primary: true },
    ];
    const pick = (row: string[]) => chooseKey(keys, (key) => key.columns, new Set(row))?.fields.join('+');
    expect(pick(['id', 'email', 'org', 'slug'])).toBe('id');
    expect(pick(['email', 'org', 'slug'])).toBe('email');
    expect(pick(['org', 'slug', 'name'])).toBe('org+slug');
    expect(pick(['name'])).toBeUndefined();
  });

  it('strips schema prefixes, aliases and quotes from table names', () => {
    expect(plainTableName('public.users as u')).toBe('users');
    expect(plainTableName('"audit"."events"')).toBe('events');
  });

  it('collects once per program', () => {
    const built = program({ 'index.ts': 'export {};' });
    expect(uniqueKeyFacts(built)).toBe(uniqueKeyFacts(built));
  });
});
