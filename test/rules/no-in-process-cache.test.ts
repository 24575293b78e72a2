import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageIds, type Options } from '../../src/rules/no-in-process-cache.js';
import { fixtureFile, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const valid: (string | ValidTestCase<Options>)[] = [
  // A dictionary only counted up and down is this process's own bookkeeping, not a cache
  `const inFlight: Record<string, number> = {};
export async function withSlot(key: string, run: () => Promise<void>) {
  inFlight[key] = 0;
  inFlight[key] += 1;
  try { await run(); } finally { inFlight[key] -= 1; if (inFlight[key] === 0) delete inFlight[key]; }
}`,
  `import { Injectable } from '@nestjs/common';
@Injectable()
export class LockService {
  private lockCounter: Record<string, number> = {};
  async acquire(resource: string) { this.lockCounter[resource]++; }
  async release(resource: string) { this.lockCounter[resource]--; }
}`,
  // reference data filled at module initialisation only
  `const countries = new Map<string, string>();
countries.set('FR', 'France');
countries.set('DE', 'Germany');
export function countryName(code: string) { return countries.get(code); }`,
  // filled by an array iteration at module level
  `const CODES = [{ code: 'FR', name: 'France' }];
const byCode = new Map<string, string>();
CODES.forEach((c) => byCode.set(c.code, c.name));
export const lookup = (code: string) => byCode.get(code);`,
  // filled by a function that only start-up code calls
  `const routes: Record<string, string> = {};
function register(name: string, path: string) { routes[name] = path; }
function registerAll() { register('home', '/'); register('about', '/about'); }
registerAll();
export const routeFor = (name: string) => routes[name];`,
  // an IIFE at module level
  `const index = new Set<string>();
(() => { for (const word of ['a', 'b']) index.add(word); })();
export const has = (word: string) => index.has(word);`,
  // frozen and readonly containers
  `const LIMITS = Object.freeze({ free: 10, pro: 100 });
export function limit(plan: 'free' | 'pro') { return LIMITS[plan]; }`,
  `const PLANS = ['free', 'pro'] as const;
export const isPlan = (plan: string) => (PLANS as readonly string[]).includes(plan);`,
  `const aliases: ReadonlyMap<string, string> = new Map([['nyc', 'New York']]);
export const alias = (key: string) => aliases.get(key);`,
  // a WeakMap keyed by objects is not a cache of shared data
  `const meta = new WeakMap<object, string>();
export function tag(target: object, value: string) { meta.set(target, value); }`,
  // compiled RegExp and config loaded at start-up
  `const EMAIL = /^[^@]+@[^@]+$/u;
const config = JSON.parse(process.env.CONFIG ?? '{}') as { port: number };
export const valid = (email: string) => EMAIL.test(email) && config.port > 0;`,
  // function-local containers
  `export function dedupe(items: string[]) {
  const seen = new Set<string>();
  for (const item of items) seen.add(item);
  return [...seen];
}`,
  // an object with fixed keys is not a dictionary
  `const settings = { verbose: false };
export function setVerbose(value: boolean) { settings.verbose = value; }`,
  // in-flight requests tracked and removed in a finally: live work, not cached data
  `const inflight = new Map<string, Promise<string>>();
export async function load(key: string, fetcher: () => Promise<string>) {
  const existing = inflight.get(key);
  if (existing) return existing;
  const promise = fetcher();
  inflight.set(key, promise);
  try { return await promise; } finally { inflight.delete(key); }
}`,
  // open sockets are per process by nature
  `import { WebSocketServer } from 'ws';
const clients = new Set<unknown>();
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (socket) => { clients.add(socket); });`,
  // timers held per process
  `const timers = new Map<string, ReturnType<typeof setTimeout>>();
export function schedule(id: string) { timers.set(id, setTimeout(() => undefined, 1000)); }`,
  // keyv and cache-manager backed by Redis
  `import Keyv from 'keyv';
import KeyvRedis from '@keyv/redis';
const cache = new Keyv({ store: new KeyvRedis('redis://localhost:6379') });
export const get = (key: string) => cache.get(key);
export const put = (key: string, value: string) => cache.set(key, value, 60_000);`,
  `import Keyv from 'keyv';
const cache = new Keyv('redis://localhost:6379');
export const put = (key: string, value: string) => cache.set(key, value);`,
  `import { createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import KeyvRedis from '@keyv/redis';
const cache = createCache({ stores: [new Keyv({ store: new KeyvRedis('redis://localhost') })] });
export const put = (key: string, value: string) => cache.set(key, value, 1000);`,
  // a memoised pure computation gives every instance the same answer
  `import memoize from 'lodash/memoize';
const slugify = memoize((title: string) => title.toLowerCase().replace(/\\s+/g, '-'));
export const slug = (title: string) => slugify(title);`,
  // a Map that a request-scoped Nest provider keeps per request
  `import { Injectable, Scope } from '@nestjs/common';
@Injectable({ scope: Scope.REQUEST })
export class RequestCache {
  private readonly entries = new Map<string, unknown>();
  remember(key: string, value: unknown) { this.entries.set(key, value); }
}`,
  // a class instantiated per call: its fields are not per process
  `class Collector {
  private items: string[] = [];
  add(item: string) { this.items.push(item); }
}
export function collect(values: string[]) { const c = new Collector(); values.forEach((v) => c.add(v)); return c; }`,
  // a local binding named Map is not the built-in
  `import { Map } from './my-map';
const m = new Map();
export const put = (k: string) => m.set(k, 1);`,
  // a holder of named dependencies is not a dictionary
  `const deps: Record<string, unknown> = {};
export function init(db: unknown) { deps.db = db; }`,
  // a registry of callbacks
  `const hooks: Array<() => void> = [];
export function onShutdown(hook: () => void) { hooks.push(hook); }`,
  // a provider's registry filled by other providers at start-up
  `import { Injectable } from '@nestjs/common';
interface TokenConfig { type: string; secret: string }
@Injectable()
export class TokenRegistry {
  private readonly configs = new Map<string, TokenConfig>();
  register(config: TokenConfig) { this.configs.set(config.type, config); }
  get(type: string) { return this.configs.get(type); }
}`,
  // a registry's unregister alone
  `import { Injectable } from '@nestjs/common';
@Injectable()
export class JwtRegistry {
  private readonly services = new Map<string, object>();
  register(type: string, service: object) { this.services.set(type, service); }
  unregister(type: string) { this.services.delete(type); }
}`,
  // a provider filled by a private method its onModuleInit calls
  `import { Injectable } from '@nestjs/common';
@Injectable()
export class Discovery {
  private readonly handlers = new Map<string, string>();
  onModuleInit() { this.scan(['a', 'b']); }
  private scan(names: string[]) { names.forEach((name) => this.handlers.set(name, name.toUpperCase())); }
}`,
  // a provider field replaced wholesale
  `import { Injectable } from '@nestjs/common';
@Injectable()
export class ExportService {
  private repositories: string[] = [];
  async registerAll(load: () => Promise<string[]>) { this.repositories = await load(); }
}`,
  // seeds and tests run once
  { code: `const inserted: string[] = []; export function seed(name: string) { inserted.push(name); }`, filename: fixtureFile('src', 'no-in-process-cache', 'seeds', 'organizations.ts') },
  { code: `const calls: string[] = []; export function record(name: string) { calls.push(name); }`, filename: fixtureFile('src', 'no-in-process-cache', 'orders.spec.ts') },
  // live connections held by a gateway
  `import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
@Injectable()
export class ChatGateway {
  private clients: Socket[] = [];
  handleConnection(client: Socket) { this.clients.push(client); }
}`,
  // scheduled tasks are live resources
  `import cron from 'node-cron';
const tasks = new Map<string, unknown>();
export function register(id: string, pattern: string, run: () => void) {
  const task = cron.schedule(pattern, run);
  tasks.set(id, task);
}`,
  // clients built per tenant are connection objects, not cached data
  `import { S3Client } from '@aws-sdk/client-s3';
const clients = new Map<string, { client: S3Client; region: string }>();
export function clientFor(tenant: string, region: string) {
  const client = new S3Client({ region });
  clients.set(tenant, { client, region });
  return client;
}`,
  // clients built through a helper of this file
  `import { S3Client } from '@aws-sdk/client-s3';
const clientsByRegion = new Map<string, S3Client>();
function buildClient(region: string) { return new S3Client({ region }); }
export function clientFor(region: string) {
  let client = clientsByRegion.get(region);
  if (!client) { client = buildClient(region); clientsByRegion.set(region, client); }
  return client;
}`,
  // a class read off a package's object, and the connection promise of a package's pool
  `import { Issuer } from 'openid-client';
import mssql from 'mssql';
const clients = new Map<string, unknown>();
const pools = new Map<string, unknown>();
export function clientFor(id: string, metadata: { issuer: string }) {
  const issuer = new Issuer(metadata);
  clients.set(id, new issuer.Client({ client_id: id }));
}
export function poolFor(name: string, config: mssql.config) {
  const pool = new mssql.ConnectionPool(config);
  pools.set(name, pool.connect());
}`,
  // consumers handed out by a resource's factory method, through a helper
  `import { Kafka } from 'kafkajs';
let kafka: Kafka | undefined;
function getKafka() { if (!kafka) kafka = new Kafka({ brokers: ['b:9092'] }); return kafka; }
const consumers = new Set<unknown>();
export function createConsumer(groupId: string) {
  const consumer = getKafka().consumer({ groupId });
  consumers.add(consumer);
  return consumer;
}`,
  // an LRU whose eviction shuts the entry down is a pool of live objects
  `import { LRUCache } from 'lru-cache';
import { Tenant } from './tenant';
class TenantPool {
  private cache = new LRUCache<string, Promise<Tenant>>({ max: 100, dispose: (entry) => void entry.then((t) => t.dispose()) });
  async get(id: string) {
    let tenant = this.cache.get(id);
    if (!tenant) { tenant = Tenant.create(id); this.cache.set(id, tenant); }
    return tenant;
  }
}
export const tenantPool = new TenantPool();`,
  // child processes and the settlers of pending work
  `import { fork } from 'node:child_process';
let workers: { proc: unknown; busy: boolean }[] = [];
const waiting: { code: string; resolve: (out: string) => void }[] = [];
export function start(size: number) { for (let i = 0; i < size; i++) workers.push({ proc: fork('./sandbox.js'), busy: false }); }
export function onExit(dead: unknown) { workers = workers.filter((w) => w.proc !== dead); }
export function run(code: string) { return new Promise<string>((resolve) => waiting.push({ code, resolve })); }`,
  // a memo of a pure computation of the key: every instance computes the same entry
  `import { compile, type EvalFunction } from 'mathjs';
const compiled = new Map<string, EvalFunction>();
export function evaluate(expr: string, scope: Record<string, number>) {
  let fn = compiled.get(expr);
  if (!fn) { fn = compile(expr); compiled.set(expr, fn); }
  return fn.evaluate(scope) as number;
}`,
  `import { LRUCache } from 'lru-cache';
import { UAParser } from 'ua-parser-js';
const parsed = new LRUCache<string, object>({ max: 1000 });
export function parseUserAgent(ua: string) {
  const hit = parsed.get(ua);
  if (hit) return hit;
  const result = new UAParser(ua).getResult();
  parsed.set(ua, result);
  return result;
}`,
  `const slugs: Record<string, string> = {};
function slugify(title: string) { return title.trim().toLowerCase().replace(/\s+/gu, '-'); }
export function slug(title: string) { return (slugs[title] ??= slugify(title)); }`,
  // middleware functions made by a package factory from one options object
  `import type { RequestHandler } from 'express';
import { expressjwt } from 'express-jwt';
const verifiers: Record<string, RequestHandler> = {};
export function verifierFor(issuer: string, secret: string) {
  let mw = verifiers[issuer];
  if (!mw) { mw = expressjwt({ secret, issuer, algorithms: ['HS256'] }) as unknown as RequestHandler; verifiers[issuer] = mw; }
  return mw;
}`,
  // a static registry storing copies of its argument, in buckets it creates
  `type Plugin = { type: string; priority?: number; run: () => void };
export class Plugins {
  private static plugins = new Map<string, Plugin[]>();
  static add(plugin: Plugin) {
    if (!this.plugins.has(plugin.type)) this.plugins.set(plugin.type, []);
    this.plugins.get(plugin.type)?.push({ ...plugin, priority: plugin.priority ?? 0 });
  }
}`,
  // a static list of entries carrying callbacks
  `export class Shutdown {
  private static handlers: { key: string; callback: () => Promise<unknown> }[] = [];
  static add(key: string, callback: () => Promise<unknown>) { this.handlers.push({ key, callback }); }
  static async run() { for (const handler of this.handlers) await handler.callback(); }
}`,
  // configuration copied entry by entry from the caller's argument
  `export class PublicEnv {
  private static values: Record<string, unknown> = {};
  static register(env: Record<string, unknown>, keys: string[]) {
    process.nextTick(() => keys.forEach((k) => { if (this.values[k] === undefined) this.values[k] = env[k]; }));
  }
  static get() { return this.values; }
}`,
  // command-line scripts run as one process that exits
  {
    code: `const sentAt: number[] = [];
async function throttle() { sentAt.push(Date.now()); }
export async function main() { await throttle(); }`,
    filename: fixtureFile('src', 'no-in-process-cache', 'scripts', 'smoke-test.ts'),
  },
  // a module exporting a React hook is UI code
  `const taskIndex = new Map<string, number>();
export const indexTasks = (ids: string[]) => ids.forEach((id, i) => taskIndex.set(id, i));
export function useTaskIndex() { return taskIndex; }`,
  // browser code
  `'use client';
const listeners = new Set<string>();
export function subscribe(id: string) { listeners.add(id); }`,
  // allowed by name and by pattern
  { code: `const registry = new Map<string, () => void>(); export const on = (k: string) => registry.set(k, () => undefined);`, options: [{ allow: ['registry'] }] },
  { code: `const pluginCache = new Map<string, string>(); export const add = (k: string) => pluginCache.set(k, k);`, options: [{ allow: ['/^plugin/u'] }] },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `const userCache = new Map<string, { name: string }>();
export async function getUser(id: string, load: (id: string) => Promise<{ name: string }>) {
  const cached = userCache.get(id);
  if (cached) return cached;
  const user = await load(id);
  userCache.set(id, user);
  return user;
}`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 1,
        column: 7,
        endColumn: 16,
        data: { scope: 'module-level', container: 'Map', name: 'userCache', write: 'userCache.set()', where: 'line 6' },
        suggestions: [],
      },
    ],
  },
  {
    code: `const seen: Record<string, number> = {};
export function hit(ip: string) { seen[ip] = (seen[ip] ?? 0) + 1; return seen[ip]; }`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 1,
        column: 7,
        data: { scope: 'module-level', container: 'dictionary object', name: 'seen', write: 'seen[…] = …', where: 'line 2' },
        suggestions: [],
      },
    ],
  },
  {
    code: `export const recent: string[] = [];
export function track(event: string) {
  recent.push(event);
}`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 1,
        column: 14,
        data: { scope: 'module-level', container: 'array', name: 'recent', write: 'recent.push()', where: 'line 3' },
        suggestions: [],
      },
    ],
  },
  {
    code: `const blocked = new Set<string>();
import express from 'express';
const app = express();
app.post('/block/:ip', (req, res) => { blocked.add(req.params.ip); res.sendStatus(204); });`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 1,
        data: { scope: 'module-level', container: 'Set', name: 'blocked', write: 'blocked.add()', where: 'line 4' },
        suggestions: [],
      },
    ],
  },
  {
    // values inside the container written at run time
    code: `const byTenant = new Map<string, string[]>([['a', []]]);
export function remember(tenant: string, id: string) { byTenant.get(tenant)?.push(id); }`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 1,
        data: { scope: 'module-level', container: 'Map', name: 'byTenant', write: 'byTenant.get(…).push()', where: 'line 2' },
        suggestions: [],
      },
    ],
  },
  {
    // a lazily refreshed copy of remote data
    code: `let flags: string[] = [];
export async function refresh(fetchFlags: () => Promise<string[]>) { flags = await fetchFlags(); }
export const enabled = (flag: string) => flags.includes(flag);`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 1,
        data: { scope: 'module-level', container: 'array', name: 'flags', write: 'flags = …', where: 'line 2' },
        suggestions: [],
      },
    ],
  },
  {
    code: `import { LRUCache } from 'lru-cache';
const cache = new LRUCache<string, string>({ max: 500, ttl: 60_000 });
export function remember(key: string, value: string) { cache.set(key, value); }`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 2,
        data: { scope: 'module-level', container: 'LRUCache (lru-cache)', name: 'cache', write: 'cache.set()', where: 'line 3' },
        suggestions: [],
      },
    ],
  },
  {
    // a cache instance is the anti-pattern even when the write is out of sight
    code: `import NodeCache from 'node-cache';
export const cache = new NodeCache({ stdTTL: 100 });`,
    errors: [
      {
        messageId: 'inProcessCache',
        line: 2,
        data: { scope: 'module-level', container: 'NodeCache (node-cache)', name: 'cache' },
        suggestions: [],
      },
    ],
  },
  {
    code: `import Keyv from 'keyv';
const keyv = new Keyv({ namespace: 'users' });
export async function put(id: string, user: object) { await keyv.set(id, user); }`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 2,
        data: { scope: 'module-level', container: 'Keyv cache without a remote store', name: 'keyv', write: 'keyv.set()', where: 'line 3' },
        suggestions: [],
      },
    ],
  },
  {
    code: `import { createCache } from 'cache-manager';
const cache = createCache({ ttl: 10_000 });
export async function lookup(id: string) { return cache.get(id); }`,
    errors: [
      {
        messageId: 'inProcessCache',
        line: 2,
        data: { scope: 'module-level', container: 'cache-manager cache without a remote store', name: 'cache' },
        suggestions: [],
      },
    ],
  },
  {
    // memoised I/O: each instance keeps its own copy of remote data
    code: `import memoize from 'lodash/memoize';
const getPrice = memoize(async (sku: string) => (await fetch('/prices/' + sku)).json());
export const price = (sku: string) => getPrice(sku);`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 2,
        data: { scope: 'module-level', container: 'memoised I/O function', name: 'getPrice', write: 'getPrice(…)', where: 'line 3' },
        suggestions: [],
      },
    ],
  },
  {
    code: `export class Tokens {
  static revoked = new Set<string>();
  static revoke(token: string) { this.revoked.add(token); }
}`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 2,
        column: 10,
        data: { scope: 'static', container: 'Set', name: 'revoked', write: 'this.revoked.add()', where: 'line 3' },
        suggestions: [],
      },
    ],
  },
  {
    code: `class RateCounter { static hits: Record<string, number> = {}; }
export function count(key: string) { RateCounter.hits[key] = (RateCounter.hits[key] ?? 0) + 1; }`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 1,
        data: { scope: 'static', container: 'dictionary object', name: 'hits', write: 'RateCounter.hits[…] = …', where: 'line 2' },
        suggestions: [],
      },
    ],
  },
  {
    // a Nest provider is a singleton: its fields live as long as the process
    code: `import { Injectable } from '@nestjs/common';
@Injectable()
export class ProductsService {
  private readonly cache = new Map<string, object>();
  onModuleInit() { this.cache.clear(); }
  async find(id: string, load: (id: string) => Promise<object>) {
    const product = await load(id);
    this.cache.set(id, product);
    return product;
  }
}`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 4,
        column: 20,
        data: { scope: 'singleton-field', container: 'Map', name: 'cache', write: 'this.cache.set()', where: 'line 8' },
        suggestions: [],
      },
    ],
  },
  {
    // an exported singleton instance
    code: `class SettingsStore {
  private values: Record<string, string> = {};
  put(key: string, value: string) { this.values[key] = value; }
}
export const settingsStore = new SettingsStore();`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 2,
        data: { scope: 'singleton-field', container: 'dictionary object', name: 'values', write: 'this.values[…] = …', where: 'line 3' },
        suggestions: [],
      },
    ],
  },
  {
    // a field assigned in the constructor of an exported singleton
    code: `class MemoryCache {
  private store: Record<string, unknown>;
  constructor() { this.store = {}; }
  put(key: string, value: unknown) { this.store[key] = value; }
}
export default new MemoryCache();`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 3,
        column: 24,
        data: { scope: 'singleton-field', container: 'dictionary object', name: 'store', write: 'this.store[…] = …', where: 'line 4' },
        suggestions: [],
      },
    ],
  },
  {
    // the function that fills it is exported, so it may run per request
    code: `const cache = new Map<string, string>();
export function warm(key: string, value: string) { cache.set(key, value); }
warm('a', 'b');`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 1,
        data: { scope: 'module-level', container: 'Map', name: 'cache', write: 'cache.set()', where: 'line 2' },
        suggestions: [],
      },
    ],
  },
  {
    // CommonJS and an interval that clears it
    code: `const { LRUCache } = require('lru-cache');
const sessions = new LRUCache({ max: 100 });
setInterval(() => sessions.clear(), 60_000);
module.exports = { sessions };`,
    errors: [
      {
        messageId: 'inProcessState',
        line: 2,
        data: { scope: 'module-level', container: 'LRUCache (lru-cache)', name: 'sessions', write: 'sessions.clear()', where: 'line 3' },
        suggestions: [],
      },
    ],
  },
  // Near misses of the exemptions above: these stay caches of shared data.
  ...[
    {
      // an awaited call of a client returns data
      code: `import { Redis } from 'ioredis';
const redis = new Redis();
const profiles = new Map<string, string | null>();
export async function profile(id: string) {
  const value = await redis.get('profile:' + id);
  profiles.set(id, value);
  return value;
}`,
      line: 3,
      data: { scope: 'module-level', container: 'Map', name: 'profiles', write: 'profiles.set()', where: 'line 6' },
    },
    {
      // a synchronous read of a database instance is I/O, not a pure computation
      code: `import Database from 'better-sqlite3';
const db = new Database('app.db');
const rows = new Map<string, unknown>();
export function row(id: string) {
  let hit = rows.get(id);
  if (!hit) { hit = db.prepare('select * from t where id = ?').get(id); rows.set(id, hit); }
  return hit;
}`,
      line: 3,
      data: { scope: 'module-level', container: 'Map', name: 'rows', write: 'rows.set()', where: 'line 6' },
    },
    {
      // a project function whose body is out of sight may do I/O
      code: `import { loadTemplate } from './templates';
const templates = new Map<string, string>();
export function template(name: string) {
  let hit = templates.get(name);
  if (!hit) { hit = loadTemplate(name); templates.set(name, hit); }
  return hit;
}`,
      line: 2,
      data: { scope: 'module-level', container: 'Map', name: 'templates', write: 'templates.set()', where: 'line 5' },
    },
    {
      // the value comes with the event, beside the key: data, not a computation of the key
      code: `const latest = new Map<string, number>();
export function onBatch(batch: { topic: string; partition: number; lastOffset(): string }) {
  latest.set(batch.topic + '-' + String(batch.partition), Number(batch.lastOffset()));
}`,
      line: 1,
      data: { scope: 'module-level', container: 'Map', name: 'latest', write: 'latest.set()', where: 'line 3' },
    },
    {
      // event dedup: which events this instance has seen
      code: `const processed = new Map<string, boolean>();
export function handle(event: { id: string }) {
  if (processed.has(event.id)) return;
  processed.set(event.id, true);
}`,
      line: 1,
      data: { scope: 'module-level', container: 'Map', name: 'processed', write: 'processed.set()', where: 'line 4' },
    },
    {
      // an LRU whose dispose only logs keeps data
      code: `import { LRUCache } from 'lru-cache';
const prices = new LRUCache<string, number>({ max: 10, dispose: (value, key) => console.log(key, value) });
export function remember(sku: string, price: number) { prices.set(sku, price); }`,
      line: 2,
      data: { scope: 'module-level', container: 'LRUCache (lru-cache)', name: 'prices', write: 'prices.set()', where: 'line 3' },
    },
    {
      // entries of plain data with a timestamp
      code: `const byId = new Map<string, { value: unknown; expires: number }>();
export function put(id: string, value: unknown) { byId.set(id, { value, expires: Date.now() + 1000 }); }`,
      line: 1,
      data: { scope: 'module-level', container: 'Map', name: 'byId', write: 'byId.set()', where: 'line 2' },
    },
    {
      // a static field written by key with a value passed in is a cache, not a registry
      code: `export class Cache {
  static entries: Record<string, unknown> = {};
  static put(key: string, data: unknown) { this.entries[key] = data; }
}`,
      line: 2,
      data: { scope: 'static', container: 'dictionary object', name: 'entries', write: 'this.entries[…] = …', where: 'line 3' },
    },
    {
      // a Node built-in's synchronous call returns data
      code: `import { execSync } from 'node:child_process';
const outputs = new Map<string, unknown>();
export function run(cmd: string, cwd: string) { outputs.set(cmd, execSync(cmd, { cwd })); }`,
      line: 2,
      data: { scope: 'module-level', container: 'Map', name: 'outputs', write: 'outputs.set()', where: 'line 3' },
    },
  ].map(({ code, line, data }): InvalidTestCase<MessageIds, Options> => ({ code, errors: [{ messageId: 'inProcessState', line, data, suggestions: [] }] })),
];

typedRuleTester().run('no-in-process-cache (typed)', rule, {
  valid: [
    ...valid,
    // typed: the exported Map is only read elsewhere
    {
      code: `export const countries = new Map<string, string>([['FR', 'France']]);`,
      filename: fixtureFile('src', 'no-in-process-cache', 'state.ts'),
    },
  ],
  invalid: [
    ...invalid,
    // typed: an exported Map written by a handler in another file
    {
      code: `// A container exported from its module and written by handlers in another file.
export const sessions = new Map<string, { userId: string }>();

export const countries = new Map<string, string>([['FR', 'France']]);
`,
      filename: fixtureFile('src', 'no-in-process-cache', 'state.ts'),
      errors: [
        {
          messageId: 'inProcessState',
          line: 2,
          data: { scope: 'module-level', container: 'Map', name: 'sessions', write: 'sessions.set()', where: 'handler.ts:4' },
          suggestions: [],
        },
      ],
    },
  ],
});

untypedRuleTester().run('no-in-process-cache (untyped)', rule, {
  valid: [
    ...valid,
    // untyped: writes in other files are out of sight
    {
      code: `export const sessions = new Map<string, { userId: string }>();`,
      filename: fixtureFile('src', 'no-in-process-cache', 'state.ts'),
    },
  ],
  invalid: [
    ...invalid,
    // untyped: a promise of I/O stored per key is not a pure memo (the helper is async). Typed,
    // values typed as promises count as in-flight work.
    {
      code: `const users = new Map<string, Promise<unknown>>();
async function fetchUser(id: string) { return (await fetch('/users/' + id)).json(); }
export function getUser(id: string) {
  let user = users.get(id);
  if (!user) { user = fetchUser(id); users.set(id, user); }
  return user;
}`,
      errors: [{ messageId: 'inProcessState', line: 1, data: { scope: 'module-level', container: 'Map', name: 'users', write: 'users.set()', where: 'line 5' }, suggestions: [] }],
    },
  ],
});
