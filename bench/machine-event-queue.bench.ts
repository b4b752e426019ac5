// Event-queue throughput: how many device events per second the (time, sequence) heap can
// schedule and fire, at a steady depth like a busy board's (timers, UART, disks, frames in
// flight), and with cancellation as a reprogrammed timer does. Plus the whole stepping loop on a
// machine whose CPUs only idle between timer interrupts.

import type { EventHandler } from '../machine/index.ts';
import { EventQueue, Machine } from '../machine/index.ts';
import { Bus, Ram } from '../machine/memory/index.ts';
import type { Benchmark } from './harness.ts';

const EVENTS = 1_000_000;

function steadyState(depth: number): () => number {
  return () => {
    const queue = new EventQueue(depth + 1);
    let x = 12345;
    const sink: EventHandler = { name: 'sink', onEvent: () => {} };
    for (let i = 0; i < depth; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      queue.schedule(x & 0xffff, sink, i);
    }
    for (let i = 0; i < EVENTS; i++) {
      queue.pop();
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      queue.schedule(queue.poppedTime + 1 + (x & 0xfff), sink, i);
    }
    return EVENTS;
  };
}

function withCancel(): number {
  const queue = new EventQueue(1024);
  const sink: EventHandler = { name: 'sink', onEvent: () => {} };
  const handles = new Float64Array(256);
  for (let i = 0; i < 256; i++) handles[i] = queue.schedule(i * 7, sink, i);
  for (let i = 0; i < EVENTS; i++) {
    const k = i & 255;
    queue.cancel(handles[k]!);
    handles[k] = queue.schedule(i + 100 + k, sink, k);
  }
  return EVENTS;
}

/** Events fired by the machine loop itself: 8 self-rearming periodic sources, no CPUs. */
function machineLoop(): number {
  const bus = new Bus('big');
  bus.mapRam(0, new Ram(4096));
  const machine = new Machine({ bus, frequencyHz: 100_000_000, quantum: 1000, seed: 1 });
  for (let k = 0; k < 8; k++) {
    const period = 97 + k * 13;
    const source: EventHandler = {
      name: `source${k}`,
      onEvent: (_arg, time) => {
        machine.queue.schedule(time + period, source, 0);
      },
    };
    machine.queue.schedule(period, source, 0);
  }
  while (machine.eventsFired < EVENTS) machine.runFor(100_000);
  return machine.eventsFired;
}

export const benchmarks: Benchmark[] = [
  { name: 'machine: event queue, depth 16 (schedule + fire)', unit: 'events', run: steadyState(16) },
  { name: 'machine: event queue, depth 1024 (schedule + fire)', unit: 'events', run: steadyState(1024) },
  { name: 'machine: event queue, cancel + reschedule', unit: 'events', run: withCancel },
  { name: 'machine: stepping loop firing device events', unit: 'events', run: machineLoop, runs: 3 },
];
