import { BaselineError } from '../report/baseline.js';
import { type CliOptions, HELP, parseCli, UsageError } from './args.js';

export const TOOL_NAME = 'scalability-lint';

export interface Io {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

/** Exit codes: 0 clean, 1 findings at error level or too many warnings, 2 usage or configuration error. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    if (argv[0] === 'codemod') {
      const { codemodCommand } = await import('../codemods/command.js');
      return codemodCommand(argv.slice(1), {
        cwd: io.cwd,
        stdout: (text) => io.stdout.write(text),
        stderr: (text) => io.stderr.write(text),
      });
    }
    const options: CliOptions = parseCli(argv);
    if (options.help) {
      io.stdout.write(HELP);
      return 0;
    }
    // ESLint, TypeScript and the rules load only once the command line is known to be good.
    const { lint } = await import('./lint.js');
    return await lint(options, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof BaselineError) {
      io.stderr.write(`${TOOL_NAME}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${TOOL_NAME}: ${oneLine(message)}\n`);
    if (io.env.DEBUG !== undefined && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return 2;
  }
}

function oneLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '').join(' ').slice(0, 500);
}
