import { walk } from '../analysis/ast.js';
import {
  compileIgnoreRoutes,
  type MissingRetryAfter,
  missingRetryAfter,
  retryAfterEdits,
} from '../analysis/retry-after-sites.js';
import { positiveIntegerOption } from './options.js';
import type { Codemod, SkippedSite, TextEdit } from './types.js';

/**
 * Adds `Retry-After` to the 429/503 responses `require-retry-after` reports (with its default
 * options: health and readiness probes are left alone), in each framework's idiom — the same
 * edits as the rule's suggestion. Sites the suggestion cannot fix are listed.
 */
export const retryAfter: Codemod = {
  name: 'retry-after',
  description: "Add a Retry-After header to 429 and 503 responses, in each framework's idiom.",
  options: { seconds: { description: 'seconds clients should wait before retrying', default: 30 } },
  transform(analysis, options) {
    const seconds = positiveIntegerOption(options, 'seconds', 30);
    const ignoreRoutes = compileIgnoreRoutes();
    const edits: TextEdit[] = [];
    const skipped: SkippedSite[] = [];
    walk(analysis.ast, (node) => {
      const found = missingRetryAfter(analysis, node, ignoreRoutes);
      if (!found) return undefined;
      const fix = retryAfterEdits(analysis, found, `'${String(seconds)}'`);
      if (!fix) {
        skipped.push({ file: analysis.filename, line: found.site.node.loc.start.line, reason: skipReason(found) });
        return undefined;
      }
      for (const edit of fix) edits.push({ file: analysis.filename, start: edit.range[0], end: edit.range[1], text: edit.text });
      return undefined;
    });
    return { edits, skipped };
  },
};

/** Why the site got no header, in terms of the code the user sees. */
function skipReason(found: MissingRetryAfter): string {
  const { site } = found;
  const status = String(found.status);
  if (!found.onlyBackpressure) {
    return `the status is conditional (${site.statuses.join(' or ')}): a Retry-After header would go out with the other statuses too`;
  }
  switch (site.form) {
    case 'exception':
    case 'http-code-decorator':
      return site.framework === 'nestjs'
        ? `NestJS ${status} outside a route method (a service, a guard or a callback), or @nestjs/common's Header cannot be imported here: no route to decorate with @Header`
        : `Hono HTTPException(${status}) takes no headers: pass a Response carrying Retry-After as its { res } option`;
    case 'fetch-init':
    case 'hono-respond':
    case 'write-head':
    case 'koa-throw':
      return `${status} response whose headers are built elsewhere (not an object literal here): add Retry-After where they are built`;
    case 'status-assignment':
    case 'hono-status':
      return `${status} status set inside an expression: no statement to put the header before`;
    default:
      return `no safe place to add Retry-After to this ${status} response`;
  }
}
