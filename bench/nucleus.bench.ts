// Nucleus costs, in host time and in simulated cycles: a context switch (two threads on one CPU
// ping-ponging through two semaphores, each round trip two switches) and threadCreate (a thread
// creating short-lived threads). The simulated cycles per operation are measured once and shown
// in the benchmark's name; the table's rate is host operations per second.
import { buildBoard } from '../machine/index.ts';
import type { Request, Semaphore } from '../nucleus/index.ts';
import { api, bootSite, K_NOTIMEOUT, runSite } from '../nucleus/index.ts';
import { DEFAULT_BOARD } from '../src/site/default-site.ts';
import type { Benchmark } from './harness.ts';

const ROUNDS = 20_000;
const CREATES = 10_000;

/** Boots a one-CPU site with one system actor running `body`; returns busy cycles used. */
function runOne(body: () => Generator<Request, void, unknown>): number {
  const board = buildBoard({ ...DEFAULT_BOARD, cpus: 1 }, { seed: 1 });
  const site = bootSite(board, {
    seed: 1,
    actors: [{ name: 'bench', kind: 'system', threads: [{ name: 'main', priority: 10, body }] }],
  });
  runSite(site, Number.MAX_SAFE_INTEGER);
  return board.machine.stats().cpus[0]!.busyCycles;
}

function pingPong(rounds: number): number {
  return runOne(function* () {
    const ping = (yield* api.semInit(0)) as Semaphore;
    const pong = (yield* api.semInit(0)) as Semaphore;
    yield* api.threadCreate(yield* api.actorSelf(), 'pong', 10, function* () {
      for (let i = 0; i < rounds; i++) {
        yield* api.semP(ping, K_NOTIMEOUT);
        yield* api.semV(pong);
      }
    });
    for (let i = 0; i < rounds; i++) {
      yield* api.semV(ping);
      yield* api.semP(pong, K_NOTIMEOUT);
    }
  });
}

function creates(count: number): number {
  return runOne(function* () {
    const self = yield* api.actorSelf();
    for (let i = 0; i < count; i++) {
      yield* api.threadCreate(self, 'child', 20, function* () {
        yield* api.compute(1);
      });
    }
  });
}

// Simulated cost per operation: the difference between two run lengths, so boot is not counted.
const switchCycles = Math.round((pingPong(2_000) - pingPong(1_000)) / 2_000);
const createCycles = Math.round((creates(2_000) - creates(1_000)) / 1_000);

export const benchmarks: Benchmark[] = [
  {
    name: `nucleus: context switch (semaphore ping-pong; ${switchCycles} sim cycles per switch incl. semP/semV)`,
    unit: 'switches',
    run: () => {
      pingPong(ROUNDS);
      return 2 * ROUNDS;
    },
  },
  {
    name: `nucleus: threadCreate + run + exit (${createCycles} sim cycles each)`,
    unit: 'threads',
    run: () => {
      creates(CREATES);
      return CREATES;
    },
  },
];
