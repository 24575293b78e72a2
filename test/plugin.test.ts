import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { rules } from '../src/rules/index.js';
import type { ScalabilityRuleDocs } from '../src/util/create-rule.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ruleFiles = readdirSync(path.join(root, 'src/rules'))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.replace(/\.ts$/u, ''));
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };

describe('plugin structure', () => {
  it('lists every rule file in src/rules/index.ts, alphabetically', () => {
    const names = Object.keys(rules);
    expect(names).toEqual([...ruleFiles].sort());
    expect(names).toEqual([...names].sort());
  });

  it('reads meta from package.json', () => {
    expect(plugin.meta).toEqual({ name: packageJson.name, version: packageJson.version, namespace: 'scalability' });
  });

  it.each(Object.entries(rules))('%s has a doc, a test and a consistent meta', (name, rule) => {
    const docs = rule.meta.docs as ScalabilityRuleDocs;
    expect(docs.description).toMatch(/^(Enforce|Require|Disallow) .+[^. ]$/u);
    expect(['statelessness', 'caching', 'async-work', 'data-access', 'backpressure', 'idempotency']).toContain(docs.concern);
    const doc = readFileSync(path.join(root, 'docs/rules', `${name}.md`), 'utf8');
    expect(doc.split('\n')[0]).toBe(`# ${docs.description} (\`scalability/${name}\`)`);
    for (const heading of ['## Rule details', '## Examples', '## Type information', '## When Not To Use It']) {
      expect(doc).toContain(heading);
    }
    const schema = rule.meta.schema;
    const properties = Array.isArray(schema) ? (schema[0] as { properties?: Record<string, unknown> } | undefined)?.properties : undefined;
    const options = Object.keys(properties ?? {});
    // One heading per option, and an Options section exactly when there are options.
    expect(doc.includes('## Options')).toBe(options.length > 0);
    for (const option of options) expect(doc).toContain(`### \`${option}\``);
    expect(readdirSync(path.join(root, 'test/rules'))).toContain(`${name}.test.ts`);
    // Every rule works without type information, so none may demand parser services directly.
    const source = readFileSync(path.join(root, 'src/rules', `${name}.ts`), 'utf8');
    expect(source).not.toMatch(/getParserServices/u);
    expect(docs.requiresTypeChecking ?? false).toBe(false);
  });
});

describe('configs', () => {
  it('derive from rule meta', () => {
    const recommended = Object.entries(rules)
      .filter(([, rule]) => (rule.meta.docs as ScalabilityRuleDocs).recommended === true)
      .map(([name]) => `scalability/${name}`);
    expect(Object.keys(plugin.configs.recommended.rules ?? {}).sort()).toEqual(recommended.sort());
    expect(Object.keys(plugin.configs.all.rules ?? {}).sort()).toEqual(Object.keys(rules).map((name) => `scalability/${name}`).sort());
    expect(Object.keys(plugin.configs.strict.rules ?? {}).sort()).toEqual(Object.keys(plugin.configs.all.rules ?? {}).sort());
  });

  it('are named and carry the plugin', () => {
    for (const [name, config] of Object.entries(plugin.configs)) {
      expect(config.name).toBe(`scalability/${name}`);
      expect(config.plugins?.scalability).toBe(plugin);
    }
  });
});
