import { describe, expect, it } from 'vitest';
import { Machine } from '../../machine/machine.ts';
import { Bus, Ram } from '../../machine/memory/index.ts';
import type { Program } from './support/test-cpu.ts';
import { spinner, TestCpu, WAIT } from './support/test-cpu.ts';

function machineWith(programs: (Program | undefined)[], quantum = 100): { m: Machine; cpus: TestCpu[] } {
  const bus = new Bus('big');
  bus.mapRam(0, new Ram(65536));
  bus.setCpuCount(programs.length);
  const m = new Machine({ bus, frequencyHz: 100_000_000, quantum, seed: 1 });
  const cpus = programs.map((p, i) => new TestCpu(i, bus, p));
  m.setCpus(cpus);
  return { m, cpus };
}

describe('CLOCK: quanta, events and idle skipping', () => {
  it('CLOCK: CPUs run in index order, one quantum each, and stop at the cycle limit', () => {
    const order: string[] = [];
    const tracer = (name: string): Program =>
      function* (cpu) {
        for (;;) {
          order.push(`${name}@${cpu.cycle}`);
          yield 50;
        }
      };
    const { m, cpus } = machineWith([tracer('a'), tracer('b')], 100);
    expect(m.runUntil(200)).toEqual({ kind: 'cycle-limit', cycle: 200 });
    expect(order).toEqual(['a@0', 'a@50', 'b@0', 'b@50', 'a@100', 'a@150', 'b@100', 'b@150']);
    expect(cpus.map((c) => c.cycle)).toEqual([200, 200]);
    expect(m.stats().cpus.map((c) => c.busyCycles)).toEqual([200, 200]);
  });

  it('CLOCK: a quantum is cut short so that a pending event fires exactly at its time', () => {
    const { m } = machineWith([spinner(1)], 1000);
    const fired: number[] = [];
    m.queue.schedule(333, { name: 'probe', onEvent: (_arg, time) => fired.push(time, m.cycle, m.now()) });
    m.runUntil(1000);
    expect(fired).toEqual([333, 333, 333]);
  });

  it('CLOCK: an idle machine jumps to the next event and counts the skipped cycles as idle', () => {
    let woke = -1;
    const waiter: Program = function* (cpu) {
      yield 10;
      yield WAIT;
      woke = cpu.cycle;
      yield 5;
    };
    const { m, cpus } = machineWith([waiter], 100);
    m.queue.schedule(1_000_000, { name: 'wake', onEvent: () => cpus[0]!.setInterruptLine(2, true) });
    const stop = m.runUntil(2_000_000);
    expect(stop).toEqual({ kind: 'idle', cycle: 1_000_100 });
    expect(woke).toBe(1_000_000);
    const stats = m.stats().cpus[0]!;
    expect(stats.busyCycles).toBe(15);
    expect(stats.idleCycles).toBe(1_000_100 - 15);
  });

  it('CLOCK: with every CPU idle and no event pending the run stops as idle without moving time', () => {
    const { m } = machineWith([undefined, undefined]);
    expect(m.runFor(5000)).toEqual({ kind: 'idle', cycle: 0 });
  });

  it('CLOCK: events at the same cycle fire in scheduling order, and one scheduled in the past fires at once', () => {
    const { m } = machineWith([spinner(7)], 64);
    const log: string[] = [];
    const h = { name: 'h', onEvent: (arg: number, time: number) => log.push(`${arg}@${time}`) };
    m.queue.schedule(100, h, 1);
    m.queue.schedule(100, h, 2);
    m.queue.schedule(50, { name: 'late', onEvent: () => m.queue.schedule(10, h, 3) });
    m.runUntil(200);
    expect(log).toEqual(['3@10', '1@100', '2@100']);
  });

  it('CLOCK: a CPU overshooting the quantum end is not run again until the others catch up', () => {
    const { m, cpus } = machineWith([spinner(150), spinner(10)], 100);
    m.runUntil(300);
    expect(cpus[0]!.cycle).toBe(300);
    expect(cpus[1]!.cycle).toBe(300);
  });

  it('CLOCK: device misuse stops the run with device, register, value, cycle and CPU', () => {
    let m!: Machine;
    const culprit: Program = function* () {
      yield 42;
      m.misuse('uart0', 'LSR', 0x60, 'write to a read-only register');
      yield 1;
    };
    ({ m } = machineWith([spinner(10), culprit]));
    const stop = m.runUntil(10_000);
    expect(stop.kind).toBe('misuse');
    if (stop.kind !== 'misuse') return;
    expect(stop.report).toEqual({
      device: 'uart0',
      register: 'LSR',
      value: 0x60,
      cycle: 42,
      cpu: 1,
      message: 'write to a read-only register',
    });
    // the stop is sticky until reset
    expect(m.runUntil(20_000).kind).toBe('misuse');
  });

  it('CLOCK: under the machine-check policy the offending CPU takes a machine check and the run goes on', () => {
    const bus = new Bus('big');
    bus.mapRam(0, new Ram(4096));
    const m = new Machine({ bus, frequencyHz: 1000, quantum: 10, seed: 1, misuse: 'machine-check' });
    const cpu = new TestCpu(0, bus, function* () {
      yield 3;
      m.misuse('disk0', 'CMD', 9, 'unknown command');
      for (;;) yield 1;
    });
    m.setCpus([cpu]);
    expect(m.runUntil(100).kind).toBe('cycle-limit');
    expect(cpu.machineChecks).toEqual([
      'device misuse: disk0 register CMD value 0x9 at cycle 3 (cpu0): unknown command',
    ]);
    expect(m.misuses).toHaveLength(1);
  });
});

describe('CLOCK: quantum options and runaway drivers', () => {
  it('CLOCK: quantum 1 interleaves CPUs instruction by instruction', () => {
    const order: string[] = [];
    const tracer = (name: string): Program =>
      function* () {
        for (;;) {
          order.push(name);
          yield 1;
        }
      };
    const { m } = machineWith([tracer('a'), tracer('b')], 1);
    m.runUntil(4);
    expect(order.join('')).toBe('abababab');
  });

  it('CLOCK: an event queue overflow stops the run with a named reason instead of throwing', () => {
    const bus = new Bus('big');
    const m = new Machine({ bus, frequencyHz: 1000, quantum: 10, seed: 1, maxPendingEvents: 8 });
    const storm = {
      name: 'storm',
      onEvent: () => {
        m.queue.schedule(m.now() + 1, storm);
        m.queue.schedule(m.now() + 1, storm);
      },
    };
    m.queue.schedule(1, storm);
    const stop = m.runUntil(1000);
    expect(stop.kind).toBe('event-overflow');
    if (stop.kind === 'event-overflow')
      expect(stop.message).toMatch(/too many pending events \(8\); last from storm/);
    expect(m.runUntil(2000)).toBe(stop);
  });
});

describe('CLOCK: prompt stops', () => {
  it('CLOCK: a CPU that can exit early leaves its run at the instruction that requested the stop', () => {
    let after = 0;
    const { m, cpus } = machineWith(
      [
        function* () {
          yield 30;
          m.requestStop({ kind: 'requested', cycle: 30, why: 'test' });
          yield 1; // the requesting instruction completes
          for (;;) {
            after++;
            yield 10;
          }
        },
      ],
      1000,
    );
    expect(m.runUntil(5000)).toEqual({ kind: 'requested', cycle: 30, why: 'test' });
    expect(after).toBe(0);
    expect(cpus[0]!.cycle).toBe(1000); // the rest of the quantum counts as idle
    expect(m.stats().cpus[0]).toMatchObject({ busyCycles: 31, idleCycles: 969 });
  });
});
