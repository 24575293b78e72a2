/**
 * Crash sweep: lints every .ts/.tsx/.mts/.cts/.js file under a directory with every rule of the
 * plugin on, and reports rule exceptions (not findings) with file, line, rule and stack. Exits 1
 * when any rule threw. Also reports findings per rule, time per rule and the slowest files.
 *
 *   npx tsx scripts/sweep.ts <dir> [--untyped] [--json <out.json>] [--slowest 10]
 *                            [--samples 3] [--max-files N] [--include-unregistered]
 *
 * Type information is used when <dir> has a tsconfig.json (the project service finds the nearest
 * tsconfig of each file); files no tsconfig includes, or that fail to parse with type information,
 * are linted again without it. Corpora without node_modules still lint typed: unresolved imports
 * become error types, which exercises the rules' untyped fallbacks.
 *
 * `--include-unregistered` also loads rule modules in src/rules/ that are not yet registered in
 * src/rules/index.ts (useful while rules are being written).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

import { loadRules, NAMESPACE } from '../bench/load-rules.js';

const EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', '.next', '.turbo', 'out', 'vendor']);

export interface Crash {
  readonly file: string;
  readonly line: number | undefined;
  readonly rule: string | undefined;
  readonly typed: boolean;
  readonly message: string;
  readonly stack: string;
}

export interface SweepReport {
  readonly dir: string;
  readonly typed: boolean;
  readonly rules: string[];
  readonly files: number;
  readonly typedFiles: number;
  readonly untypedFallbacks: number;
  readonly parseErrors: { file: string; message: string }[];
  readonly crashes: Crash[];
  readonly findings: Record<string, number>;
  readonly samples: Record<string, { file: string; line: number; message: string }[]>;
  readonly ruleMs: Record<string, number>;
  readonly slowest: { file: string; ms: number; slowestRule: string | undefined; slowestRuleMs: number }[];
  readonly totalMs: number;
}

interface Args {
  dir: string;
  untyped: boolean;
  json: string | undefined;
  slowest: number;
  samples: number;
  maxFiles: number;
  includeUnregistered: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { dir: '', untyped: false, json: undefined, slowest: 10, samples: 3, maxFiles: Infinity, includeUnregistered: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = (): string => {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      return value;
    };
    if (arg === '--untyped') args.untyped = true;
    else if (arg === '--json') args.json = path.resolve(next());
    else if (arg === '--slowest') args.slowest = Number(next());
    else if (arg === '--samples') args.samples = Number(next());
    else if (arg === '--max-files') args.maxFiles = Number(next());
    else if (arg === '--include-unregistered') args.includeUnregistered = true;
    else if (arg.startsWith('--')) throw new Error(`Unknown option ${arg}`);
    else args.dir = path.resolve(arg);
  }
  if (!args.dir) throw new Error('usage: sweep.ts <dir> [--untyped] [--json out.json] [--slowest N] [--include-unregistered]');
  return args;
}

export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const visit = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) visit(path.join(current, entry.name));
      } else if (entry.isFile() && EXTENSIONS.has(path.extname(entry.name))) {
        files.push(path.join(current, entry.name));
      }
    }
  };
  visit(dir);
  return files.sort();
}

/** The line and rule ESLint appends to an exception thrown while running rules. */
export function crashLocation(error: Error): { line: number | undefined; rule: string | undefined } {
  const rule = /\nRule: "([^"]+)"/.exec(error.message)?.[1] ?? (error as { ruleId?: string }).ruleId;
  const line = /\nOccurred while linting [^\n]*:(\d+)(?:\n|$)/.exec(error.message)?.[1];
  return { line: line === undefined ? undefined : Number(line), rule };
}

/** Parse failures that mean "this file has no program", not "this file is not valid TypeScript". */
function isProjectError(message: string): boolean {
  return /project service|parserOptions\.project|was not found by the project|not included in|TSConfig does not include/i.test(message);
}

export async function sweep(
  args: Pick<Args, 'dir' | 'untyped' | 'slowest' | 'samples' | 'maxFiles' | 'includeUnregistered'>,
  log: (line: string) => void = () => {},
): Promise<SweepReport> {
  const { plugin, all } = await loadRules(args.includeUnregistered, log);
  const ruleIds = Object.keys(all);
  const typed = !args.untyped && fs.existsSync(path.join(args.dir, 'tsconfig.json'));

  const engines = new Map<string, ESLint>();
  const engine = (withTypes: boolean, disabled: readonly string[]): ESLint => {
    const key = `${withTypes}:${[...disabled].sort().join(',')}`;
    let eslint = engines.get(key);
    if (!eslint) {
      const ruleEntries: Linter.RulesRecord = {};
      for (const id of ruleIds) ruleEntries[id] = disabled.includes(id) ? 'off' : 'error';
      eslint = new ESLint({
        cwd: args.dir,
        overrideConfigFile: true,
        stats: true,
        cache: false,
        ignore: false,
        overrideConfig: [
          {
            files: [...EXTENSIONS].map((extension) => `**/*${extension}`),
            languageOptions: {
              parser: tseslint.parser,
              parserOptions: withTypes ? { projectService: true, tsconfigRootDir: args.dir } : {},
            },
            linterOptions: { reportUnusedDisableDirectives: 'off', noInlineConfig: true },
            plugins: { [NAMESPACE]: plugin },
            rules: ruleEntries,
          },
        ],
      });
      engines.set(key, eslint);
    }
    return eslint;
  };

  const files = listFiles(args.dir).slice(0, args.maxFiles);
  const crashes: Crash[] = [];
  const parseErrors: { file: string; message: string }[] = [];
  const findings: Record<string, number> = Object.fromEntries(ruleIds.map((id) => [id, 0]));
  const samples: SweepReport['samples'] = {};
  const ruleMs: Record<string, number> = {};
  const timings: SweepReport['slowest'] = [];
  let typedFiles = 0;
  let untypedFallbacks = 0;
  const started = performance.now();

  for (const [index, file] of files.entries()) {
    const relative = path.relative(args.dir, file);
    if (index % 500 === 0) log(`  ${index}/${files.length} ${relative}`);
    const text = fs.readFileSync(file, 'utf8');
    let withTypes = typed;
    const disabled: string[] = [];
    const fileStart = performance.now();
    let result: ESLint.LintResult | undefined;
    for (;;) {
      try {
        [result] = await engine(withTypes, disabled).lintText(text, { filePath: file });
      } catch (error) {
        const err = error as Error;
        const { line, rule } = crashLocation(err);
        crashes.push({ file: relative, line, rule, typed: withTypes, message: err.message.split('\n')[0] ?? '', stack: err.stack ?? err.message });
        log(`  CRASH ${rule ?? '(unknown rule)'} at ${relative}:${line ?? '?'}: ${err.message.split('\n')[0] ?? ''}`);
        // Lint the file again without that rule, so one crash does not hide the others.
        if (rule && !disabled.includes(rule)) {
          disabled.push(rule);
          continue;
        }
        break;
      }
      const fatal = result?.messages.find((message) => message.fatal);
      if (fatal && withTypes && isProjectError(fatal.message)) {
        withTypes = false;
        untypedFallbacks++;
        continue;
      }
      break;
    }
    const ms = performance.now() - fileStart;
    if (!result) continue;
    if (withTypes) typedFiles++;
    let slowestRule: string | undefined;
    let slowestRuleMs = 0;
    for (const pass of result.stats?.times.passes ?? []) {
      for (const [rule, time] of Object.entries(pass.rules ?? {})) {
        ruleMs[rule] = (ruleMs[rule] ?? 0) + time.total;
        if (time.total > slowestRuleMs) {
          slowestRule = rule;
          slowestRuleMs = time.total;
        }
      }
    }
    timings.push({ file: relative, ms, slowestRule, slowestRuleMs });
    for (const message of result.messages) {
      if (!message.ruleId && !message.fatal && message.message.startsWith('File ignored')) {
        throw new Error(`ESLint did not lint ${relative}: ${message.message}`);
      }
      if (message.fatal) {
        parseErrors.push({ file: relative, message: message.message });
        continue;
      }
      if (!message.ruleId) continue;
      findings[message.ruleId] = (findings[message.ruleId] ?? 0) + 1;
      const list = (samples[message.ruleId] ??= []);
      if (list.length < args.samples) list.push({ file: relative, line: message.line, message: message.message });
    }
  }

  return {
    dir: args.dir,
    typed,
    rules: ruleIds,
    files: files.length,
    typedFiles,
    untypedFallbacks,
    parseErrors,
    crashes,
    findings,
    samples,
    ruleMs,
    slowest: timings.sort((a, b) => b.ms - a.ms).slice(0, args.slowest),
    totalMs: performance.now() - started,
  };
}

function print(report: SweepReport): void {
  console.log(`\nSwept ${report.files} files in ${report.dir} (${(report.totalMs / 1000).toFixed(1)} s)`);
  console.log(`  mode: ${report.typed ? `typed (${report.typedFiles} files with type information, ${report.untypedFallbacks} fell back to untyped)` : 'untyped'}`);
  console.log(`  rules: ${report.rules.length} (${report.rules.join(', ')})`);
  console.log(`  parse errors (not crashes): ${report.parseErrors.length}`);
  for (const error of report.parseErrors.slice(0, 5)) console.log(`    ${error.file}: ${error.message}`);

  console.log('\nFindings per rule:');
  for (const rule of report.rules) {
    console.log(`  ${String(report.findings[rule] ?? 0).padStart(6)}  ${rule}  (${(report.ruleMs[rule] ?? 0).toFixed(0)} ms)`);
    for (const sample of report.samples[rule] ?? []) console.log(`          ${sample.file}:${sample.line} ${sample.message.slice(0, 140)}`);
  }

  console.log(`\nSlowest files:`);
  for (const entry of report.slowest) {
    console.log(`  ${entry.ms.toFixed(0).padStart(7)} ms  ${entry.file}${entry.slowestRule ? `  (slowest rule ${entry.slowestRule}: ${entry.slowestRuleMs.toFixed(0)} ms)` : ''}`);
  }

  if (report.crashes.length === 0) {
    console.log('\nNo rule exceptions.');
    return;
  }
  console.log(`\n${report.crashes.length} rule exception(s):`);
  for (const crash of report.crashes) {
    console.log(`\n  ${crash.rule ?? '(unknown rule)'} at ${crash.file}:${crash.line ?? '?'} (${crash.typed ? 'typed' : 'untyped'})`);
    console.log(`  ${crash.stack.split('\n').join('\n  ')}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const report = await sweep(args, (line) => { console.error(line); });
  print(report);
  if (args.json) fs.writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.crashes.length > 0 ? 1 : 0;
}
