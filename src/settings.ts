import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';

/**
 * typescript-eslint's TypeOrValueSpecifier shape, which users already know:
 * a value exported by a project file or by a package.
 */
export type ValueSpecifier =
  | { readonly from: 'file'; readonly name: string | readonly string[]; readonly path?: string }
  | { readonly from: 'package'; readonly name: string | readonly string[]; readonly package: string };

export interface ValueDeclaration {
  /** Which exported value. */
  readonly value: ValueSpecifier;
  /** What it is: an instance kind from the catalogues, e.g. `ioredis`, `bullmq.queue`, `prisma.client`. */
  readonly kind: string;
}

export interface HandlerDeclaration {
  readonly value: ValueSpecifier;
  /** `http` (request handler, the default) or `retryable` (queue worker, webhook, consumer). */
  readonly type?: 'http' | 'retryable';
}

export interface ScalabilitySettings {
  /** Project wrappers the analysis cannot see through, declared by the user. */
  readonly values: readonly ValueDeclaration[];
  /** Functions that handle requests or jobs although no registration call is visible. */
  readonly handlers: readonly HandlerDeclaration[];
  /** Globs of files that run as worker or scheduler processes, never serving HTTP. */
  readonly workerFiles: readonly string[];
  /** How many calls deep to follow a handler into project functions. */
  readonly maxDepth: number;
}

export const DEFAULT_WORKER_FILES: readonly string[] = [
  '**/worker.{ts,js,mts,cts,mjs,cjs}',
  '**/workers/**',
  '**/*.worker.{ts,js,mts,cts,mjs,cjs}',
  '**/worker/**',
  '**/jobs/**',
  '**/scheduler.{ts,js,mts,cts,mjs,cjs}',
  '**/*.scheduler.{ts,js,mts,cts,mjs,cjs}',
  '**/cron/**',
  '**/scripts/**',
  '**/bin/**',
];

export const DEFAULT_SETTINGS: ScalabilitySettings = {
  values: [],
  handlers: [],
  workerFiles: DEFAULT_WORKER_FILES,
  maxDepth: 3,
};

export const valueSpecifierSchema: JSONSchema4 = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        from: { type: 'string', enum: ['file'] },
        name: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
        path: { type: 'string' },
      },
      required: ['from', 'name'],
    },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        from: { type: 'string', enum: ['package'] },
        name: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
        package: { type: 'string' },
      },
      required: ['from', 'name', 'package'],
    },
  ],
};

export const workerFilesSchema: JSONSchema4 = { type: 'array', items: { type: 'string' } };

const settingsCache = new WeakMap<object, ScalabilitySettings>();

/**
 * Resolves `settings.scalability` once per settings object: ESLint hands every rule of a file
 * the same object, so this runs once per configuration, not per rule.
 */
export function readSettings(settings: Readonly<Record<string, unknown>> | undefined): ScalabilitySettings {
  if (!settings) return DEFAULT_SETTINGS;
  const cached = settingsCache.get(settings);
  if (cached) return cached;
  const raw = settings.scalability;
  const resolved = isRecord(raw) ? mergeSettings(raw) : DEFAULT_SETTINGS;
  settingsCache.set(settings, resolved);
  return resolved;
}

function mergeSettings(raw: Record<string, unknown>): ScalabilitySettings {
  return {
    values: Array.isArray(raw.values) ? (raw.values.filter(isValueDeclaration)) : [],
    handlers: Array.isArray(raw.handlers) ? (raw.handlers.filter(isHandlerDeclaration)) : [],
    workerFiles: Array.isArray(raw.workerFiles)
      ? raw.workerFiles.filter((glob): glob is string => typeof glob === 'string')
      : DEFAULT_WORKER_FILES,
    maxDepth: typeof raw.maxDepth === 'number' && raw.maxDepth >= 0 ? Math.floor(raw.maxDepth) : 3,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isValueSpecifier(value: unknown): value is ValueSpecifier {
  if (!isRecord(value)) return false;
  const nameOk = typeof value.name === 'string' || Array.isArray(value.name);
  if (value.from === 'file') return nameOk;
  return value.from === 'package' && nameOk && typeof value.package === 'string';
}

function isValueDeclaration(value: unknown): value is ValueDeclaration {
  return isRecord(value) && isValueSpecifier(value.value) && typeof value.kind === 'string';
}

function isHandlerDeclaration(value: unknown): value is HandlerDeclaration {
  return isRecord(value) && isValueSpecifier(value.value);
}

export function specifierNames(specifier: ValueSpecifier): readonly string[] {
  return typeof specifier.name === 'string' ? [specifier.name] : specifier.name;
}
