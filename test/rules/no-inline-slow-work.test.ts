import path from 'node:path';

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../src/rules/no-inline-slow-work.js';
import { fixtureFile, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

/**
 * `file:line` as chains print it. For an absolute filename typescript-eslint's RuleTester lints
 * with the filesystem root as cwd, so the path is the absolute one without its leading slash.
 */
function at(file: string, line: number): string {
  return `${path.relative(path.parse(file).root, file)}:${String(line)}`;
}

const routes = fixtureFile('src', 'no-inline-slow-work', 'routes.ts');

// nodemailer, @sendgrid/mail and @aws-sdk/client-sqs are installed, so typed runs meet their real
// declarations; the other SDKs are not installed and are recognised by import in both modes.
const valid: (string | ValidTestCase<Options>)[] = [
  // the handler enqueues; the worker sends
  `import express from 'express';
import nodemailer from 'nodemailer';
import { Queue, Worker } from 'bullmq';
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
const mail = new Queue('mail');
const app = express();
app.post('/signup', async (req, res) => {
  await mail.add('welcome', { to: String(req.body.email) });
  res.status(202).json({ queued: true });
});
new Worker('mail', async (job) => { await transporter.sendMail({ to: String(job.data.to), subject: 'Welcome' }); });`,
  // sent after the response went out: it no longer delays it
  `import express from 'express';
import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
const app = express();
app.post('/orders', async (req, res) => {
  res.status(201).json({ id: 1 });
  await transporter.sendMail({ to: String(req.body.email), subject: 'Order received' });
});`,
  // not awaited: fire-and-forget does not hold the response
  `import express from 'express';
import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
const app = express();
app.post('/contact', async (req, res) => {
  transporter.sendMail({ to: 'support@example.com', text: String(req.body.text) }).catch(() => undefined);
  res.sendStatus(204);
});`,
  // one POST to a fixed API is not a fan-out
  `import express from 'express';
const app = express();
app.post('/checkout', async (req, res) => {
  const charge = await fetch('https://api.payments.example/charges', { method: 'POST', body: JSON.stringify(req.body) });
  res.json(await charge.json());
});`,
  // GETs per element are reads, not webhook deliveries
  `import express from 'express';
const app = express();
app.get('/status', async (req, res) => {
  const urls = ['https://a.example/health', 'https://b.example/health'];
  const results = await Promise.all(urls.map((url) => fetch(url)));
  res.json(results.map((r) => r.status));
});`,
  // a lookalike sendMail on a project object
  `import express from 'express';
const outbox = { async sendMail(message: object) { return message; } };
const app = express();
app.post('/draft', async (req, res) => {
  await outbox.sendMail({ to: 'a' });
  res.sendStatus(204);
});`,
  // SQS SendMessageCommand is the enqueue, not the slow work
  `import express from 'express';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
const app = express();
app.post('/invoices', async (req, res) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: 'https://sqs.example/invoices', MessageBody: JSON.stringify(req.body) }));
  res.sendStatus(202);
});`,
  // a sharp pipeline streamed straight into the response
  `import express from 'express';
import sharp from 'sharp';
import fs from 'node:fs';
const app = express();
app.get('/thumb', (req, res) => {
  fs.createReadStream('photo.jpg').pipe(sharp().resize(200)).pipe(res);
});`,
  // email from a script, not a handler
  `import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
export async function sendDigest(to: string) { await transporter.sendMail({ to, subject: 'Digest' }); }`,
  // forEach does not wait for its async callbacks
  `import express from 'express';
import webpush from 'web-push';
const app = express();
app.post('/broadcast', async (req, res) => {
  const subs: webpush.PushSubscription[] = req.body.subscriptions;
  subs.forEach(async (sub) => { await webpush.sendNotification(sub, 'hi'); });
  res.sendStatus(202);
});`,
  // a SendEmailCommand class of the project's own
  `import express from 'express';
class SendEmailCommand { constructor(readonly input: object) {} }
const bus = { async send(command: SendEmailCommand) { return command; } };
const app = express();
app.post('/notify', async (req, res) => {
  await bus.send(new SendEmailCommand({ to: 'a' }));
  res.sendStatus(202);
});`,
  // a queue worker registered with Bull's process()
  `import Bull from 'bull';
import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
const queue = new Bull('mail');
queue.process(async (job) => { await transporter.sendMail({ to: String(job.data.to) }); });`,
  // deferred with setTimeout: not waited for
  `import express from 'express';
import sgMail from '@sendgrid/mail';
const app = express();
app.post('/invite', async (req, res) => {
  setTimeout(() => sgMail.send({ to: String(req.body.email), from: 'a@example.com', subject: 'Invite', text: 'Join' }), 0);
  res.sendStatus(202);
});`,
  // categories option: PDFs are allowed here
  {
    code: `import express from 'express';
import puppeteer from 'puppeteer';
const app = express();
app.get('/invoice.pdf', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  await page.setContent('<h1>Invoice</h1>');
  res.type('pdf').send(await page.pdf());
});`,
    options: [{ categories: ['email'] }],
  },
  // a helper in another file called without waiting, and one that does no slow work
  {
    code: `import express from 'express';
import { formatGreeting, sendWelcomeEmail } from './mailer';
const app = express();
app.post('/hello', (req, res) => {
  void sendWelcomeEmail(String(req.body.email));
  res.send(formatGreeting(String(req.body.name)));
});`,
    filename: routes,
  },
  // one API, many paths: a batch to a single service, not a fan-out to subscribers
  `import express from 'express';
import axios from 'axios';
const API = 'https://inventory.example';
const app = express();
app.post('/sync', async (req, res) => {
  const items: { id: string }[] = req.body.items;
  for (const item of items) await axios.post(\`\${API}/items/\${item.id}\`, item);
  res.sendStatus(204);
});`,
  // Fastify: the reply went out first
  `import Fastify from 'fastify';
import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
const fastify = Fastify();
fastify.post('/contact', async (request, reply) => {
  reply.code(202).send({ ok: true });
  await transporter.sendMail({ to: 'support@example.com' });
});`,
  // other methods of the same SDK objects are not the slow work
  `import express from 'express';
import nodemailer from 'nodemailer';
import sharp from 'sharp';
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
const app = express();
app.get('/health', async (req, res) => {
  await transporter.verify();
  const meta = await sharp('logo.png').metadata();
  res.json({ smtp: true, width: meta.width });
});`,
  // a NestJS queue processor sends the mail
  `import { Processor, WorkerHost } from '@nestjs/bullmq';
import { MailerService } from '@nestjs-modules/mailer';
@Processor('mail')
export class MailProcessor extends WorkerHost {
  constructor(private readonly mailer: MailerService) { super(); }
  async process(job: { data: { to: string } }) {
    await this.mailer.sendMail({ to: job.data.to, subject: 'Welcome' });
  }
}`,
  // reading a page's HTML is not rendering a document
  `import express from 'express';
import puppeteer from 'puppeteer';
const browser = await puppeteer.launch();
const app = express();
app.get('/scrape', async (req, res) => {
  const page = await browser.newPage();
  await page.goto(String(req.query.url));
  res.send(await page.content());
});`,
  // topic subscription management is a quick API call, not a push delivery
  `import express from 'express';
import { getMessaging } from 'firebase-admin/messaging';
const app = express();
app.post('/topics/:topic', async (req, res) => {
  await getMessaging().subscribeToTopic([String(req.body.token)], String(req.params.topic));
  res.sendStatus(204);
});`,
  // reading the SES sending quota does not send mail
  `import express from 'express';
import AWS from 'aws-sdk';
const ses = new AWS.SES({ region: 'eu-west-1' });
const app = express();
app.get('/quota', async (req, res) => {
  res.json(await ses.getSendQuota().promise());
});`,
  // a Postmark client's template listing
  `import express from 'express';
import * as postmark from 'postmark';
const client = new postmark.ServerClient('token');
const app = express();
app.get('/templates', async (req, res) => {
  res.json(await client.getTemplates());
});`,
  // a file matched by settings.scalability.workerFiles (workers/**)
  {
    code: `import express from 'express';
import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
const app = express();
app.post('/preview', async (req, res) => {
  await transporter.sendMail({ to: 'qa@example.com', subject: 'Preview' });
  res.sendStatus(204);
});`,
    filename: fixtureFile('src', 'no-inline-slow-work', 'workers', 'preview-server.ts'),
  },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `import express from 'express';
import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({ host: 'smtp.example.com', port: 587 });
const app = express();
app.post('/signup', async (req, res) => {
  await transporter.sendMail({ to: String(req.body.email), subject: 'Welcome' });
  res.status(201).json({ ok: true });
});`,
    errors: [
      {
        messageId: 'slowWork',
        line: 6,
        column: 9,
        data: { work: 'Sending email', api: 'nodemailer sendMail', handler: 'the POST /signup request handler' },
      },
    ],
  },
  {
    code: `import { Router } from 'express';
import sgMail from '@sendgrid/mail';
export const router = Router();
router.post('/password-reset', async (req, res) => {
  await sgMail.send({ to: String(req.body.email), from: 'no-reply@example.com', subject: 'Reset', text: 'Link' });
  res.sendStatus(204);
});`,
    errors: [
      {
        messageId: 'slowWork',
        line: 5,
        data: { work: 'Sending email', api: '@sendgrid/mail send', handler: 'the POST /password-reset request handler' },
      },
    ],
  },
  {
    // SES v1 API package: the command decides, whatever the client variable is called
    code: `import express from 'express';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
const client = new SESClient({});
const app = express();
app.post('/receipts', async (req, res) => {
  await client.send(new SendEmailCommand({ Source: 'a@example.com', Destination: { ToAddresses: [String(req.body.email)] }, Message: { Subject: { Data: 'Receipt' }, Body: { Text: { Data: 'Thanks' } } } }));
  res.sendStatus(201);
});`,
    errors: [
      {
        messageId: 'slowWork',
        line: 6,
        data: { work: 'Sending email', api: 'SES SendEmailCommand', handler: 'the POST /receipts request handler' },
      },
    ],
  },
  {
    // SES v2, command in a variable
    code: `import express from 'express';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
const ses = new SESv2Client({});
const app = express();
app.post('/share', async (req, res) => {
  const command = new SendEmailCommand({ Destination: { ToAddresses: [String(req.body.to)] }, Content: {} });
  const result = await ses.send(command);
  res.json({ id: result.MessageId });
});`,
    errors: [{ messageId: 'slowWork', line: 7, data: { work: 'Sending email', api: 'SES SendEmailCommand', handler: 'the POST /share request handler' } }],
  },
  {
    code: `import express from 'express';
import { Resend } from 'resend';
const resend = new Resend('re_123');
const app = express();
app.post('/invite', async (req, res) => {
  const { data } = await resend.emails.send({ from: 'a@example.com', to: String(req.body.email), subject: 'Invite', html: '<p>Join</p>' });
  res.json(data);
});`,
    errors: [{ messageId: 'slowWork', line: 6, data: { work: 'Sending email', api: 'Resend emails.send', handler: 'the POST /invite request handler' } }],
  },
  {
    // a headless browser per request to render a PDF
    code: `import express from 'express';
import puppeteer from 'puppeteer';
const app = express();
app.get('/invoice.pdf', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  await page.setContent('<h1>Invoice</h1>');
  const pdf = await page.pdf({ format: 'A4' });
  await browser.close();
  res.type('pdf').send(pdf);
});`,
    errors: [{ messageId: 'slowWork', line: 8, column: 21, data: { work: 'Rendering a PDF', api: 'Puppeteer page.pdf', handler: 'the GET /invoice.pdf request handler' } }],
  },
  {
    // Playwright screenshot
    code: `import express from 'express';
import { chromium } from 'playwright';
const app = express();
app.get('/preview', async (req, res) => {
  const browser = await chromium.launch();
  const page = await browser.newPage();
  await page.goto(String(req.query.url));
  res.type('png').send(await page.screenshot());
});`,
    errors: [{ messageId: 'slowWork', line: 8, data: { work: 'Processing an image', api: 'Playwright page.screenshot', handler: 'the GET /preview request handler' } }],
  },
  {
    // pdfkit lays out the document on the main thread, awaited or not
    code: `import express from 'express';
import PDFDocument from 'pdfkit';
const app = express();
app.get('/statement', (req, res) => {
  const doc = new PDFDocument();
  doc.pipe(res);
  doc.text('Statement');
  doc.end();
});`,
    errors: [{ messageId: 'slowWork', line: 5, column: 15, data: { work: 'Rendering a PDF', api: 'pdfkit new PDFDocument', handler: 'the GET /statement request handler' } }],
  },
  {
    // sharp resizing an upload before answering
    code: `import express from 'express';
import sharp from 'sharp';
const app = express();
app.post('/avatars', async (req, res) => {
  await sharp(req.body as Buffer).resize(256, 256).webp().toFile('uploads/avatar.webp');
  res.sendStatus(201);
});`,
    errors: [{ messageId: 'slowWork', line: 5, data: { work: 'Processing an image', api: 'sharp', handler: 'the POST /avatars request handler' } }],
  },
  {
    // push to every subscription, collected into Promise.all
    code: `import express from 'express';
import webpush from 'web-push';
const app = express();
app.post('/announcements', async (req, res) => {
  const subscriptions: webpush.PushSubscription[] = req.body.subscriptions;
  await Promise.all(subscriptions.map((sub) => webpush.sendNotification(sub, String(req.body.text))));
  res.sendStatus(201);
});`,
    errors: [
      {
        messageId: 'slowWork',
        line: 6,
        column: 48,
        data: { work: 'Sending push notifications', api: 'web-push sendNotification', handler: 'the POST /announcements request handler' },
      },
    ],
  },
  {
    // Twilio client from the CommonJS factory
    code: `const express = require('express');
const twilio = require('twilio');
const client = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);
const app = express();
app.post('/otp', async (req, res) => {
  await client.messages.create({ to: req.body.phone, from: '+15550100', body: 'Your code is 123456' });
  res.sendStatus(204);
});`,
    errors: [{ messageId: 'slowWork', line: 6, data: { work: 'Sending an SMS', api: 'Twilio messages.create', handler: 'the POST /otp request handler' } }],
  },
  {
    // sequential webhook deliveries, one per subscriber URL
    code: `import express from 'express';
const app = express();
app.post('/events', async (req, res) => {
  const hooks: { url: string }[] = req.body.hooks;
  for (const hook of hooks) {
    await fetch(hook.url, { method: 'POST', body: JSON.stringify(req.body.event) });
  }
  res.sendStatus(201);
});`,
    errors: [
      {
        messageId: 'slowWork',
        line: 6,
        column: 11,
        data: { work: 'Delivering a webhook to every subscriber', api: 'fetch POST', handler: 'the POST /events request handler' },
      },
    ],
  },
  {
    // parallel webhook deliveries with axios
    code: `import express from 'express';
import axios from 'axios';
const app = express();
app.post('/orders', async (req, res) => {
  const subscribers: { webhookUrl: string }[] = req.body.subscribers;
  await Promise.all(subscribers.map(({ webhookUrl }) => axios.post(webhookUrl, { type: 'order.created' })));
  res.sendStatus(201);
});`,
    errors: [
      {
        messageId: 'slowWork',
        line: 6,
        data: { work: 'Delivering a webhook to every subscriber', api: 'axios.post', handler: 'the POST /orders request handler' },
      },
    ],
  },
  {
    // enqueueing one job does not excuse the email sent inline next to it
    code: `import express from 'express';
import nodemailer from 'nodemailer';
import { Queue } from 'bullmq';
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
const reports = new Queue('reports');
const app = express();
app.post('/reports', async (req, res) => {
  await reports.add('build', { id: String(req.body.id) });
  await transporter.sendMail({ to: 'ops@example.com', subject: 'Report requested' });
  res.sendStatus(202);
});`,
    errors: [{ messageId: 'slowWork', line: 9, data: { work: 'Sending email', api: 'nodemailer sendMail', handler: 'the POST /reports request handler' } }],
  },
  {
    // a helper in another file, awaited by the handler
    code: `import express from 'express';
import { sendWelcomeEmail } from './mailer';
const app = express();
app.post('/register', async (req, res) => {
  await sendWelcomeEmail(String(req.body.email));
  res.sendStatus(201);
});`,
    filename: routes,
    errors: [
      {
        messageId: 'slowWorkThroughCall',
        line: 5,
        column: 9,
        data: {
          callee: 'sendWelcomeEmail',
          work: 'email delivery',
          api: 'nodemailer sendMail',
          chain: `sendWelcomeEmail() (${at(fixtureFile('src', 'no-inline-slow-work', 'mailer.ts'), 5)})`,
          handler: 'the POST /register request handler',
        },
      },
    ],
  },
  {
    // Hono, and a promise kept in a variable then awaited
    code: `import { Hono } from 'hono';
import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
const app = new Hono();
app.post('/feedback', async (c) => {
  const sending = transporter.sendMail({ to: 'team@example.com', subject: 'Feedback' });
  await sending;
  return c.json({ ok: true });
});`,
    errors: [{ messageId: 'slowWork', line: 6, data: { work: 'Sending email', api: 'nodemailer sendMail', handler: 'the POST /feedback request handler' } }],
  },
  {
    // a webhook route still answers HTTP while it sends
    code: `import express from 'express';
import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
const app = express();
app.post('/webhooks/stripe', async (req, res) => {
  await transporter.sendMail({ to: 'billing@example.com', subject: 'Payment received' });
  res.sendStatus(200);
});`,
    errors: [{ messageId: 'slowWork', line: 6, data: { work: 'Sending email', api: 'nodemailer sendMail', handler: 'the POST /webhooks/stripe webhook handler' } }],
  },
  {
    // Next.js App Router route handler
    code: `import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
export async function POST(request: Request) {
  const body = await request.json();
  await transporter.sendMail({ to: String(body.email), subject: 'Invoice' });
  return Response.json({ ok: true });
}`,
    filename: fixtureFile('src', 'no-inline-slow-work', 'app', 'api', 'invoices', 'route.ts'),
    errors: [{ messageId: 'slowWork', line: 5, data: { work: 'Sending email', api: 'nodemailer sendMail', handler: 'the POST /api/invoices request handler' } }],
  },
  {
    // the subscriber's own base URL with a fixed path
    code: `import express from 'express';
const app = express();
app.post('/releases', async (req, res) => {
  const subscribers: { endpoint: string }[] = req.body.subscribers;
  await Promise.allSettled(
    subscribers.map((sub) => fetch(\`\${sub.endpoint}/events\`, { method: 'post', body: JSON.stringify(req.body) })),
  );
  res.sendStatus(201);
});`,
    errors: [
      {
        messageId: 'slowWork',
        line: 6,
        column: 30,
        data: { work: 'Delivering a webhook to every subscriber', api: 'fetch POST', handler: 'the POST /releases request handler' },
      },
    ],
  },
  {
    // NestJS controller with an injected MailerService (@nestjs-modules/mailer)
    code: `import { Body, Controller, Post } from '@nestjs/common';
import { MailerService } from '@nestjs-modules/mailer';
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly mailer: MailerService) {}
  @Post()
  async invite(@Body() body: { email: string }) {
    await this.mailer.sendMail({ to: body.email, subject: 'You are invited' });
    return { ok: true };
  }
}`,
    errors: [{ messageId: 'slowWork', line: 8, data: { work: 'Sending email', api: 'MailerService sendMail', handler: 'this request handler' } }],
  },
  {
    // Firebase Cloud Messaging multicast
    code: `import express from 'express';
import { getMessaging } from 'firebase-admin/messaging';
const app = express();
app.post('/alerts', async (req, res) => {
  const result = await getMessaging().sendEachForMulticast({ tokens: req.body.tokens, notification: { title: 'Alert' } });
  res.json({ sent: result.successCount });
});`,
    errors: [{ messageId: 'slowWork', line: 5, data: { work: 'Sending push notifications', api: 'Firebase Cloud Messaging send', handler: 'the POST /alerts request handler' } }],
  },
  {
    // aws-sdk v2 SES with .promise()
    code: `import express from 'express';
import AWS from 'aws-sdk';
const ses = new AWS.SES({ region: 'eu-west-1' });
const app = express();
app.post('/contact', async (req, res) => {
  await ses.sendEmail({ Source: 'a@example.com', Destination: { ToAddresses: ['b@example.com'] }, Message: { Subject: { Data: 'Hi' }, Body: { Text: { Data: String(req.body.text) } } } }).promise();
  res.sendStatus(204);
});`,
    errors: [{ messageId: 'slowWork', line: 6, column: 9, data: { work: 'Sending email', api: 'SES sendEmail', handler: 'the POST /contact request handler' } }],
  },
  {
    // Postmark
    code: `import express from 'express';
import * as postmark from 'postmark';
const client = new postmark.ServerClient('token');
const app = express();
app.post('/receipts', async (req, res) => {
  await client.sendEmailWithTemplate({ From: 'a@example.com', To: String(req.body.to), TemplateAlias: 'receipt', TemplateModel: {} });
  res.sendStatus(201);
});`,
    errors: [{ messageId: 'slowWork', line: 6, data: { work: 'Sending email', api: 'Postmark sendEmail', handler: 'the POST /receipts request handler' } }],
  },
];

typedRuleTester().run('no-inline-slow-work (typed)', rule, { valid, invalid });
untypedRuleTester().run('no-inline-slow-work (untyped)', rule, { valid, invalid });

// With types, a transporter typed by nodemailer's own declarations is known wherever it comes from.
typedRuleTester().run('no-inline-slow-work (typed only)', rule, {
  valid: [
    `import express from 'express';
import type { Transporter } from 'nodemailer/lib/mailer';
declare const outbox: { sendMail(message: object): Promise<void> };
const app = express();
app.post('/draft', async (req, res) => { await outbox.sendMail({}); res.sendStatus(204); });
export type T = Transporter;`,
  ],
  invalid: [
    {
      code: `import express from 'express';
import type { Transporter } from 'nodemailer/lib/mailer';
declare function getMailer(): Transporter;
const app = express();
app.post('/invite', async (req, res) => {
  await getMailer().sendMail({ to: 'a@example.com' });
  res.sendStatus(202);
});`,
      errors: [{ messageId: 'slowWork', line: 6, data: { work: 'Sending email', api: 'nodemailer sendMail', handler: 'the POST /invite request handler' } }],
    },
  ],
});
