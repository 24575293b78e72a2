import fs from 'node:fs';

import { pathModified } from './file-stats.js';

/** package.json files, parsed once and re-read when they change. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Manifest = Readonly<Record<string, Json>>;

const manifests = new Map<string, { mtimeMs: number | null; manifest: Manifest | null }>();

export function readManifest(file: string): Manifest | undefined {
  const mtimeMs = pathModified(file);
  const cached = manifests.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.manifest ?? undefined;
  let manifest: Manifest | null = null;
  if (mtimeMs !== null) {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (isObject(parsed)) manifest = parsed;
    } catch {
      // A malformed package.json declares nothing we can use.
    }
  }
  manifests.set(file, { mtimeMs, manifest });
  return manifest ?? undefined;
}

export function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
