import type { TSESLint } from '@typescript-eslint/utils';

import { buildRuleEntries, NAMESPACE } from './configs.js';
import { rules } from './rules/index.js';
import { packageInfo } from './util/package-info.js';

export type { ScalabilitySettings, ValueSpecifier } from './settings.js';

type FlatConfig = TSESLint.FlatConfig.Config;

interface ScalabilityPlugin {
  readonly meta: { readonly name: string; readonly version: string; readonly namespace: string };
  readonly rules: typeof rules;
  readonly configs: {
    readonly recommended: FlatConfig;
    readonly strict: FlatConfig;
    readonly all: FlatConfig;
  };
}

const plugin = {
  meta: { name: packageInfo.name, version: packageInfo.version, namespace: NAMESPACE },
  rules,
  configs: {} as ScalabilityPlugin['configs'],
} satisfies Omit<ScalabilityPlugin, 'configs'> & { configs: unknown };

function config(name: 'recommended' | 'strict' | 'all'): FlatConfig {
  return {
    name: `${NAMESPACE}/${name}`,
    plugins: { [NAMESPACE]: plugin as unknown as FlatConfig['plugins'] extends Record<string, infer P> | undefined ? P : never },
    rules: buildRuleEntries(name),
  };
}

Object.assign(plugin.configs, {
  recommended: config('recommended'),
  strict: config('strict'),
  all: config('all'),
});

const scalability: ScalabilityPlugin = plugin;
export default scalability;
