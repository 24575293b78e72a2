import { parseArgs } from 'node:util';

import { codemods } from './index.js';
import { CodemodUsageError, runCodemod } from './runner.js';

export interface CommandIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const USAGE = 'usage: scalability-lint codemod <name> [paths...] [--write] [--project tsconfig.json] [--<option> value]';

/**
 * `scalability-lint codemod <name> [paths...]`: a dry run printing unified diffs unless
 * `--write`. Returns the exit code: 0 clean, 1 a file was rejected or failed, 2 usage error.
 */
export function codemodCommand(argv: readonly string[], io: CommandIo): number {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout(`${USAGE}\n\ncodemods:\n${Object.values(codemods).map((codemod) => `  ${codemod.name.padEnd(20)} ${codemod.description}`).join('\n')}\n`);
    return name === undefined ? 2 : 0;
  }
  const codemod = codemods[name];
  if (!codemod) {
    io.stderr(`scalability-lint: unknown codemod "${name}" (available: ${Object.keys(codemods).join(', ')})\n`);
    return 2;
  }
  const optionSpec: Record<string, { type: 'string' | 'boolean' }> = { write: { type: 'boolean' }, project: { type: 'string' } };
  for (const option of Object.keys(codemod.options)) optionSpec[option] = { type: 'string' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...rest], options: optionSpec, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`scalability-lint: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const options: Record<string, string | number | boolean> = {};
  for (const [option, spec] of Object.entries(codemod.options)) {
    const raw = parsed.values[option];
    options[option] = typeof raw === 'string' ? (typeof spec.default === 'number' ? Number(raw) : raw) : spec.default;
  }
  try {
    const project = parsed.values.project;
    const run = runCodemod({
      codemod,
      cwd: io.cwd,
      ...(typeof project === 'string' ? { tsconfig: project } : {}),
      paths: parsed.positionals,
      write: parsed.values.write === true,
      options,
    });
    for (const file of run.files) {
      if (file.status === 'changed' && file.diff !== undefined) io.stdout(file.diff);
      else io.stderr(`${file.file}: ${file.status === 'rejected' ? 'not changed' : 'failed'}: ${file.reason ?? ''}\n`);
    }
    for (const site of run.skipped) io.stderr(`${site.file}:${String(site.line)}: left as is: ${site.reason}\n`);
    const changed = run.files.filter((file) => file.status === 'changed').length;
    io.stderr(`${codemod.name}: ${String(changed)} file(s) ${parsed.values.write === true ? 'changed' : 'would change (dry run; --write applies)'}\n`);
    return run.exitCode;
  } catch (error) {
    if (error instanceof CodemodUsageError) {
      io.stderr(`scalability-lint: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
