// What the userland tests share: where the built guest binaries are, the families with the
// qemu-user binary and pinned CPU model that run each, scratch directories, and running one
// guest program under qemu. CHORUS_USERLAND_BIN=<dir> points the tests at another build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import { whichTool } from '../../../support/oracles.ts';

export const USERLAND = resolve(import.meta.dirname, '../../../../subsystems/mix/userland');
export const BIN_ROOT = process.env.CHORUS_USERLAND_BIN ?? join(USERLAND, 'bin');

export type GuestFamily = readonly [family: string, qemu: string, cpu: string];

/**
 * Family directory under bin/, the qemu-user binary that runs it, and the CPU model it is pinned
 * to, so that an instruction the family's baseline lacks (ARMv7 in the ARMv5TE build, SSE in the
 * i686 build...) fails here rather than on this project's CPUs.
 */
export const PROGRAM_FAMILIES: readonly GuestFamily[] = [
  ['mips', 'qemu-mips', '24Kc'],
  ['mipsel', 'qemu-mipsel', '24Kc'],
  ['arm', 'qemu-arm', 'arm926'],
  ['ppc', 'qemu-ppc', '750'],
  ['sparc', 'qemu-sparc', 'TI-SuperSparc-II'],
  ['x86', 'qemu-i386', 'pentium2'],
];

/** The program families plus armv7, which builds only the guest tests (as ARMv7-A code). */
export const TEST_FAMILIES: readonly GuestFamily[] = [
  ...PROGRAM_FAMILIES.slice(0, 3),
  ['armv7', 'qemu-arm', 'cortex-a8'],
  ...PROGRAM_FAMILIES.slice(3),
];

export interface GuestResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Returns a function that makes a fresh scratch directory named `chorus-<prefix>-...`; all of
 * them are removed after the test file. Call it at the top level of a test file.
 */
export function scratchDirectories(prefix: string): () => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `chorus-${prefix}-`));
    dirs.push(dir);
    return dir;
  };
}

/**
 * Runs bin/<family>/<program> under qemu in `cwd`, with the family's bin directory as the guest's
 * PATH (so qemu itself is found by its absolute host path).
 */
export function runUnderQemu(
  [family, qemu, cpu]: GuestFamily,
  cwd: string,
  argv: readonly string[],
  stdin = '',
): GuestResult {
  const [program, ...args] = argv;
  const result = spawnSync(
    whichTool(qemu) ?? qemu,
    ['-cpu', cpu, join(BIN_ROOT, family, program ?? ''), ...args],
    {
      cwd,
      input: stdin,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: join(BIN_ROOT, family), HOME: cwd },
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** binfmt_misc entry that lets the host kernel run this family's binaries (none for i386). */
export function binfmtEntry(qemu: string): string | undefined {
  return qemu === 'qemu-i386' ? undefined : `/proc/sys/fs/binfmt_misc/${qemu}`;
}

/** Whether a guest program of this family can execve another one on this host. */
export function canExecGuests(qemu: string): boolean {
  const entry = binfmtEntry(qemu);
  return entry === undefined || existsSync(entry);
}
