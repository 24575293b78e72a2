import eslintPlugin from 'eslint-plugin-eslint-plugin';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { name: 'ignores', ignores: ['dist/', 'fixtures/', 'coverage/', 'node_modules/', '.eslint-doc-generatorrc.js'] },
  ...tseslint.configs.strictTypeChecked,
  {
    name: 'project/type-information',
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    name: 'project/rules',
    files: ['src/rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      'eslint-plugin/require-meta-docs-description': ['error', { pattern: '^(Enforce|Require|Disallow) .+[^. ]$' }],
      'eslint-plugin/require-meta-schema-description': 'off',
    },
  },
  {
    name: 'project/style',
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Non-null assertions are banned; bounded loops over arrays use `?? ` guards instead.
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    name: 'project/tests',
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
);
