// Virtual memory costs (docs/vm.md): page faults of guest code and rgnDup, on a 1-CPU MIPS site.
// test/nucleus/programs/touch.c, a user actor, asks a native controller what to do, makes one
// region of N fresh pages and touches one word of each (one fault per page):
//   - resident: anonymous memory, each fault a zero fill made by the nucleus at once;
//   - copy-on-write: after those pages are written, touch.c rgnDups itself into a new actor and
//     writes each page again, so each fault copies a page (cost: this run minus the resident
//     one, per page);
//   - via a mapper: a window of a segment served by a native mapper (serveMapper), each fault a
//     MpPullIn round trip on which the faulting thread blocks;
//   - rgnDup: once touch.c has its N pages resident, the controller (a native actor) duplicates
//     its address space into a new actor before replying.
//
// The table's rate is faults (or duplicated pages) per host second, boot and the rest of the
// run included. The name carries the simulated cost in CPU busy cycles, measured as differences
// of runs so that boot and the program's own calls are not counted: per fault, (run with N2
// pages - run with N1 pages) / (N2 - N1); per duplicated page, that difference with the rgnDup
// minus the same without it. Busy cycles, not the machine's cycle count: a run is over when the
// site is idle, and the cycle at which that is noticed does not follow the work done.
import { readFileSync } from 'node:fs';
import { buildBoard } from '../machine/index.ts';
import type { Capability, PulledIn, Request } from '../nucleus/index.ts';
import { api, bootSite, K_NOTIMEOUT, MP_READ, runSite, serveMapper } from '../nucleus/index.ts';
import { DEFAULT_BOARD } from '../src/site/default-site.ts';
import type { Benchmark } from './harness.ts';

const TOUCH = new Uint8Array(readFileSync(new URL('../test/nucleus/programs/touch.mips', import.meta.url)));
const CONTROLLER_STAMP = 4245;
const MAPPER_STAMP = 4246;
const PAGE = 4096;
const ANON = 1;
const MAPPED = 2;
const COW = 3;
/** Pages touched in the host-rate runs. */
const HOST_PAGES = 2_000;

const word = (annex: Uint8Array, i: number) =>
  new DataView(annex.buffer, annex.byteOffset, annex.byteLength).getUint32(4 * i, false);

/**
 * Boots a 1-CPU site where touch.c touches `pages` pages in `mode`; with `dup` the controller
 * rgnDups touch.c's actor into a new one once its pages are resident. Checks the sum touch.c
 * reports (every page was reached) and returns the CPU busy cycles of the run.
 */
function touchRun(mode: number, pages: number, dup: boolean): number {
  const board = buildBoard({ ...DEFAULT_BOARD, cpus: 1 }, { seed: 1 });
  let sum = -1;
  let dupResult: unknown = 'not asked';
  const controller = function* (): Generator<Request, void, unknown> {
    const self = (yield* api.actorSelf()) as Capability;
    const ui = (yield* api.uiBuild(CONTROLLER_STAMP)) as api.Ui;
    const port = (yield* api.portDeclare(self, ui)) as api.PortId;
    yield* api.ipcReceive(port.li, K_NOTIMEOUT);
    const order = new Uint8Array(8);
    new DataView(order.buffer).setUint32(0, mode, false);
    new DataView(order.buffer).setUint32(4, pages, false);
    yield* api.ipcReply({ annex: order });
    const done = yield* api.ipcReceive(port.li, K_NOTIMEOUT);
    if (typeof done !== 'number') sum = word(done.annex, 0);
    if (dup) {
      const touch = [...site.nucleus.actors.values()].find((a) => a.name === 'touch')!;
      const copy = (yield* api.actorCreate('user', 'copy')) as Capability;
      dupResult = yield* api.rgnDup(touch.cap, copy);
    }
    yield* api.ipcReply({});
  };
  const mapper = function* (): Generator<Request, number, unknown> {
    const self = (yield* api.actorSelf()) as Capability;
    const ui = (yield* api.uiBuild(MAPPER_STAMP)) as api.Ui;
    const port = (yield* api.portDeclare(self, ui)) as api.PortId;
    return yield* serveMapper(port.li, {
      MpPullIn(r): PulledIn {
        // The page's first word is its index; the rest of the page reads as zeroes.
        const data = new Uint8Array(4);
        new DataView(data.buffer).setUint32(0, r.offset / PAGE, false);
        return { access: MP_READ, data };
      },
    });
  };
  const site = bootSite(board, {
    seed: 1,
    actors: [
      {
        name: 'controller',
        kind: 'system',
        threads: [{ name: 'controller', priority: 10, body: controller }],
      },
      { name: 'mapper', kind: 'system', threads: [{ name: 'mapper', priority: 10, body: mapper }] },
    ],
    userActors: [{ name: 'touch', file: TOUCH, priority: 20 }],
  });
  const stop = runSite(site, Number.MAX_SAFE_INTEGER);
  if (stop.kind !== 'idle') throw new Error(`vm bench: site stopped with ${stop.kind}`);
  const expected = (pages * (pages - 1)) / 2;
  if (sum !== expected) throw new Error(`vm bench: touch.c reported ${sum}, expected ${expected}`);
  if (dup && dupResult !== 0) throw new Error(`vm bench: rgnDup returned ${String(dupResult)}`);
  const faults = site.nucleus.faults;
  if (faults.length > 0) throw new Error(`vm bench: ${faults[0]!.kind}: ${faults[0]!.detail}`);
  return board.machine.stats().cpus.reduce((a, c) => a + c.busyCycles, 0);
}

const N1 = 200;
const N2 = 400;

/** Busy cycles per page of `mode`, with or without the rgnDup: the slope between N1 and N2 pages. */
const slope = (mode: number, dup: boolean) => (touchRun(mode, N2, dup) - touchRun(mode, N1, dup)) / (N2 - N1);

function faultBenchmark(mode: number): Benchmark {
  const busy = Math.round(slope(mode, false));
  const what = mode === ANON ? 'resident (zero fill)' : 'via a native mapper (MpPullIn)';
  return {
    name: `vm: page fault ${what}, 1-CPU site (${busy} sim busy cycles per fault)`,
    unit: 'faults',
    run: () => {
      touchRun(mode, HOST_PAGES, false);
      return HOST_PAGES;
    },
  };
}

function copyOnWriteBenchmark(): Benchmark {
  const busy = Math.round(slope(COW, false) - slope(ANON, false));
  return {
    name: `vm: page fault copy-on-write after rgnDup, 1-CPU site (${busy} sim busy cycles per fault)`,
    unit: 'faults',
    run: () => {
      touchRun(COW, HOST_PAGES, false);
      return HOST_PAGES;
    },
  };
}

function dupBenchmark(): Benchmark {
  const busy = Math.round(slope(ANON, true) - slope(ANON, false));
  return {
    name: `vm: rgnDup of an actor with N resident pages, 1-CPU site (${busy} sim busy cycles per page)`,
    unit: 'pages',
    run: () => {
      touchRun(ANON, HOST_PAGES, true);
      return HOST_PAGES;
    },
  };
}

export const benchmarks: Benchmark[] = [
  faultBenchmark(ANON),
  copyOnWriteBenchmark(),
  faultBenchmark(MAPPED),
  dupBenchmark(),
];
