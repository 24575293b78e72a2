import { readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { untypedRuleTester } from './rule-tester.js';
import rule from '../src/rules/no-query-in-loop.js';
it('x', () => {});
const file = path.resolve('fixtures/sample-app/src/reports/router.ts');
let code = readFileSync(file, 'utf8');

untypedRuleTester().run('dbg', rule, { valid: [], invalid: [{ code, filename: file, errors: [{ messageId: 'queryInLoop' }] }] });
