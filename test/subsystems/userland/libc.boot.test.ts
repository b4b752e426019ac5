// Guest test suite: every program in subsystems/mix/userland/tests/ (built into
// bin/<family>/tests/) runs under qemu-user for each family, in a fresh scratch directory,
// and must print exactly its .expected file and exit 0. The same binaries are the
// differential cases later issues run on this project's CPUs and under MiX.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { decideOracles, describeWithOracles } from '../../support/oracles.ts';
import { binfmtEntry, TEST_FAMILIES, USERLAND } from './support/qemu-guests.ts';

/** Guest tests that execve another guest binary, which needs the kernel's binfmt_misc entry. */
const EXECS_GUESTS = new Set(['process']);

const TESTS = readdirSync(join(USERLAND, 'tests'))
  .filter((file) => file.endsWith('.expected'))
  .map((file) => file.slice(0, -'.expected'.length))
  .sort();

const scratchDirs: string[] = [];
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

function runGuest(
  qemu: string,
  cpu: string,
  program: string,
): { status: number | null; stdout: string; stderr: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'chorus-libc-'));
  scratchDirs.push(cwd);
  const result = spawnSync(qemu, ['-cpu', cpu, program], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: '/bin:/usr/bin' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

it('LIBC: the guest test suite has expected outputs to check', () => {
  expect(TESTS.length).toBeGreaterThanOrEqual(12);
});

for (const [family, qemu, cpu] of TEST_FAMILIES) {
  describeWithOracles([qemu], `LIBC on ${family} under ${qemu} -cpu ${cpu}`, () => {
    for (const name of TESTS) {
      const entry = binfmtEntry(qemu);
      if (EXECS_GUESTS.has(name) && entry !== undefined) {
        // Same rule as the tool oracles: skip with the reason, or fail under
        // CHORUS_REQUIRE_ORACLES=1 (scripts/binfmt-qemu.sh registers the entries).
        const decision = decideOracles([entry], { env: process.env, has: existsSync });
        if (decision.kind === 'skip') {
          it.skip(`LIBC ${family}: guest test "${name}" [${decision.reason}]`, () => {});
          continue;
        }
        if (decision.kind === 'fail') {
          it(`LIBC ${family}: guest test "${name}" has binfmt_misc for ${qemu}`, () => {
            throw new Error(decision.reason);
          });
          continue;
        }
      }
      it(`LIBC ${family}: guest test "${name}" prints its expected output and exits 0`, () => {
        const program = join(USERLAND, 'bin', family, 'tests', name);
        expect(existsSync(program), `${program} is built`).toBe(true);
        const expected = readFileSync(join(USERLAND, 'tests', `${name}.expected`), 'utf8');
        const result = runGuest(qemu, cpu, program);
        expect(result.stdout).toBe(expected);
        expect(result.status, result.stderr).toBe(0);
      });
    }
  });
}
