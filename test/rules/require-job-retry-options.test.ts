import type { InvalidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../src/rules/require-job-retry-options.js';
import { fixtureFile, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const valid = [
  // attempts > 1 and a backoff on the call
  `import { Queue } from 'bullmq';
const queue = new Queue('mail');
await queue.add('welcome', { userId: 1 }, { attempts: 3, backoff: { type: 'exponential', delay: 1000 } });`,
  // the queue's defaultJobOptions give the policy
  `import { Queue } from 'bullmq';
const queue = new Queue('mail', { defaultJobOptions: { attempts: 5, backoff: 2000 } });
await queue.add('welcome', { userId: 1 });`,
  // options from a const whose value is known
  `import { Queue } from 'bullmq';
const retry = { attempts: 4, backoff: { type: 'exponential', delay: 500 } };
const queue = new Queue('mail');
await queue.add('welcome', {}, { ...retry, removeOnComplete: true });`,
  // options from a parameter: unknown, so silent
  `import { Queue } from 'bullmq';
const queue = new Queue('mail');
export function enqueue(opts: object) { return queue.add('welcome', {}, opts); }`,
  // not a queue: an array's add-alike and a Set's add
  `const seen = new Set<string>(); seen.add('x');`,
  `const list = { add(name: string, data: unknown) { return [name, data]; } }; list.add('welcome', {});`,
  // a queue from another library with the same method name
  `import { Queue } from './my-queue'; const q = new Queue(); q.add('x', {});`,
  // pg-boss with a backoff
  `import PgBoss from 'pg-boss';
const boss = new PgBoss('postgres://localhost/db');
await boss.send('email', { to: 'a' }, { retryBackoff: true });`,
  // pg-boss queue created with a retry delay
  `import PgBoss from 'pg-boss';
const boss = new PgBoss('postgres://localhost/db');
await boss.createQueue('email', { name: 'email', retryDelay: 30 });
await boss.send('email', { to: 'a' });`,
  // bee-queue with retries and backoff
  `import BeeQueue from 'bee-queue';
const queue = new BeeQueue('mail');
await queue.createJob({ to: 'a' }).retries(3).backoff('exponential', 1000).save();`,
  // bee-queue job configured through its variable
  `import BeeQueue from 'bee-queue';
const queue = new BeeQueue('mail');
const job = queue.createJob({ to: 'a' });
job.retries(2);
job.backoff('fixed', 500);
await job.save();`,
  // Bull with policy via defaultJobOptions and a url argument
  `import Bull from 'bull';
const queue = new Bull('mail', 'redis://localhost:6379', { defaultJobOptions: { attempts: 3, backoff: 1000 } });
await queue.add({ to: 'a' });`,
  // addBulk with options on every job
  `import { Queue } from 'bullmq';
const queue = new Queue('mail');
await queue.addBulk([{ name: 'a', data: {}, opts: { attempts: 3, backoff: 1000 } }]);`,
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `import { Queue } from 'bullmq';
const queue = new Queue('mail');
await queue.add('welcome', { userId: 1 });`,
    errors: [
      {
        messageId: 'noRetry',
        line: 3,
        column: 7,
        data: { library: 'BullMQ', job: "'welcome'" },
        suggestions: [
          {
            messageId: 'addRetryOptions',
            data: { options: "{ attempts: 3, backoff: { type: 'exponential', delay: 1000 } }" },
            output: `import { Queue } from 'bullmq';
const queue = new Queue('mail');
await queue.add('welcome', { userId: 1 }, { attempts: 3, backoff: { type: 'exponential', delay: 1000 } });`,
          },
        ],
      },
    ],
  },
  {
    // attempts: 1 is no retry policy
    code: `import { Queue } from 'bullmq';
const queue = new Queue('mail', { defaultJobOptions: { removeOnComplete: true } });
await queue.add('welcome', {}, { attempts: 1 });`,
    errors: [{ messageId: 'noRetry', line: 3, suggestions: [] }],
  },
  {
    // retries without backoff, options literal gets the backoff… no: attempts exists, so no suggestion
    code: `import { Queue } from 'bullmq';
const queue = new Queue('mail');
await queue.add('welcome', {}, { attempts: 3 });`,
    errors: [{ messageId: 'noBackoff', line: 3, suggestions: [] }],
  },
  {
    // suggestion merges into an existing literal
    code: `import { Queue } from 'bullmq';
const queue = new Queue('mail');
await queue.add('welcome', {}, { removeOnComplete: true });`,
    options: [{ attempts: 5, backoffDelay: 250 }],
    errors: [
      {
        messageId: 'noRetry',
        suggestions: [
          {
            messageId: 'addRetryOptions',
            data: { options: "{ attempts: 5, backoff: { type: 'exponential', delay: 250 } }" },
            output: `import { Queue } from 'bullmq';
const queue = new Queue('mail');
await queue.add('welcome', {}, { removeOnComplete: true, attempts: 5, backoff: { type: 'exponential', delay: 250 } });`,
          },
        ],
      },
    ],
  },
  {
    // default import of Bull, job without name
    code: `import Bull from 'bull';
const queue = new Bull('mail');
export async function enqueue() { await queue.add({ to: 'a' }); }`,
    errors: [{ messageId: 'noRetry', line: 3, data: { library: 'Bull', job: '' }, suggestions: [{ messageId: 'addRetryOptions', output: `import Bull from 'bull';
const queue = new Bull('mail');
export async function enqueue() { await queue.add({ to: 'a' }, { attempts: 3, backoff: { type: 'exponential', delay: 1000 } }); }` }] }],
  },
  {
    // a class field queue
    code: `import { Queue } from 'bullmq';
class Mailer {
  private queue = new Queue('mail');
  send() { return this.queue.add('send', {}); }
}
export { Mailer };`,
    errors: [
      {
        messageId: 'noRetry',
        line: 4,
        suggestions: [
          {
            messageId: 'addRetryOptions',
            output: `import { Queue } from 'bullmq';
class Mailer {
  private queue = new Queue('mail');
  send() { return this.queue.add('send', {}, { attempts: 3, backoff: { type: 'exponential', delay: 1000 } }); }
}
export { Mailer };`,
          },
        ],
      },
    ],
  },
  {
    // addBulk without options
    code: `import { Queue } from 'bullmq';
const queue = new Queue('mail');
await queue.addBulk([{ name: 'a', data: {} }]);`,
    errors: [{ messageId: 'noRetry', line: 3, suggestions: [] }],
  },
  {
    // pg-boss retries immediately by default
    code: `import PgBoss from 'pg-boss';
const boss = new PgBoss('postgres://localhost/db');
await boss.send('email', { to: 'a' });`,
    errors: [
      {
        messageId: 'noBackoff',
        data: { library: 'pg-boss', job: "'email'" },
        suggestions: [
          {
            messageId: 'addRetryOptions',
            output: `import PgBoss from 'pg-boss';
const boss = new PgBoss('postgres://localhost/db');
await boss.send('email', { to: 'a' }, { retryLimit: 3, retryDelay: 1, retryBackoff: true });`,
          },
        ],
      },
    ],
  },
  {
    code: `import PgBoss from 'pg-boss';
const boss = new PgBoss('postgres://localhost/db');
await boss.send('email', {}, { retryLimit: 0 });`,
    errors: [{ messageId: 'noRetry', suggestions: [] }],
  },
  {
    // bee-queue defaults to no retries
    code: `import BeeQueue from 'bee-queue';
const queue = new BeeQueue('mail');
await queue.createJob({ to: 'a' }).save();`,
    errors: [
      {
        messageId: 'noRetry',
        data: { library: 'bee-queue', job: '' },
        suggestions: [
          {
            messageId: 'addRetryOptions',
            output: `import BeeQueue from 'bee-queue';
const queue = new BeeQueue('mail');
await queue.createJob({ to: 'a' }).retries(3).backoff('exponential', 1000).save();`,
          },
        ],
      },
    ],
  },
  {
    // CommonJS require
    code: `const { Queue } = require('bullmq');
const queue = new Queue('mail');
queue.add('welcome', {});`,
    errors: [
      {
        messageId: 'noRetry',
        suggestions: [
          {
            messageId: 'addRetryOptions',
            output: `const { Queue } = require('bullmq');
const queue = new Queue('mail');
queue.add('welcome', {}, { attempts: 3, backoff: { type: 'exponential', delay: 1000 } });`,
          },
        ],
      },
    ],
  },
];

typedRuleTester().run('require-job-retry-options (typed)', rule, { valid, invalid });
untypedRuleTester().run('require-job-retry-options (untyped)', rule, { valid, invalid });

// A queue exported from a project module and used in another file: the wrapper is read in
// both modes (its defaultJobOptions decide).
const crossFile: { valid: { code: string; filename: string }[]; invalid: InvalidTestCase<MessageIds, Options>[] } = {
  valid: [
    {
      code: `import { retryingQueue } from './queues';
await retryingQueue.add('x', {});`,
      filename: fixtureFile('src', 'jobs', 'enqueue.ts'),
    },
  ],
  invalid: [
    {
      code: `import { bareQueue } from './queues';
await bareQueue.add('x', {});`,
      filename: fixtureFile('src', 'jobs', 'enqueue.ts'),
      errors: [
        {
          messageId: 'noRetry',
          suggestions: [
            {
              messageId: 'addRetryOptions',
              output: `import { bareQueue } from './queues';
await bareQueue.add('x', {}, { attempts: 3, backoff: { type: 'exponential', delay: 1000 } });`,
            },
          ],
        },
      ],
    },
  ],
};
typedRuleTester().run('require-job-retry-options (typed, other file)', rule, crossFile);
untypedRuleTester().run('require-job-retry-options (untyped, other file)', rule, crossFile);

// FlowProducer trees: every node is a job; flow-level queuesOptions are its only defaults.
const flows: { valid: string[]; invalid: InvalidTestCase<MessageIds, Options>[] } = {
  valid: [
    `import { FlowProducer } from 'bullmq';
const flow = new FlowProducer();
await flow.add({ name: 'render', queueName: 'pdf', opts: { attempts: 3, backoff: 1000 }, children: [
  { name: 'fetch', queueName: 'data', opts: { attempts: 2, backoff: { type: 'fixed', delay: 100 } } },
] });`,
    `import { FlowProducer } from 'bullmq';
const flow = new FlowProducer();
await flow.add({ name: 'render', queueName: 'pdf' }, { queuesOptions: { pdf: { defaultJobOptions: { attempts: 3, backoff: 500 } } } });`,
    // a flow tree built elsewhere: unknown
    `import { FlowProducer, type FlowJob } from 'bullmq';
const flow = new FlowProducer();
export function start(tree: FlowJob) { return flow.add(tree); }`,
  ],
  invalid: [
    {
      code: `import { FlowProducer } from 'bullmq';
const flow = new FlowProducer();
await flow.add({ name: 'render', queueName: 'pdf', opts: { attempts: 3, backoff: 1000 }, children: [
  { name: 'fetch', queueName: 'data' },
] });`,
      errors: [{ messageId: 'noRetry', line: 3, data: { library: 'BullMQ', job: "'render'" }, suggestions: [] }],
    },
    {
      code: `import { FlowProducer } from 'bullmq';
const flow = new FlowProducer();
await flow.addBulk([{ name: 'a', queueName: 'q', opts: { attempts: 4 } }]);`,
      errors: [{ messageId: 'noBackoff', line: 3, suggestions: [] }],
    },
  ],
};
typedRuleTester().run('require-job-retry-options (flows, typed)', rule, flows);
untypedRuleTester().run('require-job-retry-options (flows, untyped)', rule, flows);

// NestJS: queues injected by name take defaults from BullModule.registerQueue in another file,
// which only the typed mode reads; without types the rule stays silent rather than guess.
const nestService = (queueName: string) => `import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
@Injectable()
export class MailService {
  constructor(@InjectQueue('${queueName}') private readonly queue: Queue) {}
  send(to: string) { return this.queue.add('send', { to }); }
}`;
typedRuleTester().run('require-job-retry-options (NestJS, typed)', rule, {
  valid: [{ code: nestService('mail'), filename: fixtureFile('src', 'nest-queues', 'mail.service.ts') }],
  invalid: [
    {
      code: nestService('audit'),
      filename: fixtureFile('src', 'nest-queues', 'mail.service.ts'),
      errors: [
        {
          messageId: 'noRetry',
          line: 7,
          suggestions: [
            {
              messageId: 'addRetryOptions',
              output: nestService('audit').replace("{ to })", "{ to }, { attempts: 3, backoff: { type: 'exponential', delay: 1000 } })"),
            },
          ],
        },
      ],
    },
  ],
});
untypedRuleTester().run('require-job-retry-options (NestJS, untyped)', rule, {
  valid: [
    { code: nestService('mail'), filename: fixtureFile('src', 'nest-queues', 'mail.service.ts') },
    { code: nestService('audit'), filename: fixtureFile('src', 'nest-queues', 'mail.service.ts') },
    // registration in the same file is read without types
    `import { BullModule, InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
export const mod = BullModule.registerQueue({ name: 'mail', defaultJobOptions: { attempts: 3, backoff: 100 } });
export class MailService {
  constructor(@InjectQueue('mail') private readonly queue: Queue) {}
  send() { return this.queue.add('send', {}); }
}`,
  ],
  invalid: [
    {
      code: `import { BullModule, InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
export const mod = BullModule.registerQueue({ name: 'mail' });
export class MailService {
  constructor(@InjectQueue('mail') private readonly queue: Queue) {}
  send() { return this.queue.add('send', {}); }
}`,
      errors: [{ messageId: 'noRetry', line: 6, suggestions: [{ messageId: 'addRetryOptions', output: `import { BullModule, InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
export const mod = BullModule.registerQueue({ name: 'mail' });
export class MailService {
  constructor(@InjectQueue('mail') private readonly queue: Queue) {}
  send() { return this.queue.add('send', {}, { attempts: 3, backoff: { type: 'exponential', delay: 1000 } }); }
}` }] }],
    },
  ],
});

// graphile-worker retries 25 times by default; only an explicit maxAttempts of 1 turns it off.
const graphile: { valid: string[]; invalid: InvalidTestCase<MessageIds, Options>[] } = {
  valid: [
    `import { makeWorkerUtils } from 'graphile-worker';
const utils = await makeWorkerUtils({ connectionString: 'postgres:///db' });
await utils.addJob('send_email', { to: 'a' });`,
    `import { makeWorkerUtils } from 'graphile-worker';
const utils = await makeWorkerUtils({ connectionString: 'postgres:///db' });
await utils.addJob('send_email', { to: 'a' }, { maxAttempts: 5, jobKey: 'a' });`,
  ],
  invalid: [
    {
      code: `import { makeWorkerUtils } from 'graphile-worker';
const utils = await makeWorkerUtils({ connectionString: 'postgres:///db' });
await utils.addJob('send_email', { to: 'a' }, { maxAttempts: 1 });`,
      errors: [{ messageId: 'noRetry', line: 3, data: { library: 'graphile-worker', job: "'send_email'" }, suggestions: [] }],
    },
  ],
};
typedRuleTester().run('require-job-retry-options (graphile-worker, typed)', rule, graphile);
untypedRuleTester().run('require-job-retry-options (graphile-worker, untyped)', rule, graphile);
