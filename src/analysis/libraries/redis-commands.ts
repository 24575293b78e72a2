/**
 * Redis commands as the clients expose them. ioredis names methods after the command in lower
 * case (`incrby`); node-redis offers both the UPPERCASE command and a camelCase method
 * (`INCRBY`/`incrBy`, `PEXPIRE`/`pExpire`). Upper-casing the method name gives the command for
 * both. Read by `analysis/redis-commands.ts`.
 */

/** Commands that create a key on first use and change a number in it: counters. */
export const counterCommands: ReadonlySet<string> = new Set(['INCR', 'INCRBY', 'INCRBYFLOAT', 'DECR', 'DECRBY', 'HINCRBY', 'HINCRBYFLOAT']);

/** Commands that give an existing key a time to live. */
export const expireCommands: ReadonlySet<string> = new Set(['EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT']);

/** `SET key value …` — with `EX`/`PX` and `NX` it creates a key and its TTL in one command. */
export const setCommands: ReadonlySet<string> = new Set(['SET']);

/** The tokens of `SET` that give a TTL (ioredis positional tokens, node-redis option keys). */
export const setTtlTokens: ReadonlySet<string> = new Set(['EX', 'PX', 'EXAT', 'PXAT']);

/** How each client batches commands: a transaction (MULTI/EXEC) or a pipeline (one write, no atomicity). */
export const batchCreators: Readonly<Record<'ioredis' | 'node-redis', Readonly<Record<string, 'multi' | 'pipeline'>>>> = {
  ioredis: { multi: 'multi', pipeline: 'pipeline' },
  'node-redis': { multi: 'multi', MULTI: 'multi' },
};

/**
 * node-redis sends a `multi()` chain as a plain pipeline when it ends in `execAsPipeline()`
 * (or `exec(true)`): the name to use instead for a transaction.
 */
export const pipelineExecMethods: Readonly<Record<string, string>> = {
  execAsPipeline: 'exec',
  execAsPipelineTyped: 'execTyped',
};

/** `exec(execAsPipeline?: boolean)`: these take the pipeline flag as first argument. */
export const execMethods: ReadonlySet<string> = new Set(['exec', 'EXEC', 'execTyped']);
