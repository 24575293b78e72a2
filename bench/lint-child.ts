/**
 * One benchmark measurement in a fresh process, so peak RSS belongs to one configuration:
 *   node --import tsx bench/lint-child.ts <config-name> <project-dir>
 * Prints one JSON line (a `Measurement`) on stdout.
 */
import { ESLint } from 'eslint';

import { benchConfig } from './configs.js';
import { loadRules } from './load-rules.js';

export interface Measurement {
  readonly config: string;
  readonly files: number;
  /** Wall time of `lintFiles`, milliseconds (includes parsing and building the TS program). */
  readonly wallMs: number;
  /** CPU time (user + system) of this process during `lintFiles`, milliseconds: steadier than wall time on a shared machine. */
  readonly cpuMs: number;
  /** Sum over files of ESLint's parse time (typed: includes the TS program work for each file). */
  readonly parseMs: number;
  /** Per rule: summed ESLint `stats` time over all files, milliseconds. */
  readonly ruleMs: Record<string, number>;
  /** Per rule: number of findings. */
  readonly findings: Record<string, number>;
  readonly fatal: number;
  /** Peak resident set size of this process, MiB. */
  readonly peakRssMb: number;
}

async function measure(name: string, dir: string): Promise<Measurement> {
  const config = benchConfig(name);
  const plugin = await loadRules(process.env.SCALABILITY_BENCH_UNREGISTERED === '1', (line) => { console.error(line); });
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: config.build(dir, plugin),
    stats: true,
    cache: false,
    warnIgnored: false,
  });
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const results = await eslint.lintFiles(['src']);
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - start;

  let parseMs = 0;
  let fatal = 0;
  const ruleMs: Record<string, number> = {};
  const findings: Record<string, number> = {};
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      parseMs += pass.parse?.total ?? 0;
      for (const [rule, time] of Object.entries(pass.rules ?? {})) ruleMs[rule] = (ruleMs[rule] ?? 0) + time.total;
    }
    for (const message of result.messages) {
      if (message.fatal) fatal++;
      const rule = message.ruleId ?? '(fatal)';
      findings[rule] = (findings[rule] ?? 0) + 1;
    }
  }
  return {
    config: name,
    files: results.length,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    parseMs,
    ruleMs,
    findings,
    fatal,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const [name, dir] = process.argv.slice(2);
if (!name || !dir) {
  console.error('usage: lint-child.ts <config-name> <project-dir>');
  process.exit(2);
}
const measurement = await measure(name, dir);
process.stdout.write(`${JSON.stringify(measurement)}\n`);
