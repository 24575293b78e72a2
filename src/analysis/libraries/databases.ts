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
    // A client extended with `$extends` is still a client whose members are model delegates.
    methodResults: [{ method: '$extends', kind: 'prisma.client' }],
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
  {
    kind: 'sequelize.model',
    // `sequelize.define(...)` returns ModelStatic / ModelCtor / ModelDefined (aliases of one intersection).
    types: [
      { package: 'sequelize', name: 'ModelStatic' },
      { package: 'sequelize', name: 'ModelCtor' },
      { package: 'sequelize', name: 'ModelDefined' },
    ],
  },
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
    methodResults: [
      { method: 'selectFrom', kind: 'kysely.builder' },
      { method: 'insertInto', kind: 'kysely.builder' },
      { method: 'replaceInto', kind: 'kysely.builder' },
      { method: 'updateTable', kind: 'kysely.builder' },
      { method: 'deleteFrom', kind: 'kysely.builder' },
      { method: 'mergeInto', kind: 'kysely.builder' },
      { method: 'selectNoFrom', kind: 'kysely.builder' },
      { method: 'with', kind: 'kysely' },
      { method: 'withRecursive', kind: 'kysely' },
      { method: 'withSchema', kind: 'kysely' },
    ],
  },
  {
    // A Kysely query under construction; nothing runs until execute()/executeTakeFirst()/stream().
    kind: 'kysely.builder',
    types: [
      { package: 'kysely', name: 'SelectQueryBuilder' },
      { package: 'kysely', name: 'InsertQueryBuilder' },
      { package: 'kysely', name: 'UpdateQueryBuilder' },
      { package: 'kysely', name: 'DeleteQueryBuilder' },
      { package: 'kysely', name: 'MergeQueryBuilder' },
    ],
    methodResults: [{ method: '*', kind: 'kysely.builder' }],
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
    members: [{ member: 'query', kind: 'drizzle.query' }],
    methodResults: [
      { method: 'select', kind: 'drizzle.builder' },
      { method: 'selectDistinct', kind: 'drizzle.builder' },
      { method: 'selectDistinctOn', kind: 'drizzle.builder' },
      { method: 'insert', kind: 'drizzle.builder' },
      { method: 'update', kind: 'drizzle.builder' },
      { method: 'delete', kind: 'drizzle.builder' },
      { method: 'with', kind: 'drizzle' },
    ],
  },
  {
    // A Drizzle query under construction: a thenable, so it runs when awaited.
    kind: 'drizzle.builder',
    types: [
      { package: 'drizzle-orm', name: 'QueryPromise' },
      { package: 'drizzle-orm', name: 'PgSelectBuilder' },
      { package: 'drizzle-orm', name: 'MySqlSelectBuilder' },
      { package: 'drizzle-orm', name: 'SQLiteSelectBuilder' },
    ],
    methodResults: [{ method: '*', kind: 'drizzle.builder' }],
  },
  // `db.query` and its per-table relational builders (`db.query.users.findMany()`).
  { kind: 'drizzle.query', members: [{ member: '*', kind: 'drizzle.relational' }] },
  { kind: 'drizzle.relational', types: [{ package: 'drizzle-orm', name: 'RelationalQueryBuilder' }] },
  {
    kind: 'mongoose.model',
    types: [{ package: 'mongoose', name: 'Model' }],
    factories: [{ package: 'mongoose', path: ['model'] }],
    methodResults: [{ method: '*', kind: 'mongoose.query' }],
  },
  {
    // A Mongoose query: a thenable that runs when awaited or exec()'d; its modifiers chain.
    kind: 'mongoose.query',
    types: [{ package: 'mongoose', name: 'Query' }],
    methodResults: [{ method: '*', kind: 'mongoose.query' }],
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
    types: [
      { package: 'mysql2', name: 'Pool' },
      { package: 'mysql2', name: 'PoolCluster' },
    ],
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
  {
    // The MongoDB driver's client (mongoose depends on it); a connection pool per instance.
    kind: 'mongodb.client',
    types: [{ package: 'mongodb', name: 'MongoClient' }],
    constructors: [{ package: 'mongodb', path: ['MongoClient'] }],
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

/** What a query method returns, as far as a rule about result size cares. */
export type QueryShape = 'list' | 'single' | 'aggregate' | 'write' | 'raw' | 'command';

/**
 * Query methods by receiver kind: the call that sends a statement (or starts a lazy builder that
 * is sent when awaited). `lazy` receivers return thenables that run only when awaited, `.then()`'d
 * or handed to something that awaits them (Prisma, Knex, Drizzle, Mongoose queries).
 */
export interface QueryMethodTable {
  readonly library: string;
  readonly kinds: readonly string[];
  readonly methods: Readonly<Record<string, QueryShape>>;
  readonly lazy: boolean;
  /** Index of the options/filter argument (`find(options)` vs `manager.find(Entity, options)`). */
  readonly optionsIndex?: number;
}

export const queryMethodTables: readonly QueryMethodTable[] = [
  {
    library: 'prisma',
    kinds: ['prisma.delegate'],
    lazy: true,
    optionsIndex: 0,
    methods: {
      findUnique: 'single',
      findUniqueOrThrow: 'single',
      findFirst: 'single',
      findFirstOrThrow: 'single',
      findMany: 'list',
      count: 'aggregate',
      aggregate: 'aggregate',
      groupBy: 'aggregate',
      create: 'write',
      createMany: 'write',
      createManyAndReturn: 'write',
      update: 'write',
      updateMany: 'write',
      updateManyAndReturn: 'write',
      upsert: 'write',
      delete: 'write',
      deleteMany: 'write',
    },
  },
  {
    library: 'prisma',
    kinds: ['prisma.client'],
    lazy: true,
    methods: {
      $queryRaw: 'raw',
      $queryRawUnsafe: 'raw',
      $queryRawTyped: 'raw',
      $executeRaw: 'write',
      $executeRawUnsafe: 'write',
      $runCommandRaw: 'raw',
    },
  },
  {
    library: 'typeorm',
    kinds: ['typeorm.repository', 'typeorm.entity-class'],
    lazy: false,
    optionsIndex: 0,
    methods: typeormMethods(),
  },
  {
    library: 'typeorm',
    kinds: ['typeorm.entity-manager'],
    lazy: false,
    optionsIndex: 1,
    methods: typeormMethods(),
  },
  { library: 'typeorm', kinds: ['typeorm.data-source'], lazy: false, methods: { query: 'raw' } },
  {
    library: 'typeorm',
    kinds: ['typeorm.query-builder'],
    lazy: false,
    methods: {
      getMany: 'list',
      getRawMany: 'list',
      getManyAndCount: 'list',
      getRawAndEntities: 'list',
      getOne: 'single',
      getOneOrFail: 'single',
      getRawOne: 'single',
      getCount: 'aggregate',
      getExists: 'aggregate',
      execute: 'write',
      stream: 'list',
    },
  },
  {
    library: 'sequelize',
    kinds: ['sequelize.model'],
    lazy: false,
    optionsIndex: 0,
    methods: {
      findAll: 'list',
      findAndCountAll: 'list',
      findOne: 'single',
      findByPk: 'single',
      findOrCreate: 'single',
      findCreateFind: 'single',
      count: 'aggregate',
      max: 'aggregate',
      min: 'aggregate',
      sum: 'aggregate',
      aggregate: 'aggregate',
      create: 'write',
      bulkCreate: 'write',
      update: 'write',
      destroy: 'write',
      upsert: 'write',
      increment: 'write',
      decrement: 'write',
      restore: 'write',
    },
  },
  {
    library: 'sequelize',
    kinds: ['sequelize.instance'],
    lazy: false,
    methods: { save: 'write', reload: 'single', destroy: 'write', update: 'write', increment: 'write', decrement: 'write', restore: 'write' },
  },
  { library: 'sequelize', kinds: ['sequelize'], lazy: false, methods: { query: 'raw' } },
  {
    library: 'mongoose',
    kinds: ['mongoose.model'],
    lazy: true,
    methods: {
      find: 'list',
      findOne: 'single',
      findById: 'single',
      findOneAndUpdate: 'single',
      findByIdAndUpdate: 'single',
      findOneAndDelete: 'single',
      findByIdAndDelete: 'single',
      findOneAndReplace: 'single',
      countDocuments: 'aggregate',
      estimatedDocumentCount: 'aggregate',
      exists: 'aggregate',
      distinct: 'aggregate',
      aggregate: 'aggregate',
      create: 'write',
      insertMany: 'write',
      updateOne: 'write',
      updateMany: 'write',
      deleteOne: 'write',
      deleteMany: 'write',
      replaceOne: 'write',
      bulkWrite: 'write',
    },
  },
  { library: 'pg', kinds: ['pg.pool', 'pg.client'], lazy: false, methods: { query: 'raw' } },
  { library: 'mysql2', kinds: ['mysql2.pool', 'mysql2.connection'], lazy: false, methods: { query: 'raw', execute: 'raw' } },
];

function typeormMethods(): Record<string, QueryShape> {
  return {
    find: 'list',
    findBy: 'list',
    findAndCount: 'list',
    findAndCountBy: 'list',
    findByIds: 'list',
    findOne: 'single',
    findOneBy: 'single',
    findOneOrFail: 'single',
    findOneByOrFail: 'single',
    count: 'aggregate',
    countBy: 'aggregate',
    exists: 'aggregate',
    existsBy: 'aggregate',
    sum: 'aggregate',
    average: 'aggregate',
    minimum: 'aggregate',
    maximum: 'aggregate',
    query: 'raw',
    save: 'write',
    insert: 'write',
    update: 'write',
    upsert: 'write',
    delete: 'write',
    remove: 'write',
    softDelete: 'write',
    softRemove: 'write',
    restore: 'write',
    recover: 'write',
    increment: 'write',
    decrement: 'write',
  };
}

/** Methods of a Knex instance that start a query builder (`knex.select(...)`, `knex.raw(...)`). */
export const knexStarters: ReadonlySet<string> = new Set([
  'select', 'from', 'table', 'into', 'insert', 'update', 'del', 'delete', 'raw', 'first', 'pluck', 'distinct',
  'column', 'columns', 'count', 'countDistinct', 'min', 'max', 'sum', 'avg', 'where', 'whereIn', 'with', 'upsert', 'truncate',
]);
/** Knex builder methods that turn a select into a write. */
export const knexWriteSteps: ReadonlySet<string> = new Set(['insert', 'update', 'del', 'delete', 'truncate', 'increment', 'decrement', 'upsert']);
/** Aggregate selections: a single row unless grouped. */
export const aggregateSteps: ReadonlySet<string> = new Set([
  'count', 'countDistinct', 'sum', 'sumDistinct', 'avg', 'avgDistinct', 'min', 'max', 'countAll',
]);

/** Kysely: the calls that send the built query. */
export const kyselyExecutors: Readonly<Record<string, QueryShape>> = {
  execute: 'list',
  executeTakeFirst: 'single',
  executeTakeFirstOrThrow: 'single',
  stream: 'list',
};
export const kyselyStarters: Readonly<Record<string, QueryShape>> = {
  selectFrom: 'list',
  selectNoFrom: 'single',
  insertInto: 'write',
  replaceInto: 'write',
  updateTable: 'write',
  deleteFrom: 'write',
  mergeInto: 'write',
};

/** Drizzle: database methods that start a query, and relational query methods. */
export const drizzleStarters: Readonly<Record<string, QueryShape>> = {
  select: 'list',
  selectDistinct: 'list',
  selectDistinctOn: 'list',
  insert: 'write',
  update: 'write',
  delete: 'write',
  execute: 'raw',
  $count: 'aggregate',
};
export const drizzleRelationalMethods: Readonly<Record<string, QueryShape>> = { findMany: 'list', findFirst: 'single' };

/** Calls that run the statements a Redis multi()/pipeline() collected: one round trip. */
export const redisBatchExecutors: ReadonlySet<string> = new Set(['exec', 'execAsPipeline', 'EXEC']);

/**
 * Redis data commands, lower-cased (node-redis also spells them camelCase and UPPERCASE, which
 * lower-case to these). Connection management (connect, quit, duplicate, subscribe) is excluded.
 */
export const redisCommands: ReadonlySet<string> = new Set([
  'get', 'set', 'setex', 'psetex', 'setnx', 'getset', 'getdel', 'getex', 'mget', 'mset', 'msetnx', 'append', 'strlen',
  'incr', 'incrby', 'incrbyfloat', 'decr', 'decrby', 'del', 'unlink', 'exists', 'expire', 'pexpire', 'expireat',
  'pexpireat', 'persist', 'ttl', 'pttl', 'type', 'rename', 'copy', 'getrange', 'setrange',
  'hget', 'hset', 'hsetnx', 'hmget', 'hmset', 'hgetall', 'hdel', 'hexists', 'hincrby', 'hincrbyfloat', 'hkeys', 'hvals',
  'hlen', 'hstrlen', 'hexpire', 'hsetex', 'hgetex', 'hgetdel',
  'lpush', 'rpush', 'lpushx', 'rpushx', 'lpop', 'rpop', 'lrange', 'llen', 'lindex', 'lrem', 'ltrim', 'lset', 'linsert',
  'lmove', 'lpos',
  'sadd', 'srem', 'smembers', 'sismember', 'smismember', 'scard', 'spop', 'srandmember', 'sinter', 'sunion', 'sdiff',
  'zadd', 'zrem', 'zscore', 'zmscore', 'zincrby', 'zcard', 'zcount', 'zrank', 'zrevrank', 'zrange', 'zrangebyscore',
  'zrevrange', 'zrevrangebyscore', 'zremrangebyscore', 'zremrangebyrank', 'zrangestore', 'zpopmin', 'zpopmax',
  'xadd', 'xrange', 'xrevrange', 'xlen', 'xack', 'xdel', 'xtrim',
  'pfadd', 'pfcount', 'geoadd', 'geosearch', 'geopos', 'geodist', 'setbit', 'getbit', 'bitcount',
  'publish', 'spublish', 'eval', 'evalsha', 'evalro', 'evalsha_ro', 'fcall', 'sendcommand', 'call',
  'json.get', 'json.set', 'json.mget', 'json.del',
]);

/** Redis commands that act on many keys or members in one call. */
export const redisMultiKeyCommands: ReadonlySet<string> = new Set(['mget', 'mset', 'msetnx', 'hmget', 'smismember', 'zmscore', 'json.mget']);

/**
 * Constructors and factories that open a database or Redis connection (or a pool of them).
 * Kinds whose construction is expensive: a TCP/TLS handshake, authentication, and a pool.
 */
export const connectionKinds: ReadonlySet<string> = new Set([
  'prisma.client',
  'pg.pool',
  'pg.client',
  'mysql2.pool',
  'mysql2.connection',
  'ioredis',
  'node-redis',
  'sequelize',
  'typeorm.data-source',
  'knex',
  'kysely',
  'mongoose',
  'mongodb.client',
]);

/** Package functions that connect without returning a catalogued instance (`mongoose.connect(url)`). */
export const connectionCalls: readonly { readonly package: string; readonly path: readonly string[]; readonly library: string }[] = [
  { package: 'mongoose', path: ['connect'], library: 'mongoose' },
  { package: 'mongoose', path: ['createConnection'], library: 'mongoose' },
  { package: 'mongodb', path: ['MongoClient', 'connect'], library: 'mongodb' },
];
