// Nucleus IPC round trips (docs/ipc.md, "Costs"): a client thread makes ipcCall after ipcCall to a
// server thread that receives each request and replies with an empty message. Both are native
// threads in two system actors. On a 1-CPU site they share the CPU (each round trip is two
// context switches); on a 2-CPU site the scheduler puts the woken server on the idle CPU, so
// client and server run on different CPUs (checked below: both CPUs do work).
//
// The table's rate is round trips per host second. The benchmark's name carries the simulated
// cost of one round trip, measured once as the difference between two run lengths (so boot is not
// counted): `latency` is machine cycles from one call to the next, `busy` the cycles the CPUs
// spent (equal on one CPU; on two, idle waiting is in the latency but not in busy).
//
// Guest-to-native round trips: test/nucleus/programs/rpcbench.c, a user actor, makes null
// ipcCalls through <chorus.h> to a native server until a reply carries a body. Each round trip
// adds the guest's trap, the decoding of its descriptors and the copies through its address space.
import { readFileSync } from 'node:fs';
import { buildBoard } from '../machine/index.ts';
import type { Capability, Request } from '../nucleus/index.ts';
import { api, bootSite, K_NOTIMEOUT, runSite } from '../nucleus/index.ts';
import { DEFAULT_BOARD } from '../src/site/default-site.ts';
import type { Benchmark } from './harness.ts';

const ROUNDS = 10_000;

interface Cost {
  /** Machine cycles per round trip. */
  readonly latency: number;
  /** CPU busy cycles per round trip, over all CPUs. */
  readonly busy: number;
}

interface RunTotals {
  readonly cycle: number;
  readonly busy: number[];
  readonly replies: number;
}

/**
 * Boots a site with a server actor and a client actor; the client makes `rounds` calls carrying
 * `bodyBytes` bytes of request body. Returns the machine's totals after the run.
 */
function roundTrips(cpus: number, rounds: number, bodyBytes: number): RunTotals {
  const board = buildBoard({ ...DEFAULT_BOARD, cpus }, { seed: 1 });
  let server: api.PortId | undefined;
  const body = new Uint8Array(bodyBytes);
  const site = bootSite(board, {
    seed: 1,
    actors: [
      {
        name: 'server',
        kind: 'system',
        threads: [
          {
            name: 'server',
            priority: 10,
            body: function* (): Generator<Request, void, unknown> {
              const self = (yield* api.actorSelf()) as Capability;
              server = (yield* api.portCreate(self)) as api.PortId;
              for (let i = 0; i < rounds; i++) {
                yield* api.ipcReceive(server.li, K_NOTIMEOUT);
                yield* api.ipcReply({});
              }
            },
          },
        ],
      },
      {
        name: 'client',
        kind: 'system',
        threads: [
          {
            name: 'client',
            priority: 20,
            body: function* (): Generator<Request, void, unknown> {
              yield* api.threadDelay(100); // the server has made its port and waits for a call
              const dest = { target: server!.ui };
              const request = bodyBytes === 0 ? {} : { body };
              for (let i = 0; i < rounds; i++) yield* api.ipcCall(dest, request, K_NOTIMEOUT);
            },
          },
        ],
      },
    ],
  });
  const stop = runSite(site, Number.MAX_SAFE_INTEGER);
  if (stop.kind !== 'idle') throw new Error(`ipc bench: site stopped with ${stop.kind}`);
  const stats = board.machine.stats();
  const replies = site.nucleus.ipc.stats.replies;
  if (replies !== rounds) throw new Error(`ipc bench: ${replies} replies for ${rounds} calls`);
  return { cycle: stats.cycle, busy: stats.cpus.map((c) => c.busyCycles), replies };
}

/** Simulated cost of one round trip: the difference between 2000 and 1000 round trips. */
function costOf(cpus: number, bodyBytes: number): Cost {
  const short = roundTrips(cpus, 1_000, bodyBytes);
  const long = roundTrips(cpus, 2_000, bodyBytes);
  if (cpus > 1 && long.busy.some((b, k) => b - (short.busy[k] ?? 0) === 0))
    throw new Error('ipc bench: client and server did not run on different CPUs');
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    latency: Math.round((long.cycle - short.cycle) / 1_000),
    busy: Math.round((sum(long.busy) - sum(short.busy)) / 1_000),
  };
}

function roundTripBenchmark(cpus: number, bodyBytes: number): Benchmark {
  const cost = costOf(cpus, bodyBytes);
  const body = bodyBytes === 0 ? 'null' : `${bodyBytes / 1024} KiB request body`;
  const placement = cpus === 1 ? 'same CPU (1-CPU site)' : 'different CPUs (2-CPU site)';
  return {
    name: `ipc: ipcCall native->native, ${body}, ${placement} (${cost.latency} sim cycles latency, ${cost.busy} busy per round trip)`,
    unit: 'calls',
    run: () => {
      roundTrips(cpus, ROUNDS, bodyBytes);
      return ROUNDS;
    },
  };
}

const GUEST_CLIENT = new Uint8Array(
  readFileSync(new URL('../test/nucleus/programs/rpcbench.mips', import.meta.url)),
);
const GUEST_STAMP = 4243;

/** A guest client (rpcbench.c) against a native server: `rounds` null calls, then "stop". */
function guestRoundTrips(cpus: number, rounds: number): RunTotals {
  const board = buildBoard({ ...DEFAULT_BOARD, cpus }, { seed: 1 });
  const site = bootSite(board, {
    seed: 1,
    actors: [
      {
        name: 'server',
        kind: 'system',
        threads: [
          {
            name: 'server',
            priority: 10,
            body: function* (): Generator<Request, void, unknown> {
              const self = (yield* api.actorSelf()) as Capability;
              const ui = (yield* api.uiBuild(GUEST_STAMP)) as api.Ui;
              const port = (yield* api.portDeclare(self, ui)) as api.PortId;
              for (let i = 0; i <= rounds; i++) {
                yield* api.ipcReceive(port.li, K_NOTIMEOUT);
                yield* api.ipcReply(i < rounds ? {} : { body: new Uint8Array(1) });
              }
            },
          },
        ],
      },
    ],
    userActors: [{ name: 'client', file: GUEST_CLIENT, priority: 20 }],
  });
  const stop = runSite(site, Number.MAX_SAFE_INTEGER);
  if (stop.kind !== 'idle') throw new Error(`ipc bench: site stopped with ${stop.kind}`);
  const stats = board.machine.stats();
  const replies = site.nucleus.ipc.stats.replies;
  if (replies !== rounds + 1) throw new Error(`ipc bench: ${replies} replies for ${rounds + 1} calls`);
  return { cycle: stats.cycle, busy: stats.cpus.map((c) => c.busyCycles), replies };
}

function guestBenchmark(cpus: number): Benchmark {
  const short = guestRoundTrips(cpus, 1_000);
  const long = guestRoundTrips(cpus, 2_000);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const latency = Math.round((long.cycle - short.cycle) / 1_000);
  const busy = Math.round((sum(long.busy) - sum(short.busy)) / 1_000);
  const placement = cpus === 1 ? 'same CPU (1-CPU site)' : '2-CPU site';
  return {
    name: `ipc: ipcCall guest->native, null, ${placement} (${latency} sim cycles latency, ${busy} busy per round trip)`,
    unit: 'calls',
    run: () => {
      guestRoundTrips(cpus, ROUNDS);
      return ROUNDS;
    },
  };
}

const GUEST_BENCHMARKS: Benchmark[] = [guestBenchmark(1), guestBenchmark(2)];

export const benchmarks: Benchmark[] = [
  roundTripBenchmark(1, 0),
  roundTripBenchmark(2, 0),
  roundTripBenchmark(1, 1024),
  roundTripBenchmark(2, 1024),
  roundTripBenchmark(1, 64 * 1024),
  roundTripBenchmark(2, 64 * 1024),
  ...GUEST_BENCHMARKS,
];
