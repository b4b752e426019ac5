// MiX signals under the process manager: the userland's guest tests for signals and
// setjmp/longjmp run as the first process on the default MIPS site and print their expected
// output: handlers on o32 frames returning through rt_sigreturn, masks and pending signals,
// SA_RESETHAND, SIGCHLD, alarm and pause, kill between processes, sigsuspend, SA_SIGINFO, and
// leaving a handler with siglongjmp.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../../machine/index.ts';
import { bootSite, runSite } from '../../../nucleus/index.ts';
import { DEFAULT_BOARD } from '../../../src/site/default-site.ts';
import { type PmProbe, pmBoot } from '../../../subsystems/mix/index.ts';

const userland = new URL('../../../subsystems/mix/userland/', import.meta.url);
const UP = 'pm: process manager up\n';

function runUnderPm(name: string, limit = 2_000_000_000) {
  const file = new Uint8Array(readFileSync(new URL(`bin/mips/tests/${name}`, userland)));
  const board = buildBoard(DEFAULT_BOARD, { seed: 1 });
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
});
