import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { findProperty, memberCall, staticString, unwrap, walk } from './ast.js';
import { type FileAnalysis, findVariable } from './file-analysis.js';
import { loadModule } from './modules.js';
import { exportOf, kindOf } from './origin.js';
import { constantBoolean, constantNumber, constructionOf, type StaticObject, staticObject } from './values.js';

/**
 * Retry policy of an enqueue call, shared by the `require-job-retry-options` rule, the audit
 * report's queue inventory and the `job-retry-options` codemod.
 */
export type RetryVerdict =
  /** attempts > 1 (or the library's default retries) and a backoff. */
  | 'ok'
  /** The job is tried once. */
  | 'no-retry'
  /** Retries happen, back to back. */
  | 'no-backoff'
  /** Options come from somewhere we cannot read: say nothing. */
  | 'unknown';

export type QueueLibrary = 'bullmq' | 'bull' | 'bee-queue' | 'pg-boss' | 'graphile-worker';

export interface EnqueueSite {
  readonly library: QueueLibrary;
  readonly call: TSESTree.CallExpression;
  readonly method: string;
  /** The job or queue name when written literally. */
  readonly jobName: string | undefined;
  readonly verdict: RetryVerdict;
  /** The options argument as written at the call, if any. */
  readonly optionsArgument: TSESTree.Node | undefined;
  /** Index the options argument has, or would have when added. */
  readonly optionsIndex: number;
  /** Where the queue was constructed, when visible: its defaultJobOptions apply to every job. */
  readonly queueConstruction?: { readonly analysis: FileAnalysis; readonly node: TSESTree.NewExpression | TSESTree.CallExpression };
}

const ENQUEUE_METHODS = new Set(['add', 'addBulk', 'send', 'sendAfter', 'createJob', 'addJob']);

/** Cheap syntactic gate for rules: is this call shaped like an enqueue? */
export function isEnqueueShaped(call: TSESTree.CallExpression): boolean {
  const member = memberCall(call);
  return member !== undefined && ENQUEUE_METHODS.has(member.name);
}

export function enqueueSite(analysis: FileAnalysis, call: TSESTree.CallExpression): EnqueueSite | undefined {
  const member = memberCall(call);
  if (!member || !ENQUEUE_METHODS.has(member.name)) return undefined;
  const kind = kindOf(analysis, member.object);
  switch (kind) {
    case 'bullmq.queue':
    case 'bull.queue':
      return bullSite(analysis, call, member.object, member.name, kind === 'bullmq.queue' ? 'bullmq' : 'bull');
    case 'bullmq.flow-producer':
      return flowSite(analysis, call, member.name);
    case 'bee-queue.queue':
      return member.name === 'createJob' ? beeQueueSite(analysis, call) : undefined;
    case 'pg-boss':
      return member.name === 'send' || member.name === 'sendAfter' ? pgBossSite(analysis, call) : undefined;
    case 'graphile-worker.utils':
      return member.name === 'addJob' ? graphileSite(analysis, call) : undefined;
    default:
      return undefined;
  }
}

function bullSite(
  analysis: FileAnalysis,
  call: TSESTree.CallExpression,
  queue: TSESTree.Expression,
  method: string,
  library: 'bullmq' | 'bull',
): EnqueueSite | undefined {
  const queueConstruction = constructionOf(analysis, queue);
  const defaults = queueConstruction ? queueDefaults(queueConstruction) : nestQueueDefaults(analysis, queue);
  if (method === 'addBulk') {
    const jobs = unwrap(call.arguments[0] ?? call);
    if (jobs.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
    let verdict: RetryVerdict = 'ok';
    for (const element of jobs.elements) {
      const job = element ? staticObject(analysis, element) : undefined;
      const options = job?.properties.get('opts');
      const own = options ? staticObject(options.analysis, options.value) : job?.complete ? emptyObject : undefined;
      verdict = worst(verdict, bullVerdict(own, defaults));
    }
    return { library, call, method, jobName: undefined, verdict, optionsArgument: undefined, optionsIndex: -1, ...(queueConstruction ? { queueConstruction } : {}) };
  }
  if (method !== 'add') return undefined;
  // Bull allows add(data, opts) without a name; BullMQ always takes (name, data, opts).
  const named = library === 'bullmq' || staticString(call.arguments[0]) !== undefined || call.arguments.length >= 3;
  const optionsIndex = named ? 2 : 1;
  const optionsArgument = call.arguments[optionsIndex];
  if (optionsArgument?.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const own = optionsArgument ? staticObject(analysis, optionsArgument) : emptyObject;
  return {
    library,
    call,
    method,
    jobName: named ? staticString(call.arguments[0]) : undefined,
    verdict: bullVerdict(own, defaults),
    optionsArgument,
    optionsIndex,
    ...(queueConstruction ? { queueConstruction } : {}),
  };
}

const emptyObject: StaticObject = { properties: new Map(), complete: true };

/** The queue's `defaultJobOptions`, or an empty complete object when the queue sets none. */
function queueDefaults(construction: NonNullable<EnqueueSite['queueConstruction']>): StaticObject | undefined {
  const { analysis, node } = construction;
  // new Queue(name, opts) — Bull also takes new Queue(name, url, opts).
  const candidates = node.arguments.slice(1);
  for (const candidate of candidates) {
    const options = staticObject(analysis, candidate);
    if (!options) {
      if (unwrap(candidate).type === AST_NODE_TYPES.Literal || unwrap(candidate).type === AST_NODE_TYPES.TemplateLiteral) continue;
      return undefined;
    }
    const defaults = options.properties.get('defaultJobOptions');
    if (defaults) return staticObject(defaults.analysis, defaults.value);
    return options.complete ? emptyObject : undefined;
  }
  return emptyObject;
}

function bullVerdict(own: StaticObject | undefined, defaults: StaticObject | undefined): RetryVerdict {
  if (!own) return 'unknown';
  const attemptsNode = own.properties.get('attempts') ?? defaults?.properties.get('attempts');
  const backoffNode = own.properties.get('backoff') ?? defaults?.properties.get('backoff');
  if (!attemptsNode) {
    // Something we cannot read could still set attempts.
    if (!own.complete || !defaults?.complete) return 'unknown';
    return 'no-retry';
  }
  const attempts = constantNumber(attemptsNode.analysis, attemptsNode.value);
  if (attempts !== undefined && attempts <= 1) return 'no-retry';
  if (!backoffNode) return own.complete && defaults?.complete !== false ? 'no-backoff' : 'unknown';
  return 'ok';
}

function beeQueueSite(analysis: FileAnalysis, call: TSESTree.CallExpression): EnqueueSite {
  const chained = chainedMethods(analysis, call);
  let verdict: RetryVerdict;
  if (chained === undefined) verdict = 'unknown';
  else if (!chained.has('retries')) verdict = 'no-retry';
  else if (chained.get('retries') === 0) verdict = 'no-retry';
  else verdict = chained.has('backoff') ? 'ok' : 'no-backoff';
  return { library: 'bee-queue', call, method: 'createJob', jobName: undefined, verdict, optionsArgument: undefined, optionsIndex: -1 };
}

/**
 * Methods called on a bee-queue job: chained on the call itself, or on the variable it is
 * stored in. Undefined when the job escapes somewhere we cannot follow.
 */
function chainedMethods(analysis: FileAnalysis, call: TSESTree.CallExpression): Map<string, number | undefined> | undefined {
  const methods = new Map<string, number | undefined>();
  let current: TSESTree.Node = call;
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) {
      const callNode: TSESTree.Node | undefined = parent.parent;
      if (callNode.type !== AST_NODE_TYPES.CallExpression) return methods;
      const name = parent.property.type === AST_NODE_TYPES.Identifier ? parent.property.name : '?';
      methods.set(name, constantNumber(analysis, callNode.arguments[0]));
      current = callNode;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
      const variable = findVariable(analysis, parent.id);
      for (const reference of variable?.references ?? []) {
        const use = reference.identifier.parent;
        if (use.type === AST_NODE_TYPES.MemberExpression && use.object === reference.identifier && use.property.type === AST_NODE_TYPES.Identifier) {
          const callNode = use.parent;
          methods.set(use.property.name, callNode.type === AST_NODE_TYPES.CallExpression ? constantNumber(analysis, callNode.arguments[0]) : undefined);
        }
      }
      return methods;
    }
    if (parent.type === AST_NODE_TYPES.AwaitExpression || parent.type === AST_NODE_TYPES.ExpressionStatement) return methods;
    // Returned or passed elsewhere: another place may configure it.
    return parent.type === AST_NODE_TYPES.ArrowFunctionExpression || parent.type === AST_NODE_TYPES.ReturnStatement || parent.type === AST_NODE_TYPES.CallExpression
      ? undefined
      : methods;
  }
}

/**
 * pg-boss retries twice by default, immediately. A policy needs a backoff or a delay; an explicit
 * `retryLimit: 0` turns retries off.
 */
function pgBossSite(analysis: FileAnalysis, call: TSESTree.CallExpression): EnqueueSite | undefined {
  const first = call.arguments[0];
  const objectForm = first ? staticObject(analysis, first) : undefined;
  const jobName = objectForm ? staticString(objectForm.properties.get('name')?.value) : staticString(first);
  const optionsIndex = objectForm ? -1 : 2;
  const optionsArgument = objectForm ? objectForm.properties.get('options')?.value : call.arguments[2];
  const own = optionsArgument ? staticObject(analysis, optionsArgument) : emptyObject;
  const queueOptions = jobName === undefined ? emptyObject : createQueueOptions(analysis, jobName);
  let verdict: RetryVerdict;
  if (!own || !queueOptions) verdict = 'unknown';
  else {
    const read = (key: string) => own.properties.get(key) ?? queueOptions.properties.get(key);
    const limit = read('retryLimit');
    const backoff = read('retryBackoff');
    const delay = read('retryDelay');
    const limitValue = limit ? constantNumber(limit.analysis, limit.value) : undefined;
    const backoffValue = backoff ? constantBoolean(backoff.analysis, backoff.value) : undefined;
    const delayValue = delay ? constantNumber(delay.analysis, delay.value) : undefined;
    if (limitValue === 0) verdict = 'no-retry';
    else if (backoffValue === true || (delayValue !== undefined && delayValue > 0)) verdict = 'ok';
    else if ((backoff && backoffValue === undefined) || (delay && delayValue === undefined)) verdict = 'unknown';
    else verdict = own.complete && queueOptions.complete ? 'no-backoff' : 'unknown';
  }
  return { library: 'pg-boss', call, method: memberCall(call)?.name ?? 'send', jobName, verdict, optionsArgument, optionsIndex };
}

/** `boss.createQueue('name', options)` in the same file, on any pg-boss instance. */
function createQueueOptions(analysis: FileAnalysis, jobName: string): StaticObject | undefined {
  let options: StaticObject | undefined = emptyObject;
  walk(analysis.ast, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const member = memberCall(node);
    if (member?.name !== 'createQueue' || staticString(node.arguments[0]) !== jobName) return undefined;
    if (kindOf(analysis, member.object) !== 'pg-boss') return undefined;
    options = node.arguments[1] ? staticObject(analysis, node.arguments[1]) : emptyObject;
    return false;
  });
  return options;
}

/** graphile-worker retries 25 times with exponential delays unless maxAttempts says otherwise. */
function graphileSite(analysis: FileAnalysis, call: TSESTree.CallExpression): EnqueueSite {
  const spec = call.arguments[2] ? staticObject(analysis, call.arguments[2]) : emptyObject;
  const maxAttempts = spec?.properties.get('maxAttempts');
  const value = maxAttempts ? constantNumber(maxAttempts.analysis, maxAttempts.value) : undefined;
  const verdict: RetryVerdict = value !== undefined && value <= 1 ? 'no-retry' : 'ok';
  return { library: 'graphile-worker', call, method: 'addJob', jobName: staticString(call.arguments[0]), verdict, optionsArgument: call.arguments[2], optionsIndex: 2 };
}

/**
 * `flowProducer.add({ name, queueName, opts, children }, { queuesOptions })`: every node of the
 * tree is a job, and the queue options given to the flow are its only defaults.
 */
function flowSite(analysis: FileAnalysis, call: TSESTree.CallExpression, method: string): EnqueueSite | undefined {
  if (method !== 'add' && method !== 'addBulk') return undefined;
  const flowOptions = method === 'add' && call.arguments[1] ? staticObject(analysis, call.arguments[1]) : emptyObject;
  const queuesOptionsEntry = flowOptions?.properties.get('queuesOptions');
  const queuesOptions = queuesOptionsEntry ? staticObject(queuesOptionsEntry.analysis, queuesOptionsEntry.value) : flowOptions ? emptyObject : undefined;
  const roots: TSESTree.Node[] = [];
  const first = call.arguments[0];
  if (!first) return undefined;
  if (method === 'addBulk') {
    const list = unwrap(first);
    if (list.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
    for (const element of list.elements) if (element && element.type !== AST_NODE_TYPES.SpreadElement) roots.push(element);
  } else {
    roots.push(first);
  }
  let verdict: RetryVerdict = 'ok';
  const visit = (nodeAnalysis: FileAnalysis, node: TSESTree.Node, depth: number): void => {
    const job = staticObject(nodeAnalysis, node);
    if (!job || depth > 8) {
      verdict = worst(verdict, 'unknown');
      return;
    }
    const queueName = staticString(job.properties.get('queueName')?.value);
    let defaults: StaticObject | undefined;
    if (!queuesOptions) defaults = undefined;
    else if (queueName === undefined) defaults = queuesOptions.complete && queuesOptions.properties.size === 0 ? emptyObject : undefined;
    else {
      const entry = queuesOptions.properties.get(queueName);
      const queueOptions = entry ? staticObject(entry.analysis, entry.value) : queuesOptions.complete ? emptyObject : undefined;
      const defaultsEntry = queueOptions?.properties.get('defaultJobOptions');
      defaults = defaultsEntry ? staticObject(defaultsEntry.analysis, defaultsEntry.value) : queueOptions?.complete ? emptyObject : undefined;
    }
    const options = job.properties.get('opts');
    const own = options ? staticObject(options.analysis, options.value) : job.complete ? emptyObject : undefined;
    verdict = worst(verdict, bullVerdict(own, defaults));
    const children = job.properties.get('children');
    const list = children ? unwrap(children.value) : undefined;
    if (list?.type === AST_NODE_TYPES.ArrayExpression) {
      for (const child of list.elements) if (child && child.type !== AST_NODE_TYPES.SpreadElement) visit(children?.analysis ?? nodeAnalysis, child, depth + 1);
    } else if (children) {
      verdict = worst(verdict, 'unknown');
    }
  };
  for (const root of roots) visit(analysis, root, 0);
  const rootJob = roots.length === 1 && roots[0] ? staticObject(analysis, roots[0]) : undefined;
  return {
    library: 'bullmq',
    call,
    method: `flow.${method}`,
    jobName: staticString(rootJob?.properties.get('name')?.value),
    verdict,
    optionsArgument: undefined,
    optionsIndex: -1,
  };
}

const NEST_QUEUE_PACKAGES = ['@nestjs/bullmq', '@nestjs/bull'];
const NEST_REGISTRATIONS = new Set(['registerQueue', 'forRoot']);

/**
 * A queue injected with `@InjectQueue('mail')` takes its defaults from
 * `BullModule.registerQueue({ name: 'mail', defaultJobOptions })` or `BullModule.forRoot({ defaultJobOptions })`.
 * With type information every project file that mentions BullModule is read; without, only this file.
 */
function nestQueueDefaults(analysis: FileAnalysis, queue: TSESTree.Expression): StaticObject | undefined {
  const queueName = injectedQueueName(analysis, queue);
  if (queueName === undefined) return undefined;
  const registrations = nestRegistrations(analysis);
  if (registrations.unknown) return undefined;
  const own = registrations.queues.get(queueName);
  const global = registrations.global;
  if (own === 'unknown' || global === 'unknown') return undefined;
  if (!own && !global && !registrations.complete) return undefined;
  const properties = new Map([...(global?.properties ?? []), ...(own?.properties ?? [])]);
  return { properties, complete: (own?.complete ?? true) && (global?.complete ?? true) };
}

/** `@InjectQueue('mail') private queue: Queue` → 'mail', for `this.queue` or the parameter itself. */
function injectedQueueName(analysis: FileAnalysis, queue: TSESTree.Expression): string | undefined {
  const node = unwrap(queue);
  let name: string | undefined;
  if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression && node.property.type === AST_NODE_TYPES.Identifier) {
    name = node.property.name;
  } else if (node.type === AST_NODE_TYPES.Identifier) {
    name = node.name;
  }
  if (name === undefined) return undefined;
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if (current.type !== AST_NODE_TYPES.ClassBody) continue;
    for (const member of current.body) {
      if (member.type !== AST_NODE_TYPES.MethodDefinition || member.kind !== 'constructor') continue;
      for (const param of member.value.params) {
        const target = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
        if (target.type !== AST_NODE_TYPES.Identifier || target.name !== name) continue;
        const decorators = param.type === AST_NODE_TYPES.TSParameterProperty ? param.decorators : target.decorators;
        for (const decorator of decorators) {
          const expression = decorator.expression;
          if (expression.type !== AST_NODE_TYPES.CallExpression) continue;
          const ref = exportOf(analysis, expression.callee);
          if (ref && NEST_QUEUE_PACKAGES.includes(ref.package) && ref.path.at(-1) === 'InjectQueue') {
            return staticString(expression.arguments[0]);
          }
        }
      }
    }
    return undefined;
  }
  return undefined;
}

interface NestRegistrations {
  readonly queues: Map<string, StaticObject | 'unknown'>;
  global: StaticObject | 'unknown' | undefined;
  /** Every place that could register queues was read. */
  readonly complete: boolean;
  unknown: boolean;
}

const registrationsByProgram = new WeakMap<object, NestRegistrations>();

function nestRegistrations(analysis: FileAnalysis): NestRegistrations {
  const program = analysis.types?.program;
  const cached = registrationsByProgram.get(program ?? analysis.ast);
  if (cached) return cached;
  const result: NestRegistrations = { queues: new Map(), global: undefined, complete: program !== undefined, unknown: false };
  const files: FileAnalysis[] = [];
  if (program) {
    for (const sourceFile of program.getSourceFiles()) {
      if (sourceFile.isDeclarationFile || sourceFile.fileName.includes('/node_modules/') || !sourceFile.text.includes('BullModule')) continue;
      const module = sourceFile.fileName === analysis.filename ? analysis : loadModule(sourceFile.fileName, analysis.settings, analysis.cwd);
      if (module) files.push(module);
    }
  } else {
    files.push(analysis);
  }
  for (const file of files) collectRegistrations(file, result);
  registrationsByProgram.set(program ?? analysis.ast, result);
  return result;
}

function collectRegistrations(analysis: FileAnalysis, result: NestRegistrations): void {
  walk(analysis.ast, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const member = memberCall(node);
    if (!member) return undefined;
    const isAsync = member.name.endsWith('Async');
    const base = isAsync ? member.name.slice(0, -'Async'.length) : member.name;
    if (!NEST_REGISTRATIONS.has(base)) return undefined;
    const ref = exportOf(analysis, member.object);
    if (!ref || !NEST_QUEUE_PACKAGES.includes(ref.package) || ref.path.at(-1) !== 'BullModule') return undefined;
    // Async registrations compute options at run time (useFactory): unreadable.
    const args = node.arguments.filter((argument) => staticString(argument) === undefined);
    for (const argument of args) {
      const options = isAsync ? undefined : staticObject(analysis, argument);
      if (base === 'forRoot') {
        const defaults = options?.properties.get('defaultJobOptions');
        result.global = !options ? 'unknown' : defaults ? (staticObject(defaults.analysis, defaults.value) ?? 'unknown') : result.global;
        continue;
      }
      const name = options ? staticString(options.properties.get('name')?.value) : undefined;
      if (name === undefined) {
        result.unknown = true;
        continue;
      }
      const defaults = options?.properties.get('defaultJobOptions');
      result.queues.set(name, defaults ? (staticObject(defaults.analysis, defaults.value) ?? 'unknown') : { properties: new Map(), complete: options?.complete ?? false });
    }
    return undefined;
  });
}

function worst(a: RetryVerdict, b: RetryVerdict): RetryVerdict {
  const order: RetryVerdict[] = ['no-retry', 'no-backoff', 'unknown', 'ok'];
  return order.indexOf(a) <= order.indexOf(b) ? a : b;
}

export { findProperty };
