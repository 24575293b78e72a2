import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import type { ErrorObject } from 'ajv';
import type * as Sarif from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ordersApi, ROUTES_TS } from './fixture-projects.js';
import { assertBuilt, cleanupTemporary, CLI_TIMEOUT, runCli, sampleAppCopy, tempProject } from './helpers.js';

const RETRY_RULE = 'scalability/require-job-retry-options';

beforeAll(assertBuilt);
afterAll(cleanupTemporary);

/** The SARIF 2.1.0 JSON schema (rtm.5, the version GitHub code scanning validates against), shipped by @microsoft/jest-sarif: no network. */
function sarifValidator() {
  const require = createRequire(import.meta.url);
  const schemaPath = join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  // Both packages are CommonJS with a `default` export; require() sidesteps ESM interop typing.
  const Ajv = (require('ajv-draft-04') as { default: AjvConstructor }).default;
  const addFormats = (require('ajv-formats') as { default: (ajv: AjvInstance) => void }).default;
  // The published schema's `language` pattern is not valid as a unicode RegExp.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

interface Validate {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
interface AjvInstance {
  compile(schema: object): Validate;
}
type AjvConstructor = new (options: Record<string, unknown>) => AjvInstance;

function parseSarif(text: string): Sarif.Log {
  return JSON.parse(text) as Sarif.Log;
}

describe('--format sarif', () => {
  it('writes SARIF 2.1.0 that validates against the schema, with rules, relative locations and fingerprints', { timeout: CLI_TIMEOUT }, async () => {
    const project = tempProject(ordersApi());
    const result = await runCli(['--format', 'sarif'], { cwd: project });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const log = parseSarif(result.stdout);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The validator can fail: a log without runs or with a bad level is rejected.
    expect(validate({ version: '2.1.0' })).toBe(false);
    expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ message: { text: 'x' }, level: 'fatal' }] }] })).toBe(false);

    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run?.tool.driver.name).toBe('scalability-lint');
    const rules = run?.tool.driver.rules ?? [];
    const retryRule = rules.find((rule) => rule.id === RETRY_RULE);
    expect(retryRule).toMatchObject({
      shortDescription: { text: 'Require a retry policy (attempts and backoff) on enqueued jobs' },
      helpUri: expect.stringMatching(/\/docs\/rules\/require-job-retry-options\.md$/u) as unknown,
      defaultConfiguration: { level: 'error' },
    });
    // One entry per rule.
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);

    const results = (run?.results ?? []).filter((entry) => entry.ruleId === RETRY_RULE);
    const locations = results.map((entry) => {
      const physical = entry.locations?.[0]?.physicalLocation;
      return [physical?.artifactLocation?.uri, physical?.artifactLocation?.uriBaseId, physical?.region?.startLine];
    });
    expect(locations).toEqual([
      ['scripts/outside.js', '%SRCROOT%', 4],
      ['src/routes.ts', '%SRCROOT%', 9],
    ]);
    for (const entry of results) {
      expect(entry.level).toBe('error');
      expect(rules[entry.ruleIndex ?? -1]?.id).toBe(RETRY_RULE);
      expect(entry.partialFingerprints?.['scalabilityLint/v1']).toMatch(/^[0-9a-f]{20}:\d+$/u);
    }
    expect(run?.originalUriBaseIds?.['%SRCROOT%']?.uri).toBe(`file://${project}/`);
  });

  it('keeps fingerprints when lines are added above a finding', { timeout: CLI_TIMEOUT }, async () => {
    const project = tempProject(ordersApi());
    const before = parseSarif((await runCli(['--format', 'sarif', '--no-type-info', 'src'], { cwd: project })).stdout);
    writeFileSync(join(project, 'src/routes.ts'), `// A comment\n\n// and a blank line above everything\n${ROUTES_TS}`);
    const after = parseSarif((await runCli(['--format', 'sarif', '--no-type-info', 'src'], { cwd: project })).stdout);
    const prints = (log: Sarif.Log) =>
      (log.runs[0]?.results ?? []).filter((entry) => entry.ruleId === RETRY_RULE).map((entry) => [entry.partialFingerprints?.['scalabilityLint/v1'], entry.locations?.[0]?.physicalLocation?.region?.startLine]);
    const [[printBefore, lineBefore]] = prints(before) as [[string, number]];
    const [[printAfter, lineAfter]] = prints(after) as [[string, number]];
    expect(lineAfter).toBe(lineBefore + 3);
    expect(printAfter).toBe(printBefore);
  });

  it('validates on the sample app and writes to --output-file', { timeout: CLI_TIMEOUT }, async () => {
    const app = sampleAppCopy();
    const result = await runCli(['--format', 'sarif', '-o', 'results.sarif'], { cwd: app });
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const log = parseSarif(readFileSync(join(app, 'results.sarif'), 'utf8'));
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const uris = (log.runs[0]?.results ?? []).map((entry) => entry.locations?.[0]?.physicalLocation?.artifactLocation?.uri);
    expect(uris).toContain('src/routes/orders.ts');
    expect(uris.every((uri) => uri !== undefined && !uri.startsWith('/') && !uri.startsWith('file:'))).toBe(true);
  });

  it('writes a valid empty log for a clean run', { timeout: CLI_TIMEOUT }, async () => {
    const project = tempProject(ordersApi());
    const result = await runCli(['--format', 'sarif', '--no-type-info', '--rule', 'require-job-retry-options=off', 'src/worker.ts'], { cwd: project });
    expect(result.code).toBe(0);
    const log = parseSarif(result.stdout);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.runs[0]?.results).toEqual([]);
  });
});
