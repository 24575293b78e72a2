import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

import { atomicIncrExpire } from '../../src/codemods/atomic-incr-expire.js';
import { runCodemod } from '../../src/codemods/runner.js';
import { analysisForFile } from '../../src/codemods/source-analysis.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** A throwaway project like codemods.test.ts builds: one file, strict NodeNext, real node_modules. */
function project(input: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalability-incr-expire-'));
  temps.push(dir);
  const compilerOptions = {
    target: 'ES2023',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['**/*.ts'] }));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, 'input.ts'), input);
  return dir;
}

describe('codemod atomic-incr-expire', () => {
  it('lists the reported pairs it cannot rewrite, with the reason, and rewrites the rest', () => {
    const input = fs.readFileSync(path.join(root, 'fixtures/codemods/atomic-incr-expire/listed/input.ts'), 'utf8');
    const dir = project(input);
    const run = runCodemod({ codemod: atomicIncrExpire, cwd: dir, write: false, options: {} });
    expect(run.files.map((file) => [file.file, file.status])).toEqual([['input.ts', 'changed']]);
    expect(run.skipped.map((site) => ({ file: path.basename(site.file), line: site.line, reason: site.reason }))).toEqual([
      { file: 'input.ts', line: 7, reason: expect.stringContaining('expire does not directly follow incr') as string },
      { file: 'input.ts', line: 15, reason: expect.stringContaining('guarded by `sliding`, which is not "first increment"') as string },
      { file: 'input.ts', line: 22, reason: expect.stringContaining('incr is not a plain `await` statement') as string },
      { file: 'input.ts', line: 27, reason: expect.stringContaining('incrbyfloat does not reply with an integer') as string },
    ]);
    expect(run.exitCode).toBe(0);
  });

  it('rejects an --allow-pipeline that is not true or false', () => {
    const dir = project('export const a = 1;\n');
    const file = path.join(dir, 'input.ts');
    const program = ts.createProgram([file], { noEmit: true, types: [] });
    const analysis = analysisForFile(program, file, dir);
    if (!analysis) throw new Error('no analysis');
    expect(() => atomicIncrExpire.transform(analysis, { 'allow-pipeline': 'maybe' })).toThrow('--allow-pipeline must be true or false');
    expect(atomicIncrExpire.transform(analysis, { 'allow-pipeline': 'false' })).toEqual({ edits: [], skipped: [] });
  });
});
