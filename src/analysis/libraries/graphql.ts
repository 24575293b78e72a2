import type { ExportRef } from './types.js';

/**
 * GraphQL servers run a resolver per operation (and per field of each result): request-handler
 * code, although no HTTP route names it. Checked against the packages' exports:
 * `@nestjs/graphql` lib/decorators/index.ts, `type-graphql` src/decorators/index.ts.
 */
export interface ResolverDecorators {
  readonly package: string;
  /** The class decorator that makes a class a resolver. */
  readonly resolverClass: string;
  /**
   * Method decorators that make a method run per request: root queries and mutations, and field
   * resolvers (per request, per parent object). `Subscription` is left out on purpose: its method
   * runs once per subscription and then streams events, a long-lived producer rather than a
   * request's unit of work.
   */
  readonly operations: ReadonlyMap<string, string>;
}

export const resolverDecorators: readonly ResolverDecorators[] = [
  {
    package: '@nestjs/graphql',
    resolverClass: 'Resolver',
    operations: new Map([
      ['Query', 'QUERY'],
      ['Mutation', 'MUTATION'],
      ['ResolveField', 'FIELD'],
      // Deprecated alias of ResolveField, still exported.
      ['ResolveProperty', 'FIELD'],
      // Apollo Federation: resolves an entity for the gateway, per request.
      ['ResolveReference', 'REFERENCE'],
    ]),
  },
  {
    package: 'type-graphql',
    resolverClass: 'Resolver',
    operations: new Map([
      ['Query', 'QUERY'],
      ['Mutation', 'MUTATION'],
      ['FieldResolver', 'FIELD'],
    ]),
  },
];

/**
 * Calls that take a resolver map under the `resolvers` key of their first argument:
 * `new ApolloServer({ typeDefs, resolvers })`, `createSchema({ typeDefs, resolvers })`,
 * `makeExecutableSchema({ typeDefs, resolvers })`. A map is recognised only when it is visibly
 * passed to one of these, never by its shape alone.
 */
export const resolverMapConsumers: readonly ExportRef[] = [
  { package: '@apollo/server', path: ['ApolloServer'] },
  { package: 'apollo-server', path: ['ApolloServer'] },
  { package: 'apollo-server-express', path: ['ApolloServer'] },
  { package: 'apollo-server-fastify', path: ['ApolloServer'] },
  { package: 'apollo-server-koa', path: ['ApolloServer'] },
  { package: 'apollo-server-lambda', path: ['ApolloServer'] },
  { package: 'graphql-yoga', path: ['createSchema'] },
  { package: '@graphql-tools/schema', path: ['makeExecutableSchema'] },
  { package: 'graphql-tools', path: ['makeExecutableSchema'] },
  { package: '@apollo/subgraph', path: ['buildSubgraphSchema'] },
];

/**
 * Root types of a resolver map whose fields are not per-request work: a subscription's
 * `subscribe` runs once per subscription and streams.
 */
export const nonRequestRootTypes: ReadonlySet<string> = new Set(['Subscription']);
