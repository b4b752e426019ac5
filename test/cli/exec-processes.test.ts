// chorus exec as a small multi-process Linux: hand-assembled MIPS guests (no compiler needed)
// fork, wait, pipe, kill, sleep and take faults, and the project's own userland shell runs a
// pipeline through execve of /bin programs. Runs in-process through execElf.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ExecOutcome, execElf } from '../../src/exec/index.ts';
import * as a from '../machine/cpu/mips/support/asm.ts';
import { makeElf } from '../machine/elf/make-elf.ts';
import { REPO_ROOT } from '../support/run-cli.ts';

type Item = number | string | ((at: number, labels: ReadonlyMap<string, number>) => number);

/** Words from instructions and labels; a function item is a branch resolved against the labels. */
function assemble(items: readonly Item[]): number[] {
  const labels = new Map<string, number>();
  let at = 0;
  for (const item of items) {
    if (typeof item === 'string') labels.set(item, at);
    else at++;
  }
  const words: number[] = [];
  for (const item of items) {
    if (typeof item === 'number') words.push(item);
    else if (typeof item === 'function') words.push(item(words.length, labels));
  }
  return words;
}

/** A branch to `label` (offset counted from the delay slot), followed by its delay slot. */
const branch = (make: (offset: number) => number, label: string): Item[] => [
  (at, labels) => make(labels.get(label)! - (at + 1)),
  a.nop(),
];
const sys = (number: number): number[] => [a.addiu(a.V0, a.ZERO, number), a.syscall()];
const exit = (code: number): number[] => [a.addiu(a.A0, a.ZERO, code), ...sys(4001)];
/** wait4(pid in t0 or -1, sp - 16, 0, 0); exit(status transformed by `last`). */
const waitAndExit = (anyChild: boolean, last: number): number[] => [
  anyChild ? a.addiu(a.A0, a.ZERO, -1) : a.addu(a.A0, a.T0, a.ZERO),
  a.addiu(a.A1, a.SP, -16),
  a.addiu(a.A2, a.ZERO, 0),
  a.addiu(a.A3, a.ZERO, 0),
  ...sys(4114),
  a.lw(a.A0, -16, a.SP),
  last,
  ...sys(4001),
];

const CODE = 0x400000;
const HI_LE = 0x000a6968; // "hi\n\0" as a little-endian word

/**
 * A SIGUSR1 handler installed with `flags`; the parent blocks reading a pipe, the child sends
 * it SIGUSR1, sleeps 1 ms, writes one byte and exits; the parent exits with 20 + read's v0
 * (21 when read was restarted and got the byte, 24 when it failed with EINTR).
 */
function interruptedRead(flags: number): number[] {
  return assemble([
    a.addiu(a.A0, a.SP, -8),
    a.addiu(a.A1, a.ZERO, 0),
    ...sys(4328),
    a.lui(a.T0, flags >>> 16),
    a.sw(a.T0, -48, a.SP),
    a.lui(a.T0, CODE >>> 16),
    (_at, labels) => a.ori(a.T0, a.T0, (CODE + 4 * labels.get('handler')!) & 0xffff),
    a.sw(a.T0, -44, a.SP),
    a.sw(a.ZERO, -40, a.SP),
    a.sw(a.ZERO, -36, a.SP),
    a.addiu(a.A0, a.ZERO, 16),
    a.addiu(a.A1, a.SP, -48),
    a.addiu(a.A2, a.ZERO, 0),
    a.addiu(a.A3, a.ZERO, 16),
    ...sys(4194),
    ...sys(4002),
    ...branch((o) => a.bne(a.V0, a.ZERO, o), 'parent'),
    ...sys(4064),
    a.addu(a.A0, a.V0, a.ZERO),
    a.addiu(a.A1, a.ZERO, 16),
    ...sys(4037),
    a.sw(a.ZERO, -24, a.SP),
    a.lui(a.T0, 0xf),
    a.ori(a.T0, a.T0, 0x4240), // 1 000 000 ns
    a.sw(a.T0, -20, a.SP),
    a.addiu(a.A0, a.SP, -24),
    a.addiu(a.A1, a.ZERO, 0),
    ...sys(4166),
    a.lw(a.A0, -4, a.SP),
    a.addiu(a.A1, a.SP, -8),
    a.addiu(a.A2, a.ZERO, 1),
    ...sys(4004),
    ...exit(0),
    'parent',
    a.lw(a.A0, -8, a.SP),
    a.addiu(a.A1, a.SP, -64),
    a.addiu(a.A2, a.ZERO, 16),
    ...sys(4003),
    a.addiu(a.A0, a.V0, 20),
    ...sys(4001),
    'handler',
    a.jr(a.RA),
    a.nop(),
  ]);
}

const PROGRAMS = {
  // fork; the child exits 7; the parent exits with the child's WEXITSTATUS
  forkWait: assemble([
    ...sys(4002),
    ...branch((o) => a.bne(a.V0, a.ZERO, o), 'parent'),
    ...exit(7),
    'parent',
    ...waitAndExit(true, a.srl(a.A0, a.A0, 8)),
  ]),
  // the child stores to address 0; the parent exits with WTERMSIG
  childFault: assemble([
    ...sys(4002),
    ...branch((o) => a.bne(a.V0, a.ZERO, o), 'parent'),
    a.sw(a.ZERO, 0, a.ZERO),
    ...exit(0),
    'parent',
    ...waitAndExit(true, a.andi(a.A0, a.A0, 0x7f)),
  ]),
  // pipe2; the parent reads first (and blocks) while the child writes "hi\n" and exits; the
  // parent copies it to stdout, closes its write end, reads EOF and exits 10 + that count
  pipe: assemble([
    a.addiu(a.A0, a.SP, -8),
    a.addiu(a.A1, a.ZERO, 0),
    ...sys(4328),
    ...sys(4002),
    ...branch((o) => a.bne(a.V0, a.ZERO, o), 'parent'),
    a.lw(a.A0, -4, a.SP),
    a.lui(a.A1, CODE >>> 16),
    (_at, labels) => a.ori(a.A1, a.A1, (CODE + 4 * labels.get('message')!) & 0xffff),
    a.addiu(a.A2, a.ZERO, 3),
    ...sys(4004),
    ...exit(0),
    'parent',
    a.lw(a.A0, -8, a.SP),
    a.addiu(a.A1, a.SP, -64),
    a.addiu(a.A2, a.ZERO, 16),
    ...sys(4003),
    a.addu(a.A2, a.V0, a.ZERO),
    a.addiu(a.A0, a.ZERO, 1),
    a.addiu(a.A1, a.SP, -64),
    ...sys(4004),
    a.lw(a.A0, -4, a.SP),
    ...sys(4006),
    a.lw(a.A0, -8, a.SP),
    a.addiu(a.A1, a.SP, -64),
    a.addiu(a.A2, a.ZERO, 16),
    ...sys(4003),
    a.addiu(a.A0, a.V0, 10),
    ...sys(4001),
    'message',
    HI_LE,
  ]),
  // a read from its own pipe while holding the write end: nothing can ever wake it
  deadlock: assemble([
    a.addiu(a.A0, a.SP, -8),
    a.addiu(a.A1, a.ZERO, 0),
    ...sys(4328),
    a.lw(a.A0, -8, a.SP),
    a.addiu(a.A1, a.SP, -64),
    a.addiu(a.A2, a.ZERO, 16),
    ...sys(4003),
    ...exit(0),
  ]),
  // alarm(2); pause(): SIGALRM's default action ends the process
  alarm: assemble([a.addiu(a.A0, a.ZERO, 2), ...sys(4027), ...sys(4029), ...exit(0)]),
  // the child pauses forever; the parent sends SIGTERM and exits with WTERMSIG
  kill: assemble([
    ...sys(4002),
    ...branch((o) => a.bne(a.V0, a.ZERO, o), 'parent'),
    'child',
    ...sys(4029),
    ...branch((o) => a.beq(a.ZERO, a.ZERO, o), 'child'),
    'parent',
    a.addu(a.T0, a.V0, a.ZERO),
    a.addu(a.A0, a.T0, a.ZERO),
    a.addiu(a.A1, a.ZERO, 15),
    ...sys(4037),
    ...waitAndExit(false, a.andi(a.A0, a.A0, 0x7f)),
  ]),
  // a SIGSEGV handler (SA_SIGINFO) edits the frame: sc_regs[4] = si_addr + 20, sc_pc += 4, so
  // after rt_sigreturn the faulting store is skipped and exit(a0) reports 16 + 20
  faultHandler: assemble([
    a.addiu(a.T0, a.ZERO, 8), // SA_SIGINFO
    a.sw(a.T0, -32, a.SP),
    a.lui(a.T0, CODE >>> 16),
    (_at, labels) => a.ori(a.T0, a.T0, (CODE + 4 * labels.get('handler')!) & 0xffff),
    a.sw(a.T0, -28, a.SP),
    a.sw(a.ZERO, -24, a.SP),
    a.sw(a.ZERO, -20, a.SP),
    a.addiu(a.A0, a.ZERO, 11),
    a.addiu(a.A1, a.SP, -32),
    a.addiu(a.A2, a.ZERO, 0),
    a.addiu(a.A3, a.ZERO, 16),
    ...sys(4194),
    a.addiu(a.T1, a.ZERO, 16),
    a.sw(a.ZERO, 0, a.T1),
    ...sys(4001),
    'handler',
    a.lw(a.T0, 12, a.A1), // si_addr
    a.addiu(a.T0, a.T0, 20),
    a.sw(a.T0, 24 + 16 + 8 * 4, a.A2), // uc_mcontext.sc_regs[4], low word (little-endian)
    a.lw(a.T1, 24 + 8, a.A2), // uc_mcontext.sc_pc
    a.addiu(a.T1, a.T1, 4),
    a.sw(a.T1, 24 + 8, a.A2),
    a.jr(a.RA),
    a.nop(),
  ]),
  // fork until fork fails (children pause forever), then exit with the errno (EAGAIN, 11)
  forkLimit: assemble([
    'again',
    ...sys(4002),
    ...branch((o) => a.bne(a.A3, a.ZERO, o), 'failed'),
    ...branch((o) => a.bne(a.V0, a.ZERO, o), 'again'),
    'child',
    ...sys(4029),
    ...branch((o) => a.beq(a.ZERO, a.ZERO, o), 'child'),
    'failed',
    a.addu(a.A0, a.V0, a.ZERO),
    ...sys(4001),
  ]),
  // nanosleep({3, 0}) then exit 0
  sleep: assemble([
    a.addiu(a.T0, a.ZERO, 3),
    a.sw(a.T0, -8, a.SP),
    a.sw(a.ZERO, -4, a.SP),
    a.addiu(a.A0, a.SP, -8),
    a.addiu(a.A1, a.ZERO, 0),
    ...sys(4166),
    ...exit(0),
  ]),
};

function run(words: readonly number[], extra: Partial<Parameters<typeof execElf>[0]> = {}) {
  let stdout = '';
  const outcome: ExecOutcome = execElf({
    image: makeElf({ endianness: 'little', words: [...words] }),
    argv: ['guest'],
    directory: tmpdir(),
    maxCycles: 2_000_000_000,
    streams: {
      stdout: (bytes) => {
        stdout += Buffer.from(bytes).toString();
      },
      stderr: () => {},
      stdin: () => new Uint8Array(0),
    },
    ...extra,
  });
  return { outcome, stdout };
}

const status = (outcome: ExecOutcome) => (outcome.kind === 'exited' ? outcome.status : outcome.kind);
const SECOND = 100_000_000; // cycles at the exec CPU's nominal 100 MHz

describe('chorus exec: processes', () => {
  it('EXEC processes: fork, then wait4 returns the child exit status (7)', () => {
    expect(status(run(PROGRAMS.forkWait).outcome)).toBe(7);
  });

  it('EXEC processes: a child killed by a fault shows as WTERMSIG SIGSEGV (11) to its parent', () => {
    expect(status(run(PROGRAMS.childFault).outcome)).toBe(11);
  });

  it('EXEC processes: a pipe read blocks until the other process writes, then gives EOF when no writer is left', () => {
    const { outcome, stdout } = run(PROGRAMS.pipe);
    expect(stdout).toBe('hi\n');
    expect(status(outcome)).toBe(10);
  });

  it('EXEC processes: the interleaving is deterministic (same output and cycle count twice)', () => {
    const first = run(PROGRAMS.pipe);
    const second = run(PROGRAMS.pipe);
    expect(second).toEqual(first);
    expect(first.outcome.kind === 'exited' && first.outcome.cycles).toBeGreaterThan(0);
  });

  it('EXEC processes: every process blocked with no timer ends the run as a deadlock (status 1)', () => {
    const { outcome } = run(PROGRAMS.deadlock);
    expect(outcome).toMatchObject({ kind: 'exited', status: 1, fault: expect.stringMatching(/deadlock/) });
  });

  it('EXEC processes: alarm(2) then pause: SIGALRM kills at 2 simulated seconds (128 + 14)', () => {
    const { outcome } = run(PROGRAMS.alarm);
    expect(outcome).toMatchObject({ kind: 'exited', status: 128 + 14, fault: 'killed by SIGALRM' });
    const cycles = outcome.kind === 'exited' ? outcome.cycles : 0;
    expect(cycles).toBeGreaterThanOrEqual(2 * SECOND);
    expect(cycles).toBeLessThan(2 * SECOND + 1_000_000);
  });

  it('EXEC processes: kill(child, SIGTERM) ends a child blocked in pause (WTERMSIG 15)', () => {
    expect(status(run(PROGRAMS.kill).outcome)).toBe(15);
  });

  it('EXEC processes: a fault handler gets si_addr and a Linux o32 frame whose edited sc_pc and registers rt_sigreturn restores', () => {
    expect(status(run(PROGRAMS.faultHandler).outcome)).toBe(16 + 20);
  });

  it('EXEC processes: fork fails with EAGAIN once 64 processes exist (no host exhaustion)', () => {
    expect(status(run(PROGRAMS.forkLimit).outcome)).toBe(11);
  });

  it('EXEC processes: a signal interrupts a blocked read with EINTR, or restarts it under SA_RESTART', () => {
    expect(status(run(interruptedRead(0)).outcome)).toBe(20 + 4);
    expect(status(run(interruptedRead(0x10000000)).outcome)).toBe(20 + 1);
  });

  it('EXEC processes: nanosleep advances the simulated clock, not the host one', () => {
    const { outcome } = run(PROGRAMS.sleep);
    expect(outcome.kind === 'exited' && outcome.status).toBe(0);
    const cycles = outcome.kind === 'exited' ? outcome.cycles : 0;
    expect(cycles).toBeGreaterThanOrEqual(3 * SECOND);
    expect(cycles).toBeLessThan(3 * SECOND + 1_000_000);
  });

  it('EXEC processes: the userland sh runs a pipeline, execs /bin programs from --bin, and exits with its status', () => {
    const bin = join(REPO_ROOT, 'subsystems/mix/userland/bin/mipsel');
    let stdout = '';
    const outcome = execElf({
      image: readFileSync(join(bin, 'sh')),
      argv: ['sh', '-c', 'echo hello world | wc -w; echo a b | (read x y; echo $y); exit 4'],
      env: ['PATH=/bin'],
      directory: tmpdir(),
      binDirectory: bin,
      maxCycles: 500_000_000,
      streams: {
        stdout: (bytes) => {
          stdout += Buffer.from(bytes).toString();
        },
        stderr: () => {},
        stdin: () => new Uint8Array(0),
      },
    });
    expect(stdout).toBe('2\nb\n');
    expect(status(outcome)).toBe(4);
  });
});
