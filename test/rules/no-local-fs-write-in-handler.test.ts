import path from 'node:path';

import type { InvalidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../src/rules/no-local-fs-write-in-handler.js';
import { fixtureFile, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

// Locations in messages are relative to the linter's cwd; an absolute filename makes the rule
// tester use the file system root as cwd.
const root = path.parse(fixtureFile()).root;
const fixture = (name: string) => fixtureFile('src', 'no-local-fs-write-in-handler', name);
const relative = (name: string) => path.relative(root, fixture(name)).replaceAll('\\', '/');

const valid = [
  // startup code: runs once per process
  `import express from 'express';
import fs from 'node:fs';
fs.mkdirSync('logs', { recursive: true });
const app = express();
app.get('/health', (req, res) => { res.send('ok'); });
app.listen(3000);`,
  // scratch files under os.tmpdir()
  `import express from 'express';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
const app = express();
app.post('/render', async (req, res) => {
  const file = path.join(os.tmpdir(), 'invoice.pdf');
  await fs.writeFile(file, req.body.html);
  res.sendFile(file);
});`,
  // template literal under tmpdir()
  `import express from 'express';
import { writeFileSync } from 'fs';
import { tmpdir } from 'os';
const router = express.Router();
router.post('/scratch', (req, res) => {
  writeFileSync(\`\${tmpdir()}/upload-\${Date.now()}\`, req.body);
  res.end();
});`,
  // a directory made by mkdtemp under the temp dir
  `import express from 'express';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const app = express();
app.post('/convert', async (req, res) => {
  const dir = await mkdtemp(join(tmpdir(), 'convert-'));
  await writeFile(join(dir, 'in.docx'), req.body);
  await rm(dir, { recursive: true });
  res.end();
});`,
  // /tmp literal (Lambda's only writable directory)
  `import type { APIGatewayProxyHandler } from 'aws-lambda';
import { writeFileSync } from 'node:fs';
export const handler: APIGatewayProxyHandler = async (event) => {
  writeFileSync('/tmp/payload.json', event.body ?? '');
  return { statusCode: 200, body: 'ok' };
};`,
  // reading is fine
  `import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/config', (req, res) => { res.json(JSON.parse(fs.readFileSync('config.json', 'utf8'))); });`,
  // not fs: an object with a writeFile method (an S3 wrapper)
  `import express from 'express';
const storage = { async writeFile(key: string, body: unknown) { return { key, body }; } };
const app = express();
app.put('/files/:key', async (req, res) => {
  await storage.writeFile(req.params.key, req.body);
  res.sendStatus(204);
});`,
  // writing to the response stream is not the file system
  `import express from 'express';
const app = express();
app.get('/stream', (req, res) => { res.write('a'); res.end(); });`,
  // a CLI script: exported function, never registered as a handler
  `import fs from 'node:fs';
export function exportReport(rows: string[]) {
  fs.writeFileSync('report.csv', rows.join('\\n'));
}`,
  // a helper that writes exists in the file, but the handler does not call it
  `import express from 'express';
import fs from 'node:fs';
function dumpState(state: object) { fs.writeFileSync('state.json', JSON.stringify(state)); }
const app = express();
app.get('/ping', (req, res) => { res.send('pong'); });
process.on('SIGTERM', () => dumpState({}));`,
  // a periodic module-level flush, not per request
  `import express from 'express';
import { appendFileSync } from 'node:fs';
const app = express();
setInterval(() => appendFileSync('metrics.log', 'tick'), 10_000);
app.get('/', (req, res) => { res.send('ok'); });`,
  // a rename whose destination is in the temp dir
  `import express from 'express';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const app = express();
app.post('/stage', (req, res) => {
  fs.renameSync(String(req.body.from), path.join(os.tmpdir(), 'staged'));
  res.end();
});`,
  // a scratch file created and removed by the same handler
  `import express from 'express';
import { writeFile, unlink } from 'node:fs/promises';
import path from 'node:path';
declare function upload(file: string): Promise<void>;
const app = express();
app.post('/reports', async (req, res) => {
  const file = path.join('scratch', String(req.body.id) + '.pdf');
  await writeFile(file, String(req.body.html));
  try { await upload(file); } finally { await unlink(file); }
  res.sendStatus(202);
});`,
  // removing the temporary file an upload middleware stored for this request
  `import express from 'express';
import fs from 'node:fs';
declare function toCloud(file: unknown): Promise<string>;
const app = express();
app.post('/images', async (req: any, res) => {
  const url = await toCloud(req.file);
  res.json({ url });
});
app.post('/avatars', async (req, res) => {
  const request = req as express.Request & { file: { path: string } };
  res.json({ url: await toCloud(request.file) });
  fs.unlinkSync(req.file.path);
});`,
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `import express from 'express';
import fs from 'node:fs';
const app = express();
app.post('/upload', (req, res) => {
  fs.writeFileSync('uploads/' + req.body.name, req.body.data);
  res.sendStatus(201);
});`,
    errors: [
      {
        messageId: 'writeInHandler',
        line: 5,
        column: 3,
        data: { write: 'fs.writeFileSync()', handler: 'request handler (POST /upload)' },
      },
    ],
  },
  {
    // fs/promises named import, Express router
    code: `import { Router } from 'express';
import { writeFile } from 'fs/promises';
export const router = Router();
router.put('/avatar', async (req, res) => {
  await writeFile(\`public/avatars/\${req.params.id}.png\`, req.body);
  res.sendStatus(204);
});`,
    errors: [{ messageId: 'writeInHandler', line: 5, column: 9, data: { write: 'fs/promises.writeFile()', handler: 'request handler (PUT /avatar)' } }],
  },
  {
    // a helper in the same file
    code: `import express from 'express';
import fs from 'node:fs';
async function appendAudit(line: string) {
  await fs.promises.appendFile('audit.log', line + '\\n');
}
const app = express();
app.delete('/users/:id', async (req, res) => {
  await appendAudit('deleted ' + req.params.id);
  res.sendStatus(204);
});`,
    errors: [
      {
        messageId: 'writeThroughHelper',
        line: 8,
        column: 9,
        data: {
          write: 'fs.appendFile()',
          handler: 'request handler (DELETE /users/:id)',
          chain: `appendAudit() (${relative('routes.ts')}:3)`,
          location: `${relative('routes.ts')}:4`,
        },
      },
    ],
    // An absolute filename makes the rule tester lint from the file system root.
    filename: fixture('routes.ts'),
  },
  {
    // a BullMQ processor writing a report next to the code
    code: `import { Worker } from 'bullmq';
import fs from 'node:fs';
export const worker = new Worker('reports', async (job) => {
  fs.mkdirSync('reports', { recursive: true });
  fs.writeFileSync(\`reports/\${job.id}.csv\`, 'a,b');
});`,
    errors: [
      { messageId: 'writeInHandler', line: 4, data: { write: 'fs.mkdirSync()', handler: 'job processor' } },
      { messageId: 'writeInHandler', line: 5, data: { write: 'fs.writeFileSync()', handler: 'job processor' } },
    ],
  },
  {
    // createWriteStream in a Fastify route
    code: `import Fastify from 'fastify';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
const app = Fastify();
app.post('/files', async (request, reply) => {
  await pipeline(request.raw, createWriteStream('/var/data/' + String(request.id)));
  return reply.code(201).send();
});`,
    errors: [{ messageId: 'writeInHandler', line: 6, column: 31, data: { write: 'fs.createWriteStream()', handler: 'request handler (POST /files)' } }],
  },
  {
    // CommonJS, unlink in an Express route
    code: `const express = require('express');
const fs = require('fs');
const router = express.Router();
router.delete('/files/:name', (req, res) => {
  fs.unlinkSync('uploads/' + req.params.name);
  res.sendStatus(204);
});
module.exports = router;`,
    errors: [{ messageId: 'writeInHandler', line: 5, data: { write: 'fs.unlinkSync()', handler: 'request handler (DELETE /files/:name)' } }],
  },
  {
    // moving an upload out of the temp dir into a local folder
    code: `import express from 'express';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const app = express();
app.post('/import', (req, res) => {
  const staged = path.join(os.tmpdir(), 'import.csv');
  fs.writeFileSync(staged, req.body);
  fs.renameSync(staged, 'imports/latest.csv');
  res.end();
});`,
    errors: [{ messageId: 'writeInHandler', line: 9, data: { write: 'fs.renameSync()', handler: 'request handler (POST /import)' } }],
  },
  {
    // tmpdir writes reported when allowTmpdir is false
    code: `import express from 'express';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
const app = express();
app.post('/render', async (req, res) => {
  await fs.writeFile(path.join(os.tmpdir(), 'invoice.pdf'), req.body.html);
  res.end();
});`,
    options: [{ allowTmpdir: false }],
    errors: [{ messageId: 'writeInHandler', line: 7, data: { write: 'fs/promises.writeFile()', handler: 'request handler (POST /render)' } }],
  },
  {
    // handler passed by reference, rm
    code: `import express from 'express';
import { rm } from 'node:fs/promises';
async function purge(req: express.Request, res: express.Response) {
  await rm('cache/' + req.params.key, { force: true });
  res.sendStatus(204);
}
const app = express();
app.post('/purge/:key', purge);`,
    errors: [{ messageId: 'writeInHandler', line: 4, data: { write: 'fs/promises.rm()', handler: 'request handler (POST /purge/:key)' } }],
  },
];

typedRuleTester().run('no-local-fs-write-in-handler (typed)', rule, { valid, invalid });
untypedRuleTester().run('no-local-fs-write-in-handler (untyped)', rule, { valid, invalid });

// Helpers in other files, read through relative imports in both modes.
const crossFile: { valid: { code: string; filename: string }[]; invalid: InvalidTestCase<MessageIds, Options>[] } = {
  valid: [
    {
      code: `import express from 'express';
import { renderToTemp } from './storage';
const app = express();
app.post('/pdf', async (req, res) => { res.sendFile(await renderToTemp(String(req.body))); });`,
      filename: fixture('routes.ts'),
    },
    {
      code: `import express from 'express';
import { saveUpload } from './storage';
const app = express();
app.get('/ok', (req, res) => { res.send('ok'); });
export async function seed() { await saveUpload('seed', 'x'); }`,
      filename: fixture('routes.ts'),
    },
    {
      // a handler in a test file
      code: `import express from 'express';
import fs from 'node:fs';
const app = express();
app.post('/fixture', (req, res) => { fs.writeFileSync('fixture.json', '{}'); res.end(); });`,
      filename: fixture('routes.spec.ts'),
    },
  ],
  invalid: [
    {
      code: `import express from 'express';
import { saveUpload } from './storage';
const app = express();
app.post('/uploads', async (req, res) => {
  await saveUpload(String(req.query.name), req.body);
  res.sendStatus(201);
});`,
      filename: fixture('routes.ts'),
      errors: [
        {
          messageId: 'writeThroughHelper',
          line: 5,
          data: {
            write: 'fs-extra.outputFile()',
            handler: 'request handler (POST /uploads)',
            chain: `saveUpload() (${relative('storage.ts')}:5)`,
            location: `${relative('storage.ts')}:6`,
          },
        },
      ],
    },
    {
      // two hops: the handler's helper calls another helper
      code: `import { Worker } from 'bullmq';
import { archive } from './storage';
export const worker = new Worker('archive', async (job) => { await archive(job.data); });`,
      filename: fixture('worker-setup.ts'),
      errors: [
        {
          messageId: 'writeThroughHelper',
          line: 3,
          data: {
            write: 'fs-extra.outputFile()',
            handler: 'job processor',
            chain: `archive() (${relative('storage.ts')}:14) → saveUpload() (${relative('storage.ts')}:5)`,
            location: `${relative('storage.ts')}:6`,
          },
        },
      ],
    },
  ],
};
typedRuleTester().run('no-local-fs-write-in-handler (typed, other file)', rule, crossFile);
untypedRuleTester().run('no-local-fs-write-in-handler (untyped, other file)', rule, crossFile);
