import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

import { retryAfter } from '../../src/codemods/retry-after.js';
import { runCodemod } from '../../src/codemods/runner.js';
import { analysisForFile } from '../../src/codemods/source-analysis.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** A throwaway project like codemods.test.ts builds: one file, strict NodeNext, real node_modules. */
function project(input: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalability-retry-after-'));
  temps.push(dir);
  const compilerOptions = {
    target: 'ES2023',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: true,
    experimentalDecorators: true,
    noEmit: true,
    types: ['node'],
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['**/*.ts'] }));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, 'input.ts'), input);
  return dir;
}

describe('codemod retry-after', () => {
  it('lists the reported responses it cannot fix, with the reason, and fixes the rest', () => {
    const input = fs.readFileSync(path.join(root, 'fixtures/codemods/retry-after/listed/input.ts'), 'utf8');
    const dir = project(input);
    const run = runCodemod({ codemod: retryAfter, cwd: dir, write: false, options: {} });
    expect(run.files.map((file) => [file.file, file.status])).toEqual([['input.ts', 'changed']]);
    expect(run.skipped.map((site) => ({ file: path.basename(site.file), line: site.line, reason: site.reason }))).toEqual([
      { file: 'input.ts', line: 9, reason: expect.stringContaining('the status is conditional (503 or 200)') as string },
      { file: 'input.ts', line: 14, reason: expect.stringContaining('headers are built elsewhere') as string },
      { file: 'input.ts', line: 20, reason: expect.stringContaining('outside a route method') as string },
      { file: 'input.ts', line: 26, reason: expect.stringContaining('HTTPException(429) takes no headers') as string },
    ]);
    expect(run.exitCode).toBe(0);
  });

  it('rejects a --seconds that is not a positive integer', () => {
    const dir = project('export const a = 1;\n');
    const file = path.join(dir, 'input.ts');
    const program = ts.createProgram([file], { noEmit: true, types: [] });
    const analysis = analysisForFile(program, file, dir);
    if (!analysis) throw new Error('no analysis');
    for (const seconds of [0, -5, 1.5, 'soon']) {
      expect(() => retryAfter.transform(analysis, { seconds })).toThrow('--seconds must be a positive integer');
    }
    expect(retryAfter.transform(analysis, { seconds: 60 })).toEqual({ edits: [], skipped: [] });
  });
});
