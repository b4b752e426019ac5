// Front door of machine/memory: physical RAM, the bus that maps RAM and device MMIO, and the
// per-CPU LL/SC reservation table the bus keeps.
export type { AccessSize, MmioRegion } from './bus.ts';
export { Bus, BusMapError } from './bus.ts';
export { Ram } from './ram.ts';
export { RESERVATION_GRANULE, ReservationTable } from './reservations.ts';
