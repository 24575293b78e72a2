import type { Finding, JsonReport, RuleDescription, RunSummary } from './finding.js';
import { toSarif } from './sarif.js';

export type { Finding, JsonReport, RuleDescription, RunSummary } from './finding.js';

/** What every reporter gets. `findings` are the ones this run reports (after the baseline). */
export interface ReporterContext {
  readonly tool: { readonly name: string; readonly version: string; readonly informationUri: string };
  readonly root: string;
  readonly findings: readonly Finding[];
  readonly rules: readonly RuleDescription[];
  readonly summary: RunSummary;
  /** ESLint's own `stylish` output of the same findings, rendered by the CLI. */
  readonly stylish: () => Promise<string>;
}

export type Reporter = (context: ReporterContext) => string | Promise<string>;

/** `--format` values. Adding a format is adding an entry here. */
export const reporters = {
  stylish: (context) => context.stylish(),
  json: (context) => {
    const report: JsonReport = {
      schemaVersion: 1,
      tool: { name: context.tool.name, version: context.tool.version },
      summary: context.summary,
      findings: context.findings,
    };
    return `${JSON.stringify(report, null, 2)}\n`;
  },
  sarif: (context) =>
    `${JSON.stringify(toSarif({ tool: context.tool, root: context.root, rules: context.rules, findings: context.findings }), null, 2)}\n`,
} satisfies Record<string, Reporter>;

export type FormatName = keyof typeof reporters;

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(reporters, name);
}
