import { readFileSync } from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { it } from 'vitest';
import a from '../src/rules/no-query-in-loop.js';
import b from '../src/rules/no-unbounded-query.js';
import c from '../src/rules/no-client-per-request.js';
const rules = { 'no-query-in-loop': a, 'no-unbounded-query': b, 'no-client-per-request': c } as Record<string, unknown>;
for (const typed of [false]) it(`sample ${typed}`, () => {
  const file = path.resolve('fixtures/sample-app/src/reports/router.ts');
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(readFileSync(file, 'utf8'), [{ files: ['**/*.ts'], languageOptions: { parser: tsParser, parserOptions: typed ? { projectService: true, tsconfigRootDir: path.resolve('fixtures/sample-app') } : {} }, plugins: { scalability: { rules } as never }, rules: { 'scalability/no-query-in-loop': 'error', 'scalability/no-unbounded-query': 'error', 'scalability/no-client-per-request': 'error' } }], file);
  console.log(typed, messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message.slice(0, 60)}`).join('\n'));
});
