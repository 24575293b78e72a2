/**
 * Where ORMs declare unique keys, for src/analysis/unique-keys.ts. Facts from the packages'
 * .d.ts files (drizzle-orm 0.45, typeorm 1.1).
 */

/** drizzle-orm/<dialect>-core table factories and their dialects. */
export const drizzleTableFactories: Readonly<Record<string, 'pg' | 'sqlite' | 'mysql' | undefined>> = {
  pgTable: 'pg',
  sqliteTable: 'sqlite',
  mysqlTable: 'mysql',
};

/** TypeORM property decorators that declare a column; `primary` ones make it part of the primary key. */
export const typeormKeyDecorators: { readonly columns: readonly string[]; readonly primary: readonly string[] } = {
  columns: ['Column', 'PrimaryColumn', 'PrimaryGeneratedColumn', 'CreateDateColumn', 'UpdateDateColumn', 'DeleteDateColumn', 'VersionColumn'],
  primary: ['PrimaryColumn', 'PrimaryGeneratedColumn'],
};
