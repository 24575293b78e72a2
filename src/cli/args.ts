import { parseArgs } from 'node:util';

import { type FormatName, isFormatName, reporters } from '../report/index.js';

/** A mistake in how the CLI was called or configured: one line on stderr, exit code 2. */
export class UsageError extends Error {}

export type Preset = 'recommended' | 'strict' | 'all';
export type Severity = 'off' | 'warn' | 'error';

export interface CliOptions {
  readonly paths: readonly string[];
  readonly format: FormatName;
  readonly outputFile: string | undefined;
  readonly preset: Preset;
  readonly rules: ReadonlyMap<string, Severity>;
  readonly typeInfo: boolean;
  readonly maxWarnings: number | undefined;
  readonly quiet: boolean;
  readonly baseline: string | undefined;
  readonly updateBaseline: boolean;
  readonly changedSince: string | undefined;
  readonly concurrency: number | 'auto' | 'off';
  readonly cache: boolean;
  readonly cacheLocation: string | undefined;
  readonly reports: readonly string[];
  readonly ignorePatterns: readonly string[];
  readonly help: boolean;
  readonly version: boolean;
}

export const HELP = `Usage: scalability-lint [options] [paths...]
       scalability-lint codemod <name> [paths...] [--write]   (see docs/codemods.md)

Finds scalability anti-patterns in Node.js/TypeScript backends (default path: .).
Type information is used when a tsconfig.json covers the linted files.

Output:
  -f, --format <name>          ${Object.keys(reporters).join(' | ')} (default: stylish)
  -o, --output-file <file>     Write the formatted output to a file instead of stdout
      --report <file>          Also write the scalability audit (.html or .md); repeatable
      --quiet                  Report errors only

Rules:
  -c, --config <preset>        recommended | strict | all (default: recommended)
      --rule <id>=<severity>   Override one rule: off | warn | error; repeatable
      --no-type-info           Do not use TypeScript type information
      --max-warnings <n>       Exit 1 when there are more than n warnings

Adoption and CI:
      --baseline <file>        Fail only on findings not listed in this file
      --update-baseline        Write the current findings to the --baseline file
      --changed-since <ref>    Lint only files changed since a git ref (and untracked files)
      --ignore-pattern <glob>  Skip files matching this glob; repeatable

Large repositories:
      --concurrency <n|auto|off>  Lint with worker threads (default: off)
      --cache                  Only re-lint changed files
      --cache-location <path>  Cache file (default: .scalability-lint-cache)

  -h, --help                   Show this help
  -v, --version                Show the version

Exit codes: 0 no errors, 1 errors (or more warnings than --max-warnings), 2 usage or configuration error.
`;

const PRESETS: readonly Preset[] = ['recommended', 'strict', 'all'];
const SEVERITIES: readonly Severity[] = ['off', 'warn', 'error'];

export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        'output-file': { type: 'string', short: 'o' },
        report: { type: 'string', multiple: true },
        quiet: { type: 'boolean' },
        config: { type: 'string', short: 'c' },
        rule: { type: 'string', multiple: true },
        'no-type-info': { type: 'boolean' },
        'max-warnings': { type: 'string' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'boolean' },
        'changed-since': { type: 'string' },
        'ignore-pattern': { type: 'string', multiple: true },
        concurrency: { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(`${firstLine((error as Error).message)} (see --help)`);
  }
  const { values, positionals } = parsed;

  const format = values.format ?? 'stylish';
  if (!isFormatName(format)) throw new UsageError(`unknown format "${format}": use one of ${Object.keys(reporters).join(', ')}`);

  const preset = values.config ?? 'recommended';
  if (!PRESETS.includes(preset as Preset)) throw new UsageError(`unknown config "${preset}": use one of ${PRESETS.join(', ')}`);

  const rules = new Map<string, Severity>();
  for (const entry of values.rule ?? []) {
    const match = /^([^=\s]+)=([a-z0-9]+)$/u.exec(entry);
    const severity = match?.[2] === '0' ? 'off' : match?.[2] === '1' ? 'warn' : match?.[2] === '2' ? 'error' : match?.[2];
    if (!match?.[1] || !SEVERITIES.includes(severity as Severity)) {
      throw new UsageError(`--rule expects <rule>=off|warn|error, got "${entry}"`);
    }
    rules.set(match[1], severity as Severity);
  }

  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    const text = values['max-warnings'];
    if (!/^\d+$/u.test(text)) throw new UsageError(`--max-warnings expects a non-negative integer, got "${text}"`);
    maxWarnings = Number(text);
  }

  let concurrency: CliOptions['concurrency'] = 'off';
  if (values.concurrency !== undefined) {
    const text = values.concurrency;
    if (text === 'auto' || text === 'off') concurrency = text;
    else if (/^[1-9]\d*$/u.test(text)) concurrency = Number(text);
    else throw new UsageError(`--concurrency expects a positive integer, "auto" or "off", got "${text}"`);
  }

  const reports = values.report ?? [];
  for (const report of reports) {
    if (!/\.(?:html?|md|markdown)$/iu.test(report)) throw new UsageError(`--report expects a file ending in .html or .md, got "${report}"`);
  }

  if (values['update-baseline'] === true && values.baseline === undefined) {
    throw new UsageError('--update-baseline needs --baseline <file> to know where to write');
  }
  if (values['cache-location'] !== undefined && values.cache !== true) {
    throw new UsageError('--cache-location needs --cache');
  }

  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    format,
    outputFile: values['output-file'],
    preset: preset as Preset,
    rules,
    typeInfo: values['no-type-info'] !== true,
    maxWarnings,
    quiet: values.quiet === true,
    baseline: values.baseline,
    updateBaseline: values['update-baseline'] === true,
    changedSince: values['changed-since'],
    concurrency,
    cache: values.cache === true,
    cacheLocation: values['cache-location'],
    reports,
    ignorePatterns: values['ignore-pattern'] ?? [],
    help: values.help === true,
    version: values.version === true,
  };
}

/** parseArgs explains how to pass a positional that starts with '-'; one sentence is enough. */
function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  const advice = line.indexOf('. To specify');
  return advice === -1 ? line : line.slice(0, advice + 1);
}
