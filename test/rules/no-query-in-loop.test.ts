import path from 'node:path';

import type { InvalidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../src/rules/no-query-in-loop.js';
import { fixtureFile, fixturesDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const PRISMA = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
`;

const valid: string[] = [
  // Prisma's dataloader batches findUnique calls issued in one tick
  `${PRISMA}export async function load(ids: number[]) {
  return Promise.all(ids.map((id) => prisma.user.findUnique({ where: { id } })));
}`,
  // …also from a forEach/for…of that awaits nothing before the call
  `${PRISMA}export async function load(ids: number[]) {
  const pending: Promise<unknown>[] = [];
  for (const id of ids) pending.push(prisma.user.findUnique({ where: { id } }));
  return Promise.all(pending);
}`,
  // cursor paging: each page starts where the last one ended
  `${PRISMA}export async function exportAll(ids: number[]) {
  let cursor: number | undefined;
  for (const _ of ids) {
    const page = await prisma.user.findMany({ where: {}, orderBy: { id: 'asc' }, ...(cursor ? { cursor: { id: cursor } } : {}) });
    cursor = page.at(-1)?.id;
  }
}`,
  // offset paging in a counting loop: each query is one page
  `${PRISMA}export async function exportAll(pages: number) {
  for (let page = 0; page < pages; page++) {
    await prisma.user.findMany({ skip: page * 100, take: 100 });
  }
}`,
  // a batch per chunk is already set-based
  `${PRISMA}export async function load(chunks: number[][]) {
  for (const chunk of chunks) await prisma.user.findMany({ where: { id: { in: chunk } } });
}`,
  // writes collected for one batched $transaction
  `${PRISMA}export async function save(items: { id: number; qty: number }[]) {
  const ops = [];
  for (const item of items) ops.push(prisma.stock.update({ where: { id: item.id }, data: { qty: item.qty } }));
  await prisma.$transaction(ops);
}`,
  // an interactive transaction: its statements run in order on one connection
  `${PRISMA}export async function reserve(items: { id: number; qty: number }[]) {
  await prisma.$transaction(async (tx) => {
    for (const item of items) {
      await tx.stock.update({ where: { id: item.id }, data: { qty: { decrement: item.qty } } });
    }
  });
}`,
  // a handler registered per route runs per request, not per loop iteration
  `${PRISMA}import express from 'express';
const app = express();
for (const path of ['/a', '/b']) {
  app.get(path, async (_req, res) => { res.json(await prisma.user.findFirst()); });
}`,
  // a worker registered per queue
  `import { Worker } from 'bullmq';
${PRISMA}for (const name of ['mail', 'sms']) {
  new Worker(name, async () => { await prisma.job.findFirst(); });
}`,
  // a query outside any loop
  `${PRISMA}export async function one(id: number) { return prisma.user.findFirst({ where: { id } }); }`,
  // Redis commands queued on a pipeline are sent by one exec()
  `import Redis from 'ioredis';
const redis = new Redis();
export async function load(keys: string[]) {
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.get(key);
  return pipeline.exec();
}`,
  // one exec() per chunk of keys is batched
  `import Redis from 'ioredis';
const redis = new Redis();
export async function load(chunks: string[][]) {
  for (const chunk of chunks) await redis.mget(...chunk);
}`,
  // SCAN walks the keyspace with a cursor
  `import Redis from 'ioredis';
const redis = new Redis();
export async function keys() {
  let cursor = '0';
  const found: string[] = [];
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', 'user:*');
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found;
}`,
  // a polling loop is not a loop over items
  `import Redis from 'ioredis';
const redis = new Redis();
export async function consume(running: () => boolean) {
  while (running()) {
    const job = await redis.brpop('jobs', 5);
    if (job) console.log(job);
  }
}`,
  // lookalikes: a Map's get and a local object's find
  `export function lookup(ids: string[], cache: Map<string, number>) {
  const out = [];
  for (const id of ids) out.push(cache.get(id));
  return out;
}`,
  `const repo = { find(id: string) { return id; } };
export function all(ids: string[]) { return ids.map((id) => repo.find(id)); }`,
  // a Knex query built up in a loop and run once
  `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function search(filters: [string, string][]) {
  let query = db('users');
  for (const [column, value] of filters) query = query.where(column, value);
  return await query;
}`,
  // Sequelize statements bound to a transaction
  `import { Sequelize, Model } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
class Stock extends Model {}
export async function reserve(items: { id: number }[]) {
  const t = await sequelize.transaction();
  for (const item of items) await Stock.increment('qty', { where: { id: item.id }, transaction: t });
  await t.commit();
}`,
  // pg: a client inside BEGIN … COMMIT
  `import pg from 'pg';
const pool = new pg.Pool();
export async function move(items: { id: number }[]) {
  const client = await pool.connect();
  await client.query('BEGIN');
  for (const item of items) await client.query('UPDATE stock SET qty = qty - 1 WHERE id = $1', [item.id]);
  await client.query('COMMIT');
  client.release();
}`,
  // each insert chains off the previous row: sequential by nature
  `${PRISMA}export async function chain(names: string[]) {
  let parent = await prisma.node.create({ data: { name: 'root' } });
  for (const name of names) {
    parent = await prisma.node.create({ data: { name, parentId: parent.id } });
  }
}`,
  // a fixed list written in the code, and a retry loop: their cost does not grow with the data
  `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function reset() {
  for (const table of ['sessions', 'tokens']) await db(table).del();
}`,
  `import pg from 'pg';
const pool = new pg.Pool();
const MAX_ATTEMPTS = 3;
export async function ping() {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    try { return await pool.query('SELECT 1'); } catch { /* retry */ }
  }
}`,
  // a per-item helper that writes is per-item processing, not a data accessor
  `${PRISMA}async function archive(id: number) {
  await prisma.order.update({ where: { id }, data: { archived: true } });
}
export async function archiveAll(ids: number[]) {
  for (const id of ids) await archive(id);
}`,
  // Kysely: the builder is extended in a loop and executed once
  `import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool() }) });
export async function search(names: string[]) {
  let query = db.selectFrom('users').selectAll();
  for (const name of names) query = query.where('name', '=', name);
  return query.execute();
}`,
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `${PRISMA}export async function load(ids: number[]) {
  const users = [];
  for (const id of ids) {
    users.push(await prisma.user.findUnique({ where: { id } }));
  }
  return users;
}`,
    errors: [
      {
        messageId: 'queryInLoop',
        line: 6,
        column: 22,
        data: { library: 'Prisma', method: 'findUnique', loop: 'for…of loop', batched: '`findMany({ where: { id: { in: ids } } })`' },
        suggestions: [],
      },
    ],
  },
  {
    // findFirst is not batched by the dataloader
    code: `${PRISMA}export async function load(ids: number[]) {
  return Promise.all(ids.map((id) => prisma.user.findFirst({ where: { id } })));
}`,
    errors: [{ messageId: 'queryInLoop', line: 4, data: { library: 'Prisma', method: 'findFirst', loop: '.map() callback', batched: '`findMany({ where: { id: { in: ids } } })`' } }],
  },
  {
    // an await before the call: the calls are no longer in one tick
    code: `${PRISMA}export async function load(ids: number[]) {
  return Promise.all(ids.map(async (id) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return prisma.user.findUnique({ where: { id } });
  }));
}`,
    errors: [{ messageId: 'queryInLoop', line: 6, data: { library: 'Prisma', method: 'findUnique', loop: '.map() callback', batched: '`findMany({ where: { id: { in: ids } } })`' } }],
  },
  {
    code: `${PRISMA}export async function create(rows: { name: string }[]) {
  rows.forEach(async (row) => { await prisma.user.create({ data: row }); });
}`,
    errors: [{ messageId: 'queryInLoop', line: 4, data: { library: 'Prisma', method: 'create', loop: '.forEach() callback', batched: '`createMany({ data: rows })`' } }],
  },
  {
    code: `${PRISMA}export async function raw(ids: number[]) {
  for (const id of ids) await prisma.$queryRaw\`SELECT * FROM users WHERE id = \${id}\`;
}`,
    errors: [{ messageId: 'queryInLoop', line: 4, data: { library: 'Prisma', method: '$queryRaw', loop: 'for…of loop', batched: 'one statement with `WHERE id = ANY(${ids})` or a multi-row VALUES list' } }],
  },
  {
    code: `import { DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
@Entity() class User { @PrimaryGeneratedColumn() id!: number; }
const dataSource = new DataSource({ type: 'postgres' });
const users = dataSource.getRepository(User);
export async function load(ids: number[]) {
  for (const id of ids) await users.findOneBy({ id });
}`,
    errors: [{ messageId: 'queryInLoop', line: 6, data: { library: 'TypeORM', method: 'findOneBy', loop: 'for…of loop', batched: '`findBy({ id: In(ids) })`' } }],
  },
  {
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function load(ids: number[]) {
  for (let i = 0; i < ids.length; i++) await dataSource.manager.findOne('User', { where: { id: ids[i] } });
}`,
    errors: [{ messageId: 'queryInLoop', line: 4, data: { library: 'TypeORM', method: 'findOne', loop: 'for loop', batched: '`findBy({ id: In(ids) })`' } }],
  },
  {
    code: `import { Model } from 'sequelize';
class Order extends Model {}
export async function load(ids: number[]) {
  return Promise.all(ids.map((id) => Order.findByPk(id)));
}`,
    errors: [{ messageId: 'queryInLoop', line: 4, data: { library: 'Sequelize', method: 'findByPk', loop: '.map() callback', batched: '`findAll({ where: { id: ids } })`' } }],
  },
  {
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function load(ids: number[]) {
  for (const id of ids) {
    const user = await db('users').where({ id }).first();
    console.log(user);
  }
}`,
    errors: [{ messageId: 'queryInLoop', line: 5, column: 24, data: { library: 'Knex', method: 'select', loop: 'for…of loop', batched: "`whereIn('id', ids)`" } }],
  },
  {
    code: `import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool() }) });
export async function load(ids: number[]) {
  for (const id of ids) await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}`,
    errors: [{ messageId: 'queryInLoop', line: 5, data: { library: 'Kysely', method: 'selectFrom', loop: 'for…of loop', batched: "`where('id', 'in', ids)`" } }],
  },
  {
    code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { eq } from 'drizzle-orm';
import { pgTable, serial, text } from 'drizzle-orm/pg-core';
const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });
const db = drizzle(process.env.DATABASE_URL!);
export async function load(ids: number[]) {
  for (const id of ids) await db.select().from(users).where(eq(users.id, id));
}`,
    errors: [{ messageId: 'queryInLoop', line: 7, column: 31, data: { library: 'Drizzle', method: 'select', loop: 'for…of loop', batched: '`where(inArray(table.id, ids))`' } }],
  },
  {
    code: `import mongoose from 'mongoose';
const User = mongoose.model('User', new mongoose.Schema({ name: String }));
export async function load(ids: string[]) {
  for (const id of ids) await User.findById(id).lean();
}`,
    errors: [{ messageId: 'queryInLoop', line: 4, data: { library: 'Mongoose', method: 'findById', loop: 'for…of loop', batched: '`find({ _id: { $in: ids } })`' } }],
  },
  {
    // deletes are batched by a delete, not by a find
    code: `import mongoose from 'mongoose';
const User = mongoose.model('User', new mongoose.Schema({ name: String }));
export async function purge(ids: string[]) {
  for (const id of ids) await User.findByIdAndDelete(id);
  for (const id of ids) await User.deleteOne({ _id: id });
}`,
    errors: [
      { messageId: 'queryInLoop', line: 4, data: { library: 'Mongoose', method: 'findByIdAndDelete', loop: 'for…of loop', batched: '`deleteMany({ _id: { $in: ids } })`' } },
      { messageId: 'queryInLoop', line: 5, data: { library: 'Mongoose', method: 'deleteOne', loop: 'for…of loop', batched: '`deleteMany({ _id: { $in: ids } })`' } },
    ],
  },
  {
    code: `import pg from 'pg';
const pool = new pg.Pool();
export async function load(ids: number[]) {
  for (const id of ids) await pool.query('SELECT * FROM users WHERE id = $1', [id]);
}`,
    errors: [{ messageId: 'queryInLoop', line: 4, data: { library: 'node-postgres', method: 'query', loop: 'for…of loop', batched: 'one statement: `WHERE id = ANY($1)` with an array parameter, or a multi-row INSERT' } }],
  },
  {
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ host: 'db' });
export async function load(ids: number[]) {
  await Promise.all(ids.map((id) => pool.execute('SELECT * FROM users WHERE id = ?', [id])));
}`,
    errors: [{ messageId: 'queryInLoop', line: 4, data: { library: 'mysql2', method: 'execute', loop: '.map() callback', batched: 'one statement: `WHERE id IN (?)` with an array, or `INSERT … VALUES ?` with rows' } }],
  },
  {
    code: `import Redis from 'ioredis';
const redis = new Redis();
export async function load(keys: string[]) {
  const values = [];
  for (const key of keys) values.push(await redis.get(key));
  return values;
}`,
    errors: [{ messageId: 'queryInLoop', line: 5, data: { library: 'ioredis', method: 'get', loop: 'for…of loop', batched: 'one mget(...keys)' } }],
  },
  {
    code: `import { createClient } from 'redis';
const client = createClient();
export async function load(keys: string[]) {
  return Promise.all(keys.map((key) => client.hGetAll(key)));
}`,
    errors: [{ messageId: 'queryInLoop', line: 4, data: { library: 'node-redis', method: 'hGetAll', loop: '.map() callback', batched: 'one `multi()` with every command, sent by a single `execAsPipeline()`' } }],
  },
  {
    // a counting while loop
    code: `import Redis from 'ioredis';
const redis = new Redis();
export async function touch(keys: string[]) {
  let i = 0;
  while (i < keys.length) {
    await redis.expire(keys[i], 60);
    i++;
  }
}`,
    errors: [{ messageId: 'queryInLoop', line: 6, data: { library: 'ioredis', method: 'expire', loop: 'while loop', batched: 'one `pipeline()` with every command, sent by a single `exec()`' } }],
  },
  {
    // a Drizzle builder returned to Promise.all runs once per id
    code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { eq } from 'drizzle-orm';
import { pgTable, serial } from 'drizzle-orm/pg-core';
const users = pgTable('users', { id: serial('id').primaryKey() });
const db = drizzle(process.env.DATABASE_URL!);
export function load(ids: number[]) {
  return Promise.all(ids.map((id) => db.select().from(users).where(eq(users.id, id))));
}`,
    errors: [{ messageId: 'queryInLoop', line: 7, column: 38, data: { library: 'Drizzle', method: 'select', loop: '.map() callback', batched: '`where(inArray(table.id, ids))`' } }],
  },
  {
    // a TypeORM save per row
    code: `import { Repository } from 'typeorm';
class User { id!: number; name!: string; }
export async function rename(users: Repository<User>, rows: User[]) {
  for (const row of rows) await users.save(row);
}`,
    errors: [{ messageId: 'queryInLoop', line: 4, column: 33, data: { library: 'TypeORM', method: 'save', loop: 'for…of loop', batched: 'one `save([...])` with an array' } }],
  },
  {
    // Drizzle relational query
    code: `import { drizzle } from 'drizzle-orm/node-postgres';
const db = drizzle(process.env.DATABASE_URL!);
export async function load(ids: number[]) {
  for (const id of ids) await db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, id) });
}`,
    errors: [{ messageId: 'queryInLoop', line: 4, data: { library: 'Drizzle', method: 'findFirst', loop: 'for…of loop', batched: '`where(inArray(table.id, ids))`' } }],
  },
  {
    // a for await loop over a cursor, one save per document
    code: `import mongoose from 'mongoose';
const User = mongoose.model('User', new mongoose.Schema({ name: String }));
export async function rename() {
  for await (const user of User.find().cursor()) {
    await User.updateOne({ _id: user._id }, { name: String(user.name).trim() });
  }
}`,
    errors: [{ messageId: 'queryInLoop', line: 5, data: { library: 'Mongoose', method: 'updateOne', loop: 'for await…of loop', batched: 'one `bulkWrite([...])` (or `updateMany` with `$in`)' } }],
  },
];

typedRuleTester().run('no-query-in-loop (typed)', rule, { valid, invalid });
untypedRuleTester().run('no-query-in-loop (untyped)', rule, { valid, invalid });

// A query reached through a project function: the message names the chain, whose locations are
// relative to the working directory (which differs between the typed and untyped testers).
const helperCode = `${PRISMA}async function loadUser(id: number) {
  return prisma.user.findFirst({ where: { id } });
}
export async function load(ids: number[]) {
  for (const id of ids) await loadUser(id);
}`;
function helperCase(file: string): InvalidTestCase<MessageIds, Options> {
  return {
    code: helperCode,
    errors: [
      {
        messageId: 'queryInLoopViaCall',
        line: 7,
        column: 31,
        data: {
          callee: 'loadUser',
          library: 'Prisma',
          method: 'findFirst',
          location: `${file}:4`,
          chain: `loadUser() (${file}:3)`,
          loop: 'for…of loop',
          batched: '`findMany({ where: { id: { in: ids } } })`',
        },
      },
    ],
  };
}
typedRuleTester().run('no-query-in-loop (typed, helper)', rule, { valid: [], invalid: [helperCase('../../file.ts')] });
untypedRuleTester().run('no-query-in-loop (untyped, helper)', rule, {
  valid: [{ code: helperCode, options: [{ followCalls: false }] }],
  invalid: [helperCase('file.ts')],
});

// A data accessor in another project file, imported relatively: followed in both modes.
const usersFile = path.relative(path.parse(fixturesDir).root, fixtureFile('src', 'no-query-in-loop', 'users.ts'));
const crossFile = {
  valid: [
    {
      code: `import { markSeen } from './users';
export async function seeAll(ids: number[]) { for (const id of ids) await markSeen(id); }`,
      filename: fixtureFile('src', 'no-query-in-loop', 'loader.ts'),
    },
  ],
  invalid: [
    {
      code: `import { findUser } from './users';
export async function loadAll(ids: number[]) { return Promise.all(ids.map((id) => findUser(id))); }`,
      filename: fixtureFile('src', 'no-query-in-loop', 'loader.ts'),
      errors: [
        {
          messageId: 'queryInLoopViaCall' as const,
          line: 2,
          column: 83,
          data: {
            callee: 'findUser',
            library: 'Prisma',
            method: 'findFirst',
            // RuleTester lints with the file system root as cwd
            location: `${usersFile}:6`,
            chain: `findUser() (${usersFile}:5)`,
            loop: '.map() callback',
            batched: '`findMany({ where: { id: { in: ids } } })`',
          },
        },
      ],
    },
  ],
};
typedRuleTester().run('no-query-in-loop (typed, other file)', rule, crossFile);
untypedRuleTester().run('no-query-in-loop (untyped, other file)', rule, crossFile);

// Regression from the sweep (docs/reliability.md): a helper that refines and returns a Knex
// builder runs no query; the loop builds one query that runs once after it.
const refineBuilder = `import knex, { type Knex } from 'knex';
const db = knex({ client: 'pg' });
function refine(query: Knex.QueryBuilder, filter: Record<string, string>) { return query.where(filter); }
export async function search(filters: Record<string, string>[]) {
  let query = db('events');
  for (const filter of filters) query = refine(query, filter);
  return await query;
}`;
const refineValid: { valid: string[]; invalid: InvalidTestCase<MessageIds, Options>[] } = { valid: [refineBuilder], invalid: [] };
typedRuleTester().run('no-query-in-loop (builder refined by a helper, typed)', rule, refineValid);
untypedRuleTester().run('no-query-in-loop (builder refined by a helper, untyped)', rule, refineValid);
