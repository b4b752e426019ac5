// The `chorus` command line. Each subcommand lives in src/commands/; this file only wires them
// and turns every failure into one clear line and an exit code, never a stack trace.
import { Command, CommanderError } from 'commander';
import { bootCommand } from './commands/boot.ts';
import { execCommand } from './commands/exec.ts';
import { CommandExit, UsageError } from './errors.ts';
import { VERSION } from './version.ts';

/** Exit codes the CLI promises (documented in README.md). */
export const EXIT = { ok: 0, failure: 1, usage: 2, internal: 70 } as const;

// Commander's own errors (unknown command, bad option, missing argument) become one line, the
// usage line of the command concerned, and a pointer to --help; they end in a CommanderError.
function reportErrorsBriefly(command: Command): void {
  const path = command.parent ? `chorus ${command.name()}` : 'chorus';
  command.exitOverride().configureOutput({
    outputError: (message, write) =>
      write(`${message.trim()}\nUsage: ${path} ${command.usage()}\nRun '${path} --help' for more.\n`),
  });
  for (const sub of command.commands) reportErrorsBriefly(sub);
}

function buildProgram(): Command {
  const program = new Command();
  program
    .name('chorus')
    .description('An emulated Chorus microkernel on a simulated multi-CPU machine.')
    .version(VERSION, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true);
  program.addCommand(bootCommand());
  program.enablePositionalOptions().addCommand(execCommand());
  reportErrorsBriefly(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CommandExit) return error.status;
    if (error instanceof UsageError) {
      process.stderr.write(`chorus: ${error.message}\n`);
      return EXIT.usage;
    }
    const detail = error instanceof Error ? error.message : String(error);
    process.stderr.write(`chorus: internal error: ${detail}\n`);
    if (process.env.CHORUS_DEBUG && error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`);
    return EXIT.internal;
  }
}
