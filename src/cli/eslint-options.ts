import tsParser from '@typescript-eslint/parser';
import type { ESLint, Linter } from 'eslint';

import plugin from '../index.js';
import type { Preset, Severity } from './args.js';
import { INTERNAL_NAMESPACE, internalPlugin, INVENTORY_RULE, PROGRESS_RULE } from './internal-plugin.js';

/**
 * Everything needed to build the ESLint options, as plain JSON: with `--concurrency` each worker
 * thread rebuilds the options from this plan in an options module, because parsers, plugins and
 * functions cannot be cloned into workers.
 */
export interface LintPlan {
  readonly cwd: string;
  readonly preset: Preset;
  /** Full rule ids (`scalability/<name>`) to severities, applied after the preset. */
  readonly rules: Readonly<Record<string, Severity>>;
  readonly typed: { readonly tsconfigRootDir: string; readonly files: readonly string[] } | undefined;
  readonly cache: boolean;
  readonly cacheLocation: string;
  readonly concurrency: number | 'auto' | 'off';
  readonly inventory: boolean;
  readonly progress: boolean;
}

export const SOURCE_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];

export const DEFAULT_IGNORES = ['**/node_modules/', '**/dist/', '**/build/', '**/coverage/', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts'];

export function eslintOptions(plan: LintPlan): ESLint.Options {
  const presetConfig = plugin.configs[plan.preset] as unknown as Linter.Config;
  const config: Linter.Config[] = [
    // --ignore-pattern is applied when the CLI lists the files (relative to the working directory).
    { name: 'scalability-lint/ignores', ignores: DEFAULT_IGNORES },
    {
      name: 'scalability-lint/parser',
      files: SOURCE_FILES,
      languageOptions: { parser: tsParser as unknown as Linter.Parser },
      linterOptions: {
        // The CLI runs only this plugin's rules: directives about other rules are not "unused".
        reportUnusedDisableDirectives: 'off',
        reportUnusedInlineConfigs: 'off',
      },
    },
    { ...presetConfig, files: SOURCE_FILES },
  ];
  if (plan.typed && plan.typed.files.length > 0) {
    const typedFiles = new Set(plan.typed.files);
    config.push({
      name: 'scalability-lint/type-information',
      files: [(file: string) => typedFiles.has(file)] as unknown as string[],
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: plan.typed.tsconfigRootDir } },
    });
  }
  if (Object.keys(plan.rules).length > 0) {
    config.push({ name: 'scalability-lint/rule-overrides', files: SOURCE_FILES, rules: { ...plan.rules } });
  }
  if (plan.inventory || plan.progress) {
    config.push({
      name: 'scalability-lint/internal',
      files: SOURCE_FILES,
      plugins: { [INTERNAL_NAMESPACE]: internalPlugin as unknown as ESLint.Plugin },
      rules: {
        ...(plan.inventory ? { [INVENTORY_RULE]: 'warn' } : {}),
        ...(plan.progress ? { [PROGRESS_RULE]: 'warn' } : {}),
      },
    });
  }
  return {
    cwd: plan.cwd,
    overrideConfigFile: true,
    overrideConfig: config,
    // The CLI passes the exact files to lint; ignored ones are skipped silently.
    globInputPaths: false,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
    cache: plan.cache,
    cacheLocation: plan.cacheLocation,
    // Content, not mtime: a fresh CI checkout touches every file.
    cacheStrategy: 'content',
    concurrency: plan.concurrency,
  };
}
