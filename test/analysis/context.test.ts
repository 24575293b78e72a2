import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { describeChain, findReachable, isFunctionNode } from '../../src/analysis/index.js';
import type { CallNode, FileAnalysis } from '../../src/analysis/index.js';
import { isExport } from '../../src/analysis/origin.js';
import { fixtureFile } from '../rule-tester.js';
import { probe, probeHandlers } from './harness.js';

const handler = probeHandlers;

describe.each([
  ['typed', true],
  ['untyped', false],
])('handlerInfo (%s)', (_mode, typed) => {
  it('recognises routes of each framework', () => {
    expect(
      handler(
        typed,
        `import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import Router from '@koa/router';
import { Hono } from 'hono';
const app = express();
app.post('/orders', async (req, res) => { probe(req); });
app.route('/items').get((req, res) => { probe(res); });
const fastify = Fastify();
fastify.get('/f', async (request, reply) => { probe(reply); });
fastify.route({ method: 'PUT', url: '/r', handler: async (request, reply) => { probe(reply); } });
const koa = new Koa();
koa.use(async (ctx, next) => { probe(ctx); });
const router = new Router();
router.get('/k', async (ctx) => { probe(ctx); });
const hono = new Hono();
hono.post('/h', (c) => { probe(c); return c.text('ok'); });
probe(app);`,
      ),
    ).toEqual([
      'http express POST /orders',
      'http express GET /items',
      'http fastify GET /f',
      'http fastify PUT /r',
      'http koa',
      'http koa-router GET /k',
      'http hono POST /h',
      'module',
    ]);
  });

  it('recognises job processors and webhooks as retryable', () => {
    expect(
      handler(
        typed,
        `import { Worker } from 'bullmq';
import Bull from 'bull';
import express from 'express';
new Worker('mail', async (job) => { probe(job); });
const queue = new Bull('q');
queue.process(async (job) => { probe(job); });
const app = express();
app.post('/webhooks/stripe', async (req, res) => { probe(req); });
app.post('/payments', async (req, res) => {
  const signature = req.headers['stripe-signature'];
  probe(signature);
});`,
      ),
    ).toEqual(['retryable bullmq job', 'retryable bull job', 'retryable express webhook POST /webhooks/stripe', 'retryable express webhook POST /payments']);
  });

  it('recognises SQS consumers (sqs-consumer, recognised by import)', () => {
    expect(
      handler(
        typed,
        `// @ts-expect-error sqs-consumer is not installed here
import { Consumer } from 'sqs-consumer';
const consumer = Consumer.create({ queueUrl: 'https://sqs', handleMessage: async (message: unknown) => { probe(message); } });
const options = { handleMessage: async (message: unknown) => { probe(message); } };
export { consumer, options };`,
      ),
    ).toEqual(['retryable sqs-consumer message', '-']);
  });

  it('finds handlers passed by reference in the same file', () => {
    expect(
      handler(
        typed,
        `import { Router } from 'express';
async function listOrders(req: unknown, res: unknown) { probe(req); }
const helper = () => { probe(1); };
export const router = Router();
router.get('/orders', listOrders);`,
      ),
    ).toEqual(['http express GET /orders', '-']);
  });

  it('does not treat lookalike calls as routes', () => {
    expect(
      handler(
        typed,
        `const cache = new Map<string, () => void>();
cache.set('/x', () => { probe(1); });
const client = { get(path: string, fn: () => void) { fn(); } };
client.get('/users', () => { probe(2); });
[1, 2].map((n) => { probe(n); });`,
      ),
    ).toEqual(['-', '-', '-']);
  });

  it('recognises NestJS controllers and processors', () => {
    expect(
      handler(
        typed,
        `import { Controller, Get, Post } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
@Controller('orders')
export class OrdersController {
  @Get(':id') find() { probe(1); }
  @Post() create() { probe(2); }
  helper() { probe(3); }
}
@Processor('mail')
export class MailProcessor extends WorkerHost {
  async process() { probe(4); }
}`,
      ),
    ).toEqual(['http nestjs GET :id', 'http nestjs POST', '-', 'retryable nestjs job']);
  });

  it('recognises Next.js route handlers by file convention', () => {
    expect(
      handler(
        typed,
        `export async function POST(request: Request) { probe(request); return new Response('ok'); }
export async function helper() { probe(2); }`,
        fixtureFile('src', 'app', 'api', 'orders', 'route.ts'),
      ),
    ).toEqual(['http nextjs POST /api/orders', '-']);
  });
});

describe('cross-file handlers', () => {
  it('finds a handler registered in another file with type information', () => {
    const answers = handler(
      true,
      `export async function createOrder(req: unknown) { probe(req); }`,
      fixtureFile('src', 'analysis', 'controllers.ts'),
    );
    expect(answers).toEqual(['http express POST /orders']);
  });
});

describe('findReachable', () => {
  const isReadFileSync = (analysis: FileAnalysis, call: CallNode) =>
    call.type === AST_NODE_TYPES.CallExpression && isExport(analysis, call.callee, ['fs'], ['readFileSync']) ? 'readFileSync' : undefined;

  const chains = (typed: boolean, code: string, filename?: string) =>
    probe(
      code,
      (analysis, node) => {
        if (!isFunctionNode(node)) return undefined;
        return findReachable(analysis, node, 'test:readFileSync', isReadFileSync)
          .map((hit) => `${hit.value}@${String(hit.callSite.loc.start.line - 1)}${hit.chain.length > 0 ? ` via ${describeChain(hit.chain)}` : ''}`)
          .join('; ');
      },
      { typed, ...(filename ? { filename } : {}) },
    );

  it.each([
    ['typed', true],
    ['untyped', false],
  ])('follows same-file helpers and relative imports (%s)', (_mode, typed) => {
    const [answer] = chains(
      typed,
      `import { readFileSync } from 'node:fs';
import { renderTemplate } from './controllers.js';
function loadConfig() { return readFileSync('config.json', 'utf8'); }
function outer() { return loadConfig(); }
probe(async () => {
  readFileSync('a');
  outer();
  renderTemplate('invoice');
});`,
      fixtureFile('src', 'analysis', 'probe.ts'),
    );
    expect(answer).toBe(
      'readFileSync@6; readFileSync@7 via outer() (fixtures/rule-tests/src/analysis/probe.ts:5) → loadConfig() (fixtures/rule-tests/src/analysis/probe.ts:4); readFileSync@8 via renderTemplate() (fixtures/rule-tests/src/analysis/controllers.ts:7)',
    );
  });

  it('respects maxDepth', () => {
    const code = `import { readFileSync } from 'node:fs';
function a() { return readFileSync('x'); }
function b() { return a(); }
function c() { return b(); }
function d() { return c(); }
probe(() => { d(); c(); });`;
    expect(chains(false, code)).toEqual(['readFileSync@6 via c() (fixtures/rule-tests/file.ts:5) → b() (fixtures/rule-tests/file.ts:4) → a() (fixtures/rule-tests/file.ts:3)']);
  });
});
