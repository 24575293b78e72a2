import { type AuditReport, RETRY_LABELS, ruleName, SCOPE_LABELS, totalFindings } from './audit.js';
import type { Finding } from './finding.js';

/**
 * The audit as one self-contained HTML file: inline CSS, an inline SVG chart, no script and no
 * network request, so it opens from a CI artifact and reads the same with JavaScript off.
 */
export function renderHtml(report: AuditReport): string {
  const total = totalFindings(report);
  const { inventory } = report;
  const title = `Scalability audit: ${report.project}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(report.tool.name)} ${esc(report.tool.version)}">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="lead"><strong>${String(total)}</strong> ${plural(total, 'finding')} (${String(report.summary.errors)} ${plural(report.summary.errors, 'error')}, ${String(report.summary.warnings)} ${plural(report.summary.warnings, 'warning')}) in ${String(report.summary.files)} linted ${plural(report.summary.files, 'file')}.
${String(inventory.endpoints.length)} HTTP ${plural(inventory.endpoints.length, 'endpoint')}, ${String(inventory.enqueues.length)} enqueue ${plural(inventory.enqueues.length, 'site')}, ${String(inventory.clients.length)} database/Redis ${plural(inventory.clients.length, 'client construction')}.</p>
</header>
<main>
<section id="concerns">
<h2>Findings by concern</h2>
${chart(report)}
<table>
<thead><tr><th scope="col">Concern</th><th scope="col" class="num">Errors</th><th scope="col" class="num">Warnings</th><th scope="col" class="num">Total</th></tr></thead>
<tbody>
${report.concerns.map((section) => `<tr><th scope="row"><a href="#concern-${section.concern}">${esc(section.label)}</a></th><td class="num">${String(section.errors)}</td><td class="num">${String(section.warnings)}</td><td class="num">${String(section.findings.length)}</td></tr>`).join('\n')}
</tbody>
</table>
</section>
<section id="worst-files">
<h2>Worst files</h2>
${report.worstFiles.length === 0 ? '<p>No findings.</p>' : `<table>
<thead><tr><th scope="col">File</th><th scope="col" class="num">Findings</th><th scope="col" class="num">Errors</th></tr></thead>
<tbody>
${report.worstFiles.map((entry) => `<tr><td><code>${esc(entry.file)}</code></td><td class="num">${String(entry.count)}</td><td class="num">${String(entry.errors)}</td></tr>`).join('\n')}
</tbody>
</table>`}
</section>
<section id="inventory">
<h2>Inventory</h2>
<p>What the code itself reveals, found by the same analysis the rules use.</p>
<h3 id="endpoints">HTTP endpoints (${String(inventory.endpoints.length)})</h3>
${table(['Method', 'Path', 'Framework', 'Handler', 'Location'], inventory.endpoints.map((entry) => [
    esc(entry.method),
    entry.path === undefined ? '<span class="muted">(not static)</span>' : `<code>${esc(entry.path)}</code>${entry.retryable ? ' <span class="tag">webhook</span>' : ''}`,
    esc(entry.framework),
    entry.handler === undefined ? '<span class="muted">inline</span>' : `<code>${esc(entry.handler)}</code>`,
    location(entry.file, entry.line),
  ]), 'No HTTP endpoints recognised.')}
<h3 id="queues">Queues and jobs (${String(inventory.enqueues.length)} enqueue ${plural(inventory.enqueues.length, 'site')}, ${String(inventory.consumers.length)} ${plural(inventory.consumers.length, 'consumer')})</h3>
${table(['Queue', 'Job', 'Library', 'Retry policy', 'Location'], inventory.enqueues.map((entry) => [
    entry.queue === undefined ? '<span class="muted">?</span>' : `<code>${esc(entry.queue)}</code>`,
    entry.job === undefined ? '<span class="muted">?</span>' : `<code>${esc(entry.job)}</code>`,
    esc(entry.library),
    `<span class="retry-${entry.retry}">${esc(RETRY_LABELS[entry.retry])}</span>`,
    location(entry.file, entry.line),
  ]), 'No enqueue calls recognised.')}
${inventory.consumers.length === 0 ? '' : table(['Consumer', 'Framework', 'Runs per', 'Handler', 'Location'], inventory.consumers.map((entry) => [
    entry.queue === undefined ? '<span class="muted">?</span>' : `<code>${esc(entry.queue)}</code>`,
    esc(entry.framework),
    esc(entry.reason),
    entry.handler === undefined ? '<span class="muted">inline</span>' : `<code>${esc(entry.handler)}</code>`,
    location(entry.file, entry.line),
  ]), '')}
<h3 id="cache-keys">Cache key families (${String(inventory.cacheKeys.length)})</h3>
${table(['Key family', 'Operation', 'Expiry', 'Client', 'Location'], inventory.cacheKeys.map((entry) => [
    `<code>${esc(entry.family)}</code>`,
    esc(entry.operation === 'write' ? 'write' : 'invalidation'),
    entry.operation === 'write' ? expiryHtml(entry.expiry) : '',
    esc(entry.client),
    location(entry.file, entry.line),
  ]), 'No cache writes recognised.')}
<h3 id="clients">Database and Redis clients (${String(inventory.clients.length)})</h3>
${table(['Client', 'Constructed by', 'Runs', 'Location'], inventory.clients.map((entry) => [
    `<code>${esc(entry.kind)}</code>`,
    `<code>${esc(entry.expression)}</code>`,
    entry.scope === 'handler' ? `<span class="warn">${esc(SCOPE_LABELS[entry.scope])}</span>` : esc(SCOPE_LABELS[entry.scope]),
    location(entry.file, entry.line),
  ]), 'No client constructions recognised.')}
</section>
<section id="findings">
<h2>Findings and fixes</h2>
${report.concerns.map((section) => `<h3 id="concern-${section.concern}">${esc(section.label)} (${String(section.findings.length)})</h3>
${findingList(report, section.findings)}`).join('\n')}
${report.other.length === 0 ? '' : `<h3 id="other">Other (${String(report.other.length)})</h3>\n${findingList(report, report.other)}`}
</section>
</main>
<footer><p>Generated by ${esc(report.tool.name)} ${esc(report.tool.version)}.</p></footer>
</body>
</html>
`;
}

function findingList(report: AuditReport, findings: readonly Finding[]): string {
  if (findings.length === 0) return '<p class="muted">None.</p>';
  return `<ol class="findings">
${findings.map((finding) => {
    const rule = finding.ruleId === null ? undefined : report.rules.get(finding.ruleId);
    const docs = finding.docsUrl ?? rule?.docsUrl;
    const fixes = finding.suggestions.length > 0 ? `<p class="fix"><strong>Fix:</strong> ${finding.suggestions.map(esc).join('; ')}${docs === undefined ? '' : ` (<a href="${esc(docs)}">rule documentation</a>)`}</p>` : docs === undefined ? '' : `<p class="fix"><strong>Fix:</strong> see the <a href="${esc(docs)}">rule documentation</a>.</p>`;
    return `<li class="${finding.severity}"><p><span class="sev">${finding.severity}</span> <code>${esc(finding.file)}:${String(finding.line)}:${String(finding.column)}</code> <strong>${esc(ruleName(finding.ruleId))}</strong></p>
<p class="message">${esc(finding.message)}</p>${fixes}</li>`;
  }).join('\n')}
</ol>`;
}

/** Horizontal bars, one per concern, scaled to the largest count. */
function chart(report: AuditReport): string {
  const rowHeight = 28;
  const labelWidth = 130;
  const barWidth = 360;
  const max = Math.max(1, ...report.concerns.map((section) => section.findings.length));
  const height = rowHeight * report.concerns.length + 8;
  const rows = report.concerns.map((section, index) => {
    const y = 4 + index * rowHeight;
    const width = Math.round((section.findings.length / max) * barWidth);
    return `<g><text x="${String(labelWidth - 8)}" y="${String(y + 18)}" text-anchor="end">${esc(section.label)}</text><rect x="${String(labelWidth)}" y="${String(y + 4)}" width="${String(Math.max(width, section.findings.length > 0 ? 2 : 0))}" height="18" class="bar-${section.concern}"></rect><text x="${String(labelWidth + width + 6)}" y="${String(y + 18)}">${String(section.findings.length)}</text></g>`;
  });
  const summary = report.concerns.map((section) => `${section.label}: ${String(section.findings.length)}`).join(', ');
  return `<figure>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title" viewBox="0 0 ${String(labelWidth + barWidth + 50)} ${String(height)}" width="${String(labelWidth + barWidth + 50)}" height="${String(height)}">
<title id="chart-title">Findings by concern: ${esc(summary)}</title>
${rows.join('\n')}
</svg>
<figcaption>Findings by concern</figcaption>
</figure>`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[], empty: string): string {
  if (rows.length === 0) return empty === '' ? '' : `<p class="muted">${esc(empty)}</p>`;
  return `<table>
<thead><tr>${headers.map((header) => `<th scope="col">${esc(header)}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n')}
</tbody>
</table>`;
}

function expiryHtml(expiry: 'yes' | 'no' | 'unknown' | undefined): string {
  if (expiry === 'no') return '<span class="warn">no TTL</span>';
  return expiry === 'yes' ? 'TTL set' : '<span class="muted">not statically known</span>';
}

function location(file: string, line: number): string {
  return `<code>${esc(file)}:${String(line)}</code>`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

export function esc(text: string): string {
  return text.replace(/[&<>"']/gu, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#656d76;--line:#d0d7de;--err:#cf222e;--warn:#9a6700}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#8d96a0;--line:#30363d;--err:#ff7b72;--warn:#d29922}}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1100px;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
.num{text-align:right}code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace}.muted{color:var(--muted)}
.warn,.retry-no-retry,.retry-no-backoff{color:var(--warn);font-weight:600}.tag{border:1px solid var(--line);border-radius:4px;padding:0 .3rem;font-size:12px}
svg text{font:13px system-ui,sans-serif;fill:currentColor}svg rect{fill:#0969da}
.bar-statelessness{fill:#8250df}.bar-caching{fill:#0969da}.bar-async-work{fill:#1a7f37}.bar-data-access{fill:#bc4c00}.bar-backpressure{fill:#cf222e}.bar-idempotency{fill:#9a6700}
figure{margin:0}figcaption{color:var(--muted);font-size:13px}
ol.findings{padding-left:1.5rem}ol.findings li{margin-bottom:.8rem}ol.findings p{margin:.1rem 0}
.sev{text-transform:uppercase;font-size:11px;font-weight:700;border-radius:4px;padding:0 .3rem;border:1px solid}
li.error .sev{color:var(--err)}li.warning .sev{color:var(--warn)}.fix{color:var(--muted)}
footer{color:var(--muted);margin-top:2rem;font-size:13px}
`;
