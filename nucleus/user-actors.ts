// Loading a user actor from a static ELF executable (the stand-in for the virtual-memory issue,
// see user-space.ts): each PT_LOAD segment is copied into frames the nucleus allocates, a stack
// is mapped below STACK_TOP with an empty argc/argv/envp block (what crt0 expects), and the
// actor's first thread starts at the ELF entry in user mode with the actor's own ASID. A system
// actor is loaded the same way: it runs in user mode in its own address space too, but is
// trusted (Chorus system actors), so it may make the supervisor calls.
import { ElfError, parseElf32 } from '../machine/elf/index.ts';
import { K_EINVAL, K_ENOMEM } from './errors.ts';
import type { Nucleus } from './nucleus.ts';
import { Actor, type ActorKind, type Thread } from './objects.ts';
import { PAGE_SIZE, UserSpace } from './user-space.ts';

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
  const space = new UserSpace(asid);
  const memory = n.hal.physical;
  const mapPage = (vpn: number, writable: boolean): number => {
    const present = space.frameOf(vpn);
    if (present >= 0) {
      if (writable) space.map(vpn, present, true);
      return present;
    }
    const frame = n.frames.allocate();
    if (frame < 0) return -1;
    for (let i = 0; i < PAGE_SIZE; i += 4) memory.write32(frame + i, 0);
    space.map(vpn, frame, writable);
    return frame;
  };
  for (const segment of image.segments) {
    const start = segment.vaddr >>> 0;
    const end = start + segment.memSize;
    if (end > 0x8000_0000 || end < start) {
      n.hal.consoleWrite(`nucleus: cannot load ${name}: a segment lies outside the user segment\n`);
      return K_EINVAL;
    }
    const writable = (segment.flags & PF_W) !== 0;
    for (let page = Math.floor(start / PAGE_SIZE); page * PAGE_SIZE < end; page++)
      if (mapPage(page, writable) < 0) return K_ENOMEM;
    for (let i = 0; i < segment.data.length; i++)
      memory.write8(space.physicalOf(start + i, false), segment.data[i]!);
  }
  for (let p = 1; p <= STACK_PAGES; p++) if (mapPage(STACK_TOP / PAGE_SIZE - p, true) < 0) return K_ENOMEM;
  // argc = 0, argv = { NULL }, envp = { NULL }, an empty auxiliary vector: all zero words.
  const sp = STACK_TOP - 32;
  const actor = new Actor(n.newCapability(), kind, name);
  actor.space = space;
  n.bootActor(actor);
  const thread = n.createGuestThread(actor, 'main', priority, { entry: image.entry, stack: sp }, true);
  return { actor, thread };
}
