import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../src/rules/require-retry-after.js';
import { fixtureFile, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const valid: (string | ValidTestCase<Options>)[] = [
  // AWS Lambda: the result carries the header, or a shape we cannot read
  `import type { APIGatewayProxyHandler } from 'aws-lambda';
export const handler: APIGatewayProxyHandler = async () => ({ statusCode: 503, headers: { 'Retry-After': '30' }, body: 'busy' });`,
  `import type { APIGatewayProxyHandler } from 'aws-lambda';
export const handler: APIGatewayProxyHandler = async () => {
  return { statusCode: 429, multiValueHeaders: { 'Retry-After': ['5'] }, body: 'slow down' };
};`,
  // not a backpressure status, not the handler's result, not a Lambda handler
  `import type { APIGatewayProxyHandler } from 'aws-lambda';
export const handler: APIGatewayProxyHandler = async () => ({ statusCode: 500, body: 'failed' });`,
  `import type { APIGatewayProxyHandler } from 'aws-lambda';
export const handler: APIGatewayProxyHandler = async () => {
  const fallback = { statusCode: 503, body: 'busy' };
  return { ...fallback, headers: { 'Retry-After': '10' } };
};`,
  `export function describe(statusCode: number) { return { statusCode: 503, note: String(statusCode) }; }`,
  `import type { SQSHandler } from 'aws-lambda';
export const handler: SQSHandler = async () => { await Promise.resolve({ statusCode: 503 }); };`,
  // Express: header set before the status on the same response
  `import express from 'express';
const app = express();
app.get('/orders', (req, res) => {
  res.set('Retry-After', '30');
  res.status(503).json({ error: 'busy' });
});`,
  // Express: header in the same chain, after the status, lower case
  `import express from 'express';
const app = express();
app.get('/orders', (req, res) => res.status(429).set('retry-after', '5').json({ error: 'slow down' }));`,
  // Express: object form of set, before the status in the chain
  `import express from 'express';
const app = express();
app.get('/orders', (req, res) => res.set({ 'Retry-After': 30, 'Cache-Control': 'no-store' }).status(503).end());`,
  // Node's setHeader on an Express response, then sendStatus
  `import { Router } from 'express';
const router = Router();
router.use((req, res, next) => {
  res.setHeader('Retry-After', String(60));
  return res.sendStatus(429);
});`,
  // header() and append() are Express's other setters
  `import type { Request, Response } from 'express';
export function busy(req: Request, res: Response) {
  res.header('Retry-After', '1');
  res.status(503).send('busy');
}`,
  `import type { Request, Response } from 'express';
export function busy(req: Request, res: Response) {
  res.append('Retry-After', '1');
  res.status(503).send('busy');
}`,
  // status first, header later, then send: the header still goes out
  `import type { Request, Response } from 'express';
export function busy(req: Request, res: Response) {
  res.status(503);
  res.set('Retry-After', '2');
  res.end();
}`,
  // header name through a const
  `import type { Request, Response } from 'express';
const RETRY_AFTER = 'Retry-After';
export function busy(req: Request, res: Response) {
  res.set(RETRY_AFTER, '5');
  res.status(429).end();
}`,
  // a header name we cannot read on a response: may be Retry-After, stay silent
  `import type { Request, Response } from 'express';
export function busy(req: Request, res: Response, headers: Record<string, string>) {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(503).end();
}`,
  // a project helper sets it before the status
  `import express from 'express';
const app = express();
function retryLater(res: express.Response, seconds: number) {
  res.setHeader('Retry-After', String(seconds));
}
app.post('/orders', (req, res) => {
  retryLater(res, 30);
  res.status(503).json({ error: 'busy' });
});`,
  // the header set in the handler applies to the status set in a callback inside it
  `import express from 'express';
declare const limiter: { consume(key: string): Promise<void> };
const app = express();
app.use((req, res, next) => {
  limiter.consume(req.ip ?? '').then(() => next()).catch(() => {
    res.set('Retry-After', '10');
    res.status(429).send('Too Many Requests');
  });
});`,
  // Fastify: reply.header in the chain, and reply.headers before
  `import Fastify from 'fastify';
const app = Fastify();
app.get('/x', async (request, reply) => reply.header('retry-after', 5).code(429).send());`,
  `import Fastify from 'fastify';
const app = Fastify();
app.get('/x', async (request, reply) => {
  reply.headers({ 'Retry-After': '5' });
  return reply.code(503).send();
});`,
  // Koa: ctx.set before the status, and headers carried by the thrown error
  `import Koa from 'koa';
const app = new Koa();
app.use(async (ctx) => {
  ctx.set('Retry-After', '60');
  ctx.status = 429;
});`,
  `import Koa from 'koa';
const app = new Koa();
app.use(async (ctx) => {
  ctx.throw(503, 'busy', { headers: { 'Retry-After': '5' } });
});`,
  // Koa: ctx.response has the same setters
  `import Koa from 'koa';
const app = new Koa();
app.use(async (ctx) => {
  ctx.response.set('Retry-After', '60');
  ctx.response.status = 503;
});`,
  // Response init with the header
  `export async function GET() {
  return new Response(null, { status: 503, headers: { 'Retry-After': '120' } });
}`,
  // NextResponse with a Headers object carrying it
  `import { NextResponse } from 'next/server';
export async function GET() {
  return NextResponse.json({ error: 'slow down' }, { status: 429, headers: new Headers({ 'Retry-After': '1' }) });
}`,
  // a Headers object filled before the response
  `export async function GET() {
  const headers = new Headers();
  headers.set('Retry-After', '3');
  return new Response('busy', { status: 503, headers });
}`,
  // the response is kept and its headers set before it is returned
  `import { NextResponse } from 'next/server';
export function middleware() {
  const response = NextResponse.json({ error: 'slow down' }, { status: 429 });
  response.headers.set('Retry-After', '10');
  return response;
}`,
  // headers we cannot read: silent
  `declare function corsHeaders(): Record<string, string>;
export async function GET() {
  return new Response('busy', { status: 503, headers: corsHeaders() });
}`,
  // Hono: third argument, and c.header before
  `import { Hono } from 'hono';
const app = new Hono();
app.get('/x', (c) => c.json({ error: 'busy' }, 503, { 'Retry-After': '10' }));`,
  `import { Hono } from 'hono';
const app = new Hono();
app.get('/x', (c) => {
  c.header('Retry-After', '10');
  return c.json({ error: 'slow down' }, 429);
});`,
  // NestJS: @Header on the route method
  `import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
@Controller('orders')
export class OrdersController {
  @Get()
  @Header('Retry-After', '30')
  list() {
    throw new ServiceUnavailableException('busy');
  }
}`,
  // NestJS guard: header set on the response before throwing
  `import { HttpException, HttpStatus, type ExecutionContext } from '@nestjs/common';
export class LimitGuard {
  canActivate(context: ExecutionContext): boolean {
    const response = context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>();
    response.setHeader('Retry-After', '60');
    throw new HttpException('Too many requests', HttpStatus.TOO_MANY_REQUESTS);
  }
}`,
  // NestJS: a health controller answers probes
  `import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
@Controller('health')
export class HealthController {
  @Get()
  check() {
    throw new ServiceUnavailableException();
  }
}`,
  // thrown by a queue job, not sent to an HTTP client
  `import { ServiceUnavailableException } from '@nestjs/common';
import { Worker } from 'bullmq';
export const worker = new Worker('payments', async () => {
  throw new ServiceUnavailableException('payment provider down');
});`,
  // health probes are ignored by default
  `import express from 'express';
const app = express();
app.get('/healthz', (req, res) => res.status(503).json({ ok: false }));`,
  // not a response: a status field of a plain object, a mock with a status method, a fetch result
  `const result = { status: 503, body: 'busy' }; export { result };`,
  `const mock = { status(code: number) { return code; } }; mock.status(503);`,
  `export async function ping() { const response = await fetch('https://x'); if (response.status === 503) return false; return true; }`,
  // a class of the project called Response
  `class Response { constructor(public body: unknown, public init: unknown) {} }
export const r = new Response('x', { status: 503 });`,
  // res of unknown origin
  `export function send(res: any) { res.status(503).end(); }`,
  // other statuses, and statuses we cannot resolve
  `import express from 'express';
const app = express();
app.get('/x', (req, res) => res.status(500).json({}));`,
  `import express from 'express';
const app = express();
app.use((err: { status: number }, req: express.Request, res: express.Response, next: express.NextFunction) => { res.status(err.status).json({}); });`,
  `import { BadRequestException, HttpException } from '@nestjs/common';
export function fail() { throw new BadRequestException(); }
export function fail2() { throw new HttpException('x', 500); }`,
  // express-rate-limit sets Retry-After itself
  `import rateLimit from 'express-rate-limit';
export const limiter = rateLimit({ windowMs: 60_000, limit: 100, statusCode: 429 });`,
  // express-rate-limit sets Retry-After before calling its handler
  `import rateLimit from 'express-rate-limit';
export const limiter = rateLimit({
  windowMs: 60_000,
  limit: 100,
  handler: (req, res) => {
    res.status(429).json({ error: 'Too many requests' });
  },
});`,
  // @nestjs/throttler's guard sets Retry-After before calling this override
  `import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
export class ApiThrottlerGuard extends ThrottlerGuard {
  protected async throwThrottlingException(): Promise<void> {
    throw new HttpException('Slow down', HttpStatus.TOO_MANY_REQUESTS);
  }
}`,
  // odd shapes that must not throw: CommonJS, decorators with numbers, computed callees, a class expression
  `module.exports = (req: any, res: any) => res.status(503).end();`,
  `class Service { @Reflect.metadata('status', 503) handle() { return 503; } }
export const service = new (class extends Service {})();
export const value = (globalThis as any)['res'][Symbol.iterator]?.(503);`,
  // Hono HTTPException with its own response
  `import { HTTPException } from 'hono/http-exception';
export function fail() {
  throw new HTTPException(429, { res: new Response('slow down', { status: 429, headers: { 'Retry-After': '5' } }) });
}`,
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    // AWS Lambda: the handler's result object
    code: `import type { APIGatewayProxyHandler } from 'aws-lambda';
export const handler: APIGatewayProxyHandler = async () => {
  return { statusCode: 503, body: JSON.stringify({ error: 'busy' }) };
};`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 3,
        column: 12,
        data: { framework: 'AWS Lambda', status: '503 Service Unavailable' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import type { APIGatewayProxyHandler } from 'aws-lambda';
export const handler: APIGatewayProxyHandler = async () => {
  return { statusCode: 503, body: JSON.stringify({ error: 'busy' }), headers: { 'Retry-After': '30' } };
};`,
          },
        ],
      },
    ],
  },
  {
    // AWS Lambda: other headers are extended
    code: `import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  if (!event.body) return { statusCode: 429, headers: { 'Content-Type': 'text/plain' }, body: 'slow down' };
  return { statusCode: 200, body: event.body };
}`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 3,
        column: 29,
        data: { framework: 'AWS Lambda', status: '429 Too Many Requests' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  if (!event.body) return { statusCode: 429, headers: { 'Content-Type': 'text/plain', 'Retry-After': '30' }, body: 'slow down' };
  return { statusCode: 200, body: event.body };
}`,
          },
        ],
      },
    ],
  },
  {
    code: `import express from 'express';
const app = express();
app.get('/orders', (req, res) => {
  res.status(503).json({ error: 'busy' });
});`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 4,
        column: 3,
        data: { framework: 'Express', status: '503 Service Unavailable' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            data: { seconds: '30' },
            output: `import express from 'express';
const app = express();
app.get('/orders', (req, res) => {
  res.set('Retry-After', '30').status(503).json({ error: 'busy' });
});`,
          },
        ],
      },
    ],
  },
  {
    // sendStatus, in router middleware; the option sets the seconds
    code: `import { Router } from 'express';
const router = Router();
router.use((req, res, next) => {
  if (!req.ip) return res.sendStatus(429);
  next();
});`,
    options: [{ retryAfterSeconds: 60 }],
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 4,
        column: 23,
        data: { framework: 'Express', status: '429 Too Many Requests' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            data: { seconds: '60' },
            output: `import { Router } from 'express';
const router = Router();
router.use((req, res, next) => {
  if (!req.ip) return res.set('Retry-After', '60').sendStatus(429);
  next();
});`,
          },
        ],
      },
    ],
  },
  {
    // an annotated response and a const status
    code: `import type { Request, Response } from 'express';
const TOO_MANY = 429;
export function limited(req: Request, res: Response) {
  res.status(TOO_MANY).send('slow down');
}`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 4,
        data: { framework: 'Express', status: '429 Too Many Requests' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import type { Request, Response } from 'express';
const TOO_MANY = 429;
export function limited(req: Request, res: Response) {
  res.set('Retry-After', '30').status(TOO_MANY).send('slow down');
}`,
          },
        ],
      },
    ],
  },
  {
    // the header is set only on the other branch, which returns
    code: `import express from 'express';
const app = express();
app.get('/x', (req, res) => {
  if (req.query.a) {
    res.set('Retry-After', '10');
    return res.status(429).end();
  }
  return res.status(503).end();
});`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 8,
        data: { framework: 'Express', status: '503 Service Unavailable' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import express from 'express';
const app = express();
app.get('/x', (req, res) => {
  if (req.query.a) {
    res.set('Retry-After', '10');
    return res.status(429).end();
  }
  return res.set('Retry-After', '30').status(503).end();
});`,
          },
        ],
      },
    ],
  },
  {
    // a helper that sets another header does not count
    code: `import express from 'express';
const app = express();
function noStore(res: express.Response) {
  res.setHeader('Cache-Control', 'no-store');
}
app.post('/orders', (req, res) => {
  noStore(res);
  res.sendStatus(503);
});`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 8,
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import express from 'express';
const app = express();
function noStore(res: express.Response) {
  res.setHeader('Cache-Control', 'no-store');
}
app.post('/orders', (req, res) => {
  noStore(res);
  res.set('Retry-After', '30').sendStatus(503);
});`,
          },
        ],
      },
    ],
  },
  {
    // the response is returned at once: a later header on another response does not help
    code: `export async function GET(request: Request) {
  if (request.headers.get('x-busy')) return new Response(null, { status: 503 });
  const ok = new Response('ok');
  ok.headers.set('Retry-After', '1');
  return ok;
}`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 2,
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `export async function GET(request: Request) {
  if (request.headers.get('x-busy')) return new Response(null, { status: 503, headers: { 'Retry-After': '30' } });
  const ok = new Response('ok');
  ok.headers.set('Retry-After', '1');
  return ok;
}`,
          },
        ],
      },
    ],
  },
  {
    // a header after the response was sent is too late
    code: `import type { Request, Response } from 'express';
export function busy(req: Request, res: Response) {
  res.status(503).json({ error: 'busy' });
  res.set('Retry-After', '1');
}`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 3,
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import type { Request, Response } from 'express';
export function busy(req: Request, res: Response) {
  res.set('Retry-After', '30').status(503).json({ error: 'busy' });
  res.set('Retry-After', '1');
}`,
          },
        ],
      },
    ],
  },
  {
    // statusCode assignment on an Express response
    code: `import type { Request, Response } from 'express';
export function busy(req: Request, res: Response) {
  res.statusCode = 503;
  res.end();
}`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 3,
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import type { Request, Response } from 'express';
export function busy(req: Request, res: Response) {
  res.setHeader('Retry-After', '30');
  res.statusCode = 503;
  res.end();
}`,
          },
        ],
      },
    ],
  },
  {
    // a conditional status: reported, but the header would not fit the 200 branch
    code: `import express from 'express';
const app = express();
app.get('/orders', (req, res) => res.status(req.query.ok ? 200 : 503).json({}));`,
    errors: [{ messageId: 'missingRetryAfter', line: 3, data: { framework: 'Express', status: '503 Service Unavailable' }, suggestions: [] }],
  },
  {
    // an enum member
    code: `import type { Request, Response } from 'express';
enum Status { Busy = 503 }
export function busy(req: Request, res: Response) {
  res.status(Status.Busy).end();
}`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 4,
        data: { framework: 'Express', status: '503 Service Unavailable' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import type { Request, Response } from 'express';
enum Status { Busy = 503 }
export function busy(req: Request, res: Response) {
  res.set('Retry-After', '30').status(Status.Busy).end();
}`,
          },
        ],
      },
    ],
  },
  {
    // Fastify
    code: `import Fastify from 'fastify';
const app = Fastify();
app.get('/x', async (request, reply) => {
  return reply.code(503).send({ error: 'maintenance' });
});`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 4,
        column: 10,
        data: { framework: 'Fastify', status: '503 Service Unavailable' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import Fastify from 'fastify';
const app = Fastify();
app.get('/x', async (request, reply) => {
  return reply.header('Retry-After', '30').code(503).send({ error: 'maintenance' });
});`,
          },
        ],
      },
    ],
  },
  {
    // Koa: ctx.status
    code: `import Koa from 'koa';
const app = new Koa();
app.use(async (ctx, next) => {
  if (ctx.path === '/x') {
    ctx.status = 429;
    ctx.body = 'Too many';
    return;
  }
  await next();
});`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 5,
        column: 5,
        data: { framework: 'Koa', status: '429 Too Many Requests' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import Koa from 'koa';
const app = new Koa();
app.use(async (ctx, next) => {
  if (ctx.path === '/x') {
    ctx.set('Retry-After', '30');
    ctx.status = 429;
    ctx.body = 'Too many';
    return;
  }
  await next();
});`,
          },
        ],
      },
    ],
  },
  {
    // Koa: ctx.throw carries headers in its props
    code: `import Koa from 'koa';
const app = new Koa();
app.use(async (ctx) => {
  ctx.throw(503, 'Busy');
});`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 4,
        data: { framework: 'Koa', status: '503 Service Unavailable' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import Koa from 'koa';
const app = new Koa();
app.use(async (ctx) => {
  ctx.throw(503, 'Busy', { headers: { 'Retry-After': '30' } });
});`,
          },
        ],
      },
    ],
  },
  {
    // @koa/router and a named constant from http-status-codes, a template message
    code: `import Router from '@koa/router';
import { StatusCodes } from 'http-status-codes';
const router = new Router();
router.get('/orders', async (ctx) => {
  ctx.throw(StatusCodes.TOO_MANY_REQUESTS, \`slow down \${ctx.ip}\`, { expose: true });
});`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 5,
        data: { framework: 'Koa', status: '429 Too Many Requests' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import Router from '@koa/router';
import { StatusCodes } from 'http-status-codes';
const router = new Router();
router.get('/orders', async (ctx) => {
  ctx.throw(StatusCodes.TOO_MANY_REQUESTS, \`slow down \${ctx.ip}\`, { expose: true, headers: { 'Retry-After': '30' } });
});`,
          },
        ],
      },
    ],
  },
  {
    // the fetch Response
    code: `export async function GET() {
  return new Response('busy', { status: 503 });
}`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 2,
        column: 33,
        data: { framework: 'Fetch API Response', status: '503 Service Unavailable' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `export async function GET() {
  return new Response('busy', { status: 503, headers: { 'Retry-After': '30' } });
}`,
          },
        ],
      },
    ],
  },
  {
    // NextResponse.json with other headers
    code: `import { NextResponse } from 'next/server';
export async function POST() {
  return NextResponse.json({ error: 'slow down' }, { status: 429, headers: { 'Cache-Control': 'no-store' } });
}`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 3,
        data: { framework: 'Next.js', status: '429 Too Many Requests' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import { NextResponse } from 'next/server';
export async function POST() {
  return NextResponse.json({ error: 'slow down' }, { status: 429, headers: { 'Cache-Control': 'no-store', 'Retry-After': '30' } });
}`,
          },
        ],
      },
    ],
  },
  {
    // Response.json with a status constant from another file
    code: `import { SLOW_DOWN } from './status.js';
export async function GET() {
  return Response.json({ error: 'slow down' }, { status: SLOW_DOWN });
}`,
    filename: fixtureFile('src', 'require-retry-after', 'x.ts'),
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 3,
        data: { framework: 'Fetch API Response', status: '429 Too Many Requests' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import { SLOW_DOWN } from './status.js';
export async function GET() {
  return Response.json({ error: 'slow down' }, { status: SLOW_DOWN, headers: { 'Retry-After': '30' } });
}`,
          },
        ],
      },
    ],
  },
  {
    // Hono responder with a status argument
    code: `import { Hono } from 'hono';
const app = new Hono();
app.get('/x', (c) => c.json({ error: 'busy' }, 503));`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 3,
        column: 22,
        data: { framework: 'Hono', status: '503 Service Unavailable' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import { Hono } from 'hono';
const app = new Hono();
app.get('/x', (c) => c.json({ error: 'busy' }, 503, { 'Retry-After': '30' }));`,
          },
        ],
      },
    ],
  },
  {
    // Hono with other headers, and c.status
    code: `import { Hono } from 'hono';
import { OVERLOADED } from './status.js';
const app = new Hono();
app.get('/x', (c) => c.text('slow down', 429, { 'X-Limit': '10' }));
app.get('/y', (c) => {
  c.status(OVERLOADED);
  return c.body(null);
});`,
    filename: fixtureFile('src', 'require-retry-after', 'x.ts'),
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 4,
        data: { framework: 'Hono', status: '429 Too Many Requests' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import { Hono } from 'hono';
import { OVERLOADED } from './status.js';
const app = new Hono();
app.get('/x', (c) => c.text('slow down', 429, { 'X-Limit': '10', 'Retry-After': '30' }));
app.get('/y', (c) => {
  c.status(OVERLOADED);
  return c.body(null);
});`,
          },
        ],
      },
      {
        messageId: 'missingRetryAfter',
        line: 6,
        data: { framework: 'Hono', status: '503 Service Unavailable' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import { Hono } from 'hono';
import { OVERLOADED } from './status.js';
const app = new Hono();
app.get('/x', (c) => c.text('slow down', 429, { 'X-Limit': '10' }));
app.get('/y', (c) => {
  c.header('Retry-After', '30');
  c.status(OVERLOADED);
  return c.body(null);
});`,
          },
        ],
      },
    ],
  },
  {
    // Hono HTTPException without a response of its own: no idiom to add the header
    code: `import { HTTPException } from 'hono/http-exception';
export function fail() {
  throw new HTTPException(429, { message: 'slow down' });
}`,
    errors: [{ messageId: 'missingRetryAfter', line: 3, data: { framework: 'Hono', status: '429 Too Many Requests' }, suggestions: [] }],
  },
  {
    // NestJS controller: the suggestion decorates the route and imports Header
    code: `import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
@Controller('orders')
export class OrdersController {
  @Get()
  list() {
    throw new ServiceUnavailableException('busy');
  }
}`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 6,
        column: 11,
        data: { framework: 'NestJS', status: '503 Service Unavailable' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import { Controller, Get, ServiceUnavailableException, Header } from '@nestjs/common';
@Controller('orders')
export class OrdersController {
  @Header('Retry-After', '30')
  @Get()
  list() {
    throw new ServiceUnavailableException('busy');
  }
}`,
          },
        ],
      },
    ],
  },
  {
    // NestJS HttpException with HttpStatus in a service: no route method to decorate
    code: `import { HttpException, HttpStatus } from '@nestjs/common';
export class QuotaService {
  check(used: number) {
    if (used > 100) throw new HttpException('Too many requests', HttpStatus.TOO_MANY_REQUESTS);
  }
}`,
    errors: [{ messageId: 'missingRetryAfter', line: 4, data: { framework: 'NestJS', status: '429 Too Many Requests' }, suggestions: [] }],
  },
  {
    // NestJS @HttpCode(503), Header already imported
    code: `import { Controller, Header, HttpCode, Post } from '@nestjs/common';
@Controller('orders')
export class OrdersController {
  @Post()
  @HttpCode(503)
  @Header('Cache-Control', 'no-store')
  create() {
    return { queued: false };
  }
}`,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 5,
        column: 3,
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import { Controller, Header, HttpCode, Post } from '@nestjs/common';
@Controller('orders')
export class OrdersController {
  @Header('Retry-After', '30')
  @Post()
  @HttpCode(503)
  @Header('Cache-Control', 'no-store')
  create() {
    return { queued: false };
  }
}`,
          },
        ],
      },
    ],
  },
  {
    // ignoreRoutes: [] checks health probes too
    code: `import express from 'express';
const app = express();
app.get('/healthz', (req, res) => res.status(503).json({ ok: false }));`,
    options: [{ ignoreRoutes: [] }],
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 3,
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import express from 'express';
const app = express();
app.get('/healthz', (req, res) => res.set('Retry-After', '30').status(503).json({ ok: false }));`,
          },
        ],
      },
    ],
  },
];

// Hono's onError is not a route registration: only the checker knows `c` is a Hono Context.
const honoOnError = `import { Hono } from 'hono';
const app = new Hono();
app.onError((err, c) => c.json({ error: 'overloaded' }, 503));`;

const typedOnlyInvalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: honoOnError,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 3,
        data: { framework: 'Hono', status: '503 Service Unavailable' },
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import { Hono } from 'hono';
const app = new Hono();
app.onError((err, c) => c.json({ error: 'overloaded' }, 503, { 'Retry-After': '30' }));`,
          },
        ],
      },
    ],
  },
];

// Probes whose route path is out of sight (registered in another file, or on '' under a prefix
// mounted elsewhere) are known by the name of the handler, its class or its file.
const probeFile = fixtureFile('src', 'require-retry-after', 'x.ts');
const probeValid: ValidTestCase<Options>[] = [
  {
    // the handler's own name
    code: `import type { FastifyReply, FastifyRequest } from 'fastify';
let shuttingDown = false;
export function markShuttingDown() { shuttingDown = true; }
export async function readiness(_request: FastifyRequest, reply: FastifyReply) {
  if (shuttingDown) return reply.status(503).send({ ready: false });
  return reply.status(200).send({ ready: true });
}`,
    filename: probeFile,
  },
  {
    // the class's name; the method's own name says nothing, and its path is ''
    code: `import { Router, type Request, type Response } from 'express';
export class ReadyCheckController {
  router = Router();
  constructor(private isReady: () => boolean) { this.router.get('', this.state.bind(this)); }
  async state(_req: Request, res: Response): Promise<void> {
    if (!this.isReady()) { res.status(503).end(); return; }
    res.status(200).json({ health: 'GOOD' });
  }
}`,
    filename: probeFile,
  },
  {
    // the file's name
    code: `import type { Request, Response } from 'express';
export function handle(_req: Request, res: Response, up: boolean) {
  if (!up) return res.status(503).json({ status: 'down' });
  return res.json({ status: 'up' });
}`,
    filename: fixtureFile('src', 'require-retry-after', 'healthcheck.controller.ts'),
  },
  {
    // a test file: the 503 is a mocked upstream, not this service's answer
    code: `export async function stubbedFetch(calls: number): Promise<Response> {
  return calls < 3 ? new Response(null, { status: 503 }) : new Response(null, { status: 200 });
}`,
    filename: fixtureFile('src', 'require-retry-after', 'deliver.test.ts'),
  },
];

const probeInvalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    // the same handler, not named as a probe
    code: `import type { Request, Response } from 'express';
export function createOrder(_req: Request, res: Response, open: boolean) {
  if (!open) return res.status(503).json({ error: 'paused' });
  return res.json({ ok: true });
}`,
    filename: probeFile,
    errors: [
      {
        messageId: 'missingRetryAfter',
        line: 3,
        suggestions: [
          {
            messageId: 'addRetryAfter',
            output: `import type { Request, Response } from 'express';
export function createOrder(_req: Request, res: Response, open: boolean) {
  if (!open) return res.set('Retry-After', '30').status(503).json({ error: 'paused' });
  return res.json({ ok: true });
}`,
          },
        ],
      },
    ],
  },
  {
    // a probe word next to another word names something else
    code: `import type { Request, Response } from 'express';
export function getReadyOrders(_req: Request, res: Response, open: boolean) {
  if (!open) return res.status(503).json({ error: 'paused' });
  return res.json([]);
}`,
    filename: probeFile,
    errors: [{ messageId: 'missingRetryAfter', line: 3, suggestions: [{ messageId: 'addRetryAfter', output: `import type { Request, Response } from 'express';
export function getReadyOrders(_req: Request, res: Response, open: boolean) {
  if (!open) return res.set('Retry-After', '30').status(503).json({ error: 'paused' });
  return res.json([]);
}` }] }],
  },
  {
    // a visible route path decides, whatever the function is called
    code: `import express from 'express';
const app = express();
app.post('/orders', function readiness(_req, res) {
  res.status(503).json({ error: 'paused' });
});`,
    errors: [{ messageId: 'missingRetryAfter', line: 4, suggestions: [{ messageId: 'addRetryAfter', output: `import express from 'express';
const app = express();
app.post('/orders', function readiness(_req, res) {
  res.set('Retry-After', '30').status(503).json({ error: 'paused' });
});` }] }],
  },
  {
    // ignoreProbeNames: false checks probes known only by name
    code: `import type { FastifyReply, FastifyRequest } from 'fastify';
export async function readiness(_request: FastifyRequest, reply: FastifyReply) {
  return reply.status(503).send({ ready: false });
}`,
    filename: probeFile,
    options: [{ ignoreProbeNames: false }],
    errors: [{ messageId: 'missingRetryAfter', line: 3, suggestions: [{ messageId: 'addRetryAfter', output: `import type { FastifyReply, FastifyRequest } from 'fastify';
export async function readiness(_request: FastifyRequest, reply: FastifyReply) {
  return reply.header('Retry-After', '30').status(503).send({ ready: false });
}` }] }],
  },
  {
    // the same mocked upstream outside a test file is a response like any other
    code: `export async function stubbedFetch(calls: number): Promise<Response> {
  return calls < 3 ? new Response(null, { status: 503 }) : new Response(null, { status: 200 });
}`,
    filename: probeFile,
    errors: [{ messageId: 'missingRetryAfter', line: 2, suggestions: [{ messageId: 'addRetryAfter', output: `export async function stubbedFetch(calls: number): Promise<Response> {
  return calls < 3 ? new Response(null, { status: 503, headers: { 'Retry-After': '30' } }) : new Response(null, { status: 200 });
}` }] }],
  },
];

valid.push(...probeValid);
invalid.push(...probeInvalid);

typedRuleTester().run('require-retry-after (typed)', rule, { valid, invalid: [...invalid, ...typedOnlyInvalid] });
untypedRuleTester().run('require-retry-after (untyped)', rule, { valid: [...valid, honoOnError], invalid });
