import type { FileAnalysis } from '../analysis/file-analysis.js';

/** A replacement of `[start, end)` in a file's text. */
export interface TextEdit {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A place the codemod recognised but left alone, with the reason (shown to the user). */
export interface SkippedSite {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

export interface CodemodResult {
  readonly edits: readonly TextEdit[];
  readonly skipped: readonly SkippedSite[];
}

export type CodemodOptions = Readonly<Record<string, string | number | boolean>>;

/**
 * A codemod is pure: it reads one file's analysis (the same core the rules use) and returns
 * edits, possibly in other project files. The runner owns the project, I/O, type checks and diffs.
 */
export interface Codemod {
  readonly name: string;
  readonly description: string;
  /** Flags the codemod reads, with defaults, for --help and validation. */
  readonly options: Readonly<Record<string, { readonly description: string; readonly default: string | number | boolean }>>;
  transform(analysis: FileAnalysis, options: CodemodOptions): CodemodResult;
}
