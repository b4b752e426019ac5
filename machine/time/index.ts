// Front door of machine/time: the (time, sequence) event queue, the seeded PRNG, and cycle/ns
// conversions. The stepping loop that uses them lives in machine/machine.ts.
export type { EventHandler } from './event-queue.ts';
export { EventQueue, EventQueueOverflow } from './event-queue.ts';
export type { PrngState } from './prng.ts';
export { Prng } from './prng.ts';
export { cyclesToNs, nsToCycles, nsToCyclesCeil, transferCycles } from './units.ts';
