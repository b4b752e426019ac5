// Running one guest program both ways for differential tests: under qemu-user (the oracle) and
// under `chorus exec`'s engine in-process, capturing stdout and the exit status (128 + host
// signal number when the guest died of a signal, as a shell reports it).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { execElf } from '../../../../../src/exec/index.ts';

export type MipsFamily = 'mips' | 'mipsel';

export interface GuestRun {
  readonly stdout: string;
  readonly status: number;
}

/** clang flags for freestanding MIPS32r2 programs (see the project's toolchain notes). */
export function clangArgs(family: MipsFamily, source: string, output: string): string[] {
  return [
    '-O2',
    '-ffreestanding',
    '-fno-builtin',
    '-nostdlib',
    '-static',
    '-fno-pic',
    `--target=${family}-linux-gnu`,
    '-march=mips32r2',
    '-mno-abicalls',
    '-G0',
    '-fuse-ld=lld',
    source,
    '-o',
    output,
  ];
}

/** Runs `program` (a path relative to `cwd`, e.g. "./args.mips") under qemu-<family> -cpu 24Kc. */
export function runQemu(
  family: MipsFamily,
  cwd: string,
  program: string,
  args: readonly string[],
  input = '',
): GuestRun {
  const result = spawnSync(`qemu-${family}`, ['-cpu', '24Kc', program, ...args], {
    cwd,
    env: {},
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const signal = result.signal ? constants.signals[result.signal] : undefined;
  return { stdout: result.stdout, status: result.status ?? 128 + (signal ?? 0) };
}

/** Runs the same program under chorus exec's engine with the same argv and start directory. */
export function runChorus(cwd: string, program: string, args: readonly string[], input = ''): GuestRun {
  let stdout = '';
  let pending = Buffer.from(input);
  const decoder = new TextDecoder();
  const outcome = execElf({
    image: readFileSync(resolve(cwd, program)),
    argv: [program, ...args],
    directory: cwd,
    maxCycles: 500_000_000,
    streams: {
      stdout: (bytes) => {
        stdout += decoder.decode(bytes, { stream: true });
      },
      stderr: () => {},
      stdin: (max) => {
        const chunk = pending.subarray(0, max);
        pending = pending.subarray(chunk.length);
        return chunk;
      },
    },
  });
  if (outcome.kind !== 'exited') throw new Error(`chorus exec did not finish: ${JSON.stringify(outcome)}`);
  return { stdout, status: outcome.status };
}
