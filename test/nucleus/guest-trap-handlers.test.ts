// Trap handlers in guest code (svTrapConnect from a guest supervisor actor, docs/abi.md): the
// trapping thread runs the handler in the handler actor's address space with the trap number
// and its a0..a3, gets the handler's value in v0 through svTrapReturn with every other register
// as it left them; a faulting handler or an unwritable handler stack gives the caller K_EFAULT;
// an abort of the thread meanwhile gives K_EABORT; user actors get K_EPRIV; bad connections K_EINVAL / K_EBUSY.
import { describe, expect, it } from 'vitest';
import {
  Actor,
  type ActorKind,
  api,
  GUEST_CALLS,
  K_EABORT,
  K_EBUSY,
  K_EFAULT,
  K_EINVAL,
  K_EPRIV,
  K_OK,
  NUCLEUS_TRAP,
  type Nucleus,
  PAGE_SIZE,
  UserSpace,
} from '../../nucleus/index.ts';
import {
  A0,
  A1,
  A2,
  A3,
  addiu,
  addu,
  brk,
  jr,
  lui,
  lw,
  nop,
  ori,
  RA,
  sw,
  T0,
  T1,
  T2,
  T3,
  V0,
  ZERO,
} from '../machine/cpu/mips/support/asm.ts';
import { actor, boot } from './support.ts';

const S0 = 16;
const CODE = 0x0001_0000;
const DATA = 0x0002_0000;
const STACK_TOP = 0x0003_1000;
const HANDLER = CODE + 0x800;
const FAULTING = CODE + 0x900;
const STUB = CODE + 0xa00;
const ABORTING = CODE + 0xb00;
const trapInsn = (trap: number) => ((trap << 6) | 12) >>> 0;
const nucleusCall = (call: number) => [addiu(V0, ZERO, call), trapInsn(NUCLEUS_TRAP)];

/** An actor with its own address space: code, one data page and one stack page, by hand. */
function spaceActor(n: Nucleus, kind: ActorKind, name: string, code: Map<number, number[]>): Actor {
  const space = new UserSpace(n.asids.allocate()!);
  for (const vpn of [CODE / PAGE_SIZE, DATA / PAGE_SIZE, STACK_TOP / PAGE_SIZE - 1]) {
    const frame = n.frames.allocate();
    for (let i = 0; i < PAGE_SIZE; i += 4) n.hal.physical.write32(frame + i, 0);
    space.map(vpn, frame, vpn !== CODE / PAGE_SIZE);
  }
  for (const [at, words] of code)
    for (const [i, w] of words.entries()) n.hal.physical.write32(space.physicalOf(at + 4 * i, false), w);
  const actor = new Actor(n.newCapability(), kind, name);
  actor.space = space;
  n.bootActor(actor);
  return actor;
}

const li32 = (reg: number, value: number) => [lui(reg, value >>> 16), ori(reg, reg, value & 0xffff)];
const connect = (trap: number, entry: number, stack: number) => [
  addiu(A0, ZERO, trap),
  ...li32(A1, entry),
  ...li32(A2, stack),
  ...li32(A3, STUB),
  ...nucleusCall(GUEST_CALLS.svTrapConnect),
];

/** The supervisor actor: connects traps 5 (adds), 6 (faults), 7 (unmapped stack), then ends. */
const supervisorMain = [
  ...li32(T3, DATA),
  ...connect(5, HANDLER, STACK_TOP),
  sw(V0, 0, T3),
  ...connect(5, HANDLER, STACK_TOP),
  sw(V0, 4, T3),
  ...connect(6, FAULTING, STACK_TOP),
  sw(V0, 8, T3),
  ...connect(7, HANDLER, 0x0050_0000),
  sw(V0, 12, T3),
  ...connect(8, HANDLER, 0),
  sw(V0, 16, T3),
  addiu(A0, ZERO, 3),
  ...nucleusCall(GUEST_CALLS.svTrapReturn), // not in a handler
  sw(V0, 20, T3),
  ...connect(10, ABORTING, STACK_TOP),
  sw(V0, 24, T3),
  addiu(A0, ZERO, 0),
  ...nucleusCall(GUEST_CALLS.threadDelete),
  brk(),
];
/** handler(trap, args): args[0] + args[3] + trap, also kept at DATA + 0x40 of its own space. */
const handler = [
  lw(T0, 0, A1),
  lw(T1, 12, A1),
  addu(V0, T0, T1),
  addu(V0, V0, A0),
  addiu(S0, ZERO, 0), // clobbers a register the caller keeps
  lui(T2, DATA >>> 16),
  sw(V0, 0x40, T2),
  jr(RA),
  nop(),
];
/** A handler whose thread is aborted (by itself) before it returns 55. */
const aborting = [
  ...nucleusCall(GUEST_CALLS.threadSelf),
  addu(A0, V0, ZERO),
  ...nucleusCall(GUEST_CALLS.threadAbort),
  addiu(V0, ZERO, 55),
  jr(RA),
  nop(),
];
const faulting = [lw(T0, 0, ZERO), jr(RA), nop()];
const stub = [addu(A0, V0, ZERO), ...nucleusCall(GUEST_CALLS.svTrapReturn), brk()];

/** The user actor's thread: tries to connect, then traps 5, 6, 7 and 5 again. */
const userMain = [
  ...li32(T3, DATA),
  ...connect(9, HANDLER, STACK_TOP),
  sw(V0, 0, T3),
  addiu(S0, ZERO, 0x1234),
  addiu(A0, ZERO, 100),
  addiu(A1, ZERO, 1),
  addiu(A2, ZERO, 2),
  addiu(A3, ZERO, 7),
  trapInsn(5),
  sw(V0, 4, T3),
  sw(S0, 8, T3),
  trapInsn(6),
  sw(V0, 12, T3),
  trapInsn(7),
  sw(V0, 16, T3),
  addiu(A0, ZERO, 200),
  addiu(A3, ZERO, 1),
  trapInsn(5),
  sw(V0, 20, T3),
  lw(T0, 0x40, T3), // its own DATA + 0x40: the handler wrote the other actor's
  sw(T0, 24, T3),
  trapInsn(10),
  sw(V0, 28, T3),
  addiu(A0, ZERO, 0),
  ...nucleusCall(GUEST_CALLS.threadDelete),
  brk(),
];

describe('GUEST TRAP HANDLERS: svTrapConnect from guest code', () => {
  it('GUEST TRAP HANDLERS: the trapping thread runs the handler in the handler actor space and gets its value; faults and bad stacks give K_EFAULT, an abort K_EABORT', () => {
    expect(Math.max(supervisorMain.length, userMain.length) * 4).toBeLessThan(HANDLER - CODE);
    const made: { sup?: Actor; user?: Actor } = {};
    let caller = 0;
    const b = boot(
      [
        actor('ctl', [
          {
            name: 'start',
            priority: 1,
            body: function* () {
              const n = b.site.nucleus;
              const sup = spaceActor(
                n,
                'supervisor',
                'sup',
                new Map([
                  [CODE, supervisorMain],
                  [HANDLER, handler],
                  [FAULTING, faulting],
                  [STUB, stub],
                  [ABORTING, aborting],
                ]),
              );
              const user = spaceActor(n, 'user', 'client', new Map([[CODE, userMain]]));
              const start = { entry: CODE, stack: STACK_TOP - 16 };
              yield* api.threadCreateGuest(sup.cap, 'main', 5, start);
              caller = yield* api.threadCreateGuest(user.cap, 'main', 20, start);
              made.sup = sup;
              made.user = user;
            },
          },
        ]),
      ],
      { cpus: 1 },
    );
    const n = b.site.nucleus;
    expect(b.run().kind).toBe('idle');
    const { sup, user } = made;
    if (sup === undefined || user === undefined) throw new Error('actors not made');
    const word = (a: Actor, offset: number) =>
      n.hal.physical.read32(a.space!.physicalOf(DATA + offset, false)) | 0;
    expect([0, 4, 8, 12, 16, 20, 24].map((o) => word(sup, o))).toEqual([
      K_OK,
      K_EBUSY,
      K_OK,
      K_OK,
      K_EINVAL,
      K_EINVAL,
      K_OK,
    ]);
    expect([0, 4, 8, 12, 16, 20, 24, 28].map((o) => word(user, o))).toEqual([
      K_EPRIV,
      100 + 7 + 5,
      0x1234,
      K_EFAULT,
      K_EFAULT,
      200 + 1 + 5,
      0,
      K_EABORT,
    ]);
    expect(word(sup, 0x40)).toBe(206);
    expect(n.threads.has(caller)).toBe(false); // it deleted itself: the fault did not stop it
    expect(n.faults.map((f) => [f.actor, f.kind])).toEqual([
      ['client', 'TLB miss/invalid on load or fetch exception'],
    ]);
    expect(b.console()).toContain('in the trap handler of actor sup: TLB miss');
    expect(n.trapHandlers.get(5)?.gate?.busy).toBeUndefined();
  });

  it('GUEST TRAP HANDLERS: a trap whose handler is running on another thread (blocked in it) is K_EBUSY for the second caller', () => {
    const sleepy = [
      addiu(A0, ZERO, 1000),
      ...nucleusCall(GUEST_CALLS.threadDelay), // blocks inside the handler
      addiu(V0, ZERO, 1),
      jr(RA),
      nop(),
    ];
    const supMain = [
      ...connect(5, HANDLER, STACK_TOP),
      ...li32(T3, DATA),
      sw(V0, 0, T3),
      addiu(A0, ZERO, 0),
      ...nucleusCall(GUEST_CALLS.threadDelete),
      brk(),
    ];
    const callerMain = [
      trapInsn(5),
      ...li32(T3, DATA),
      sw(V0, 0, T3),
      addiu(A0, ZERO, 0),
      ...nucleusCall(GUEST_CALLS.threadDelete),
      brk(),
    ];
    const made: Actor[] = [];
    const b = boot(
      [
        actor('ctl', [
          {
            name: 'start',
            priority: 1,
            body: function* () {
              const n = b.site.nucleus;
              const code = new Map([
                [CODE, supMain],
                [HANDLER, sleepy],
                [STUB, stub],
              ]);
              made.push(spaceActor(n, 'supervisor', 'sup', code));
              made.push(spaceActor(n, 'user', 'first', new Map([[CODE, callerMain]])));
              made.push(spaceActor(n, 'user', 'second', new Map([[CODE, callerMain]])));
              const start = { entry: CODE, stack: STACK_TOP - 16 };
              for (const [i, a] of made.entries()) yield* api.threadCreateGuest(a.cap, 'main', 5 + i, start);
            },
          },
        ]),
      ],
      { cpus: 1 },
    );
    expect(b.run().kind).toBe('idle');
    const n = b.site.nucleus;
    const word = (a: Actor) => n.hal.physical.read32(a.space!.physicalOf(DATA, false)) | 0;
    expect(made.map(word)).toEqual([K_OK, 1, K_EBUSY]);
    expect(n.faults).toEqual([]);
  });

  it('GUEST EXCEPTION HANDLERS: a faulting thread runs the guest handler with its fault record; 0 resumes it at the fault, non-zero stops it', () => {
    const CAP = DATA + 0x80;
    const supMain = [
      ...li32(A0, CAP),
      ...li32(A1, HANDLER),
      ...li32(A2, STACK_TOP),
      ...li32(A3, STUB),
      ...nucleusCall(GUEST_CALLS.svExcHandler),
      ...li32(T3, DATA),
      sw(V0, 0, T3),
      addiu(A0, ZERO, 0),
      ...nucleusCall(GUEST_CALLS.threadDelete),
      brk(),
    ];
    // Counts its calls at DATA + 0x40, keeps the record at DATA + 0x50; returns calls - 1.
    const excHandler = [
      lui(T2, DATA >>> 16),
      lw(T0, 0x40, T2),
      addiu(T0, T0, 1),
      sw(T0, 0x40, T2),
      ...[0, 4, 8, 12].flatMap((o) => [lw(T1, o, A0), sw(T1, 0x50 + o, T2)]),
      addiu(V0, T0, -1),
      jr(RA),
      nop(),
    ];
    const FAULT_AT = 3;
    const userMain = [...li32(T3, DATA), addiu(S0, ZERO, 77), lw(T0, 0x40, ZERO), sw(S0, 0, T3), brk()];
    const made: Actor[] = [];
    let li = 0;
    const b = boot(
      [
        actor('ctl', [
          {
            name: 'start',
            priority: 1,
            body: function* () {
              const n = b.site.nucleus;
              const code = new Map([
                [CODE, supMain],
                [HANDLER, excHandler],
                [STUB, stub],
              ]);
              const sup = spaceActor(n, 'supervisor', 'sup', code);
              const user = spaceActor(n, 'user', 'client', new Map([[CODE, userMain]]));
              const c = user.cap;
              const capWords = [(c.site << 16) | c.epoch, c.serial, c.key, 0];
              for (const [i, w] of capWords.entries())
                n.hal.physical.write32(sup.space!.physicalOf(CAP + 4 * i, true), w >>> 0);
              made.push(sup, user);
              const start = { entry: CODE, stack: STACK_TOP - 16 };
              yield* api.threadCreateGuest(sup.cap, 'main', 5, start);
              li = yield* api.threadCreateGuest(user.cap, 'main', 6, start);
            },
          },
        ]),
      ],
      { cpus: 1 },
    );
    expect(b.run().kind).toBe('idle');
    const n = b.site.nucleus;
    const [sup, user] = made as [Actor, Actor];
    const word = (a: Actor, o: number) => n.hal.physical.read32(a.space!.physicalOf(DATA + o, false)) | 0;
    expect(word(sup, 0)).toBe(K_OK);
    expect(word(sup, 0x40)).toBe(2); // resumed once at the faulting load, then stopped
    expect([0x50, 0x54, 0x58, 0x5c].map((o) => word(sup, o))).toEqual([
      user.cap.serial,
      0x40,
      2, // TLBL
      CODE + 4 * FAULT_AT,
    ]);
    expect(word(user, 0)).toBe(0); // never went past the load
    expect(n.threads.has(li)).toBe(false);
    expect(n.faults.length).toBe(2);
    expect(b.console()).toContain(`thread ${li} of actor client stopped by its exception handler`);
  });
});
