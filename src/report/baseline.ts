import { readFileSync } from 'node:fs';

import { compareText, type Finding } from './finding.js';

/**
 * The baseline file: problems a team accepted when adopting the tool. Only findings whose
 * fingerprint is not listed fail a run. Entries are sorted and carry no line numbers, so the
 * file changes only where findings change.
 */
export interface BaselineFile {
  readonly version: 1;
  readonly findings: readonly BaselineEntry[];
}

export interface BaselineEntry {
  readonly file: string;
  readonly ruleId: string;
  readonly fingerprint: string;
  /** For the reader of a diff; not used for matching. */
  readonly message: string;
}

export class BaselineError extends Error {}

export function readBaseline(path: string, shown = path): BaselineFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BaselineError(
      code === 'ENOENT'
        ? `baseline file ${shown} does not exist (create it with --update-baseline)`
        : `cannot read baseline file ${shown}: ${code ?? String(error)}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`baseline file ${shown} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(data) || data.version !== 1 || !Array.isArray(data.findings)) {
    throw new BaselineError(`baseline file ${shown} is malformed: expected {"version": 1, "findings": [...]}`);
  }
  const findings: BaselineEntry[] = [];
  for (const [index, entry] of data.findings.entries()) {
    if (!isRecord(entry) || typeof entry.file !== 'string' || typeof entry.ruleId !== 'string' || typeof entry.fingerprint !== 'string') {
      throw new BaselineError(`baseline file ${shown} is malformed: findings[${String(index)}] needs string "file", "ruleId" and "fingerprint"`);
    }
    findings.push({ file: entry.file, ruleId: entry.ruleId, fingerprint: entry.fingerprint, message: typeof entry.message === 'string' ? entry.message : '' });
  }
  return { version: 1, findings };
}

/** Splits findings into those the baseline lists (each entry absorbs one finding) and new ones. */
export function applyBaseline(findings: readonly Finding[], baseline: BaselineFile): { fresh: Finding[]; known: Finding[] } {
  const remaining = new Map<string, number>();
  for (const entry of baseline.findings) {
    const key = baselineKey(entry.file, entry.ruleId, entry.fingerprint);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  const fresh: Finding[] = [];
  const known: Finding[] = [];
  for (const finding of findings) {
    const key = baselineKey(finding.file, finding.ruleId ?? '', finding.fingerprint);
    const count = remaining.get(key) ?? 0;
    if (finding.ruleId !== null && count > 0) {
      remaining.set(key, count - 1);
      known.push(finding);
    } else {
      fresh.push(finding);
    }
  }
  return { fresh, known };
}

/**
 * The baseline after this run: the findings of the linted files, plus the previous entries of
 * files this run did not lint (so `--changed-since` never drops other files' entries).
 */
export function updatedBaseline(findings: readonly Finding[], lintedFiles: ReadonlySet<string>, previous: BaselineFile | undefined): BaselineFile {
  const entries: BaselineEntry[] = [];
  for (const entry of previous?.findings ?? []) {
    if (!lintedFiles.has(entry.file)) entries.push(entry);
  }
  for (const finding of findings) {
    if (finding.ruleId === null) continue;
    entries.push({ file: finding.file, ruleId: finding.ruleId, fingerprint: finding.fingerprint, message: finding.message });
  }
  entries.sort((a, b) => compareText(a.file, b.file) || compareText(a.ruleId, b.ruleId) || compareText(a.fingerprint, b.fingerprint));
  return { version: 1, findings: entries };
}

export function formatBaseline(baseline: BaselineFile): string {
  const lines = baseline.findings.map((entry) => `    ${JSON.stringify({ file: entry.file, ruleId: entry.ruleId, fingerprint: entry.fingerprint, message: entry.message })}`);
  return `{\n  "version": 1,\n  "findings": [${lines.length === 0 ? '' : `\n${lines.join(',\n')}\n  `}]\n}\n`;
}

function baselineKey(file: string, ruleId: string, fingerprint: string): string {
  return `${file}\0${ruleId}\0${fingerprint}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
