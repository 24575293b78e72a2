import fs from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { atomicIncrExpire } from '../../src/codemods/atomic-incr-expire.js';
import { runCodemod } from '../../src/codemods/runner.js';
import { analysisOfFile, removeTempProjects, repoRoot, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

const project = (input: string): string => tempProject({ 'input.ts': input });

describe('codemod atomic-incr-expire', () => {
  it('lists the reported pairs it cannot rewrite, with the reason, and rewrites the rest', () => {
    const input = fs.readFileSync(path.join(repoRoot, 'fixtures/codemods/atomic-incr-expire/listed/input.ts'), 'utf8');
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
    const analysis = analysisOfFile(dir, 'input.ts');
    expect(() => atomicIncrExpire.transform(analysis, { 'allow-pipeline': 'maybe' })).toThrow('--allow-pipeline must be true or false');
    expect(atomicIncrExpire.transform(analysis, { 'allow-pipeline': 'false' })).toEqual({ edits: [], skipped: [] });
  });
});
