import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { rules } from '../src/rules/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Example {
  readonly kind: 'bad' | 'good';
  readonly code: string;
  readonly line: number;
}

/** Fenced ts blocks whose first line is `// ❌` or `// ✅`. */
function examples(markdown: string): Example[] {
  const found: Example[] = [];
  const pattern = /```tsx?\n(\/\/ (❌|✅)[^\n]*\n)([\s\S]*?)```/gu;
  for (const match of markdown.matchAll(pattern)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    found.push({ kind: match[2] === '❌' ? 'bad' : 'good', code: match[3] ?? '', line });
  }
  return found;
}

describe.each(Object.keys(rules))('docs/rules/%s.md examples', (name) => {
  const markdown = readFileSync(path.join(root, 'docs/rules', `${name}.md`), 'utf8');
  const blocks = examples(markdown);

  it('has at least one ❌ and one ✅ example', () => {
    expect(blocks.some((block) => block.kind === 'bad')).toBe(true);
    expect(blocks.some((block) => block.kind === 'good')).toBe(true);
  });

  it.each(blocks.map((block) => [`${block.kind} example at line ${String(block.line)}`, block] as const))('%s', (_title, block) => {
    const linter = new Linter({ configType: 'flat' });
    const messages = linter.verify(
      block.code,
      [
        {
          files: ['**/*.ts', '**/*.tsx'],
          languageOptions: { parser: tsParser },
          plugins: { scalability: plugin as never },
          rules: { [`scalability/${name}`]: 'error' },
        },
      ],
      path.join(root, 'fixtures/rule-tests/src/docs-example.ts'),
    );
    const fatal = messages.find((message) => message.fatal);
    expect(fatal?.message).toBeUndefined();
    if (block.kind === 'bad') expect(messages.length).toBeGreaterThan(0);
    else expect(messages).toEqual([]);
  });
});
