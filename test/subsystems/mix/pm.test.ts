// The MiX process manager's first slice: the userland's guest tests that need no files run as
// the first process under the PM on the default MIPS site and print exactly their expected
// output, exiting 0; a run is a function of its seed; an unknown call is ENOSYS, logged once.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../../machine/index.ts';
import { bootSite, runSite } from '../../../nucleus/index.ts';
import { DEFAULT_BOARD } from '../../../src/site/default-site.ts';
import { CALL_TABLE, type PmProbe, pmBoot } from '../../../subsystems/mix/index.ts';

const userland = new URL('../../../subsystems/mix/userland/', import.meta.url);
const UP = 'pm: process manager up\n';
/** The default board with little-endian CPUs, for the mipsel build of the userland. */
const LITTLE_BOARD = { ...DEFAULT_BOARD, family: 'mipsel', endianness: 'little' } as const;

/** Boots the default site with the PM running `file` as pid 1; returns the console and the PM. */
function runUnderPm(file: Uint8Array, seed = 1, limit = 2_000_000_000, little = false) {
  const board = buildBoard(little ? LITTLE_BOARD : DEFAULT_BOARD, { seed });
  let console = '';
  board.uart('console').onOutput = (bytes) => {
    console += Buffer.from(bytes).toString('utf8');
  };
  const probe: PmProbe = { state: undefined };
  const site = bootSite(board, { seed, ...pmBoot({ first: { name: 'init', file } }, probe) });
  const stop = runSite(site, limit);
  const table = probe.state!.table;
  return {
    stop,
    console,
    /** What the processes wrote: the console after the PM's start line. */
    output: console.slice(console.indexOf(UP) + UP.length),
    first: table.get(1),
    table,
    site,
    hash: board.machine.eventHash,
  };
}

const test = (name: string, family = 'mips') =>
  new Uint8Array(readFileSync(new URL(`bin/${family}/tests/${name}`, userland)));

describe('PM: userland guest tests run under the process manager', () => {
  // stdio_format needs files (fopen) and jumps needs signal delivery (raise): later slices.
  for (const name of ['int64', 'string_ctype', 'memory', 'time']) {
    it(`PM: "${name}" prints its expected output and exits 0`, () => {
      const r = runUnderPm(test(name));
      expect(r.stop.kind).toBe('idle');
      expect(r.console).toContain(UP);
      expect(r.output).toBe(readFileSync(new URL(`tests/${name}.expected`, userland), 'utf8'));
      expect(r.first?.state).toBe('zombie');
      expect(r.first?.status).toBe(0);
      expect(r.site.nucleus.faults).toEqual([]);
    });
  }
});

describe('PM: a little-endian site', () => {
  for (const name of ['memory', 'time']) {
    it(`PM: the mipsel "${name}" prints its expected output and exits 0 (words in the guest's order)`, () => {
      const r = runUnderPm(test(name, 'mipsel'), 1, 2_000_000_000, true);
      expect(r.stop.kind).toBe('idle');
      expect(r.output).toBe(readFileSync(new URL(`tests/${name}.expected`, userland), 'utf8'));
      expect(r.first?.status).toBe(0);
    });
  }
});

describe('PM: fork and wait4', () => {
  // The userland's "process" test forks and reaps five children, kills a child looping on
  // pause() with SIGTERM, then execs its own argv[0]: a first process loaded by the nucleus has
  // no arguments, so that is execve(NULL), EFAULT. Without the image server it has no files
  // either (files.test.ts runs with one): its first fopen gives it NULL, and using that kills it
  // with SIGSEGV. Its own output stays in its stdio buffer (not a terminal), but the children's
  // output and the process table show fork, wait4 and kill at work.
  const r = runUnderPm(test('process'), 1, 150_000_000);

  it("PM: a forked child runs from its parent's context and sees its parent's pid", () => {
    expect(r.output).toContain("ok - child sees its parent's pid\n");
    expect(r.output).toContain('ok - waitpid returns the child\n');
  });

  it('PM: wait4 reaps every child, the one killed by SIGTERM too', () => {
    expect(r.output).toContain('ok - child killed by SIGTERM\n');
    expect(r.table.all().map((p) => [p.pid, p.ppid, p.state, p.status])).toEqual([[1, 0, 'zombie', 11]]);
  });

  it('PM: execve of a NULL path is EFAULT, in the child that tried it', () => {
    expect(r.output).toContain('execve failed: EFAULT\n');
  });
});

describe('PM: determinism and the call table', () => {
  it('PM: same seed, same console and event hash', () => {
    const a = runUnderPm(test('time'), 7);
    const b = runUnderPm(test('time'), 7);
    expect(a.console).toBe(b.console);
    expect(a.hash).toBe(b.hash);
  });

  it('PM: every call-table entry carries its POSIX name', () => {
    expect(CALL_TABLE.get(4004)?.name).toBe('write');
    expect(CALL_TABLE.get(4045)?.name).toBe('brk');
    expect(CALL_TABLE.get(4246)?.name).toBe('exit_group');
    for (const [number, entry] of CALL_TABLE) {
      expect(number).toBeGreaterThan(4000);
      expect(entry.name).toMatch(/^[a-z_0-9]+$/);
    }
  });
});
