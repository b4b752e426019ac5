// Address spaces of actors running guest code: the VM's (nucleus/vm/space.ts), under the names
// the first user actors used, and the ASIDs that tag their TLB entries.
export { PAGE_SIZE, PageFrames as FrameAllocator } from './vm/frames.ts';
export { AddressSpace as UserSpace } from './vm/space.ts';

/** ASIDs 1..255 go to user actors in creation order; 0 stays with kernel-mode code. */
const MAX_ASID = 255;

/**
 * Hands out ASIDs, lowest free first; undefined when all 255 are in use. An actor's ASID comes
 * back when it is deleted, after every TLB entry tagged with it has been dropped.
 */
export class AsidAllocator {
  private next = 1;
  private readonly freed: number[] = [];
  allocate(): number | undefined {
    if (this.freed.length > 0) return this.freed.shift();
    return this.next > MAX_ASID ? undefined : this.next++;
  }
  release(asid: number): void {
    if (asid <= 0 || asid > MAX_ASID || this.freed.includes(asid)) return;
    let at = 0;
    while (at < this.freed.length && this.freed[at]! < asid) at++;
    this.freed.splice(at, 0, asid);
  }
}
