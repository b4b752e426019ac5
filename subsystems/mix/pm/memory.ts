// Memory calls on the nucleus's regions: the program break grows and shrinks by whole pages of
// anonymous memory above the data (brk), anonymous mappings are regions placed in the mmap area
// (mmap, mmap2), and munmap/mprotect free and protect regions. Mappings of files wait for the
// file manager: no descriptor names a file yet (EBADF). Regions are always readable, so
// PROT_NONE pages still read.
import { api, K_OK } from '../../../nucleus/index.ts';
import { ERRNO } from './abi.ts';
import type { Call, CallContext, CallEntry } from './context.ts';

const PAGE = 4096;
const PROT_WRITE = 2;
const PROT_EXEC = 4;
const MAP_FIXED = 0x10;
const MAP_ANONYMOUS = 0x800;
/** Where anonymous mappings go when the caller does not fix the address: above any break. */
const MMAP_START = 0x4000_0000;
const MMAP_END = 0x7000_0000;

const pageUp = (n: number) => Math.ceil(n / PAGE) * PAGE;

function protection(prot: number): number {
  return ((prot & PROT_WRITE) !== 0 ? api.K_WRITABLE : 0) | ((prot & PROT_EXEC) !== 0 ? api.K_EXECUTABLE : 0);
}

/** brk(address): moves the break; returns the new one, or the old one when it cannot move. */
function* brk({ process, args: [address] }: CallContext): Call<number> {
  const wanted = address! >>> 0;
  if (wanted < process.brkStart || wanted >= MMAP_START) return process.brk;
  const end = pageUp(wanted);
  if (end > process.brkMapped) {
    const r = yield* api.rgnAllocate(process.actor, {
      start: process.brkMapped,
      size: end - process.brkMapped,
      options: api.K_WRITABLE,
    });
    if (r < 0) return process.brk;
  } else if (end < process.brkMapped) {
    yield* api.rgnFree(process.actor, end, process.brkMapped - end);
  }
  process.brkMapped = end;
  process.brk = wanted;
  return wanted;
}

/** mmap/mmap2(addr, length, prot, flags, fd, offset) of anonymous memory. */
function* mapAnonymous(call: CallContext): Call<number> {
  const [addr, length, prot, flags] = call.args;
  const size = pageUp(length! >>> 0);
  if (size === 0 || size > MMAP_END - MMAP_START) return -ERRNO.EINVAL;
  // No descriptor names a file yet, so a file mapping has a bad descriptor.
  if ((flags! & MAP_ANONYMOUS) === 0) return -ERRNO.EBADF;
  const options = protection(prot!);
  const actor = call.process.actor;
  if ((flags! & MAP_FIXED) !== 0) {
    const start = addr! >>> 0;
    if (start % PAGE !== 0) return -ERRNO.EINVAL;
    // MAP_FIXED replaces whatever was there.
    yield* api.rgnFree(actor, start, size);
    const r = yield* api.rgnAllocate(actor, { start, size, options });
    return r < 0 ? -ERRNO.ENOMEM : start;
  }
  const r = yield* api.rgnAllocate(actor, {
    start: MMAP_START,
    end: MMAP_END,
    size,
    options: options | api.K_ANYWHERE | api.K_RESTRICTIVE,
  });
  return r < 0 ? -ERRNO.ENOMEM : r;
}

function* munmap({ process, args: [address, length] }: CallContext): Call<number> {
  const start = address! >>> 0;
  if (start % PAGE !== 0 || length === 0) return -ERRNO.EINVAL;
  const r = yield* api.rgnFree(process.actor, start, pageUp(length! >>> 0));
  return r === K_OK ? 0 : -ERRNO.EINVAL;
}

function* mprotect({ process, args: [address, length, prot] }: CallContext): Call<number> {
  const start = address! >>> 0;
  if (start % PAGE !== 0) return -ERRNO.EINVAL;
  if (length === 0) return 0;
  const r = yield* api.rgnSetProtect(process.actor, start, pageUp(length! >>> 0), protection(prot!));
  return r === K_OK ? 0 : -ERRNO.ENOMEM;
}

export const MEMORY_CALLS: readonly (readonly [number, CallEntry])[] = [
  [4045, { name: 'brk', handler: brk }],
  [4090, { name: 'mmap', handler: mapAnonymous, sixArgs: true }],
  [4091, { name: 'munmap', handler: munmap }],
  [4125, { name: 'mprotect', handler: mprotect }],
  // mmap2 counts its offset in pages; anonymous mappings ignore it.
  [4210, { name: 'mmap2', handler: mapAnonymous, sixArgs: true }],
];
