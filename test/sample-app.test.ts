import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

import plugin from '../src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const app = path.join(root, 'fixtures/sample-app');

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
}

async function lintSampleApp(typed: boolean): Promise<Finding[]> {
  const eslint = new ESLint({
    cwd: app,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: {
          parser: tsParser,
          parserOptions: typed ? { projectService: true, tsconfigRootDir: app } : {},
        },
      },
      plugin.configs.all as Linter.Config,
    ],
  });
  const results = await eslint.lintFiles(['src']);
  const findings: Finding[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) throw new Error(`${result.filePath}: ${message.message}`);
      findings.push({ file: path.relative(app, result.filePath), line: message.line, rule: message.ruleId ?? '' });
    }
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}

/** The nearest marker comment above a line: the sample app labels every example. */
function labelAbove(file: string, line: number): 'anti-pattern' | 'correct' | undefined {
  const lines = readFileSync(path.join(app, file), 'utf8').split('\n');
  for (let index = line - 1; index >= 0; index--) {
    const text = lines[index] ?? '';
    if (/\/\/ Anti-pattern\b/u.test(text)) return 'anti-pattern';
    if (/\/\/ Correct\b/u.test(text)) return 'correct';
  }
  return undefined;
}

describe('fixtures/sample-app', () => {
  let typed: Finding[] = [];
  beforeAll(async () => {
    typed = await lintSampleApp(true);
  });

  it('matches the golden report (typed, all rules)', () => {
    const expected = JSON.parse(readFileSync(path.join(app, 'expected-report.json'), 'utf8')) as Finding[];
    expect(typed).toEqual(expected);
  });

  it('reports only under "Anti-pattern" labels, never under "Correct" ones', () => {
    for (const finding of typed) {
      expect({ ...finding, label: labelAbove(finding.file, finding.line) }).toEqual({ ...finding, label: 'anti-pattern' });
    }
  });

  it('shows every rule at least once', () => {
    const shown = new Set(typed.map((finding) => finding.rule));
    for (const name of Object.keys(plugin.rules)) expect(shown).toContain(`scalability/${name}`);
  });

  it('untyped mode reports a subset of the typed findings', async () => {
    const untyped = await lintSampleApp(false);
    const key = (finding: Finding) => `${finding.file}:${String(finding.line)}:${finding.rule}`;
    const typedKeys = new Set(typed.map(key));
    expect(untyped.map(key).filter((entry) => !typedKeys.has(entry))).toEqual([]);
  });
});
