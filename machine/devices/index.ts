// Front door of machine/devices: the device contract and every device model.

export type { BlockLatency } from './block.ts';
export { BlockDevice, DEFAULT_BLOCK_LATENCY } from './block.ts';
export type { BlockBacking } from './block-backing.ts';
export { FileBacking, MemoryBacking, SECTOR_SIZE } from './block-backing.ts';
export type { Device, DeviceHost, DeviceSnapshot, IrqLine, MisuseReport, StopReason } from './device.ts';
export { formatMisuse, NO_IRQ, SnapshotMismatch } from './device.ts';
export { GlobalTimer } from './global-timer.ts';
export { InterruptController } from './interrupt-controller.ts';
export type { CpuIrqOutput } from './interrupt-core.ts';
export { FIRST_PRIVATE, FIRST_SHARED, InterruptCore, SPURIOUS } from './interrupt-core.ts';
export { LocalTimer } from './local-timer.ts';
export type { NetworkEndpoint, NetworkLink } from './nic.ts';
export { Nic } from './nic.ts';
export { POWER_MAGIC, POWER_OFF, POWER_REBOOT, PowerController } from './power.ts';
export { Rtc } from './rtc.ts';
export type { UartOptions } from './uart.ts';
export { Uart } from './uart.ts';
