import fs from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { asyncFs } from '../../src/codemods/async-fs.js';
import { runCodemod } from '../../src/codemods/index.js';
import { analysisOfFile, removeTempProjects, repoRoot, tempProject } from './temp-project.js';

const fixtures = path.join(repoRoot, 'fixtures/codemods/async-fs');
afterAll(removeTempProjects);
const project = tempProject;

function fixture(name: string): Record<string, string> {
  return { 'input.ts': fs.readFileSync(path.join(fixtures, name, 'input.ts'), 'utf8') };
}

/** Dry run; skipped sites with project-relative file names. */
function run(files: Record<string, string>, options: Record<string, string> = {}) {
  const dir = project(files);
  return runCodemod({ codemod: asyncFs, cwd: dir, write: false, options });
}

describe('async-fs skipped sites', () => {
  it('lists calls in a sync helper, a sync handler and a sync callback, and changes nothing', () => {
    const result = run(fixture('sync-helper-listed'));
    expect(result.files).toEqual([]);
    expect(result.skipped).toEqual([
      {
        file: 'input.ts',
        line: 7,
        reason:
          'fs.readFileSync is in loadTranslations(), which is not async: making it async would change every caller (reached from the GET /greeting request handler through loadTranslations() (input.ts:6))',
      },
      {
        file: 'input.ts',
        line: 16,
        reason: 'fs.readFileSync is in the GET /legacy request handler, which is not async: make the handler async first, or read the file once at startup',
      },
      {
        file: 'input.ts',
        line: 20,
        reason: 'fs.readFileSync is inside a nested function (a callback at line 20) that is not async: an await there would not make the request wait',
      },
    ]);
  });

  it('lists existsSync in a handler and ignores start-up code', () => {
    const result = run(fixture('startup-untouched'));
    expect(result.files).toEqual([]);
    expect(result.skipped).toEqual([{ file: 'input.ts', line: 13, reason: expect.stringContaining('fs.existsSync has no promise equivalent') as string }]);
  });

  it('lists fd-based calls, openSync/readSync and statSync with throwIfNoEntry', () => {
    expect(run(fixture('nest-alias-and-nested')).skipped.map((site) => [site.line, site.reason.split(' ').slice(0, 4).join(' ')])).toEqual([
      [25, 'fs.openSync has no fs/promises'],
      [27, 'fs.readSync has no fs/promises'],
      [28, 'fs.readFileSync is given a'],
    ]);
    expect(run(fixture('fastify-namespace')).skipped).toEqual([
      {
        file: 'input.ts',
        line: 18,
        reason: 'fs.statSync with throwIfNoEntry returns undefined for a missing file; fs/promises stat has no such option and rejects instead',
      },
    ]);
  });

  it('lists a sync helper in another file at the helper, and non-fs blocking calls as out of scope', () => {
    const result = run({
      'routes.ts': `import express from 'express';
import { scryptSync } from 'node:crypto';
import { loadIndex, readDescriptor } from './store.js';

const app = express();

app.post('/login', async (req, res) => {
  const key = scryptSync(String(req.body.password), 'salt', 64);
  res.json({ key: key.toString('hex'), index: loadIndex(), head: await readDescriptor(3) });
});
`,
      'store.ts': `import fs from 'node:fs';

export function loadIndex(): string[] {
  return fs.readdirSync('/srv/index');
}

export async function readDescriptor(fd: number): Promise<string> {
  return fs.readFileSync(fd, 'utf8');
}
`,
    });
    expect(result.files).toEqual([]);
    expect(result.skipped).toEqual([
      { file: 'routes.ts', line: 8, reason: 'crypto.scryptSync is not a file-system call: async-fs only rewrites fs (use crypto.scrypt (callback, or util.promisify))' },
      {
        file: 'store.ts',
        line: 4,
        reason:
          'fs.readdirSync is in loadIndex(), which is not async: making it async would change every caller (reached from the POST /login request handler through loadIndex() (store.ts:3))',
      },
      // The helper's file is read from disk without types; the runner's program supplies them.
      { file: 'store.ts', line: 8, reason: 'fs.readFileSync is given a file descriptor: fs/promises readFile takes a path or a FileHandle, not a number' },
    ]);
  });

  it('leaves a call alone when both readFile and readFileAsync are taken', () => {
    const result = run({
      'input.ts': `import express from 'express';
import { readFileSync } from 'node:fs';

const readFile = (name: string): string => name;
const readFileAsync = (name: string): string => name;
const app = express();

app.get('/a', async (req, res) => {
  res.send(readFile('a') + readFileAsync('b') + readFileSync('c', 'utf8'));
});
`,
    });
    expect(result.files).toEqual([]);
    expect(result.skipped).toEqual([{ file: 'input.ts', line: 9, reason: expect.stringContaining('readFile and readFileAsync are both taken') as string }]);
  });


  it('lists calls in async callbacks nobody may wait for, under a shadowed name, or through an inline require', () => {
    const result = run({
      'a.ts': `import express from 'express';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

const app = express();

app.get('/a', async (req, res) => {
  const out: string[] = [];
  ['x', 'y'].forEach(async (name) => {
    out.push(readFileSync(name, 'utf8'));
  });
  res.json(out);
});

app.get('/b', async (req, res) => {
  const readFile = (name: string): string => name;
  res.send(readFile('a') + readFileSync('b', 'utf8'));
});

export const unused = readFile;
`,
      'c.ts': `import express from 'express';

const app = express();

app.get('/c', async (req, res) => {
  res.send(require('node:fs').readFileSync('c', 'utf8'));
});
`,
    });
    expect(result.files).toEqual([]);
    expect(result.skipped).toEqual([
      {
        file: 'a.ts',
        line: 10,
        reason: 'fs.readFileSync is inside a nested async function (a callback at line 9) that the caller may not wait for; rewrite it by hand',
      },
      { file: 'a.ts', line: 17, reason: 'readFile means something else where fs.readFileSync is called; rewrite it by hand' },
      {
        file: 'c.ts',
        line: 6,
        reason: 'fs is bound in a way async-fs does not follow (only an import or a top-level require of fs); add the fs/promises import by hand',
      },
    ]);
  });
});

describe('async-fs --allow', () => {
  it('rejects a malformed list', () => {
    const dir = project({ 'input.ts': 'export const a = 1;\n' });
    const analysis = analysisOfFile(fs.realpathSync(dir), 'input.ts');
    expect(() => asyncFs.transform(analysis, { allow: 'not an api' })).toThrow('--allow must be a comma-separated list of APIs, e.g. fs.existsSync,fs.statSync');
    expect(() => asyncFs.transform(analysis, { allow: 3 })).toThrow('--allow must be');
    expect(asyncFs.transform(analysis, { allow: 'fs.existsSync, fs.statSync' })).toEqual({ edits: [], skipped: [] });
  });

  it('neither changes nor lists an allowed API, like the rule with the same allow option', () => {
    const result = run(fixture('startup-untouched'), { allow: 'fs.existsSync' });
    expect(result.skipped).toEqual([]);
  });
});
