import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MARKDOWN_LIMIT } from '../../src/report/markdown.js';
import { ordersApi } from './fixture-projects.js';
import { assertBuilt, cleanupTemporary, CLI_TIMEOUT, runCli, sampleAppCopy, tempProject } from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanupTemporary);

const CHROMIUM_CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome'];

/** Headless Chromium is required (Debian's `chromium`; .ci/run installs it): no skip. */
function chromium(): string {
  for (const name of CHROMIUM_CANDIDATES) {
    try {
      execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'pipe' });
      return name;
    } catch {
      // try the next name
    }
  }
  throw new Error('Chromium is not installed: the HTML report test renders the page in headless Chromium (apt-get install -y chromium)');
}

/** The DOM after Chromium rendered the file (the page has no script to run: asserted separately). */
function renderedDom(file: string): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    '--dump-dom',
    pathToFileURL(file).href,
  ];
  return new Promise((resolvePromise, reject) => {
    execFile(chromium(), args, { timeout: CLI_TIMEOUT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      rmSync(profile, { recursive: true, force: true });
      if (error) reject(new Error(`chromium failed: ${error.message}\n${stderr}`));
      else resolvePromise(stdout);
    });
  });
}

/** Text content of the rendered DOM, tags dropped and whitespace collapsed. */
function textOf(dom: string): string {
  return dom
    .replace(/<style[\s\S]*?<\/style>/gu, ' ')
    .replace(/<[^>]+>/gu, ' ')
    .replace(/&gt;/gu, '>')
    .replace(/&lt;/gu, '<')
    .replace(/&#39;/gu, "'")
    .replace(/&quot;/gu, '"')
    .replace(/&amp;/gu, '&')
    .replace(/\s+/gu, ' ');
}

describe('--report', () => {
  it('writes a self-contained HTML audit without scripts that Chromium renders', { timeout: CLI_TIMEOUT * 2 }, async () => {
    const project = tempProject(ordersApi(), 'orders-api');
    const result = await runCli(['--report', 'reports/audit.html'], { cwd: project });
    expect(result.code).toBe(1);
    const file = join(project, 'reports/audit.html');
    const html = readFileSync(file, 'utf8');
    // Self-contained: no script, no external stylesheet, image or font.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/iu);
    expect(html).not.toMatch(/\ssrc=/iu);

    const dom = await renderedDom(file);
    const text = textOf(dom);
    expect(dom).toContain('<title>Scalability audit: orders-api</title>');
    expect(text).toContain('Findings by concern');
    // The chart: one bar per concern, drawn in inline SVG.
    expect((dom.match(/<rect /gu) ?? []).length).toBe(6);
    expect(dom).toMatch(/<title id="chart-title">Findings by concern: Statelessness: \d+, Caching: \d+, Async work: \d+, Data access: \d+, Backpressure: \d+, Idempotency: \d+<\/title>/u);
    expect(text).toMatch(/Async work \d+ 0 \d+/u);

    // Inventory: endpoints, queues with retry policy, cache key families, database clients.
    expect(text).toContain('HTTP endpoints (4)');
    expect(text).toContain('POST /reports express inline src/routes.ts:8');
    expect(text).toContain('DELETE /users/:id express inline src/routes.ts:29');
    expect(text).toContain('reports build-report bullmq runs once (no retry) src/routes.ts:9');
    expect(text).toContain('emails welcome bullmq retries with backoff src/routes.ts:14');
    expect(text).toContain('reports bullmq job inline src/worker.ts:5');
    expect(text).toContain('user:* write TTL set ioredis src/routes.ts:25');
    expect(text).toContain('user:* invalidation ioredis src/routes.ts:30');
    expect(text).toContain('ioredis new Redis once per process src/queue.ts:4');
    expect(text).toContain('pg.client new pg.Client per request or job src/routes.ts:21');

    // Findings grouped by concern, worst files, and the fix for each finding.
    expect(text).toContain('Worst files');
    expect(text).toMatch(/src\/routes\.ts:9:21 require-job-retry-options BullMQ runs job 'build-report' once: .+ Fix: Add \{ attempts: 3, backoff: \{ type: 'exponential', delay: 1000 \} \}\. \( ?rule documentation ?\)/u);
    expect(dom).toMatch(/href="[^"]+\/docs\/rules\/require-job-retry-options\.md"/u);
  });

  it('writes a Markdown audit that fits a pull-request comment', { timeout: CLI_TIMEOUT }, async () => {
    const app = sampleAppCopy();
    const result = await runCli(['--format', 'json', '--report', 'audit.md'], { cwd: app });
    expect(result.code).toBe(1);
    const markdown = readFileSync(join(app, 'audit.md'), 'utf8');
    expect(markdown.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(markdown).toMatch(/^## Scalability audit: sample-app\n/u);
    expect(markdown).toContain('| Concern | Errors | Warnings | Total |');
    for (const label of ['Statelessness', 'Caching', 'Async work', 'Data access', 'Backpressure', 'Idempotency']) {
      expect(markdown).toMatch(new RegExp(`^\\| ${label} \\| \\d+ \\| \\d+ \\| \\d+ \\|$`, 'mu'));
    }
    expect(markdown).toContain('| POST | `/:id/report` | express | `src/routes/orders.ts:14` |');
    expect(markdown).toContain('| `reports` | `order-report` | bullmq | **runs once (no retry)** | `src/routes/orders.ts:16` |');
    expect(markdown).toContain('| `pg.pool` | `new pg.Pool` | once per process | `src/db/client.ts:7` |');
    expect(markdown).toMatch(/- 🔴 `src\/routes\/orders\.ts:16` \[\*\*require-job-retry-options\*\*\]\([^)]+\): BullMQ runs job 'order-report' once.+ Fix: Add /u);
    // Every <details> is closed.
    expect((markdown.match(/<details>/gu) ?? []).length).toBe((markdown.match(/<\/details>/gu) ?? []).length);
  });
});
