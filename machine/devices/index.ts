// Front door of machine/devices: the device contract and every device model.
export type { Device, DeviceHost, DeviceSnapshot, IrqLine, MisuseReport, StopReason } from './device.ts';
export { formatMisuse, NO_IRQ, SnapshotMismatch } from './device.ts';
export { InterruptController } from './interrupt-controller.ts';
export type { CpuIrqOutput } from './interrupt-core.ts';
export { FIRST_PRIVATE, FIRST_SHARED, InterruptCore, SPURIOUS } from './interrupt-core.ts';
