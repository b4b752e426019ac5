// MiX signals under the process manager: the userland's guest tests for signals and
// setjmp/longjmp run as the first process on the default MIPS site and print their expected
// output: handlers on o32 frames returning through rt_sigreturn, masks and pending signals,
// SA_RESETHAND, SIGCHLD, alarm and pause, kill between processes, sigsuspend, SA_SIGINFO, and
// leaving a handler with siglongjmp; and signals from faults (the PM's exception handler).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../../machine/index.ts';
import { bootSite, runSite } from '../../../nucleus/index.ts';
import { DEFAULT_BOARD } from '../../../src/site/default-site.ts';
import { type PmProbe, pmBoot } from '../../../subsystems/mix/index.ts';

const userland = new URL('../../../subsystems/mix/userland/', import.meta.url);
const UP = 'pm: process manager up\n';

/** The default board with little-endian CPUs, for the mipsel build of the userland. */
const LITTLE_BOARD = { ...DEFAULT_BOARD, family: 'mipsel', endianness: 'little' } as const;

function runUnderPm(name: string, family = 'mips', limit = 2_000_000_000, at = userland) {
  const path = at === userland ? `bin/${family}/tests/${name}` : `${name}.mips`;
  const file = new Uint8Array(readFileSync(new URL(path, at)));
  const board = buildBoard(family === 'mipsel' ? LITTLE_BOARD : DEFAULT_BOARD, { seed: 1 });
  let console = '';
  board.uart('console').onOutput = (bytes) => {
    console += Buffer.from(bytes).toString('utf8');
  };
  const probe: PmProbe = { state: undefined };
  const site = bootSite(board, { seed: 1, ...pmBoot({ first: { name: 'init', file } }, probe) });
  const stop = runSite(site, limit);
  return {
    stop,
    output: console.slice(console.indexOf(UP) + UP.length),
    first: probe.state!.table.get(1),
    site,
  };
}

const expected = (name: string) => readFileSync(new URL(`tests/${name}.expected`, userland), 'utf8');

describe('PM signals: userland guest tests', () => {
  for (const name of ['jumps', 'signals']) {
    it(`PM: "${name}" prints its expected output and exits 0`, () => {
      const r = runUnderPm(name);
      expect(r.output).toBe(expected(name));
      expect(r.stop.kind).toBe('idle');
      expect(r.first?.state).toBe('zombie');
      expect(r.first?.status).toBe(0);
      expect(r.site.nucleus.faults).toEqual([]);
    });
  }

  it('PM: "faults": a bad store kills a child with SIGSEGV; a handler sees si_addr and leaves by siglongjmp', () => {
    const r = runUnderPm('faults');
    expect(r.output).toBe(expected('faults'));
    expect(r.stop.kind).toBe('idle');
    expect(r.first?.status).toBe(0);
    // Every fault went to the PM's exception handler: the child's store at 16 (it died of
    // SIGSEGV), three stores near 0x3000 and a NULL load that the first process's handler took.
    const where = (f: { detail: string }) => /address (0x[0-9a-f]+)/.exec(f.detail)?.[1];
    expect(r.site.nucleus.faults.map((f) => [f.actor, where(f)])).toEqual([
      ['pid1-child', '0x00000010'],
      ['init', '0x00003000'],
      ['init', '0x00003008'],
      ['init', '0x00003010'],
      ['init', '0x00000000'],
    ]);
  });
});

describe('PM signals: a little-endian site', () => {
  // The frame's 64-bit register slots and the siginfo words are laid out in the guest's order.
  for (const name of ['jumps', 'signals', 'faults']) {
    it(`PM: the mipsel "${name}" prints its expected output and exits 0`, () => {
      const r = runUnderPm(name, 'mipsel');
      expect(r.output).toBe(expected(name));
      expect(r.stop.kind).toBe('idle');
      expect(r.first?.status).toBe(0);
    });
  }
});

describe('PM signals: the other exceptions, EINTR and SIGKILL (programs/traps.c)', () => {
  const r = runUnderPm('traps', 'mips', 2_000_000_000, new URL('programs/', import.meta.url));

  it('PM: each check of traps.c passes and it exits 0', () => {
    expect(r.output).toBe(
      [
        'ok - a reserved instruction kills with SIGILL',
        'ok - break kills with SIGTRAP',
        'ok - a misaligned load kills with SIGBUS',
        'ok - a signed add overflow kills with SIGFPE',
        'ok - a SIGFPE handler gets si_code FPE_INTOVF (2)',
        'ok - a SIGBUS handler gets the misaligned address',
        'ok - an alarm interrupts nanosleep: EINTR',
        'ok - SIGKILL ends a child blocked in pause',
        'PASSED: 0 failures',
        '',
      ].join('\n'),
    );
    expect(r.stop.kind).toBe('idle');
    expect(r.first?.status).toBe(0);
  });
});
