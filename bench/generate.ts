/**
 * Writes a synthetic but realistic TypeScript backend for the benchmark: Express/Fastify routes,
 * services, repositories (Drizzle, Knex, raw pg), BullMQ workers, ioredis caches and utilities,
 * with scalability anti-patterns at a low, realistic rate. Deterministic from a seed: the same
 * options always write the same files.
 *
 *   npx tsx bench/generate.ts [--files 1000] [--seed 1] [--out <dir>] [--anti-pattern-rate 0.03]
 *
 * The project imports the real libraries installed as this repository's devDependencies through
 * a `node_modules` symlink, so typed linting sees real declarations.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createRandom, type Random } from './random.js';

export interface GenerateOptions {
  /** Approximate number of files (the result is within a few files of it). */
  readonly files?: number;
  readonly seed?: number;
  /** Target directory; created if missing, emptied if it exists. Defaults to a temp folder. */
  readonly outDir?: string;
  /** Share of generated code units that contain an anti-pattern. */
  readonly antiPatternRate?: number;
}

export interface GeneratedProject {
  readonly dir: string;
  readonly files: number;
  readonly lines: number;
  readonly antiPatterns: Readonly<Record<string, number>>;
  readonly seed: number;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Files per domain module; the shared `src/lib` and `src/app.ts` add a few more. */
const FILES_PER_DOMAIN = 8;
const SHARED_FILES = 8;

const NOUNS = [
  'order', 'customer', 'product', 'invoice', 'payment', 'shipment', 'inventory', 'review', 'coupon', 'cart',
  'subscription', 'notification', 'account', 'address', 'warehouse', 'supplier', 'refund', 'report', 'audit',
  'tenant', 'team', 'project', 'task', 'comment', 'attachment', 'webhook', 'plan', 'price', 'tax', 'ledger',
  'transfer', 'booking', 'ticket', 'message', 'channel', 'device', 'event', 'metric', 'export', 'campaign',
];

type Persistence = 'drizzle' | 'knex' | 'pg';
type HttpFramework = 'express' | 'fastify';

interface Domain {
  readonly name: string; // camelCase singular: order2
  readonly Name: string; // PascalCase: Order2
  readonly table: string; // snake plural: orders_2
  readonly persistence: Persistence;
  readonly http: HttpFramework;
  /** Whether the domain's queue is declared with retrying default job options. */
  readonly queueDefaults: boolean;
}

class Writer {
  readonly antiPatterns: Record<string, number> = {};
  constructor(
    readonly random: Random,
    readonly rate: number,
  ) {}

  /** Decides whether this unit carries the named anti-pattern, and counts it. */
  anti(kind: string): boolean {
    if (!this.random.chance(this.rate)) return false;
    this.antiPatterns[kind] = (this.antiPatterns[kind] ?? 0) + 1;
    return true;
  }
}

export function generateProject(options: GenerateOptions = {}): GeneratedProject {
  const files = options.files ?? 1000;
  const seed = options.seed ?? 1;
  const rate = options.antiPatternRate ?? 0.03;
  const dir = options.outDir ?? path.join(os.tmpdir(), `scalability-bench-${files}-${seed}`);
  const random = createRandom(seed);
  const writer = new Writer(random, rate);

  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });

  const domainCount = Math.max(1, Math.round((files - SHARED_FILES) / FILES_PER_DOMAIN));
  const domains: Domain[] = [];
  for (let index = 0; index < domainCount; index++) {
    const noun = NOUNS[index % NOUNS.length] ?? 'item';
    const round = Math.floor(index / NOUNS.length);
    const name = round === 0 ? noun : `${noun}${round + 1}`;
    domains.push({
      name,
      Name: name.charAt(0).toUpperCase() + name.slice(1),
      table: round === 0 ? `${noun}s` : `${noun}s_${round + 1}`,
      persistence: random.weighted<Persistence>([['drizzle', 6], ['knex', 2], ['pg', 2]]),
      http: random.weighted<HttpFramework>([['express', 8], ['fastify', 2]]),
      queueDefaults: !random.chance(0.1),
    });
  }

  const out = new Map<string, string>();
  out.set('package.json', `${JSON.stringify({ name: 'bench-backend', private: true, type: 'module' }, null, 2)}\n`);
  out.set(
    'tsconfig.json',
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2023',
          lib: ['ES2023'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          esModuleInterop: true,
          skipLibCheck: true,
          noEmit: true,
          types: ['node'],
        },
        include: ['src'],
      },
      null,
      2,
    )}\n`,
  );
  for (const [file, text] of sharedFiles(domains)) out.set(file, text);
  for (const domain of domains) {
    const base = `src/modules/${domain.name}/${domain.name}`;
    out.set(`${base}.types.ts`, typesFile(domain, writer));
    out.set(`${base}.schema.ts`, schemaFile(domain));
    out.set(`${base}.repository.ts`, repositoryFile(domain, writer));
    out.set(`${base}.cache.ts`, cacheFile(domain, writer));
    out.set(`${base}.service.ts`, serviceFile(domain, writer));
    out.set(`${base}.routes.ts`, routesFile(domain, writer));
    out.set(`${base}.worker.ts`, workerFile(domain, writer));
    out.set(`${base}.utils.ts`, utilsFile(domain, writer));
  }

  let lines = 0;
  let sourceFiles = 0;
  for (const [file, text] of out) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    if (file.endsWith('.ts')) {
      sourceFiles++;
      lines += text.split('\n').length - 1;
    }
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const result = { dir, files: sourceFiles, lines, antiPatterns: writer.antiPatterns, seed };
  fs.writeFileSync(path.join(dir, 'bench-manifest.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Shared infrastructure

function sharedFiles(domains: readonly Domain[]): [string, string][] {
  const routers = domains.filter((domain) => domain.http === 'express');
  const plugins = domains.filter((domain) => domain.http === 'fastify');
  return [
    [
      'src/config.ts',
      `export interface AppConfig {
  readonly port: number;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly cacheTtlSeconds: number;
  readonly pageSizeLimit: number;
}

function required(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(\`Missing environment variable \${name}\`);
  return value;
}

export const config: AppConfig = {
  port: Number(process.env.PORT ?? 3000),
  databaseUrl: required('DATABASE_URL', 'postgres://localhost/app'),
  redisUrl: required('REDIS_URL', 'redis://localhost:6379'),
  cacheTtlSeconds: Number(process.env.CACHE_TTL ?? 300),
  pageSizeLimit: 100,
};
`,
    ],
    [
      'src/lib/logger.ts',
      `type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

function createLogger(base: Record<string, unknown>): Logger {
  return {
    log(level, message, fields = {}) {
      process.stdout.write(\`\${JSON.stringify({ level, message, ...base, ...fields, time: new Date().toISOString() })}\\n\`);
    },
    child(fields) {
      return createLogger({ ...base, ...fields });
    },
  };
}

export const logger = createLogger({ service: 'bench-backend' });
`,
    ],
    [
      'src/lib/redis.ts',
      `import { Redis } from 'ioredis';

import { config } from '../config.js';

export const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
`,
    ],
    [
      'src/lib/db.ts',
      `import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';

import { config } from '../config.js';

export const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 20 });
export const db = drizzle(pool);
`,
    ],
    [
      'src/lib/knex.ts',
      `import knexFactory from 'knex';

import { config } from '../config.js';

export const knex = knexFactory({ client: 'pg', connection: config.databaseUrl, pool: { min: 2, max: 10 } });
`,
    ],
    [
      'src/lib/errors.ts',
      `export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends HttpError {
  constructor(entity: string, id: string) {
    super(404, \`\${entity} \${id} not found\`);
  }
}

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}
`,
    ],
    [
      'src/app.ts',
      `import express from 'express';
import Fastify from 'fastify';

import { config } from './config.js';
${routers.map((d) => `import { ${d.name}Router } from './modules/${d.name}/${d.name}.routes.js';`).join('\n')}
${plugins.map((d) => `import { register${d.Name}Routes } from './modules/${d.name}/${d.name}.routes.js';`).join('\n')}

export const app = express();
app.use(express.json({ limit: '1mb' }));
${routers.map((d) => `app.use('/${d.table}', ${d.name}Router);`).join('\n')}

export const fastify = Fastify({ logger: false });
${plugins.map((d) => `void fastify.register(register${d.Name}Routes, { prefix: '/${d.table}' });`).join('\n')}

if (process.env.NODE_ENV !== 'test') {
  app.listen(config.port);
  void fastify.listen({ port: config.port + 1 });
}
`,
    ],
    [
      'src/workers.ts',
      `${domains.map((d) => `import { ${d.name}Worker } from './modules/${d.name}/${d.name}.worker.js';`).join('\n')}

export const workers = [${domains.map((d) => `${d.name}Worker`).join(', ')}];

process.on('SIGTERM', () => {
  void Promise.all(workers.map((worker) => worker.close())).then(() => process.exit(0));
});
`,
    ],
  ];
}

// ---------------------------------------------------------------------------------------------
// Per-domain files

function typesFile(d: Domain, w: Writer): string {
  const extra = w.random.int(2, 6);
  const fields = Array.from({ length: extra }, (_, i) => `  readonly attribute${i}: ${w.random.pick(['string', 'number', 'boolean', 'string | null'])};`);
  return `export type ${d.Name}Status = 'draft' | 'active' | 'archived';

export interface ${d.Name} {
  readonly id: number;
  readonly externalId: string;
  readonly tenantId: number;
  readonly status: ${d.Name}Status;
  readonly amountCents: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
${fields.join('\n')}
}

export interface Create${d.Name}Input {
  readonly externalId: string;
  readonly tenantId: number;
  readonly amountCents: number;
}

export interface ${d.Name}Page {
  readonly items: readonly ${d.Name}[];
  readonly nextCursor: number | null;
}

export interface ${d.Name}JobData {
  readonly ${d.name}Id: number;
  readonly reason: 'created' | 'updated' | 'reindex';
}
`;
}

function schemaFile(d: Domain): string {
  return `import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const ${d.name}Table = pgTable(
  '${d.table}',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').notNull(),
    tenantId: integer('tenant_id').notNull(),
    status: text('status').$type<'draft' | 'active' | 'archived'>().notNull().default('draft'),
    amountCents: integer('amount_cents').notNull(),
    createdAt: timestamp('created_at').defaultNow().notNull(),
    updatedAt: timestamp('updated_at').defaultNow().notNull(),
  },
  (table) => [index('${d.table}_tenant_idx').on(table.tenantId)],
);

export type ${d.Name}Row = typeof ${d.name}Table.$inferSelect;
`;
}

function repositoryFile(d: Domain, w: Writer): string {
  const header = {
    drizzle: `import { and, desc, eq, gt, inArray } from 'drizzle-orm';

import { db } from '../../lib/db.js';
import type { Create${d.Name}Input } from './${d.name}.types.js';
import { ${d.name}Table, type ${d.Name}Row } from './${d.name}.schema.js';`,
    knex: `import { knex } from '../../lib/knex.js';
import type { Create${d.Name}Input } from './${d.name}.types.js';
import type { ${d.Name}Row } from './${d.name}.schema.js';`,
    pg: `import { pool } from '../../lib/db.js';
import type { Create${d.Name}Input } from './${d.name}.types.js';
import type { ${d.Name}Row } from './${d.name}.schema.js';`,
  }[d.persistence];

  const find = {
    drizzle: `export async function find${d.Name}ById(id: number): Promise<${d.Name}Row | undefined> {
  const rows = await db.select().from(${d.name}Table).where(eq(${d.name}Table.id, id)).limit(1);
  return rows[0];
}

export async function list${d.Name}s(tenantId: number, cursor: number, limit: number): Promise<${d.Name}Row[]> {
  return db
    .select()
    .from(${d.name}Table)
    .where(and(eq(${d.name}Table.tenantId, tenantId), gt(${d.name}Table.id, cursor)))
    .orderBy(desc(${d.name}Table.id))
    .limit(limit);
}

export async function find${d.Name}sByIds(ids: readonly number[]): Promise<${d.Name}Row[]> {
  if (ids.length === 0) return [];
  return db.select().from(${d.name}Table).where(inArray(${d.name}Table.id, [...ids]));
}

export async function insert${d.Name}(input: Create${d.Name}Input): Promise<${d.Name}Row> {
  const [row] = await db.insert(${d.name}Table).values(input).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function update${d.Name}Status(id: number, status: ${d.Name}Row['status']): Promise<void> {
  await db.update(${d.name}Table).set({ status, updatedAt: new Date() }).where(eq(${d.name}Table.id, id));
}`,
    knex: `export async function find${d.Name}ById(id: number): Promise<${d.Name}Row | undefined> {
  return knex<${d.Name}Row>('${d.table}').where({ id }).first();
}

export async function list${d.Name}s(tenantId: number, cursor: number, limit: number): Promise<${d.Name}Row[]> {
  return knex<${d.Name}Row>('${d.table}')
    .where('tenant_id', tenantId)
    .andWhere('id', '>', cursor)
    .orderBy('id', 'desc')
    .limit(limit);
}

export async function find${d.Name}sByIds(ids: readonly number[]): Promise<${d.Name}Row[]> {
  if (ids.length === 0) return [];
  return knex<${d.Name}Row>('${d.table}').whereIn('id', [...ids]);
}

export async function insert${d.Name}(input: Create${d.Name}Input): Promise<${d.Name}Row> {
  const [row] = await knex('${d.table}')
    .insert({ external_id: input.externalId, tenant_id: input.tenantId, amount_cents: input.amountCents })
    .returning('*');
  return row as ${d.Name}Row;
}

export async function update${d.Name}Status(id: number, status: ${d.Name}Row['status']): Promise<void> {
  await knex('${d.table}').where({ id }).update({ status, updated_at: new Date() });
}`,
    pg: `export async function find${d.Name}ById(id: number): Promise<${d.Name}Row | undefined> {
  const result = await pool.query<${d.Name}Row>('SELECT * FROM ${d.table} WHERE id = $1', [id]);
  return result.rows[0];
}

export async function list${d.Name}s(tenantId: number, cursor: number, limit: number): Promise<${d.Name}Row[]> {
  const result = await pool.query<${d.Name}Row>(
    'SELECT * FROM ${d.table} WHERE tenant_id = $1 AND id > $2 ORDER BY id DESC LIMIT $3',
    [tenantId, cursor, limit],
  );
  return result.rows;
}

export async function find${d.Name}sByIds(ids: readonly number[]): Promise<${d.Name}Row[]> {
  if (ids.length === 0) return [];
  const result = await pool.query<${d.Name}Row>('SELECT * FROM ${d.table} WHERE id = ANY($1)', [ids]);
  return result.rows;
}

export async function insert${d.Name}(input: Create${d.Name}Input): Promise<${d.Name}Row> {
  const result = await pool.query<${d.Name}Row>(
    'INSERT INTO ${d.table} (external_id, tenant_id, amount_cents) VALUES ($1, $2, $3) RETURNING *',
    [input.externalId, input.tenantId, input.amountCents],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function update${d.Name}Status(id: number, status: ${d.Name}Row['status']): Promise<void> {
  await pool.query('UPDATE ${d.table} SET status = $1, updated_at = now() WHERE id = $2', [status, id]);
}`,
  }[d.persistence];

  const extras: string[] = [];
  if (w.anti('n-plus-one-query')) {
    extras.push(`// Loads each row on its own round trip.
export async function load${d.Name}sOneByOne(ids: readonly number[]): Promise<${d.Name}Row[]> {
  const rows: ${d.Name}Row[] = [];
  for (const id of ids) {
    const row = await find${d.Name}ById(id);
    if (row) rows.push(row);
  }
  return rows;
}`);
  }
  if (d.persistence === 'drizzle' && w.anti('unbounded-select')) {
    extras.push(`export async function all${d.Name}s(): Promise<${d.Name}Row[]> {
  return db.select().from(${d.name}Table);
}`);
  }
  if (d.persistence === 'pg' && w.anti('pool-per-call')) {
    extras.push(`export async function count${d.Name}sWithFreshPool(): Promise<number> {
  const { Pool } = await import('pg');
  const local = new Pool({ connectionString: process.env.DATABASE_URL });
  const result = await local.query<{ count: string }>('SELECT count(*) FROM ${d.table}');
  await local.end();
  return Number(result.rows[0]?.count ?? 0);
}`);
  }
  return `${header}

${find}
${extras.length > 0 ? `\n${extras.join('\n\n')}\n` : ''}`;
}

function cacheFile(d: Domain, w: Writer): string {
  const noTtl = w.anti('cache-set-without-ttl');
  const scan = w.anti('redis-keys-scan');
  const memo = w.anti('in-process-cache');
  return `import { redis } from '../../lib/redis.js';
import { config } from '../../config.js';
import type { ${d.Name} } from './${d.name}.types.js';

const PREFIX = '${d.name}:v1:';

function key(id: number): string {
  return \`\${PREFIX}\${id}\`;
}
${memo ? `
// Process-local cache: each instance holds its own copy and never sees other instances' writes.
const local = new Map<number, ${d.Name}>();

export function rememberLocally(value: ${d.Name}): void {
  local.set(value.id, value);
}

export function recallLocally(id: number): ${d.Name} | undefined {
  return local.get(id);
}
` : ''}
export async function getCached${d.Name}(id: number): Promise<${d.Name} | undefined> {
  const raw = await redis.get(key(id));
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as ${d.Name};
  } catch {
    await redis.del(key(id));
    return undefined;
  }
}

export async function setCached${d.Name}(value: ${d.Name}): Promise<void> {
${noTtl ? `  await redis.set(key(value.id), JSON.stringify(value));` : `  await redis.set(key(value.id), JSON.stringify(value), 'EX', config.cacheTtlSeconds);`}
}

export async function invalidate${d.Name}(id: number): Promise<void> {
  await redis.del(key(id));
}

export async function getManyCached${d.Name}s(ids: readonly number[]): Promise<Map<number, ${d.Name}>> {
  const found = new Map<number, ${d.Name}>();
  if (ids.length === 0) return found;
  const values = await redis.mget(ids.map(key));
  values.forEach((raw, index) => {
    const id = ids[index];
    if (raw !== null && id !== undefined) found.set(id, JSON.parse(raw) as ${d.Name});
  });
  return found;
}
${scan ? `
export async function flush${d.Name}Cache(): Promise<number> {
  const keys = await redis.keys(\`\${PREFIX}*\`);
  if (keys.length === 0) return 0;
  return redis.del(...keys);
}
` : `
export async function flush${d.Name}Cache(): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', \`\${PREFIX}*\`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}
`}`;
}

function serviceFile(d: Domain, w: Writer): string {
  const noRetry = w.anti('enqueue-without-retry');
  const awaitLoop = w.anti('await-in-loop');
  const syncHash = w.anti('sync-crypto');
  const methods: string[] = [
    `export async function get${d.Name}(id: number): Promise<${d.Name}> {
  const cached = await getCached${d.Name}(id);
  if (cached) return cached;
  const row = await find${d.Name}ById(id);
  if (!row) throw new NotFoundError('${d.Name}', String(id));
  const value = toDomain(row);
  await setCached${d.Name}(value);
  return value;
}`,
    `export async function list${d.Name}Page(tenantId: number, cursor = 0, limit = 20): Promise<${d.Name}Page> {
  const size = Math.min(Math.max(limit, 1), config.pageSizeLimit);
  const rows = await list${d.Name}s(tenantId, cursor, size + 1);
  const items = rows.slice(0, size).map(toDomain);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > size && last ? last.id : null };
}`,
    `export async function create${d.Name}(input: Create${d.Name}Input): Promise<${d.Name}> {
  const row = await insert${d.Name}(input);
  const value = toDomain(row);
  ${noRetry ? `await ${d.name}Queue.add('${d.name}-created', { ${d.name}Id: value.id, reason: 'created' });` : `await ${d.name}Queue.add(
    '${d.name}-created',
    { ${d.name}Id: value.id, reason: 'created' },
    { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, jobId: \`${d.name}-created-\${value.id}\` },
  );`}
  log.log('info', '${d.name} created', { id: value.id });
  return value;
}`,
    `export async function archive${d.Name}(id: number): Promise<void> {
  await update${d.Name}Status(id, 'archived');
  await invalidate${d.Name}(id);
  await ${d.name}Queue.add('${d.name}-updated', { ${d.name}Id: id, reason: 'updated' }, { jobId: \`${d.name}-archived-\${id}\` });
}`,
  ];
  if (awaitLoop) {
    methods.push(`export async function archiveMany${d.Name}s(ids: readonly number[]): Promise<void> {
  for (const id of ids) {
    await archive${d.Name}(id);
  }
}`);
  } else {
    methods.push(`export async function archiveMany${d.Name}s(ids: readonly number[]): Promise<void> {
  const rows = await find${d.Name}sByIds(ids);
  await Promise.all(rows.map((row) => archive${d.Name}(row.id)));
}`);
  }
  if (syncHash) {
    methods.push(`export function fingerprint${d.Name}(value: ${d.Name}): string {
  return crypto.pbkdf2Sync(value.externalId, 'salt', 100_000, 32, 'sha256').toString('hex');
}`);
  } else {
    methods.push(`export function fingerprint${d.Name}(value: ${d.Name}): string {
  return crypto.createHash('sha256').update(value.externalId).digest('hex');
}`);
  }
  const helperCount = w.random.int(2, 6);
  for (let i = 0; i < helperCount; i++) {
    methods.push(`export function summarize${d.Name}s${i}(values: readonly ${d.Name}[]): { total: number; active: number; amountCents: number } {
  let active = 0;
  let amountCents = 0;
  for (const value of values) {
    if (value.status === 'active') active++;
    amountCents += value.amountCents;
  }
  return { total: values.length, active, amountCents };
}`);
  }
  return `import crypto from 'node:crypto';

import { Queue } from 'bullmq';

import { config } from '../../config.js';
import { NotFoundError } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import { redis } from '../../lib/redis.js';
import { getCached${d.Name}, invalidate${d.Name}, setCached${d.Name} } from './${d.name}.cache.js';
import {
  find${d.Name}ById,
  find${d.Name}sByIds,
  insert${d.Name},
  list${d.Name}s,
  update${d.Name}Status,
} from './${d.name}.repository.js';
import type { ${d.Name}Row } from './${d.name}.schema.js';
import type { Create${d.Name}Input, ${d.Name}, ${d.Name}JobData, ${d.Name}Page } from './${d.name}.types.js';

const log = logger.child({ module: '${d.name}' });

export const ${d.name}Queue = new Queue<${d.Name}JobData>('${d.name}', {
  connection: redis,${d.queueDefaults ? `
  defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: 5000 },` : ''}
});

function toDomain(row: ${d.Name}Row): ${d.Name} {
  return { ...row } as unknown as ${d.Name};
}

${methods.join('\n\n')}
`;
}

function routesFile(d: Domain, w: Writer): string {
  const readSync = w.anti('sync-fs-in-handler');
  const memorySession = w.anti('in-memory-state');
  const sendInline = w.anti('slow-work-in-handler');
  if (d.http === 'fastify') {
    return `import fs from 'node:fs';

import type { FastifyInstance } from 'fastify';

import { isHttpError } from '../../lib/errors.js';
import { archive${d.Name}, create${d.Name}, get${d.Name}, list${d.Name}Page } from './${d.name}.service.js';
${memorySession ? `
// Per-process counter: every instance counts only its own requests.
const hits = new Map<string, number>();
` : ''}
export async function register${d.Name}Routes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>('/:id', async (request, reply) => {
    try {
${memorySession ? `      hits.set(request.ip, (hits.get(request.ip) ?? 0) + 1);\n` : ''}      return await get${d.Name}(Number(request.params.id));
    } catch (error) {
      if (isHttpError(error)) return reply.status(error.status).send({ error: error.message });
      throw error;
    }
  });

  app.get<{ Querystring: { tenant: string; cursor?: string } }>('/', async (request) => {
    return list${d.Name}Page(Number(request.query.tenant), Number(request.query.cursor ?? 0));
  });

  app.post<{ Body: { externalId: string; tenantId: number; amountCents: number } }>('/', async (request, reply) => {
${readSync ? `    const template = fs.readFileSync('templates/${d.name}.json', 'utf8');\n` : `    const template = await fs.promises.readFile('templates/${d.name}.json', 'utf8');\n`}    const created = await create${d.Name}({ ...request.body });
    return reply.status(201).send({ ...created, template: template.length });
  });

  app.delete<{ Params: { id: string } }>('/:id', async (request, reply) => {
    await archive${d.Name}(Number(request.params.id));
    return reply.status(204).send();
  });
}
`;
  }
  return `import fs from 'node:fs';

import { Router, type NextFunction, type Request, type Response } from 'express';
${sendInline ? `import nodemailer from 'nodemailer';\n` : ''}
import { isHttpError } from '../../lib/errors.js';
import { archive${d.Name}, archiveMany${d.Name}s, create${d.Name}, get${d.Name}, list${d.Name}Page } from './${d.name}.service.js';

export const ${d.name}Router = Router();
${memorySession ? `
// Per-process state: a second instance behind the load balancer sees none of it.
const recentlyViewed = new Map<string, number[]>();
` : ''}${sendInline ? `
const transport = nodemailer.createTransport({ host: 'smtp.example.com', port: 587 });
` : ''}
function parseId(req: Request): number {
  const id = Number(req.params.id);
  if (!Number.isInteger(id) || id <= 0) throw new Error('invalid id');
  return id;
}

function handleError(error: unknown, res: Response, next: NextFunction): void {
  if (isHttpError(error)) {
    res.status(error.status).json({ error: error.message });
    return;
  }
  next(error);
}

${d.name}Router.get('/:id', async (req, res, next) => {
  try {
    const value = await get${d.Name}(parseId(req));
${memorySession ? `    const viewer = String(req.headers['x-user-id'] ?? 'anonymous');
    recentlyViewed.set(viewer, [...(recentlyViewed.get(viewer) ?? []), value.id].slice(-20));
` : ''}    res.json(value);
  } catch (error) {
    handleError(error, res, next);
  }
});

${d.name}Router.get('/', async (req, res, next) => {
  try {
    const page = await list${d.Name}Page(Number(req.query.tenant), Number(req.query.cursor ?? 0), Number(req.query.limit ?? 20));
    res.json(page);
  } catch (error) {
    handleError(error, res, next);
  }
});

${d.name}Router.post('/', async (req, res, next) => {
  try {
${readSync ? `    const defaults = JSON.parse(fs.readFileSync('config/${d.name}-defaults.json', 'utf8')) as Record<string, unknown>;\n` : `    const defaults = JSON.parse(await fs.promises.readFile('config/${d.name}-defaults.json', 'utf8')) as Record<string, unknown>;\n`}    const created = await create${d.Name}({ ...defaults, ...req.body } as never);
${sendInline ? `    await transport.sendMail({ to: String(req.body.email), subject: '${d.Name} created', text: String(created.id) });\n` : ''}    res.status(201).json(created);
  } catch (error) {
    handleError(error, res, next);
  }
});

${d.name}Router.post('/archive', async (req, res, next) => {
  try {
    const ids = Array.isArray(req.body.ids) ? (req.body.ids as unknown[]).map(Number) : [];
    await archiveMany${d.Name}s(ids.slice(0, 100));
    res.status(202).end();
  } catch (error) {
    handleError(error, res, next);
  }
});

${d.name}Router.delete('/:id', async (req, res, next) => {
  try {
    await archive${d.Name}(parseId(req));
    res.status(204).end();
  } catch (error) {
    handleError(error, res, next);
  }
});
`;
}

function workerFile(d: Domain, w: Writer): string {
  const loopQuery = w.anti('await-in-loop-worker');
  return `import { Worker, type Job } from 'bullmq';

import { logger } from '../../lib/logger.js';
import { redis } from '../../lib/redis.js';
import { invalidate${d.Name} } from './${d.name}.cache.js';
import { find${d.Name}ById, find${d.Name}sByIds } from './${d.name}.repository.js';
import type { ${d.Name}JobData } from './${d.name}.types.js';

const log = logger.child({ worker: '${d.name}' });

async function process${d.Name}Job(job: Job<${d.Name}JobData>): Promise<{ ok: boolean }> {
  const row = await find${d.Name}ById(job.data.${d.name}Id);
  if (!row) {
    log.log('warn', 'missing ${d.name}', { id: job.data.${d.name}Id, job: job.id });
    return { ok: false };
  }
  await invalidate${d.Name}(row.id);
  await job.updateProgress(50);
${loopQuery ? `  const related: number[] = [];
  for (const id of [row.id - 1, row.id + 1]) {
    const neighbour = await find${d.Name}ById(id);
    if (neighbour) related.push(neighbour.id);
  }
` : `  const related = (await find${d.Name}sByIds([row.id - 1, row.id + 1])).map((neighbour) => neighbour.id);
`}  log.log('info', 'processed ${d.name}', { id: row.id, reason: job.data.reason, related });
  return { ok: true };
}

export const ${d.name}Worker = new Worker<${d.Name}JobData>('${d.name}', process${d.Name}Job, {
  connection: redis,
  concurrency: ${w.random.pick([2, 4, 5, 10])},
});

${d.name}Worker.on('failed', (job, error) => {
  log.log('error', '${d.name} job failed', { job: job?.id, error: error.message });
});
`;
}

/** Utility templates: pure code that makes up most of a real backend's lines. */
const UTILITIES: ((d: Domain, i: number) => string)[] = [
  (d, i) => `export function format${d.Name}Amount${i}(amountCents: number, currency = 'EUR'): string {
  const sign = amountCents < 0 ? '-' : '';
  const absolute = Math.abs(amountCents);
  const whole = Math.floor(absolute / 100);
  const cents = String(absolute % 100).padStart(2, '0');
  return \`\${sign}\${whole.toLocaleString('en-US')}.\${cents} \${currency}\`;
}`,
  (d, i) => `export function validate${d.Name}Input${i}(input: unknown): string[] {
  const errors: string[] = [];
  if (typeof input !== 'object' || input === null) return ['body must be an object'];
  const record = input as Record<string, unknown>;
  if (typeof record.externalId !== 'string' || record.externalId.length === 0) errors.push('externalId is required');
  if (typeof record.tenantId !== 'number' || !Number.isInteger(record.tenantId)) errors.push('tenantId must be an integer');
  if (typeof record.amountCents !== 'number' || record.amountCents < 0) errors.push('amountCents must be >= 0');
  return errors;
}`,
  (d, i) => `export function slugify${d.Name}${i}(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}`,
  (d, i) => `export function chunk${d.Name}s${i}<T>(items: readonly T[], size: number): T[][] {
  if (size <= 0) throw new RangeError('size must be positive');
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}`,
  (d, i) => `export function groupBy${d.Name}${i}<T, K extends string | number>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}`,
  (d, i) => `export function mask${d.Name}Email${i}(email: string): string {
  const [local, domain] = email.split('@');
  if (!local || !domain) return '***';
  const visible = local.length <= 2 ? local.charAt(0) : local.slice(0, 2);
  return \`\${visible}\${'*'.repeat(Math.max(local.length - visible.length, 1))}@\${domain}\`;
}`,
  (d, i) => `export interface ${d.Name}DateRange${i} {
  readonly from: Date;
  readonly to: Date;
}

export function parse${d.Name}Range${i}(query: Record<string, unknown>, maxDays = 90): ${d.Name}DateRange${i} {
  const to = typeof query.to === 'string' ? new Date(query.to) : new Date();
  const from = typeof query.from === 'string' ? new Date(query.from) : new Date(to.getTime() - 7 * 86_400_000);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new Error('invalid date');
  if (to.getTime() - from.getTime() > maxDays * 86_400_000) throw new Error('range too large');
  return { from, to };
}`,
  (d, i) => `export async function withTimeout${d.Name}${i}<T>(work: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(\`\${label} timed out after \${ms}ms\`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}`,
  (d, i) => `export function diff${d.Name}${i}(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const changed = new Set<string>();
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const left = before[key];
    const right = after[key];
    if (left instanceof Date && right instanceof Date ? left.getTime() !== right.getTime() : left !== right) {
      changed.add(key);
    }
  }
  return [...changed].sort();
}`,
  (d, i) => `export function toCsv${d.Name}${i}(rows: readonly Record<string, string | number | null>[]): string {
  const first = rows[0];
  if (!first) return '';
  const columns = Object.keys(first);
  const escape = (value: string | number | null): string => {
    const text = value === null ? '' : String(value);
    return /[",\\n]/.test(text) ? \`"\${text.replaceAll('"', '""')}"\` : text;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((column) => escape(row[column] ?? null)).join(','))].join('\\n');
}`,
  (d, i) => `export class ${d.Name}RateWindow${i} {
  private readonly timestamps: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Sliding window over timestamps handed in by the caller (used for in-request batching). */
  tryAcquire(now: number): boolean {
    while (this.timestamps.length > 0 && (this.timestamps[0] ?? 0) <= now - this.windowMs) this.timestamps.shift();
    if (this.timestamps.length >= this.limit) return false;
    this.timestamps.push(now);
    return true;
  }
}`,
  (d, i) => `export function sort${d.Name}s${i}<T extends { createdAt: Date; id: number }>(items: readonly T[], direction: 'asc' | 'desc'): T[] {
  const factor = direction === 'asc' ? 1 : -1;
  return [...items].sort((left, right) => {
    const byDate = left.createdAt.getTime() - right.createdAt.getTime();
    return factor * (byDate !== 0 ? byDate : left.id - right.id);
  });
}`,
  (d, i) => `export enum ${d.Name}Event${i} {
  Created = '${d.name}.created',
  Updated = '${d.name}.updated',
  Archived = '${d.name}.archived',
}

export function describe${d.Name}Event${i}(event: ${d.Name}Event${i}): string {
  switch (event) {
    case ${d.Name}Event${i}.Created:
      return 'created';
    case ${d.Name}Event${i}.Updated:
      return 'updated';
    case ${d.Name}Event${i}.Archived:
      return 'archived';
  }
}`,
];

function utilsFile(d: Domain, w: Writer): string {
  const target = w.random.int(340, 560);
  const parts: string[] = [];
  let lines = 0;
  let index = 0;
  while (lines < target) {
    const template = w.random.pick(UTILITIES);
    const text = template(d, index++);
    parts.push(text);
    lines += text.split('\n').length + 1;
  }
  const readConfig = w.anti('sync-fs-at-call-time');
  if (readConfig) {
    parts.push(`export function load${d.Name}Template(name: string): string {
  return fs.readFileSync(\`templates/\${name}.html\`, 'utf8');
}`);
  }
  return `${readConfig ? `import fs from 'node:fs';\n\n` : ''}${parts.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv: readonly string[]): GenerateOptions {
  const options: { files?: number; seed?: number; outDir?: string; antiPatternRate?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) break;
    if (flag === '--files') options.files = Number(value);
    else if (flag === '--seed') options.seed = Number(value);
    else if (flag === '--out') options.outDir = path.resolve(value);
    else if (flag === '--anti-pattern-rate') options.antiPatternRate = Number(value);
    else continue;
    i++;
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = generateProject(parseArgs(process.argv.slice(2)));
  console.log(`Wrote ${result.files} files, ${result.lines} lines to ${result.dir}`);
  console.log(`Anti-patterns: ${JSON.stringify(result.antiPatterns)}`);
}
