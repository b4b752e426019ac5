// `chorus exec [--arch mips|mipsel] [--bin DIR] FILE.elf [ARGS...]`: run a static Linux
// executable on simulated CPUs with a small multi-process Linux-ABI shim, like qemu-user
// (src/exec/). The guest's stdout and stderr are the host's, the first process's exit status is
// ours; a guest fault prints one line and exits with 128 + signal; a bad file or option is a
// usage error (exit 2). Options after FILE go to the guest.
import { readFileSync, readSync, writeSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CommandExit, UsageError } from '../errors.ts';
import { type ExecArch, execElf } from '../exec/index.ts';

/** Writes all of `bytes` to a host descriptor, waiting out EAGAIN on non-blocking pipes. */
function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return;
    }
  }
}

function readStdin(max: number): Uint8Array {
  const buffer = Buffer.alloc(Math.max(1, Math.min(max, 65536)));
  try {
    return buffer.subarray(0, readSync(0, buffer, 0, buffer.length, null));
  } catch {
    return new Uint8Array(0);
  }
}

function parseCycles(value: string): number {
  const cycles = Number(value);
  if (!Number.isSafeInteger(cycles) || cycles <= 0)
    throw new InvalidArgumentError('expected a positive integer');
  return cycles;
}

interface ExecFlags {
  readonly arch?: ExecArch;
  readonly maxCycles?: number;
  readonly strace?: boolean;
  readonly bin?: string;
}

export function execCommand(): Command {
  return new Command('exec')
    .description(
      'run a static Linux ELF executable (and the processes it forks) on simulated CPUs, like qemu-user',
    )
    .addOption(
      new Option('--arch <family>', 'CPU family (default: from the ELF header)').choices(['mips', 'mipsel']),
    )
    .option('--max-cycles <n>', 'stop after this many simulated cycles (exit status 1)', parseCycles)
    .option('--strace', 'log each system call to stderr')
    .option('--bin <dir>', "host directory the guest's execve sees as /bin (e.g. for system())")
    .argument('<file>', 'the executable')
    .argument('[args...]', 'arguments for the program')
    .passThroughOptions()
    .action((file: string, args: string[], flags: ExecFlags) => {
      let image: Uint8Array;
      try {
        image = readFileSync(file);
      } catch (error) {
        throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      }
      const outcome = execElf({
        image,
        argv: [file, ...args],
        ...(flags.arch !== undefined ? { arch: flags.arch } : {}),
        ...(flags.maxCycles !== undefined ? { maxCycles: flags.maxCycles } : {}),
        ...(flags.bin !== undefined ? { binDirectory: flags.bin } : {}),
        strace: flags.strace === true,
        streams: {
          stdout: (bytes) => writeAll(1, bytes),
          stderr: (bytes) => writeAll(2, bytes),
          stdin: readStdin,
        },
      });
      switch (outcome.kind) {
        case 'error':
          throw new UsageError(`${file}: ${outcome.message}`);
        case 'limit':
          writeAll(2, Buffer.from(`chorus exec: stopped at the cycle limit (${outcome.cycles} cycles)\n`));
          throw new CommandExit(1);
        case 'exited':
          if (outcome.fault !== undefined)
            writeAll(2, Buffer.from(`chorus exec: ${file}: ${outcome.fault}\n`));
          // The guest's status is the command's.
          throw new CommandExit(outcome.status);
      }
    });
}
