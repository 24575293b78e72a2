import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(REPO, 'dist/cli/bin.js');

/** CLI runs are slow on a busy machine: a typed run builds a TypeScript program. */
export const CLI_TIMEOUT = 240_000;

/**
 * These tests drive the BUILT binary, as a user would: `npm run build` must run first (the CI
 * script builds before testing). A missing build fails loudly instead of testing stale code.
 */
export function assertBuilt(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` before the CLI tests`);
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    const env = environment({ NO_COLOR: '1', ...options.env });
    execFile(process.execPath, [BIN, ...args], { cwd: options.cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: CLI_TIMEOUT }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** process.env with overrides; an `undefined` override removes the variable. */
export function environment(overrides: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) Reflect.deleteProperty(env, key);
    else env[key] = value;
  }
  return env;
}

const temporary: string[] = [];

/** A fresh directory; `node_modules` links to the repository's so imports resolve with types. */
export function tempProject(files: Readonly<Record<string, string>> = {}, name = 'project'): string {
  const parent = mkdtempSync(join(tmpdir(), 'scalability-cli-test-'));
  temporary.push(parent);
  const root = join(parent, name);
  mkdirSync(root);
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFiles(root, files);
  return root;
}

/** A copy of fixtures/sample-app, which other work keeps extending: assert only on what is stable. */
export function sampleAppCopy(): string {
  const root = tempProject({}, 'sample-app');
  cpSync(join(REPO, 'fixtures/sample-app'), root, {
    recursive: true,
    filter: (source) => !source.includes('/node_modules'),
  });
  return root;
}

export function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

export function cleanupTemporary(): void {
  for (const directory of temporary.splice(0)) rmSync(directory, { recursive: true, force: true });
}

/** Stack traces start lines with "    at ". */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/mu.test(text);
}
