// Load-linked / store-conditional reservations, one per CPU, kept by the bus (DESIGN.md: "LL/SC
// use true reservations cleared by any other CPU's store or DMA to the granule").
//
// Protocol for a CPU family:
//   LL:  `reservations.reserve(cpu, address)` after the load;
//   SC:  `reservations.holds(cpu, address)` decides success; then `reservations.clear(cpu)`;
//   any store (the family's own, after the access): `bus.noteStore(address, size, cpu)`, which
//   clears the reservations of *other* CPUs whose granule the store touches. DMA passes -1 and
//   clears every CPU's. Exception return clears the CPU's own where the ISA says so.
// The granule is 16 bytes (aligned): a store anywhere in it breaks a reservation on it.

export const RESERVATION_GRANULE = 16;
const GRANULE_MASK = ~(RESERVATION_GRANULE - 1);

export class ReservationTable {
  /** Granule base address reserved by each CPU, or -1. */
  private readonly granule: Float64Array;
  /** Number of CPUs holding a reservation; lets `noteStore` return at once in the common case. */
  private active = 0;
  /** SC outcomes for end-of-run statistics, per CPU. */
  readonly scSucceeded: Float64Array;
  readonly scFailed: Float64Array;

  constructor(readonly cpus: number) {
    this.granule = new Float64Array(cpus).fill(-1);
    this.scSucceeded = new Float64Array(cpus);
    this.scFailed = new Float64Array(cpus);
  }

  reserve(cpu: number, address: number): void {
    if (this.granule[cpu] === -1) this.active++;
    this.granule[cpu] = (address & GRANULE_MASK) >>> 0;
  }

  /** True when `cpu` still holds a reservation on the granule of `address`. */
  holds(cpu: number, address: number): boolean {
    return this.granule[cpu] === (address & GRANULE_MASK) >>> 0;
  }

  /** Records an SC outcome (for statistics) and drops the CPU's reservation. */
  conclude(cpu: number, succeeded: boolean): void {
    if (succeeded) this.scSucceeded[cpu] = (this.scSucceeded[cpu] ?? 0) + 1;
    else this.scFailed[cpu] = (this.scFailed[cpu] ?? 0) + 1;
    this.clear(cpu);
  }

  clear(cpu: number): void {
    if (this.granule[cpu] !== -1) {
      this.granule[cpu] = -1;
      this.active--;
    }
  }

  clearAll(): void {
    this.granule.fill(-1);
    this.active = 0;
  }

  /** A store of `size` bytes at `address` by `byCpu` (-1 = DMA or loader) breaks others' reservations. */
  noteStore(address: number, size: number, byCpu: number): void {
    if (this.active === 0) return;
    const first = (address & GRANULE_MASK) >>> 0;
    const last = ((address + size - 1) & GRANULE_MASK) >>> 0;
    for (let cpu = 0; cpu < this.cpus; cpu++) {
      if (cpu === byCpu) continue;
      const g = this.granule[cpu] ?? -1;
      if (g !== -1 && g >= first && g <= last) {
        this.granule[cpu] = -1;
        this.active--;
      }
    }
  }
}
