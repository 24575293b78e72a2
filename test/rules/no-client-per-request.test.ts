import path from 'node:path';

import type { InvalidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../src/rules/no-client-per-request.js';
import { fixtureFile, fixturesDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const valid: string[] = [
  // one pool per process, at module level
  `import express from 'express';
import pg from 'pg';
const pool = new pg.Pool();
const app = express();
app.get('/users', async (_req, res) => { res.json((await pool.query('SELECT 1')).rows); });`,
  // checking a client out of the shared pool per request is the intended use
  `import express from 'express';
import pg from 'pg';
const pool = new pg.Pool();
const app = express();
app.post('/orders', async (_req, res) => {
  const client = await pool.connect();
  try { await client.query('SELECT 1'); } finally { client.release(); }
  res.sendStatus(204);
});`,
  // memoised getters: ??=, if (!x), x ?? (x = …), a module-level Map of pools
  `import express from 'express';
import { Redis } from 'ioredis';
let redis: Redis | undefined;
function getRedis() { return (redis ??= new Redis()); }
const app = express();
app.get('/a', async (_req, res) => { res.json(await getRedis().get('a')); });`,
  `import express from 'express';
import { PrismaClient } from '@prisma/client';
let prisma: PrismaClient | undefined;
const app = express();
app.get('/a', async (_req, res) => {
  if (!prisma) prisma = new PrismaClient();
  res.json(await prisma.user.findFirst());
});`,
  `import express from 'express';
import mysql from 'mysql2/promise';
const pools = new Map<string, mysql.Pool>();
const app = express();
app.get('/t/:tenant', async (req, res) => {
  const tenant = req.params.tenant;
  if (!pools.has(tenant)) pools.set(tenant, mysql.createPool({ database: tenant }));
  res.json(await pools.get(tenant)!.query('SELECT 1'));
});`,
  `import { PrismaClient } from '@prisma/client';
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export function db() { return globalForPrisma.prisma ?? (globalForPrisma.prisma = new PrismaClient()); }
import express from 'express';
const app = express();
app.get('/a', async (_req, res) => { res.json(await db().user.findFirst()); });`,
  // a factory called only at startup
  `import express from 'express';
import knex from 'knex';
function createDb() { return knex({ client: 'pg' }); }
const db = createDb();
const app = express();
app.get('/a', async (_req, res) => { res.json(await db('users').first()); });`,
  // not a handler: a CLI script
  `import pg from 'pg';
export async function migrate() { const client = new pg.Client(); await client.connect(); await client.end(); }`,
  // lookalikes: a local class named Pool and a createClient from an HTTP SDK wrapper
  `import express from 'express';
class Pool { query() { return 1; } }
function createClient() { return { get: () => 1 }; }
const app = express();
app.get('/a', (_req, res) => { res.json([new Pool().query(), createClient().get()]); });`,
  // a class field initialised once per service instance
  `import { Redis } from 'ioredis';
export class Cache {
  private client?: Redis;
  get() { this.client ??= new Redis(); return this.client; }
}`,
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `import express from 'express';
import { PrismaClient } from '@prisma/client';
const app = express();
app.get('/users', async (_req, res) => {
  const prisma = new PrismaClient();
  res.json(await prisma.user.findMany({ take: 10 }));
});`,
    errors: [{ messageId: 'clientPerRequest', line: 5, column: 18, data: { client: 'a PrismaClient', unit: 'request' }, suggestions: [] }],
  },
  {
    code: `import express from 'express';
import pg from 'pg';
const app = express();
app.post('/orders', async (_req, res) => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const pool = new pg.Pool();
  res.json([client, pool]);
});`,
    errors: [
      { messageId: 'clientPerRequest', line: 5, data: { client: 'a node-postgres Client', unit: 'request' } },
      { messageId: 'clientPerRequest', line: 7, data: { client: 'a node-postgres Pool', unit: 'request' } },
    ],
  },
  {
    code: `import express from 'express';
import mysql from 'mysql2/promise';
const router = express.Router();
router.get('/a', async (_req, res) => {
  const connection = await mysql.createConnection({ host: 'db' });
  res.json(await connection.query('SELECT 1'));
});`,
    errors: [{ messageId: 'clientPerRequest', line: 5, column: 28, data: { client: 'a mysql2 connection', unit: 'request' } }],
  },
  {
    code: `import express from 'express';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
const app = express();
app.get('/a', async (_req, res) => {
  const a = new Redis(process.env.REDIS_URL!);
  const b = await createClient().connect();
  res.json([await a.get('x'), await b.get('y')]);
});`,
    errors: [
      { messageId: 'clientPerRequest', line: 6, data: { client: 'an ioredis client', unit: 'request' } },
      { messageId: 'clientPerRequest', line: 7, column: 19, data: { client: 'a node-redis client', unit: 'request' } },
    ],
  },
  {
    // BullMQ job processor: one connection per job
    code: `import { Worker } from 'bullmq';
import { Sequelize } from 'sequelize';
import { DataSource } from 'typeorm';
new Worker('reports', async () => {
  const sequelize = new Sequelize('postgres://db');
  const source = await new DataSource({ type: 'postgres' }).initialize();
  return [sequelize, source];
});`,
    errors: [
      { messageId: 'clientPerRequest', line: 5, data: { client: 'a Sequelize instance', unit: 'job' } },
      { messageId: 'clientPerRequest', line: 6, column: 24, data: { client: 'a TypeORM DataSource', unit: 'job' } },
    ],
  },
  {
    code: `import express from 'express';
import knex from 'knex';
import mongoose from 'mongoose';
const app = express();
app.get('/a', async (_req, res) => {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  await mongoose.connect('mongodb://db/app');
  res.json(await db('users').first());
});`,
    errors: [
      { messageId: 'clientPerRequest', line: 6, column: 14, data: { client: 'a Knex instance', unit: 'request' } },
      { messageId: 'clientPerRequest', line: 7, column: 9, data: { client: 'a Mongoose connection', unit: 'request' } },
    ],
  },
  {
    // assigned to a module variable on every request without a guard: still one per request
    code: `import express from 'express';
import { Redis } from 'ioredis';
let redis: Redis;
const app = express();
app.get('/a', async (_req, res) => {
  redis = new Redis();
  res.json(await redis.get('a'));
});`,
    errors: [{ messageId: 'clientPerRequest', line: 6, column: 11, data: { client: 'an ioredis client', unit: 'request' } }],
  },
  {
    // a helper in the same file that opens a connection, called from the handler
    code: `import express from 'express';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
function openDb() {
  return new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool() }) });
}
const app = express();
app.get('/a', async (_req, res) => { res.json(await openDb().selectFrom('users').selectAll().limit(1).execute()); });`,
    errors: [{ messageId: 'clientPerRequestViaCall', line: 8, column: 53 }],
  },
];

// Memoised init promises: the connection is made inside the work that fills a long-lived slot once.
const memoisedInitValid: string[] = [
  // an async IIFE whose promise is kept in a guarded module-level slot
  `import express from 'express';
import mongoose from 'mongoose';
let ready: Promise<void> | undefined;
function init(): Promise<void> {
  if (!ready) {
    ready = (async () => {
      await mongoose.connect(process.env.MONGO_URL ?? '');
    })();
  }
  return ready;
}
const app = express();
app.use(async (_req, _res, next) => { await init(); next(); });`,
  // the same through a project helper that connects, and with ??=
  `import express from 'express';
import mongoose from 'mongoose';
async function connectMongo() { await mongoose.connect(process.env.MONGO_URL ?? ''); }
let initPromise: Promise<void> | undefined;
function init() { initPromise ??= (async () => { await connectMongo(); })(); return initPromise; }
const app = express();
app.get('/a', async (_req, res) => { await init(); res.json({ ok: true }); });`,
  // a .then chain kept in a module-level slot
  `import express from 'express';
import pg from 'pg';
let pool: Promise<pg.Pool> | undefined;
const app = express();
app.get('/a', async (_req, res) => {
  if (pool === undefined) pool = Promise.resolve().then(() => new pg.Pool());
  res.json((await (await pool).query('SELECT 1')).rows);
});`,
];

const memoisedInitInvalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    // an async IIFE kept nowhere: it connects on every request
    code: `import express from 'express';
import mongoose from 'mongoose';
const app = express();
app.get('/a', async (_req, res) => {
  const ready = (async () => { await mongoose.connect(process.env.MONGO_URL ?? ''); })();
  await ready;
  res.json({ ok: true });
});`,
    errors: [{ messageId: 'clientPerRequest', line: 5, data: { client: 'a Mongoose connection', unit: 'request' } }],
  },
  {
    // kept in a module-level slot, but without a guard: overwritten on every request
    code: `import express from 'express';
import mongoose from 'mongoose';
let ready: Promise<void> | undefined;
const app = express();
app.get('/a', async (_req, res) => {
  ready = (async () => { await mongoose.connect(process.env.MONGO_URL ?? ''); })();
  await ready;
  res.json({ ok: true });
});`,
    errors: [{ messageId: 'clientPerRequest', line: 6, data: { client: 'a Mongoose connection', unit: 'request' } }],
  },
  {
    // a guarded slot, but the connection is made in a callback stored for later calls
    code: `import express from 'express';
import { Redis } from 'ioredis';
let factory: (() => Redis) | undefined;
const app = express();
app.get('/a', async (_req, res) => {
  if (!factory) factory = () => new Redis();
  res.json(await factory().get('a'));
});`,
    errors: [{ messageId: 'clientPerRequest', line: 6, data: { client: 'an ioredis client', unit: 'request' } }],
  },
];

valid.push(...memoisedInitValid);
invalid.push(...memoisedInitInvalid);

typedRuleTester().run('no-client-per-request (typed)', rule, { valid, invalid });
untypedRuleTester().run('no-client-per-request (untyped)', rule, { valid, invalid });

// A factory in another project file, reached from the handler through a relative import.
const dbFile = path.relative(path.parse(fixturesDir).root, fixtureFile('src', 'no-client-per-request', 'db.ts'));
const crossFile = {
  valid: [
    {
      code: `import express from 'express';
import { sharedPool } from './db';
const app = express();
app.get('/a', async (_req, res) => { res.json(await sharedPool().query('SELECT 1')); });`,
      filename: fixtureFile('src', 'no-client-per-request', 'routes.ts'),
    },
  ],
  invalid: [
    {
      code: `import express from 'express';
import { connect } from './db';
const app = express();
app.get('/a', async (_req, res) => { res.json(await connect().query('SELECT 1')); });`,
      filename: fixtureFile('src', 'no-client-per-request', 'routes.ts'),
      errors: [
        {
          messageId: 'clientPerRequestViaCall' as const,
          line: 4,
          column: 53,
          data: { callee: 'connect', client: 'a node-postgres Pool', location: `${dbFile}:6`, chain: `connect() (${dbFile}:5)`, unit: 'request' },
        },
      ],
    },
  ],
};
typedRuleTester().run('no-client-per-request (typed, other file)', rule, crossFile);
untypedRuleTester().run('no-client-per-request (untyped, other file)', rule, crossFile);
