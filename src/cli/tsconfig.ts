import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import ts from 'typescript';

import { UsageError } from './args.js';

/** Diagnostics that mean the configuration cannot be used: a missing file or `extends` target. */
const FATAL_CONFIG_CODES = new Set([5083, 6053, 5058, 6231]);

export interface TypedPlan {
  /** The tsconfig.json files that cover the linted files. */
  readonly tsconfigs: readonly string[];
  /** Linted files that one of those projects includes: only these get type information. */
  readonly files: readonly string[];
}

/**
 * Which of `files` the TypeScript project service can type: those that the nearest tsconfig.json
 * (or a project it references) includes. Other files are linted without type information instead
 * of failing with "was not found by the project service".
 */
export function planTypeInformation(files: readonly string[], cwd: string): TypedPlan {
  const nearest = new Map<string, string | undefined>();
  const projects = new Map<string, ReadonlySet<string>>();
  const typed: string[] = [];
  const used = new Set<string>();
  for (const file of files) {
    const tsconfig = nearestTsconfig(dirname(file), nearest);
    if (tsconfig === undefined) continue;
    let included = projects.get(tsconfig);
    if (!included) {
      included = projectFiles(tsconfig, cwd, new Set());
      projects.set(tsconfig, included);
    }
    if (included.has(file)) {
      typed.push(file);
      used.add(tsconfig);
    }
  }
  return { tsconfigs: [...used].sort(), files: typed };
}

function nearestTsconfig(directory: string, cache: Map<string, string | undefined>): string | undefined {
  const visited: string[] = [];
  let current = directory;
  let found: string | undefined;
  for (;;) {
    if (cache.has(current)) {
      found = cache.get(current);
      break;
    }
    visited.push(current);
    const candidate = join(current, 'tsconfig.json');
    if (existsSync(candidate)) {
      found = candidate;
      break;
    }
    const parent = dirname(current);
    if (parent === current || current.endsWith('/node_modules')) break;
    current = parent;
  }
  for (const directoryVisited of visited) cache.set(directoryVisited, found);
  return found;
}

/** The files a tsconfig includes, following project references. */
function projectFiles(tsconfig: string, cwd: string, seen: Set<string>): ReadonlySet<string> {
  const files = new Set<string>();
  if (seen.has(tsconfig)) return files;
  seen.add(tsconfig);
  const shown = relative(cwd, tsconfig) || tsconfig;
  const read = ts.readConfigFile(tsconfig, (path) => ts.sys.readFile(path));
  if (read.error) {
    throw new UsageError(`cannot read ${shown}: ${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')} (fix it, or run with --no-type-info)`);
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfig), undefined, tsconfig);
  const fatal = parsed.errors.find((diagnostic) => FATAL_CONFIG_CODES.has(diagnostic.code));
  if (fatal) {
    throw new UsageError(`cannot use ${shown}: ${ts.flattenDiagnosticMessageText(fatal.messageText, ' ')} (fix it, or run with --no-type-info)`);
  }
  for (const name of parsed.fileNames) files.add(resolve(name));
  for (const reference of parsed.projectReferences ?? []) {
    const target = isDirectory(reference.path) ? join(reference.path, 'tsconfig.json') : reference.path;
    if (!existsSync(target)) continue;
    for (const name of projectFiles(resolve(target), cwd, seen)) files.add(name);
  }
  return files;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
