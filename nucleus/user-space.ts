// Address spaces of actors running guest code: the VM's (nucleus/vm/space.ts), under the names
// the first user actors used, and the ASIDs that tag their TLB entries.
export { PAGE_SIZE, PageFrames as FrameAllocator } from './vm/frames.ts';
export { AddressSpace as UserSpace } from './vm/space.ts';

/** ASIDs 1..255 go to user actors in creation order; 0 stays with kernel-mode code. */
const MAX_ASID = 255;

/** Hands out ASIDs; undefined when all 255 are used (they are not recycled yet). */
export class AsidAllocator {
  private next = 1;
  allocate(): number | undefined {
    return this.next > MAX_ASID ? undefined : this.next++;
  }
}
