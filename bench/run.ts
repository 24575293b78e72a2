/**
 * How much slower does lint get with eslint-plugin-scalability? Generates a synthetic backend
 * (bench/generate.ts), lints it with every configuration in bench/configs.ts, each repetition in
 * a fresh child process, and reports medians: wall time, ratio to the configuration's baseline,
 * peak RSS and per-rule time (ESLint `stats`). Writes bench/results.json.
 *
 *   npx tsx bench/run.ts [--files 1000] [--reps 3] [--seed 1] [--configs a,b,...]
 *                        [--scaling 250,500,1000] [--scaling-reps 1] [--parallel 1] [--out bench/results.json] [--keep]
 *
 * `--parallel N` runs N children at once. Only CPU time stays comparable then (wall time and
 * ratios of wall time do not); use it on a machine too busy for wall time to mean much anyway.
 *
 * `--summarize <results.json.runs.jsonl>` rebuilds the tables and results.json from the measurements
 * a previous (or interrupted) run appended, without linting again.
 *
 * `--skip-baselines` does not add the baselines of the chosen configurations (to complete an
 * interrupted run; merge the .runs.jsonl files and `--summarize`).
 *
 * `--include-unregistered` also measures rule modules in src/rules/ not yet listed in the index.
 *
 * `--scaling` lints additional sizes with the plugin's own configurations (a, b, d, e) and
 * prints time per 1,000 lines, to show growth is linear.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { BENCH_CONFIGS, benchConfig } from './configs.js';
import { generateProject, type GeneratedProject } from './generate.js';
import type { Measurement } from './lint-child.js';
import { loadRules } from './load-rules.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const childScript = path.join(benchDir, 'lint-child.ts');

/** The targets stated in the README. */
export const TARGETS = {
  typedRatio: 1.1,
  untypedRatio: 1.15,
  memoryOverhead: 0.1,
} as const;

const SCALING_CONFIGS = ['typed-baseline', 'typed-recommended', 'untyped-baseline', 'untyped-recommended'];

interface Args {
  files: number;
  reps: number;
  seed: number;
  configs: string[];
  scaling: number[];
  scalingReps: number;
  parallel: number;
  includeUnregistered: boolean;
  summarizeFrom: string | undefined;
  skipBaselines: boolean;
  out: string;
  keep: boolean;
}

interface Summary {
  readonly config: string;
  readonly label: string;
  readonly baseline: string | undefined;
  readonly wallMs: number;
  readonly wallMsRuns: number[];
  readonly ratio: number | undefined;
  readonly cpuMs: number;
  readonly cpuRatio: number | undefined;
  /**
   * Share of the run's wall time spent inside rules (ESLint stats), median over runs. Contention
   * slows rules and the rest alike, so 1 / (1 - share) estimates the ratio to a no-rules baseline
   * even on a busy machine.
   */
  readonly ruleShare: number;
  readonly peakRssMb: number;
  readonly rssOverhead: number | undefined;
  readonly parseMs: number;
  readonly ruleMs: Record<string, number>;
  readonly findings: Record<string, number>;
  readonly fatal: number;
}

type ProjectInfo = Pick<GeneratedProject, 'files' | 'lines'> & Partial<Pick<GeneratedProject, 'seed' | 'antiPatterns'>>;

interface SizeResult {
  readonly project: ProjectInfo;
  readonly summaries: Summary[];
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    files: 1000,
    reps: 3,
    seed: 1,
    configs: BENCH_CONFIGS.map((config) => config.name),
    scaling: [],
    scalingReps: 1,
    parallel: 1,
    includeUnregistered: false,
    summarizeFrom: undefined,
    skipBaselines: false,
    out: path.join(benchDir, 'results.json'),
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1] ?? '';
    switch (flag) {
      case '--files':
        args.files = Number(value);
        i++;
        break;
      case '--reps':
        args.reps = Math.max(1, Number(value));
        i++;
        break;
      case '--seed':
        args.seed = Number(value);
        i++;
        break;
      case '--configs':
        args.configs = value.split(',').filter(Boolean);
        i++;
        break;
      case '--scaling':
        args.scaling = value.split(',').filter(Boolean).map(Number);
        i++;
        break;
      case '--scaling-reps':
        args.scalingReps = Math.max(1, Number(value));
        i++;
        break;
      case '--parallel':
        args.parallel = Math.max(1, Number(value));
        i++;
        break;
      case '--out':
        args.out = path.resolve(value);
        i++;
        break;
      case '--include-unregistered':
        args.includeUnregistered = true;
        break;
      case '--summarize':
        args.summarizeFrom = path.resolve(value);
        i++;
        break;
      case '--skip-baselines':
        args.skipBaselines = true;
        break;
      case '--keep':
        args.keep = true;
        break;
      default:
        throw new Error(`Unknown argument ${flag}`);
    }
  }
  for (const name of args.configs) benchConfig(name);
  // A ratio needs its baseline measured in the same run.
  for (const name of args.skipBaselines ? [] : [...args.configs]) {
    const baseline = benchConfig(name).baseline;
    if (baseline && !args.configs.includes(baseline)) args.configs.unshift(baseline);
  }
  return args;
}

function runChild(config: string, dir: string, includeUnregistered: boolean): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, config, dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SCALABILITY_BENCH_UNREGISTERED: includeUnregistered ? '1' : '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1);
      if (code !== 0 || !line) {
        reject(new Error(`${config} exited with ${code}:\n${stderr}`));
        return;
      }
      resolve(JSON.parse(line) as Measurement);
    });
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function measureSize(files: number, args: Args, configs: readonly string[], reps: number): Promise<SizeResult> {
  const project = generateProject({ files, seed: args.seed });
  console.log(`\n# ${project.files} files, ${project.lines.toLocaleString('en-US')} lines (seed ${project.seed}) in ${project.dir}`);
  const runs = new Map<string, Measurement[]>(configs.map((name) => [name, []]));
  // Repetitions are interleaved so drift on a shared machine spreads over all configurations.
  const tasks: { rep: number; name: string }[] = [];
  for (let rep = 1; rep <= reps; rep++) for (const name of configs) tasks.push({ rep, name });
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let task = tasks[next++]; task; task = tasks[next++]) {
      const { rep, name } = task;
      const measurement = await runChild(name, project.dir, args.includeUnregistered);
      runs.get(name)?.push(measurement);
      // Kept as it comes, so an interrupted run still leaves its measurements behind.
      fs.appendFileSync(`${args.out}.runs.jsonl`, `${JSON.stringify({ projectFiles: project.files, lines: project.lines, rep, ...measurement })}\n`);
      console.log(`  rep ${rep}/${reps} ${name.padEnd(28)} ${(measurement.wallMs / 1000).toFixed(2).padStart(7)} s wall ${(measurement.cpuMs / 1000).toFixed(2).padStart(7)} s CPU ${measurement.peakRssMb.toFixed(0).padStart(5)} MiB`);
    }
  };
  await Promise.all(Array.from({ length: args.parallel }, worker));
  const summaries = summarize(configs, runs);
  if (!args.keep) fs.rmSync(project.dir, { recursive: true, force: true });
  // The temp folder is gone after the run; results keep only what describes the project.
  const rest: Omit<typeof project, 'dir'> & { dir?: string } = { ...project };
  delete rest.dir;
  return { project: rest, summaries };
}

/** Medians per configuration, and ratios to each configuration's baseline. */
function summarize(configs: readonly string[], runs: ReadonlyMap<string, readonly Measurement[]>): Summary[] {
  const medians = new Map<string, { wallMs: number; cpuMs: number; peakRssMb: number }>();
  for (const [name, measurements] of runs) {
    medians.set(name, {
      wallMs: median(measurements.map((m) => m.wallMs)),
      cpuMs: median(measurements.map((m) => m.cpuMs)),
      peakRssMb: median(measurements.map((m) => m.peakRssMb)),
    });
  }
  return configs.map((name): Summary => {
    const config = benchConfig(name);
    const measurements = runs.get(name) ?? [];
    const own = medians.get(name) ?? { wallMs: 0, cpuMs: 0, peakRssMb: 0 };
    const base = config.baseline ? medians.get(config.baseline) : undefined;
    const rules = new Set(measurements.flatMap((m) => Object.keys(m.ruleMs)));
    const ruleMs: Record<string, number> = {};
    for (const rule of rules) ruleMs[rule] = median(measurements.map((m) => m.ruleMs[rule] ?? 0));
    return {
      config: name,
      label: config.label,
      baseline: config.baseline,
      wallMs: own.wallMs,
      wallMsRuns: measurements.map((m) => Math.round(m.wallMs)),
      ratio: base ? own.wallMs / base.wallMs : undefined,
      cpuMs: own.cpuMs,
      cpuRatio: base ? own.cpuMs / base.cpuMs : undefined,
      ruleShare: median(measurements.map((m) => Object.values(m.ruleMs).reduce((sum, ms) => sum + ms, 0) / m.wallMs)),
      peakRssMb: own.peakRssMb,
      rssOverhead: base ? own.peakRssMb / base.peakRssMb - 1 : undefined,
      parseMs: median(measurements.map((m) => m.parseMs)),
      ruleMs,
      findings: measurements[0]?.findings ?? {},
      fatal: measurements[0]?.fatal ?? 0,
    };
  });
}

function printSize(result: SizeResult): void {
  const { project, summaries } = result;
  console.log(`\n## ${project.files} files / ${project.lines.toLocaleString('en-US')} lines — medians`);
  const rows = summaries.map((s) => [
    s.label,
    `${(s.wallMs / 1000).toFixed(2)} s`,
    s.ratio === undefined ? '—' : `${s.ratio.toFixed(3)}×`,
    `${(s.cpuMs / 1000).toFixed(2)} s`,
    s.cpuRatio === undefined ? '—' : `${s.cpuRatio.toFixed(3)}×`,
    `${(s.ruleShare * 100).toFixed(1)}% → ${(1 / (1 - s.ruleShare)).toFixed(3)}×`,
    `${s.peakRssMb.toFixed(0)} MiB`,
    s.rssOverhead === undefined ? '—' : `${s.rssOverhead >= 0 ? '+' : ''}${(s.rssOverhead * 100).toFixed(1)}%`,
    String(Object.entries(s.findings).reduce((sum, [rule, n]) => (rule === '(fatal)' ? sum : sum + n), 0)),
  ]);
  printTable(['configuration', 'wall', 'vs baseline', 'CPU', 'CPU vs baseline', 'in rules → est. ratio', 'peak RSS', 'RSS vs baseline', 'findings'], rows);

  console.log('\nPer-rule time (median of summed ESLint stats), top 12 per configuration:');
  const ruleRows: string[][] = [];
  for (const s of summaries) {
    const entries = Object.entries(s.ruleMs).sort((a, b) => b[1] - a[1]).slice(0, 12);
    for (const [rule, ms] of entries) {
      ruleRows.push([s.config, rule, `${ms.toFixed(1)} ms`, `${((ms / s.wallMs) * 100).toFixed(2)}%`, String(s.findings[rule] ?? 0)]);
    }
  }
  if (ruleRows.length > 0) printTable(['configuration', 'rule', 'time', 'of wall', 'findings'], ruleRows);

  const get = (name: string): Summary | undefined => summaries.find((s) => s.config === name);
  const verdict = (label: string, value: number | undefined, limit: number, format: (v: number) => string): void => {
    if (value === undefined) return;
    console.log(`  ${value <= limit ? 'PASS' : 'FAIL'} ${label}: ${format(value)} (target ≤ ${format(limit)})`);
  };
  console.log('\nTargets:');
  verdict('(b)/(a) typed recommended, wall', get('typed-recommended')?.ratio, TARGETS.typedRatio, (v) => `${v.toFixed(3)}×`);
  verdict('(b)/(a) typed recommended, CPU', get('typed-recommended')?.cpuRatio, TARGETS.typedRatio, (v) => `${v.toFixed(3)}×`);
  verdict('(e)/(d) untyped recommended, wall', get('untyped-recommended')?.ratio, TARGETS.untypedRatio, (v) => `${v.toFixed(3)}×`);
  verdict('(e)/(d) untyped recommended, CPU', get('untyped-recommended')?.cpuRatio, TARGETS.untypedRatio, (v) => `${v.toFixed(3)}×`);
  verdict('(g)/(f2) on top of typescript-eslint, CPU', get('peer-typed-plus-recommended')?.cpuRatio, TARGETS.typedRatio, (v) => `${v.toFixed(3)}×`);
  verdict('memory (b) over (a)', get('typed-recommended')?.rssOverhead, TARGETS.memoryOverhead, (v) => `${(v * 100).toFixed(1)}%`);
}

function printScaling(results: readonly SizeResult[]): void {
  if (results.length < 2) return;
  console.log('\n## Scaling (median wall time per 1,000 lines; ratio to its baseline)');
  const names = SCALING_CONFIGS.filter((name) => results.every((r) => r.summaries.some((s) => s.config === name)));
  const rows = results.map((result) => [
    `${result.project.lines.toLocaleString('en-US')} lines`,
    ...names.map((name) => {
      const s = result.summaries.find((summary) => summary.config === name);
      if (!s) return '—';
      const kloc = result.project.lines / 1000;
      return `${(s.wallMs / kloc).toFixed(0)} ms/kloc wall, ${(s.cpuMs / kloc).toFixed(0)} CPU${s.cpuRatio === undefined ? '' : ` (${s.cpuRatio.toFixed(3)}×)`}`;
    }),
  ]);
  printTable(['size', ...names], rows);
  const first = results[0];
  const last = results.at(-1);
  if (first && last) {
    const lines = last.project.lines / first.project.lines;
    for (const name of names) {
      const a = first.summaries.find((s) => s.config === name);
      const b = last.summaries.find((s) => s.config === name);
      if (a && b) console.log(`  ${name}: ${lines.toFixed(2)}× the lines took ${(b.wallMs / a.wallMs).toFixed(2)}× the wall time, ${(b.cpuMs / a.cpuMs).toFixed(2)}× the CPU time`);
    }
  }
}

function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

/** Rebuilds the tables from the measurements a previous (possibly interrupted) run appended. */
function fromRuns(file: string): SizeResult[] {
  type Line = Measurement & { projectFiles: number; lines: number };
  const bySize = new Map<number, { project: ProjectInfo; runs: Map<string, Measurement[]> }>();
  for (const text of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!text.trim()) continue;
    const line = JSON.parse(text) as Line;
    let size = bySize.get(line.lines);
    if (!size) bySize.set(line.lines, (size = { project: { files: line.projectFiles, lines: line.lines }, runs: new Map() }));
    const list = size.runs.get(line.config) ?? [];
    list.push(line);
    size.runs.set(line.config, list);
  }
  const order = BENCH_CONFIGS.map((config) => config.name);
  return [...bySize.values()]
    .sort((a, b) => a.project.lines - b.project.lines)
    .map(({ project, runs }) => ({ project, summaries: summarize(order.filter((name) => runs.has(name)), runs) }));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.summarizeFrom) {
    const sizes = fromRuns(args.summarizeFrom);
    for (const size of sizes) printSize(size);
    const scaling = sizes.map((size) => ({ project: size.project, summaries: size.summaries.filter((s) => SCALING_CONFIGS.includes(s.config)) }));
    printScaling(scaling);
    const report = { generatedAt: new Date().toISOString(), summarizedFrom: path.basename(args.summarizeFrom), targets: TARGETS, sizes };
    fs.writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nWrote ${path.relative(process.cwd(), args.out)}`);
    return;
  }
  const started = new Date();
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(`${args.out}.runs.jsonl`, '');
  const rulesUnderTest = await loadRules(args.includeUnregistered);
  console.log(`Rules: ${Object.keys(rulesUnderTest.all).length} (${Object.keys(rulesUnderTest.recommended).length} recommended)${rulesUnderTest.unregistered.length > 0 ? `, including unregistered: ${rulesUnderTest.unregistered.join(', ')}` : ''}`);
  const main = await measureSize(args.files, args, args.configs, args.reps);
  printSize(main);

  const scaling: SizeResult[] = [];
  const scalingConfigs = SCALING_CONFIGS.filter((name) => args.configs.includes(name));
  for (const files of args.scaling) {
    if (files === args.files) {
      scaling.push({ project: main.project, summaries: main.summaries.filter((s) => scalingConfigs.includes(s.config)) });
    } else {
      scaling.push(await measureSize(files, args, scalingConfigs, args.scalingReps));
    }
  }
  scaling.sort((a, b) => a.project.lines - b.project.lines);
  printScaling(scaling);

  const report = {
    generatedAt: started.toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    repetitions: args.reps,
    parallel: args.parallel,
    scalingRepetitions: args.scalingReps,
    rules: {
      all: Object.keys(rulesUnderTest.all),
      recommended: Object.keys(rulesUnderTest.recommended),
      unregistered: rulesUnderTest.unregistered,
    },
    targets: TARGETS,
    main,
    scaling,
  };
  fs.writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), args.out)}`);
}

await main();
