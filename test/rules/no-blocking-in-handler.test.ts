import path from 'node:path';

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../src/rules/no-blocking-in-handler.js';
import { fixtureFile, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

/**
 * `file:line` as chains print it. For an absolute filename typescript-eslint's RuleTester lints
 * with the filesystem root as cwd, so the path is the absolute one without its leading slash.
 */
function at(file: string, line: number): string {
  return `${path.relative(path.parse(file).root, file)}:${String(line)}`;
}

const valid: (string | ValidTestCase<Options>)[] = [
  // start-up: read once when the module loads
  `import express from 'express';
import fs from 'node:fs';
const template = fs.readFileSync('templates/invoice.html', 'utf8');
const app = express();
app.get('/invoice', (req, res) => { res.send(template); });`,
  // a script, not a handler
  `import { readFileSync, writeFileSync } from 'node:fs';
export function migrate(file: string) { writeFileSync(file, readFileSync(file, 'utf8').trim()); }`,
  // the async API inside a handler
  `import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/report', async (req, res) => { res.send(await fs.promises.readFile('/tmp/report.csv', 'utf8')); });`,
  // the callback API inside a handler
  `import express from 'express';
import { readFile } from 'node:fs';
const app = express();
app.get('/report', (req, res) => { readFile('/tmp/report.csv', (err, data) => res.send(data)); });`,
  // a queue worker: not a request handler
  `import { Worker } from 'bullmq';
import { execSync } from 'node:child_process';
new Worker('thumbnails', async (job) => { execSync('convert ' + String(job.data.file)); });`,
  // a lookalike *Sync method on a project object
  `import express from 'express';
const store = { readFileSync(key: string) { return key; } };
const app = express();
app.get('/x', (req, res) => { res.send(store.readFileSync('a')); });`,
  // a few random bytes for a token cost microseconds
  `import express from 'express';
import crypto from 'node:crypto';
const app = express();
app.post('/tokens', (req, res) => { res.json({ token: crypto.randomBytes(32).toString('hex') }); });`,
  // randomBytes with a callback is asynchronous
  `import express from 'express';
import { randomBytes } from 'node:crypto';
const app = express();
app.get('/noise', (req, res) => { randomBytes(1048576, (err, buf) => res.send(buf)); });`,
  // computed once and kept: the first request pays, the rest do not
  `import express from 'express';
import fs from 'node:fs';
let template: string | undefined;
const app = express();
app.get('/invoice', (req, res) => {
  template ??= fs.readFileSync('templates/invoice.html', 'utf8');
  res.send(template);
});`,
  `import express from 'express';
import fs from 'node:fs';
let config: unknown;
const app = express();
app.get('/config', (req, res) => {
  if (!config) config = JSON.parse(fs.readFileSync('config.json', 'utf8'));
  res.json(config);
});`,
  // JSON.parse of a body is not a catalogued blocking API
  `import express from 'express';
const app = express();
app.post('/import', (req, res) => { res.json(JSON.parse(String(req.body.payload))); });`,
  // bcrypt's promise API
  `import express from 'express';
import bcrypt from 'bcrypt';
const app = express();
app.post('/signup', async (req, res) => { res.json({ hash: await bcrypt.hash(String(req.body.password), 12) }); });`,
  // no HTTP framework in the file: get('/x', fn) is not a route
  `import fs from 'node:fs';
const cache = { get(key: string, load: () => string) { return load() + key; } };
cache.get('/etc/hosts', () => fs.readFileSync('/etc/hosts', 'utf8'));`,
  // a helper with a sync call that no handler calls
  `import express from 'express';
import fs from 'node:fs';
export function loadSeed() { return fs.readFileSync('seed.json', 'utf8'); }
const app = express();
app.get('/health', (req, res) => { res.send('ok'); });`,
  // the allow option
  {
    code: `import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/ready', (req, res) => { res.sendStatus(fs.existsSync('/tmp/ready') ? 200 : 503); });`,
    options: [{ allow: ['fs.existsSync'] }],
  },
  // zlib's callback API
  `import express from 'express';
import zlib from 'node:zlib';
const app = express();
app.get('/z', (req, res) => { zlib.gzip('abc', (err, out) => res.send(out)); });`,
  // a helper that does only cheap work
  {
    code: `import express from 'express';
import { formatTotal } from './templates';
const app = express();
app.get('/total', (req, res) => { res.send(formatTotal(1200)); });`,
    filename: fixtureFile('src', 'no-blocking-in-handler', 'routes.ts'),
  },
  // a Fastify application hook runs once at start-up
  `import Fastify from 'fastify';
import fs from 'node:fs';
const fastify = Fastify();
fastify.addHook('onReady', async () => { fs.readFileSync('config.json', 'utf8'); });`,
  // asynchronous and streaming APIs of the same modules
  `import express from 'express';
import { exec } from 'node:child_process';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
const app = express();
app.get('/version', (req, res) => {
  exec('git rev-parse HEAD', (err, stdout) => {
    res.setHeader('etag', crypto.createHash('sha1').update(stdout).digest('hex'));
    zlib.createGzip().end(stdout);
    res.send(stdout);
  });
});`,
  // fast synchronous crypto that is not catalogued as blocking
  `import express from 'express';
import crypto from 'node:crypto';
const app = express();
app.post('/verify', (req, res) => {
  const a = Buffer.from(String(req.body.a));
  res.json({ same: a.length === 4 && crypto.timingSafeEqual(a, Buffer.from('abcd')) });
});`,
  // Fastify's onClose hook runs at shutdown
  `import Fastify from 'fastify';
import fs from 'node:fs';
const fastify = Fastify();
fastify.addHook('onClose', async () => { fs.rmSync('/tmp/app.pid', { force: true }); });`,
  // an Express error handler registered at start-up reading nothing
  `import express from 'express';
import { readFileSync } from 'node:fs';
const errorPage = readFileSync('500.html', 'utf8');
const app = express();
app.use((err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => { res.status(500).send(errorPage); });`,
  // a file matched by settings.scalability.workerFiles (scripts/**): never serves production traffic
  {
    code: `import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/fixtures', (req, res) => { res.send(fs.readFileSync('fixtures.json', 'utf8')); });
app.listen(4000);`,
    filename: fixtureFile('src', 'no-blocking-in-handler', 'scripts', 'dev-server.ts'),
  },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/report', async (req, res) => {
  const data = fs.readFileSync('/tmp/report.csv', 'utf8');
  res.send(data);
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        column: 16,
        data: { api: 'fs.readFileSync', alternative: 'fs.promises.readFile', handler: 'the GET /report request handler' },
        suggestions: [
          {
            messageId: 'useAwaitable',
            data: { replacement: 'fs.promises.readFile' },
            output: `import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/report', async (req, res) => {
  const data = await fs.promises.readFile('/tmp/report.csv', 'utf8');
  res.send(data);
});`,
          },
        ],
      },
    ],
  },
  {
    // named import in a sync handler: no await possible, message only
    code: `import { Router } from 'express';
import { readFileSync } from 'fs';
export const router = Router();
router.get('/logo', (req, res) => {
  res.type('png').send(readFileSync('assets/logo.png'));
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        column: 24,
        data: { api: 'fs.readFileSync', alternative: 'fs.promises.readFile', handler: 'the GET /logo request handler' },
        suggestions: [],
      },
    ],
  },
  {
    // key derivation on the main thread
    code: `import express from 'express';
import crypto from 'node:crypto';
const app = express();
app.post('/login', (req, res) => {
  const key = crypto.pbkdf2Sync(String(req.body.password), 'salt', 310000, 32, 'sha256');
  res.json({ ok: key.length > 0 });
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        data: {
          api: 'crypto.pbkdf2Sync',
          alternative: 'crypto.pbkdf2 (callback, or util.promisify)',
          handler: 'the POST /login request handler',
        },
        suggestions: [],
      },
    ],
  },
  {
    // bcrypt.hashSync in an async handler: the promise API takes the same arguments
    code: `import express from 'express';
import bcrypt from 'bcrypt';
const app = express();
app.post('/signup', async (req, res) => {
  const hash = bcrypt.hashSync(String(req.body.password), 12);
  res.json({ hash });
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        data: { api: 'bcrypt.hashSync', alternative: 'bcrypt.hash (returns a promise)', handler: 'the POST /signup request handler' },
        suggestions: [
          {
            messageId: 'useAwaitable',
            data: { replacement: 'bcrypt.hash' },
            output: `import express from 'express';
import bcrypt from 'bcrypt';
const app = express();
app.post('/signup', async (req, res) => {
  const hash = await bcrypt.hash(String(req.body.password), 12);
  res.json({ hash });
});`,
          },
        ],
      },
    ],
  },
  {
    // zlib in a Fastify handler, returned: no suggestion (not a statement or initialiser)
    code: `import Fastify from 'fastify';
import zlib from 'node:zlib';
const fastify = Fastify();
fastify.get('/export', async (request, reply) => {
  return zlib.gzipSync(JSON.stringify({ rows: [] }));
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        data: {
          api: 'zlib.gzipSync',
          alternative: 'zlib.gzip (callback, or util.promisify) or a stream',
          handler: 'the GET /export request handler',
        },
        suggestions: [],
      },
    ],
  },
  {
    // CommonJS destructuring of child_process
    code: `const express = require('express');
const { execSync } = require('child_process');
const app = express();
app.post('/deploy', (req, res) => {
  execSync('git pull');
  res.end();
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        column: 3,
        data: {
          api: 'child_process.execSync',
          alternative: 'child_process.exec (promisified) or a job queue',
          handler: 'the POST /deploy request handler',
        },
        suggestions: [],
      },
    ],
  },
  {
    // webhooks answer HTTP too
    code: `import express from 'express';
import fs from 'node:fs';
const app = express();
app.post('/webhooks/stripe', (req, res) => {
  fs.appendFileSync('/var/log/stripe.log', JSON.stringify(req.body));
  res.sendStatus(200);
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        data: { api: 'fs.appendFileSync', alternative: 'fs.promises.appendFile', handler: 'the POST /webhooks/stripe webhook handler' },
        suggestions: [],
      },
    ],
  },
  {
    // a large buffer of random bytes without a callback
    code: `import express from 'express';
import crypto from 'node:crypto';
const app = express();
app.get('/noise', (req, res) => {
  res.send(crypto.randomBytes(1048576));
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        column: 12,
        data: {
          api: 'crypto.randomBytes',
          alternative: 'crypto.randomBytes(size, callback) (or util.promisify)',
          handler: 'the GET /noise request handler',
        },
        suggestions: [],
      },
    ],
  },
  {
    // deferred with setImmediate, still on this process's event loop
    code: `import express from 'express';
import fs from 'node:fs';
const app = express();
app.post('/audit', (req, res) => {
  setImmediate(() => fs.writeFileSync('/tmp/audit.json', JSON.stringify(req.body)));
  res.sendStatus(202);
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        column: 22,
        data: { api: 'fs.writeFileSync', alternative: 'fs.promises.writeFile', handler: 'the POST /audit request handler' },
        suggestions: [],
      },
    ],
  },
  {
    // a same-file helper: reported at the handler's call, chain in the message
    code: `import express from 'express';
import fs from 'node:fs';
function loadTemplate(name: string) {
  return fs.readFileSync('templates/' + name + '.html', 'utf8');
}
const app = express();
app.get('/invoice', (req, res) => {
  res.send(loadTemplate('invoice'));
});`,
    filename: fixtureFile('src', 'no-blocking-in-handler', 'routes.ts'),
    errors: [
      {
        messageId: 'blockingThroughCall',
        line: 8,
        column: 12,
        data: {
          callee: 'loadTemplate',
          chain: `loadTemplate() (${at(fixtureFile('src', 'no-blocking-in-handler', 'routes.ts'), 3)})`,
          api: 'fs.readFileSync',
          alternative: 'fs.promises.readFile',
          handler: 'the GET /invoice request handler',
        },
      },
    ],
  },
  {
    // a helper in another file, through a relative import
    code: `import express from 'express';
import { renderTemplate } from './templates';
const app = express();
app.get('/welcome', (req, res) => {
  res.send(renderTemplate('welcome'));
});`,
    filename: fixtureFile('src', 'no-blocking-in-handler', 'routes.ts'),
    errors: [
      {
        messageId: 'blockingThroughCall',
        line: 5,
        data: {
          callee: 'renderTemplate',
          chain: `renderTemplate() (${at(fixtureFile('src', 'no-blocking-in-handler', 'templates.ts'), 3)})`,
          api: 'fs.readFileSync',
          alternative: 'fs.promises.readFile',
          handler: 'the GET /welcome request handler',
        },
      },
    ],
  },
  {
    // NestJS controller route
    code: `import { Controller, Post, Body } from '@nestjs/common';
import { scryptSync } from 'node:crypto';
@Controller('sessions')
export class SessionsController {
  @Post()
  create(@Body() body: { password: string }) {
    return { key: scryptSync(body.password, 'salt', 64).toString('hex') };
  }
}`,
    errors: [
      {
        messageId: 'blocking',
        line: 7,
        data: { api: 'crypto.scryptSync', alternative: 'crypto.scrypt (callback, or util.promisify)', handler: 'this request handler' },
        suggestions: [],
      },
    ],
  },
  {
    // fs-extra (recognised by import): every async method returns a promise
    code: `import express from 'express';
import fse from 'fs-extra';
const app = express();
app.get('/settings', async (req, res) => {
  const settings = fse.readJsonSync('settings.json');
  res.json(settings);
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        data: { api: 'fs-extra.readJsonSync', alternative: 'fs-extra.readJson (returns a promise)', handler: 'the GET /settings request handler' },
        suggestions: [
          {
            messageId: 'useAwaitable',
            data: { replacement: 'fse.readJson' },
            output: `import express from 'express';
import fse from 'fs-extra';
const app = express();
app.get('/settings', async (req, res) => {
  const settings = await fse.readJson('settings.json');
  res.json(settings);
});`,
          },
        ],
      },
    ],
  },
  {
    // two blocking calls, each reported once; the nested route inside a route-registering function
    code: `import express from 'express';
import fs from 'node:fs';
import bcrypt from 'bcryptjs';
export function mount(app: express.Express) {
  app.post('/users', async (req, res) => {
    fs.mkdirSync('uploads/' + String(req.body.name), { recursive: true });
    res.json({ ok: bcrypt.compareSync(String(req.body.password), String(req.body.hash)) });
  });
}`,
    errors: [
      {
        messageId: 'blocking',
        line: 6,
        data: { api: 'fs.mkdirSync', alternative: 'fs.promises.mkdir', handler: 'the POST /users request handler' },
        suggestions: [
          {
            messageId: 'useAwaitable',
            data: { replacement: 'fs.promises.mkdir' },
            output: `import express from 'express';
import fs from 'node:fs';
import bcrypt from 'bcryptjs';
export function mount(app: express.Express) {
  app.post('/users', async (req, res) => {
    await fs.promises.mkdir('uploads/' + String(req.body.name), { recursive: true });
    res.json({ ok: bcrypt.compareSync(String(req.body.password), String(req.body.hash)) });
  });
}`,
          },
        ],
      },
      {
        messageId: 'blocking',
        line: 7,
        data: { api: 'bcrypt.compareSync', alternative: 'bcrypt.compare (returns a promise)', handler: 'the POST /users request handler' },
        suggestions: [],
      },
    ],
  },
  {
    // a Fastify request hook runs per request
    code: `import Fastify from 'fastify';
import fs from 'node:fs';
const fastify = Fastify();
fastify.addHook('onRequest', async (request) => {
  fs.statSync('/tmp/maintenance');
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        data: { api: 'fs.statSync', alternative: 'fs.promises.stat', handler: 'this request handler' },
        suggestions: [
          {
            messageId: 'useAwaitable',
            data: { replacement: 'fs.promises.stat' },
            output: `import Fastify from 'fastify';
import fs from 'node:fs';
const fastify = Fastify();
fastify.addHook('onRequest', async (request) => {
  await fs.promises.stat('/tmp/maintenance');
});`,
          },
        ],
      },
    ],
  },
  {
    // Koa middleware
    code: `import Koa from 'koa';
import { readdirSync } from 'node:fs';
const app = new Koa();
app.use(async (ctx) => {
  ctx.body = readdirSync('uploads');
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        column: 14,
        data: { api: 'fs.readdirSync', alternative: 'fs.promises.readdir', handler: 'this request handler' },
        suggestions: [],
      },
    ],
  },
  {
    // a named import: the suggestion imports the promise version next to the other imports
    code: `import express from 'express';
import { readFileSync } from 'node:fs';
const app = express();
app.get('/terms', async (req, res) => {
  const terms = readFileSync('terms.md', 'utf8');
  res.send(terms);
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        column: 17,
        data: { api: 'fs.readFileSync', alternative: 'fs.promises.readFile', handler: 'the GET /terms request handler' },
        suggestions: [
          {
            messageId: 'useAwaitable',
            data: { replacement: 'readFile' },
            output: `import express from 'express';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
const app = express();
app.get('/terms', async (req, res) => {
  const terms = await readFile('terms.md', 'utf8');
  res.send(terms);
});`,
          },
        ],
      },
    ],
  },
  {
    // the promise version is already imported: reuse it
    code: `import express from 'express';
import { readFile } from 'fs/promises';
import { readFileSync } from 'fs';
const app = express();
app.get('/privacy', async (req, res) => {
  const privacy = readFileSync('privacy.md', 'utf8');
  res.send(privacy + (await readFile('footer.md', 'utf8')));
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 6,
        data: { api: 'fs.readFileSync', alternative: 'fs.promises.readFile', handler: 'the GET /privacy request handler' },
        suggestions: [
          {
            messageId: 'useAwaitable',
            data: { replacement: 'readFile' },
            output: `import express from 'express';
import { readFile } from 'fs/promises';
import { readFileSync } from 'fs';
const app = express();
app.get('/privacy', async (req, res) => {
  const privacy = await readFile('privacy.md', 'utf8');
  res.send(privacy + (await readFile('footer.md', 'utf8')));
});`,
          },
        ],
      },
    ],
  },
  {
    // the name is taken by the callback API: no suggestion
    code: `import express from 'express';
import { readFile, readFileSync } from 'fs';
const app = express();
app.get('/legal', async (req, res) => {
  const legal = readFileSync('legal.md', 'utf8');
  readFile('audit.log', () => undefined);
  res.send(legal);
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        data: { api: 'fs.readFileSync', alternative: 'fs.promises.readFile', handler: 'the GET /legal request handler' },
        suggestions: [],
      },
    ],
  },
  {
    // bcrypt imported by name
    code: `import express from 'express';
import { compareSync } from 'bcrypt';
const app = express();
app.post('/login', async (req, res) => {
  const ok = compareSync(String(req.body.password), String(req.body.hash));
  res.json({ ok });
});`,
    errors: [
      {
        messageId: 'blocking',
        line: 5,
        data: { api: 'bcrypt.compareSync', alternative: 'bcrypt.compare (returns a promise)', handler: 'the POST /login request handler' },
        suggestions: [
          {
            messageId: 'useAwaitable',
            data: { replacement: 'compare' },
            output: `import express from 'express';
import { compareSync } from 'bcrypt';
import { compare } from 'bcrypt';
const app = express();
app.post('/login', async (req, res) => {
  const ok = await compare(String(req.body.password), String(req.body.hash));
  res.json({ ok });
});`,
          },
        ],
      },
    ],
  },
];

// Run-once guards: a test true only until a long-lived slot is filled, and the block fills it.
const runOnceValid: string[] = [
  // the existence check in the guarded block runs until the memo is filled
  `import { existsSync, readFileSync } from 'node:fs';
import express from 'express';
const app = express();
let robots = '';
app.get('/robots.txt', (_req, res) => {
  if (!robots) {
    if (existsSync('robots.txt')) robots = readFileSync('robots.txt', 'utf8');
    else return res.status(404).end();
  }
  res.type('text/plain').send(robots);
});`,
  // fields of the memoised object, filled in the same guarded block, in a helper
  `import fs from 'node:fs';
import express from 'express';
let build: { sha: string } | undefined;
function getBuild() {
  if (!build) {
    build = { sha: '' };
    if (fs.existsSync('SHA')) build.sha = fs.readFileSync('SHA', 'utf8').trim();
  }
  return build;
}
const app = express();
app.get('/', (_req, res) => { res.json({ build: getBuild() }); });`,
  // an early return while the slot is filled: what follows runs once
  `import { existsSync, readFileSync } from 'node:fs';
import express from 'express';
const app = express();
let spec: string | undefined;
app.get('/openapi.yaml', (_req, res) => {
  if (spec !== undefined) return res.type('yaml').send(spec);
  const file = existsSync('openapi.yaml') ? 'openapi.yaml' : 'openapi.default.yaml';
  spec = readFileSync(file, 'utf8');
  res.type('yaml').send(spec);
});`,
  // a project helper called once behind the guard: it may read as much as it likes
  `import { readFileSync, statSync } from 'node:fs';
import express from 'express';
function loadConfig() { statSync('config.json'); return JSON.parse(readFileSync('config.json', 'utf8')) as object; }
let config: object | undefined;
const app = express();
app.get('/settings', (_req, res) => {
  if (config) return res.json(config);
  const loaded = loadConfig();
  config = loaded;
  res.json(config);
});`,
];

const runOnceInvalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    // an existence check with no memo around it runs per request
    code: `import { existsSync } from 'node:fs';
import express from 'express';
const app = express();
app.get('/robots.txt', (_req, res) => {
  if (existsSync('robots.txt')) return res.sendFile('robots.txt');
  res.status(404).end();
});`,
    errors: [{ messageId: 'blocking', line: 5, suggestions: [] }],
  },
  {
    // the guard never closes: nothing in the block fills the slot
    code: `import { existsSync } from 'node:fs';
import express from 'express';
const app = express();
let robots = '';
app.get('/robots.txt', (_req, res) => {
  if (!robots) {
    if (existsSync('robots.txt')) return res.sendFile('robots.txt');
  }
  res.send(robots);
});`,
    errors: [{ messageId: 'blocking', line: 7, suggestions: [] }],
  },
  {
    // a local slot is empty again on the next request
    code: `import { existsSync, readFileSync } from 'node:fs';
import express from 'express';
const app = express();
app.get('/robots.txt', (_req, res) => {
  let robots = '';
  if (!robots) {
    if (existsSync('robots.txt')) robots = readFileSync('robots.txt', 'utf8');
  }
  res.send(robots);
});`,
    errors: [
      { messageId: 'blocking', line: 7, suggestions: [] },
      { messageId: 'blocking', line: 7, suggestions: [] },
    ],
  },
  {
    // \`|| refresh\` reopens the guard on demand: not once per process
    code: `import { existsSync, readFileSync } from 'node:fs';
import express from 'express';
const app = express();
let robots = '';
app.get('/robots.txt', (req, res) => {
  if (!robots || req.query.refresh) {
    if (existsSync('robots.txt')) robots = readFileSync('robots.txt', 'utf8');
  }
  res.send(robots);
});`,
    // (the read itself is assigned to the module-level memo, which the older exemption accepts)
    errors: [{ messageId: 'blocking', line: 7, column: 9, suggestions: [] }],
  },
  {
    // the helper is called outside the guard: it reads per request
    code: `import { readFileSync } from 'node:fs';
import express from 'express';
function loadConfig() { return JSON.parse(readFileSync('config.json', 'utf8')) as object; }
let config: object | undefined;
const app = express();
app.get('/settings', (_req, res) => {
  const fresh = loadConfig();
  if (!config) config = fresh;
  res.json(config);
});`,
    errors: [{ messageId: 'blockingThroughCall', line: 7 }],
  },
];

valid.push(...runOnceValid);
invalid.push(...runOnceInvalid);

typedRuleTester().run('no-blocking-in-handler (typed)', rule, { valid, invalid });
untypedRuleTester().run('no-blocking-in-handler (untyped)', rule, { valid, invalid });

// A handler defined in one file and registered in another is known only from the program.
typedRuleTester().run('no-blocking-in-handler (typed, registered in another file)', rule, {
  valid: [],
  invalid: [
    {
      code: `import type { Request, Response } from 'express';
import { execFileSync } from 'node:child_process';

export function exportInvoice(req: Request, res: Response) {
  const pdf = execFileSync('wkhtmltopdf', [String(req.params.id), '-']);
  res.type('pdf').send(pdf);
}
`,
      filename: fixtureFile('src', 'no-blocking-in-handler', 'controller.ts'),
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          data: {
            api: 'child_process.execFileSync',
            alternative: 'child_process.execFile (promisified) or a job queue',
            handler: 'the GET /invoices/:id/export request handler',
          },
          suggestions: [],
        },
      ],
    },
  ],
});
untypedRuleTester().run('no-blocking-in-handler (untyped, registered in another file)', rule, {
  // Without a program the registration in register.ts is not visible; an exported function
  // taking both Express's request and response is a handler by its signature alone.
  valid: [
    // only the request: helpers take it too
    {
      code: `import type { Request } from 'express';
import { execFileSync } from 'node:child_process';

export function renderInvoice(req: Request) {
  return execFileSync('wkhtmltopdf', [String(req.params.id), '-']);
}
`,
      filename: fixtureFile('src', 'no-blocking-in-handler', 'controller.ts'),
    },
    // called by its own file: a helper with a handler's signature
    {
      code: `import type { Request, Response } from 'express';
import { execFileSync } from 'node:child_process';

export function sendInvoice(req: Request, res: Response) {
  res.type('pdf').send(execFileSync('wkhtmltopdf', [String(req.params.id), '-']));
}
export function replay(job: { req: Request; res: Response }) {
  sendInvoice(job.req, job.res);
}
`,
      filename: fixtureFile('src', 'no-blocking-in-handler', 'controller.ts'),
    },
  ],
  invalid: [
    {
      code: `import type { Request, Response } from 'express';
import { execFileSync } from 'node:child_process';

export function exportInvoice(req: Request, res: Response) {
  const pdf = execFileSync('wkhtmltopdf', [String(req.params.id), '-']);
  res.type('pdf').send(pdf);
}
`,
      filename: fixtureFile('src', 'no-blocking-in-handler', 'controller.ts'),
      errors: [
        {
          messageId: 'blocking',
          line: 5,
          data: {
            api: 'child_process.execFileSync',
            alternative: 'child_process.execFile (promisified) or a job queue',
            handler: 'this request handler',
          },
          suggestions: [],
        },
      ],
    },
  ],
});
