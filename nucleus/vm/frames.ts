// Physical page frames of a site's pageable memory (reference §4.1: the nucleus manages frames;
// mappers decide what goes in them). A free list handed out lowest address first, so a run is
// the same on every host. Frames are not zeroed here: the VM zeroes a
// frame it hands to anonymous memory, and the loader fills what it loads. `release` gives a frame back.

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;

export class PageFrames {
  /** Free frames, highest address first (pop takes the lowest). */
  private readonly freeList: number[] = [];
  readonly total: number;

  constructor(base: number, end: number) {
    const first = Math.ceil(base / PAGE_SIZE) * PAGE_SIZE;
    for (let f = Math.floor(end / PAGE_SIZE) * PAGE_SIZE - PAGE_SIZE; f >= first; f -= PAGE_SIZE)
      this.freeList.push(f);
    this.total = this.freeList.length;
  }

  /** A frame's physical address, or -1 when none is free. */
  allocate(): number {
    return this.freeList.pop() ?? -1;
  }

  /**
   * `count` physically contiguous frames (a supervisor region reached through kseg0): the lowest
   * address of the lowest such run, or -1.
   */
  allocateRun(count: number): number {
    const list = this.freeList; // highest first: a run is a stretch going down by PAGE_SIZE
    for (let end = list.length - 1; end - count + 1 >= 0; end--) {
      let length = 1;
      while (length < count && list[end - length] === list[end]! + length * PAGE_SIZE) length++;
      if (length === count) {
        const base = list[end]!;
        list.splice(end - count + 1, count);
        return base;
      }
    }
    return -1;
  }

  /** Gives a frame back. Frees keep the lowest-first order for the next allocations. */
  release(frame: number): void {
    const list = this.freeList;
    let at = list.length;
    while (at > 0 && list[at - 1]! < frame) at--;
    list.splice(at, 0, frame);
  }

  /** Bytes of free memory. */
  get free(): number {
    return this.freeList.length * PAGE_SIZE;
  }

  get freeFrames(): number {
    return this.freeList.length;
  }
}
