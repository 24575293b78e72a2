import { type AuditReport, EXPIRY_LABELS, RETRY_LABELS, ruleName, SCOPE_LABELS, totalFindings } from './audit.js';
import type { Finding } from './finding.js';

/** GitHub rejects comments over 65,536 characters; stay well below with room for a header. */
export const MARKDOWN_LIMIT = 60_000;
const MAX_ROWS = 50;
const MAX_FINDINGS = 100;

/**
 * The audit as a pull-request comment: the summary first, the inventory and the full list of
 * findings folded in `<details>`, long lists cut with a count of what was left out.
 */
export function renderMarkdown(report: AuditReport): string {
  const total = totalFindings(report);
  const { inventory, summary } = report;
  const out: string[] = [];
  out.push(`## Scalability audit: ${cell(report.project)}`, '');
  out.push(
    `**${String(total)}** ${plural(total, 'finding')} (${String(summary.errors)} ${plural(summary.errors, 'error')}, ${String(summary.warnings)} ${plural(summary.warnings, 'warning')}) in ${String(summary.files)} linted ${plural(summary.files, 'file')}` +
      (summary.baselined > 0 ? `; ${String(summary.baselined)} already in the baseline.` : '.'),
    '',
  );
  out.push('| Concern | Errors | Warnings | Total |', '| --- | ---: | ---: | ---: |');
  for (const section of report.concerns) {
    out.push(`| ${section.label} | ${String(section.errors)} | ${String(section.warnings)} | ${String(section.findings.length)} |`);
  }
  out.push('');
  if (report.worstFiles.length > 0) {
    out.push('### Worst files', '', '| File | Findings | Errors |', '| --- | ---: | ---: |');
    for (const entry of report.worstFiles) out.push(`| \`${code(entry.file)}\` | ${String(entry.count)} | ${String(entry.errors)} |`);
    out.push('');
  }
  out.push(
    '### Inventory',
    '',
    `${String(inventory.endpoints.length)} HTTP ${plural(inventory.endpoints.length, 'endpoint')} · ${String(inventory.enqueues.length)} enqueue ${plural(inventory.enqueues.length, 'site')} · ${String(inventory.consumers.length)} ${plural(inventory.consumers.length, 'consumer')} · ${String(inventory.cacheKeys.length)} cache key ${plural(inventory.cacheKeys.length, 'family', 'families')} · ${String(inventory.clients.length)} database/Redis ${plural(inventory.clients.length, 'client')}`,
    '',
  );
  details(out, `HTTP endpoints (${String(inventory.endpoints.length)})`, ['Method', 'Path', 'Framework', 'Location'], inventory.endpoints.map((entry) => [
    entry.method,
    entry.path === undefined ? '?' : `\`${code(entry.path)}\`${entry.retryable ? ' (webhook)' : ''}`,
    cell(entry.framework),
    loc(entry.file, entry.line),
  ]));
  details(out, `Queues and jobs (${String(inventory.enqueues.length)})`, ['Queue', 'Job', 'Library', 'Retry policy', 'Location'], inventory.enqueues.map((entry) => [
    entry.queue === undefined ? '?' : `\`${code(entry.queue)}\``,
    entry.job === undefined ? '?' : `\`${code(entry.job)}\``,
    cell(entry.library),
    entry.retry === 'ok' ? RETRY_LABELS[entry.retry] : `**${RETRY_LABELS[entry.retry]}**`,
    loc(entry.file, entry.line),
  ]));
  details(out, `Cache key families (${String(inventory.cacheKeys.length)})`, ['Key family', 'Operation', 'Expiry', 'Location'], inventory.cacheKeys.map((entry) => [
    `\`${code(entry.family)}\``,
    entry.operation === 'write' ? 'write' : 'invalidation',
    entry.operation === 'write' ? EXPIRY_LABELS[entry.expiry ?? 'unknown'] : '',
    loc(entry.file, entry.line),
  ]));
  details(out, `Database and Redis clients (${String(inventory.clients.length)})`, ['Client', 'Constructed by', 'Runs', 'Location'], inventory.clients.map((entry) => [
    `\`${code(entry.kind)}\``,
    `\`${code(entry.expression)}\``,
    entry.scope === 'handler' ? `**${SCOPE_LABELS[entry.scope]}**` : SCOPE_LABELS[entry.scope],
    loc(entry.file, entry.line),
  ]));
  if (total > 0) {
    out.push(`<details><summary>Findings and fixes (${String(total)})</summary>`, '');
    let shown = 0;
    const sections = [...report.concerns.map((section) => ({ label: section.label, findings: section.findings })), { label: 'Other', findings: report.other }];
    for (const section of sections) {
      if (section.findings.length === 0) continue;
      out.push(`#### ${section.label} (${String(section.findings.length)})`, '');
      for (const finding of section.findings) {
        if (shown >= MAX_FINDINGS) break;
        out.push(findingLine(report, finding));
        shown++;
      }
      out.push('');
    }
    if (shown < total) out.push(`…and ${String(total - shown)} more: run \`scalability-lint --report audit.html\` for the full list.`, '');
    out.push('</details>', '');
  }
  let text = out.join('\n');
  if (text.length > MARKDOWN_LIMIT) {
    text = `${text.slice(0, MARKDOWN_LIMIT - 200)}\n\n…(cut to fit a pull-request comment; see the HTML report for everything)\n`;
  }
  return text;
}

function findingLine(report: AuditReport, finding: Finding): string {
  const docs = finding.docsUrl ?? (finding.ruleId === null ? undefined : report.rules.get(finding.ruleId)?.docsUrl);
  const rule = docs === undefined ? `**${ruleName(finding.ruleId)}**` : `[**${ruleName(finding.ruleId)}**](${docs})`;
  const fix = finding.suggestions.length > 0 ? ` Fix: ${finding.suggestions.map(cell).join('; ')}` : '';
  return `- ${finding.severity === 'error' ? '🔴' : '🟡'} \`${code(finding.file)}:${String(finding.line)}\` ${rule}: ${cell(finding.message)}${fix}`;
}

function details(out: string[], summary: string, headers: readonly string[], rows: readonly (readonly string[])[]): void {
  if (rows.length === 0) return;
  out.push(`<details><summary>${summary}</summary>`, '');
  out.push(`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`);
  for (const row of rows.slice(0, MAX_ROWS)) out.push(`| ${row.join(' | ')} |`);
  if (rows.length > MAX_ROWS) out.push('', `…and ${String(rows.length - MAX_ROWS)} more.`);
  out.push('', '</details>', '');
}

function loc(file: string, line: number): string {
  return `\`${code(file)}:${String(line)}\``;
}

/** Text in a table cell or list item: no pipes, no HTML, one line. */
function cell(text: string): string {
  return text.replace(/\r?\n/gu, ' ').replace(/\|/gu, '\\|').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/** Text inside a code span: backticks would end it; pipes still split table cells on GitHub. */
function code(text: string): string {
  return text.replace(/`/gu, "'").replace(/\|/gu, '\\|').replace(/\r?\n/gu, ' ');
}

function plural(count: number, word: string, many = `${word}s`): string {
  return count === 1 ? word : many;
}
