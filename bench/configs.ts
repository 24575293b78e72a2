/**
 * The benchmark's ESLint configurations. Each is a flat-config array built for one project
 * directory and the rules under test (bench/load-rules.ts: the plugin's `recommended`/`all` are
 * derived from each rule's meta exactly as src/configs.ts does); `baseline` names the configuration its time and memory are compared with.
 */
import type { Linter } from 'eslint';
import nodePlugin from 'eslint-plugin-n';
import tseslint from 'typescript-eslint';

import { NAMESPACE, type RulesUnderTest } from './load-rules.js';

export interface BenchConfig {
  readonly name: string;
  readonly label: string;
  readonly typed: boolean;
  /** The configuration this one is compared with; undefined for the baselines themselves. */
  readonly baseline?: string;
  readonly build: (dir: string, plugin: RulesUnderTest) => Linter.Config[];
}

const FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

function parserConfig(dir: string, typed: boolean): Linter.Config {
  return {
    name: typed ? 'bench/typed-parser' : 'bench/untyped-parser',
    files: FILES,
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: typed ? { projectService: true, tsconfigRootDir: dir } : {},
    },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  };
}

function scalabilityConfig(plugin: RulesUnderTest, preset: 'recommended' | 'all'): Linter.Config {
  return { name: `${NAMESPACE}/${preset}`, files: FILES, plugins: { [NAMESPACE]: plugin.plugin }, rules: plugin[preset] };
}

/**
 * A rule that does nothing: no listeners, no type information asked for. Enabling it still makes
 * ESLint run rules for every file, which is the floor any plugin pays over a no-rules baseline.
 */
const emptyRulePlugin = {
  rules: {
    empty: {
      meta: { type: 'problem', schema: [] },
      create: () => ({}),
    },
  },
} as const;

function emptyRuleConfig(): Linter.Config {
  return { name: 'bench/empty-rule', files: FILES, plugins: { bench: emptyRulePlugin }, rules: { 'bench/empty': 'error' } };
}

export const BENCH_CONFIGS: readonly BenchConfig[] = [
  {
    name: 'typed-baseline',
    label: '(a) typed baseline: parser with type information, no rules',
    typed: true,
    build: (dir) => [parserConfig(dir, true)],
  },
  {
    name: 'typed-empty-rule',
    label: '(a0) typed + one rule that does nothing: the floor of any rule',
    typed: true,
    baseline: 'typed-baseline',
    build: (dir) => [parserConfig(dir, true), emptyRuleConfig()],
  },
  {
    name: 'typed-recommended',
    label: '(b) typed + scalability recommended',
    typed: true,
    baseline: 'typed-baseline',
    build: (dir, plugin) => [parserConfig(dir, true), scalabilityConfig(plugin, 'recommended')],
  },
  {
    name: 'typed-all',
    label: '(c) typed + scalability all',
    typed: true,
    baseline: 'typed-baseline',
    build: (dir, plugin) => [parserConfig(dir, true), scalabilityConfig(plugin, 'all')],
  },
  {
    name: 'untyped-baseline',
    label: '(d) untyped baseline: parser without type information, no rules',
    typed: false,
    build: (dir) => [parserConfig(dir, false)],
  },
  {
    name: 'untyped-empty-rule',
    label: '(d0) untyped + one rule that does nothing: the floor of any rule',
    typed: false,
    baseline: 'untyped-baseline',
    build: (dir) => [parserConfig(dir, false), emptyRuleConfig()],
  },
  {
    name: 'untyped-recommended',
    label: '(e) untyped + scalability recommended',
    typed: false,
    baseline: 'untyped-baseline',
    build: (dir, plugin) => [parserConfig(dir, false), scalabilityConfig(plugin, 'recommended')],
  },
  {
    name: 'untyped-all',
    label: '(e2) untyped + scalability all',
    typed: false,
    baseline: 'untyped-baseline',
    build: (dir, plugin) => [parserConfig(dir, false), scalabilityConfig(plugin, 'all')],
  },
  {
    name: 'peer-untyped',
    label: '(f1) peers untyped: no-await-in-loop + the *Sync-call selector of n/no-sync ≤ 17',
    typed: false,
    baseline: 'untyped-baseline',
    // eslint-plugin-n 18's no-sync asks for parser services on every *Sync call, so it cannot run
    // untyped; this is the selector it used before it needed types.
    build: (dir) => [
      parserConfig(dir, false),
      {
        files: FILES,
        rules: {
          'no-await-in-loop': 'error',
          'no-restricted-syntax': [
            'error',
            'CallExpression > MemberExpression.callee > Identifier.property[name=/Sync$/]',
            'CallExpression > Identifier.callee[name=/Sync$/]',
          ],
        },
      },
    ],
  },
  {
    name: 'peer-n-typed',
    label: '(f1t) peers typed: n/no-sync + no-await-in-loop',
    typed: true,
    baseline: 'typed-baseline',
    build: (dir) => [
      parserConfig(dir, true),
      { files: FILES, plugins: { n: nodePlugin }, rules: { 'n/no-sync': 'error', 'no-await-in-loop': 'error' } },
    ],
  },
  {
    name: 'peer-typed',
    label: '(f2) peers typed: typescript-eslint recommended-type-checked',
    typed: true,
    baseline: 'typed-baseline',
    build: (dir) => [
      ...(tseslint.configs.recommendedTypeChecked as Linter.Config[]).map((config) => ({ ...config, files: config.files ?? FILES })),
      parserConfig(dir, true),
    ],
  },
  {
    name: 'peer-typed-plus-recommended',
    label: '(g) typescript-eslint recommended-type-checked + scalability recommended',
    typed: true,
    baseline: 'peer-typed',
    build: (dir, plugin) => [
      ...(tseslint.configs.recommendedTypeChecked as Linter.Config[]).map((config) => ({ ...config, files: config.files ?? FILES })),
      parserConfig(dir, true),
      scalabilityConfig(plugin, 'recommended'),
    ],
  },
];

export function benchConfig(name: string): BenchConfig {
  const config = BENCH_CONFIGS.find((candidate) => candidate.name === name);
  if (!config) throw new Error(`Unknown bench configuration "${name}". Known: ${BENCH_CONFIGS.map((c) => c.name).join(', ')}`);
  return config;
}
