// Physical RAM: one contiguous block of bytes. The bus maps it at a base address; CPUs reach the
// bytes directly through `PhysicalBus.ramAt` (the fast path) and everyone else through the bus.

export class Ram {
  readonly size: number;
  readonly bytes: Uint8Array;

  /** `size` in bytes; must be a positive multiple of 4 KiB so that pages never straddle its end. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size <= 0 || size % 4096 !== 0 || size > 0x1_0000_0000) {
      throw new RangeError(`RAM size ${size} must be a positive multiple of 4096 bytes, at most 4 GiB`);
    }
    this.size = size;
    this.bytes = new Uint8Array(size);
  }
}
