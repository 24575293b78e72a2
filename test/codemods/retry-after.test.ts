import fs from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { retryAfter } from '../../src/codemods/retry-after.js';
import { runCodemod } from '../../src/codemods/runner.js';
import { analysisOfFile, removeTempProjects, repoRoot, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

const project = (input: string): string => tempProject({ 'input.ts': input });

describe('codemod retry-after', () => {
  it('lists the reported responses it cannot fix, with the reason, and fixes the rest', () => {
    const input = fs.readFileSync(path.join(repoRoot, 'fixtures/codemods/retry-after/listed/input.ts'), 'utf8');
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
    const analysis = analysisOfFile(dir, 'input.ts');
    for (const seconds of [0, -5, 1.5, 'soon']) {
      expect(() => retryAfter.transform(analysis, { seconds })).toThrow('--seconds must be a positive integer');
    }
    expect(retryAfter.transform(analysis, { seconds: 60 })).toEqual({ edits: [], skipped: [] });
  });
});
