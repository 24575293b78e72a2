import { createHash } from 'node:crypto';

/** What the fingerprint of a problem is computed from. */
export interface FingerprintInput {
  readonly ruleId: string | null;
  readonly file: string;
  readonly messageId?: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

const MAX_SNIPPET = 400;

/**
 * Fingerprints that survive unrelated edits: no line numbers go in, only the rule, the file, the
 * message id (or the message with its digits removed, since messages may cite line numbers) and
 * the reported code with all whitespace removed. Identical problems in one file are told apart
 * by their order, so a second copy of a known problem gets a new fingerprint.
 */
export function fingerprints(inputs: readonly FingerprintInput[], sourceOf: (file: string) => string | undefined): string[] {
  const lines = new Map<string, readonly string[] | undefined>();
  const linesOf = (file: string): readonly string[] | undefined => {
    if (!lines.has(file)) lines.set(file, sourceOf(file)?.split(/\r\n|\r|\n/u));
    return lines.get(file);
  };
  const bases = inputs.map((input) => baseHash(input, linesOf(input.file)));
  const order = inputs.map((_, index) => index).sort((a, b) => {
    const x = inputs[a];
    const y = inputs[b];
    if (!x || !y) return 0;
    return x.line - y.line || x.column - y.column;
  });
  const seen = new Map<string, number>();
  const result: string[] = new Array<string>(inputs.length);
  for (const index of order) {
    const base = bases[index] ?? '';
    const key = `${inputs[index]?.file ?? ''}\0${base}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    result[index] = `${base}:${String(occurrence)}`;
  }
  return result;
}

function baseHash(input: FingerprintInput, lines: readonly string[] | undefined): string {
  const snippet = lines === undefined ? '' : reportedText(lines, input);
  const message = input.messageId ?? input.message.replace(/\d+/gu, '#');
  return createHash('sha256')
    .update([input.ruleId ?? '(parse)', input.file, message, snippet].join('\0'))
    .digest('hex')
    .slice(0, 20);
}

/** The reported range's text, whitespace removed; the whole line when the end is unknown. */
export function reportedText(lines: readonly string[], input: Pick<FingerprintInput, 'line' | 'column' | 'endLine' | 'endColumn'>): string {
  const start = input.line - 1;
  if (start < 0 || start >= lines.length) return '';
  let text: string;
  if (input.endLine === undefined || input.endColumn === undefined || input.endLine < input.line) {
    text = lines[start] ?? '';
  } else {
    const end = Math.min(input.endLine - 1, lines.length - 1);
    const parts = lines.slice(start, end + 1);
    if (parts.length === 1) {
      text = (parts[0] ?? '').slice(input.column - 1, input.endColumn - 1);
    } else {
      parts[0] = (parts[0] ?? '').slice(input.column - 1);
      parts[parts.length - 1] = (parts[parts.length - 1] ?? '').slice(0, input.endColumn - 1);
      text = parts.join('\n');
    }
  }
  return text.replace(/\s+/gu, '').slice(0, MAX_SNIPPET);
}
