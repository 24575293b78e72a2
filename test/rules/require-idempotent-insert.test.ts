import path from 'node:path';

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../src/rules/require-idempotent-insert.js';
import { fixtureFile, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const JOB_KEY = 'job id or a business key from the job';
const BULLMQ = 'a BullMQ job processor';
const PRISMA_UPSERT = 'upsert({ where: { <unique key> }, create, update })';
const PRISMA_CREATE_MANY = 'createMany({ data, skipDuplicates: true }) over a unique key';
const KNEX_UPSERT = ".onConflict('<unique column>').ignore() or .merge()";
const DRIZZLE_UPSERT = '.onConflictDoNothing({ target }) or .onConflictDoUpdate({ target, set }) (MySQL: .onDuplicateKeyUpdate())';
const SQL_UPSERT = 'INSERT … ON CONFLICT (<unique key>) DO NOTHING / DO UPDATE';
const TYPEORM_INSERT_UPSERT = "upsert(values, ['<unique column>'])";
const TYPEORM_SAVE_UPSERT = "upsert(values, ['<unique column>']) (save() selects then inserts, which two deliveries race)";
const TYPEORM_QB_UPSERT = '.orIgnore() or .orUpdate(columns, conflictTarget) on the insert query';
const SEQUELIZE_CREATE_UPSERT = 'upsert(values) or findOrCreate({ where: { <unique key> }, defaults })';
const SEQUELIZE_BULK_UPSERT = 'bulkCreate(rows, { ignoreDuplicates: true }) or { updateOnDuplicate: [...] } over a unique key';
const KYSELY_UPSERT = ".onConflict((oc) => oc.column('<unique column>').doNothing()) (MySQL: .ignore() or .onDuplicateKeyUpdate())";
const MONGOOSE_CREATE_UPSERT = 'updateOne({ <unique key> }, { $setOnInsert: doc }, { upsert: true })';
const MONGOOSE_INSERT_MANY_UPSERT =
  'bulkWrite(docs.map((doc) => ({ updateOne: { filter: { <unique key> }, update: { $setOnInsert: doc }, upsert: true } })))';

const valid: (ValidTestCase<Options> | string)[] = [
  // Prisma upsert in a BullMQ processor
  `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
new Worker('orders', async (job) => {
  await prisma.order.upsert({ where: { externalId: job.data.externalId }, create: job.data, update: {} });
});`,
  // createMany with skipDuplicates
  `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
new Worker('orders', async (job) => {
  await prisma.order.createMany({ data: job.data.orders, skipDuplicates: true });
});`,
  // createMany whose options we cannot read: silent
  `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export function start(args: { data: object[] }) {
  new Worker('orders', async () => {
    await prisma.order.createMany({ ...args });
  });
}`,
  // the same create in an ordinary request handler
  `import express from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const app = express();
app.post('/orders', async (req, res) => {
  const order = await prisma.order.create({ data: req.body });
  res.status(201).json(order);
});`,
  // guarded: the same model is looked up by the job's key first
  `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
new Worker('orders', async (job) => {
  const existing = await prisma.order.findUnique({ where: { externalId: job.data.externalId } });
  if (existing) return existing;
  return prisma.order.create({ data: job.data });
});`,
  // guarded: Redis SET NX claims the job id
  `import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { PrismaClient } from '@prisma/client';
const redis = new Redis();
const prisma = new PrismaClient();
new Worker('emails', async (job) => {
  if (!(await redis.set(\`sent:\${job.id}\`, '1', 'EX', 86400, 'NX'))) return;
  await prisma.emailLog.create({ data: { jobId: job.id } });
});`,
  // guarded: a processed-events record looked up and written in the same handler
  `import express from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const router = express.Router();
router.post('/webhooks/stripe', async (req, res) => {
  const event = req.body;
  const seen = await prisma.processedEvent.findUnique({ where: { id: event.id } });
  if (seen) return res.sendStatus(200);
  await prisma.payment.create({ data: { amount: event.data.amount } });
  await prisma.processedEvent.create({ data: { id: event.id } });
  res.sendStatus(200);
});`,
  // guarded: the unique index drops the duplicate and the catch expects it
  `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
new Worker('orders', async (job) => {
  try {
    await prisma.order.create({ data: job.data });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return;
    throw error;
  }
});`,
  // Knex with a conflict clause
  `import Bull from 'bull';
import knex from 'knex';
const db = knex({ client: 'pg' });
const queue = new Bull('events');
queue.process(async (job) => {
  await db('events').insert({ id: job.data.id }).onConflict('id').ignore();
});`,
  // Drizzle with onConflictDoNothing
  `import PgBoss from 'pg-boss';
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, text } from 'drizzle-orm/pg-core';
const events = pgTable('events', { id: text('id').primaryKey() });
const db = drizzle(process.env.DATABASE_URL!);
const boss = new PgBoss('postgres://localhost/db');
await boss.work('events', async ([job]) => {
  await db.insert(events).values({ id: job!.id }).onConflictDoNothing();
});`,
  // Drizzle builder kept in a variable and finished with a conflict clause
  `import PgBoss from 'pg-boss';
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, text } from 'drizzle-orm/pg-core';
const events = pgTable('events', { id: text('id').primaryKey() });
const db = drizzle(process.env.DATABASE_URL!);
const boss = new PgBoss('postgres://localhost/db');
await boss.work('events', async ([job]) => {
  const insert = db.insert(events).values({ id: job!.id });
  await insert.onConflictDoUpdate({ target: events.id, set: { id: job!.id } });
});`,
  // Kysely with onConflict
  `import { Worker } from 'bullmq';
import { Kysely } from 'kysely';
declare const dialect: ConstructorParameters<typeof Kysely>[0]['dialect'];
const db = new Kysely<{ events: { id: string } }>({ dialect });
new Worker('events', async (job) => {
  await db.insertInto('events').values({ id: job.id! }).onConflict((oc) => oc.column('id').doNothing()).execute();
});`,
  // TypeORM query builder with orIgnore
  `import { Worker } from 'bullmq';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
new Worker('events', async (job) => {
  await dataSource.createQueryBuilder().insert().into('events').values({ id: job.id }).orIgnore().execute();
});`,
  // TypeORM save of an entity loaded first
  `import { Worker } from 'bullmq';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
const orders = dataSource.getRepository('Order');
new Worker('orders', async (job) => {
  const order = await orders.findOneByOrFail({ id: job.data.id });
  order.status = 'paid';
  await orders.save(order);
});`,
  // TypeORM save with the id: an update or an upsert, not a new row
  `import { Worker } from 'bullmq';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
const orders = dataSource.getRepository('Order');
new Worker('orders', async (job) => {
  await orders.save({ id: job.data.id, status: 'paid' });
});`,
  // Sequelize: bulkCreate ignoring duplicates, create ignoring duplicates, findOrCreate
  `import { Worker } from 'bullmq';
import { Model } from 'sequelize';
class Event extends Model {}
new Worker('events', async (job) => {
  await Event.bulkCreate(job.data.rows, { ignoreDuplicates: true });
  await Event.create({ id: job.data.id }, { ignoreDuplicates: true });
  await Event.findOrCreate({ where: { id: job.data.id } });
});`,
  // Mongoose upsert
  `import { Worker } from 'bullmq';
import mongoose from 'mongoose';
const Event = mongoose.model('Event', new mongoose.Schema({ eventId: String }));
new Worker('events', async (job) => {
  await Event.updateOne({ eventId: job.id }, { $setOnInsert: { eventId: job.id } }, { upsert: true });
});`,
  // raw SQL with a conflict clause, and a SELECT
  `import { Worker } from 'bullmq';
import pg from 'pg';
const pool = new pg.Pool();
new Worker('events', async (job) => {
  await pool.query('INSERT INTO events (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [job.id]);
  await pool.query('SELECT * FROM events WHERE id = $1', [job.id]);
});`,
  // mysql2: INSERT IGNORE and ON DUPLICATE KEY UPDATE
  `import { Worker } from 'bullmq';
import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
new Worker('events', async (job) => {
  await pool.execute('INSERT IGNORE INTO events (id) VALUES (?)', [job.id]);
  await pool.query('/* upsert */ INSERT INTO totals (id, n) VALUES (?, 1) ON DUPLICATE KEY UPDATE n = n + 1', [job.id]);
});`,
  // an API client's create in a webhook is not a database insert
  `import express from 'express';
declare const crm: { contacts: { create(data: object): Promise<void> } };
const router = express.Router();
router.post('/webhooks/signup', async (req, res) => {
  await crm.contacts.create({ email: req.body.email });
  res.sendStatus(200);
});`,
  // TypeORM BaseEntity.create only builds an object
  `import { Worker } from 'bullmq';
import { BaseEntity } from 'typeorm';
class Order extends BaseEntity { total = 0; }
new Worker('orders', async (job) => {
  const order = Order.create({ total: job.data.total });
  return order.total;
});`,
  // an insert at module level of a worker file (runs once per process)
  `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
await prisma.workerBoot.create({ data: { at: new Date() } });`,
  // insert with a duplicate-key .catch on the chain
  `import { Worker } from 'bullmq';
import knex from 'knex';
const db = knex({ client: 'pg' });
new Worker('events', async (job) => {
  await db('events').insert({ id: job.id }).catch((error: { code?: string }) => {
    if (error.code !== '23505') throw error;
  });
});`,
  // computed members and optional calls on unknown objects
  `import { Worker } from 'bullmq';
declare const store: Record<string, (row: object) => Promise<void>> | undefined;
new Worker('events', async (job) => {
  const op = job.name;
  await store?.[op]?.({ id: job.id });
  await store?.insert?.({ id: job.id });
});`,
  // pg-boss's own insert() enqueues jobs; it is not a database row insert
  `import PgBoss from 'pg-boss';
const boss = new PgBoss('postgres://localhost/db');
await boss.work('fanout', async ([job]) => {
  await boss.insert('emails', [{ data: { parent: job!.id } }]);
});`,
  // Kysely replaceInto and Mongoose findOneAndUpdate upsert
  `import { Worker } from 'bullmq';
import { Kysely } from 'kysely';
import mongoose from 'mongoose';
declare const dialect: ConstructorParameters<typeof Kysely>[0]['dialect'];
const db = new Kysely<{ events: { id: string } }>({ dialect });
const Event = mongoose.model('Event', new mongoose.Schema({ eventId: String }));
new Worker('events', async (job) => {
  await db.replaceInto('events').values({ id: job.id! }).execute();
  await Event.findOneAndUpdate({ eventId: job.id }, { $setOnInsert: { eventId: job.id } }, { upsert: true });
});`,
  // a Knex lookup of the same table, tested, guards the insert
  `import Bull from 'bull';
import knex from 'knex';
const db = knex({ client: 'pg' });
const queue = new Bull('events');
queue.process(async (job) => {
  const seen = await db('events').where({ id: job.data.id }).first();
  if (!seen) await db('events').insert({ id: job.data.id });
});`,
  // a lookup inside the transaction guards the insert after it
  `import express from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const router = express.Router();
router.post('/webhooks/billing', async (req, res) => {
  await prisma.$transaction(async (tx) => {
    const existing = await tx.invoice.findUnique({ where: { stripeId: req.body.id } });
    if (existing) return;
    await tx.invoice.create({ data: { stripeId: req.body.id } });
  });
  res.sendStatus(200);
});`,
  // a transaction callback of an unknown object gives its parameter no kind
  `import { Worker } from 'bullmq';
declare const unitOfWork: { transaction(fn: (tx: { insert(row: object): Promise<void> }) => Promise<void>): Promise<void> };
new Worker('events', async (job) => {
  await unitOfWork.transaction(async (tx) => {
    await tx.insert({ id: job.id });
  });
});`,
  // an API route that manages webhook subscriptions matches the path heuristic but stores a subscription
  `import express from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const router = express.Router();
router.post('/api/webhooks', async (req, res) => {
  const webhook = await prisma.webhook.create({ data: { url: req.body.url, events: req.body.events } });
  res.status(201).json(webhook);
});`,
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    // Prisma create in a BullMQ processor
    code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
new Worker('orders', async (job) => {
  await prisma.order.create({ data: job.data });
});`,
    errors: [
      {
        messageId: 'plainInsert',
        line: 5,
        column: 9,
        data: {
          insert: 'Prisma create()',
          handler: BULLMQ,
          upsert: PRISMA_UPSERT,
          key: JOB_KEY,
        },
        suggestions: [],
      },
    ],
  },
  {
    // createMany without skipDuplicates: suggestion adds it
    code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
new Worker('orders', async (job) => {
  await prisma.lineItem.createMany({ data: job.data.items });
});`,
    errors: [
      {
        messageId: 'plainInsert',
        line: 5,
        data: { insert: 'Prisma createMany()', handler: BULLMQ, upsert: PRISMA_CREATE_MANY, key: JOB_KEY },
        suggestions: [
          {
            messageId: 'makeIdempotent',
            data: { change: 'skipDuplicates: true', key: JOB_KEY },
            output: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
new Worker('orders', async (job) => {
  await prisma.lineItem.createMany({ data: job.data.items, skipDuplicates: true });
});`,
          },
        ],
      },
    ],
  },
  {
    // a lookup of another table (the customer) does not guard the order insert
    code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
new Worker('orders', async (job) => {
  const customer = await prisma.customer.findUnique({ where: { id: job.data.customerId } });
  if (!customer) throw new Error('unknown customer');
  await prisma.order.create({ data: { customerId: customer.id, total: job.data.total } });
});`,
    errors: [{ messageId: 'plainInsert', line: 7, data: { insert: 'Prisma create()', handler: BULLMQ, upsert: PRISMA_UPSERT, key: JOB_KEY }, suggestions: [] }],
  },
  {
    // Bull process + Knex insert: the whole chain has no onConflict
    code: `import Bull from 'bull';
import knex from 'knex';
const db = knex({ client: 'pg' });
const queue = new Bull('events');
queue.process(async (job) => {
  await db('events').insert({ id: job.data.id }).returning('id');
});`,
    errors: [
      {
        messageId: 'plainInsert',
        line: 6,
        column: 9,
        data: { insert: 'Knex insert()', handler: 'a Bull job processor', upsert: KNEX_UPSERT, key: JOB_KEY },
        suggestions: [
          {
            messageId: 'makeIdempotent',
            data: { change: '.onConflict().ignore()', key: JOB_KEY },
            output: `import Bull from 'bull';
import knex from 'knex';
const db = knex({ client: 'pg' });
const queue = new Bull('events');
queue.process(async (job) => {
  await db('events').insert({ id: job.data.id }).onConflict().ignore().returning('id');
});`,
          },
        ],
      },
    ],
  },
  {
    // pg-boss work + Drizzle insert on node-postgres: suggestion appends onConflictDoNothing
    code: `import PgBoss from 'pg-boss';
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, text } from 'drizzle-orm/pg-core';
const events = pgTable('events', { id: text('id').primaryKey() });
const db = drizzle(process.env.DATABASE_URL!);
const boss = new PgBoss('postgres://localhost/db');
await boss.work('events', async ([job]) => {
  await db.insert(events).values({ id: job!.id }).returning();
});`,
    errors: [
      {
        messageId: 'plainInsert',
        line: 8,
        data: { insert: 'Drizzle insert()', handler: 'a pg-boss job processor', upsert: DRIZZLE_UPSERT, key: JOB_KEY },
        suggestions: [
          {
            messageId: 'makeIdempotent',
            data: { change: '.onConflictDoNothing()', key: JOB_KEY },
            output: `import PgBoss from 'pg-boss';
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, text } from 'drizzle-orm/pg-core';
const events = pgTable('events', { id: text('id').primaryKey() });
const db = drizzle(process.env.DATABASE_URL!);
const boss = new PgBoss('postgres://localhost/db');
await boss.work('events', async ([job]) => {
  await db.insert(events).values({ id: job!.id }).onConflictDoNothing().returning();
});`,
          },
        ],
      },
    ],
  },
  {
    // Express route whose path says webhook, raw pg INSERT
    code: `import express from 'express';
import pg from 'pg';
const pool = new pg.Pool();
export const router = express.Router();
router.post('/webhooks/stripe', async (req, res) => {
  await pool.query('INSERT INTO payments (event_id, amount) VALUES ($1, $2)', [req.body.id, req.body.amount]);
  res.sendStatus(200);
});`,
    errors: [
      {
        messageId: 'plainInsert',
        line: 6,
        data: {
          insert: 'a raw node-postgres INSERT',
          handler: 'a webhook handler',
          upsert: SQL_UPSERT,
          key: 'event id',
        },
        suggestions: [],
      },
    ],
  },
  {
    // a handler that verifies a Stripe signature is a webhook; Sequelize create
    code: `import express from 'express';
import { Model } from 'sequelize';
declare const stripe: { webhooks: { constructEvent(body: unknown, sig: unknown, secret: string): { id: string; data: { object: { amount: number } } } } };
class Payment extends Model {}
const app = express();
app.post('/stripe', express.raw({ type: 'application/json' }), async (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], 'whsec');
  await Payment.create({ eventId: event.id, amount: event.data.object.amount });
  res.sendStatus(200);
});`,
    errors: [
      {
        messageId: 'plainInsert',
        line: 8,
        data: { insert: 'Sequelize create()', handler: 'a webhook handler', upsert: SEQUELIZE_CREATE_UPSERT, key: 'event id' },
        suggestions: [],
      },
    ],
  },
  {
    // AMQP consumer + Mongoose create and insertMany
    code: `import amqp from 'amqplib';
import mongoose from 'mongoose';
const Event = mongoose.model('Event', new mongoose.Schema({ eventId: String }));
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.consume('events', async (message) => {
  if (!message) return;
  await Event.create({ eventId: message.properties.messageId });
  await Event.insertMany([{ eventId: 'a' }, { eventId: 'b' }]);
  channel.ack(message);
});`,
    errors: [
      {
        messageId: 'plainInsert',
        line: 8,
        data: {
          insert: 'Mongoose create()',
          handler: 'an AMQP message consumer',
          upsert: MONGOOSE_CREATE_UPSERT,
          key: 'message id',
        },
        suggestions: [],
      },
      {
        messageId: 'plainInsert',
        line: 9,
        data: { insert: 'Mongoose insertMany()', handler: 'an AMQP message consumer', upsert: MONGOOSE_INSERT_MANY_UPSERT, key: 'message id' },
        suggestions: [],
      },
    ],
  },
  {
    // TypeORM query builder insert without orIgnore: suggestion after values()
    code: `import { Worker } from 'bullmq';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
new Worker('events', async (job) => {
  await dataSource.createQueryBuilder().insert().into('events').values({ id: job.id }).execute();
});`,
    errors: [
      {
        messageId: 'plainInsert',
        line: 5,
        data: { insert: 'TypeORM insert()', handler: BULLMQ, upsert: TYPEORM_QB_UPSERT, key: JOB_KEY },
        suggestions: [
          {
            messageId: 'makeIdempotent',
            data: { change: '.orIgnore()', key: JOB_KEY },
            output: `import { Worker } from 'bullmq';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
new Worker('events', async (job) => {
  await dataSource.createQueryBuilder().insert().into('events').values({ id: job.id }).orIgnore().execute();
});`,
          },
        ],
      },
    ],
  },
  {
    // TypeORM repository insert, and save of a new entity (create then save)
    code: `import { Worker } from 'bullmq';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
const payments = dataSource.getRepository('Payment');
new Worker('payments', async (job) => {
  await payments.insert({ amount: job.data.amount });
  const payment = payments.create({ amount: job.data.amount });
  await payments.save(payment);
  await dataSource.manager.save('Payment', { amount: job.data.amount });
});`,
    errors: [
      { messageId: 'plainInsert', line: 6, data: { insert: 'TypeORM insert()', handler: BULLMQ, upsert: TYPEORM_INSERT_UPSERT, key: JOB_KEY }, suggestions: [] },
      { messageId: 'plainInsert', line: 8, data: { insert: 'TypeORM save()', handler: BULLMQ, upsert: TYPEORM_SAVE_UPSERT, key: JOB_KEY }, suggestions: [] },
      { messageId: 'plainInsert', line: 9, data: { insert: 'TypeORM save()', handler: BULLMQ, upsert: TYPEORM_SAVE_UPSERT, key: JOB_KEY }, suggestions: [] },
    ],
  },
  {
    // Kysely insertInto without onConflict
    code: `import { Worker } from 'bullmq';
import { Kysely } from 'kysely';
declare const dialect: ConstructorParameters<typeof Kysely>[0]['dialect'];
const db = new Kysely<{ events: { id: string } }>({ dialect });
new Worker('events', async (job) => {
  await db.insertInto('events').values({ id: job.id! }).execute();
});`,
    errors: [{ messageId: 'plainInsert', line: 6, column: 9, data: { insert: 'Kysely insertInto()', handler: BULLMQ, upsert: KYSELY_UPSERT, key: JOB_KEY }, suggestions: [] }],
  },
  {
    // Sequelize bulkCreate without options: suggestion adds ignoreDuplicates
    code: `import { Worker } from 'bullmq';
import { Model } from 'sequelize';
class Event extends Model {}
new Worker('events', async (job) => {
  await Event.bulkCreate(job.data.rows);
});`,
    errors: [
      {
        messageId: 'plainInsert',
        line: 5,
        data: { insert: 'Sequelize bulkCreate()', handler: BULLMQ, upsert: SEQUELIZE_BULK_UPSERT, key: JOB_KEY },
        suggestions: [
          {
            messageId: 'makeIdempotent',
            data: { change: '{ ignoreDuplicates: true }', key: JOB_KEY },
            output: `import { Worker } from 'bullmq';
import { Model } from 'sequelize';
class Event extends Model {}
new Worker('events', async (job) => {
  await Event.bulkCreate(job.data.rows, { ignoreDuplicates: true });
});`,
          },
        ],
      },
    ],
  },
  {
    // mysql2 execute, SQL after a comment and in a const
    code: `import { Worker } from 'bullmq';
import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
const INSERT_EVENT = \`
  -- one row per delivery
  insert into events (id) values (?)\`;
new Worker('events', async (job) => {
  await pool.execute(INSERT_EVENT, [job.id]);
});`,
    errors: [
      {
        messageId: 'plainInsert',
        line: 8,
        data: { insert: 'a raw mysql2 INSERT', handler: BULLMQ, upsert: 'INSERT … ON DUPLICATE KEY UPDATE (or INSERT IGNORE)', key: JOB_KEY },
        suggestions: [],
      },
    ],
  },
  {
    // Prisma $executeRaw tagged template
    code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
new Worker('events', async (job) => {
  await prisma.$executeRaw\`INSERT INTO events (id) VALUES (\${job.id})\`;
});`,
    errors: [{ messageId: 'plainInsert', line: 5, column: 9, data: { insert: 'a raw Prisma INSERT', handler: BULLMQ, upsert: SQL_UPSERT, key: JOB_KEY }, suggestions: [] }],
  },
  {
    // Drizzle sql template through execute, Knex raw
    code: `import { Worker } from 'bullmq';
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import knex from 'knex';
const db = drizzle(process.env.DATABASE_URL!);
const kx = knex({ client: 'pg' });
new Worker('events', async (job) => {
  await db.execute(sql\`insert into events (id) values (\${job.id})\`);
  await kx.raw('INSERT INTO audit (job) VALUES (?)', [job.id]);
  await kx.batchInsert('audit', job.data.rows, 100);
});`,
    errors: [
      { messageId: 'plainInsert', line: 8, data: { insert: 'a raw Drizzle INSERT', handler: BULLMQ, upsert: SQL_UPSERT, key: JOB_KEY }, suggestions: [] },
      { messageId: 'plainInsert', line: 9, data: { insert: 'a raw Knex INSERT', handler: BULLMQ, upsert: SQL_UPSERT, key: JOB_KEY }, suggestions: [] },
      {
        messageId: 'plainInsert',
        line: 10,
        data: {
          insert: 'Knex batchInsert()',
          handler: BULLMQ,
          upsert: "chunked insert(rows).onConflict('<unique column>').ignore() (batchInsert has no conflict clause)",
          key: JOB_KEY,
        },
        suggestions: [],
      },
    ],
  },
  {
    // NestJS @Processor WorkerHost.process with an injected TypeORM repository
    code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { Repository } from 'typeorm';
class Invoice { id!: number; total!: number; }
@Processor('invoices')
export class InvoiceProcessor extends WorkerHost {
  constructor(private readonly invoices: Repository<Invoice>) { super(); }
  async process(job: Job<{ total: number }>) {
    await this.invoices.insert({ total: job.data.total });
  }
}`,
    errors: [{ messageId: 'plainInsert', line: 9, data: { insert: 'TypeORM insert()', handler: 'a NestJS job processor', upsert: TYPEORM_INSERT_UPSERT, key: JOB_KEY }, suggestions: [] }],
  },
  {
    // CommonJS
    code: `const { Worker } = require('bullmq');
const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();
new Worker('orders', async (job) => {
  await prisma.order.create({ data: job.data });
});`,
    errors: [{ messageId: 'plainInsert', line: 5, data: { insert: 'Prisma create()', handler: BULLMQ, upsert: PRISMA_UPSERT, key: JOB_KEY }, suggestions: [] }],
  },
  {
    // a Redis read of a fixed key is no idempotency check
    code: `import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { PrismaClient } from '@prisma/client';
const redis = new Redis();
const prisma = new PrismaClient();
new Worker('emails', async (job) => {
  if (await redis.get('emails:paused')) return;
  await prisma.emailLog.create({ data: { jobId: job.id } });
});`,
    errors: [{ messageId: 'plainInsert', line: 8, data: { insert: 'Prisma create()', handler: BULLMQ, upsert: PRISMA_UPSERT, key: JOB_KEY }, suggestions: [] }],
  },
  {
    // AWS Lambda SQS handler + Mongoose
    code: `import type { SQSHandler } from 'aws-lambda';
import mongoose from 'mongoose';
const Receipt = mongoose.model('Receipt', new mongoose.Schema({ orderId: String }));
export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    await Receipt.create({ orderId: JSON.parse(record.body).orderId });
  }
};`,
    errors: [
      {
        messageId: 'plainInsert',
        line: 6,
        data: { insert: 'Mongoose create()', handler: 'a Lambda message consumer', upsert: MONGOOSE_CREATE_UPSERT, key: 'message id' },
        suggestions: [],
      },
    ],
  },
  {
    // Fastify webhook route + Kysely
    code: `import Fastify from 'fastify';
import { Kysely } from 'kysely';
declare const dialect: ConstructorParameters<typeof Kysely>[0]['dialect'];
const db = new Kysely<{ deliveries: { id: string } }>({ dialect });
const app = Fastify();
app.post('/github/webhook', async (request) => {
  await db.insertInto('deliveries').values({ id: String(request.headers['x-github-delivery']) }).execute();
  return { ok: true };
});`,
    errors: [
      { messageId: 'plainInsert', line: 7, data: { insert: 'Kysely insertInto()', handler: 'a webhook handler', upsert: KYSELY_UPSERT, key: 'event id' }, suggestions: [] },
    ],
  },
  {
    // transaction callbacks: Drizzle tx, Prisma tx, Knex trx, TypeORM manager
    code: `import { Worker } from 'bullmq';
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { PrismaClient } from '@prisma/client';
import knex from 'knex';
import { DataSource } from 'typeorm';
const events = pgTable('events', { id: text('id').primaryKey() });
const db = drizzle(process.env.DATABASE_URL!);
const prisma = new PrismaClient();
const kx = knex({ client: 'pg' });
const dataSource = new DataSource({ type: 'postgres' });
new Worker('events', async (job) => {
  await db.transaction(async (tx) => {
    await tx.insert(events).values({ id: job.id! });
  });
  await prisma.$transaction(async (tx) => {
    await tx.auditEntry.create({ data: { jobId: job.id } });
  });
  await kx.transaction(async (trx) => {
    await trx('audit').insert({ job: job.id });
  });
  await dataSource.transaction(async (manager) => {
    await manager.insert('Audit', { job: job.id });
  });
});`,
    errors: [
      { messageId: 'plainInsert', line: 14, column: 11, data: { insert: 'Drizzle insert()', handler: BULLMQ, upsert: DRIZZLE_UPSERT, key: JOB_KEY }, suggestions: [] },
      { messageId: 'plainInsert', line: 17, column: 11, data: { insert: 'Prisma create()', handler: BULLMQ, upsert: PRISMA_UPSERT, key: JOB_KEY }, suggestions: [] },
      {
        messageId: 'plainInsert',
        line: 20,
        column: 11,
        data: { insert: 'Knex insert()', handler: BULLMQ, upsert: KNEX_UPSERT, key: JOB_KEY },
        suggestions: [
          {
            messageId: 'makeIdempotent',
            data: { change: '.onConflict().ignore()', key: JOB_KEY },
            output: `import { Worker } from 'bullmq';
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { PrismaClient } from '@prisma/client';
import knex from 'knex';
import { DataSource } from 'typeorm';
const events = pgTable('events', { id: text('id').primaryKey() });
const db = drizzle(process.env.DATABASE_URL!);
const prisma = new PrismaClient();
const kx = knex({ client: 'pg' });
const dataSource = new DataSource({ type: 'postgres' });
new Worker('events', async (job) => {
  await db.transaction(async (tx) => {
    await tx.insert(events).values({ id: job.id! });
  });
  await prisma.$transaction(async (tx) => {
    await tx.auditEntry.create({ data: { jobId: job.id } });
  });
  await kx.transaction(async (trx) => {
    await trx('audit').insert({ job: job.id }).onConflict().ignore();
  });
  await dataSource.transaction(async (manager) => {
    await manager.insert('Audit', { job: job.id });
  });
});`,
          },
        ],
      },
      {
        messageId: 'plainInsert',
        line: 23,
        column: 11,
        data: { insert: 'TypeORM insert()', handler: BULLMQ, upsert: "upsert(Entity, values, ['<unique column>'])", key: JOB_KEY },
        suggestions: [],
      },
    ],
  },
  {
    // Kysely transaction
    code: `import { Worker } from 'bullmq';
import { Kysely } from 'kysely';
declare const dialect: ConstructorParameters<typeof Kysely>[0]['dialect'];
const db = new Kysely<{ events: { id: string } }>({ dialect });
new Worker('events', async (job) => {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('events').values({ id: job.id! }).execute();
  });
});`,
    errors: [{ messageId: 'plainInsert', line: 7, column: 11, data: { insert: 'Kysely insertInto()', handler: BULLMQ, upsert: KYSELY_UPSERT, key: JOB_KEY }, suggestions: [] }],
  },
];

typedRuleTester().run('require-idempotent-insert (typed)', rule, { valid, invalid });
untypedRuleTester().run('require-idempotent-insert (untyped)', rule, { valid, invalid });

// Helpers reached from the handler are reported at the handler's call, with the chain. The
// chain's locations are relative to ESLint's cwd, which RuleTester sets to the file system root
// of the filename.
const workerFile = fixtureFile('src', 'require-idempotent-insert', 'worker.ts');
const webhookFile = fixtureFile('src', 'require-idempotent-insert', 'webhook.ts');
const ledgerFile = fixtureFile('src', 'require-idempotent-insert', 'ledger.ts');

function helperCases(relative: (file: string) => string): { valid: (ValidTestCase<Options> | string)[]; invalid: InvalidTestCase<MessageIds, Options>[] } {
  return {
    valid: [
      {
        // the handler claims the event id in Redis before calling the helper
        code: `import express from 'express';
import { Redis } from 'ioredis';
import { recordPayment } from './ledger';
const redis = new Redis();
export const router = express.Router();
router.post('/webhooks/payments', async (req, res) => {
  const claimed = await redis.set(\`payment:\${req.body.id}\`, '1', 'EX', 86400, 'NX');
  if (claimed !== 'OK') return res.sendStatus(200);
  await recordPayment(req.body.id, req.body.amount);
  res.sendStatus(200);
});`,
        filename: webhookFile,
      },
      {
        // an ordinary route calling the same helper
        code: `import express from 'express';
import { recordPayment } from './ledger';
export const router = express.Router();
router.post('/payments', async (req, res) => {
  await recordPayment(req.body.id, req.body.amount);
  res.sendStatus(201);
});`,
        filename: webhookFile,
      },
      {
        // the helper's insert is idempotent
        code: `import { Worker } from 'bullmq';
import { recordPaymentOnce } from './ledger';
new Worker('payments', async (job) => {
  await recordPaymentOnce(job.data.eventId, job.data.amount);
});`,
        filename: workerFile,
      },
      {
        // the same service in an ordinary NestJS controller
        code: `import { Body, Controller, Post } from '@nestjs/common';
import { PrismaService } from './prisma.service';
@Controller('invoices')
export class InvoiceController {
  constructor(private readonly prisma: PrismaService) {}
  @Post()
  create(@Body() body: { total: number }) {
    return this.prisma.invoice.create({ data: { total: body.total } });
  }
}`,
        filename: workerFile,
      },
    ],
    invalid: [
      {
        // a helper in another file
        code: `import { Worker } from 'bullmq';
import { recordPayment } from './ledger';
new Worker('payments', async (job) => {
  await recordPayment(job.data.eventId, job.data.amount);
});`,
        filename: workerFile,
        errors: [
          {
            messageId: 'insertViaHelper',
            line: 4,
            column: 9,
            data: {
              callee: 'recordPayment',
              insert: 'Drizzle insert()',
              chain: `recordPayment() (${relative(ledgerFile)}:3)`,
              handler: BULLMQ,
              upsert: DRIZZLE_UPSERT,
              key: JOB_KEY,
            },
            suggestions: [],
          },
        ],
      },
      {
        // a helper in the same file
        code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
async function saveOrder(data: object) {
  return prisma.order.create({ data });
}
new Worker('orders', async (job) => {
  await saveOrder(job.data);
});`,
        filename: workerFile,
        errors: [
          {
            messageId: 'insertViaHelper',
            line: 8,
            column: 9,
            data: {
              callee: 'saveOrder',
              insert: 'Prisma create()',
              chain: `saveOrder() (${relative(workerFile)}:4)`,
              handler: BULLMQ,
              upsert: PRISMA_UPSERT,
              key: JOB_KEY,
            },
            suggestions: [],
          },
        ],
      },
      {
        // NestJS processor with the Prisma recipe's service (a project subclass of PrismaClient)
        code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PrismaService } from './prisma.service';
@Processor('invoices')
export class InvoiceProcessor extends WorkerHost {
  constructor(private readonly prisma: PrismaService) { super(); }
  async process(job: Job<{ total: number }>) {
    await this.prisma.invoice.create({ data: { total: job.data.total } });
  }
}`,
        filename: workerFile,
        errors: [
          {
            messageId: 'plainInsert',
            line: 8,
            column: 11,
            data: { insert: 'Prisma create()', handler: 'a NestJS job processor', upsert: PRISMA_UPSERT, key: JOB_KEY },
            suggestions: [],
          },
        ],
      },
    ],
  };
}
const fromRoot = (file: string): string => path.relative(path.parse(file).root, file);
typedRuleTester().run('require-idempotent-insert (typed, helpers)', rule, helperCases(fromRoot));
untypedRuleTester().run('require-idempotent-insert (untyped, helpers)', rule, helperCases(fromRoot));
