import { describe, expect, it } from 'vitest';

import { applyBaseline, formatBaseline, updatedBaseline } from '../../src/report/baseline.js';
import type { Finding } from '../../src/report/finding.js';
import { type FingerprintInput, fingerprints } from '../../src/report/fingerprint.js';

const SOURCE = `const a = 1;
await queue.add('report', {});
await queue.add('report', {});
await queue.add('other', {});
`;

function problem(line: number, overrides: Partial<FingerprintInput> = {}): FingerprintInput {
  return { ruleId: 'scalability/x', file: 'src/a.ts', messageId: 'noRetry', message: 'm', line, column: 7, endLine: line, endColumn: 31, ...overrides };
}

describe('fingerprints', () => {
  it('numbers identical problems in a file by position and tells different code apart', () => {
    const [first, second, other] = fingerprints([problem(2), problem(3), problem(4, { endColumn: 30 })], () => SOURCE);
    expect(first).toMatch(/^[0-9a-f]{20}:0$/u);
    expect(second).toBe(first?.replace(/:0$/u, ':1'));
    expect(other?.endsWith(':0')).toBe(true);
    expect(other?.split(':')[0]).not.toBe(first?.split(':')[0]);
  });

  it('ignores line moves and whitespace, not the rule, file or message id', () => {
    const [base] = fingerprints([problem(2)], () => SOURCE);
    const moved = `// new line\n\n${SOURCE.replace("queue.add('report', {})", "queue.add( 'report',  {} )")}`;
    const [afterMove] = fingerprints([problem(4, { endColumn: 35 })], () => moved);
    expect(afterMove).toBe(base);
    expect(fingerprints([problem(2, { ruleId: 'scalability/y' })], () => SOURCE)[0]).not.toBe(base);
    expect(fingerprints([problem(2, { file: 'src/b.ts' })], () => SOURCE)[0]).not.toBe(base);
    expect(fingerprints([problem(2, { messageId: 'noBackoff' })], () => SOURCE)[0]).not.toBe(base);
  });

  it('ignores numbers in messages when there is no message id', () => {
    const withoutId: FingerprintInput = { ...problem(2) };
    delete (withoutId as { messageId?: string }).messageId;
    const [a] = fingerprints([{ ...withoutId, message: 'helper() (src/x.ts:12)' }], () => SOURCE);
    const [b] = fingerprints([{ ...withoutId, message: 'helper() (src/x.ts:40)' }], () => SOURCE);
    expect(a).toBe(b);
  });
});

function finding(file: string, fingerprint: string, ruleId = 'scalability/x'): Finding {
  return { ruleId, concern: 'async-work', severity: 'error', message: `m ${fingerprint}`, file, line: 1, column: 1, fingerprint, suggestions: [] };
}

describe('baseline', () => {
  it('absorbs each listed finding once', () => {
    const baseline = { version: 1 as const, findings: [{ file: 'a.ts', ruleId: 'scalability/x', fingerprint: 'f:0', message: '' }] };
    const { fresh, known } = applyBaseline([finding('a.ts', 'f:0'), finding('a.ts', 'f:1'), finding('b.ts', 'f:0')], baseline);
    expect(known.map((entry) => [entry.file, entry.fingerprint])).toEqual([['a.ts', 'f:0']]);
    expect(fresh.map((entry) => [entry.file, entry.fingerprint])).toEqual([['a.ts', 'f:1'], ['b.ts', 'f:0']]);
  });

  it('sorts entries and keeps files the run did not lint', () => {
    const previous = { version: 1 as const, findings: [{ file: 'z.ts', ruleId: 'scalability/x', fingerprint: 'old:0', message: 'kept' }, { file: 'a.ts', ruleId: 'scalability/x', fingerprint: 'gone:0', message: 'dropped' }] };
    const next = updatedBaseline([finding('b.ts', 'b:0'), finding('a.ts', 'a:0', 'scalability/y'), finding('a.ts', 'a:0')], new Set(['a.ts', 'b.ts']), previous);
    expect(next.findings.map((entry) => `${entry.file} ${entry.ruleId} ${entry.fingerprint}`)).toEqual([
      'a.ts scalability/x a:0',
      'a.ts scalability/y a:0',
      'b.ts scalability/x b:0',
      'z.ts scalability/x old:0',
    ]);
    expect(formatBaseline(next).split('\n').filter((line) => line.startsWith('    {'))).toHaveLength(4);
    expect(JSON.parse(formatBaseline(next))).toEqual(next);
    expect(JSON.parse(formatBaseline({ version: 1, findings: [] }))).toEqual({ version: 1, findings: [] });
  });
});
