import type { CacheKeyEntry, ClientEntry, ConsumerEntry, EndpointEntry, EnqueueEntry, FileInventory } from '../analysis/inventory.js';
import type { RetryVerdict } from '../analysis/jobs.js';
import type { Concern } from '../util/create-rule.js';
import { compareFindings, compareText, CONCERN_LABELS, CONCERNS, type Finding, type RuleDescription, type RunSummary } from './finding.js';

type InFile<T> = T & { readonly file: string };

/** The inventory of the whole project, each entry with its repository-relative file. */
export interface ProjectInventory {
  readonly endpoints: readonly InFile<EndpointEntry>[];
  readonly enqueues: readonly InFile<EnqueueEntry>[];
  readonly consumers: readonly InFile<ConsumerEntry>[];
  readonly clients: readonly InFile<ClientEntry>[];
  readonly cacheKeys: readonly InFile<CacheKeyEntry>[];
}

export interface ConcernSection {
  readonly concern: Concern;
  readonly label: string;
  readonly errors: number;
  readonly warnings: number;
  readonly findings: readonly Finding[];
}

export interface AuditReport {
  readonly tool: { readonly name: string; readonly version: string };
  /** The project's name: the root directory's name. */
  readonly project: string;
  readonly summary: RunSummary;
  readonly inventory: ProjectInventory;
  /** All six concerns, in a fixed order, with zero counts too. */
  readonly concerns: readonly ConcernSection[];
  /** Findings of rules without a concern (none today) and parse errors. */
  readonly other: readonly Finding[];
  readonly worstFiles: readonly { readonly file: string; readonly count: number; readonly errors: number }[];
  readonly rules: ReadonlyMap<string, RuleDescription>;
}

export function mergeInventories(files: readonly { readonly file: string; readonly inventory: FileInventory }[]): ProjectInventory {
  const sorted = [...files].sort((a, b) => compareText(a.file, b.file));
  const tag = <T>(file: string, entries: readonly T[]): InFile<T>[] => entries.map((entry) => ({ ...entry, file }));
  return {
    endpoints: sorted.flatMap(({ file, inventory }) => tag(file, inventory.endpoints)),
    enqueues: sorted.flatMap(({ file, inventory }) => tag(file, inventory.enqueues)),
    consumers: sorted.flatMap(({ file, inventory }) => tag(file, inventory.consumers)),
    clients: sorted.flatMap(({ file, inventory }) => tag(file, inventory.clients)),
    cacheKeys: sorted.flatMap(({ file, inventory }) => tag(file, inventory.cacheKeys)),
  };
}

export const WORST_FILES = 10;

export function buildAudit(input: {
  readonly tool: { readonly name: string; readonly version: string };
  readonly project: string;
  readonly summary: RunSummary;
  readonly inventory: ProjectInventory;
  readonly findings: readonly Finding[];
  readonly rules: readonly RuleDescription[];
}): AuditReport {
  const findings = [...input.findings].sort(compareFindings);
  const concerns = CONCERNS.map((concern): ConcernSection => {
    const own = findings.filter((finding) => finding.concern === concern);
    return {
      concern,
      label: CONCERN_LABELS[concern],
      errors: own.filter((finding) => finding.severity === 'error').length,
      warnings: own.filter((finding) => finding.severity === 'warning').length,
      findings: own,
    };
  });
  const byFile = new Map<string, { count: number; errors: number }>();
  for (const finding of findings) {
    const entry = byFile.get(finding.file) ?? { count: 0, errors: 0 };
    entry.count++;
    if (finding.severity === 'error') entry.errors++;
    byFile.set(finding.file, entry);
  }
  const worstFiles = [...byFile.entries()]
    .map(([file, counts]) => ({ file, ...counts }))
    .sort((a, b) => b.count - a.count || b.errors - a.errors || compareText(a.file, b.file))
    .slice(0, WORST_FILES);
  return {
    tool: input.tool,
    project: input.project,
    summary: input.summary,
    inventory: input.inventory,
    concerns,
    other: findings.filter((finding) => finding.concern === null),
    worstFiles,
    rules: new Map(input.rules.map((rule) => [rule.id, rule])),
  };
}

export const RETRY_LABELS: Readonly<Record<RetryVerdict, string>> = {
  ok: 'retries with backoff',
  'no-retry': 'runs once (no retry)',
  'no-backoff': 'retries without backoff',
  unknown: 'not statically known',
};

export const EXPIRY_LABELS: Readonly<Record<'yes' | 'no' | 'unknown', string>> = {
  yes: 'TTL set',
  no: '**no TTL**',
  unknown: 'not statically known',
};

export const SCOPE_LABELS: Readonly<Record<ClientEntry['scope'], string>> = {
  module: 'once per process',
  handler: 'per request or job',
  function: 'inside a function',
};

/** The short rule name of `scalability/<name>`. */
export function ruleName(ruleId: string | null): string {
  if (ruleId === null) return 'parse error';
  const slash = ruleId.indexOf('/');
  return slash === -1 ? ruleId : ruleId.slice(slash + 1);
}

export function totalFindings(report: AuditReport): number {
  return report.concerns.reduce((sum, section) => sum + section.findings.length, 0) + report.other.length;
}
