import type { ExportRef, InstanceKind } from './types.js';

/**
 * Work that a request handler should hand to a queue instead of doing before it responds:
 * email, document and image rendering, push notifications, SMS, and fan-out of outgoing
 * webhooks. Installed and checked against their .d.ts: nodemailer 10 (own types; @types/nodemailer 8),
 * @sendgrid/mail 8. The others follow their documented APIs and are recognised by import.
 */

export type SlowWorkCategory = 'email' | 'pdf' | 'image' | 'push' | 'sms' | 'webhook-fanout';

export const slowWorkKinds: readonly InstanceKind[] = [
  // ── email ──────────────────────────────────────────────────────────────────────────────
  {
    kind: 'nodemailer.transporter',
    // nodemailer 10 ships its own types (`createTransport` returns the `Mail` class of
    // nodemailer/lib/mailer, aliased `Transporter`); @types/nodemailer serves older versions.
    types: [
      { package: 'nodemailer', name: 'Mail' },
      { package: 'nodemailer', name: 'Transporter' },
      { package: '@types/nodemailer', name: 'Mail' },
      { package: '@types/nodemailer', name: 'Transporter' },
    ],
    factories: [{ package: 'nodemailer', path: ['createTransport'] }],
  },
  {
    // The default export of @sendgrid/mail is a MailService instance.
    kind: 'sendgrid.mail',
    types: [{ package: '@sendgrid/mail', name: 'MailService' }],
    constructors: [{ package: '@sendgrid/mail', path: ['MailService'] }],
  },
  {
    // AWS SDK v3 command objects that send mail; `client.send(command)` does the work.
    kind: 'aws-ses.send-command',
    constructors: [
      ...['SendEmailCommand', 'SendRawEmailCommand', 'SendTemplatedEmailCommand', 'SendBulkTemplatedEmailCommand'].map((name) => ({
        package: '@aws-sdk/client-ses',
        path: [name],
      })),
      ...['SendEmailCommand', 'SendBulkEmailCommand'].map((name) => ({ package: '@aws-sdk/client-sesv2', path: [name] })),
    ],
  },
  {
    // Aggregated v3 clients and v2 service objects expose the operations as methods.
    kind: 'aws-ses.client',
    constructors: [
      { package: '@aws-sdk/client-ses', path: ['SES'] },
      { package: '@aws-sdk/client-sesv2', path: ['SESv2'] },
      { package: 'aws-sdk', path: ['SES'] },
      { package: 'aws-sdk', path: ['SESV2'] },
      { package: 'aws-sdk/clients/ses', path: [] },
      { package: 'aws-sdk/clients/sesv2', path: [] },
    ],
  },
  {
    // @nestjs-modules/mailer wraps nodemailer in an injectable service.
    kind: 'nestjs-mailer.service',
    types: [{ package: '@nestjs-modules/mailer', name: 'MailerService' }],
  },
  {
    kind: 'resend.client',
    types: [{ package: 'resend', name: 'Resend' }],
    constructors: [{ package: 'resend', path: ['Resend'] }],
    members: [
      { member: 'emails', kind: 'resend.emails' },
      { member: 'batch', kind: 'resend.batch' },
    ],
  },
  { kind: 'resend.emails' },
  { kind: 'resend.batch' },
  {
    kind: 'postmark.client',
    types: [{ package: 'postmark', name: 'ServerClient' }],
    constructors: [
      { package: 'postmark', path: ['ServerClient'] },
      { package: 'postmark', path: ['Client'] },
    ],
  },
  {
    // new Mailgun(FormData).client({ username, key }).messages.create(domain, data)
    kind: 'mailgun',
    constructors: [{ package: 'mailgun.js', path: [] }],
    methodResults: [{ method: 'client', kind: 'mailgun.client' }],
  },
  { kind: 'mailgun.client', members: [{ member: 'messages', kind: 'mailgun.messages' }] },
  { kind: 'mailgun.messages' },

  // ── documents and images ──────────────────────────────────────────────────────────────
  {
    kind: 'puppeteer.browser',
    types: [
      { package: 'puppeteer-core', name: 'Browser' },
      { package: 'puppeteer', name: 'Browser' },
    ],
    factories: [
      { package: 'puppeteer', path: ['launch'] },
      { package: 'puppeteer', path: ['connect'] },
      { package: 'puppeteer-core', path: ['launch'] },
      { package: 'puppeteer-core', path: ['connect'] },
    ],
    methodResults: [
      { method: 'newPage', kind: 'puppeteer.page' },
      { method: 'createBrowserContext', kind: 'puppeteer.browser' },
      { method: 'createIncognitoBrowserContext', kind: 'puppeteer.browser' },
    ],
  },
  {
    kind: 'puppeteer.page',
    types: [
      { package: 'puppeteer-core', name: 'Page' },
      { package: 'puppeteer', name: 'Page' },
    ],
  },
  {
    kind: 'playwright.browser',
    types: [
      { package: 'playwright-core', name: 'Browser' },
      { package: 'playwright-core', name: 'BrowserContext' },
    ],
    factories: ['playwright', 'playwright-core', 'playwright-chromium'].flatMap((pkg) =>
      ['chromium', 'firefox', 'webkit'].flatMap((engine) => [
        { package: pkg, path: [engine, 'launch'] },
        { package: pkg, path: [engine, 'connect'] },
        { package: pkg, path: [engine, 'connectOverCDP'] },
      ]),
    ),
    methodResults: [
      { method: 'newPage', kind: 'playwright.page' },
      { method: 'newContext', kind: 'playwright.browser' },
    ],
  },
  { kind: 'playwright.page', types: [{ package: 'playwright-core', name: 'Page' }] },
  {
    kind: 'pdfkit.document',
    types: [{ package: '@types/pdfkit', name: 'PDFDocument' }],
    constructors: [{ package: 'pdfkit', path: [] }, { package: 'pdfkit/js/pdfkit.standalone', path: [] }],
  },
  {
    kind: 'pdfmake.printer',
    constructors: [{ package: 'pdfmake', path: [] }, { package: 'pdfmake/src/printer', path: [] }],
  },
  {
    // Every pipeline method returns the pipeline; the terminal ones return promises.
    kind: 'sharp.pipeline',
    types: [{ package: 'sharp', name: 'Sharp' }],
    factories: [{ package: 'sharp', path: [] }],
    constructors: [{ package: 'sharp', path: [] }],
    methodResults: [
      { method: 'toBuffer', kind: 'sharp.output' },
      { method: 'toFile', kind: 'sharp.output' },
      { method: 'metadata', kind: 'sharp.output' },
      { method: 'stats', kind: 'sharp.output' },
      { method: '*', kind: 'sharp.pipeline' },
    ],
  },
  {
    // Jimp decodes, resizes and encodes in JavaScript on the main thread.
    kind: 'jimp.image',
    factories: [
      { package: 'jimp', path: ['read'] },
      { package: 'jimp', path: ['Jimp', 'read'] },
    ],
    methodResults: [{ method: '*', kind: 'jimp.image' }],
  },

  // ── push and SMS ──────────────────────────────────────────────────────────────────────
  {
    kind: 'firebase.messaging',
    factories: [
      { package: 'firebase-admin', path: ['messaging'] },
      { package: 'firebase-admin/messaging', path: ['getMessaging'] },
    ],
  },
  {
    kind: 'expo.push',
    constructors: [
      { package: 'expo-server-sdk', path: ['Expo'] },
      { package: 'expo-server-sdk', path: [] },
    ],
  },
  {
    kind: 'twilio.client',
    types: [{ package: 'twilio', name: 'Twilio' }],
    factories: [{ package: 'twilio', path: [] }],
    constructors: [{ package: 'twilio', path: ['Twilio'] }],
    members: [
      { member: 'messages', kind: 'twilio.messages' },
      { member: 'calls', kind: 'twilio.calls' },
    ],
  },
  { kind: 'twilio.messages' },
  { kind: 'twilio.calls' },
  {
    kind: 'vonage.client',
    constructors: [{ package: '@vonage/server-sdk', path: ['Vonage'] }],
    members: [
      { member: 'sms', kind: 'vonage.sms' },
      { member: 'messages', kind: 'vonage.sms' },
    ],
  },
  { kind: 'vonage.sms' },

  // ── outgoing HTTP (for webhook fan-out) ───────────────────────────────────────────────
  {
    kind: 'axios.instance',
    types: [
      { package: 'axios', name: 'AxiosInstance' },
      { package: 'axios', name: 'AxiosStatic' },
    ],
    factories: [{ package: 'axios', path: ['create'] }],
  },
];

/** `instance.method(...)` on an instance of `kind` is slow work. */
export interface SlowMethod {
  readonly kind: string;
  readonly methods: readonly string[];
  readonly category: SlowWorkCategory;
  /** How the message names the call: `nodemailer sendMail`. */
  readonly label: string;
  /** CPU work on the main thread: it delays the response whether or not it is awaited. */
  readonly mainThread?: boolean;
}

export const slowMethods: readonly SlowMethod[] = [
  { kind: 'nodemailer.transporter', methods: ['sendMail'], category: 'email', label: 'nodemailer sendMail' },
  { kind: 'sendgrid.mail', methods: ['send', 'sendMultiple'], category: 'email', label: '@sendgrid/mail send' },
  { kind: 'nestjs-mailer.service', methods: ['sendMail'], category: 'email', label: 'MailerService sendMail' },
  {
    kind: 'aws-ses.client',
    methods: ['sendEmail', 'sendRawEmail', 'sendTemplatedEmail', 'sendBulkTemplatedEmail', 'sendBulkEmail'],
    category: 'email',
    label: 'SES sendEmail',
  },
  { kind: 'resend.emails', methods: ['send'], category: 'email', label: 'Resend emails.send' },
  { kind: 'resend.batch', methods: ['send'], category: 'email', label: 'Resend batch.send' },
  {
    kind: 'postmark.client',
    methods: ['sendEmail', 'sendEmailWithTemplate', 'sendEmailBatch', 'sendEmailBatchWithTemplates'],
    category: 'email',
    label: 'Postmark sendEmail',
  },
  { kind: 'mailgun.messages', methods: ['create'], category: 'email', label: 'Mailgun messages.create' },
  { kind: 'puppeteer.page', methods: ['pdf'], category: 'pdf', label: 'Puppeteer page.pdf' },
  { kind: 'puppeteer.page', methods: ['screenshot'], category: 'image', label: 'Puppeteer page.screenshot' },
  { kind: 'playwright.page', methods: ['pdf'], category: 'pdf', label: 'Playwright page.pdf' },
  { kind: 'playwright.page', methods: ['screenshot'], category: 'image', label: 'Playwright page.screenshot' },
  { kind: 'pdfmake.printer', methods: ['createPdfKitDocument'], category: 'pdf', label: 'pdfmake createPdfKitDocument', mainThread: true },
  { kind: 'sharp.pipeline', methods: ['toBuffer', 'toFile'], category: 'image', label: 'sharp' },
  {
    kind: 'jimp.image',
    methods: ['getBuffer', 'getBufferAsync', 'getBase64', 'getBase64Async', 'write', 'writeAsync'],
    category: 'image',
    label: 'Jimp',
    mainThread: true,
  },
  {
    kind: 'firebase.messaging',
    methods: ['send', 'sendEach', 'sendEachForMulticast', 'sendMulticast', 'sendAll', 'sendToDevice', 'sendToTopic', 'sendToCondition'],
    category: 'push',
    label: 'Firebase Cloud Messaging send',
  },
  { kind: 'expo.push', methods: ['sendPushNotificationsAsync'], category: 'push', label: 'Expo sendPushNotificationsAsync' },
  { kind: 'twilio.messages', methods: ['create'], category: 'sms', label: 'Twilio messages.create' },
  { kind: 'twilio.calls', methods: ['create'], category: 'sms', label: 'Twilio calls.create' },
  { kind: 'vonage.sms', methods: ['send'], category: 'sms', label: 'Vonage send' },
];

/** Calling one of these module exports is slow work. */
export interface SlowExport extends ExportRef {
  readonly category: SlowWorkCategory;
  readonly label: string;
}

export const slowExports: readonly SlowExport[] = [
  { package: '@sendgrid/mail', path: ['send'], category: 'email', label: '@sendgrid/mail send' },
  { package: '@sendgrid/mail', path: ['sendMultiple'], category: 'email', label: '@sendgrid/mail sendMultiple' },
  { package: 'web-push', path: ['sendNotification'], category: 'push', label: 'web-push sendNotification' },
  { package: '@react-pdf/renderer', path: ['renderToBuffer'], category: 'pdf', label: '@react-pdf renderToBuffer' },
  { package: '@react-pdf/renderer', path: ['renderToFile'], category: 'pdf', label: '@react-pdf renderToFile' },
  { package: '@react-pdf/renderer', path: ['renderToStream'], category: 'pdf', label: '@react-pdf renderToStream' },
];

/** `new X()` of these starts CPU-bound rendering on the main thread (no await needed to hurt). */
export const slowConstructors: readonly { readonly kind: string; readonly category: SlowWorkCategory; readonly label: string }[] = [
  { kind: 'pdfkit.document', category: 'pdf', label: 'pdfkit new PDFDocument' },
];

/** `client.send(command)` where the command is one of these kinds. */
export const slowCommands: readonly { readonly kind: string; readonly category: SlowWorkCategory; readonly label: string }[] = [
  { kind: 'aws-ses.send-command', category: 'email', label: 'SES SendEmailCommand' },
];

/**
 * Outgoing HTTP calls that deliver a webhook when made once per subscriber: `fetch(url, { method:
 * 'POST' })` and `client.post(url, body)`.
 */
export const outgoingHttp = {
  /** Exports that are a fetch function (the global `fetch` is recognised too). */
  fetchExports: [
    { package: 'node-fetch', path: [] },
    { package: 'undici', path: ['fetch'] },
    { package: 'cross-fetch', path: [] },
    { package: 'isomorphic-fetch', path: [] },
  ] satisfies readonly ExportRef[],
  /** Packages whose default export has `.post(url, …)` / `.put(url, …)`. */
  clientPackages: ['axios', 'got', 'ky', 'superagent'] as readonly string[],
  /** Instance kinds with `.post(url, …)`. */
  clientKinds: ['axios.instance'] as readonly string[],
  /** Methods that deliver a payload. */
  deliveryMethods: ['post', 'put'] as readonly string[],
};
