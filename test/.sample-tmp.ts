import fs from 'node:fs';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import blocking from '../src/rules/no-blocking-in-handler.ts';
import slow from '../src/rules/no-inline-slow-work.ts';
const dir = '/work/main/fixtures/sample-app/src';
const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
for (const file of files) {
  const code = fs.readFileSync(`${dir}/${file}`, 'utf8');
  const linter = new Linter({ configType: 'flat', cwd: '/work/main/fixtures/sample-app' });
  const messages = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as any }, plugins: { s: { rules: { b: blocking as any, w: slow as any } } }, rules: { 's/b': 'error', 's/w': 'error' } }], `${dir}/${file}`);
  for (const m of messages) console.log(file, `${m.line}:${m.column}`, m.ruleId, m.message.slice(0, 120));
}
