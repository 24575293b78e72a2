import type { InstanceKind } from './types.js';

/**
 * Job queues. Retry defaults matter to the rules: BullMQ, Bull and bee-queue try a job once
 * unless told otherwise; pg-boss retries twice with no delay; graphile-worker retries 25 times.
 */
export const queueKinds: readonly InstanceKind[] = [
  {
    kind: 'bullmq.queue',
    types: [{ package: 'bullmq', name: 'Queue' }],
    constructors: [{ package: 'bullmq', path: ['Queue'] }],
  },
  {
    kind: 'bullmq.worker',
    types: [{ package: 'bullmq', name: 'Worker' }],
    constructors: [{ package: 'bullmq', path: ['Worker'] }],
  },
  {
    kind: 'bullmq.flow-producer',
    types: [{ package: 'bullmq', name: 'FlowProducer' }],
    constructors: [{ package: 'bullmq', path: ['FlowProducer'] }],
  },
  {
    kind: 'bull.queue',
    types: [{ package: 'bull', name: 'Queue' }, { package: '@types/bull', name: 'Queue' }],
    constructors: [{ package: 'bull', path: [] }],
    factories: [{ package: 'bull', path: [] }],
  },
  {
    kind: 'bee-queue.queue',
    types: [{ package: 'bee-queue', name: 'BeeQueue' }],
    constructors: [{ package: 'bee-queue', path: [] }],
    methodResults: [{ method: 'createJob', kind: 'bee-queue.job' }],
  },
  {
    kind: 'bee-queue.job',
    types: [{ package: 'bee-queue', name: 'Job' }],
    methodResults: [
      { method: 'setId', kind: 'bee-queue.job' },
      { method: 'retries', kind: 'bee-queue.job' },
      { method: 'backoff', kind: 'bee-queue.job' },
      { method: 'delayUntil', kind: 'bee-queue.job' },
      { method: 'timeout', kind: 'bee-queue.job' },
    ],
  },
  {
    kind: 'pg-boss',
    types: [{ package: 'pg-boss', name: 'PgBoss' }],
    constructors: [{ package: 'pg-boss', path: [] }, { package: 'pg-boss', path: ['PgBoss'] }],
  },
  {
    kind: 'graphile-worker.utils',
    types: [{ package: 'graphile-worker', name: 'WorkerUtils' }],
    factories: [{ package: 'graphile-worker', path: ['makeWorkerUtils'] }],
  },
  {
    kind: 'amqplib.connection',
    types: [{ package: 'amqplib', name: 'ChannelModel' }],
    factories: [{ package: 'amqplib', path: ['connect'] }],
    methodResults: [
      { method: 'createChannel', kind: 'amqplib.channel' },
      { method: 'createConfirmChannel', kind: 'amqplib.channel' },
    ],
  },
  {
    kind: 'amqplib.channel',
    types: [
      { package: 'amqplib', name: 'Channel' },
      { package: 'amqplib', name: 'ConfirmChannel' },
    ],
  },
];

/**
 * Calls whose callback argument runs once per job or message, and is retried or redelivered
 * when it fails: `[kind, method]` on an instance, with the callback found among the arguments.
 */
export const consumerRegistrations: readonly { readonly kind: string; readonly method: string; readonly framework: string }[] = [
  { kind: 'bull.queue', method: 'process', framework: 'bull' },
  { kind: 'bee-queue.queue', method: 'process', framework: 'bee-queue' },
  { kind: 'pg-boss', method: 'work', framework: 'pg-boss' },
  { kind: 'amqplib.channel', method: 'consume', framework: 'amqplib' },
];

/** `new Worker(name, processor)`: the processor runs per job. */
export const workerConstructors: readonly { readonly kind: string; readonly framework: string }[] = [
  { kind: 'bullmq.worker', framework: 'bullmq' },
];

/** Enqueue methods and where their options argument sits. */
export const enqueueMethods: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'bullmq.queue': { add: 2, addBulk: -1 },
  'bull.queue': { add: 2, addBulk: -1 },
  'pg-boss': { send: 2, sendAfter: 2, sendThrottled: 2, sendDebounced: 2, insert: -1 },
  'graphile-worker.utils': { addJob: 2 },
};

/** Decorators and helpers from NestJS queue integrations. */
export const nestQueuePackages = ['@nestjs/bullmq', '@nestjs/bull'] as const;

/**
 * Consumers configured with an options object whose callbacks run per message:
 * `Consumer.create({ queueUrl, handleMessage })` from sqs-consumer. SQS delivers at least once.
 */
export const consumerOptionCallbacks: readonly {
  readonly package: string;
  readonly path: readonly string[];
  readonly keys: readonly string[];
  readonly framework: string;
}[] = [
  { package: 'sqs-consumer', path: ['Consumer', 'create'], keys: ['handleMessage', 'handleMessageBatch'], framework: 'sqs-consumer' },
  { package: 'sqs-consumer', path: ['Consumer'], keys: ['handleMessage', 'handleMessageBatch'], framework: 'sqs-consumer' },
];
