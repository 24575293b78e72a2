import path from 'node:path';

import type { InvalidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../src/rules/no-unbounded-query.js';
import { fixtureFile, fixturesDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const EXPRESS_PRISMA = `import express from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const app = express();
`;

const HINT = {
  prisma: 'pass `take` (with `skip` or `cursor` for the next page)',
  typeorm: 'pass `take` (or call `.take()`/`.limit()` on the query builder)',
  sequelize: 'pass `limit` (with `offset` for the next page)',
  knex: 'add `.limit(n)` (with `.offset()` or a keyset `where` for the next page)',
  kysely: 'add `.limit(n)` before `execute()`',
  drizzle: 'add `.limit(n)` (or `limit` in the relational query options)',
  mongoose: 'add `.limit(n)` (or `limit` in the query options)',
  pg: 'add `LIMIT $n` (keyset pagination with `WHERE id > $cursor` scales best)',
  mysql2: 'add `LIMIT ?` (keyset pagination with `WHERE id > ?` scales best)',
};

const valid: string[] = [
  // take bounds the page
  `${EXPRESS_PRISMA}app.get('/users', async (_req, res) => { res.json(await prisma.user.findMany({ take: 50, orderBy: { id: 'asc' } })); });`,
  // single-row reads and aggregates
  `${EXPRESS_PRISMA}app.get('/users/:id', async (req, res) => {
  const user = await prisma.user.findUnique({ where: { id: Number(req.params.id) } });
  const total = await prisma.user.count();
  res.json({ user, total });
});`,
  // bounded by an in-list
  `${EXPRESS_PRISMA}app.post('/users/batch', async (req, res) => {
  res.json(await prisma.user.findMany({ where: { id: { in: req.body.ids as number[] } } }));
});`,
  // options from a parameter: unknown, so silent
  `${EXPRESS_PRISMA}function list(args: object) { return prisma.user.findMany(args); }
app.get('/users', async (_req, res) => { res.json(await list({})); });`,
  // not in a request handler: a script or a job may read everything on purpose
  `${EXPRESS_PRISMA}export async function nightlyExport() { return prisma.user.findMany(); }`,
  // TypeORM with take, and a query builder bounded on its own line
  `import express from 'express';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
const app = express();
app.get('/orders', async (_req, res) => {
  const orders = await dataSource.getRepository('Order').find({ take: 20 });
  const qb = dataSource.getRepository('Order').createQueryBuilder('o');
  qb.take(20);
  res.json({ orders, more: await qb.getMany() });
});`,
  // Sequelize with limit
  `import express from 'express';
import { Model } from 'sequelize';
class Order extends Model {}
const app = express();
app.get('/orders', async (_req, res) => { res.json(await Order.findAll({ limit: 20, offset: 0 })); });`,
  // Mongoose with .limit() and a pagination plugin method
  `import express from 'express';
import mongoose from 'mongoose';
const Post = mongoose.model('Post', new mongoose.Schema({ title: String }));
const app = express();
app.get('/posts', async (_req, res) => {
  const posts = await Post.find({ published: true }).sort({ _id: -1 }).limit(20);
  res.json(posts);
});`,
  // Knex with limit, Knex .first()
  `import express from 'express';
import knex from 'knex';
const db = knex({ client: 'pg' });
const app = express();
app.get('/users', async (_req, res) => { res.json(await db('users').where('active', true).limit(100)); });
app.get('/users/:id', async (req, res) => { res.json(await db('users').where({ id: req.params.id }).first()); });`,
  // Kysely executeTakeFirst and limit
  `import express from 'express';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool() }) });
const app = express();
app.get('/users', async (_req, res) => {
  res.json(await db.selectFrom('users').selectAll().limit(50).execute());
});
app.get('/users/:id', async (req, res) => {
  res.json(await db.selectFrom('users').selectAll().where('id', '=', req.params.id).executeTakeFirst());
});`,
  // Drizzle: limit, lookup by primary key, destructured first row, an aggregate
  `import express from 'express';
import { drizzle } from 'drizzle-orm/node-postgres';
import { count, eq } from 'drizzle-orm';
import { pgTable, serial, text } from 'drizzle-orm/pg-core';
const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email') });
const db = drizzle(process.env.DATABASE_URL!);
const app = express();
app.get('/users', async (_req, res) => { res.json(await db.select().from(users).limit(25)); });
app.get('/users/:id', async (req, res) => { res.json(await db.select().from(users).where(eq(users.id, Number(req.params.id)))); });
app.get('/login', async (req, res) => {
  const [user] = await db.select().from(users).where(eq(users.email, String(req.query.email)));
  const [{ n }] = await db.select({ n: count() }).from(users);
  res.json({ user, n });
});`,
  // raw SQL: LIMIT, a count, a primary-key lookup, a first-row lookup
  `import express from 'express';
import pg from 'pg';
const pool = new pg.Pool();
const app = express();
app.get('/orders', async (_req, res) => {
  const page = await pool.query('SELECT * FROM orders ORDER BY id DESC LIMIT 50');
  const total = await pool.query('SELECT count(*) FROM orders');
  const one = await pool.query('SELECT * FROM orders WHERE id = $1', [1]);
  const { rows } = await pool.query('SELECT * FROM users WHERE email = $1', ['a@b.c']);
  res.json({ page: page.rows, total: total.rows, one: one.rows, user: rows[0] });
});`,
  // mysql2: the first row of the [rows, fields] tuple
  `import express from 'express';
import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
const app = express();
app.get('/me', async (req, res) => {
  const [rows] = await pool.execute('SELECT * FROM users WHERE token = ?', [req.headers.authorization]);
  res.json((rows as any[])[0]);
});`,
  // a lookalike: an array's find and a Map
  `import express from 'express';
const app = express();
const items = [{ id: 1 }];
app.get('/items', (_req, res) => { res.json(items.filter((item) => item.id > 0).find(() => true)); });`,
  // a Mongoose query assigned for later refinement is judged where it runs
  `import express from 'express';
import mongoose from 'mongoose';
const Post = mongoose.model('Post', new mongoose.Schema({ title: String }));
const app = express();
app.get('/posts', async (req, res) => {
  const query = Post.find({ published: true });
  if (req.query.tag) query.where('tags').equals(req.query.tag);
  res.json(await query.limit(20));
});`,
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `${EXPRESS_PRISMA}app.get('/users', async (_req, res) => {
  res.json(await prisma.user.findMany({ where: { active: true } }));
});`,
    errors: [{ messageId: 'unboundedQuery', line: 6, column: 18, data: { library: 'Prisma', method: 'findMany', hint: HINT.prisma }, suggestions: [] }],
  },
  {
    // TypeORM find, findBy and a query builder's getMany
    code: `import express from 'express';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
const app = express();
app.get('/orders', async (req, res) => {
  const orders = dataSource.getRepository('Order');
  const all = await orders.find({ order: { id: 'DESC' } });
  const mine = await orders.findBy({ customerId: Number(req.query.customer) });
  const open = await orders.createQueryBuilder('o').where('o.status = :s', { s: 'open' }).getMany();
  res.json({ all, mine, open });
});`,
    errors: [
      { messageId: 'unboundedQuery', line: 7, data: { library: 'TypeORM', method: 'find', hint: HINT.typeorm } },
      { messageId: 'unboundedQuery', line: 8, data: { library: 'TypeORM', method: 'findBy', hint: HINT.typeorm } },
      { messageId: 'unboundedQuery', line: 9, data: { library: 'TypeORM', method: 'getMany', hint: HINT.typeorm } },
    ],
  },
  {
    code: `import express from 'express';
import { Model } from 'sequelize';
class Order extends Model {}
const router = express.Router();
router.get('/orders', async (_req, res) => { res.json(await Order.findAll({ where: { status: 'open' } })); });`,
    errors: [{ messageId: 'unboundedQuery', line: 5, column: 61, data: { library: 'Sequelize', method: 'findAll', hint: HINT.sequelize } }],
  },
  {
    code: `import express from 'express';
import mongoose from 'mongoose';
const Post = mongoose.model('Post', new mongoose.Schema({ title: String }));
const app = express();
app.get('/posts', async (_req, res) => { res.json(await Post.find({ published: true }).sort({ _id: -1 }).lean()); });`,
    errors: [{ messageId: 'unboundedQuery', line: 5, column: 57, data: { library: 'Mongoose', method: 'find', hint: HINT.mongoose } }],
  },
  {
    code: `import express from 'express';
import knex from 'knex';
const db = knex({ client: 'pg' });
const app = express();
app.get('/users', async (_req, res) => { res.json(await db('users').where('active', true).orderBy('id')); });`,
    errors: [{ messageId: 'unboundedQuery', line: 5, column: 57, data: { library: 'Knex', method: 'select', hint: HINT.knex } }],
  },
  {
    code: `import express from 'express';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool() }) });
const app = express();
app.get('/users', async (_req, res) => { res.json(await db.selectFrom('users').selectAll().execute()); });`,
    errors: [{ messageId: 'unboundedQuery', line: 6, data: { library: 'Kysely', method: 'selectFrom', hint: HINT.kysely } }],
  },
  {
    code: `import express from 'express';
import { drizzle } from 'drizzle-orm/node-postgres';
import { eq } from 'drizzle-orm';
import { pgTable, serial, integer } from 'drizzle-orm/pg-core';
const orders = pgTable('orders', { id: serial('id').primaryKey(), customerId: integer('customer_id') });
const db = drizzle(process.env.DATABASE_URL!);
const app = express();
app.get('/customers/:id/orders', async (req, res) => {
  res.json(await db.select().from(orders).where(eq(orders.customerId, Number(req.params.id))));
});
app.get('/orders', async (_req, res) => { res.json(await db.query.orders.findMany({ orderBy: (o, { desc }) => desc(o.id) })); });`,
    errors: [
      { messageId: 'unboundedQuery', line: 9, column: 18, data: { library: 'Drizzle', method: 'select', hint: HINT.drizzle } },
      { messageId: 'unboundedQuery', line: 11, data: { library: 'Drizzle', method: 'findMany', hint: HINT.drizzle } },
    ],
  },
  {
    code: `import express from 'express';
import pg from 'pg';
const pool = new pg.Pool();
const app = express();
app.get('/orders', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC', [req.query.customer]);
  res.json(rows);
});`,
    errors: [{ messageId: 'unboundedQuery', line: 6, column: 26, data: { library: 'node-postgres', method: 'query', hint: HINT.pg } }],
  },
  {
    code: `import express from 'express';
import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
const app = express();
app.get('/orders', async (_req, res) => {
  const [rows] = await pool.query(\`SELECT id, total FROM orders\`);
  res.json(rows);
});`,
    errors: [{ messageId: 'unboundedQuery', line: 6, data: { library: 'mysql2', method: 'query', hint: HINT.mysql2 } }],
  },
  {
    // Prisma raw query without LIMIT
    code: `${EXPRESS_PRISMA}app.get('/events', async (_req, res) => {
  res.json(await prisma.$queryRaw\`SELECT * FROM events ORDER BY at DESC\`);
});`,
    errors: [{ messageId: 'unboundedQuery', line: 6, column: 18, data: { library: 'Prisma', method: '$queryRaw', hint: HINT.prisma } }],
  },
  {
    // a handler passed by reference
    code: `${EXPRESS_PRISMA}async function listOrders(_req: express.Request, res: express.Response) {
  res.json(await prisma.order.findMany());
}
app.get('/orders', listOrders);`,
    errors: [{ messageId: 'unboundedQuery', line: 6, data: { library: 'Prisma', method: 'findMany', hint: HINT.prisma } }],
  },
];

typedRuleTester().run('no-unbounded-query (typed)', rule, { valid, invalid });
untypedRuleTester().run('no-unbounded-query (untyped)', rule, { valid, invalid });

// Options: a project pagination helper counts as a bound.
const options = {
  valid: [
    {
      code: `import express from 'express';
import knex from 'knex';
const db = knex({ client: 'pg' });
const app = express();
app.get('/users', async (_req, res) => { res.json(await db('users').orderBy('id').paginated()); });`,
      options: [{ boundedMethods: ['paginated'] }] as Options,
    },
  ],
  invalid: [
    {
      // the defaults are replaced by the option: `paginate` no longer counts
      code: `import express from 'express';
import knex from 'knex';
const db = knex({ client: 'pg' });
const app = express();
app.get('/users', async (_req, res) => { res.json(await db('users').orderBy('id').paginate()); });`,
      options: [{ boundedMethods: ['paginated'] }] as Options,
      errors: [{ messageId: 'unboundedQuery' as const, line: 5, data: { library: 'Knex', method: 'select', hint: HINT.knex } }],
    },
  ],
};
typedRuleTester().run('no-unbounded-query (typed, options)', rule, options);
untypedRuleTester().run('no-unbounded-query (untyped, options)', rule, options);

// A service in another file, called from the handler: reported at the handler's call.
const serviceFile = path.relative(path.parse(fixturesDir).root, fixtureFile('src', 'no-unbounded-query', 'orders-service.ts'));
const crossFile = {
  valid: [
    {
      code: `import express from 'express';
import { recentOrders } from './orders-service';
const app = express();
app.get('/orders', async (_req, res) => { res.json(await recentOrders()); });`,
      filename: fixtureFile('src', 'no-unbounded-query', 'routes.ts'),
    },
  ],
  invalid: [
    {
      code: `import express from 'express';
import { allOrders } from './orders-service';
const app = express();
app.get('/orders', async (_req, res) => { res.json(await allOrders()); });`,
      filename: fixtureFile('src', 'no-unbounded-query', 'routes.ts'),
      errors: [
        {
          messageId: 'unboundedQueryViaCall' as const,
          line: 4,
          column: 58,
          data: {
            callee: 'allOrders',
            library: 'Prisma',
            method: 'findMany',
            location: `${serviceFile}:6`,
            chain: `allOrders() (${serviceFile}:5)`,
            hint: HINT.prisma,
          },
        },
      ],
    },
  ],
};
typedRuleTester().run('no-unbounded-query (typed, other file)', rule, crossFile);
untypedRuleTester().run('no-unbounded-query (untyped, other file)', rule, crossFile);
