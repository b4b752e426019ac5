// Loading a user actor from a static ELF executable: the PT_LOAD segments become regions of
// anonymous memory filled from the file (nucleus/vm; a file manager will later map them from
// the file as segments instead), a stack region lies below STACK_TOP with an empty
// argc/argv/envp block (what crt0 expects), and the actor's first thread starts at the ELF entry in user mode with the actor's own ASID. A system
// actor is loaded the same way: it runs in user mode in its own address space too, but is
// trusted (Chorus system actors), so it may make the supervisor calls.
import { ElfError, parseElf32 } from '../machine/elf/index.ts';
import { K_EINVAL, K_ENOMEM } from './errors.ts';
import type { Nucleus } from './nucleus.ts';
import { Actor, type ActorKind, type Thread } from './objects.ts';
import { PAGE_SIZE } from './user-space.ts';
import { AnonMemory, K_EXECUTABLE, K_WRITABLE } from './vm/objects.ts';
import { attach, Region } from './vm/space.ts';

/** The initial stack: STACK_PAGES pages ending at STACK_TOP (kuseg). */
export const STACK_TOP = 0x7fff_0000;
export const STACK_PAGES = 16;
const PF_W = 2;

export interface UserActorLoad {
  readonly actor: Actor;
  readonly thread: Thread;
}

/**
 * Creates actor `name` of `kind` ('user' or 'system'; both run in user mode) from ELF `file`
 * with its first thread at `priority`. Returns the actor and thread, or a Chorus error code
 * (K_EINVAL for a bad file or kind, K_ENOMEM when frames or ASIDs run out) with a message on
 * the console.
 */
export function loadUserActor(
  n: Nucleus,
  name: string,
  file: Uint8Array,
  priority: number,
  kind: Extract<ActorKind, 'user' | 'system'> = 'user',
): UserActorLoad | number {
  if (kind !== 'user' && kind !== 'system') return K_EINVAL;
  let image: ReturnType<typeof parseElf32>;
  try {
    image = parseElf32(file, n.hal.elfMachine);
  } catch (error) {
    if (!(error instanceof ElfError)) throw error;
    n.hal.consoleWrite(`nucleus: cannot load ${name}: ${error.message}\n`);
    return K_EINVAL;
  }
  if (image.endianness !== n.hal.endianness) {
    n.hal.consoleWrite(
      `nucleus: cannot load ${name}: a ${image.endianness}-endian executable on a ${n.hal.endianness}-endian site\n`,
    );
    return K_EINVAL;
  }
  const asid = n.asids.allocate();
  if (asid === undefined) return K_ENOMEM;
  const space = n.vm.newSpace(asid);
  // One region per run of pages the PT_LOAD segments cover (segments sharing a page share its
  // region, which is writable if either is), anonymous memory filled from the file now; the
  // rest of each region (bss) and the stack are zero-filled on first touch.
  const runs: { first: number; end: number; protection: number }[] = [];
  for (const segment of image.segments) {
    const start = segment.vaddr >>> 0;
    const end = start + segment.memSize;
    if (end > 0x8000_0000 || end < start) {
      n.hal.consoleWrite(`nucleus: cannot load ${name}: a segment lies outside the user segment\n`);
      return K_EINVAL;
    }
    if (segment.memSize === 0) continue;
    const protection = K_EXECUTABLE | ((segment.flags & PF_W) !== 0 ? K_WRITABLE : 0);
    const run = { first: Math.floor(start / PAGE_SIZE), end: Math.ceil(end / PAGE_SIZE), protection };
    const last = runs.at(-1);
    if (last !== undefined && run.first < last.end) {
      last.end = Math.max(last.end, run.end);
      last.protection |= run.protection;
    } else runs.push(run);
  }
  const memory = n.hal.physical;
  const regionOf = (first: number, end: number, protection: number) => {
    const region = attach(new Region(first, end - first, protection, 'copy', new AnonMemory(), 0, undefined));
    space.insert(region);
    return region;
  };
  const regions = runs.map((r) => regionOf(r.first, r.end, r.protection));
  for (const segment of image.segments) {
    const start = segment.vaddr >>> 0;
    for (let i = 0; i < segment.data.length; i++) {
      const vpn = Math.floor((start + i) / PAGE_SIZE);
      const region = regions.find((r) => vpn >= r.startPage && vpn < r.endPage)!;
      const frame = n.vm.populate(region.object as AnonMemory, region.indexOf(vpn));
      if (frame < 0) return K_ENOMEM;
      memory.write8(frame + ((start + i) % PAGE_SIZE), segment.data[i]!);
    }
  }
  regionOf(STACK_TOP / PAGE_SIZE - STACK_PAGES, STACK_TOP / PAGE_SIZE, K_WRITABLE);
  // argc = 0, argv = { NULL }, envp = { NULL }, an empty auxiliary vector: all zero words.
  const sp = STACK_TOP - 32;
  const actor = new Actor(n.newCapability(), kind, name);
  actor.space = space;
  n.bootActor(actor);
  const thread = n.createGuestThread(actor, 'main', priority, { entry: image.entry, stack: sp }, true);
  return { actor, thread };
}
