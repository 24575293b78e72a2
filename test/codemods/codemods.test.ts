import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { codemods, runCodemod } from '../../src/codemods/index.js';
import type { Codemod } from '../../src/codemods/types.js';
import { removeTempProjects, repoRoot, tempProject } from './temp-project.js';

const fixtures = path.join(repoRoot, 'fixtures/codemods');
const temps: string[] = [];
afterAll(() => {
  removeTempProjects();
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});
const project = tempProject;

/** Flags for one case, as the CLI would pass them: `<case>/options.json` (default: none). */
function readOptions(dir: string): Record<string, string | number | boolean> {
  const file = path.join(dir, 'options.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string | number | boolean>) : {};
}

/** `<case>/input.ts` + `output.ts`, or `<case>/input/` + `output/` trees. */
function readCase(dir: string): { input: Record<string, string>; output: Record<string, string> } {
  const read = (folder: string) =>
    Object.fromEntries(fs.readdirSync(folder).map((name) => [name, fs.readFileSync(path.join(folder, name), 'utf8')]));
  if (fs.existsSync(path.join(dir, 'input.ts'))) {
    return {
      input: { 'input.ts': fs.readFileSync(path.join(dir, 'input.ts'), 'utf8') },
      output: { 'input.ts': fs.readFileSync(path.join(dir, 'output.ts'), 'utf8') },
    };
  }
  return { input: read(path.join(dir, 'input')), output: read(path.join(dir, 'output')) };
}

const cases = fs.readdirSync(fixtures).flatMap((codemod) =>
  fs.readdirSync(path.join(fixtures, codemod)).map((name) => [codemod, name] as const),
);

describe.each(cases)('codemod %s: %s', (codemodName, caseName) => {
  const codemod = codemods[codemodName];
  const { input, output } = readCase(path.join(fixtures, codemodName, caseName));
  const options = readOptions(path.join(fixtures, codemodName, caseName));

  it('dry run prints a diff and writes nothing', () => {
    if (!codemod) throw new Error(`no codemod named ${codemodName}`);
    const dir = project(input);
    const run = runCodemod({ codemod, cwd: dir, write: false, options });
    const changed = Object.keys(input).filter((name) => input[name] !== output[name]);
    expect(run.files.filter((file) => file.status === 'changed').map((file) => file.file).sort()).toEqual(changed.sort());
    for (const file of run.files) expect(file.diff).toContain(`+++ b/${file.file}`);
    for (const [name, text] of Object.entries(input)) expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(text);
    expect(run.exitCode).toBe(0);
  });

  it('--write produces the expected files exactly, and a second run changes nothing', () => {
    if (!codemod) throw new Error(`no codemod named ${codemodName}`);
    const dir = project(input);
    runCodemod({ codemod, cwd: dir, write: true, options });
    for (const [name, text] of Object.entries(output)) expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(text);
    const again = runCodemod({ codemod, cwd: dir, write: true, options });
    expect(again.files).toEqual([]);
    // No temp files left behind by the atomic writes.
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('runner safety', () => {
  const breaking: Codemod = {
    name: 'breaking',
    description: 'test-only: makes a change that does not type-check',
    options: {},
    transform(analysis) {
      if (!analysis.filename.endsWith('a.ts')) return { edits: [], skipped: [] };
      return { edits: [{ file: analysis.filename, start: 0, end: 0, text: "const broken: number = 'text';\n" }], skipped: [] };
    },
  };

  it('rejects a file whose change adds a type error, and writes nothing to it', () => {
    const dir = project({ 'a.ts': 'export const a = 1;\n' });
    const run = runCodemod({ codemod: breaking, cwd: dir, write: true, options: {} });
    expect(run.files).toEqual([{ file: 'a.ts', status: 'rejected', reason: expect.stringContaining('TS2322') as string }]);
    expect(run.exitCode).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe('export const a = 1;\n');
  });

  it('never edits files outside the project or reached through a symbolic link', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'scalability-outside-'));
    temps.push(outside);
    fs.writeFileSync(path.join(outside, 'a.ts'), 'export const a = 1;\n');
    const dir = project({ 'b.ts': "import { a } from './linked/a.js';\nexport const b = a;\n" });
    fs.symlinkSync(outside, path.join(dir, 'linked'), 'dir');
    const everywhere: Codemod = {
      ...breaking,
      transform: (analysis) => ({ edits: [{ file: analysis.filename, start: 0, end: 0, text: '// touched\n' }], skipped: [] }),
    };
    const run = runCodemod({ codemod: everywhere, cwd: dir, write: true, options: {} });
    expect(run.files.map((file) => file.file)).toEqual(['b.ts']);
    expect(fs.readFileSync(path.join(outside, 'a.ts'), 'utf8')).toBe('export const a = 1;\n');
  });

  it('reports a missing tsconfig as a usage error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalability-empty-'));
    temps.push(dir);
    expect(() => runCodemod({ codemod: breaking, cwd: dir, write: false, options: {} })).toThrow(/no tsconfig.json/u);
  });
});
