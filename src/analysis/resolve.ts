import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';

import ts from 'typescript';

import { currentTurn, fileModified, pathModified } from './file-stats.js';
import { isObject, type Json, type Manifest, readManifest } from './manifests.js';
import { linkedPackageDir, workspacePackageDir } from './workspaces.js';

/**
 * Where an import of a project file leads, without a TypeScript program: relative imports, and
 * the ways real projects import their own code by name —
 *
 * - tsconfig `compilerOptions.paths` and `baseUrl` (`@/lib/redis`, `src/models`), `extends` chains
 *   included (TypeScript's own parser reads the config: comments, trailing commas, bases);
 * - package.json `imports` (`#src/*`, `#lib/redis`);
 * - workspace packages of a monorepo (`@acme/queue`), found by name through pnpm-workspace.yaml or
 *   package.json `workspaces`, or through a node_modules symlink, whose `exports`/`main`/`types`
 *   point at source or at a build output (`dist/index.js`) with a source file next to it.
 *
 * Only project source files are answers: never a declaration file, never a file that is under
 * node_modules once symlinks are followed. Everything else — a real package such as `ioredis`,
 * a built-in, an import nothing resolves — is `undefined`, and callers keep tracking it as a
 * package by name.
 */

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

// ---------------------------------------------------------------------------------------------
// Candidates

export function isRelativeSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
}

function isSourceFile(candidate: string): boolean {
  if (/\.d\.[cm]?ts$/u.test(candidate)) return false;
  if (!SOURCE_EXTENSIONS.some((extension) => candidate.endsWith(extension))) return false;
  return fileModified(candidate) !== undefined;
}

/** `base` as a source file the way TypeScript's bundler/NodeNext resolution finds source: `x.js` → `x.ts`, `x/` → `x/index.ts`. */
function sourceAt(base: string): string | undefined {
  const withoutJs = base.replace(/\.(c|m)?jsx?$/u, '');
  if (isSourceFile(base)) return base;
  for (const extension of SOURCE_EXTENSIONS) {
    if (isSourceFile(withoutJs + extension)) return withoutJs + extension;
  }
  for (const extension of SOURCE_EXTENSIONS) {
    const index = path.join(base, `index${extension}`);
    if (isSourceFile(index)) return index;
  }
  return undefined;
}

/** Resolves a relative import the way TypeScript's bundler/NodeNext resolution would find source. */
export function resolveRelativeModule(fromFile: string, specifier: string): string | undefined {
  if (!isRelativeSpecifier(specifier)) return undefined;
  return sourceAt(path.resolve(path.dirname(fromFile), specifier));
}

// ---------------------------------------------------------------------------------------------
// Entry point

/**
 * The project source file an import denotes, relative or not; undefined for packages, built-ins
 * and whatever does not resolve. Never throws.
 */
export function resolveImport(fromFile: string, specifier: string): string | undefined {
  if (isRelativeSpecifier(specifier)) return resolveRelativeModule(fromFile, specifier);
  if (!mayNameProjectFile(specifier)) return undefined;
  const key = `${path.dirname(fromFile)}\0${specifier}`;
  const cached = answers.get(key);
  if (cached && isCurrent(cached)) return cached.file;
  let answer: Answer;
  try {
    answer = resolveNonRelative(path.dirname(fromFile), specifier);
  } catch {
    // A malformed config or an unreadable directory: the import stays a package.
    answer = { file: undefined, watch: new Map(), checkedTurn: currentTurn() };
  }
  answers.set(key, answer);
  return answer.file;
}

/** Built-ins (`fs`, `node:fs`), URLs and empty specifiers are never project files. */
function mayNameProjectFile(specifier: string): boolean {
  if (specifier === '' || specifier.startsWith('/')) return false;
  if (/^[a-z][a-z0-9+.-]*:/iu.test(specifier)) return false;
  return !isBuiltin(specifier);
}

/**
 * A resolution, kept across files: per directory and specifier, each import is resolved once
 * per process. What it depended on is checked once per linted file — the file it found still
 * exists, the configs read are unchanged, and the directories where a missing candidate would
 * appear have not changed — so neither a deleted file nor a stale "not found" is served.
 */
interface Answer {
  readonly file: string | undefined;
  /** Paths whose modification time (null: absent) the answer depends on. */
  readonly watch: ReadonlyMap<string, number | null>;
  checkedTurn: number;
}

const answers = new Map<string, Answer>();

function isCurrent(answer: Answer): boolean {
  if (answer.checkedTurn === currentTurn()) return true;
  if (answer.file !== undefined && fileModified(answer.file) === undefined) return false;
  for (const [watched, mtimeMs] of answer.watch) {
    if (pathModified(watched) !== mtimeMs) return false;
  }
  answer.checkedTurn = currentTurn();
  return true;
}

/** What one resolution looked at. */
class Lookup {
  readonly watch = new Map<string, number | null>();

  constructor(readonly dir: string) {}

  depend(target: string): void {
    if (!this.watch.has(target)) this.watch.set(target, pathModified(target));
  }

  manifest(file: string): Manifest | undefined {
    this.depend(file);
    return readManifest(file);
  }

  /** `base` as source; a miss depends on the directory where the file would appear. */
  source(base: string): string | undefined {
    const found = sourceAt(base);
    if (found === undefined) {
      this.depend(path.dirname(base));
      this.depend(base);
    }
    return found;
  }
}

function resolveNonRelative(dir: string, specifier: string): Answer {
  const lookup = new Lookup(dir);
  const found = findNonRelative(lookup, specifier);
  const file = found === undefined ? undefined : projectFile(found);
  return { file, watch: lookup.watch, checkedTurn: currentTurn() };
}

/** A found file is the project's when it is no declaration file and not under node_modules once symlinks are followed. */
function projectFile(file: string): string | undefined {
  let real: string;
  try {
    real = fs.realpathSync.native(file);
  } catch {
    return undefined;
  }
  if (real.split(path.sep).includes('node_modules')) return undefined;
  // The name relative imports use too, so that one file is not loaded under two names.
  const named = file.split(path.sep).includes('node_modules') ? real : file;
  return isSourceFile(named) ? named : undefined;
}

/** TypeScript's order: `paths`, then `baseUrl`, then package.json `imports`, then packages by name. */
function findNonRelative(lookup: Lookup, specifier: string): string | undefined {
  const config = nearestTsconfig(lookup);
  if (config) {
    const viaPaths = config.paths ? resolvePaths(lookup, config.paths, config.pathsBase, specifier) : undefined;
    if (viaPaths !== undefined) return viaPaths;
    if (config.baseUrl !== undefined) {
      const viaBaseUrl = lookup.source(path.resolve(config.baseUrl, specifier));
      if (viaBaseUrl !== undefined) return viaBaseUrl;
    }
  }
  if (specifier.startsWith('#')) return resolveSubpathImport(lookup, specifier);
  return resolvePackage(lookup, specifier);
}

// ---------------------------------------------------------------------------------------------
// tsconfig paths and baseUrl

interface Tsconfig {
  readonly paths: Readonly<Record<string, readonly string[]>> | undefined;
  readonly pathsBase: string;
  readonly baseUrl: string | undefined;
}

const nearestConfigFile = new Map<string, string | null>();
interface TsconfigEntry {
  readonly config: Tsconfig | null;
  /** The config and the configs it extends, with their modification times when read. */
  readonly files: ReadonlyMap<string, number | null>;
}

const tsconfigs = new Map<string, TsconfigEntry>();

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

function nearestTsconfig(lookup: Lookup): Tsconfig | undefined {
  const file = nearestFile(lookup.dir, CONFIG_NAMES, nearestConfigFile);
  if (file === undefined) return undefined;
  const entry = readTsconfig(file);
  for (const dependency of entry.files.keys()) lookup.depend(dependency);
  return entry.config ?? undefined;
}

/** The nearest of `names` in `dir` or above it; cached per directory. */
function nearestFile(dir: string, names: readonly string[], cache: Map<string, string | null>): string | undefined {
  const visited: string[] = [];
  let found: string | null = null;
  for (let current = dir; ; current = path.dirname(current)) {
    const cached = cache.get(current);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    visited.push(current);
    const here = names.map((name) => path.join(current, name)).find((candidate) => fileModified(candidate) !== undefined);
    if (here !== undefined) {
      found = here;
      break;
    }
    if (path.dirname(current) === current) break;
  }
  for (const directory of visited) cache.set(directory, found);
  return found ?? undefined;
}

function readTsconfig(file: string): TsconfigEntry {
  const cached = tsconfigs.get(file);
  if (cached && [...cached.files].every(([name, mtimeMs]) => pathModified(name) === mtimeMs)) return cached;
  let entry: TsconfigEntry;
  try {
    const source = ts.readJsonConfigFile(file, (name) => ts.sys.readFile(name));
    const host: ts.ParseConfigHost = {
      useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
      // Only compiler options matter here: listing the project's files would walk the whole tree.
      readDirectory: () => [],
      fileExists: (name) => ts.sys.fileExists(name),
      readFile: (name) => ts.sys.readFile(name),
    };
    const parsed = ts.parseJsonSourceFileConfigFileContent(source, host, path.dirname(file), undefined, file);
    // `baseUrl` is deprecated in TypeScript 6, and still what many projects' aliases rest on.
    const options = parsed.options as { baseUrl?: string; paths?: ts.MapLike<string[]>; pathsBasePath?: string };
    const extended = (source as { extendedSourceFiles?: readonly string[] }).extendedSourceFiles ?? [];
    // With `baseUrl`, `paths` are relative to it; without, to the config that declares them.
    const pathsBase = options.baseUrl ?? options.pathsBasePath ?? path.dirname(file);
    entry = {
      files: new Map([file, ...extended].map((name) => [name, pathModified(name)])),
      config: options.paths || options.baseUrl !== undefined ? { paths: options.paths, pathsBase, baseUrl: options.baseUrl } : null,
    };
  } catch {
    // TypeScript reports config errors as diagnostics; anything thrown still only means "no aliases".
    entry = { files: new Map([[file, pathModified(file)]]), config: null };
  }
  tsconfigs.set(file, entry);
  return entry;
}

/** TypeScript's `paths` matching: an exact key first, else the pattern with the longest prefix. */
function resolvePaths(
  lookup: Lookup,
  paths: Readonly<Record<string, readonly string[]>>,
  base: string,
  specifier: string,
): string | undefined {
  let matched: { key: string; star: string } | undefined;
  if (Object.hasOwn(paths, specifier)) matched = { key: specifier, star: '' };
  else {
    let bestPrefix = -1;
    for (const key of Object.keys(paths)) {
      const star = key.indexOf('*');
      if (star < 0 || key.indexOf('*', star + 1) >= 0) continue;
      const prefix = key.slice(0, star);
      const suffix = key.slice(star + 1);
      if (prefix.length <= bestPrefix || specifier.length < prefix.length + suffix.length) continue;
      if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
      bestPrefix = prefix.length;
      matched = { key, star: specifier.slice(prefix.length, specifier.length - suffix.length) };
    }
  }
  if (!matched) return undefined;
  for (const substitution of paths[matched.key] ?? []) {
    if (typeof substitution !== 'string') continue;
    const target = path.resolve(base, substitution.replace('*', matched.star));
    const found = fileOrPackage(lookup, target);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A path target: a source file, a build output with source next to it, or a package directory. */
function fileOrPackage(lookup: Lookup, target: string): string | undefined {
  const mapped = sourceForBuildOutput(lookup, target);
  if (mapped !== undefined) return mapped;
  if (!isInBuildOutput(target)) {
    const direct = lookup.source(target);
    if (direct !== undefined) return direct;
  }
  const manifest = path.join(target, 'package.json');
  lookup.depend(manifest);
  return pathModified(manifest) === null ? undefined : packageEntry(lookup, target, '');
}

// ---------------------------------------------------------------------------------------------
// Build output → source

/** Directories compilers write to; a package's entry there is read from its source sibling. */
const BUILD_DIRECTORIES = new Set(['dist', 'build', 'out', 'lib']);
/** Build outputs that are never hand-written source. */
const ONLY_BUILD_DIRECTORIES = new Set(['dist', 'build', 'out']);
/** Module-format folders inside a build directory (`dist/esm/index.js`). */
const FORMAT_DIRECTORIES = new Set(['esm', 'cjs', 'mjs', 'es', 'types', 'src']);

function isInBuildOutput(target: string): boolean {
  return target.split(path.sep).some((segment) => ONLY_BUILD_DIRECTORIES.has(segment));
}

/**
 * `…/dist/index.js`, `…/dist/esm/index.d.ts`, `…/build/utils/password.js` → the same path under
 * `src/` when that source file exists. Nothing is mapped to a file that is not there.
 */
function sourceForBuildOutput(lookup: Lookup, target: string): string | undefined {
  const segments = target.split(path.sep);
  let index = -1;
  for (let i = segments.length - 2; i >= 0; i--) {
    if (BUILD_DIRECTORIES.has(segments[i] ?? '') && segments[i - 1] !== 'node_modules') {
      index = i;
      break;
    }
  }
  if (index < 0) return undefined;
  const stem = (rest: readonly string[]) => rest.join(path.sep).replace(/\.d\.[cm]?ts$/u, '').replace(/\.(c|m)?jsx?$/u, '');
  const rest = segments.slice(index + 1);
  const root = segments.slice(0, index).join(path.sep) || path.sep;
  const candidates = [path.join(root, 'src', stem(rest))];
  if (rest.length > 1 && FORMAT_DIRECTORIES.has(rest[0] ?? '')) candidates.push(path.join(root, 'src', stem(rest.slice(1))));
  for (const candidate of candidates) {
    const found = lookup.source(candidate);
    if (found !== undefined) return found;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// package.json

const nearestManifestFile = new Map<string, string | null>();


/** `#src/*`: the `imports` of the nearest package.json (Node's package scope). */
function resolveSubpathImport(lookup: Lookup, specifier: string): string | undefined {
  const file = nearestFile(lookup.dir, ['package.json'], nearestManifestFile);
  if (file === undefined) return undefined;
  const manifest = lookup.manifest(file);
  const imports = manifest?.['imports'];
  if (!isObject(imports)) return undefined;
  const packageDir = path.dirname(file);
  for (const target of subpathTargets(imports, specifier)) {
    const found = target.startsWith('./')
      ? fileOrPackage(lookup, path.resolve(packageDir, target))
      : resolvePackage(new Lookup(packageDir), target);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Conditions taken, in the package's own order. Everything that runs on a server or describes
 * its types; the source a `types` or `import` entry was built from is what the analysis reads.
 */
const IGNORED_CONDITIONS = new Set(['browser', 'react-native', 'worker', 'electron', 'deno', 'bun']);

/** The targets of an `exports`/`imports` map for `key` (`.`, `./utils`, `#src/x`), most preferred first. */
function subpathTargets(map: Json, key: string): string[] {
  if (typeof map === 'string' || Array.isArray(map)) return key === '.' ? conditionLeaves(map, undefined) : [];
  if (!isObject(map)) return [];
  const keys = Object.keys(map);
  const isSubpathMap = keys.some((candidate) => candidate.startsWith('.') || candidate.startsWith('#'));
  if (!isSubpathMap) return key === '.' ? conditionLeaves(map, undefined) : [];
  if (Object.hasOwn(map, key) && !key.includes('*')) return conditionLeaves(map[key] ?? null, undefined);
  let best: { key: string; star: string } | undefined;
  for (const candidate of keys) {
    const star = candidate.indexOf('*');
    if (star < 0) {
      // Legacy folder mapping: `"./utils/": "./src/utils/"`.
      if (candidate.endsWith('/') && key.startsWith(candidate) && (!best || candidate.length > best.key.length)) {
        best = { key: candidate, star: key.slice(candidate.length) };
      }
      continue;
    }
    const prefix = candidate.slice(0, star);
    const suffix = candidate.slice(star + 1);
    if (!key.startsWith(prefix) || !key.endsWith(suffix) || key.length < prefix.length + suffix.length) continue;
    if (best && prefix.length <= best.key.indexOf('*')) continue;
    best = { key: candidate, star: key.slice(prefix.length, key.length - suffix.length) };
  }
  if (!best) return [];
  const value = map[best.key] ?? null;
  return best.key.includes('*')
    ? conditionLeaves(value, best.star)
    : conditionLeaves(value, undefined).map((target) => target + best.star);
}

function conditionLeaves(value: Json, star: string | undefined, depth = 0): string[] {
  if (depth > 8 || value === null) return [];
  if (typeof value === 'string') return [star === undefined ? value : value.replaceAll('*', star)];
  if (Array.isArray(value)) return value.flatMap((item) => conditionLeaves(item, star, depth + 1));
  if (!isObject(value)) return [];
  const out: string[] = [];
  for (const [condition, inner] of Object.entries(value)) {
    if (!IGNORED_CONDITIONS.has(condition)) out.push(...conditionLeaves(inner, star, depth + 1));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Packages by name: workspace packages are the project's; everything else is a package

function packageName(specifier: string): { name: string; subpath: string } | undefined {
  const parts = specifier.split('/');
  const count = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < count || parts.slice(0, count).some((part) => part === '' || part === '.' || part === '..')) return undefined;
  return { name: parts.slice(0, count).join('/'), subpath: parts.slice(count).join('/') };
}

function resolvePackage(lookup: Lookup, specifier: string): string | undefined {
  const parsed = packageName(specifier);
  if (!parsed) return undefined;
  const packageDir = workspacePackageDir(lookup.dir, parsed.name) ?? ownPackageDir(lookup, parsed.name) ?? linkedPackageDir(lookup.dir, parsed.name);
  return packageDir === undefined ? undefined : packageEntry(lookup, packageDir, parsed.subpath);
}

/** A package importing itself by its own name (`back-end/src/util/logger` inside back-end). */
function ownPackageDir(lookup: Lookup, name: string): string | undefined {
  const file = nearestFile(lookup.dir, ['package.json'], nearestManifestFile);
  if (file === undefined) return undefined;
  return lookup.manifest(file)?.['name'] === name ? path.dirname(file) : undefined;
}

/** A package's entry for `subpath`, as source: `exports`, else `types`/`module`/`main`, else the path itself. */
function packageEntry(lookup: Lookup, packageDir: string, subpath: string): string | undefined {
  const manifest = lookup.manifest(path.join(packageDir, 'package.json'));
  const exportsField = manifest?.['exports'];
  let targets: string[];
  if (exportsField !== undefined && exportsField !== null) {
    targets = subpathTargets(exportsField, subpath === '' ? '.' : `./${subpath}`);
  } else if (subpath !== '') {
    targets = [subpath];
  } else {
    const fields = ['source', 'types', 'typings', 'module', 'main'].map((field) => manifest?.[field]);
    targets = [...fields.filter((value): value is string => typeof value === 'string'), 'index'];
  }
  for (const target of targets) {
    if (path.isAbsolute(target)) continue;
    const found = fileOrPackageFile(lookup, path.resolve(packageDir, target));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Like `fileOrPackage`, without descending into a nested package.json. */
function fileOrPackageFile(lookup: Lookup, target: string): string | undefined {
  const mapped = sourceForBuildOutput(lookup, target);
  if (mapped !== undefined) return mapped;
  return isInBuildOutput(target) ? undefined : lookup.source(target);
}
