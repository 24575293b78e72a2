import fs from 'node:fs';
import path from 'node:path';

import picomatch from 'picomatch';

import { fileModified, pathModified } from './file-stats.js';
import { isObject, readManifest } from './manifests.js';

/**
 * The packages of a monorepo, by name: declared by pnpm-workspace.yaml or package.json
 * `workspaces`, or linked into node_modules by the package manager. They are the project's own
 * code, unlike the dependencies installed next to them.
 */
/** Workspace roots above a directory: pnpm-workspace.yaml, or a package.json with `workspaces`. */
const workspaceRootOf = new Map<string, string | null>();
const workspaces = new Map<string, { stamp: string; packages: ReadonlyMap<string, string> }>();

export function workspacePackageDir(dir: string, name: string): string | undefined {
  const root = workspaceRoot(dir);
  if (root === undefined) return undefined;
  return workspacePackages(root).get(name);
}

function workspaceRoot(dir: string): string | undefined {
  const visited: string[] = [];
  let found: string | null = null;
  for (let current = dir; ; current = path.dirname(current)) {
    const cached = workspaceRootOf.get(current);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    visited.push(current);
    if (workspacePatterns(current) !== undefined) {
      found = current;
      break;
    }
    if (path.dirname(current) === current) break;
  }
  for (const directory of visited) workspaceRootOf.set(directory, found);
  return found ?? undefined;
}

/** The package globs a workspace root declares, or undefined when `dir` is no workspace root. */
function workspacePatterns(dir: string): string[] | undefined {
  const pnpm = path.join(dir, 'pnpm-workspace.yaml');
  if (fileModified(pnpm) !== undefined) {
    try {
      return pnpmPackages(fs.readFileSync(pnpm, 'utf8'));
    } catch {
      return [];
    }
  }
  const manifestFile = path.join(dir, 'package.json');
  if (fileModified(manifestFile) === undefined) return undefined;
  const field = readManifest(manifestFile)?.['workspaces'];
  const list = Array.isArray(field) ? field : isObject(field) ? field['packages'] : undefined;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : undefined;
}

/** The `packages:` list of pnpm-workspace.yaml: enough YAML for its block and flow forms. */
function pnpmPackages(text: string): string[] {
  const out: string[] = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/u)) {
    const line = raw.replace(/\s+#.*$/u, '').replace(/^#.*$/u, '');
    if (line.trim() === '') continue;
    const topLevel = /^[^\s-]/u.test(line);
    if (topLevel) {
      inPackages = /^packages\s*:/u.test(line);
      const flow = /^packages\s*:\s*\[(.*)\]\s*$/u.exec(line);
      if (flow) out.push(...(flow[1] ?? '').split(',').map(unquote).filter(Boolean));
      continue;
    }
    const item = inPackages ? /^\s*-\s*(.+)$/u.exec(line) : null;
    if (item) out.push(unquote(item[1] ?? ''));
  }
  return out;
}

function unquote(value: string): string {
  return value.trim().replace(/^(['"])(.*)\1$/u, '$2');
}

function workspacePackages(root: string): ReadonlyMap<string, string> {
  const stamp = [path.join(root, 'pnpm-workspace.yaml'), path.join(root, 'package.json')].map((file) => String(pathModified(file))).join(':');
  const cached = workspaces.get(root);
  if (cached?.stamp === stamp) return cached.packages;
  const packages = new Map<string, string>();
  const patterns = workspacePatterns(root) ?? [];
  const excluded = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => picomatch(pattern.slice(1).replace(/^\.\//u, '').replace(/\/+$/u, '')));
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) continue;
    for (const dir of expandGlob(root, pattern)) {
      const relative = path.relative(root, dir).split(path.sep).join('/');
      if (excluded.some((isExcluded) => isExcluded(relative))) continue;
      const name = readManifest(path.join(dir, 'package.json'))?.['name'];
      if (typeof name === 'string' && !packages.has(name)) packages.set(name, dir);
    }
  }
  workspaces.set(root, { stamp, packages });
  return packages;
}

const MAX_GLOB_DEPTH = 5;

/** Directories matching a workspace glob (`packages/*`, `apps/**`, `tools/cli`). */
function expandGlob(root: string, pattern: string): string[] {
  const segments = pattern.replace(/^\.\//u, '').replace(/\/+$/u, '').split('/').filter((segment) => segment !== '' && segment !== '.');
  const out: string[] = [];
  const visit = (dir: string, index: number, depth: number): void => {
    if (depth > MAX_GLOB_DEPTH + segments.length) return;
    if (index === segments.length) {
      out.push(dir);
      return;
    }
    const segment = segments[index] ?? '';
    if (segment === '**') {
      visit(dir, index + 1, depth);
      for (const child of subdirectories(dir)) visit(path.join(dir, child), index, depth + 1);
      return;
    }
    if (!segment.includes('*')) {
      visit(path.join(dir, segment), index + 1, depth + 1);
      return;
    }
    const matches = picomatch(segment);
    for (const child of subdirectories(dir)) {
      if (matches(child)) visit(path.join(dir, child), index + 1, depth + 1);
    }
  };
  visit(root, 0, 0);
  return out;
}

function subdirectories(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/**
 * A package installed as a symlink to a directory outside node_modules: a workspace package
 * linked by the package manager. A real directory in node_modules is a dependency.
 */
const hasNodeModules = new Map<string, boolean>();
const linked = new Map<string, string | null>();

export function linkedPackageDir(dir: string, name: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (path.basename(current) !== 'node_modules') {
      const nodeModules = path.join(current, 'node_modules');
      let exists = hasNodeModules.get(nodeModules);
      if (exists === undefined) {
        exists = pathModified(nodeModules) !== null;
        hasNodeModules.set(nodeModules, exists);
      }
      if (exists) {
        const installed = path.join(nodeModules, name);
        let answer = linked.get(installed);
        if (answer === undefined) {
          answer = linkTarget(installed);
          linked.set(installed, answer);
        }
        // Found: a link to the workspace, or a real dependency (the package it is).
        if (answer !== null) return answer === '' ? undefined : answer;
      }
    }
    if (path.dirname(current) === current) return undefined;
  }
}

/** '' for an installed dependency, the target directory for a workspace link, null when absent. */
function linkTarget(installed: string): string | null {
  try {
    const stats = fs.lstatSync(installed, { throwIfNoEntry: false });
    if (!stats) return null;
    if (!stats.isSymbolicLink()) return '';
    const real = fs.realpathSync.native(installed);
    return real.split(path.sep).includes('node_modules') ? '' : real;
  } catch {
    return null;
  }
}
