import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

import type { FileAnalysis } from '../../src/analysis/file-analysis.js';
import { analysisForFile } from '../../src/codemods/source-analysis.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2023',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: true,
    experimentalDecorators: true,
    noEmit: true,
    types: ['node'],
  },
  include: ['**/*.ts'],
};

const temps: string[] = [];

/**
 * A throwaway project for a codemod run: the files, a strict NodeNext tsconfig, and the
 * repository's node_modules linked in so the real library types resolve.
 */
export function tempProject(files: Readonly<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalability-codemod-'));
  temps.push(dir);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** For `afterAll` in each test file. */
export function removeTempProjects(): void {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The analysis a codemod's `transform` receives, for one file of a temp project. */
export function analysisOfFile(dir: string, name: string): FileAnalysis {
  const file = path.join(dir, name);
  const program = ts.createProgram([file], { noEmit: true, types: [] });
  const analysis = analysisForFile(program, file, dir);
  if (!analysis) throw new Error(`no analysis for ${name}`);
  return analysis;
}
