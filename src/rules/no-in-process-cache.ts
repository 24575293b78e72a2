import path from 'node:path';

import { getFileAnalysis } from '../analysis/index.js';
import { type ContainerKind, type InProcessContainer, inProcessContainers } from '../analysis/cache-state.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    allow?: string[];
  },
];
export type MessageIds = 'inProcessState' | 'inProcessCache';

const CONTAINER_NAMES: Record<ContainerKind, string> = {
  Map: 'Map',
  Set: 'Set',
  array: 'array',
  object: 'dictionary object',
  'lru-cache': 'LRUCache (lru-cache)',
  'node-cache': 'NodeCache (node-cache)',
  keyv: 'Keyv cache without a remote store',
  'cache-manager': 'cache-manager cache without a remote store',
  memoize: 'memoised I/O function',
};

const SCOPE_NAMES: Record<InProcessContainer['scope'], string> = {
  module: 'module-level',
  static: 'static',
  singleton: 'singleton-field',
};

export default createRule<Options, MessageIds>({
  name: 'no-in-process-cache',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow per-process mutable caches and state written at run time',
      recommended: true,
      concern: 'statelessness',
    },
    messages: {
      inProcessState:
        'The {{scope}} {{container}} `{{name}}` is written at run time ({{write}}, {{where}}): every instance of a horizontally scaled service keeps its own diverging copy, and no instance can invalidate the others. Keep only immutable reference data in the process; move shared data to a distributed cache (Redis) with a TTL and invalidation.',
      inProcessCache:
        'The {{scope}} {{container}} `{{name}}` keeps its entries inside this process: every instance of a horizontally scaled service caches its own diverging copy, and no instance can invalidate the others. Use a distributed cache (Redis, or a Keyv/cache-manager Redis store) with a TTL and invalidation.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allow: {
            type: 'array',
            items: { type: 'string' },
            description: 'Container names to allow: exact names, or regular expressions written as `/pattern/flags`.',
          },
        },
      },
    ],
    defaultOptions: [{ allow: [] }],
  },
  create(context, [options]) {
    const allowed = (options.allow ?? []).map(toMatcher);

    return {
      'Program:exit'() {
        const analysis = getFileAnalysis(context);
        for (const container of inProcessContainers(analysis)) {
          if (allowed.some((matches) => matches(container.name))) continue;
          const scope = SCOPE_NAMES[container.scope];
          const kind = CONTAINER_NAMES[container.kind];
          if (container.write) {
            const where = container.write.file
              ? `${path.relative(path.dirname(analysis.filename), container.write.file)}:${String(container.write.line)}`
              : `line ${String(container.write.line)}`;
            context.report({
              node: container.declaration,
              messageId: 'inProcessState',
              data: { scope, container: kind, name: container.name, write: container.write.description, where },
            });
          } else {
            context.report({ node: container.declaration, messageId: 'inProcessCache', data: { scope, container: kind, name: container.name } });
          }
        }
      },
    };
  },
});

function toMatcher(pattern: string): (name: string) => boolean {
  const regex = /^\/(.+)\/([a-z]*)$/u.exec(pattern);
  if (regex?.[1] !== undefined) {
    const compiled = new RegExp(regex[1], regex[2]);
    return (name) => compiled.test(name);
  }
  return (name) => name === pattern;
}
