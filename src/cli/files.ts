import { execFileSync } from 'node:child_process';
import { type Dirent, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

import picomatch from 'picomatch';

import { UsageError } from './args.js';

/** What the CLI lints: JavaScript and TypeScript sources, not declaration files. */
const LINTABLE = /\.(?:[cm]?[jt]s|[jt]sx)$/u;
const DECLARATION = /\.d\.[cm]?ts$/u;

/** Build output, dependencies and tool caches are never linted when walking a directory. */
export const SKIPPED_DIRECTORIES: readonly string[] = ['node_modules', 'dist', 'build', 'coverage', 'out', '.next', '.nuxt', '.output', '.turbo', '.nx', '.cache', '.git', '.svelte-kit', '.vercel', '.serverless'];
const SKIPPED = new Set(SKIPPED_DIRECTORIES);

export function isLintable(file: string): boolean {
  return LINTABLE.test(file) && !DECLARATION.test(file);
}

/**
 * The files to lint under `paths`, sorted. A directory is walked (skipping the directories above
 * and symbolic links); a file named explicitly is linted when it is JavaScript or TypeScript.
 */
export function collectFiles(paths: readonly string[], cwd: string, ignorePatterns: readonly string[]): string[] {
  const ignored = ignorePatterns.length > 0 ? picomatch([...ignorePatterns], { dot: true }) : undefined;
  const isIgnored = (file: string): boolean => ignored !== undefined && ignored(toPosix(relative(cwd, file)));
  const files = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new UsageError(`no such file or directory: ${path}`);
    }
    if (stats.isDirectory()) {
      walkDirectory(absolute, files, isIgnored);
    } else if (isLintable(absolute)) {
      if (!isIgnored(absolute)) files.add(absolute);
    } else {
      throw new UsageError(`not a JavaScript or TypeScript file: ${path}`);
    }
  }
  return [...files].sort();
}

function walkDirectory(directory: string, files: Set<string>, isIgnored: (file: string) => boolean): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    throw new UsageError(`cannot read directory ${directory}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  for (const entry of entries) {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) walkDirectory(full, files, isIgnored);
    } else if (entry.isFile() && isLintable(entry.name) && !isIgnored(full)) {
      files.add(full);
    }
  }
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** The git work tree containing `cwd`, or undefined outside git (or without git installed). */
export function gitRoot(cwd: string): string | undefined {
  try {
    const out = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const root = out.trim();
    return root === '' ? undefined : resolve(root);
  } catch {
    return undefined;
  }
}

/**
 * Files changed between the merge base of `ref` and HEAD and the working tree (committed,
 * staged or not), plus untracked files that are not git-ignored. Deleted files are left out.
 */
export function changedFiles(ref: string, cwd: string): Set<string> {
  const root = gitRoot(cwd);
  if (root === undefined) throw new UsageError(`--changed-since needs a git repository, and ${cwd} is not inside one`);
  const git = (args: readonly string[]): string => {
    try {
      return execFileSync('git', [...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
    } catch (error) {
      const output = (error as { stderr?: unknown }).stderr;
      const stderr = (typeof output === 'string' ? output : '').trim().split('\n')[0] ?? '';
      throw new UsageError(`--changed-since ${ref}: git ${args[0] ?? ''} failed${stderr === '' ? '' : `: ${stderr}`}`);
    }
  };
  if (ref.startsWith('-')) throw new UsageError(`--changed-since expects a git ref, got "${ref}"`);
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new UsageError(`--changed-since: "${ref}" is not a commit of this repository (in CI, fetch it first, e.g. actions/checkout with fetch-depth: 0)`);
  }
  const base = git(['merge-base', ref, 'HEAD']).trim();
  const changed = git(['diff', '--name-only', '-z', '--diff-filter=ACMRTU', base, '--']);
  const untracked = git(['ls-files', '--others', '--exclude-standard', '-z']);
  const files = new Set<string>();
  for (const name of [...changed.split('\0'), ...untracked.split('\0')]) {
    if (name !== '') files.add(resolve(root, name));
  }
  return files;
}

/** The deepest directory containing every path. */
export function commonAncestor(paths: readonly string[]): string {
  const first = paths[0];
  if (first === undefined) return resolve('.');
  let ancestor = resolve(first);
  for (const path of paths.slice(1)) {
    const absolute = resolve(path);
    while (!isWithin(absolute, ancestor)) {
      const parent = dirname(ancestor);
      if (parent === ancestor) return ancestor;
      ancestor = parent;
    }
  }
  return ancestor;
}

export function isWithin(path: string, directory: string): boolean {
  const rel = relative(directory, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
