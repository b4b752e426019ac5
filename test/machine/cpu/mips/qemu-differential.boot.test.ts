// Differential tests of the MIPS CPU and the `chorus exec` shim against qemu-user: small
// freestanding C programs (programs/*.c, compiled here with clang for both byte orders) and the
// project's userland binaries (subsystems/mix/userland/bin/mips and mipsel) run under qemu-mips /
// qemu-mipsel and under chorus exec; stdout and exit status must be equal.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execElf } from '../../../../src/exec/index.ts';
import { decideOracles, describeWithOracles } from '../../../support/oracles.ts';
import { REPO_ROOT } from '../../../support/run-cli.ts';
import { clangArgs, type MipsFamily, runChorus, runQemu } from './support/guest.ts';

const FAMILIES: readonly MipsFamily[] = ['mips', 'mipsel'];
const PROGRAMS_DIR = join(REPO_ROOT, 'test/machine/cpu/mips/programs');
const PROGRAMS: readonly { name: string; args: string[] }[] = [
  { name: 'arith', args: [] },
  { name: 'memory', args: [] },
  { name: 'args', args: ['one', 'two words', ''] },
  { name: 'fault', args: [] },
];

describeWithOracles(
  ['clang', 'ld.lld', 'qemu-mips', 'qemu-mipsel'],
  'MIPS: C programs under qemu-user and chorus exec',
  () => {
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'chorus-mips-'));
      for (const family of FAMILIES) {
        for (const name of [...PROGRAMS.map((p) => p.name), 'divzero']) {
          const result = spawnSync(
            'clang',
            clangArgs(family, join(PROGRAMS_DIR, `${name}.c`), join(dir, `${name}.${family}`)),
            {
              encoding: 'utf8',
            },
          );
          if (result.status !== 0) throw new Error(`clang failed for ${name}.${family}: ${result.stderr}`);
        }
      }
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    for (const family of FAMILIES) {
      for (const { name, args } of PROGRAMS) {
        it(`MIPS vs qemu (${family}): ${name}.c prints the same and exits with the same status`, () => {
          const program = `./${name}.${family}`;
          const oracle = runQemu(family, dir, program, args);
          const ours = runChorus(dir, program, args);
          expect(ours.stdout).toBe(oracle.stdout);
          expect(ours.status).toBe(oracle.status);
          expect(ours.stdout.length).toBeGreaterThan(0);
        });
      }

      it(`MIPS vs qemu (${family}): division by zero traps (SIGFPE as Linux raises for code 7; qemu 7 says SIGTRAP)`, () => {
        const program = `./divzero.${family}`;
        const oracle = runQemu(family, dir, program, []);
        const ours = runChorus(dir, program, []);
        expect(ours.stdout).toBe(oracle.stdout);
        expect(ours.stdout).toBe('dividing\n');
        expect(ours.status).toBe(128 + 8);
      });
    }
  },
);

// The userland's own test programs, and its utilities on a small text file. Every built test
// runs under chorus exec (which forks, pipes, execs and signals like a small Linux) and must
// print its .expected output and exit 0, and must agree with qemu-user. Each test is copied
// into a scratch directory and run as ./NAME, because `process` execs argv[0] and chorus exec
// only reaches files under its start directory; /bin (for system()) is the userland of the
// same family (ExecOptions.binDirectory), where qemu's guest gets the host's /bin/sh.
const USERLAND = join(REPO_ROOT, 'subsystems/mix/userland/bin');
const USERLAND_TESTS = join(REPO_ROOT, 'subsystems/mix/userland/tests');
/** Guest tests that execve a guest binary: under qemu that needs the kernel's binfmt_misc entry. */
const EXECS_GUESTS = new Set(['process']);

/** Like runChorus, with the family's userland as the guest's /bin. */
function runChorusWithBin(
  family: MipsFamily,
  cwd: string,
  program: string,
): { stdout: string; status: number } {
  let stdout = '';
  const decoder = new TextDecoder();
  const outcome = execElf({
    image: readFileSync(join(cwd, program)),
    argv: [program],
    directory: cwd,
    binDirectory: join(USERLAND, family),
    maxCycles: 1_000_000_000,
    streams: {
      stdout: (bytes) => {
        stdout += decoder.decode(bytes, { stream: true });
      },
      stderr: () => {},
      stdin: () => new Uint8Array(0),
    },
  });
  if (outcome.kind !== 'exited') throw new Error(`chorus exec did not finish: ${JSON.stringify(outcome)}`);
  return { stdout, status: outcome.status };
}
const UTILITY_RUNS: readonly { program: string; args: string[]; input?: string }[] = [
  { program: 'echo', args: ['hello', 'world'] },
  { program: 'echo', args: ['-n', 'no newline'] },
  { program: 'true', args: [] },
  { program: 'false', args: [] },
  { program: 'cat', args: ['text.txt'] },
  { program: 'cat', args: [], input: 'from stdin\n' },
  { program: 'wc', args: ['text.txt'] },
  { program: 'head', args: ['-n', '2', 'text.txt'] },
  { program: 'tail', args: ['-n', '2', 'text.txt'] },
  { program: 'sort', args: ['text.txt'] },
  { program: 'uniq', args: ['text.txt'] },
  { program: 'grep', args: ['an', 'text.txt'] },
  { program: 'test', args: ['-f', 'text.txt'] },
  { program: 'test', args: ['3', '-gt', '4'] },
  { program: 'hexdump', args: ['text.txt'] },
  { program: 'cat', args: ['missing.txt'] },
  { program: 'ls', args: [] },
  { program: 'printf', args: ['%d-%s\n', '42', 'x'] },
  { program: 'env', args: [] },
  { program: 'uname', args: ['-s'] },
  { program: 'sh', args: ['-c', 'echo one; x=2; echo $x; true && echo and'] },
];

describeWithOracles(
  ['qemu-mips', 'qemu-mipsel'],
  'MIPS: userland binaries under qemu-user and chorus exec',
  () => {
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'chorus-userland-'));
      writeFileSync(join(dir, 'text.txt'), 'banana\napple\napple\ncherry\nmango\n');
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    for (const family of FAMILIES) {
      const bin = join(USERLAND, family);
      const tests = existsSync(join(bin, 'tests'))
        ? readdirSync(join(bin, 'tests'))
            .filter((name) => (statSync(join(bin, 'tests', name)).mode & 0o111) !== 0)
            .sort()
        : [];
      for (const test of tests) {
        const expectedFile = join(USERLAND_TESTS, `${test}.expected`);
        it(`MIPS exec (${family}): userland test ${test} prints its expected output and exits 0`, () => {
          const scratch = mkdtempSync(join(dir, `${family}-${test}-`));
          copyFileSync(join(bin, 'tests', test), join(scratch, test));
          const ours = runChorusWithBin(family, scratch, `./${test}`);
          expect(ours.stdout).toBe(readFileSync(expectedFile, 'utf8'));
          expect(ours.status).toBe(0);
        });
        const binfmt = `/proc/sys/fs/binfmt_misc/qemu-${family}`;
        const decision = EXECS_GUESTS.has(test)
          ? decideOracles([binfmt], { env: process.env, has: existsSync })
          : undefined;
        const title = `MIPS vs qemu (${family}): userland test ${test} gives the same output and status`;
        if (decision?.kind === 'skip') {
          it.skip(`${title} [${decision.reason}]`, () => {});
          continue;
        }
        it(title, () => {
          if (decision?.kind === 'fail') throw new Error(decision.reason);
          const scratch = mkdtempSync(join(dir, `${family}-${test}-`));
          copyFileSync(join(bin, 'tests', test), join(scratch, test));
          const oracle = runQemu(family, scratch, `./${test}`, []);
          const ours = runChorusWithBin(family, scratch, `./${test}`);
          expect(ours.stdout).toBe(oracle.stdout);
          expect(ours.status).toBe(oracle.status);
        });
      }
      it(`MIPS exec (${family}): every userland test source has a built binary run here`, () => {
        const sources = readdirSync(USERLAND_TESTS)
          .filter((name) => name.endsWith('.expected'))
          .map((name) => name.slice(0, -'.expected'.length))
          .sort();
        expect(sources.length).toBeGreaterThanOrEqual(15);
        expect(tests).toEqual(sources);
      });
      for (const { program, args, input } of UTILITY_RUNS) {
        const path = join(bin, program);
        const title = `MIPS vs qemu (${family}): ${program} ${args.join(' ')}${input ? ' < input' : ''} agrees`;
        it(title, () => {
          const oracle = runQemu(family, dir, path, args, input);
          const ours = runChorus(dir, path, args, input);
          expect(ours.stdout).toBe(oracle.stdout);
          expect(ours.status).toBe(oracle.status);
        });
      }
    }
  },
);
