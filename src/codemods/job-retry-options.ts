import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { staticPropertyKey, walk } from '../analysis/ast.js';
import type { FileAnalysis } from '../analysis/file-analysis.js';
import { enqueueSite, type EnqueueSite, isEnqueueShaped } from '../analysis/jobs.js';
import { positiveIntegerOption } from './options.js';
import type { Codemod, SkippedSite, TextEdit } from './types.js';

/**
 * Gives queues a retry policy. The policy goes into the queue's `defaultJobOptions` once, where
 * the `new Queue(...)` call is visible (in any project file); otherwise into the enqueue call.
 * Sites the rule reports are exactly the sites this codemod edits: both read `enqueueSite`.
 */
export const jobRetryOptions: Codemod = {
  name: 'job-retry-options',
  description: "Add attempts and an exponential backoff to BullMQ/Bull queues' defaultJobOptions (or to the enqueue call).",
  options: {
    attempts: { description: 'attempts per job', default: 3 },
    'backoff-ms': { description: 'first exponential backoff delay in milliseconds', default: 1000 },
  },
  transform(analysis, options) {
    const attempts = positiveIntegerOption(options, 'attempts', 3);
    const delay = positiveIntegerOption(options, 'backoff-ms', 1000);
    const policy = `attempts: ${String(attempts)}, backoff: { type: 'exponential', delay: ${String(delay)} }`;
    const edits: TextEdit[] = [];
    const skipped: SkippedSite[] = [];
    walk(analysis.ast, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression || !isEnqueueShaped(node)) return undefined;
      const site = enqueueSite(analysis, node);
      if (!site || site.verdict === 'ok' || site.verdict === 'unknown') return undefined;
      if (site.library !== 'bullmq' && site.library !== 'bull') {
        skipped.push(skip(analysis, node, `${site.library} jobs are left to the rule's suggestion`));
        return undefined;
      }
      const fix = (site.queueConstruction ? queueDefaultsEdit(site, policy, attempts) : undefined) ?? callOptionsEdit(analysis, site, policy);
      if (fix) edits.push(...fix);
      else skipped.push(skip(analysis, node, 'the options are not an object literal the codemod can extend'));
      return undefined;
    });
    return { edits, skipped };
  },
};


function skip(analysis: FileAnalysis, node: TSESTree.Node, reason: string): SkippedSite {
  return { file: analysis.filename, line: node.loc.start.line, reason };
}

/** `new Queue('mail')` → `new Queue('mail', { defaultJobOptions: { … } })`, or merged into what is there. */
function queueDefaultsEdit(site: EnqueueSite, policy: string, attempts: number): TextEdit[] | undefined {
  const construction = site.queueConstruction;
  if (!construction) return undefined;
  const { analysis, node } = construction;
  const file = analysis.filename;
  const [name, ...rest] = node.arguments;
  if (!name) return undefined;
  // Bull: new Queue(name, url, opts) — the options object is the last argument.
  const optionsArgument = rest.find((argument) => argument.type === AST_NODE_TYPES.ObjectExpression) ?? (rest.length === 0 ? undefined : null);
  if (optionsArgument === null) return undefined;
  if (!optionsArgument) {
    // BullMQ's queue options require `connection`; a queue built without options keeps its
    // defaults, and the policy goes on each call instead.
    if (site.library === 'bullmq') return undefined;
    return [{ file, start: name.range[1], end: name.range[1], text: `, { defaultJobOptions: { ${policy} } }` }];
  }
  const defaults = optionsArgument.properties.find(
    (property): property is TSESTree.Property => property.type === AST_NODE_TYPES.Property && staticPropertyKey(property) === 'defaultJobOptions',
  );
  if (!defaults) return insertProperties(file, optionsArgument, `defaultJobOptions: { ${policy} }`);
  if (defaults.value.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  return mergePolicy(file, defaults.value, policy, attempts);
}

function callOptionsEdit(analysis: FileAnalysis, site: EnqueueSite, policy: string): TextEdit[] | undefined {
  const file = analysis.filename;
  const argument = site.optionsArgument;
  if (!argument) {
    const last = site.call.arguments.at(-1);
    if (!last || site.call.arguments.length !== site.optionsIndex) return undefined;
    return [{ file, start: last.range[1], end: last.range[1], text: `, { ${policy} }` }];
  }
  if (argument.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  return mergePolicy(file, argument, policy, 3);
}

/** Adds what is missing of attempts/backoff; raises an explicit `attempts` ≤ 1. */
function mergePolicy(file: string, object: TSESTree.ObjectExpression, policy: string, attempts: number): TextEdit[] {
  const find = (key: string) =>
    object.properties.find((property): property is TSESTree.Property => property.type === AST_NODE_TYPES.Property && staticPropertyKey(property) === key);
  const attemptsProperty = find('attempts');
  const backoffProperty = find('backoff');
  const edits: TextEdit[] = [];
  const backoffText = policy.slice(policy.indexOf('backoff:'));
  if (attemptsProperty) {
    const value = attemptsProperty.value;
    if (value.type === AST_NODE_TYPES.Literal && typeof value.value === 'number' && value.value <= 1) {
      edits.push({ file, start: value.range[0], end: value.range[1], text: String(attempts) });
    }
  }
  const missing = [attemptsProperty ? undefined : `attempts: ${String(attempts)}`, backoffProperty ? undefined : backoffText].filter(
    (part): part is string => part !== undefined,
  );
  if (missing.length > 0) edits.push(...insertProperties(file, object, missing.join(', ')));
  return edits;
}

/** After the last property, on its own line when the object is written one property per line. */
function insertProperties(file: string, object: TSESTree.ObjectExpression, text: string): TextEdit[] {
  const last = object.properties.at(-1);
  if (!last) return [{ file, start: object.range[0], end: object.range[1], text: `{ ${text} }` }];
  const multiline = last.loc.start.line !== object.loc.start.line;
  const separator = multiline ? `,\n${' '.repeat(last.loc.start.column)}` : ', ';
  return [{ file, start: last.range[1], end: last.range[1], text: `${separator}${text}` }];
}
