import type { ExportRef } from './types.js';

/**
 * How each framework sets a response's status and headers. Read by `analysis/responses.ts`
 * (the `require-retry-after` rule, the audit report and a codemod that adds headers), so a
 * framework idiom is a data change.
 */

/** Response-object kinds (see http.ts) and the framework they belong to. */
export const responseKindFrameworks: ReadonlyMap<string, 'express' | 'fastify' | 'koa' | 'hono'> = new Map([
  ['express.response', 'express'],
  ['fastify.reply', 'fastify'],
  ['koa.context', 'koa'],
  ['hono.context', 'hono'],
]);

/** `res.status(n)`: methods whose first argument is the status and that return the response. */
export const statusSetterMethods: Readonly<Record<string, readonly string[]>> = {
  express: ['status'],
  fastify: ['code', 'status'],
};

/** Methods that set the status and send at once: `res.sendStatus(429)`. */
export const statusSendMethods: Readonly<Record<string, readonly string[]>> = {
  express: ['sendStatus'],
};

/** Node's `res.writeHead(status[, message][, headers])`, on responses that extend ServerResponse. */
export const writeHeadFrameworks: ReadonlySet<string> = new Set(['express']);

/** `res.statusCode = n`, `ctx.status = n`: properties that set the status when assigned. */
export const statusProperties: Readonly<Record<string, readonly string[]>> = {
  express: ['statusCode'],
  fastify: ['statusCode'],
  koa: ['status'],
};

/** Koa `ctx.throw(status, …props)` / `ctx.assert(value, status, …props)`: where the status sits. */
export const koaThrowMethods: Readonly<Record<string, number>> = { throw: 0, assert: 1 };

/** Hono `c.json(body, status?, headers?)`: responders, with the status and headers positions. */
export const honoResponders: ReadonlySet<string> = new Set(['json', 'text', 'body', 'html', 'newResponse']);

/** Methods that send the response; a header set after them is too late. */
export const sendingMethods: ReadonlySet<string> = new Set([
  'send',
  'json',
  'jsonp',
  'end',
  'sendStatus',
  'sendFile',
  'download',
  'redirect',
  'render',
  'writeHead',
  'flushHeaders',
]);

/**
 * Methods that set a response header, by framework idiom: `res.set(name, value)` /
 * `res.set({ name: value })` (Express, Koa), `setHeader` (Node), `header` (Express, Fastify,
 * Hono), `append` (Express, Koa, Headers), `headers({...})` (Fastify).
 */
export const headerSetterMethods: ReadonlySet<string> = new Set(['set', 'setHeader', 'header', 'append', 'headers']);

/** Header setters specific enough to responses that an unreadable header name may be ours. */
export const responseOnlyHeaderSetters: ReadonlySet<string> = new Set(['setHeader', 'header', 'headers', 'writeHead']);

/** `new Response(body, init)` / `Response.json(body, init)` and their fetch-compatible twins. */
export const fetchResponseClasses: readonly { readonly ref: ExportRef; readonly framework: 'fetch' | 'nextjs' }[] = [
  { ref: { package: 'next/server', path: ['NextResponse'] }, framework: 'nextjs' },
  { ref: { package: 'next/server.js', path: ['NextResponse'] }, framework: 'nextjs' },
  { ref: { package: 'undici', path: ['Response'] }, framework: 'fetch' },
  { ref: { package: 'node-fetch', path: ['Response'] }, framework: 'fetch' },
  { ref: { package: '@remix-run/node', path: ['Response'] }, framework: 'fetch' },
];

/** Static Response factories taking `(body, init)`. */
export const fetchResponseFactories: ReadonlySet<string> = new Set(['json']);

/** Exceptions that become a response with a fixed status: `throw new ServiceUnavailableException()`. */
export const statusExceptions: readonly {
  readonly ref: ExportRef;
  readonly framework: 'nestjs' | 'hono';
  /** A fixed status, or the index of the status argument. */
  readonly status: number | { readonly argument: number };
}[] = [
  { ref: { package: '@nestjs/common', path: ['ServiceUnavailableException'] }, framework: 'nestjs', status: 503 },
  { ref: { package: '@nestjs/common', path: ['HttpException'] }, framework: 'nestjs', status: { argument: 1 } },
  { ref: { package: 'hono/http-exception', path: ['HTTPException'] }, framework: 'hono', status: { argument: 0 } },
];

/** NestJS decorators: `@HttpCode(503)` sets a route's status, `@Header(name, value)` a header. */
export const nestStatusDecorator: ExportRef = { package: '@nestjs/common', path: ['HttpCode'] };
export const nestHeaderDecorator: ExportRef = { package: '@nestjs/common', path: ['Header'] };

/** Named status constants in common packages, for when the code does not write the number. */
export const statusConstants: readonly { readonly ref: ExportRef; readonly status: number }[] = [
  { ref: { package: '@nestjs/common', path: ['HttpStatus', 'TOO_MANY_REQUESTS'] }, status: 429 },
  { ref: { package: '@nestjs/common', path: ['HttpStatus', 'SERVICE_UNAVAILABLE'] }, status: 503 },
  { ref: { package: 'http-status-codes', path: ['StatusCodes', 'TOO_MANY_REQUESTS'] }, status: 429 },
  { ref: { package: 'http-status-codes', path: ['StatusCodes', 'SERVICE_UNAVAILABLE'] }, status: 503 },
  // http-status-codes v1 constants, still exported (deprecated) by v2.
  { ref: { package: 'http-status-codes', path: ['TOO_MANY_REQUESTS'] }, status: 429 },
  { ref: { package: 'http-status-codes', path: ['SERVICE_UNAVAILABLE'] }, status: 503 },
  // http-status: v1 default export object, v2 named `status` export.
  { ref: { package: 'http-status', path: ['TOO_MANY_REQUESTS'] }, status: 429 },
  { ref: { package: 'http-status', path: ['SERVICE_UNAVAILABLE'] }, status: 503 },
  { ref: { package: 'http-status', path: ['status', 'TOO_MANY_REQUESTS'] }, status: 429 },
  { ref: { package: 'http-status', path: ['status', 'SERVICE_UNAVAILABLE'] }, status: 503 },
  { ref: { package: 'http2', path: ['constants', 'HTTP_STATUS_TOO_MANY_REQUESTS'] }, status: 429 },
  { ref: { package: 'http2', path: ['constants', 'HTTP_STATUS_SERVICE_UNAVAILABLE'] }, status: 503 },
];

/**
 * Libraries that set a header on the response before handing it to a callback option of
 * theirs: express-rate-limit sets Retry-After (unless both header options are off) and then
 * calls `handler(req, res, next, options)`.
 */
export const headerSettingCallbacks: readonly { readonly ref: ExportRef; readonly option: string; readonly headers: readonly string[] }[] = [
  { ref: { package: 'express-rate-limit', path: [] }, option: 'handler', headers: ['Retry-After'] },
  { ref: { package: 'express-rate-limit', path: ['rateLimit'] }, option: 'handler', headers: ['Retry-After'] },
];

/**
 * Base-class hooks a library calls after setting the header: @nestjs/throttler's ThrottlerGuard
 * sets Retry-After and then calls `throwThrottlingException`, which projects override.
 */
export const headerSettingOverrides: readonly { readonly base: ExportRef; readonly method: string; readonly headers: readonly string[] }[] = [
  { base: { package: '@nestjs/throttler', path: ['ThrottlerGuard'] }, method: 'throwThrottlingException', headers: ['Retry-After'] },
];
