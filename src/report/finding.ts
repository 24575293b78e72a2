import type { Concern } from '../util/create-rule.js';

/**
 * The stable JSON contract of one problem the CLI found. `--format json` prints these, the
 * SARIF, baseline and audit reporters read them; nothing downstream reads ESLint's raw results.
 */
export interface Finding {
  /** `scalability/<rule-name>`, or null for a file ESLint could not parse. */
  readonly ruleId: string | null;
  /** The concern the rule belongs to (its `meta.docs.concern`). */
  readonly concern: Concern | null;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** ESLint's message id, when the rule used one. */
  readonly messageId?: string;
  /** Path relative to the repository root, with forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /**
   * Survives edits elsewhere in the file: a hash of the rule, the file, the message id and the
   * reported code (whitespace-insensitive), plus the occurrence number among identical problems.
   */
  readonly fingerprint: string;
  /** The rule's documentation. */
  readonly docsUrl?: string;
  /** Descriptions of the suggestions the rule offers (apply them in an editor). */
  readonly suggestions: readonly string[];
  /** A parse error: the file was not linted. */
  readonly fatal?: true;
}

export const CONCERNS: readonly Concern[] = ['statelessness', 'caching', 'async-work', 'data-access', 'backpressure', 'idempotency'];

export const CONCERN_LABELS: Readonly<Record<Concern, string>> = {
  statelessness: 'Statelessness',
  caching: 'Caching',
  'async-work': 'Async work',
  'data-access': 'Data access',
  backpressure: 'Backpressure',
  idempotency: 'Idempotency',
};

/** What a run saw, beside its findings. */
export interface RunSummary {
  /** Files linted. */
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  /** Findings hidden because the baseline lists them. */
  readonly baselined: number;
}

/** A rule as the reporters describe it. */
export interface RuleDescription {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly concern: Concern | null;
  readonly docsUrl?: string;
  readonly level: 'error' | 'warning';
}

/** `--format json`: everything a script needs, versioned. */
export interface JsonReport {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: string; readonly version: string };
  readonly summary: RunSummary;
  readonly findings: readonly Finding[];
}

/** Code-unit order, independent of the machine's locale, so output is the same everywhere. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFindings(a: Finding, b: Finding): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.ruleId ?? '', b.ruleId ?? '');
}
