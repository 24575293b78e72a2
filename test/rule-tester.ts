import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { RuleTester } from '@typescript-eslint/rule-tester';

export const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/rule-tests');

/** Type information from the fixture project, whose node_modules are the repository's real ones. */
export function typedRuleTester(settings: Record<string, unknown> = {}): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: fixturesDir,
      },
    },
    settings,
  });
}

/** No type information: import tracking only, as for users who do not configure a program. */
export function untypedRuleTester(settings: Record<string, unknown> = {}): RuleTester {
  return new RuleTester({ settings });
}

/** A file inside the fixture project, for cases that need a path (cross-file, Next.js routes). */
export function fixtureFile(...segments: string[]): string {
  return path.join(fixturesDir, ...segments);
}
