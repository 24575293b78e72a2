import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { ESLint, type Linter } from 'eslint';

import type { FileInventory } from '../analysis/inventory.js';
import plugin from '../index.js';
import { buildAudit, mergeInventories } from '../report/audit.js';
import { applyBaseline, BaselineError, type BaselineFile, formatBaseline, readBaseline, updatedBaseline } from '../report/baseline.js';
import { compareFindings, type Finding, type RuleDescription, type RunSummary } from '../report/finding.js';
import { fingerprints } from '../report/fingerprint.js';
import { renderHtml } from '../report/html.js';
import { reporters } from '../report/index.js';
import { renderMarkdown } from '../report/markdown.js';
import type { Concern, ScalabilityRuleDocs } from '../util/create-rule.js';
import { REPOSITORY_URL } from '../util/create-rule.js';
import { type CliOptions, type Severity, UsageError } from './args.js';
import { eslintOptions, type LintPlan } from './eslint-options.js';
import { changedFiles, collectFiles, commonAncestor, gitRoot, toPosix } from './files.js';
import { INTERNAL_NAMESPACE, INVENTORY_RULE } from './internal-plugin.js';
import { type Progress, startProgress } from './progress.js';
import { type Io, TOOL_NAME } from './run.js';
import { planTypeInformation } from './tsconfig.js';

export async function lint(options: CliOptions, io: Io): Promise<number> {
  if (options.version) {
    io.stdout.write(`${plugin.meta.version}\n`);
    return 0;
  }

  const rules = resolveRules(options);
  let files = collectFiles(options.paths, io.cwd, options.ignorePatterns);
  const root = commonAncestor([gitRoot(io.cwd) ?? io.cwd, ...options.paths.map((path) => resolve(io.cwd, path))]);
  if (options.changedSince !== undefined) {
    const changed = changedFiles(options.changedSince, io.cwd);
    files = files.filter((file) => changed.has(file));
  } else if (files.length === 0) {
    throw new UsageError(`no JavaScript or TypeScript files found in ${options.paths.join(', ')}`);
  }

  let baseline: BaselineFile | undefined;
  const baselinePath = options.baseline === undefined ? undefined : resolve(io.cwd, options.baseline);
  if (baselinePath !== undefined && !options.updateBaseline) baseline = readBaseline(baselinePath, options.baseline);
  if (baselinePath !== undefined && options.updateBaseline) {
    // The previous entries of files this run does not lint are kept; a missing file starts empty.
    try {
      baseline = readBaseline(baselinePath, options.baseline);
    } catch (error) {
      if (!(error instanceof BaselineError) || !/does not exist/u.test(error.message)) throw error;
    }
  }

  const typed = options.typeInfo ? planTypeInformation(files, io.cwd) : undefined;
  const machineFormat = options.format !== 'stylish';
  const showProgress = io.stderr.isTTY && !machineFormat && io.env.CI === undefined && files.length > 0;
  const plan: LintPlan = {
    cwd: root,
    preset: options.preset,
    rules: Object.fromEntries(rules.overrides),
    typed: typed && typed.files.length > 0 ? { tsconfigRootDir: root, files: typed.files } : undefined,
    cache: options.cache,
    cacheLocation: resolve(io.cwd, options.cacheLocation ?? '.scalability-lint-cache'),
    concurrency: options.concurrency,
    inventory: options.reports.length > 0,
    progress: showProgress,
  };

  const { eslint, cleanup } = await createESLint(plan);
  let results: ESLint.LintResult[] = [];
  let progress: Progress | undefined;
  try {
    if (files.length > 0) {
      progress = showProgress ? startProgress(files.length, io.stderr) : undefined;
      results = await eslint.lintFiles(files);
    }
  } finally {
    progress?.stop();
    cleanup();
  }

  const { findings, inventories, messageOf } = toFindings(results, root, rules.descriptions);
  const linted = new Set(results.map((result) => toPosix(relative(root, result.filePath))));

  let reported = findings;
  let baselined = 0;
  if (options.updateBaseline && baselinePath !== undefined) {
    const next = updatedBaseline(findings, linted, baseline);
    mkdirSync(dirname(baselinePath), { recursive: true });
    writeFileSync(baselinePath, formatBaseline(next));
    io.stderr.write(`${TOOL_NAME}: wrote ${String(next.findings.length)} ${next.findings.length === 1 ? 'finding' : 'findings'} to ${relative(io.cwd, baselinePath) || baselinePath}\n`);
    baselined = findings.filter((finding) => finding.ruleId !== null).length;
    reported = findings.filter((finding) => finding.ruleId === null);
  } else if (baseline) {
    const split = applyBaseline(findings, baseline);
    reported = split.fresh;
    baselined = split.known.length;
  }
  if (options.quiet) reported = reported.filter((finding) => finding.severity === 'error');

  const errors = reported.filter((finding) => finding.severity === 'error').length;
  const warnings = reported.filter((finding) => finding.severity === 'warning').length;
  const summary: RunSummary = { files: results.length, errors, warnings, baselined };
  const tooManyWarnings = options.maxWarnings !== undefined && warnings > options.maxWarnings;

  const output = await reporters[options.format]({
    tool: { name: TOOL_NAME, version: plugin.meta.version, informationUri: REPOSITORY_URL },
    root,
    findings: reported,
    rules: rules.descriptions.filter((rule) => rules.enabled.has(rule.id)),
    summary,
    stylish: () => stylish(eslint, results, reported, messageOf, options, io),
  });
  if (options.outputFile === undefined) {
    io.stdout.write(output);
  } else {
    const target = resolve(io.cwd, options.outputFile);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output);
  }

  if (options.reports.length > 0) {
    const audit = buildAudit({
      tool: { name: TOOL_NAME, version: plugin.meta.version },
      project: basename(root),
      summary: {
        files: results.length,
        errors: findings.filter((finding) => finding.severity === 'error').length,
        warnings: findings.filter((finding) => finding.severity === 'warning').length,
        baselined,
      },
      inventory: mergeInventories(inventories),
      findings,
      rules: rules.descriptions,
    });
    for (const report of options.reports) {
      const target = resolve(io.cwd, report);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, /\.html?$/iu.test(report) ? renderHtml(audit) : renderMarkdown(audit));
    }
  }

  if (!machineFormat && baselined > 0 && !options.updateBaseline) {
    io.stderr.write(`${TOOL_NAME}: ${String(baselined)} known ${baselined === 1 ? 'problem' : 'problems'} matched the baseline and ${baselined === 1 ? 'was' : 'were'} not reported\n`);
  }
  if (tooManyWarnings && !machineFormat) {
    io.stderr.write(`${TOOL_NAME}: too many warnings (${String(warnings)}, maximum ${String(options.maxWarnings)})\n`);
  }
  if (options.changedSince !== undefined && files.length === 0 && !machineFormat) {
    io.stderr.write(`${TOOL_NAME}: no files changed since ${options.changedSince}\n`);
  }
  return errors > 0 || tooManyWarnings ? 1 : 0;
}

interface ResolvedRules {
  /** `--rule` overrides as full rule ids. */
  readonly overrides: Map<string, Severity>;
  /** Every rule of the plugin, described for reporters, with its level in this run. */
  readonly descriptions: RuleDescription[];
  /** Rule ids that run (not off). */
  readonly enabled: Set<string>;
}

function resolveRules(options: CliOptions): ResolvedRules {
  const namespace = plugin.meta.namespace;
  const known = new Set(Object.keys(plugin.rules).map((name) => `${namespace}/${name}`));
  const overrides = new Map<string, Severity>();
  for (const [id, severity] of options.rules) {
    const full = id.includes('/') ? id : `${namespace}/${id}`;
    if (!known.has(full)) {
      throw new UsageError(`unknown rule "${id}" (rules: ${[...known].map((rule) => rule.slice(namespace.length + 1)).sort().join(', ')})`);
    }
    overrides.set(full, severity);
  }
  const presetRules = (plugin.configs[options.preset].rules ?? {}) as Record<string, Linter.RuleEntry>;
  const descriptions: RuleDescription[] = [];
  const enabled = new Set<string>();
  for (const [name, rule] of Object.entries(plugin.rules)) {
    const id = `${namespace}/${name}`;
    const docs: (ScalabilityRuleDocs & { url?: string }) | undefined = rule.meta.docs;
    const severity = overrides.get(id) ?? severityOf(presetRules[id]);
    if (severity !== 'off') enabled.add(id);
    descriptions.push({
      id,
      name,
      description: docs?.description ?? name,
      concern: docs?.concern ?? null,
      ...(docs?.url === undefined ? {} : { docsUrl: docs.url }),
      level: severity === 'warn' ? 'warning' : 'error',
    });
  }
  return { overrides, descriptions, enabled };
}

function severityOf(entry: Linter.RuleEntry | undefined): Severity {
  const level = Array.isArray(entry) ? entry[0] : entry;
  if (level === undefined || level === 0 || level === 'off') return 'off';
  return level === 1 || level === 'warn' ? 'warn' : 'error';
}

async function createESLint(plan: LintPlan): Promise<{ eslint: ESLint; cleanup: () => void }> {
  if (plan.concurrency === 'off') return { eslint: new ESLint(eslintOptions(plan)), cleanup: () => undefined };
  // Worker threads rebuild the options from a module, since parsers and plugins cannot be cloned.
  const directory = mkdtempSync(join(tmpdir(), 'scalability-lint-'));
  const cleanup = (): void => {
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    writeFileSync(join(directory, 'plan.json'), JSON.stringify(plan));
    const builder = new URL('./eslint-options.js', import.meta.url).href;
    writeFileSync(
      join(directory, 'options.mjs'),
      `import { readFileSync } from 'node:fs';\nimport { eslintOptions } from ${JSON.stringify(builder)};\nexport default eslintOptions(JSON.parse(readFileSync(new URL('./plan.json', import.meta.url), 'utf8')));\n`,
    );
    return { eslint: await ESLint.fromOptionsModule(pathToFileURL(join(directory, 'options.mjs'))), cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

interface Converted {
  readonly findings: Finding[];
  readonly inventories: { readonly file: string; readonly inventory: FileInventory }[];
  readonly messageOf: Map<Finding, { readonly filePath: string; readonly message: Linter.LintMessage }>;
}

function toFindings(results: readonly ESLint.LintResult[], root: string, rules: readonly RuleDescription[]): Converted {
  const concernOf = new Map<string, Concern | null>(rules.map((rule) => [rule.id, rule.concern]));
  const docsOf = new Map(rules.map((rule) => [rule.id, rule.docsUrl]));
  const inventories: Converted['inventories'] = [];
  const pending: { file: string; filePath: string; message: Linter.LintMessage }[] = [];
  const sources = new Map<string, string>();
  for (const result of results) {
    const file = toPosix(relative(root, result.filePath));
    if (result.source !== undefined) sources.set(file, result.source);
    for (const message of [...result.messages, ...result.suppressedMessages]) {
      if (message.ruleId === INVENTORY_RULE) {
        inventories.push({ file, inventory: JSON.parse(message.message) as FileInventory });
      }
    }
    for (const message of result.messages) {
      if (message.ruleId?.startsWith(`${INTERNAL_NAMESPACE}/`) === true) continue;
      pending.push({ file, filePath: result.filePath, message });
    }
  }
  const sourceOf = (file: string): string | undefined => {
    if (!sources.has(file)) {
      try {
        sources.set(file, readFileSync(resolve(root, file), 'utf8'));
      } catch {
        return undefined;
      }
    }
    return sources.get(file);
  };
  const prints = fingerprints(
    pending.map(({ file, message }) => ({
      ruleId: message.ruleId,
      file,
      ...(message.messageId === undefined ? {} : { messageId: message.messageId }),
      message: message.message,
      line: message.line,
      column: message.column,
      ...(message.endLine === undefined ? {} : { endLine: message.endLine }),
      ...(message.endColumn === undefined ? {} : { endColumn: message.endColumn }),
    })),
    sourceOf,
  );
  const findings: Finding[] = [];
  const messageOf: Converted['messageOf'] = new Map();
  pending.forEach(({ file, filePath, message }, index) => {
    const docsUrl = message.ruleId === null ? undefined : docsOf.get(message.ruleId);
    const finding: Finding = {
      ruleId: message.ruleId,
      concern: message.ruleId === null ? null : (concernOf.get(message.ruleId) ?? null),
      severity: message.severity === 2 ? 'error' : 'warning',
      message: message.message,
      ...(message.messageId === undefined ? {} : { messageId: message.messageId }),
      file,
      line: message.line,
      column: message.column,
      ...(message.endLine === undefined ? {} : { endLine: message.endLine }),
      ...(message.endColumn === undefined ? {} : { endColumn: message.endColumn }),
      fingerprint: prints[index] ?? '',
      ...(docsUrl === undefined ? {} : { docsUrl }),
      suggestions: (message.suggestions ?? []).map((suggestion) => suggestion.desc),
      ...(message.fatal === true ? { fatal: true as const } : {}),
    };
    findings.push(finding);
    messageOf.set(finding, { filePath, message });
  });
  findings.sort(compareFindings);
  return { findings, inventories, messageOf };
}

/** ESLint's own stylish output for exactly the findings this run reports. */
async function stylish(
  eslint: ESLint,
  results: readonly ESLint.LintResult[],
  reported: readonly Finding[],
  messageOf: Converted['messageOf'],
  options: CliOptions,
  io: Io,
): Promise<string> {
  const byFile = new Map<string, Linter.LintMessage[]>();
  for (const finding of reported) {
    const origin = messageOf.get(finding);
    if (!origin) continue;
    const list = byFile.get(origin.filePath) ?? [];
    list.push(origin.message);
    byFile.set(origin.filePath, list);
  }
  const filtered: ESLint.LintResult[] = results.map((result) => {
    const messages = byFile.get(result.filePath) ?? [];
    return {
      ...result,
      messages,
      suppressedMessages: [],
      errorCount: messages.filter((message) => message.severity === 2).length,
      fatalErrorCount: messages.filter((message) => message.fatal === true).length,
      warningCount: messages.filter((message) => message.severity === 1).length,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    };
  });
  const formatter = await eslint.loadFormatter('stylish');
  const warnings = reported.filter((finding) => finding.severity === 'warning').length;
  const color = options.outputFile === undefined && io.stdout.isTTY && io.env.NO_COLOR === undefined;
  return formatter.format(filtered, {
    color,
    ...(options.maxWarnings !== undefined && warnings > options.maxWarnings
      ? { maxWarningsExceeded: { maxWarnings: options.maxWarnings, foundWarnings: warnings } }
      : {}),
  });
}
