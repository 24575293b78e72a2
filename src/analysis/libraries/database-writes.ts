import type { InstanceKind } from './types.js';

/**
 * Database writes, as data: which calls insert a new row on every run, what makes the same call
 * idempotent, and which calls look a row up (an idempotency check before an insert). The
 * receiver kinds come from databases.ts; this file adds no kinds of its own.
 */
export const databaseWriteKinds: readonly InstanceKind[] = [];

export type InsertLibrary =
  | 'prisma'
  | 'typeorm'
  | 'sequelize'
  | 'knex'
  | 'drizzle'
  | 'kysely'
  | 'mongoose'
  | 'pg'
  | 'mysql2';

export const insertLibraryNames: Readonly<Record<InsertLibrary, string>> = {
  prisma: 'Prisma',
  typeorm: 'TypeORM',
  sequelize: 'Sequelize',
  knex: 'Knex',
  drizzle: 'Drizzle',
  kysely: 'Kysely',
  mongoose: 'Mongoose',
  pg: 'node-postgres',
  mysql2: 'mysql2',
};

/**
 * A call that inserts rows.
 * - `call`: the call itself inserts (`prisma.user.create(...)`); options in an argument may make it idempotent.
 * - `builder`: the call starts an insert query (`db.insert(t)`); a later call on the same chain may
 *   make it idempotent (`.onConflictDoNothing()`), so the whole chain decides.
 * - `save`: TypeORM `save`, an insert only when the entity is new (see inserts.ts).
 */
export interface InsertMethod {
  readonly library: InsertLibrary;
  readonly kinds: readonly string[];
  readonly method: string;
  readonly shape: 'call' | 'builder' | 'save';
  /** Index of the argument whose object literal carries the idempotency flags. */
  readonly optionsIndex?: number;
  /** Keys of that object that make the insert idempotent when present (and not `false`). */
  readonly idempotentOptions?: readonly string[];
  /** Methods anywhere on the chain that make the insert idempotent. */
  readonly idempotentChain?: readonly string[];
  /** The chain must call one of these for the insert to be a complete query (Drizzle `.values`). */
  readonly requiredChain?: readonly string[];
  /** Index of the argument naming the entity/table (`manager.insert(Order, …)`), for guard matching. */
  readonly targetIndex?: number;
  /** The idempotent form, for messages. */
  readonly upsert: string;
}

const TYPEORM_WRITERS = ['typeorm.repository', 'typeorm.entity-manager', 'typeorm.entity-class'];
const DRIZZLE_CONFLICT = ['onConflictDoNothing', 'onConflictDoUpdate', 'onDuplicateKeyUpdate', 'ignore'];
const KYSELY_CONFLICT = ['onConflict', 'onDuplicateKeyUpdate', 'ignore', 'orIgnore', 'orReplace'];

export const insertMethods: readonly InsertMethod[] = [
  // Prisma: upsert({ where, create, update }); createMany({ skipDuplicates: true }) (not on MongoDB/SQL Server/SQLite).
  { library: 'prisma', kinds: ['prisma.delegate'], method: 'create', shape: 'call', upsert: 'upsert({ where: { <unique key> }, create, update })' },
  {
    library: 'prisma',
    kinds: ['prisma.delegate'],
    method: 'createMany',
    shape: 'call',
    optionsIndex: 0,
    idempotentOptions: ['skipDuplicates'],
    upsert: 'createMany({ data, skipDuplicates: true }) over a unique key',
  },
  {
    library: 'prisma',
    kinds: ['prisma.delegate'],
    method: 'createManyAndReturn',
    shape: 'call',
    optionsIndex: 0,
    idempotentOptions: ['skipDuplicates'],
    upsert: 'createManyAndReturn({ data, skipDuplicates: true }) over a unique key',
  },
  // TypeORM: repo.upsert(values, ['<unique column>']); query builder .orIgnore() / .orUpdate(columns, conflictTarget).
  {
    library: 'typeorm',
    kinds: ['typeorm.repository', 'typeorm.entity-class'],
    method: 'insert',
    shape: 'call',
    upsert: "upsert(values, ['<unique column>'])",
  },
  {
    library: 'typeorm',
    kinds: ['typeorm.entity-manager'],
    method: 'insert',
    shape: 'call',
    targetIndex: 0,
    upsert: "upsert(Entity, values, ['<unique column>'])",
  },
  {
    library: 'typeorm',
    kinds: TYPEORM_WRITERS,
    method: 'save',
    shape: 'save',
    upsert: "upsert(values, ['<unique column>']) (save() selects then inserts, which two deliveries race)",
  },
  {
    library: 'typeorm',
    kinds: ['typeorm.query-builder'],
    method: 'insert',
    shape: 'builder',
    idempotentChain: ['orIgnore', 'orUpdate'],
    upsert: '.orIgnore() or .orUpdate(columns, conflictTarget) on the insert query',
  },
  // Sequelize: Model.upsert(values); create/bulkCreate with { ignoreDuplicates: true } or { updateOnDuplicate }.
  {
    library: 'sequelize',
    kinds: ['sequelize.model'],
    method: 'create',
    shape: 'call',
    optionsIndex: 1,
    idempotentOptions: ['ignoreDuplicates'],
    upsert: 'upsert(values) or findOrCreate({ where: { <unique key> }, defaults })',
  },
  {
    library: 'sequelize',
    kinds: ['sequelize.model'],
    method: 'bulkCreate',
    shape: 'call',
    optionsIndex: 1,
    idempotentOptions: ['ignoreDuplicates', 'updateOnDuplicate'],
    upsert: 'bulkCreate(rows, { ignoreDuplicates: true }) or { updateOnDuplicate: [...] } over a unique key',
  },
  // Knex: .onConflict(columns).ignore() / .merge().
  {
    library: 'knex',
    kinds: ['knex', 'knex.builder'],
    method: 'insert',
    shape: 'builder',
    idempotentChain: ['onConflict'],
    upsert: ".onConflict('<unique column>').ignore() or .merge()",
  },
  // Knex batchInsert has no conflict clause; the idempotent form is a chunked insert(...).onConflict(...).
  {
    library: 'knex',
    kinds: ['knex'],
    method: 'batchInsert',
    shape: 'call',
    targetIndex: 0,
    upsert: "chunked insert(rows).onConflict('<unique column>').ignore() (batchInsert has no conflict clause)",
  },
  // Drizzle: PG/SQLite .onConflictDoNothing() / .onConflictDoUpdate(); MySQL .onDuplicateKeyUpdate() / .ignore().
  {
    library: 'drizzle',
    kinds: ['drizzle'],
    method: 'insert',
    shape: 'builder',
    idempotentChain: DRIZZLE_CONFLICT,
    requiredChain: ['values', 'select'],
    targetIndex: 0,
    upsert: '.onConflictDoNothing({ target }) or .onConflictDoUpdate({ target, set }) (MySQL: .onDuplicateKeyUpdate())',
  },
  // Kysely: .onConflict((oc) => oc.column(...).doNothing()); MySQL .ignore() / .onDuplicateKeyUpdate(); SQLite .orIgnore().
  {
    library: 'kysely',
    kinds: ['kysely'],
    method: 'insertInto',
    shape: 'builder',
    idempotentChain: KYSELY_CONFLICT,
    targetIndex: 0,
    upsert: ".onConflict((oc) => oc.column('<unique column>').doNothing()) (MySQL: .ignore() or .onDuplicateKeyUpdate())",
  },
  // Mongoose: updateOne(filter, { $setOnInsert: doc }, { upsert: true }).
  {
    library: 'mongoose',
    kinds: ['mongoose.model'],
    method: 'create',
    shape: 'call',
    upsert: 'updateOne({ <unique key> }, { $setOnInsert: doc }, { upsert: true })',
  },
  {
    library: 'mongoose',
    kinds: ['mongoose.model'],
    method: 'insertMany',
    shape: 'call',
    upsert: 'bulkWrite(docs.map((doc) => ({ updateOne: { filter: { <unique key> }, update: { $setOnInsert: doc }, upsert: true } })))',
  },
];

/**
 * Calls that run SQL text. `template`: the SQL is a tagged template argument (`db.execute(sql\`…\`)`)
 * or the call is itself tagged. The insert is plain when the text starts with INSERT and has no
 * conflict clause (see inserts.ts).
 */
export interface RawSqlMethod {
  readonly library: InsertLibrary;
  readonly kinds: readonly string[];
  readonly methods: readonly string[];
}

export const rawSqlMethods: readonly RawSqlMethod[] = [
  { library: 'pg', kinds: ['pg.pool', 'pg.client'], methods: ['query'] },
  { library: 'mysql2', kinds: ['mysql2.pool', 'mysql2.connection'], methods: ['query', 'execute'] },
  { library: 'prisma', kinds: ['prisma.client'], methods: ['$executeRaw', '$executeRawUnsafe', '$queryRaw', '$queryRawUnsafe'] },
  { library: 'knex', kinds: ['knex'], methods: ['raw'] },
  { library: 'drizzle', kinds: ['drizzle'], methods: ['execute', 'run', 'all', 'get'] },
  { library: 'sequelize', kinds: ['sequelize'], methods: ['query'] },
  { library: 'typeorm', kinds: ['typeorm.data-source', 'typeorm.entity-manager', 'typeorm.repository'], methods: ['query'] },
];

/** Tagged templates that build SQL: Drizzle's and Prisma's `sql`. */
export const sqlTemplateTags: readonly { readonly package: string; readonly path: readonly string[] }[] = [
  { package: 'drizzle-orm', path: ['sql'] },
  { package: '@prisma/client', path: ['Prisma', 'sql'] },
  { package: '@prisma/client', path: ['sql'] },
  { package: 'kysely', path: ['sql'] },
];

/** Conflict clauses that make raw SQL idempotent (or guarded: INSERT … SELECT … WHERE NOT EXISTS). */
export const idempotentSqlPatterns: readonly RegExp[] = [
  /\bON\s+CONFLICT\b/iu,
  /\bON\s+DUPLICATE\s+KEY\b/iu,
  /^\s*INSERT\s+IGNORE\b/iu,
  /^\s*INSERT\s+OR\s+(?:IGNORE|REPLACE)\b/iu,
  /\bWHERE\s+NOT\s+EXISTS\b/iu,
];

/**
 * Lookups that, tested before an insert, make the insert a guarded one: "have I done this
 * already?". Methods on a receiver kind.
 */
export const lookupMethods: readonly { readonly kinds: readonly string[]; readonly methods: readonly string[]; readonly targetIndex?: number }[] = [
  { kinds: ['prisma.delegate'], methods: ['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'count'] },
  {
    kinds: ['typeorm.repository', 'typeorm.entity-class'],
    methods: ['findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'exists', 'existsBy', 'count', 'countBy', 'findBy'],
  },
  {
    kinds: ['typeorm.entity-manager'],
    methods: ['findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'exists', 'existsBy', 'count', 'countBy', 'findBy'],
    targetIndex: 0,
  },
  { kinds: ['sequelize.model'], methods: ['findOne', 'findByPk', 'count'] },
  { kinds: ['mongoose.model'], methods: ['findOne', 'findById', 'exists', 'countDocuments'] },
  { kinds: ['knex.builder'], methods: ['first', 'select', 'where'] },
  { kinds: ['kysely'], methods: ['selectFrom'] },
  { kinds: ['drizzle'], methods: ['select'] },
];

/** Redis commands that record or check a key: tested before an insert, they are a dedup check. */
export const redisGuardKinds: readonly string[] = ['ioredis', 'node-redis'];
export const redisGuardMethods: ReadonlySet<string> = new Set([
  'set',
  'SET',
  'setnx',
  'setNX',
  'SETNX',
  'get',
  'GET',
  'exists',
  'EXISTS',
  'sadd',
  'sAdd',
  'SADD',
  'sismember',
  'sIsMember',
  'SISMEMBER',
]);

/**
 * Error codes a catch clause checks when the code relies on a unique index to drop duplicates:
 * Prisma P2002, Postgres 23505, MongoDB E11000, MySQL ER_DUP_ENTRY / 1062, SQLite, Sequelize,
 * TypeORM.
 */
export const duplicateKeyErrorMarkers: readonly RegExp[] = [
  /\bP2002\b/u,
  /\b23505\b/u,
  /\b11000\b/u,
  /\bER_DUP_ENTRY\b/u,
  /\b1062\b/u,
  /SQLITE_CONSTRAINT/u,
  /UniqueConstraintError/u,
  /\bunique_violation\b/u,
  /duplicate key/iu,
];

/**
 * Callbacks that receive a transaction-scoped client: `prisma.$transaction(async (tx) => …)`,
 * `db.transaction(async (tx) => …)`. The callback's first parameter is a client of `paramKind`.
 * `via`: the callback is passed to a method of the call's result (Kysely
 * `db.transaction().execute(cb)`).
 */
export const transactionCallbacks: readonly {
  readonly kinds: readonly string[];
  readonly method: string;
  readonly via?: string;
  readonly paramKind: string;
}[] = [
  { kinds: ['prisma.client'], method: '$transaction', paramKind: 'prisma.client' },
  { kinds: ['drizzle'], method: 'transaction', paramKind: 'drizzle' },
  { kinds: ['knex'], method: 'transaction', paramKind: 'knex' },
  { kinds: ['typeorm.data-source', 'typeorm.entity-manager'], method: 'transaction', paramKind: 'typeorm.entity-manager' },
  { kinds: ['kysely'], method: 'transaction', via: 'execute', paramKind: 'kysely' },
  { kinds: ['kysely'], method: 'connection', via: 'execute', paramKind: 'kysely' },
];
