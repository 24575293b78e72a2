import { allKinds } from './libraries/index.js';
import type { ExportRef, InstanceKind } from './libraries/types.js';

/**
 * Lookup tables built once from the catalogues. Everything keyed by strings so a lookup is a
 * hash probe, cheap enough to run before any type query.
 */
const byKind = new Map<string, InstanceKind>();
const byType = new Map<string, string>();
const byConstructor = new Map<string, string>();
const byFactory = new Map<string, string>();
const typeNames = new Set<string>();
const factoryMemberNames = new Set<string>();

for (const entry of allKinds) {
  byKind.set(entry.kind, entry);
  for (const type of entry.types ?? []) {
    byType.set(typeKey(type.package, type.name), entry.kind);
    typeNames.add(type.name);
  }
  for (const ref of entry.constructors ?? []) byConstructor.set(exportKey(ref), entry.kind);
  for (const ref of entry.factories ?? []) {
    byFactory.set(exportKey(ref), entry.kind);
    const last = ref.path.at(-1);
    if (last !== undefined) factoryMemberNames.add(last);
  }
}

function typeKey(pkg: string, name: string): string {
  return `${pkg}#${name}`;
}

/**
 * CommonJS interop makes `import x from 'm'` and `import * as x from 'm'` the same value for
 * most packages, so a leading `default` is dropped before comparing export paths.
 */
export function normalizeExportPath(path: readonly string[]): readonly string[] {
  return path[0] === 'default' ? path.slice(1) : path;
}

export function exportKey(ref: ExportRef): string {
  return `${normalizeModule(ref.package)}:${normalizeExportPath(ref.path).join('.')}`;
}

/** `node:fs` and `fs` are one module. */
export function normalizeModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

export function kindInfo(kind: string): InstanceKind | undefined {
  return byKind.get(kind);
}

export function kindOfDeclaredType(pkg: string, name: string): string | undefined {
  return byType.get(typeKey(pkg, name));
}

/** A cheap gate before asking the checker: is this name declared by any catalogued type? */
export function isCataloguedTypeName(name: string): boolean {
  return typeNames.has(name);
}

/**
 * A cheap gate before tracing a member call's export: `x.name()` can only call a catalogued
 * factory when some factory's export path ends in `name`.
 */
export function isFactoryMemberName(name: string): boolean {
  return factoryMemberNames.has(name);
}

export function kindConstructedBy(ref: ExportRef): string | undefined {
  return byConstructor.get(exportKey(ref));
}

export function kindReturnedBy(ref: ExportRef): string | undefined {
  return byFactory.get(exportKey(ref));
}

export function memberKind(kind: string, member: string): string | undefined {
  if (kind === 'prisma.client') {
    // Model delegates are the client's lower-case members; `$transaction` and friends are not.
    return member.startsWith('$') || member.startsWith('_') ? undefined : 'prisma.delegate';
  }
  return byKind.get(kind)?.members?.find((entry) => entry.member === member || entry.member === '*')?.kind;
}

export function methodResultKind(kind: string, method: string): string | undefined {
  const results = byKind.get(kind)?.methodResults;
  if (!results) return undefined;
  return (results.find((entry) => entry.method === method) ?? results.find((entry) => entry.method === '*'))?.kind;
}

export function callResultKind(kind: string): string | undefined {
  // Calling a Knex instance starts a query builder: knex('users').
  return kind === 'knex' ? 'knex.builder' : undefined;
}

/** The package a declaration file belongs to, from its path inside node_modules. */
export function packageOfFile(fileName: string): string | undefined {
  const marker = '/node_modules/';
  const at = fileName.lastIndexOf(marker);
  if (at === -1) return undefined;
  const rest = fileName.slice(at + marker.length);
  const parts = rest.split('/');
  const first = parts[0];
  if (first === undefined) return undefined;
  if (first.startsWith('@')) {
    const second = parts[1];
    return second === undefined ? undefined : `${first}/${second}`;
  }
  return first;
}
