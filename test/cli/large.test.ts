import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { JsonReport } from '../../src/report/finding.js';
import { ordersApi } from './fixture-projects.js';
import { assertBuilt, BIN, cleanupTemporary, CLI_TIMEOUT, environment, runCli, tempProject } from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemporary);

function withoutTiming(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

describe('large repositories', () => {
  it('reports the same findings with worker threads as without', { timeout: CLI_TIMEOUT * 2 }, async () => {
    const project = tempProject(ordersApi());
    const single = await runCli(['--format', 'json'], { cwd: project });
    const threaded = await runCli(['--format', 'json', '--concurrency', '2'], { cwd: project });
    // ESLint may warn that two threads do not pay off on four files; nothing else is printed.
    expect(threaded.stderr).not.toContain('scalability-lint:');
    expect(threaded.code).toBe(single.code);
    expect(withoutTiming(threaded.stdout)).toEqual(withoutTiming(single.stdout));
  });

  it('writes and reuses the cache at --cache-location', { timeout: CLI_TIMEOUT * 2 }, async () => {
    const project = tempProject(ordersApi());
    const args = ['--no-type-info', '--format', 'json', '--cache', '--cache-location', 'tmp/lint-cache'];
    const first = await runCli(args, { cwd: project });
    expect(existsSync(join(project, 'tmp/lint-cache'))).toBe(true);
    const second = await runCli(args, { cwd: project });
    expect(second.code).toBe(first.code);
    expect(withoutTiming(second.stdout)).toEqual(withoutTiming(first.stdout));
  });

  it('shows a progress line on a TTY stderr, and none in CI or with machine formats', { timeout: CLI_TIMEOUT * 2 }, async () => {
    const project = tempProject(ordersApi());
    // script(1) gives the CLI a pseudo-terminal, as an interactive shell would.
    const inTty = (args: string, env: Record<string, string | undefined>) =>
      new Promise<string>((resolvePromise, reject) => {
        execFile('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args}`, '/dev/null'], { cwd: project, env: environment(env), timeout: CLI_TIMEOUT }, (error, stdout) => {
          if (error && typeof error.code !== 'number') reject(new Error(`script(1) failed: ${error.message}`));
          else resolvePromise(stdout);
        });
      });
    const interactive = await inTty('--no-type-info', { CI: undefined });
    expect(interactive).toMatch(/scalability-lint: 4\/4 files, \d+\.\ds/u);
    const ci = await inTty('--no-type-info', { CI: 'true' });
    expect(ci).not.toContain('files, ');
    const json = await inTty('--no-type-info --format json', { CI: undefined });
    expect(json).not.toContain('files, ');
  });
});
