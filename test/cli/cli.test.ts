import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { JsonReport } from '../../src/report/finding.js';
import { cleanProject, ordersApi } from './fixture-projects.js';
import { assertBuilt, cleanupTemporary, CLI_TIMEOUT, hasStackTrace, runCli, sampleAppCopy, tempProject } from './helpers.js';

const RETRY_RULE = 'scalability/require-job-retry-options';

beforeAll(assertBuilt);
afterAll(cleanupTemporary);

function retryFindings(stdout: string): JsonReport['findings'] {
  const report = JSON.parse(stdout) as JsonReport;
  return report.findings.filter((finding) => finding.ruleId === RETRY_RULE);
}

describe('scalability-lint on the sample app', () => {
  it('prints stylish output and exits 1 on the report queue without retries', { timeout: CLI_TIMEOUT }, async () => {
    const app = sampleAppCopy();
    const result = await runCli([], { cwd: app });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(join(app, 'src/routes/orders.ts'));
    expect(result.stdout).toMatch(/\d+:\d+\s+error\s+BullMQ runs job 'order-report' once/u);
    expect(result.stdout).toContain(RETRY_RULE);
    expect(result.stdout).toMatch(/✖ \d+ problems? \(\d+ errors?, \d+ warnings?\)/u);
  });

  it('lints a path given relative to the working directory', { timeout: CLI_TIMEOUT }, async () => {
    const app = sampleAppCopy();
    const result = await runCli(['--format', 'json', 'sample-app/src/routes'], { cwd: join(app, '..') });
    expect(result.code).toBe(1);
    const findings = retryFindings(result.stdout);
    expect(findings.map((finding) => finding.file)).toContain('sample-app/src/routes/orders.ts');
    expect(findings.every((finding) => finding.file.startsWith('sample-app/src/routes/'))).toBe(true);
  });
});

describe('scalability-lint on its own fixture project', () => {
  it('reports the JSON contract with type information and exits 1', { timeout: CLI_TIMEOUT }, async () => {
    const project = tempProject(ordersApi());
    const result = await runCli(['--format', 'json'], { cwd: project });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.schemaVersion).toBe(1);
    expect(report.tool.name).toBe('scalability-lint');
    // The script outside tsconfig's include is linted too, without type information and without a parse error.
    expect(report.summary.files).toBe(4);
    expect(report.findings.filter((finding) => finding.fatal)).toEqual([]);
    const findings = retryFindings(result.stdout);
    expect(findings.map((finding) => [finding.file, finding.line, finding.messageId])).toEqual([
      ['scripts/outside.js', 4, 'noRetry'],
      ['src/routes.ts', 9, 'noRetry'],
    ]);
    const routes = findings[1];
    expect(routes).toMatchObject({
      ruleId: RETRY_RULE,
      concern: 'async-work',
      severity: 'error',
      column: 21,
      docsUrl: expect.stringMatching(/docs\/rules\/require-job-retry-options\.md$/u) as unknown,
      suggestions: ["Add { attempts: 3, backoff: { type: 'exponential', delay: 1000 } }."],
    });
    expect(routes?.message).toContain("BullMQ runs job 'build-report' once");
    expect(routes?.fingerprint).toMatch(/^[0-9a-f]{20}:0$/u);
  });

  it('exits 0 on a clean project and prints nothing', { timeout: CLI_TIMEOUT }, async () => {
    const project = tempProject(cleanProject());
    const result = await runCli([], { cwd: project });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('turns a rule off or down to a warning with --rule, and honours --max-warnings and --quiet', { timeout: CLI_TIMEOUT }, async () => {
    const project = tempProject(ordersApi());
    const off = await runCli(['--no-type-info', '--format', 'json', '--rule', 'require-job-retry-options=off'], { cwd: project });
    expect(retryFindings(off.stdout)).toEqual([]);

    const warn = await runCli(['--no-type-info', '--format', 'json', '--rule', `${RETRY_RULE}=warn`], { cwd: project });
    expect(retryFindings(warn.stdout).map((finding) => finding.severity)).toEqual(['warning', 'warning']);

    const overLimit = await runCli(['--no-type-info', '--rule', 'require-job-retry-options=warn', '--max-warnings', '1'], { cwd: project });
    expect(overLimit.code).toBe(1);
    expect(overLimit.stderr).toContain('too many warnings (2, maximum 1)');

    const quiet = await runCli(['--no-type-info', '--rule', 'require-job-retry-options=warn', '--quiet', '--format', 'json'], { cwd: project });
    expect(retryFindings(quiet.stdout)).toEqual([]);
  });

  it('writes the output to a file with --output-file', { timeout: CLI_TIMEOUT }, async () => {
    const project = tempProject(ordersApi());
    const result = await runCli(['--no-type-info', '--format', 'json', '--output-file', 'out/lint.json', 'src'], { cwd: project });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const report = JSON.parse(readFileSync(join(project, 'out/lint.json'), 'utf8')) as JsonReport;
    expect(report.findings.some((finding) => finding.file === 'src/routes.ts' && finding.ruleId === RETRY_RULE)).toBe(true);
  });

  it('prints help and version', { timeout: CLI_TIMEOUT }, async () => {
    const project = tempProject();
    const help = await runCli(['--help'], { cwd: project });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: scalability-lint [options] [paths...]');
    const version = await runCli(['--version'], { cwd: project });
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/u);
  });
});

describe.concurrent('bad input: one line on stderr, exit 2, no stack trace', () => {
  const cases: { name: string; args: string[]; setup?: (project: string) => void; message: RegExp }[] = [
    { name: 'unknown flag', args: ['--bogus'], message: /^scalability-lint: Unknown option '--bogus'\. \(see --help\)$/u },
    { name: 'missing path', args: ['does-not-exist'], message: /^scalability-lint: no such file or directory: does-not-exist$/u },
    { name: 'non-source file', args: ['package.json'], message: /^scalability-lint: not a JavaScript or TypeScript file: package\.json$/u },
    { name: 'unknown format', args: ['--format', 'xml'], message: /^scalability-lint: unknown format "xml"/u },
    { name: 'unknown preset', args: ['--config', 'loose'], message: /^scalability-lint: unknown config "loose"/u },
    { name: 'unknown rule', args: ['--rule', 'no-such-rule=off'], message: /^scalability-lint: unknown rule "no-such-rule"/u },
    { name: 'bad severity', args: ['--rule', 'require-job-retry-options=loud'], message: /^scalability-lint: --rule expects <rule>=off\|warn\|error/u },
    { name: 'bad --max-warnings', args: ['--max-warnings', 'many'], message: /^scalability-lint: --max-warnings expects a non-negative integer/u },
    { name: 'bad --concurrency', args: ['--concurrency', '0'], message: /^scalability-lint: --concurrency expects a positive integer/u },
    { name: 'bad report extension', args: ['--report', 'audit.pdf'], message: /^scalability-lint: --report expects a file ending in \.html or \.md/u },
    { name: '--update-baseline without --baseline', args: ['--update-baseline'], message: /^scalability-lint: --update-baseline needs --baseline/u },
    { name: 'missing baseline', args: ['--baseline', 'nope.json'], message: /^scalability-lint: baseline file nope\.json does not exist/u },
    {
      name: 'malformed baseline JSON',
      args: ['--baseline', 'baseline.json'],
      setup: (project) => {
        writeFileSync(join(project, 'baseline.json'), '{"version": 1, "findings": [}');
      },
      message: /^scalability-lint: baseline file baseline\.json is not valid JSON/u,
    },
    {
      name: 'baseline of the wrong shape',
      args: ['--baseline', 'baseline.json'],
      setup: (project) => {
        writeFileSync(join(project, 'baseline.json'), '{"version": 1, "findings": [{"file": 3}]}');
      },
      message: /^scalability-lint: baseline file baseline\.json is malformed/u,
    },
    {
      name: 'unreadable tsconfig',
      args: [],
      setup: (project) => {
        writeFileSync(join(project, 'tsconfig.json'), '{ "compilerOptions": { ');
      },
      message: /^scalability-lint: cannot read tsconfig\.json: .+ \(fix it, or run with --no-type-info\)$/u,
    },
    {
      name: 'tsconfig extending a missing file',
      args: [],
      setup: (project) => {
        writeFileSync(join(project, 'tsconfig.json'), '{ "extends": "./missing.json" }');
      },
      message: /^scalability-lint: cannot use tsconfig\.json: .*missing\.json/u,
    },
    { name: 'not a git repository', args: ['--changed-since', 'main'], message: /^scalability-lint: --changed-since needs a git repository/u },
  ];

  for (const testCase of cases) {
    it(testCase.name, { timeout: CLI_TIMEOUT }, async ({ expect }) => {
      const project = tempProject(cleanProject());
      testCase.setup?.(project);
      const result = await runCli(testCase.args, { cwd: project });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      const lines = result.stderr.split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(testCase.message);
      expect(hasStackTrace(result.stderr)).toBe(false);
    });
  }

  it('lints the project without type information when asked, despite a broken tsconfig', { timeout: CLI_TIMEOUT }, async ({ expect }) => {
    const project = tempProject(cleanProject());
    writeFileSync(join(project, 'tsconfig.json'), '{ "compilerOptions": { ');
    const result = await runCli(['--no-type-info'], { cwd: project });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
