/**
 * Small projects the CLI tests write to temporary directories. Kept as strings (not files under
 * test/) so the repository's own type check and lint never see their deliberate anti-patterns.
 */

const PACKAGE_JSON = `${JSON.stringify({ name: 'orders-api', private: true, type: 'module' }, null, 2)}\n`;

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2023',
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
)}\n`;

export const QUEUE_TS = `import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');

// No defaultJobOptions: jobs added without options run once.
export const reportQueue = new Queue('reports', { connection: redis });

export const emailQueue = new Queue('emails', {
  connection: redis,
  defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
});
`;

export const ROUTES_TS = `import { Router } from 'express';
import pg from 'pg';

import { emailQueue, redis, reportQueue } from './queue.js';

export const router = Router();

router.post('/reports', async (req, res) => {
  const job = await reportQueue.add('build-report', { id: String(req.body.id) });
  res.status(202).json({ id: job.id });
});

router.post('/emails', async (req, res) => {
  await emailQueue.add('welcome', { to: String(req.body.to) });
  res.status(202).end();
});

router.get('/users/:id', async (req, res) => {
  const cached = await redis.get(\`user:\${req.params.id}\`);
  if (cached) return res.json(JSON.parse(cached));
  const client = new pg.Client();
  await client.connect();
  const { rows } = await client.query('select * from users where id = $1', [req.params.id]);
  await client.end();
  await redis.set(\`user:\${req.params.id}\`, JSON.stringify(rows[0]), 'EX', 60);
  return res.json(rows[0]);
});

router.delete('/users/:id', async (req, res) => {
  await redis.del(\`user:\${req.params.id}\`);
  res.status(204).end();
});
`;

export const WORKER_TS = `import { Worker } from 'bullmq';

import { redis } from './queue.js';

export const worker = new Worker('reports', async (job) => {
  return { built: job.id };
}, { connection: redis });
`;

/** A script outside tsconfig's `include`: linted without type information, never a parse error. */
export const OUTSIDE_JS = `import { Queue } from 'bullmq';

const audit = new Queue('audit');
await audit.add('nightly', {});
`;

/** An Express + BullMQ + ioredis + pg project with one known problem per queue without retries. */
export function ordersApi(): Record<string, string> {
  return {
    'package.json': PACKAGE_JSON,
    'tsconfig.json': TSCONFIG,
    'src/queue.ts': QUEUE_TS,
    'src/routes.ts': ROUTES_TS,
    'src/worker.ts': WORKER_TS,
    'scripts/outside.js': OUTSIDE_JS,
  };
}

/** The same shape with retries everywhere: nothing to report. */
export function cleanProject(): Record<string, string> {
  return {
    'package.json': PACKAGE_JSON,
    'tsconfig.json': TSCONFIG,
    'src/queue.ts': `import { Queue } from 'bullmq';

export const emailQueue = new Queue('emails', {
  defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
});

export async function sendWelcome(to: string): Promise<void> {
  await emailQueue.add('welcome', { to });
}
`,
  };
}
