import path from 'node:path';

import type { InvalidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../src/rules/no-in-process-scheduler.js';
import { fixtureFile, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const ALTERNATIVES = 'BullMQ queue.upsertJobScheduler(id, { pattern }), pg-boss boss.schedule(name, cron), graphile-worker crontab';
const NODE_CRON_ALTERNATIVES = `node-cron's \`distributed: true\` with setRunCoordinator(), ${ALTERNATIVES}`;

const fixture = (...segments: string[]) => fixtureFile('src', 'no-in-process-scheduler', ...segments);
const relative = (name: string) => path.relative(path.parse(fixture(name)).root, fixture(name)).replaceAll('\\', '/');

const valid = [
  // node-cron 4 coordinates distributed tasks across instances
  `import cron from 'node-cron';
cron.schedule('0 * * * *', async () => {}, { name: 'purge', distributed: true });`,
  `import cron from 'node-cron';
import type { RunCoordinator } from 'node-cron';
declare const coordinator: RunCoordinator;
cron.schedule('0 * * * *', async () => {}, { name: 'purge', distributed: true, runCoordinator: coordinator });`,
  // options we cannot read may carry distributed: silent
  `import cron from 'node-cron';
import type { TaskOptions } from 'node-cron';
export function every(expr: string, fn: () => void, options: TaskOptions) { return cron.schedule(expr, fn, options); }`,
  // switched on per deployment by an environment variable
  `import cron from 'node-cron';
if (process.env.RUN_SCHEDULER === 'true') {
  cron.schedule('*/5 * * * *', () => {});
}`,
  `import { CronJob } from 'cron';
export function startJobs() {
  if (!process.env.ENABLE_CRON) return;
  new CronJob('0 0 * * *', () => {}, null, true);
}`,
  // one-shot schedules
  `import schedule from 'node-schedule';
export function remind(at: Date, send: () => void) { return schedule.scheduleJob(at, send); }`,
  `import schedule from 'node-schedule';
schedule.scheduleJob(Date.now() + 60_000, () => {});`,
  `import schedule from 'node-schedule';
const when = new Date(2030, 0, 1);
schedule.scheduleJob('new-year', when, () => {});`,
  `import { CronJob } from 'cron';
new CronJob(new Date(Date.now() + 1000), () => {}, null, true);`,
  // NestJS: disabled, or enabled by configuration
  `import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
@Injectable()
export class TasksService {
  @Cron(CronExpression.EVERY_HOUR, { name: 'purge', disabled: process.env.CRON_ENABLED !== 'true' })
  purge() {}
}`,
  // @Timeout fires once
  `import { Injectable } from '@nestjs/common';
import { Timeout } from '@nestjs/schedule';
@Injectable()
export class WarmupService {
  @Timeout(5000)
  warm() {}
}`,
  // the distributed schedulers the rule recommends
  `import express from 'express';
import { Queue } from 'bullmq';
const reports = new Queue('reports');
await reports.upsertJobScheduler('nightly-report', { pattern: '0 3 * * *' }, { name: 'report' });
express().listen(3000);`,
  `import PgBoss from 'pg-boss';
import express from 'express';
const boss = new PgBoss('postgres://localhost/app');
await boss.schedule('nightly-report', '0 3 * * *');
express().listen(3000);`,
  // lookalikes: a project object with schedule(), croner used only to parse a pattern
  `const cron = { schedule(expr: string, fn: () => void) { return { expr, fn }; } };
cron.schedule('0 * * * *', () => {});`,
  `import { Cron } from 'croner';
export const next = new Cron('0 3 * * *').nextRun();`,
  // setInterval: per-process housekeeping in a server
  `import express from 'express';
declare const metrics: { flush(): Promise<void> };
const app = express();
setInterval(() => { void metrics.flush(); }, 10_000);
app.listen(3000);`,
  // setInterval: a shared write but a short, consumer-like period
  `import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
setInterval(() => pool.query('DELETE FROM sessions WHERE expires_at < now()'), 5_000);
express().listen(3000);`,
  // setInterval: a shared write in a module that does not start a server
  `import { Pool } from 'pg';
const pool = new Pool();
export function startPurge() {
  return setInterval(() => pool.query('DELETE FROM sessions WHERE expires_at < now()'), 60 * 60 * 1000);
}`,
  // setInterval: refreshing a per-process cache by reading
  `import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
let flags: unknown[] = [];
setInterval(async () => { flags = (await pool.query('SELECT * FROM feature_flags')).rows; }, 5 * 60 * 1000);
express().listen(3000);`,
  // setInterval: interval not known statically
  `import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
setInterval(() => pool.query('DELETE FROM sessions'), Number(process.env.PURGE_MS));
express().listen(3000);`,
  // a standalone worker process: handles its own shutdown, serves no HTTP
  `import cron from 'node-cron';
declare function runDueChecks(): Promise<void>;
cron.schedule(process.env.WORKER_CRON ?? '* * * * *', () => { void runDueChecks(); });
process.on('SIGTERM', () => process.exit(0));`,
  // listen() on something that is not a server on a port
  `import { Pool } from 'pg';
declare const bus: { listen(channel: string, fn: () => void): void };
const pool = new Pool();
bus.listen('orders', () => {});
setInterval(() => pool.query('DELETE FROM sessions'), 60 * 60 * 1000);`,
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `import cron from 'node-cron';
import express from 'express';
const app = express();
cron.schedule('0 * * * *', async () => {
  await fetch('https://example.com/digest', { method: 'POST' });
});
app.listen(3000);`,
    errors: [
      {
        messageId: 'scheduledInProcess',
        line: 4,
        column: 1,
        data: { call: 'cron.schedule()', library: 'node-cron', alternatives: NODE_CRON_ALTERNATIVES },
      },
    ],
  },
  {
    // distributed: false is no coordination; NODE_ENV is the same on every replica
    code: `import { schedule } from 'node-cron';
if (process.env.NODE_ENV === 'production') {
  schedule('*/10 * * * *', () => {}, { name: 'sync', distributed: false });
}`,
    errors: [{ messageId: 'scheduledInProcess', line: 3, data: { call: 'cron.schedule()', library: 'node-cron', alternatives: NODE_CRON_ALTERNATIVES } }],
  },
  {
    // CommonJS createTask
    code: `const cron = require('node-cron');
const task = cron.createTask('0 0 * * *', () => {}, { timezone: 'UTC' });
task.start();`,
    errors: [{ messageId: 'scheduledInProcess', line: 2, column: 14, data: { call: 'cron.createTask()', library: 'node-cron', alternatives: NODE_CRON_ALTERNATIVES } }],
  },
  {
    code: `import { CronJob } from 'cron';
export const job = new CronJob('0 0 * * *', async () => {}, null, true, 'UTC');`,
    errors: [{ messageId: 'scheduledInProcess', line: 2, column: 20, data: { call: 'new CronJob()', library: 'cron', alternatives: ALTERNATIVES } }],
  },
  {
    code: `import { CronJob } from 'cron';
CronJob.from({ cronTime: '*/5 * * * *', onTick: () => {}, start: true });`,
    errors: [{ messageId: 'scheduledInProcess', line: 2, data: { call: 'CronJob.from()', library: 'cron', alternatives: ALTERNATIVES } }],
  },
  {
    // a cron expression from configuration
    code: `import { CronJob } from 'cron';
declare const config: { cleanupCron: string };
const job = new CronJob(config.cleanupCron, () => {});
job.start();`,
    errors: [{ messageId: 'scheduledInProcess', line: 3, data: { call: 'new CronJob()', library: 'cron', alternatives: ALTERNATIVES } }],
  },
  {
    code: `import schedule from 'node-schedule';
schedule.scheduleJob('0 3 * * *', () => {});`,
    errors: [{ messageId: 'scheduledInProcess', line: 2, data: { call: 'schedule.scheduleJob()', library: 'node-schedule', alternatives: ALTERNATIVES } }],
  },
  {
    // a RecurrenceRule, named job
    code: `import { RecurrenceRule, scheduleJob } from 'node-schedule';
const rule = new RecurrenceRule();
rule.hour = 3;
scheduleJob('nightly', rule, () => {});`,
    errors: [{ messageId: 'scheduledInProcess', line: 4, data: { call: 'schedule.scheduleJob()', library: 'node-schedule', alternatives: ALTERNATIVES } }],
  },
  {
    code: `import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
@Injectable()
export class TasksService {
  @Cron(CronExpression.EVERY_HOUR)
  purgeExpired() {}
}`,
    errors: [{ messageId: 'nestSchedule', line: 5, column: 3, data: { what: '@Cron()', alternatives: ALTERNATIVES } }],
  },
  {
    code: `import { Injectable } from '@nestjs/common';
import { Cron, Interval } from '@nestjs/schedule';
@Injectable()
export class SyncService {
  @Interval('sync', 30_000)
  sync() {}
  @Cron('0 3 * * *', { name: 'report', timeZone: 'Europe/Paris' })
  report() {}
}`,
    errors: [
      { messageId: 'nestSchedule', line: 5, data: { what: '@Interval()', alternatives: ALTERNATIVES } },
      { messageId: 'nestSchedule', line: 7, data: { what: '@Cron()', alternatives: ALTERNATIVES } },
    ],
  },
  {
    // SchedulerRegistry.addInterval
    code: `import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
@Injectable()
export class PollService implements OnModuleInit {
  constructor(private readonly registry: SchedulerRegistry) {}
  onModuleInit() {
    this.registry.addInterval('poll', setInterval(() => {}, 60_000));
  }
}`,
    errors: [{ messageId: 'nestSchedule', line: 7, column: 5, data: { what: 'SchedulerRegistry.addInterval()', alternatives: ALTERNATIVES } }],
  },
  {
    // other in-process schedulers
    code: `import { Cron } from 'croner';
new Cron('*/5 * * * *', () => {});`,
    errors: [{ messageId: 'scheduledInProcess', line: 2, data: { call: 'new Cron()', library: 'croner', alternatives: ALTERNATIVES } }],
  },
  {
    code: `import { ToadScheduler, SimpleIntervalJob, AsyncTask } from 'toad-scheduler';
const scheduler = new ToadScheduler();
scheduler.addSimpleIntervalJob(new SimpleIntervalJob({ minutes: 5 }, new AsyncTask('sync', async () => {})));`,
    errors: [{ messageId: 'scheduledInProcess', line: 3, column: 32, data: { call: 'new SimpleIntervalJob()', library: 'toad-scheduler', alternatives: ALTERNATIVES } }],
  },
  {
    code: `import Bree from 'bree';
const bree = new Bree({ jobs: [{ name: 'report', cron: '0 3 * * *' }] });
await bree.start();`,
    errors: [{ messageId: 'scheduledInProcess', line: 2, column: 14, data: { call: 'new Bree()', library: 'bree', alternatives: ALTERNATIVES } }],
  },
  {
    // shutdown handling does not make a web server a worker
    code: `import express from 'express';
import cron from 'node-cron';
const app = express();
const server = app.listen(3000);
cron.schedule('0 0 * * *', () => {});
process.on('SIGTERM', () => server.close());`,
    errors: [{ messageId: 'scheduledInProcess', line: 5, data: { call: 'cron.schedule()', library: 'node-cron', alternatives: NODE_CRON_ALTERNATIVES } }],
  },
  {
    // setInterval running a SQL delete every hour in a server
    code: `import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const app = express();
setInterval(() => pool.query('DELETE FROM sessions WHERE expires_at < now()'), 60 * 60 * 1000);
app.listen(3000);`,
    errors: [
      {
        messageId: 'periodicInterval',
        line: 5,
        column: 1,
        data: { effect: 'pool.query()', interval: '1 h', alternatives: ALTERNATIVES },
      },
    ],
  },
  {
    // an app from a project factory, started on a port
    code: `import { Pool } from 'pg';
import { createApp } from './app-factory';
const pool = new Pool();
const app = await createApp();
const port = Number(process.env.PORT ?? 3000);
await app.listen({ port, host: '0.0.0.0' });
setInterval(async () => {
  await pool.query(\`UPDATE carts SET status = 'abandoned' WHERE updated_at < now() - interval '1 day'\`);
}, 24 * 60 * 60 * 1000);`,
    errors: [{ messageId: 'periodicInterval', line: 7, data: { effect: 'pool.query()', interval: '1 d', alternatives: ALTERNATIVES } }],
  },
  {
    // setInterval enqueueing a job, through a named function, after listen()
    code: `import express from 'express';
import { Queue } from 'bullmq';
const reports = new Queue('reports');
async function enqueueDigest() {
  await reports.add('digest', {});
}
const app = express();
app.listen(3000, () => {
  setInterval(enqueueDigest, 24 * 60 * 60 * 1000);
});`,
    errors: [{ messageId: 'periodicInterval', line: 9, data: { effect: 'reports.add()', interval: '1 d', alternatives: ALTERNATIVES } }],
  },
  {
    // through a helper, with a knex delete
    code: `import http from 'node:http';
import knex from 'knex';
const db = knex({ client: 'pg' });
function purge() { return db('sessions').where('expires_at', '<', new Date()).del(); }
http.createServer((req, res) => res.end()).listen(3000);
setInterval(() => { void purge(); }, 15 * 60_000);`,
    // An absolute filename makes the rule tester lint from the file system root.
    filename: fixture('server.ts'),
    errors: [
      {
        messageId: 'periodicInterval',
        line: 6,
        data: { effect: `db….del() (through purge() (${relative('server.ts')}:4))`, interval: '15 min', alternatives: ALTERNATIVES },
      },
    ],
  },
];

typedRuleTester().run('no-in-process-scheduler (typed)', rule, { valid, invalid });
untypedRuleTester().run('no-in-process-scheduler (untyped)', rule, { valid, invalid });

// Worker and scheduler entry points: the default globs, the option, and settings.
const CRON_CODE = `import cron from 'node-cron';
cron.schedule('0 * * * *', () => {});`;
const entryPoints = {
  valid: [
    { code: CRON_CODE, filename: fixture('workers', 'cron.ts') },
    { code: CRON_CODE, filename: fixture('report-scheduler.ts') },
    { code: CRON_CODE, filename: fixture('__tests__', 'cron.ts') },
    { code: CRON_CODE, filename: fixture('tasks.ts'), options: [{ workerFiles: ['**/no-in-process-scheduler/tasks.ts'] }] as Options },
  ],
  invalid: [
    {
      // the file name alone says nothing
      code: CRON_CODE,
      filename: fixture('tasks.ts'),
      errors: [{ messageId: 'scheduledInProcess', line: 2, data: { call: 'cron.schedule()', library: 'node-cron', alternatives: NODE_CRON_ALTERNATIVES } }],
    },
  ] satisfies InvalidTestCase<MessageIds, Options>[],
};
typedRuleTester().run('no-in-process-scheduler (typed, entry points)', rule, entryPoints);
untypedRuleTester().run('no-in-process-scheduler (untyped, entry points)', rule, entryPoints);

const NEST_TASKS = `import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
@Injectable()
export class TasksService {
  @Cron('0 * * * *')
  run() {}
}`;
const settings = { scalability: { workerFiles: ['**/tasks.ts'] } };
typedRuleTester(settings).run('no-in-process-scheduler (typed, settings.workerFiles)', rule, {
  valid: [{ code: NEST_TASKS, filename: fixture('tasks.ts') }, { code: CRON_CODE, filename: fixture('tasks.ts') }],
  invalid: [],
});
untypedRuleTester(settings).run('no-in-process-scheduler (untyped, settings.workerFiles)', rule, {
  valid: [{ code: NEST_TASKS, filename: fixture('tasks.ts') }, { code: CRON_CODE, filename: fixture('tasks.ts') }],
  invalid: [],
});
