import fs from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { CodemodUsageError, runCodemod } from '../../src/codemods/index.js';
import { idempotentInsert } from '../../src/codemods/idempotent-insert.js';
import { removeTempProjects, repoRoot, tempProject } from './temp-project.js';

const fixtures = path.join(repoRoot, 'fixtures/codemods/idempotent-insert');
afterAll(removeTempProjects);
const project = tempProject;

function caseFiles(name: string): Record<string, string> {
  const input = path.join(fixtures, name, 'input');
  return Object.fromEntries(fs.readdirSync(input).map((file) => [file, fs.readFileSync(path.join(input, file), 'utf8')]));
}

function listed(dir: string, options: Record<string, string | number | boolean> = {}) {
  const run = runCodemod({ codemod: idempotentInsert, cwd: dir, write: false, options });
  return { run, skipped: run.skipped };
}

describe('idempotent-insert: listed sites', () => {
  it('lists inserts into tables whose unique key is unknown or unset, and raw SQL, with what would make them fixable', () => {
    const { run, skipped } = listed(project(caseFiles('unknown-key-listed')));
    expect(run.files).toEqual([]);
    expect(skipped).toEqual([
      {
        file: 'worker.ts',
        line: 17,
        reason:
          "Knex insert(): no unique key is declared for table 'notifications' in the project (a Drizzle table, a TypeORM @Entity or schema.prisma); declare it there, or add the conflict clause by hand",
      },
      {
        file: 'worker.ts',
        line: 19,
        reason: 'Knex insert(): the inserted row does not set id or requestId, the unique keys the schema declares (audit.entity.ts:3)',
      },
      {
        file: 'worker.ts',
        line: 20,
        reason: 'raw node-postgres INSERT: raw SQL is not rewritten; add ON CONFLICT (<unique key>) DO NOTHING (MySQL: INSERT IGNORE) to the statement',
      },
    ]);
  });

  it('lists inserts whose result is used: DO NOTHING would return no row on a retry', () => {
    const { skipped } = listed(project(caseFiles('returning-listed')));
    expect(skipped.map((site) => `${String(site.line)}: ${site.reason.split(';')[0] ?? ''}`)).toEqual([
      '12: Drizzle insert(): it returns rows (.returning()), and with DO NOTHING a retried run gets no row back',
      '13: Drizzle insert(): its result is used, and with DO NOTHING a retried run inserts nothing (no row, zero counts)',
    ]);
  });

  it('lists Prisma creates it cannot turn into an exact upsert', () => {
    const { skipped } = listed(project(caseFiles('prisma-create-upsert')));
    expect(skipped).toEqual([
      {
        file: 'worker.ts',
        line: 25,
        reason: "Prisma create(): data does not set a unique key of Note (id) as a plain value (a variable, property or literal), which upsert()'s where needs",
      },
    ]);
  });

  it('lists Prisma create without a schema.prisma', () => {
    const files = caseFiles('prisma-create-upsert');
    delete files['schema.prisma'];
    const { run, skipped } = listed(project(files));
    expect(run.files).toEqual([]);
    expect(skipped).toHaveLength(3);
    expect(skipped[0]?.reason).toMatch(/^Prisma create\(\): no schema\.prisma found/u);
  });

  it('lists createMany when the datasource does not support skipDuplicates', () => {
    const files = caseFiles('prisma-create-many');
    files['schema.prisma'] = 'datasource db {\n  provider = "sqlserver"\n}\n';
    const { run, skipped } = listed(project(files));
    expect(run.files).toEqual([]);
    expect(skipped.map((site) => site.reason)).toEqual([
      'Prisma createMany(): Prisma does not support skipDuplicates on sqlserver; use upsert() per row on a unique field',
      'Prisma createMany(): Prisma does not support skipDuplicates on sqlserver; use upsert() per row on a unique field',
    ]);
  });

  it('lists an insert reached through a helper at the handler call, and edits nothing', () => {
    const files = caseFiles('knex-typeorm-entity');
    files['payments.ts'] = `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function recordPayment(eventId: string, amount: number): Promise<void> {
  await db('payments').insert({ event_id: eventId, amount });
}
`;
    files['webhooks.ts'] = `import express from 'express';

import { recordPayment } from './payments.js';

export const router = express.Router();

router.post('/webhooks/stripe', async (req, res) => {
  const event = req.body as { id: string; amount: number };
  await recordPayment(event.id, event.amount);
  res.sendStatus(200);
});
`;
    const { run, skipped } = listed(project(files));
    expect(run.files).toEqual([]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ file: 'webhooks.ts', line: 9 });
    expect(skipped[0]?.reason).toMatch(/^Knex insert\(\): runs in a helper \(recordPayment\(\) \(payments\.ts:5\)\)/u);
  });

  it('lists Drizzle inserts into MySQL tables (no ON CONFLICT DO NOTHING)', () => {
    const dir = project({
      'schema.ts': `import { int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';

export const users = mysqlTable('users', { id: int().primaryKey().autoincrement(), email: varchar({ length: 255 }).unique() });
`,
      'worker.ts': `import { Worker } from 'bullmq';
import { drizzle } from 'drizzle-orm/mysql2';

import { users } from './schema.js';

const db = drizzle('mysql://localhost/app');

new Worker<{ email: string }>(
  'signups',
  async (job) => {
    await db.insert(users).values({ email: job.data.email });
  },
  { connection: { host: 'localhost' } },
);
`,
    });
    const { run, skipped } = listed(dir);
    expect(run.files).toEqual([]);
    expect(skipped.map((site) => site.reason)).toEqual([
      'Drizzle insert(): MySQL has no ON CONFLICT DO NOTHING; use .onDuplicateKeyUpdate({ set: … }) or db.insert(t).ignore()',
    ]);
  });

  it('lists Kysely inserts on a MySQL dialect (no ON CONFLICT)', () => {
    const files = caseFiles('kysely-prisma-schema');
    files['consumer.ts'] = (files['consumer.ts'] ?? '')
      .replace("import { Kysely, PostgresDialect } from 'kysely';", "import { Kysely, MysqlDialect } from 'kysely';\nimport { createPool } from 'mysql2';")
      .replace("import pg from 'pg';\n", '')
      .replace('new PostgresDialect({ pool: new pg.Pool() })', 'new MysqlDialect({ pool: createPool({}) })');
    const { run, skipped } = listed(project(files));
    expect(run.files).toEqual([]);
    expect(skipped.map((site) => site.reason)).toEqual([
      'Kysely insertInto(): MysqlDialect has no ON CONFLICT; use .ignore() (MySQL) or .onDuplicateKeyUpdate({ … })',
      'Kysely insertInto(): MysqlDialect has no ON CONFLICT; use .ignore() (MySQL) or .onDuplicateKeyUpdate({ … })',
    ]);
  });
});

describe('idempotent-insert: options', () => {
  it('validates --prisma-upsert', () => {
    const dir = project({ 'a.ts': 'export const a = 1;\n' });
    expect(() => runCodemod({ codemod: idempotentInsert, cwd: dir, write: false, options: { 'prisma-upsert': 'maybe' } })).toThrow(
      new CodemodUsageError('--prisma-upsert must be true or false'),
    );
  });
});
