// The nucleus-call ABI from guest code (docs/abi.md): `syscall 1` with the call number in v0,
// arguments in a0..a3, the result in v0 and a3 cleared; bad guest pointers give K_EFAULT; the
// nucleus trap cannot be taken over with svTrapConnect; a bad ELF is refused.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  api,
  FrameAllocator,
  GUEST_CALLS,
  K_EBUSY,
  K_EFAULT,
  K_EINVAL,
  K_ENOMEM,
  K_EUNKNOWN,
  K_OK,
  loadUserActor,
  NUCLEUS_TRAP,
  STACK_TOP,
} from '../../nucleus/index.ts';
import { A0, A1, A2, A3, addiu, brk, sw, V0, ZERO } from '../machine/cpu/mips/support/asm.ts';
import { actor, boot } from './support.ts';

const CODE = 0x0010_0000;
const KSEG0 = 0x8000_0000;
const OUT = 0x0020_0000;
const nucleusTrap = () => ((NUCLEUS_TRAP << 6) | 12) >>> 0;

/** Kernel-mode guest code making nucleus calls; a1 = a0 = where results go (kseg0). */
const program = [
  addiu(A1, A0, 0),
  addiu(V0, ZERO, 99), // an unknown call number
  addiu(A3, ZERO, 7),
  nucleusTrap(),
  sw(V0, 0, A1),
  sw(A3, 4, A1), // the nucleus cleared a3
  addiu(V0, ZERO, GUEST_CALLS.sysTime),
  addiu(A0, ZERO, 16), // kuseg: not an address a kernel-mode thread without a space has
  nucleusTrap(),
  sw(V0, 8, A1),
  addiu(V0, ZERO, GUEST_CALLS.sysTime),
  addiu(A0, A1, 16),
  nucleusTrap(),
  sw(V0, 12, A1),
  addiu(V0, ZERO, GUEST_CALLS.threadSelf),
  nucleusTrap(),
  sw(V0, 20, A1),
  addiu(V0, ZERO, GUEST_CALLS.threadDelete),
  addiu(A0, ZERO, 0),
  nucleusTrap(),
  brk(), // not reached: the thread deleted itself
];

describe('GUEST ABI: nucleus calls through the nucleus trap', () => {
  it('GUEST ABI: results come back in v0 with a3 cleared; unknown calls give K_EUNKNOWN, bad pointers K_EFAULT', () => {
    let li = 0;
    const b = boot(
      [
        actor('a', [
          {
            name: 'ctl',
            priority: 5,
            body: function* () {
              const self = yield* api.actorSelf();
              li = yield* api.threadCreateGuest(self, 'g', 20, {
                entry: KSEG0 + CODE,
                stack: 0,
                arg: KSEG0 + OUT,
              });
            },
          },
        ]),
      ],
      { cpus: 1 },
    );
    for (const [i, w] of program.entries()) b.site.board.bus.write32(CODE + 4 * i, w);
    b.site.board.bus.write32(OUT + 4, 0x5a5a);
    expect(b.run().kind).toBe('idle');
    const word = (offset: number) => b.site.board.bus.read32(OUT + offset) | 0;
    expect(word(0)).toBe(K_EUNKNOWN);
    expect(word(4)).toBe(0);
    expect(word(8)).toBe(K_EFAULT);
    expect(word(12)).toBe(K_OK);
    expect(word(16)).toBeGreaterThan(0); // µs since boot, written through the pointer
    expect(word(16)).toBeLessThan(1000);
    expect(word(20)).toBe(li);
    expect(b.site.nucleus.threads.has(li)).toBe(false);
    expect(b.site.nucleus.faults).toEqual([]);
  });

  it("GUEST ABI: a system actor's guest thread gets K_EUNKNOWN from svExcHandler on a bad capability, K_EINVAL from svTrapConnect and svIntrConnect without a stack, and creates a system actor", () => {
    const b = boot(
      [
        actor('a', [
          {
            name: 'ctl',
            priority: 5,
            body: function* () {
              const self = yield* api.actorSelf();
              yield* api.threadCreateGuest(self, 'g', 20, {
                entry: KSEG0 + CODE,
                stack: 0,
                arg: KSEG0 + OUT,
              });
            },
          },
        ]),
      ],
      { cpus: 1 },
    );
    const code = [
      addiu(A1, A0, 0),
      addiu(V0, ZERO, GUEST_CALLS.svExcHandler),
      nucleusTrap(),
      sw(V0, 0, A1),
      addiu(V0, ZERO, GUEST_CALLS.svTrapConnect),
      addiu(A0, ZERO, 5),
      addiu(A2, ZERO, 0), // no handler stack
      nucleusTrap(),
      sw(V0, 4, A1),
      addiu(V0, ZERO, GUEST_CALLS.svIntrConnect),
      nucleusTrap(),
      sw(V0, 8, A1),
      addiu(V0, ZERO, GUEST_CALLS.actorCreate),
      addiu(A0, A1, 16), // the new capability goes to OUT + 16
      addiu(A1, ZERO, 1), // K_SYSTEMACTOR
      nucleusTrap(),
      addiu(A1, A0, -16),
      sw(V0, 12, A1),
      addiu(V0, ZERO, GUEST_CALLS.threadDelete),
      addiu(A0, ZERO, 0),
      nucleusTrap(),
      brk(),
    ];
    for (const [i, w] of code.entries()) b.site.board.bus.write32(CODE + 4 * i, w);
    expect(b.run().kind).toBe('idle');
    const word = (offset: number) => b.site.board.bus.read32(OUT + offset) | 0;
    expect([word(0), word(4), word(8), word(12)]).toEqual([K_EUNKNOWN, K_EINVAL, K_EINVAL, K_OK]);
    const created = b.site.nucleus.actors.get(word(20) >>> 0)!;
    expect(created.kind).toBe('system');
    expect(created.name).toBe('a.child');
    expect(created.cap.key).toBe(word(24) >>> 0);
    expect(b.site.nucleus.trapHandlers.has(5)).toBe(false);
    expect(b.site.nucleus.faults).toEqual([]);
  });

  it('GUEST ABI: svTrapConnect on the nucleus trap number is K_EBUSY', () => {
    let code = 0;
    const b = boot([
      actor('s', [
        {
          name: 'connect',
          priority: 10,
          body: function* () {
            code = yield* api.svTrapConnect(NUCLEUS_TRAP, function* () {
              return (yield* api.threadSelf()) > 0 ? 0 : -1;
            });
          },
        },
      ]),
    ]);
    expect(b.run().kind).toBe('idle');
    expect(code).toBe(K_EBUSY);
  });

  it('GUEST ABI: a file that is not an ELF executable is refused with K_EINVAL and a console message', () => {
    const b = boot([]);
    const r = loadUserActor(b.site.nucleus, 'junk', new Uint8Array([1, 2, 3, 4]), 10);
    expect(r).toBe(K_EINVAL);
    b.run();
    expect(b.console()).toContain('nucleus: cannot load junk: not an ELF file');
  });
});

describe('USER ACTORS: loading a static ELF into regions', () => {
  const elf = new Uint8Array(readFileSync(new URL('./programs/threads.mips', import.meta.url)));

  it('USER ACTORS: text is mapped read-only, data and stack writable, nothing above the stack', () => {
    const b = boot([]);
    const r = loadUserActor(b.site.nucleus, 'threads', elf, 10);
    if (typeof r === 'number') throw new Error(`load failed: ${r}`);
    const space = r.actor.space!;
    expect(r.actor.kind).toBe('user');
    expect(space.asid).toBe(1);
    const entry = 0x20000; // the text segment of a userland MIPS program (linked at 0x10000 + 64 KiB)
    const vm = b.site.nucleus.vm;
    expect(space.regionAt(entry / 4096)?.writable).toBe(false);
    expect(space.physicalOf(entry, false)).toBe(-1); // loaded, but mapped on first touch
    expect(vm.resolve(space, entry, false).kind).toBe('mapped');
    expect(space.physicalOf(entry, false)).toBeGreaterThanOrEqual(32 * 1024 * 1024); // upper half of RAM
    expect(vm.resolve(space, entry, true)).toEqual({ kind: 'fault', reason: 'write to a read-only region' });
    expect(space.physicalOf(STACK_TOP - 4, true)).toBe(-1); // the stack is made on first touch
    expect(vm.resolve(space, STACK_TOP - 4, true).kind).toBe('mapped');
    expect(space.physicalOf(STACK_TOP - 4, true)).toBeGreaterThan(0);
    expect(space.regionAt(STACK_TOP / 4096)).toBeUndefined();
    expect(space.physicalOf(0x8000_0000, false)).toBe(-1);
    const second = loadUserActor(b.site.nucleus, 'again', elf, 10);
    expect(typeof second === 'number' ? second : second.actor.space!.asid).toBe(2);
  });

  it('USER ACTORS: a little-endian executable on a big-endian site is refused with K_EINVAL', () => {
    const b = boot([]);
    const mipsel = new Uint8Array(
      readFileSync(new URL('../../subsystems/mix/userland/bin/mipsel/true', import.meta.url)),
    );
    expect(loadUserActor(b.site.nucleus, 'true', mipsel, 10)).toBe(K_EINVAL);
    b.run();
    expect(b.console()).toContain('cannot load true: a little-endian executable on a big-endian site');
  });

  it('USER ACTORS: running out of frames is K_ENOMEM', () => {
    const b = boot([]);
    b.site.nucleus.frames = new FrameAllocator(0x0300_0000, 0x0300_3000);
    expect(loadUserActor(b.site.nucleus, 'threads', elf, 10)).toBe(K_ENOMEM);
  });
});
