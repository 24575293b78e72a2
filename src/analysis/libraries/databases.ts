import type { InstanceKind } from './types.js';

const DRIZZLE_DRIVERS = [
  'drizzle-orm/node-postgres',
  'drizzle-orm/postgres-js',
  'drizzle-orm/neon-http',
  'drizzle-orm/neon-serverless',
  'drizzle-orm/vercel-postgres',
  'drizzle-orm/pglite',
  'drizzle-orm/mysql2',
  'drizzle-orm/planetscale-serverless',
  'drizzle-orm/better-sqlite3',
  'drizzle-orm/libsql',
  'drizzle-orm/bun-sqlite',
  'drizzle-orm/d1',
];

/**
 * Database clients and the objects queries hang off. Prisma delegates (`prisma.user`) are
 * recognised from the client in code, because Prisma 7 generates them into the project.
 */
export const databaseKinds: readonly InstanceKind[] = [
  {
    kind: 'prisma.client',
    types: [{ package: '@prisma/client', name: 'PrismaClient' }],
    constructors: [{ package: '@prisma/client', path: ['PrismaClient'] }],
  },
  { kind: 'prisma.delegate' },
  {
    kind: 'typeorm.data-source',
    types: [
      { package: 'typeorm', name: 'DataSource' },
      { package: 'typeorm', name: 'Connection' },
    ],
    constructors: [{ package: 'typeorm', path: ['DataSource'] }],
    members: [{ member: 'manager', kind: 'typeorm.entity-manager' }],
    methodResults: [
      { method: 'getRepository', kind: 'typeorm.repository' },
      { method: 'getTreeRepository', kind: 'typeorm.repository' },
      { method: 'createQueryBuilder', kind: 'typeorm.query-builder' },
    ],
  },
  {
    kind: 'typeorm.entity-manager',
    types: [{ package: 'typeorm', name: 'EntityManager' }],
    methodResults: [
      { method: 'getRepository', kind: 'typeorm.repository' },
      { method: 'createQueryBuilder', kind: 'typeorm.query-builder' },
    ],
  },
  {
    kind: 'typeorm.repository',
    types: [
      { package: 'typeorm', name: 'Repository' },
      { package: 'typeorm', name: 'TreeRepository' },
      { package: 'typeorm', name: 'MongoRepository' },
    ],
    members: [{ member: 'manager', kind: 'typeorm.entity-manager' }],
    methodResults: [{ method: 'createQueryBuilder', kind: 'typeorm.query-builder' }],
  },
  {
    kind: 'typeorm.query-builder',
    types: [
      { package: 'typeorm', name: 'QueryBuilder' },
      { package: 'typeorm', name: 'SelectQueryBuilder' },
      { package: 'typeorm', name: 'InsertQueryBuilder' },
      { package: 'typeorm', name: 'UpdateQueryBuilder' },
      { package: 'typeorm', name: 'DeleteQueryBuilder' },
    ],
    methodResults: [{ method: '*', kind: 'typeorm.query-builder' }],
  },
  {
    kind: 'sequelize',
    types: [{ package: 'sequelize', name: 'Sequelize' }],
    constructors: [{ package: 'sequelize', path: ['Sequelize'] }, { package: 'sequelize', path: [] }],
    methodResults: [{ method: 'define', kind: 'sequelize.model' }],
  },
  // A row instance; its class (the static side) is `sequelize.model`, see staticKinds.
  { kind: 'sequelize.instance', types: [{ package: 'sequelize', name: 'Model' }] },
  { kind: 'sequelize.model' },
  { kind: 'typeorm.base-entity', types: [{ package: 'typeorm', name: 'BaseEntity' }] },
  { kind: 'typeorm.entity-class' },
  {
    kind: 'knex',
    types: [{ package: 'knex', name: 'Knex' }],
    factories: [{ package: 'knex', path: [] }, { package: 'knex', path: ['knex'] }],
  },
  {
    kind: 'knex.builder',
    types: [{ package: 'knex', name: 'QueryBuilder' }],
    methodResults: [{ method: '*', kind: 'knex.builder' }],
  },
  {
    kind: 'kysely',
    types: [
      { package: 'kysely', name: 'Kysely' },
      { package: 'kysely', name: 'Transaction' },
    ],
    constructors: [{ package: 'kysely', path: ['Kysely'] }],
  },
  {
    kind: 'drizzle',
    types: [
      { package: 'drizzle-orm', name: 'PgDatabase' },
      { package: 'drizzle-orm', name: 'NodePgDatabase' },
      { package: 'drizzle-orm', name: 'MySqlDatabase' },
      { package: 'drizzle-orm', name: 'BaseSQLiteDatabase' },
      { package: 'drizzle-orm', name: 'PgTransaction' },
      { package: 'drizzle-orm', name: 'MySqlTransaction' },
    ],
    factories: DRIZZLE_DRIVERS.map((driver) => ({ package: driver, path: ['drizzle'] })),
  },
  {
    kind: 'mongoose.model',
    types: [{ package: 'mongoose', name: 'Model' }],
    factories: [{ package: 'mongoose', path: ['model'] }],
  },
  {
    kind: 'mongoose',
    types: [{ package: 'mongoose', name: 'Mongoose' }, { package: 'mongoose', name: 'Connection' }],
    constructors: [{ package: 'mongoose', path: ['Mongoose'] }],
    factories: [{ package: 'mongoose', path: ['createConnection'] }],
    methodResults: [{ method: 'model', kind: 'mongoose.model' }],
  },
  {
    kind: 'pg.pool',
    types: [{ package: '@types/pg', name: 'Pool' }, { package: 'pg-pool', name: 'Pool' }],
    constructors: [{ package: 'pg', path: ['Pool'] }, { package: 'pg-pool', path: [] }],
    methodResults: [{ method: 'connect', kind: 'pg.client' }],
  },
  {
    kind: 'pg.client',
    types: [
      { package: '@types/pg', name: 'Client' },
      { package: '@types/pg', name: 'PoolClient' },
      { package: '@types/pg', name: 'ClientBase' },
    ],
    constructors: [{ package: 'pg', path: ['Client'] }],
  },
  {
    kind: 'mysql2.pool',
    types: [{ package: 'mysql2', name: 'Pool' }],
    factories: [
      { package: 'mysql2', path: ['createPool'] },
      { package: 'mysql2/promise', path: ['createPool'] },
      { package: 'mysql2', path: ['createPoolCluster'] },
      { package: 'mysql2/promise', path: ['createPoolCluster'] },
    ],
  },
  {
    kind: 'mysql2.connection',
    types: [
      { package: 'mysql2', name: 'Connection' },
      { package: 'mysql2', name: 'PoolConnection' },
    ],
    factories: [
      { package: 'mysql2', path: ['createConnection'] },
      { package: 'mysql2/promise', path: ['createConnection'] },
    ],
  },
];

/** The class side of kinds whose instances are rows: `User.findAll()` on `class User extends Model`. */
export const staticKinds: Readonly<Record<string, string>> = {
  'sequelize.instance': 'sequelize.model',
  'typeorm.base-entity': 'typeorm.entity-class',
};

/** Base classes that make a project class a model: `class User extends Model {}`. */
export const modelBaseClasses: readonly { readonly package: string; readonly path: readonly string[]; readonly kind: string }[] = [
  { package: 'sequelize', path: ['Model'], kind: 'sequelize.model' },
  { package: 'typeorm', path: ['BaseEntity'], kind: 'typeorm.entity-class' },
];
