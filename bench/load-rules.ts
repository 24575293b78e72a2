/**
 * The rules under test, for the benchmark and the crash sweep: the plugin's registered rules,
 * plus (optionally) rule modules in src/rules/ that src/rules/index.ts does not list yet, so
 * rules can be measured and swept while they are being written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { ESLint, Linter, Rule } from 'eslint';

import scalability from '../src/index.js';

export const NAMESPACE = 'scalability';
const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/rules');

export interface RulesUnderTest {
  readonly plugin: ESLint.Plugin;
  readonly rules: Record<string, Rule.RuleModule>;
  /** Names of rules loaded from src/rules/ that the index does not register. */
  readonly unregistered: string[];
  readonly recommended: Linter.RulesRecord;
  readonly all: Linter.RulesRecord;
}

export async function loadRules(includeUnregistered: boolean, warn: (line: string) => void = console.warn): Promise<RulesUnderTest> {
  const rules: Record<string, Rule.RuleModule> = { ...(scalability.rules as unknown as Record<string, Rule.RuleModule>) };
  const unregistered: string[] = [];
  if (includeUnregistered) {
    for (const file of fs.readdirSync(rulesDir).sort()) {
      const name = file.replace(/\.ts$/, '');
      if (!file.endsWith('.ts') || name === 'index' || name in rules) continue;
      try {
        const module = (await import(pathToFileURL(path.join(rulesDir, file)).href)) as { default?: Rule.RuleModule };
        if (module.default && typeof module.default.create === 'function') {
          rules[name] = module.default;
          unregistered.push(name);
        }
      } catch (error) {
        warn(`Skipping unregistered rule ${name}: ${(error as Error).message.split('\n')[0] ?? ''}`);
      }
    }
  }
  const recommended: Linter.RulesRecord = {};
  const all: Linter.RulesRecord = {};
  for (const [name, rule] of Object.entries(rules)) {
    all[`${NAMESPACE}/${name}`] = 'error';
    if ((rule.meta?.docs)?.recommended === true) recommended[`${NAMESPACE}/${name}`] = 'error';
  }
  const plugin = { meta: scalability.meta, rules } as unknown as ESLint.Plugin;
  return { plugin, rules, unregistered, recommended, all };
}
