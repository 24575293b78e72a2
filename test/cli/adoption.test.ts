import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { BaselineFile } from '../../src/report/baseline.js';
import type { JsonReport } from '../../src/report/finding.js';
import { ordersApi, OUTSIDE_JS, ROUTES_TS } from './fixture-projects.js';
import { assertBuilt, cleanupTemporary, CLI_TIMEOUT, runCli, tempProject, writeFiles } from './helpers.js';

const RETRY_RULE = 'scalability/require-job-retry-options';

beforeAll(assertBuilt);
afterAll(cleanupTemporary);

function readBaselineFile(project: string): BaselineFile {
  return JSON.parse(readFileSync(join(project, '.scalability-baseline.json'), 'utf8')) as BaselineFile;
}

function retryFindings(stdout: string): JsonReport['findings'] {
  return (JSON.parse(stdout) as JsonReport).findings.filter((finding) => finding.ruleId === RETRY_RULE);
}

describe('--baseline and --update-baseline', () => {
  it('adopts the current findings, then fails only on new ones', { timeout: CLI_TIMEOUT * 2 }, async () => {
    const project = tempProject(ordersApi());
    const baselineArgs = ['--no-type-info', '--baseline', '.scalability-baseline.json'];

    const update = await runCli([...baselineArgs, '--update-baseline'], { cwd: project });
    expect(update.code).toBe(0);
    expect(update.stdout).toBe('');
    expect(update.stderr).toMatch(/^scalability-lint: wrote \d+ findings? to \.scalability-baseline\.json\n$/u);

    // Sorted, one finding per line, no line numbers: diffs show only changed findings.
    const text = readFileSync(join(project, '.scalability-baseline.json'), 'utf8');
    const baseline = readBaselineFile(project);
    const retry = baseline.findings.filter((entry) => entry.ruleId === RETRY_RULE);
    expect(retry.map((entry) => entry.file)).toEqual(['scripts/outside.js', 'src/routes.ts']);
    const keys = baseline.findings.map((entry) => `${entry.file}\0${entry.ruleId}\0${entry.fingerprint}`);
    expect(keys).toEqual([...keys].sort());
    expect(text).not.toMatch(/"line"/u);
    for (const entry of baseline.findings) expect(text).toContain(`    ${JSON.stringify(entry)}`);

    const clean = await runCli(baselineArgs, { cwd: project });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('');
    expect(clean.stderr).toMatch(/matched the baseline and (?:was|were) not reported/u);

    // Unrelated edits above the finding do not invalidate it.
    writeFiles(project, { 'src/routes.ts': `import { randomUUID } from 'node:crypto';\n\nexport const requestId = () => randomUUID();\n\n${ROUTES_TS}` });
    const moved = await runCli([...baselineArgs, '--format', 'json'], { cwd: project });
    expect(moved.code).toBe(0);
    expect(retryFindings(moved.stdout)).toEqual([]);

    // A second, identical problem in the same file is new.
    writeFiles(project, {
      'src/routes.ts': `${readFileSync(join(project, 'src/routes.ts'), 'utf8')}
router.post('/reports/again', async (req, res) => {
  const job = await reportQueue.add('build-report', { id: String(req.body.id) });
  res.status(202).json({ id: job.id });
});
`,
    });
    const second = await runCli([...baselineArgs, '--format', 'json'], { cwd: project });
    expect(second.code).toBe(1);
    const fresh = retryFindings(second.stdout);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.file).toBe('src/routes.ts');
    expect((JSON.parse(second.stdout) as JsonReport).summary.baselined).toBe(baseline.findings.length);
  });

  it('keeps the entries of files a partial run did not lint', { timeout: CLI_TIMEOUT }, async () => {
    const project = tempProject(ordersApi());
    const args = ['--no-type-info', '--baseline', '.scalability-baseline.json', '--update-baseline'];
    expect((await runCli(args, { cwd: project })).code).toBe(0);
    const full = readBaselineFile(project);
    writeFiles(project, { 'src/routes.ts': ROUTES_TS.replace("reportQueue.add('build-report', { id: String(req.body.id) })", "reportQueue.add('build-report', { id: String(req.body.id) }, { attempts: 3, backoff: { type: 'exponential', delay: 500 } })") });
    expect((await runCli([...args, 'src/routes.ts'], { cwd: project })).code).toBe(0);
    const partial = readBaselineFile(project);
    expect(partial.findings.filter((entry) => entry.ruleId === RETRY_RULE).map((entry) => entry.file)).toEqual(['scripts/outside.js']);
    expect(partial.findings.filter((entry) => entry.file !== 'src/routes.ts')).toEqual(full.findings.filter((entry) => entry.file !== 'src/routes.ts'));
  });
});

describe('--changed-since', () => {
  function git(cwd: string, ...args: string[]): void {
    execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', '-c', 'init.defaultBranch=main', ...args], { cwd, stdio: 'ignore' });
  }

  it('lints only files changed since the ref plus untracked files', { timeout: CLI_TIMEOUT * 2 }, async () => {
    const project = tempProject(ordersApi());
    writeFileSync(join(project, '.gitignore'), 'node_modules\nignored.ts\n');
    git(project, 'init', '-q');
    git(project, 'add', '.');
    git(project, 'commit', '-q', '-m', 'initial');
    git(project, 'checkout', '-q', '-b', 'feature');

    const none = await runCli(['--changed-since', 'main'], { cwd: project });
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe('scalability-lint: no files changed since main\n');

    // A committed change on the branch, an uncommitted one, an untracked file, and an ignored one.
    writeFiles(project, { 'scripts/outside.js': `${OUTSIDE_JS}\n// touched\n` });
    git(project, 'commit', '-q', '-am', 'touch the script');
    writeFiles(project, {
      'src/worker.ts': `${readFileSync(join(project, 'src/worker.ts'), 'utf8')}\n// touched\n`,
      'src/new-route.ts': `import { reportQueue } from './queue.js';\n\nexport async function rebuild(): Promise<void> {\n  await reportQueue.add('rebuild', {});\n}\n`,
      'ignored.ts': `import { reportQueue } from './src/queue.js';\n\nawait reportQueue.add('ignored', {});\n`,
    });

    const result = await runCli(['--changed-since', 'main', '--format', 'json'], { cwd: project });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.summary.files).toBe(3);
    // src/routes.ts has a problem but did not change; the new file still sees the queue's
    // construction in an unchanged file.
    expect(retryFindings(result.stdout).map((finding) => [finding.file, finding.line])).toEqual([
      ['scripts/outside.js', 4],
      ['src/new-route.ts', 4],
    ]);
  });

  it('fails with exit 2 on a ref that does not exist', { timeout: CLI_TIMEOUT }, async () => {
    const project = tempProject(ordersApi());
    git(project, 'init', '-q');
    const result = await runCli(['--changed-since', 'no-such-branch'], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('scalability-lint: --changed-since: "no-such-branch" is not a commit of this repository (in CI, fetch it first, e.g. actions/checkout with fetch-depth: 0)\n');
  });
});
