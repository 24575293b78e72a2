import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'dist/cli/bin.js');
let dir = '';

beforeAll(() => {
  if (!fs.existsSync(bin)) throw new Error('run `npm run build` before the codemod command tests');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalability-codemod-cli-'));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: ['node'] }, include: ['*.ts'] }),
  );
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, 'cache.ts'), "import { Redis } from 'ioredis';\nconst redis = new Redis();\nexport const remember = (id: string) => redis.set(`profile:${id}`, 'x');\n");
});
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

describe('scalability-lint codemod', () => {
  it('prints a diff in a dry run and applies it with --write', () => {
    const dry = execFileSync('node', [bin, 'codemod', 'cache-ttl', '--seconds', '60'], { cwd: dir, encoding: 'utf8' });
    expect(dry).toContain("+export const remember = (id: string) => redis.set(`profile:${id}`, 'x', 'EX', 60);");
    expect(fs.readFileSync(path.join(dir, 'cache.ts'), 'utf8')).not.toContain("'EX'");
    execFileSync('node', [bin, 'codemod', 'cache-ttl', '--seconds', '60', '--write'], { cwd: dir, encoding: 'utf8' });
    expect(fs.readFileSync(path.join(dir, 'cache.ts'), 'utf8')).toContain("'x', 'EX', 60)");
  });

  it('exits 2 with one line for an unknown codemod or flag', () => {
    const unknown = spawnSync('node', [bin, 'codemod', 'nope'], { cwd: dir, encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const flag = spawnSync('node', [bin, 'codemod', 'cache-ttl', '--bogus'], { cwd: dir, encoding: 'utf8' });
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/bogus/u);
  });

  it('exits 2 for a bad flag value, before touching any file', () => {
    const before = fs.readFileSync(path.join(dir, 'cache.ts'), 'utf8');
    const bad = spawnSync('node', [bin, 'codemod', 'retry-after', '--seconds', '0', '--write'], { cwd: dir, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('scalability-lint: --seconds must be a positive integer\n');
    expect(fs.readFileSync(path.join(dir, 'cache.ts'), 'utf8')).toBe(before);
  });

  it('lists every codemod in --help', () => {
    const help = execFileSync('node', [bin, 'codemod', '--help'], { cwd: dir, encoding: 'utf8' });
    for (const name of ['async-fs', 'atomic-incr-expire', 'cache-ttl', 'idempotent-insert', 'job-retry-options', 'retry-after']) expect(help).toContain(`  ${name} `);
  });
});
