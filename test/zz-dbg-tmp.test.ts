import { it } from 'vitest';
import { untypedRuleTester } from './rule-tester.js';
import rule from '../src/rules/no-query-in-loop.js';
it('x', () => {});
untypedRuleTester().run('dbg', rule, { valid: [], invalid: [{ code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { eq } from 'drizzle-orm';
const db = drizzle('x');
export async function f(customers: any) {
  const recent = await db.select().from(customers).limit(100);
  const rows = [];
  for (const order of recent) {
    const [customer] = await db.select().from(customers).where(eq(customers.id, order.customerId));
    rows.push(customer);
  }
}`, errors: [{ messageId: 'queryInLoop' }] }] });
