import type { ExportRef, InstanceKind, TypeRef } from './types.js';

const HONO_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'all'];

export const httpKinds: readonly InstanceKind[] = [
  {
    kind: 'express.app',
    types: [
      { package: '@types/express-serve-static-core', name: 'Express' },
      { package: '@types/express-serve-static-core', name: 'Application' },
      { package: 'express', name: 'Express' },
      { package: 'express', name: 'Application' },
    ],
    factories: [{ package: 'express', path: [] }],
    methodResults: [{ method: 'route', kind: 'express.route' }],
  },
  {
    kind: 'express.router',
    types: [
      { package: '@types/express-serve-static-core', name: 'Router' },
      { package: '@types/express-serve-static-core', name: 'IRouter' },
      { package: 'express', name: 'Router' },
    ],
    factories: [{ package: 'express', path: ['Router'] }],
    methodResults: [{ method: 'route', kind: 'express.route' }],
  },
  {
    kind: 'express.route',
    types: [{ package: '@types/express-serve-static-core', name: 'IRoute' }],
    methodResults: [
      { method: 'get', kind: 'express.route' },
      { method: 'post', kind: 'express.route' },
      { method: 'put', kind: 'express.route' },
      { method: 'patch', kind: 'express.route' },
      { method: 'delete', kind: 'express.route' },
      { method: 'all', kind: 'express.route' },
    ],
  },
  {
    kind: 'express.request',
    types: [
      { package: '@types/express-serve-static-core', name: 'Request' },
      { package: 'express', name: 'Request' },
    ],
  },
  {
    kind: 'express.response',
    types: [
      { package: '@types/express-serve-static-core', name: 'Response' },
      { package: 'express', name: 'Response' },
    ],
    // Declared as returning `this` in @types/express-serve-static-core: `res.status(503).json(…)`.
    methodResults: ['status', 'sendStatus', 'send', 'json', 'jsonp', 'set', 'header', 'type', 'contentType', 'append', 'cookie', 'clearCookie', 'vary', 'location', 'links', 'format', 'attachment'].map((method) => ({
      method,
      kind: 'express.response',
    })),
  },
  {
    kind: 'fastify.instance',
    types: [{ package: 'fastify', name: 'FastifyInstance' }],
    factories: [{ package: 'fastify', path: [] }, { package: 'fastify', path: ['fastify'] }],
  },
  { kind: 'fastify.request', types: [{ package: 'fastify', name: 'FastifyRequest' }] },
  {
    kind: 'fastify.reply',
    types: [{ package: 'fastify', name: 'FastifyReply' }],
    // Declared as returning FastifyReply in fastify/types/reply.d.ts: `reply.code(503).send(…)`.
    methodResults: ['code', 'status', 'header', 'headers', 'removeHeader', 'type', 'serializer'].map((method) => ({ method, kind: 'fastify.reply' })),
  },
  {
    kind: 'koa.app',
    types: [{ package: '@types/koa', name: 'Application' }, { package: 'koa', name: 'Application' }],
    constructors: [{ package: 'koa', path: [] }],
  },
  {
    kind: 'koa.context',
    types: [
      { package: '@types/koa', name: 'ParameterizedContext' },
      { package: '@types/koa', name: 'Context' },
      { package: '@types/koa', name: 'ExtendableContext' },
      { package: 'koa', name: 'Context' },
      { package: 'koa', name: 'ParameterizedContext' },
      { package: '@koa/router', name: 'RouterContext' },
    ],
  },
  {
    kind: 'koa.router',
    types: [
      { package: '@koa/router', name: 'RouterImplementation' },
      { package: '@koa/router', name: 'RouterInstance' },
      { package: '@koa/router', name: 'Router' },
      { package: '@types/koa-router', name: 'Router' },
      { package: '@types/koa__router', name: 'Router' },
    ],
    constructors: [
      { package: '@koa/router', path: [] },
      { package: '@koa/router', path: ['Router'] },
      { package: 'koa-router', path: [] },
    ],
  },
  {
    kind: 'hono.app',
    // `OpenAPIHono` (@hono/zod-openapi) extends `Hono` and adds `openapi(route, handler, hook?)`.
    types: [{ package: 'hono', name: 'Hono' }, { package: '@hono/zod-openapi', name: 'OpenAPIHono' }],
    constructors: [
      { package: 'hono', path: ['Hono'] },
      { package: 'hono/quick', path: ['Hono'] },
      { package: 'hono/tiny', path: ['Hono'] },
      { package: '@hono/zod-openapi', path: ['OpenAPIHono'] },
    ],
    // Route registration returns the app, so registrations chain: `app.openapi(a, h).openapi(b, g)`.
    methodResults: [...HONO_METHODS, 'on', 'use', 'openapi', 'route', 'basePath'].map((method) => ({ method, kind: 'hono.app' })),
  },
  { kind: 'hono.context', types: [{ package: 'hono', name: 'Context' }] },
];

/** How a framework registers handlers on an instance, and what the handler's parameters are. */
export interface RouteFramework {
  readonly framework: string;
  /** Instance kinds whose methods register handlers. */
  readonly registrars: readonly string[];
  /** Methods that register a route handler: `app.get(path, ...handlers)`. */
  readonly routeMethods: ReadonlySet<string>;
  /** Methods that register middleware, which runs per request too. */
  readonly middlewareMethods: ReadonlySet<string>;
  /** The instance kinds of a handler's parameters, by position. */
  readonly handlerParams: readonly (string | undefined)[];
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all'];

export const routeFrameworks: readonly RouteFramework[] = [
  {
    framework: 'express',
    registrars: ['express.app', 'express.router', 'express.route'],
    routeMethods: new Set(HTTP_METHODS),
    middlewareMethods: new Set(['use']),
    handlerParams: ['express.request', 'express.response'],
  },
  {
    framework: 'fastify',
    registrars: ['fastify.instance'],
    routeMethods: new Set([...HTTP_METHODS, 'route']),
    middlewareMethods: new Set(['addHook']),
    handlerParams: ['fastify.request', 'fastify.reply'],
  },
  {
    framework: 'koa',
    registrars: ['koa.app'],
    routeMethods: new Set(),
    middlewareMethods: new Set(['use']),
    handlerParams: ['koa.context'],
  },
  {
    framework: 'koa-router',
    registrars: ['koa.router'],
    routeMethods: new Set([...HTTP_METHODS, 'del']),
    middlewareMethods: new Set(['use']),
    handlerParams: ['koa.context'],
  },
  {
    framework: 'hono',
    registrars: ['hono.app'],
    // `openapi(createRoute({ method, path }), handler)` from @hono/zod-openapi: the method and path
    // are in the route object, and only the second argument is the handler.
    routeMethods: new Set([...HTTP_METHODS, 'on', 'openapi']),
    middlewareMethods: new Set(['use']),
    handlerParams: ['hono.context'],
  },
];

/**
 * Registration methods whose first argument is a route object (`createRoute({ method, path })`)
 * and whose second is the one handler; a third is a validation hook, not a handler.
 */
export const routeObjectMethods: ReadonlySet<string> = new Set(['openapi']);

/** A registration that takes one options object: `fastify.route({ method, url, handler })`. */
export interface RouteOptionsRegistration {
  readonly registrar: string;
  readonly method: string;
  readonly framework: string;
  /** Properties whose function runs per request: the handler and the request hooks. */
  readonly handlerKeys: ReadonlySet<string>;
  readonly pathKey: string;
  readonly methodKey: string;
  readonly params: readonly string[];
}

export const routeOptionsRegistrations: readonly RouteOptionsRegistration[] = [
  {
    registrar: 'fastify.instance',
    method: 'route',
    framework: 'fastify',
    handlerKeys: new Set(['handler', 'preHandler', 'onRequest', 'preValidation']),
    pathKey: 'url',
    methodKey: 'method',
    params: ['fastify.request', 'fastify.reply'],
  },
];

/** `createRoute({ method, path })` of @hono/zod-openapi builds the route `openapi()` registers. */
export const openApiRouteFactories: readonly ExportRef[] = [{ package: '@hono/zod-openapi', path: ['createRoute'] }];

/**
 * Declared function types that say a function is a route handler or middleware of a framework:
 * `export const list: RequestHandler = (req, res) => …`, `const h: RouteHandler<typeof route> = …`.
 * A binding annotated with one of them is a handler wherever it is registered.
 */
export const handlerFunctionTypes: readonly (TypeRef & { readonly framework: string })[] = [
  { package: 'express', name: 'RequestHandler', framework: 'express' },
  { package: '@types/express', name: 'RequestHandler', framework: 'express' },
  { package: '@types/express-serve-static-core', name: 'RequestHandler', framework: 'express' },
  { package: 'fastify', name: 'RouteHandlerMethod', framework: 'fastify' },
  { package: 'fastify', name: 'RouteHandler', framework: 'fastify' },
  { package: 'hono', name: 'Handler', framework: 'hono' },
  { package: 'hono', name: 'MiddlewareHandler', framework: 'hono' },
  { package: '@hono/zod-openapi', name: 'RouteHandler', framework: 'hono' },
  { package: 'koa', name: 'Middleware', framework: 'koa' },
  { package: '@types/koa', name: 'Middleware', framework: 'koa' },
];

/**
 * Request and response parameter kinds that together make a function's signature a handler's,
 * for frameworks whose handlers take both (Koa and Hono pass one context, which helpers take too).
 */
export const handlerSignatures: readonly { readonly framework: string; readonly request: string; readonly response: string }[] = [
  { framework: 'express', request: 'express.request', response: 'express.response' },
  { framework: 'fastify', request: 'fastify.request', response: 'fastify.reply' },
];

/** Fastify plugin function types: the plugin's first parameter is a Fastify instance. */
export const fastifyPluginTypes: readonly TypeRef[] = [
  { package: 'fastify', name: 'FastifyPluginCallback' },
  { package: 'fastify', name: 'FastifyPluginAsync' },
  { package: 'fastify', name: 'FastifyPlugin' },
];

/** `fp(plugin)` of fastify-plugin passes the plugin through. */
export const fastifyPluginWrappers: readonly ExportRef[] = [
  { package: 'fastify-plugin', path: [] },
  { package: 'fastify-plugin', path: ['default'] },
];

/** Packages whose import marks a file as HTTP-serving code. */
export const httpFrameworkPackages: ReadonlySet<string> = new Set([
  'express',
  'fastify',
  'koa',
  '@koa/router',
  'koa-router',
  'hono',
  '@hono/zod-openapi',
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/platform-express',
  '@nestjs/platform-fastify',
  'next',
  'next/server',
  'http',
  'https',
  'http2',
]);

/** NestJS: a `@Controller` class's methods with these decorators handle requests. */
export const nestRouteDecorators: ReadonlySet<string> = new Set([
  'Get',
  'Post',
  'Put',
  'Patch',
  'Delete',
  'Options',
  'Head',
  'All',
  'Search',
]);

/** Next.js App Router route handlers are these named exports of `app/**\/route.ts`. */
export const nextRouteExports: ReadonlySet<string> = new Set([
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
]);

/**
 * Webhook senders retry until they get a 2xx, so these handlers are retryable. A handler counts
 * as a webhook when its route says so or it verifies a sender's signature.
 */
export const webhookSignatureCalls: readonly { readonly package: string; readonly path: readonly string[] }[] = [
  { package: 'svix', path: ['Webhook', 'verify'] },
  { package: '@octokit/webhooks', path: ['verify'] },
  { package: '@octokit/webhooks', path: ['Webhooks', 'verify'] },
  { package: '@octokit/webhooks', path: ['Webhooks', 'verifyAndReceive'] },
];

/** Member chains that verify a webhook signature, whatever client object they hang off. */
export const webhookVerifyMembers: readonly (readonly string[])[] = [
  ['webhooks', 'constructEvent'],
  ['webhooks', 'constructEventAsync'],
];

export const webhookSignatureHeaders: ReadonlySet<string> = new Set([
  'stripe-signature',
  'x-hub-signature-256',
  'x-hub-signature',
  'svix-signature',
  'webhook-signature',
  'x-shopify-hmac-sha256',
  'x-slack-signature',
  'x-twilio-signature',
]);
