import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { moduleParses } from '../../src/analysis/modules.js';
import scheduler from '../../src/rules/no-in-process-scheduler.js';
import { fixtureFile } from '../rule-tester.js';
import { probeHandlers } from './harness.js';

const handler = probeHandlers;

describe.each([
  ['typed', true],
  ['untyped', false],
])('GraphQL resolvers (%s)', (_mode, typed) => {
  it('recognises @nestjs/graphql resolver operations, not subscriptions or plain methods', () => {
    expect(
      handler(
        typed,
        `import { Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
@Resolver()
export class TeamResolver {
  @Query(() => [String]) teams() { probe(1); return []; }
  @Mutation(() => String) renameTeam() { probe(2); return ''; }
  @ResolveField() members(@Parent() team: unknown) { probe(team); return []; }
  @Subscription(() => String) teamUpdated() { probe(4); }
  query() { probe(5); }
}`,
      ),
    ).toEqual(['http nestjs-graphql QUERY', 'http nestjs-graphql MUTATION', 'http nestjs-graphql FIELD', '-', '-']);
  });

  it('recognises type-graphql resolvers', () => {
    expect(
      handler(
        typed,
        `import { FieldResolver, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
@Resolver()
export class RecipeResolver {
  @Query(() => [String]) recipes() { probe(1); return []; }
  @Mutation(() => String) addRecipe() { probe(2); return ''; }
  @FieldResolver() rating(@Root() recipe: unknown) { probe(recipe); return 0; }
  @Subscription(() => String) newRecipe() { probe(4); }
}`,
      ),
    ).toEqual(['http type-graphql QUERY', 'http type-graphql MUTATION', 'http type-graphql FIELD', '-']);
  });

  it('does not treat lookalike decorators and classes as resolvers', () => {
    expect(
      handler(
        typed,
        `import { Controller, Query } from '@nestjs/common';
import { Resolver as GqlResolver } from '@nestjs/graphql';
import { Query as TgQuery } from 'type-graphql';
import { Resolver, Mutation } from './decorators.js';
@Controller('teams')
export class TeamsController {
  list(@Query('page') page: string) { probe(page); }
}
@Resolver()
export class NotAResolver {
  @Mutation() save() { probe(2); }
}
@GqlResolver()
export class MixedPackages {
  @TgQuery() teams() { probe(3); }
}
export class Repository {
  query(sql: string) { probe(sql); }
}`,
      ),
    ).toEqual(['-', '-', '-', '-']);
  });

  it('recognises resolver maps visibly handed to a GraphQL server or schema builder', () => {
    expect(
      handler(
        typed,
        `import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { createSchema } from 'graphql-yoga';
const resolvers = {
  Query: { users: async () => { probe(1); return []; } },
  Mutation: { addUser(_parent: unknown, args: unknown) { probe(args); return null; } },
  User: { posts: (user: unknown) => { probe(user); return []; } },
  Subscription: { tick: { subscribe: async function* () { probe(4); } }, ticks: () => { probe(7); } },
};
export const server = new ApolloServer({ typeDefs: '', resolvers });
export const yoga = createSchema({ typeDefs: '', resolvers: { Query: { hello: () => { probe(5); return 'hi'; } } } });
const orders = { Query: { orders: () => { probe(6); return []; } } };
export const schema = makeExecutableSchema({ typeDefs: '', resolvers: [orders] });`,
      ),
    ).toEqual(['http graphql QUERY', 'http graphql MUTATION', 'http graphql FIELD', '-', '-', 'http graphql QUERY', 'http graphql QUERY']);
  });

  it('does not treat resolver-shaped objects as resolvers without a visible GraphQL consumer', () => {
    expect(
      handler(
        typed,
        `import { buildThing } from './things.js';
export const resolvers = { Query: { users: async () => { probe(1); return []; } } };
const handlers = { Query: { users: () => { probe(2); } } };
buildThing({ resolvers: handlers });
const local = { make(options: object) { return options; } };
local.make({ resolvers: { Query: { x: () => { probe(3); } } } });`,
      ),
    ).toEqual(['-', '-', '-']);
  });
});

describe.each([
  ['typed', true],
  ['untyped', false],
])('@hono/zod-openapi (%s)', (_mode, typed) => {
  it('recognises app.openapi(route, handler) with the route from createRoute', () => {
    expect(
      handler(
        typed,
        `import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { listIncidents } from './src/hono-openapi/routes.js';
export const api = new OpenAPIHono();
const getIncident = createRoute({ method: 'get', path: '/incidents/{id}', responses: {} });
api.openapi(getIncident, async (c) => { probe(c); return c.json({}, 200); });
api.openapi(
  createRoute({ method: 'post', path: '/incidents', responses: {} }),
  (c) => { probe(2); return c.json({}, 201); },
  (result, c) => { probe(3); },
);
api.openapi(listIncidents, (c) => { probe(4); return c.json([], 200); });
new OpenAPIHono()
  .openapi(getIncident, (c) => { probe(5); return c.json({}, 200); })
  .openapi(getIncident, (c) => { probe(6); return c.json({}, 200); });`,
      ),
    ).toEqual(['http hono GET /incidents/:id', 'http hono POST /incidents', '-', 'http hono', 'http hono GET /incidents/:id', 'http hono GET /incidents/:id']);
  });

  it('does not treat openapi() on other objects as a route', () => {
    expect(
      handler(
        typed,
        `import { Hono } from 'hono';
import { createRoute } from '@hono/zod-openapi';
const route = createRoute({ method: 'get', path: '/x', responses: {} });
const docs = { openapi(spec: unknown, build: () => void) { build(); } };
docs.openapi(route, () => { probe(1); });
export const app = new Hono();
app.get('/y', (c) => { probe(2); return c.text('ok'); });`,
      ),
    ).toEqual(['-', 'http hono GET /y']);
  });
});

describe.each([
  ['typed', true],
  ['untyped', false],
])('handlers registered in another file (%s)', (_mode, typed) => {
  it('recognises an exported function annotated with the request and reply types', () => {
    expect(
      handler(
        typed,
        `import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Request, Response } from 'express';
export async function callback(request: FastifyRequest, reply: FastifyReply) { probe(reply); }
export async function list(req: Request, res: Response) { probe(res); }
export function onError(err: Error, req: Request, res: Response) { probe(err); }
export class OrdersController {
  async show(req: Request, res: Response) { probe(1); }
  private render(req: Request, res: Response) { probe(2); }
}`,
      ),
    ).toEqual(['http fastify', 'http express', 'http express', 'http express', '-']);
  });

  it('recognises bindings annotated with a framework handler type', () => {
    expect(
      handler(
        typed,
        `import type { RequestHandler } from 'express';
import type { RouteHandlerMethod } from 'fastify';
import type { MiddlewareHandler } from 'hono';
import type { RouteHandler } from '@hono/zod-openapi';
import type { listIncidents } from './src/hono-openapi/routes.js';
export const list: RequestHandler = async (req, res) => { probe(res); };
export const show: RouteHandlerMethod = async (request, reply) => { probe(reply); };
export const auth: MiddlewareHandler = async (c, next) => { probe(c); await next(); };
export const incidents: RouteHandler<typeof listIncidents> = async (c) => { probe(c); return c.json([], 200); };`,
      ),
    ).toEqual(['http express', 'http fastify', 'http hono', 'http hono']);
  });

  it('does not treat helpers or lookalike signatures as handlers', () => {
    expect(
      handler(
        typed,
        `import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from 'hono';
import type { Context as KoaContext } from 'koa';
export async function sendError(reply: FastifyReply, message: string) { probe(message); }
async function notExported(request: FastifyRequest, reply: FastifyReply) { probe(2); }
export async function helper(request: FastifyRequest, reply: FastifyReply) { probe(3); }
export async function handle(request: FastifyRequest, reply: FastifyReply) { return helper(request, reply); }
export function userOf(c: Context) { probe(c); }
export function stateOf(ctx: KoaContext) { probe(ctx); }
export function proxy(req: Request, res: Response) { probe(req); }
notExported;`,
      ),
    ).toEqual(['-', '-', '-', '-', '-', '-']);
  });

  it('finds route-options handlers inside a Fastify plugin whose instance is not annotated', () => {
    expect(
      handler(
        typed,
        `import Fastify, { type FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
const router: FastifyPluginCallback = (fastify, _options, done) => {
  fastify.route({ method: 'GET', url: '/callback', handler: async (request, reply) => { probe(reply); } });
  done();
};
const app = Fastify();
app.register(async (instance) => {
  instance.route({ method: 'POST', url: '/r', handler: async () => { probe(2); } });
});
async function routes(instance: any) {
  instance.route({ method: 'PUT', url: '/p', preHandler: async () => { probe(3); }, handler: async () => { probe(4); } });
}
app.register(routes);
export const plugin = fp(async (instance) => {
  instance.route({ method: 'DELETE', url: '/d', handler: async () => { probe(5); } });
});
const client = { route(options: object) { return options; } };
client.route({ method: 'GET', url: '/x', handler: async () => { probe(6); } });
export { router };`,
      ),
    ).toEqual(['http fastify GET /callback', 'http fastify POST /r', 'http fastify PUT /p', 'http fastify PUT /p', 'http fastify DELETE /d', '-']);
  });

  it('recognises the controller of a fastify.route({ handler: controller.fn }) in another file', () => {
    const code = fs.readFileSync(fixtureFile('src', 'fastify-routes', 'controller.ts'), 'utf8').replace("const ok = request.query !== undefined;", 'const ok = request.query !== undefined; probe(ok);');
    // With a program the registration in router.ts names the route; without one, the signature says it is a handler.
    expect(handler(typed, code, fixtureFile('src', 'fastify-routes', 'controller.ts'))).toEqual([typed ? 'http fastify GET /callback' : 'http fastify']);
  });
});

describe('workerFiles match independent of the working directory', () => {
  let workspace: string;
  const cron = `import cron from 'node-cron';
cron.schedule('0 * * * *', async () => { await fetch('https://telemetry.example.com/beacon'); });`;

  /** no-in-process-scheduler findings for `file` linted with `cwd` as ESLint's working directory. */
  const findings = (file: string, cwd: string): number => {
    const linter = new Linter({ configType: 'flat', cwd });
    return linter.verify(
      cron,
      [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { s: { rules: { scheduler: scheduler as never } } }, rules: { 's/scheduler': 'error' } }],
      file,
    ).length;
  };

  beforeAll(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'scalability-workspace-'));
    fs.writeFileSync(path.join(workspace, 'package.json'), JSON.stringify({ private: true, workspaces: ['apps/*'] }));
    for (const app of ['worker', 'api']) {
      fs.mkdirSync(path.join(workspace, 'apps', app, 'src', 'telemetry'), { recursive: true });
      fs.writeFileSync(path.join(workspace, 'apps', app, 'package.json'), JSON.stringify({ name: `@acme/${app}` }));
    }
    // A standalone project inside a directory named like a worker folder: the ancestor is not its own.
    fs.mkdirSync(path.join(workspace, 'jobs', 'board', 'src'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'jobs', 'board', 'package.json'), JSON.stringify({ name: 'board' }));
    fs.mkdirSync(path.join(workspace, 'jobs', 'board', '.git'));
  });
  afterAll(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('keeps a worker app exempt when ESLint runs from inside it', () => {
    const file = path.join(workspace, 'apps', 'worker', 'src', 'telemetry', 'beacon.ts');
    expect(findings(file, workspace)).toBe(0);
    expect(findings(file, path.join(workspace, 'apps'))).toBe(0);
    expect(findings(file, path.join(workspace, 'apps', 'worker'))).toBe(0);
    expect(findings(file, path.join(workspace, 'apps', 'worker', 'src'))).toBe(0);
  });

  it('still reports a scheduler in a non-worker app, wherever ESLint runs from', () => {
    const file = path.join(workspace, 'apps', 'api', 'src', 'telemetry', 'beacon.ts');
    expect(findings(file, workspace)).toBe(1);
    expect(findings(file, path.join(workspace, 'apps', 'api'))).toBe(1);
  });

  it('does not match a directory above the project root', () => {
    const file = path.join(workspace, 'jobs', 'board', 'src', 'server.ts');
    expect(findings(file, path.join(workspace, 'jobs', 'board'))).toBe(1);
    expect(findings(file, workspace)).toBe(1);
  });
});

describe('handler signatures', () => {
  it.each([['typed', true], ['untyped', false]])('are not traced through project type modules in files that import no HTTP framework (%s)', (_mode, typed) => {
    const before = moduleParses.fromText + moduleParses.fromProgram;
    expect(
      probeHandlers(
        typed,
        // Each mode reads its own module, so that neither finds the other's in the module cache.
        `import type { JobInput, JobOutput } from './${typed ? 'typed-shapes' : 'shapes'}.js';
export function run(input: JobInput, output: JobOutput) { probe(input); output.done(input.id); }`,
        fixtureFile('src', 'handler-shapes', 'runner.ts'),
      ),
    ).toEqual(['-']);
    expect(moduleParses.fromText + moduleParses.fromProgram).toBe(before);
  });
});
