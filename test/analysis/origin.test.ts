import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { exportOf, kindOf } from '../../src/analysis/index.js';
import { fixtureFile } from '../rule-tester.js';
import { probe } from './harness.js';

const kind = (typed: boolean, code: string, filename?: string) =>
  probe(code, (analysis, node) => kindOf(analysis, node), { typed, ...(filename ? { filename } : {}) });

describe.each([
  ['typed', true],
  ['untyped', false],
])('kindOf (%s)', (_mode, typed) => {
  it('recognises instances created from imported classes and factories', () => {
    expect(
      kind(
        typed,
        `import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { createClient } from 'redis';
import express from 'express';
const queue = new Queue('q');
const redis = new Redis();
const client = createClient();
const app = express();
const router = express.Router();
probe(queue); probe(redis); probe(client); probe(app); probe(router);`,
      ),
    ).toEqual(['bullmq.queue', 'ioredis', 'node-redis', 'express.app', 'express.router']);
  });

  it('keeps the response kind through chained Express and Fastify response methods', () => {
    expect(
      kind(
        typed,
        `import Fastify from 'fastify';
import express from 'express';
const fastify = Fastify();
fastify.get('/x', async (request, reply) => { probe(reply.code(503)); probe(reply.header('Retry-After', '1')); return null; });
const app = express();
app.get('/y', (req, res) => { probe(res.status(503)); probe(res.set('Retry-After', '1')); probe(res.json({})); probe(res.redirect('/')); });`,
      ),
    ).toEqual(['fastify.reply', 'fastify.reply', 'express.response', 'express.response', 'express.response', '-']);
  });

  it('follows annotations, class fields, constructor parameter properties and this', () => {
    expect(
      kind(
        typed,
        `import { Queue } from 'bullmq';
import type { Response } from 'express';
class Service {
  private field = new Queue('a');
  constructor(private readonly injected: Queue) {}
  run(res: Response) { probe(this.field); probe(this.injected); probe(res); }
}
export { Service };`,
      ),
    ).toEqual(['bullmq.queue', 'bullmq.queue', 'express.response']);
  });

  it('gives handler parameters the kinds of their framework', () => {
    expect(
      kind(
        typed,
        `import express from 'express';
const app = express();
app.get('/x', (req, res) => { probe(req); probe(res); });`,
      ),
    ).toEqual(['express.request', 'express.response']);
  });

  it('stays silent on lookalikes', () => {
    expect(
      kind(
        typed,
        `class Queue { add(name: string) { return name; } }
const queue = new Queue();
const map = new Map<string, number>();
probe(queue); probe(map); probe(undefined);`,
      ),
    ).toEqual(['-', '-', '-']);
  });

  it('reads project wrappers exported from another file', () => {
    expect(
      kind(typed, `import { retryingQueue } from './queues';\nprobe(retryingQueue);`, fixtureFile('src', 'jobs', 'enqueue.ts')),
    ).toEqual(['bullmq.queue']);
  });
});

describe('kindOf of static members of project classes', () => {
  it.each([['typed', true], ['untyped', false]])('reads static getters and fields of an imported subclass (%s)', (_mode, typed) => {
    expect(
      kind(
        typed,
        `import RedisAdapter from './redis-adapter.js';
probe(RedisAdapter.defaultClient); probe(RedisAdapter.untypedClient); probe(RedisAdapter.subscriber); probe(RedisAdapter.label);`,
        fixtureFile('src', 'analysis', 'probe.ts'),
      ),
    ).toEqual(['ioredis', 'ioredis', 'ioredis', '-']);
  });
});

describe('kindOf with partial type information', () => {
  it('falls back to import tracking when the checker answers any', () => {
    // 'not-installed-queue-lib' does not resolve, so the checker sees an error type.
    expect(
      kind(
        true,
        `// @ts-expect-error the package is not installed
import { Queue } from 'bullmq-not-installed';
const queue = new Queue('q');
const fromBullmq = new (await import('bullmq')).Queue('q');
probe(queue); probe(fromBullmq);`,
      ),
    ).toEqual(['-', 'bullmq.queue']);
  });

  it('falls back to import tracking for a project class whose library base class does not resolve', () => {
    // A project checked out without node_modules: the checker sees `Model` as an error type.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalability-no-deps-'));
    try {
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext' }, include: ['*.ts'] }));
      fs.writeFileSync(path.join(dir, 'models.ts'), `import { Model } from 'sequelize';\nexport class Group extends Model {}\nexport class Plain {}\n`);
      const code = `import { Group, Plain } from './models.js';\nprobe(Group); probe(Plain);`;
      const filename = path.join(dir, 'use.ts');
      fs.writeFileSync(filename, `declare function probe(value: unknown): void;\n${code}`);
      const untyped = probe(code, (analysis, node) => kindOf(analysis, node), { typed: false, filename, tsconfigRootDir: dir });
      expect(untyped[0]).not.toBe('-');
      expect(probe(code, (analysis, node) => kindOf(analysis, node), { typed: true, filename, tsconfigRootDir: dir })).toEqual(untyped);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses the checker where syntax cannot tell: a value returned by a project function', () => {
    const code = `import { Queue } from 'bullmq';
function makeQueue() { return new Queue('q'); }
const queue = makeQueue();
probe(queue);`;
    expect(kind(true, code)).toEqual(['bullmq.queue']);
    expect(kind(false, code)).toEqual(['-']);
  });
});

describe('kindOf asks the checker only where syntax cannot tell', () => {
  /** The answers, and for each question the checker was asked: whether it was asked at a declaration. */
  function askedAt(code: string): { answers: string[]; atDeclaration: boolean[] } {
    const atDeclaration: boolean[] = [];
    const answers = probe(
      code,
      (analysis, node) => {
        const checker = analysis.types?.checker;
        if (!checker) throw new Error('expected type information');
        const original = checker.getTypeAtLocation.bind(checker);
        checker.getTypeAtLocation = (tsNode) => {
          atDeclaration.push(ts.isVariableDeclaration(tsNode.parent) || ts.isParameter(tsNode.parent));
          return original(tsNode);
        };
        try {
          return kindOf(analysis, node);
        } finally {
          checker.getTypeAtLocation = original;
        }
      },
      { typed: true },
    );
    return { answers, atDeclaration };
  }

  it('asks once per binding, at its declaration, however often it is referenced', () => {
    expect(
      askedAt(`import { Queue } from 'bullmq';
function makeQueue(): Queue { return new Queue('q'); }
const queue = makeQueue();
probe(queue); probe(queue); probe(queue);`),
    ).toEqual({ answers: ['bullmq.queue', 'bullmq.queue', 'bullmq.queue'], atDeclaration: [true] });
  });

  it('does not ask about project functions, function-typed or primitive bindings, or language globals', () => {
    expect(
      askedAt(`function helper() { return 1; }
function group(keyOf: (item: string) => string, count: number, tags: string[]) {
  probe(keyOf); probe(count); probe(tags); probe(helper); probe(Promise); probe(Math); probe(JSON);
}
export { group };`),
    ).toEqual({ answers: ['-', '-', '-', '-', '-', '-', '-'], atDeclaration: [] });
  });

  it('still asks at the reference when the declaration says any or unknown, so narrowing counts', () => {
    const code = `import { Queue } from 'bullmq';
declare const input: unknown;
if (input instanceof Queue) probe(input);
export function take(value: any) { if (value instanceof Queue) probe(value); }`;
    expect(kind(true, code)).toEqual(['bullmq.queue', 'bullmq.queue']);
    expect(kind(false, code)).toEqual(['-', '-']);
  });
});

describe('exportOf', () => {
  it('resolves ESM, namespace, default, node: and CommonJS forms', () => {
    const answers = probe(
      `import fs from 'node:fs';
import * as cp from 'child_process';
import { readFileSync as read } from 'fs';
const { execSync } = require('child_process');
const zlib = require('zlib');
probe(fs.readFileSync); probe(cp.execSync); probe(read); probe(execSync); probe(zlib.gzipSync);`,
      (analysis, node) => {
        const ref = exportOf(analysis, node);
        return ref ? `${ref.package}:${ref.path.join('.')}` : undefined;
      },
      { typed: false },
    );
    expect(answers).toEqual([
      'fs:default.readFileSync',
      'child_process:execSync',
      'fs:readFileSync',
      'child_process:execSync',
      'zlib:gzipSync',
    ]);
  });
});

describe('CommonJS project modules', () => {
  it('follows require() of a project file, whole and destructured', () => {
    expect(
      kind(
        false,
        `const client = require('./client.js');
const { cache } = require('./models.js');
probe(client); probe(cache);`,
        fixtureFile('src', 'analysis', 'cjs', 'probe.ts'),
      ),
    ).toEqual(['ioredis', 'ioredis']);
  });
});

describe('Prisma 7 clients generated into the project', () => {
  it('recognises the client and its delegates by the runtime they are built on, with types', () => {
    expect(
      kind(
        true,
        `import { PrismaClient } from './client.js';
const prisma = new PrismaClient();
const db: PrismaClient = prisma;
probe(prisma); probe(prisma.user); probe(db.user);`,
        fixtureFile('src', 'prisma-generated', 'probe.ts'),
      ),
    ).toEqual(['prisma.client', 'prisma.delegate', 'prisma.delegate']);
  });

  it('does not take a look-alike local class for a Prisma client', () => {
    expect(
      kind(
        true,
        `class PrismaClient { $connect() {} $transaction() {} user = { findMany() {}, upsert() {}, create() {} }; }
const prisma = new PrismaClient();
probe(prisma); probe(prisma.user);`,
      ),
    ).toEqual(['-', '-']);
  });
});
