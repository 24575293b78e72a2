import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { afterAll, describe, expect, it } from 'vitest';

import { exportOf, kindOf } from '../../src/analysis/index.js';
import { findExport, forgetFileStats, loadModule, resolveImport } from '../../src/analysis/modules.js';
import { resolveCallTargets } from '../../src/analysis/reach.js';
import blockingRule from '../../src/rules/no-blocking-in-handler.js';
import retryRule from '../../src/rules/require-job-retry-options.js';
import { fixtureFile, typedRuleTester, untypedRuleTester } from '../rule-tester.js';
import { probe } from './harness.js';

/** A small project with a tsconfig (paths, baseUrl, extends), package.json `imports` and workspace packages. */
const project = (...segments: string[]) => fixtureFile('resolution-project', ...segments);
const importer = project('src', 'routes', 'probe.ts');

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempProject(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scalability-resolve-')));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Each check starts its own "file's lint", as getFileAnalysis does. */
function resolve(from: string, specifier: string): string | undefined {
  forgetFileStats();
  return resolveImport(from, specifier);
}

describe('resolveImport', () => {
  it('follows tsconfig paths and baseUrl declared in an extended config', () => {
    expect(resolve(importer, '@/lib/redis')).toBe(project('src', 'lib', 'redis.ts'));
    expect(resolve(importer, '@server/utils/session')).toBe(project('src', 'utils', 'session.ts'));
    expect(resolve(importer, '@server/utils/session.js')).toBe(project('src', 'utils', 'session.ts'));
    expect(resolve(importer, 'src/lib/redis')).toBe(project('src', 'lib', 'redis.ts'));
  });

  it('follows package.json imports, mapping a build output to its source', () => {
    expect(resolve(importer, '#lib/redis')).toBe(project('src', 'lib', 'redis.ts'));
    // "#src/*": "./build/*": there is no build, but src/utils/session.ts is what it is built from.
    expect(resolve(importer, '#src/utils/session.js')).toBe(project('src', 'utils', 'session.ts'));
    expect(resolve(importer, '#nothing/here')).toBeUndefined();
  });

  it('follows workspace packages by name to their source', () => {
    expect(resolve(importer, '@acme/queue')).toBe(project('packages', 'queue', 'src', 'index.ts'));
    expect(resolve(importer, '@acme/queue/jobs')).toBe(project('packages', 'queue', 'src', 'jobs.ts'));
    expect(resolve(importer, '@acme/crypto')).toBe(project('packages', 'crypto', 'src', 'index.ts'));
    // Not exported: Node would refuse it too.
    expect(resolve(importer, '@acme/queue/internal')).toBeUndefined();
    // A package importing itself by name.
    expect(resolve(project('packages', 'crypto', 'src', 'index.ts'), '@acme/crypto/src/index.js')).toBe(project('packages', 'crypto', 'src', 'index.ts'));
    expect(resolve(importer, 'resolution-app/src/lib/redis')).toBe(project('src', 'lib', 'redis.ts'));
  });

  it('leaves packages, built-ins and aliases into node_modules to import tracking', () => {
    expect(resolve(importer, 'ioredis')).toBeUndefined();
    expect(resolve(importer, 'bullmq')).toBeUndefined();
    expect(resolve(importer, 'node:crypto')).toBeUndefined();
    expect(resolve(importer, 'crypto')).toBeUndefined();
    // "@vendor/*" points into node_modules: a package's file, not the project's.
    expect(resolve(importer, '@vendor/ioredis')).toBeUndefined();
    expect(resolve(importer, '@vendor/ioredis/built/index.js')).toBeUndefined();
    // "@missing/*" points at nothing.
    expect(resolve(importer, '@missing/redis')).toBeUndefined();
  });

  it('keeps relative imports as they were', () => {
    expect(resolve(importer, '../lib/redis.js')).toBe(project('src', 'lib', 'redis.ts'));
    expect(resolve(importer, './nothing')).toBeUndefined();
  });

  it('finds pnpm workspaces and packages linked into node_modules', () => {
    const dir = tempProject({
      'pnpm-workspace.yaml': "# workspace\npackages:\n  - 'libs/*' # libraries\n  - \"!libs/ignored\"\n",
      'libs/mailer/package.json': JSON.stringify({ name: '@acme/mailer', exports: { '.': { types: './dist/esm/index.d.ts', default: './dist/esm/index.js' } } }),
      'libs/mailer/src/index.ts': 'export const mailer = 1;\n',
      'libs/ignored/package.json': JSON.stringify({ name: '@acme/ignored', main: 'src/index.ts' }),
      'libs/ignored/src/index.ts': 'export const ignored = 1;\n',
      'tools/linked/package.json': JSON.stringify({ name: 'linked-tool', main: 'lib/index.js' }),
      'tools/linked/lib/index.js': 'exports.tool = 1;\n',
      'app/src/main.ts': '',
      // A real dependency, installed as a directory: a package.
      'node_modules/real-dep/package.json': JSON.stringify({ name: 'real-dep', main: 'index.js' }),
      'node_modules/real-dep/index.js': 'exports.x = 1;\n',
      // A dependency stored by pnpm and linked: still a package.
      'node_modules/.pnpm/stored-dep/node_modules/stored-dep/package.json': JSON.stringify({ name: 'stored-dep', main: 'index.js' }),
      'node_modules/.pnpm/stored-dep/node_modules/stored-dep/index.js': 'exports.x = 1;\n',
    });
    fs.symlinkSync(path.join(dir, 'tools', 'linked'), path.join(dir, 'node_modules', 'linked-tool'), 'dir');
    fs.symlinkSync(path.join(dir, 'node_modules', '.pnpm', 'stored-dep', 'node_modules', 'stored-dep'), path.join(dir, 'node_modules', 'stored-dep'), 'dir');
    const from = path.join(dir, 'app', 'src', 'main.ts');
    expect(resolve(from, '@acme/mailer')).toBe(path.join(dir, 'libs', 'mailer', 'src', 'index.ts'));
    expect(resolve(from, '@acme/ignored')).toBeUndefined();
    expect(resolve(from, 'linked-tool')).toBe(path.join(dir, 'tools', 'linked', 'lib', 'index.js'));
    expect(resolve(from, 'real-dep')).toBeUndefined();
    expect(resolve(from, 'stored-dep')).toBeUndefined();
  });

  it('does not take a built file without its source for project code', () => {
    const dir = tempProject({
      'package.json': JSON.stringify({ name: 'root', workspaces: { packages: ['packages/*'] } }),
      'packages/built/package.json': JSON.stringify({ name: '@acme/built', main: 'dist/index.js', types: 'dist/index.d.ts' }),
      'packages/built/dist/index.js': 'export const x = 1;\n',
      'packages/built/dist/index.d.ts': 'export declare const x: number;\n',
      'main.ts': '',
    });
    expect(resolve(path.join(dir, 'main.ts'), '@acme/built')).toBeUndefined();
  });

  it('ignores malformed tsconfig and package.json files without throwing', () => {
    const dir = tempProject({
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["src/*"] ',
      'package.json': '{ "name": "broken", "imports": ',
      'src/lib/redis.ts': 'export const redis = 1;\n',
      'src/main.ts': '',
    });
    const from = path.join(dir, 'src', 'main.ts');
    expect(() => resolve(from, '#lib/redis')).not.toThrow();
    expect(resolve(from, '#lib/redis')).toBeUndefined();
    expect(resolve(from, 'ioredis')).toBeUndefined();
    expect(resolve(from, './lib/redis.js')).toBe(path.join(dir, 'src', 'lib', 'redis.ts'));
    // TypeScript recovers what it can of a truncated config, as the compiler would.
    expect(() => resolve(from, '@/lib/redis')).not.toThrow();
  });

  it('never serves a deleted file, and sees a created one once the next file is linted', () => {
    const dir = tempProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
      'src/lib/redis.ts': 'export const redis = 1;\n',
      'src/main.ts': '',
    });
    const from = path.join(dir, 'src', 'main.ts');
    expect(resolve(from, '@/lib/redis')).toBe(path.join(dir, 'src', 'lib', 'redis.ts'));
    fs.rmSync(path.join(dir, 'src', 'lib', 'redis.ts'));
    expect(resolve(from, '@/lib/redis')).toBeUndefined();
    expect(resolve(from, '@/lib/queue')).toBeUndefined();
    fs.mkdirSync(path.join(dir, 'src', 'lib', 'queue'));
    fs.writeFileSync(path.join(dir, 'src', 'lib', 'queue', 'index.ts'), 'export const queue = 1;\n');
    expect(resolve(from, '@/lib/queue')).toBe(path.join(dir, 'src', 'lib', 'queue', 'index.ts'));
    // A changed config is read again.
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { paths: { '~/*': ['./src/*'] } } }));
    fs.utimesSync(path.join(dir, 'tsconfig.json'), new Date(), new Date(Date.now() + 5000));
    expect(resolve(from, '@/lib/queue')).toBeUndefined();
    expect(resolve(from, '~/lib/queue')).toBe(path.join(dir, 'src', 'lib', 'queue', 'index.ts'));
  });
});

describe('import tracking through project aliases (untyped)', () => {
  const ask = (code: string, question: 'kindOf' | 'exportOf') =>
    probe(code, (analysis, node) => (question === 'kindOf' ? kindOf(analysis, node) : exportKey(exportOf(analysis, node))), { typed: false, filename: importer });

  it('traces a client imported through an alias, a # import, a re-export and a workspace package', () => {
    expect(
      ask(
        `import { redis } from '@/lib/redis';
import { redis as viaImports } from '#lib/redis';
import { cache } from '@server/utils/reexport';
import { syncQueue } from '@acme/queue';
probe(redis); probe(viaImports); probe(cache); probe(syncQueue);`,
        'kindOf',
      ),
    ).toEqual(['ioredis', 'ioredis', 'ioredis', 'bullmq.queue']);
  });

  it('keeps real packages as packages', () => {
    expect(
      ask(
        `import Redis from 'ioredis';
import { Queue } from 'bullmq';
import vendored from '@vendor/ioredis';
probe(Redis); probe(Queue); probe(vendored);`,
        'exportOf',
      ),
    ).toEqual(['ioredis:default', 'bullmq:Queue', '@vendor/ioredis:default']);
  });
});

function exportKey(ref: { package: string; path: readonly string[] } | undefined): string | undefined {
  return ref ? `${ref.package}:${ref.path.join('.')}` : undefined;
}

describe('calls followed into project functions', () => {
  const targets = (typed: boolean, code: string) =>
    probe(
      code,
      (analysis, node) =>
        node.type === AST_NODE_TYPES.CallExpression
          ? resolveCallTargets(analysis, node).map((target) => `${target.name}@${path.relative(project(), target.analysis.filename)}:${String(target.fn.loc.start.line)}`).join(',') || undefined
          : undefined,
      { typed, filename: importer },
    );

  it.each([
    ['typed', true],
    ['untyped', false],
  ])('follows a function declaration imported through an alias (%s)', (_mode, typed) => {
    expect(
      targets(
        typed,
        `import { hashSession } from '@server/utils/session';
import { deriveKey } from '@acme/crypto';
probe(hashSession('id')); probe(deriveKey('secret'));`,
      ),
    ).toEqual(['hashSession@src/utils/session.ts:3', 'deriveKey@packages/crypto/src/index.ts:3']);
  });

  it('finds the exported function declaration the checker names (typed)', () => {
    // Only the checker sees through `export * as`; it names the declaration with its `export`
    // keyword, which ESTree leaves on the export statement.
    expect(
      targets(
        true,
        `import { sessions } from '@/utils/barrel';
probe(sessions.hashSession('id'));`,
      ),
    ).toEqual(['sessions.hashSession@src/utils/session.ts:3']);
  });
});

describe('findExport through aliased re-exports', () => {
  it('follows `export { x } from` an alias', () => {
    forgetFileStats();
    const module = loadModule(project('src', 'utils', 'reexport.ts'));
    const binding = module ? findExport(module, 'cache') : undefined;
    expect(binding?.analysis.filename).toBe(project('src', 'lib', 'redis.ts'));
    expect((binding?.node as TSESTree.NewExpression | undefined)?.type).toBe(AST_NODE_TYPES.NewExpression);
  });
});

const at = (file: string, line: number) => `${path.relative(path.parse(file).root, file)}:${String(line)}`;
const aliasRoute = `import express from 'express';
import { hashSession } from '@server/utils/session';
const app = express();
app.get('/auth/start', (req, res) => {
  res.json({ state: hashSession(String(req.query.id)) });
});`;
const blockingError = {
  messageId: 'blockingThroughCall' as const,
  line: 5,
  data: {
    callee: 'hashSession',
    chain: `hashSession() (${at(project('src', 'utils', 'session.ts'), 3)})`,
    api: 'crypto.scryptSync',
    alternative: 'crypto.scrypt (callback, or util.promisify)',
    handler: 'the GET /auth/start request handler',
  },
};

typedRuleTester().run('no-blocking-in-handler through a tsconfig alias (typed)', blockingRule, {
  valid: [],
  invalid: [{ code: aliasRoute, filename: importer, errors: [blockingError] }],
});

untypedRuleTester().run('no-blocking-in-handler through a tsconfig alias (untyped)', blockingRule, {
  valid: [],
  invalid: [{ code: aliasRoute, filename: importer, errors: [blockingError] }],
});

// A queue declared in a workspace package is found by the package's name, as a queue built in the
// importing project would be.
untypedRuleTester().run('require-job-retry-options through a workspace package (untyped)', retryRule, {
  valid: [],
  invalid: [
    {
      code: `import { syncQueue } from '@acme/queue';\nexport async function scheduleSync(id: string) {\n  await syncQueue.add('sync', { id });\n}\n`,
      filename: importer,
      errors: [
        {
          messageId: 'noRetry',
          line: 3,
          suggestions: [
            {
              messageId: 'addRetryOptions',
              data: { options: "{ attempts: 3, backoff: { type: 'exponential', delay: 1000 } }" },
              output: `import { syncQueue } from '@acme/queue';\nexport async function scheduleSync(id: string) {\n  await syncQueue.add('sync', { id }, { attempts: 3, backoff: { type: 'exponential', delay: 1000 } });\n}\n`,
            },
          ],
        },
      ],
    },
  ],
});
