import type { ExportRef, InstanceKind } from './types.js';

/**
 * In-process schedulers run their jobs in whichever process called them, so every replica of a
 * web server runs every job. Facts checked against the installed .d.ts/sources: node-cron 4.6
 * (`schedule`/`createTask(expr, fn, { distributed, runCoordinator })`; a coordinator is
 * consulted only when `distributed` is true), cron 4.4 (`new CronJob(cronTime, onTick, …)`,
 * `CronJob.from({ cronTime })`; cronTime may be a Date for one shot), node-schedule 2.1
 * (`scheduleJob([name], spec, fn)`; spec may be a Date or a number for one shot),
 * @nestjs/schedule 12.0 (`@Cron(cronTime, { disabled })`, `@Interval([name], ms)`,
 * `SchedulerRegistry.addInterval(name, id)`). toad-scheduler, croner and bree are catalogued
 * from their documentation (not installed here).
 */
export const schedulersKinds: readonly InstanceKind[] = [
  {
    kind: 'nestjs.scheduler-registry',
    types: [{ package: '@nestjs/schedule', name: 'SchedulerRegistry' }],
  },
];

/** What the scheduling call is given to say when it fires, to tell recurring jobs from one-shots. */
export type ScheduleSpec =
  /** Always recurring (a cron expression or an interval). */
  | { readonly type: 'recurring' }
  /** The argument at `index`: a cron string is recurring, a Date or a number fires once. */
  | { readonly type: 'argument'; readonly index: number }
  /** The argument just before the callback: node-schedule's `scheduleJob([name], spec, fn)`. */
  | { readonly type: 'before-callback' }
  /** A key of the options object at `optionsIndex`: `CronJob.from({ cronTime })`. */
  | { readonly type: 'option'; readonly optionsIndex: number; readonly key: string };

export interface InProcessScheduler {
  readonly library: string;
  /** How the call reads in messages. */
  readonly display: string;
  readonly callee: readonly ExportRef[];
  readonly form: 'call' | 'new' | 'call-or-new';
  readonly spec: ScheduleSpec;
  /** The call schedules nothing unless a function is among its arguments (croner's `new Cron(pattern)` only parses). */
  readonly needsCallback?: boolean;
  /** Options that make the library coordinate runs across instances: any of them set means "handled". */
  readonly coordination?: { readonly optionsIndex: number; readonly keys: readonly string[] };
}

export const inProcessSchedulers: readonly InProcessScheduler[] = [
  {
    library: 'node-cron',
    display: 'cron.schedule()',
    callee: [
      { package: 'node-cron', path: ['schedule'] },
      { package: 'node-cron', path: ['nodeCron', 'schedule'] },
    ],
    form: 'call',
    spec: { type: 'recurring' },
    coordination: { optionsIndex: 2, keys: ['distributed', 'runCoordinator'] },
  },
  {
    library: 'node-cron',
    display: 'cron.createTask()',
    callee: [
      { package: 'node-cron', path: ['createTask'] },
      { package: 'node-cron', path: ['nodeCron', 'createTask'] },
    ],
    form: 'call',
    spec: { type: 'recurring' },
    coordination: { optionsIndex: 2, keys: ['distributed', 'runCoordinator'] },
  },
  {
    library: 'cron',
    display: 'new CronJob()',
    callee: [{ package: 'cron', path: ['CronJob'] }],
    form: 'new',
    spec: { type: 'argument', index: 0 },
  },
  {
    library: 'cron',
    display: 'CronJob.from()',
    callee: [{ package: 'cron', path: ['CronJob', 'from'] }],
    form: 'call',
    spec: { type: 'option', optionsIndex: 0, key: 'cronTime' },
  },
  {
    library: 'node-schedule',
    display: 'schedule.scheduleJob()',
    callee: [{ package: 'node-schedule', path: ['scheduleJob'] }],
    form: 'call',
    spec: { type: 'before-callback' },
  },
  {
    library: 'toad-scheduler',
    display: 'new SimpleIntervalJob()',
    callee: [{ package: 'toad-scheduler', path: ['SimpleIntervalJob'] }],
    form: 'new',
    spec: { type: 'recurring' },
  },
  {
    library: 'toad-scheduler',
    display: 'new LongIntervalJob()',
    callee: [{ package: 'toad-scheduler', path: ['LongIntervalJob'] }],
    form: 'new',
    spec: { type: 'recurring' },
  },
  {
    library: 'toad-scheduler',
    display: 'new CronJob()',
    callee: [{ package: 'toad-scheduler', path: ['CronJob'] }],
    form: 'new',
    spec: { type: 'recurring' },
  },
  {
    library: 'croner',
    display: 'new Cron()',
    callee: [
      { package: 'croner', path: ['Cron'] },
      { package: 'croner', path: ['default'] },
    ],
    form: 'call-or-new',
    spec: { type: 'argument', index: 0 },
    needsCallback: true,
  },
  {
    library: 'bree',
    display: 'new Bree()',
    callee: [{ package: 'bree', path: ['default'] }],
    form: 'new',
    spec: { type: 'recurring' },
  },
];

/** NestJS decorators that schedule a method in every instance of the application. */
export const nestScheduleDecorators: readonly { readonly export: ExportRef; readonly name: string; readonly optionsIndex?: number }[] = [
  { export: { package: '@nestjs/schedule', path: ['Cron'] }, name: 'Cron', optionsIndex: 1 },
  { export: { package: '@nestjs/schedule', path: ['Interval'] }, name: 'Interval' },
];

/** `@Cron(expr, { disabled })`: a job that is disabled, or enabled by configuration, runs only where switched on. */
export const nestCronSwitchOption = 'disabled';

/** `SchedulerRegistry` methods that register a timer created elsewhere (setInterval's id). */
export const schedulerRegistryMethods: readonly { readonly kind: string; readonly method: string }[] = [
  { kind: 'nestjs.scheduler-registry', method: 'addInterval' },
];

/** `setInterval` from the timers module (the global one is recognised by name when not shadowed). */
export const intervalTimers: readonly ExportRef[] = [{ package: 'timers', path: ['setInterval'] }];

/** Scheduling that stores the schedule in a shared backend, so one instance runs each occurrence. */
export const distributedSchedulers: readonly { readonly library: string; readonly call: string }[] = [
  { library: 'BullMQ', call: 'queue.upsertJobScheduler(id, { pattern })' },
  { library: 'pg-boss', call: 'boss.schedule(name, cron)' },
  { library: 'graphile-worker', call: 'crontab' },
];

/** Calls whose presence in a file means it starts an HTTP server. */
export const serverStarters: readonly ExportRef[] = [
  { package: 'http', path: ['createServer'] },
  { package: 'https', path: ['createServer'] },
  { package: 'http2', path: ['createServer'] },
  { package: 'http2', path: ['createSecureServer'] },
  { package: '@hono/node-server', path: ['serve'] },
  { package: '@nestjs/core', path: ['NestFactory', 'create'] },
];

/** Instances whose `listen()` starts serving HTTP. */
export const listeningKinds: ReadonlySet<string> = new Set(['express.app', 'fastify.instance', 'koa.app']);

/**
 * Effects that make a periodic callback a cluster-wide job rather than per-process housekeeping:
 * rows written, jobs enqueued. Running them in every replica duplicates the work. (Reads,
 * in-memory clean-up, metrics flushes and heartbeats are per process and are not listed.)
 */
export const sharedWriteMethods: Readonly<Record<string, ReadonlySet<string>>> = {
  'prisma.delegate': new Set([
    'create',
    'createMany',
    'createManyAndReturn',
    'update',
    'updateMany',
    'updateManyAndReturn',
    'upsert',
    'delete',
    'deleteMany',
  ]),
  'prisma.client': new Set(['$executeRaw', '$executeRawUnsafe']),
  'typeorm.repository': new Set(['save', 'insert', 'update', 'upsert', 'delete', 'remove', 'softDelete', 'softRemove', 'restore', 'increment', 'decrement', 'clear']),
  'typeorm.entity-manager': new Set(['save', 'insert', 'update', 'upsert', 'delete', 'remove', 'softDelete', 'softRemove', 'restore', 'increment', 'decrement', 'clear']),
  'typeorm.entity-class': new Set(['insert', 'update', 'upsert', 'delete', 'clear']),
  'sequelize.model': new Set(['create', 'bulkCreate', 'update', 'destroy', 'upsert', 'increment', 'decrement', 'truncate']),
  'knex.builder': new Set(['insert', 'update', 'del', 'delete', 'truncate', 'upsert']),
  kysely: new Set(['insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']),
  drizzle: new Set(['insert', 'update', 'delete']),
  'mongoose.model': new Set([
    'create',
    'insertMany',
    'updateOne',
    'updateMany',
    'deleteOne',
    'deleteMany',
    'findOneAndUpdate',
    'findOneAndDelete',
    'findOneAndReplace',
    'findByIdAndUpdate',
    'findByIdAndDelete',
    'replaceOne',
    'bulkWrite',
  ]),
};

/** Clients that take SQL text: a statement starting with one of `sqlWriteKeywords` writes. */
export const sqlQueryMethods: Readonly<Record<string, ReadonlySet<string>>> = {
  'pg.pool': new Set(['query']),
  'pg.client': new Set(['query']),
  'mysql2.pool': new Set(['query', 'execute']),
  'mysql2.connection': new Set(['query', 'execute']),
  knex: new Set(['raw']),
  drizzle: new Set(['execute']),
  sequelize: new Set(['query']),
};

export const sqlWriteKeywords: RegExp = /^\s*(?:insert|update|delete|merge|truncate|replace|upsert)\b/iu;
