// Front door of machine/: the simulated hardware. Build a machine from a board description with
// `buildBoard`, step it with `machine.runUntil`, join several with a `Cluster` over `EthernetSegment`s.
// Imports nothing from nucleus/, subsystems/ or src/.

export { Board, BoardError, buildBoard, parseMac } from './board.ts';
export type { BoardDescription, DeviceDescription } from './board-description.ts';
export type {
  Cpu,
  CpuFactory,
  CpuOptions,
  Endianness,
  ExitsEarly,
  MachineCheckable,
  PhysicalBus,
  ReportsStats,
} from './cpu/index.ts';
export {
  canMachineCheck,
  cpuFamilies,
  cpuFamily,
  exitsEarly,
  registerCpuFamily,
  reportsStats,
} from './cpu/index.ts';
export * from './devices/index.ts';
export type { CpuStats, MachineOptions, MachineStats, MisusePolicy } from './machine.ts';
export { Machine } from './machine.ts';
export type { AccessSize, MmioRegion } from './memory/index.ts';
export { Bus, BusMapError, Ram, RESERVATION_GRANULE, ReservationTable } from './memory/index.ts';
export * from './net/index.ts';
export * from './time/index.ts';
