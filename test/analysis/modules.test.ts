import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { analyze } from '@typescript-eslint/scope-manager';
import { parse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

import type { FileAnalysis } from '../../src/analysis/file-analysis.js';
import {
  findExport,
  forgetFileStats,
  isProjectImport,
  loadModule,
  moduleParses,
  rememberLintedModule,
  resolveRelativeModule,
  useProgramSourceFiles,
} from '../../src/analysis/modules.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalability-modules-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** What ESLint would hand the rules for `text` linted as `filename`. */
function lintedAnalysis(filename: string, text: string): FileAnalysis {
  const ast = parse(text, { range: true, loc: true, filePath: filename });
  return { filename, cwd: path.dirname(filename), ast, text, scopeManager: analyze(ast, { sourceType: 'module' }), settings: DEFAULT_SETTINGS, types: undefined, memo: new Map() };
}

/** The exported const's initialiser as source text. */
function exportedText(analysis: FileAnalysis | undefined, name: string): string | undefined {
  const binding = analysis ? findExport(analysis, name) : undefined;
  return binding ? binding.analysis.text.slice(binding.node.range[0], binding.node.range[1]) : undefined;
}

// Each test starts its own "file's lint", as getFileAnalysis does.
function nextFile(): void {
  forgetFileStats();
  useProgramSourceFiles(undefined);
}

describe('loadModule', () => {
  it('reads a file again after it changes on disk', () => {
    nextFile();
    const dir = tempDir({ 'a.ts': 'export const value = 1;\n' });
    const file = path.join(dir, 'a.ts');
    expect(exportedText(loadModule(file), 'value')).toBe('1');
    fs.writeFileSync(file, 'export const value = 22;\n');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    nextFile();
    expect(exportedText(loadModule(file), 'value')).toBe('22');
  });

  it('reuses the analysis ESLint built when it matches the file on disk', () => {
    nextFile();
    const dir = tempDir({ 'b.ts': 'export const value = 1;\n' });
    const file = path.join(dir, 'b.ts');
    const linted = lintedAnalysis(file, 'export const value = 1;\n');
    rememberLintedModule(linted);
    expect(loadModule(file)).toBe(linted);
  });

  it('does not answer from an unsaved editor buffer: imports see the file on disk', () => {
    nextFile();
    const dir = tempDir({ 'c.ts': 'export const value = 1;\n' });
    const file = path.join(dir, 'c.ts');
    const buffer = lintedAnalysis(file, 'export const value = 333;\n');
    rememberLintedModule(buffer);
    const loaded = loadModule(file);
    expect(loaded).not.toBe(buffer);
    expect(exportedText(loaded, 'value')).toBe('1');
  });

  it('sees a file created after an earlier lookup once the next file is linted', () => {
    nextFile();
    const dir = tempDir({ 'main.ts': "import { x } from './later.js';\n" });
    const from = path.join(dir, 'main.ts');
    expect(resolveRelativeModule(from, './later.js')).toBeUndefined();
    fs.writeFileSync(path.join(dir, 'later.ts'), 'export const x = 1;\n');
    nextFile();
    expect(resolveRelativeModule(from, './later.js')).toBe(path.join(dir, 'later.ts'));
  });

  it('tells project imports from packages: relative, aliased, or a package by name', () => {
    nextFile();
    const dir = tempDir({ 'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }', 'redis.ts': 'export const redis = 1;\n' });
    const from = path.join(dir, 'main.ts');
    expect(isProjectImport(from, './redis.js')).toBe(true);
    // A relative import is the project's even when the file is missing: it is never a package.
    expect(isProjectImport(from, './missing.js')).toBe(true);
    expect(isProjectImport(from, '@/redis')).toBe(true);
    expect(isProjectImport(from, '@/missing')).toBe(false);
    expect(isProjectImport(from, 'ioredis')).toBe(false);
  });

  it('builds the same tree from a typed program’s source file as from the text', () => {
    const text = 'import { Queue } from "bullmq";\nexport const queue = new Queue("mail");\nexport function send(to: string) {\n  return queue.add("send", { to });\n}\n';
    const dir = tempDir({ 'd.ts': text, 'e.ts': text });
    const typedFile = path.join(dir, 'd.ts');
    const program = ts.createProgram([typedFile], { noEmit: true, skipLibCheck: true });
    expect(program.getSourceFile(typedFile)?.text).toBe(text);
    const before = { ...moduleParses };
    nextFile();
    useProgramSourceFiles(program);
    const fromProgram = loadModule(typedFile);
    expect(moduleParses.fromProgram - before.fromProgram).toBe(1);
    nextFile();
    const fromText = loadModule(path.join(dir, 'e.ts'));
    expect(moduleParses.fromProgram - before.fromProgram).toBe(1);
    expect(moduleParses.fromText - before.fromText).toBe(1);
    expect(fromProgram && shape(fromProgram.ast)).toEqual(fromText && shape(fromText.ast));
    // Parents are set, as the analysis walks upwards.
    const declaration = fromProgram?.ast.body[1];
    expect(declaration?.type).toBe(AST_NODE_TYPES.ExportNamedDeclaration);
    expect((declaration as TSESTree.ExportNamedDeclaration | undefined)?.declaration?.parent).toBe(declaration);
    expect(exportedText(fromProgram, 'queue')).toBe('new Queue("mail")');
  });
});

/** Node types and ranges in walk order. */
function shape(root: TSESTree.Node): string[] {
  const out: string[] = [];
  const visit = (node: TSESTree.Node) => {
    out.push(`${node.type}@${String(node.range[0])}-${String(node.range[1])}`);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') continue;
      const children = Array.isArray(value) ? value : [value];
      for (const child of children) {
        if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') visit(child as TSESTree.Node);
      }
    }
  };
  visit(root);
  return out;
}
