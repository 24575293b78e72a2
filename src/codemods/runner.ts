import fs from 'node:fs';
import path from 'node:path';

import { createTwoFilesPatch } from 'diff';
import { Project } from 'ts-morph';
import type ts from 'typescript';

import { CodemodUsageError } from './options.js';
import { analysisForFile } from './source-analysis.js';
import type { Codemod, CodemodOptions, SkippedSite, TextEdit } from './types.js';

export interface RunCodemodOptions {
  readonly codemod: Codemod;
  /** The project root; tsconfig.json is read from here unless `tsconfig` says otherwise. */
  readonly cwd: string;
  readonly tsconfig?: string;
  /** Files or folders to transform (default: the whole project). */
  readonly paths?: readonly string[];
  readonly write: boolean;
  readonly options: CodemodOptions;
}

export interface FileOutcome {
  readonly file: string;
  readonly status: 'changed' | 'rejected' | 'error';
  readonly diff?: string;
  readonly reason?: string;
}

export interface CodemodRun {
  readonly files: readonly FileOutcome[];
  readonly skipped: readonly SkippedSite[];
  /** 0 when every change applied cleanly (or there was none), 1 when a file was rejected or failed. */
  readonly exitCode: 0 | 1;
}


/**
 * Runs a codemod over a project the way ts-migrate does: one in-memory TypeScript project, edits
 * collected from every file first, applied in memory, type-checked, and only then diffed or
 * written. A file whose edit introduces a new type error is left untouched and reported.
 */
export { CodemodUsageError };

export function runCodemod(run: RunCodemodOptions): CodemodRun {
  const root = fs.realpathSync(run.cwd);
  const tsconfig = path.resolve(root, run.tsconfig ?? 'tsconfig.json');
  if (!fs.existsSync(tsconfig)) throw new CodemodUsageError(`no tsconfig.json at ${tsconfig} (codemods need the project's TypeScript configuration)`);
  let project: Project;
  try {
    project = new Project({ tsConfigFilePath: tsconfig });
  } catch (error) {
    throw new CodemodUsageError(`cannot read ${tsconfig}: ${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)}`);
  }
  const selected = (run.paths ?? []).map((entry) => path.resolve(root, entry));
  for (const entry of selected) {
    if (!fs.existsSync(entry)) throw new CodemodUsageError(`no such file or directory: ${path.relative(root, entry) || entry}`);
  }
  const program = project.getProgram().compilerObject;
  const targets = program
    .getSourceFiles()
    .filter((sourceFile) => isEditable(root, sourceFile.fileName))
    .filter((sourceFile) => selected.length === 0 || selected.some((entry) => isWithin(entry, sourceFile.fileName)));

  const outcomes: FileOutcome[] = [];
  const skipped: SkippedSite[] = [];
  const edits = new Map<string, TextEdit[]>();
  for (const sourceFile of targets) {
    try {
      const analysis = analysisForFile(program, sourceFile.fileName, root);
      if (!analysis) continue;
      const result = run.codemod.transform(analysis, run.options);
      skipped.push(...result.skipped.map((site) => ({ ...site, file: relative(root, path.resolve(site.file)) })));
      for (const edit of result.edits) {
        const file = path.resolve(edit.file);
        const list = edits.get(file) ?? [];
        list.push({ ...edit, file });
        edits.set(file, list);
      }
    } catch (error) {
      if (error instanceof CodemodUsageError) throw error;
      outcomes.push({ file: relative(root, sourceFile.fileName), status: 'error', reason: error instanceof Error ? error.message : String(error) });
    }
  }

  const originals = new Map<string, string>();
  for (const [file, fileEdits] of edits) {
    if (!isEditable(root, file)) {
      skipped.push({ file: relative(root, file), line: 0, reason: 'outside the project, a declaration file, node_modules or a symbolic link' });
      continue;
    }
    const sourceFile = project.getSourceFile(file);
    if (!sourceFile) continue;
    const before = sourceFile.getFullText();
    const after = applyEdits(before, fileEdits);
    if (after === before) continue;
    originals.set(file, before);
    sourceFile.replaceWithText(after);
  }

  if (originals.size > 0) {
    const diagnosticsBefore = new Map<string, Map<string, number>>();
    for (const file of originals.keys()) diagnosticsBefore.set(file, diagnosticCounts(program, file));
    const checked = project.getProgram().compilerObject;
    for (const [file, before] of originals) {
      const introduced = newDiagnostic(diagnosticsBefore.get(file) ?? new Map<string, number>(), checked, file);
      if (introduced !== undefined) {
        project.getSourceFile(file)?.replaceWithText(before);
        outcomes.push({ file: relative(root, file), status: 'rejected', reason: `the change would add a type error: ${introduced}` });
        continue;
      }
      const after = project.getSourceFile(file)?.getFullText() ?? before;
      const name = relative(root, file);
      outcomes.push({ file: name, status: 'changed', diff: createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after) });
      if (run.write) writeAtomically(file, after);
    }
  }
  outcomes.sort((a, b) => a.file.localeCompare(b.file));
  const failed = outcomes.some((outcome) => outcome.status !== 'changed');
  return { files: outcomes, skipped, exitCode: failed ? 1 : 0 };
}

/** Applies non-overlapping edits; identical duplicates (two call sites fixing one queue) apply once. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const unique = new Map<string, TextEdit>();
  for (const edit of edits) unique.set(`${String(edit.start)}:${String(edit.end)}:${edit.text}`, edit);
  const ordered = [...unique.values()].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of ordered) {
    // An edit overlapping one already applied would corrupt the text; keep the first.
    if (edit.end > limit) continue;
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

function isWithin(parent: string, child: string): boolean {
  const relativePath = path.relative(parent, child);
  return relativePath === '' || (!relativePath.startsWith('..') && !path.isAbsolute(relativePath));
}

/** Only the project's own source files: inside the root (after resolving links), not generated. */
function isEditable(root: string, file: string): boolean {
  if (file.endsWith('.d.ts') || file.endsWith('.d.mts') || file.endsWith('.d.cts')) return false;
  if (file.split(/[\\/]/u).includes('node_modules')) return false;
  try {
    if (fs.lstatSync(file).isSymbolicLink()) return false;
    return isWithin(root, fs.realpathSync(file));
  } catch {
    return false;
  }
}

function relative(root: string, file: string): string {
  return path.relative(root, file).replaceAll('\\', '/');
}

function diagnosticKey(diagnostic: ts.Diagnostic): string {
  const message = typeof diagnostic.messageText === 'string' ? diagnostic.messageText : diagnostic.messageText.messageText;
  return `TS${String(diagnostic.code)}: ${message}`;
}

function diagnosticCounts(program: ts.Program, file: string): Map<string, number> {
  const counts = new Map<string, number>();
  const sourceFile = program.getSourceFile(file);
  if (!sourceFile) return counts;
  for (const diagnostic of [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]) {
    const key = diagnosticKey(diagnostic);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function newDiagnostic(before: Map<string, number>, program: ts.Program, file: string): string | undefined {
  for (const [key, count] of diagnosticCounts(program, file)) {
    if (count > (before.get(key) ?? 0)) return key;
  }
  return undefined;
}

/** Write to a sibling temp file, then rename: a crash never leaves a half-written source file. */
function writeAtomically(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${String(process.pid)}.tmp`);
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}
