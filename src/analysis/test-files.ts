import { relativePath } from './context.js';
import type { FileAnalysis } from './file-analysis.js';

const TEST_DIRECTORIES = /(?:^|\/)(?:__tests__|__mocks__|tests?|e2e)\//u;
const TEST_FILES = /\.(?:spec|test|e2e-spec|e2e)\.[cm]?[jt]sx?$/u;

/**
 * Test code builds throwaway apps (an Express app with `session()` for supertest, a handler that
 * writes a fixture): it never runs as a scaled service.
 */
export function isTestFile(analysis: FileAnalysis): boolean {
  const file = relativePath(analysis);
  return TEST_DIRECTORIES.test(file) || TEST_FILES.test(file);
}

const ONE_OFF_DIRECTORIES = /(?:^|\/)(?:seeds?|seeders?|migrations?)\//u;
const ONE_OFF_FILES = /\.(?:seed|seeder|migration)\.[cm]?[jt]sx?$/u;

/** Tests, seeds and migrations run once, not in a horizontally scaled service. */
export function isOneOffFile(analysis: FileAnalysis): boolean {
  if (isTestFile(analysis)) return true;
  const file = relativePath(analysis);
  return ONE_OFF_DIRECTORIES.test(file) || ONE_OFF_FILES.test(file);
}

const SCRIPT_DIRECTORIES = /(?:^|\/)(?:scripts|bin)\//u;

/**
 * `scripts/` and `bin/` hold command-line tools (smoke tests, imports, maintenance): one process
 * that exits, never a replica behind a load balancer.
 */
export function isCommandLineScript(analysis: FileAnalysis): boolean {
  return SCRIPT_DIRECTORIES.test(relativePath(analysis));
}
