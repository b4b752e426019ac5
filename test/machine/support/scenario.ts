// A busy two-site scenario for determinism tests: on each site two CPUs program timers with
// loads drawn from the machine's PRNG, print on the UART, read and write the disk (with seeded
// latency jitter) and exchange frames over a lossy, duplicating, reordering segment. Returns
// everything observable, so two runs can be compared.

import type { Board } from '../../../machine/index.ts';
import { Cluster, EthernetSegment } from '../../../machine/index.ts';
import { DISK, GTIMER, INTC, LTIMER, NIC, rig, UART } from './rig.ts';
import type { Program, TestCpu } from './test-cpu.ts';
import { WAIT } from './test-cpu.ts';

const OWN = 0x8000_0000;

function worker(board: () => Board): Program {
  return function* (cpu: TestCpu) {
    const bus = cpu.bus;
    const prng = board().machine.prng;
    bus.write32(INTC + 0x100, 1 << 29);
    bus.write32(LTIMER + 0x0, 2000 + prng.below(3000));
    bus.write32(LTIMER + 0x8, 0b111);
    for (let round = 0; ; round++) {
      yield WAIT;
      const id = bus.read32(INTC + 0x14);
      bus.write32(LTIMER + 0xc, 1);
      if (id !== 1023) bus.write32(INTC + 0x18, id);
      yield 10 + prng.below(200);
      if (cpu.index === 0 && (bus.read8(UART + 5) & 0x20) !== 0) bus.write8(UART, 0x41 + (round % 26));
      if (cpu.index === 1 && (bus.read32(DISK + 0x4) & 1) === 0) {
        bus.write32(DISK + 0x4, 6);
        bus.write32(DISK + 0x8, prng.below(2000));
        bus.write32(DISK + 0xc, 1 + prng.below(4));
        bus.write32(DISK + 0x10, 0x8000);
        bus.write32(DISK + 0x0, 1 + prng.below(2));
      }
      if (cpu.index === 0 && round % 3 === 0) {
        const slot = round % 8;
        if ((bus.read32(0x11000 + slot * 16 + 8) & OWN) === 0) {
          bus.write32(0x30000 + slot * 64, 0xffffffff);
          bus.write32(0x30000 + slot * 64 + 4, 0xffff0000 | round);
          bus.write32(0x11000 + slot * 16 + 0, 0x30000 + slot * 64);
          bus.write32(0x11000 + slot * 16 + 4, 60);
          bus.write32(0x11000 + slot * 16 + 8, OWN);
          bus.write32(NIC + 0x2c, 1);
        }
      }
      // recycle received buffers
      for (let i = 0; i < 8; i++) {
        const status = bus.read32(0x10000 + i * 16 + 8);
        if ((status & OWN) === 0) {
          bus.write32(0x10000 + i * 16 + 4, 1536);
          bus.write32(0x10000 + i * 16 + 8, OWN);
        }
      }
    }
  };
}

function site(index: number, seed: number): { board: Board; console: number[] } {
  let board!: Board;
  const program = worker(() => board);
  ({ board } = rig([program, program], { name: `site${index}`, jitterPercent: 5 }, seed + index));
  const { bus } = board;
  bus.write32(INTC, 1);
  for (let i = 0; i < 8; i++) {
    bus.write32(0x10000 + i * 16 + 0, 0x20000 + i * 0x800);
    bus.write32(0x10000 + i * 16 + 4, 1536);
    bus.write32(0x10000 + i * 16 + 8, OWN);
  }
  bus.write32(NIC + 0x10, 0x10000);
  bus.write32(NIC + 0x14, 8);
  bus.write32(NIC + 0x20, 0x11000);
  bus.write32(NIC + 0x24, 8);
  bus.write32(NIC + 0x08, 0b11);
  bus.write32(GTIMER + 0x10, 0); // touch the global timer: counter only
  const console: number[] = [];
  board.uart('uart0').onOutput = (b) => console.push(...b);
  return { board, console };
}

export interface ScenarioResult {
  readonly eventHashes: readonly number[];
  readonly events: readonly number[];
  readonly consoles: readonly string[];
  readonly segment: Readonly<Record<string, number>>;
  readonly received: readonly number[];
  readonly late: number;
  readonly misuses: number;
}

export function runScenario(seed: number, ns = 20_000_000): ScenarioResult {
  const sites = [0, 1].map((i) => site(i, seed));
  const segment = new EthernetSegment({
    name: 'lan',
    seed: seed ^ 0x5eed,
    latencyNs: 50_000,
    loss: 0.1,
    duplication: 0.05,
    reorder: 0.2,
  });
  const cluster = Cluster.connect(
    sites.map((s) => s.board),
    new Map([['lan', segment]]),
  );
  const stop = cluster.runUntilNs(ns);
  if (stop.kind !== 'time-limit') throw new Error(`scenario stopped early: ${JSON.stringify(stop)}`);
  return {
    eventHashes: sites.map((s) => s.board.machine.eventHash),
    events: sites.map((s) => s.board.machine.eventsFired),
    consoles: sites.map((s) => String.fromCharCode(...s.console)),
    segment: { ...segment.stats },
    received: sites.map((s) => s.board.nic('eth0').stats().framesReceived ?? 0),
    late: segment.stats.late,
    misuses: sites.reduce((n, s) => n + s.board.machine.misuses.length, 0),
  };
}
