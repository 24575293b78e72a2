import type { CodemodOptions } from './types.js';

/** A bad flag: the command reports it and exits 2, before any file is touched. */
export class CodemodUsageError extends Error {}

export function positiveIntegerOption(options: CodemodOptions, name: string, fallback: number): number {
  const value = Number(options[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new CodemodUsageError(`--${name} must be a positive integer`);
  return value;
}

export function booleanOption(options: CodemodOptions, name: string, fallback: boolean): boolean {
  const value = options[name] ?? fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new CodemodUsageError(`--${name} must be true or false`);
}
