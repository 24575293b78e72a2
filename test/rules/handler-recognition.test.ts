import fs from 'node:fs';

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import blocking, { type MessageIds as BlockingIds, type Options as BlockingOptions } from '../../src/rules/no-blocking-in-handler.js';
import unbounded, { type MessageIds as UnboundedIds, type Options as UnboundedOptions } from '../../src/rules/no-unbounded-query.js';
import { fixtureFile, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

/**
 * End-to-end effect of handler recognition on the handler-scoped rules: GraphQL resolvers,
 * @hono/zod-openapi routes and handlers registered in another file.
 */

const READ = { api: 'fs.readFileSync', alternative: 'fs.promises.readFile' };

const blockingValid: (string | ValidTestCase<BlockingOptions>)[] = [
  // a repository's query() method is not a resolver
  `import { readFileSync } from 'node:fs';
export class Repository {
  query(name: string) { return readFileSync(name, 'utf8'); }
}`,
  // @Query of @nestjs/common is a parameter decorator; the method has no route decorator
  `import { Controller, Query } from '@nestjs/common';
import { readFileSync } from 'node:fs';
@Controller('files')
export class FilesController {
  read(@Query('name') name: string) { return readFileSync(name, 'utf8'); }
}`,
  // a subscription resolver streams; it is not a per-request handler
  `import { Resolver, Subscription } from '@nestjs/graphql';
import { readFileSync } from 'node:fs';
@Resolver()
export class EventsResolver {
  @Subscription(() => String) events() { return readFileSync('events.json', 'utf8'); }
}`,
  // a resolver-shaped object no GraphQL server is seen to receive
  `import { readFileSync } from 'node:fs';
export const resolvers = { Query: { report: () => readFileSync('report.csv', 'utf8') } };`,
  // openapi() of an object that is not an OpenAPIHono app
  `import { readFileSync } from 'node:fs';
const docs = { openapi(spec: unknown, build: () => string) { return build(); } };
docs.openapi({}, () => readFileSync('spec.yaml', 'utf8'));`,
  // route({ handler }) of an object that is not a Fastify instance
  `import { readFileSync } from 'node:fs';
const registry = { route(options: { handler: () => string }) { return options.handler(); } };
registry.route({ handler: () => readFileSync('routes.json', 'utf8') });`,
  // a helper taking only the reply, called by handlers it cannot see
  `import { readFileSync } from 'node:fs';
import type { FastifyReply } from 'fastify';
export function sendPage(reply: FastifyReply) { return reply.send(readFileSync('page.html', 'utf8')); }`,
];

const controllerPath = fixtureFile('src', 'fastify-routes', 'controller.ts');
const controller = fs.readFileSync(controllerPath, 'utf8');
const controllerLine = controller.split('\n').findIndex((line) => line.includes('readFileSync')) + 1;

const blockingInvalid: InvalidTestCase<BlockingIds, BlockingOptions>[] = [
  {
    code: `import { Query, Resolver } from '@nestjs/graphql';
import { readFileSync } from 'node:fs';
@Resolver()
export class ConfigResolver {
  @Query(() => String) config() { return readFileSync('config.json', 'utf8'); }
}`,
    errors: [{ messageId: 'blocking', line: 5, data: { ...READ, handler: 'this request handler' }, suggestions: [] }],
  },
  {
    code: `import { FieldResolver, Mutation, Resolver } from 'type-graphql';
import { readFileSync } from 'node:fs';
@Resolver()
export class RecipeResolver {
  @Mutation(() => String) importRecipes() { return readFileSync('recipes.json', 'utf8'); }
  @FieldResolver() template() { return readFileSync('template.html', 'utf8'); }
}`,
    errors: [
      { messageId: 'blocking', line: 5, data: { ...READ, handler: 'this request handler' }, suggestions: [] },
      { messageId: 'blocking', line: 6, data: { ...READ, handler: 'this request handler' }, suggestions: [] },
    ],
  },
  {
    code: `import { ApolloServer } from '@apollo/server';
import { readFileSync } from 'node:fs';
const resolvers = { Query: { report: () => readFileSync('report.csv', 'utf8') } };
export const server = new ApolloServer({ typeDefs: 'type Query { report: String }', resolvers });`,
    errors: [{ messageId: 'blocking', line: 3, data: { ...READ, handler: 'this request handler' }, suggestions: [] }],
  },
  {
    code: `import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { readFileSync } from 'node:fs';
export const api = new OpenAPIHono();
const route = createRoute({ method: 'get', path: '/incidents/{id}', responses: {} });
api.openapi(route, (c) => c.text(readFileSync('incident.txt', 'utf8'), 200));`,
    errors: [{ messageId: 'blocking', line: 5, data: { ...READ, handler: 'the GET /incidents/:id request handler' }, suggestions: [] }],
  },
  {
    // registered in router.ts as fastify.route({ handler: controller.callback })
    code: controller,
    filename: controllerPath,
    errors: [
      {
        messageId: 'blocking',
        line: controllerLine,
        data: { ...READ, handler: 'this request handler' },
        suggestions: [
          {
            messageId: 'useAwaitable',
            data: { replacement: 'fs.promises.readFile' },
            output: controller.replace("fs.readFileSync('error.html', 'utf8')", "await fs.promises.readFile('error.html', 'utf8')"),
          },
        ],
      },
    ],
  },
];

// With a program, the registration in router.ts is seen too, and names the route.
const withRoute = (test: InvalidTestCase<BlockingIds, BlockingOptions>): InvalidTestCase<BlockingIds, BlockingOptions> =>
  test.filename === controllerPath
    ? { ...test, errors: test.errors.map((error) => ({ ...error, data: { ...error.data, handler: 'the GET /callback request handler' } })) }
    : test;
typedRuleTester().run('handler recognition: no-blocking-in-handler (typed)', blocking, { valid: blockingValid, invalid: blockingInvalid.map(withRoute) });
untypedRuleTester().run('handler recognition: no-blocking-in-handler (untyped)', blocking, { valid: blockingValid, invalid: blockingInvalid });

const PRISMA_HINT = 'pass `take` (with `skip` or `cursor` for the next page)';

const unboundedValid: string[] = [
  // a method named like a query on a plain class
  `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export class UserService {
  query() { return prisma.user.findMany(); }
}`,
];

const unboundedInvalid: InvalidTestCase<UnboundedIds, UnboundedOptions>[] = [
  {
    code: `import { Query, Resolver } from '@nestjs/graphql';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
@Resolver()
export class UserResolver {
  @Query(() => [String]) async users() { return prisma.user.findMany({ where: { active: true } }); }
}`,
    errors: [{ messageId: 'unboundedQuery', line: 6, data: { library: 'Prisma', method: 'findMany', hint: PRISMA_HINT } }],
  },
  {
    code: `import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const api = new OpenAPIHono();
const list = createRoute({ method: 'get', path: '/users', responses: {} });
api.openapi(list, async (c) => c.json(await prisma.user.findMany({ where: { active: true } }), 200));`,
    errors: [{ messageId: 'unboundedQuery', line: 6, data: { library: 'Prisma', method: 'findMany', hint: PRISMA_HINT } }],
  },
];

typedRuleTester().run('handler recognition: no-unbounded-query (typed)', unbounded, { valid: unboundedValid, invalid: unboundedInvalid });
untypedRuleTester().run('handler recognition: no-unbounded-query (untyped)', unbounded, { valid: unboundedValid, invalid: unboundedInvalid });

// A handler whose own types name no framework, registered with route options in another file: only
// the program connects it to its registration.
const plainControllerPath = fixtureFile('src', 'fastify-routes', 'plain-controller.ts');
const plainController = fs.readFileSync(plainControllerPath, 'utf8');
const plainLine = plainController.split('\n').findIndex((line) => line.includes('readFileSync')) + 1;

typedRuleTester().run('handler recognition: fastify.route({ handler }) in another file (typed)', blocking, {
  valid: [],
  invalid: [
    {
      code: plainController,
      filename: plainControllerPath,
      errors: [{ messageId: 'blocking', line: plainLine, data: { ...READ, handler: 'the GET /download request handler' }, suggestions: [] }],
    },
  ],
});
untypedRuleTester().run('handler recognition: fastify.route({ handler }) in another file (untyped)', blocking, {
  valid: [{ code: plainController, filename: plainControllerPath }],
  invalid: [],
});
