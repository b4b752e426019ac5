// Interrupt handlers in guest code (svIntrConnect from a guest system or supervisor actor,
// docs/abi.md): each connection gets an interrupt thread of the handler actor at priority 0 that
// runs entry(irq) when the chain reaches it, with the line masked meanwhile; svTrapReturn(1)
// claims, svTrapReturn(0) goes on down the chain (native or guest handlers), a fault counts as
// not claimed. The interrupt is real: channel 0 of the board's global timer (line 1), whose
// registers the handler actor reaches through a page of its address space mapped onto them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../machine/index.ts';
import {
  Actor,
  type ActorKind,
  api,
  bootSite,
  GUEST_CALLS,
  K_EBUSY,
  K_EINVAL,
  K_EPRIV,
  K_ETIMEOUT,
  K_EUNKNOWN,
  K_OK,
  NUCLEUS_TRAP,
  type Nucleus,
  PAGE_SIZE,
  type Request,
  runSite,
  UserSpace,
} from '../../nucleus/index.ts';
import { DEFAULT_BOARD } from '../../src/site/default-site.ts';
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
  sll,
  sw,
  T0,
  T1,
  T2,
  T3,
  V0,
  ZERO,
} from '../machine/cpu/mips/support/asm.ts';
import { actor, boot } from './support.ts';

const CODE = 0x0001_0000;
const DATA = 0x0002_0000;
const STACK_TOP = 0x0003_1000;
/** A page of the handler actor mapped onto the global timer's registers. */
const DEV = 0x0004_0000;
const TIMER_PAGE = 0x1f00_3000;
/** Channel 0 of the global timer (line 1): LOAD, COUNT, CTRL, STATUS from 0x10. */
const TIMER0 = TIMER_PAGE + 0x10;
const LINE = 1;
const CLAIM = CODE + 0x400;
const DECLINE = CODE + 0x500;
const FAULT = CODE + 0x600;
const SLEEP = CODE + 0x700;
const SELF_DISCONNECT = CODE + 0x800;
const STUB = CODE + 0xa00;
/** Handler stacks: one per connection, below the main thread's. */
const stack = (i: number) => STACK_TOP - 0x400 * (i + 1);
/** DATA + 0x7c counts log entries; the log is at DATA + 0x100, one word each: tag * 100 + irq. */
const LOG_COUNT = 0x7c;
const LOG = 0x100;
/** Where the main program keeps its first connection id (for the self-disconnecting handler). */
const FIRST_ID = 0;

const trapInsn = (trap: number) => ((trap << 6) | 12) >>> 0;
const nucleusCall = (call: number) => [addiu(V0, ZERO, call), trapInsn(NUCLEUS_TRAP)];
const li32 = (reg: number, value: number) => [lui(reg, value >>> 16), ori(reg, reg, value & 0xffff)];
const ret = (value: number) => [addiu(V0, ZERO, value), jr(RA), nop()];
/** Appends tag * 100 + irq (a0) to the log in DATA. */
const log = (tag: number) => [
  lui(T2, DATA >>> 16),
  lw(T0, LOG_COUNT, T2),
  sll(T1, T0, 2),
  addu(T1, T1, T2),
  addiu(T3, A0, tag * 100),
  sw(T3, LOG, T1),
  addiu(T0, T0, 1),
  sw(T0, LOG_COUNT, T2),
];

/** Acknowledges the timer (STATUS.expired) and claims. */
const claim = [...log(1), lui(T0, DEV >>> 16), addiu(T1, ZERO, 1), sw(T1, 0x1c, T0), ...ret(1)];
const decline = [...log(2), ...ret(0)];
const fault = [...log(3), lw(T0, 0, ZERO), ...ret(1)];
/** Blocks 1000 µs inside the handler, then claims. */
const sleep = [
  ...log(4),
  addiu(A0, ZERO, 1000),
  ...nucleusCall(GUEST_CALLS.threadDelay),
  addiu(A0, ZERO, LINE),
  ...log(5),
  ...ret(1),
];
/** Disconnects its own connection (id at DATA + FIRST_ID): its thread ends there. */
const selfDisconnect = [
  ...log(6),
  lw(A0, FIRST_ID, T2),
  ...nucleusCall(GUEST_CALLS.svIntrDisconnect),
  addiu(A0, ZERO, LINE),
  ...log(7),
  ...ret(1),
];
const stub = [addu(A0, V0, ZERO), ...nucleusCall(GUEST_CALLS.svTrapReturn), brk()];

/** svIntrConnect(irq, entry, stack, STUB), its result stored at DATA + slot. */
const connect = (irq: number, entry: number, top: number, slot: number) => [
  addiu(A0, ZERO, irq),
  ...li32(A1, entry),
  ...li32(A2, top),
  ...li32(A3, STUB),
  ...nucleusCall(GUEST_CALLS.svIntrConnect),
  ...li32(T3, DATA),
  sw(V0, slot, T3),
];
const disconnect = (idSlot: number, slot: number) => [
  ...li32(T3, DATA),
  lw(A0, idSlot, T3),
  ...nucleusCall(GUEST_CALLS.svIntrDisconnect),
  sw(V0, slot, T3),
];
const exit = [addiu(A0, ZERO, 0), ...nucleusCall(GUEST_CALLS.threadDelete), brk()];

/** An actor with its own address space: code, data, stack, and the timer's register page. */
function spaceActor(n: Nucleus, kind: ActorKind, name: string, main: number[]): Actor {
  const space = new UserSpace(n.asids.allocate()!);
  for (const vpn of [CODE / PAGE_SIZE, DATA / PAGE_SIZE, STACK_TOP / PAGE_SIZE - 1]) {
    const frame = n.frames.allocate();
    for (let i = 0; i < PAGE_SIZE; i += 4) n.hal.physical.write32(frame + i, 0);
    space.map(vpn, frame, vpn !== CODE / PAGE_SIZE);
  }
  space.map(DEV / PAGE_SIZE, TIMER_PAGE, true);
  const code = new Map([
    [CODE, main],
    [CLAIM, claim],
    [DECLINE, decline],
    [FAULT, fault],
    [SLEEP, sleep],
    [SELF_DISCONNECT, selfDisconnect],
    [STUB, stub],
  ]);
  for (const [at, words] of code)
    for (const [i, w] of words.entries()) n.hal.physical.write32(space.physicalOf(at + 4 * i, false), w);
  const made = new Actor(n.newCapability(), kind, name);
  made.space = space;
  n.bootActor(made);
  return made;
}

interface Scenario {
  readonly n: Nucleus;
  readonly sup: Actor;
  readonly console: string;
  /** The word at DATA + offset of the handler actor. */
  word(offset: number): number;
  /** The handler log: tag * 100 + irq per handler run, in order. */
  log(): number[];
  /** What the native handlers and the controller recorded. */
  readonly notes: string[];
}

/**
 * Boots one CPU with a supervisor actor `sup` running `main` (priority 5, then it deletes
 * itself), then a native controller (priority 50) running `control` with helpers.
 */
function scenario(
  main: number[],
  control: (h: {
    sup: Actor;
    n: Nucleus;
    notes: string[];
    fire: () => void;
    ack: () => void;
  }) => Generator<Request, void, unknown>,
  kind: ActorKind = 'supervisor',
): Scenario {
  expect(main.length * 4).toBeLessThan(CLAIM - CODE);
  const notes: string[] = [];
  const made: Actor[] = [];
  const b = boot(
    [
      actor('ctl', [
        {
          name: 'ctl',
          priority: 50,
          body: function* () {
            const n = b.site.nucleus;
            const bus = b.site.board.bus;
            const sup = spaceActor(n, kind, 'sup', [...main, ...exit]);
            made.push(sup);
            yield* api.threadCreateGuest(sup.cap, 'main', 5, { entry: CODE, stack: STACK_TOP - 16 });
            const fire = () => {
              bus.write32(TIMER0, 1000); // LOAD
              bus.write32(TIMER0 + 8, 1 | 4); // CTRL: enable, one-shot
            };
            const ack = () => bus.write32(TIMER0 + 0xc, 1);
            yield* control({ sup, n, notes, fire, ack });
          },
        },
      ]),
    ],
    { cpus: 1 },
  );
  expect(b.run().kind).toBe('idle');
  const n = b.site.nucleus;
  const sup = made[0]!;
  const word = (offset: number) => n.hal.physical.read32(sup.space!.physicalOf(DATA + offset, false)) | 0;
  return {
    n,
    sup,
    console: b.console(),
    word,
    log: () => Array.from({ length: word(LOG_COUNT) }, (_, i) => word(LOG + 4 * i)),
    notes,
  };
}

const interruptThreads = (n: Nucleus, a: Actor) =>
  [...n.threads.values()].filter((t) => t.actor === a && t.name === `irq${LINE}`);

describe('GUEST INTERRUPT HANDLERS: svIntrConnect from guest code', () => {
  it('GUEST INTERRUPTS: a claiming guest handler runs on its priority-0 interrupt thread with the irq, once per interrupt; the line is unmasked after each claim', () => {
    const s = scenario(connect(LINE, CLAIM, stack(0), 0), function* ({ n, sup, notes, fire }) {
      const [t] = interruptThreads(n, sup);
      notes.push(`thread priority ${t?.priority}`);
      fire();
      yield* api.threadDelay(500);
      fire();
      yield* api.threadDelay(500);
    });
    expect(s.word(0)).toBeGreaterThan(0); // the connection id
    expect(s.notes).toEqual(['thread priority 0']);
    expect(s.log()).toEqual([101, 101]);
    expect(s.n.unclaimedInterrupts).toBe(0);
    expect(interruptThreads(s.n, s.sup).length).toBe(1); // waiting for the next one
    expect(s.n.faults).toEqual([]);
  });

  it('GUEST INTERRUPTS: a guest handler that declines passes the interrupt on to a native handler connected after it, which claims', () => {
    const s = scenario(connect(LINE, DECLINE, stack(0), 0), function* ({ notes, fire, ack }) {
      yield* api.svIntrConnect(LINE, (ctx) => {
        notes.push(`native claims ${ctx.irq}`);
        ack();
        return true;
      });
      fire();
      yield* api.threadDelay(500);
      fire();
      yield* api.threadDelay(500);
    });
    expect(s.log()).toEqual([201, 201]);
    expect(s.notes).toEqual(['native claims 1', 'native claims 1']);
    expect(s.n.unclaimedInterrupts).toBe(0);
  });

  it('GUEST INTERRUPTS: two guest handlers chain in connection order; a chain nobody claims is masked and reported', () => {
    const main = [...connect(LINE, DECLINE, stack(0), 0), ...connect(LINE, CLAIM, stack(1), 4)];
    const s = scenario(main, function* ({ fire }) {
      fire();
      yield* api.threadDelay(500);
    });
    expect(s.word(4)).toBe(s.word(0) + 1);
    expect(s.log()).toEqual([201, 101]);
    expect(s.n.unclaimedInterrupts).toBe(0);

    const alone = scenario(connect(LINE, DECLINE, stack(0), 0), function* ({ fire }) {
      fire();
      yield* api.threadDelay(500);
    });
    expect(alone.log()).toEqual([201]);
    expect(alone.n.unclaimedInterrupts).toBe(1);
    expect(alone.console).toContain(`nucleus: interrupt ${LINE} not claimed by any handler; line masked`);
  });

  it('GUEST INTERRUPTS: a faulting guest handler is reported and counts as not claimed; its thread serves the next interrupt', () => {
    const main = [...connect(LINE, FAULT, stack(0), 0), ...connect(LINE, CLAIM, stack(1), 4)];
    const s = scenario(main, function* ({ fire }) {
      fire();
      yield* api.threadDelay(500);
      fire();
      yield* api.threadDelay(500);
    });
    expect(s.log()).toEqual([301, 101, 301, 101]);
    expect(s.n.unclaimedInterrupts).toBe(0);
    expect(s.n.faults.map((f) => [f.actor, f.kind])).toEqual([
      ['sup', 'TLB miss/invalid on load or fetch exception'],
      ['sup', 'TLB miss/invalid on load or fetch exception'],
    ]);
    expect(s.console).toMatch(
      /fault: thread \d+ \(irq1\) in the interrupt handler of actor sup for line 1: TLB miss\/invalid on load or fetch exception: .*; not claimed/,
    );
    expect(interruptThreads(s.n, s.sup).length).toBe(2);
  });

  it('GUEST INTERRUPTS: svIntrDisconnect removes the connection and its thread; a handler disconnecting itself mid-run lets the chain go on', () => {
    const main = [
      ...connect(LINE, CLAIM, stack(0), 0),
      ...disconnect(0, 4),
      ...disconnect(0, 8), // twice: K_EINVAL
      ...connect(LINE, SELF_DISCONNECT, stack(1), FIRST_ID),
    ];
    const s = scenario(main, function* ({ n, sup, notes, fire, ack }) {
      notes.push(`threads ${interruptThreads(n, sup).length}`);
      yield* api.svIntrConnect(LINE, () => {
        notes.push('native claims');
        ack();
        return true;
      });
      fire();
      yield* api.threadDelay(500);
      notes.push(`threads ${interruptThreads(n, sup).length}, chain ${n.interrupts.chain(LINE).length}`);
      fire();
      yield* api.threadDelay(500);
    });
    expect([s.word(4), s.word(8)]).toEqual([K_OK, K_EINVAL]);
    expect(s.log()).toEqual([601]); // never reached log 7
    expect(s.notes).toEqual(['threads 1', 'native claims', 'threads 0, chain 1', 'native claims']);
    expect(s.n.unclaimedInterrupts).toBe(0);
  });

  it('GUEST INTERRUPTS: deleting the handler actor while its handler is blocked in a run goes on down the chain', () => {
    const s = scenario(connect(LINE, SLEEP, stack(0), 0), function* ({ n, sup, notes, fire, ack }) {
      yield* api.svIntrConnect(LINE, () => {
        notes.push('native claims');
        ack();
        return true;
      });
      fire();
      yield* api.threadDelay(300); // the guest handler sleeps 1000 µs in its run
      notes.push(`log ${n.hal.physical.read32(sup.space!.physicalOf(DATA + LOG_COUNT, false))}`);
      notes.push(`actorDelete ${yield* api.actorDelete(sup.cap)}`);
      notes.push(`threads ${sup.threads.size}, chain ${n.interrupts.chain(LINE).length}`);
      fire();
      yield* api.threadDelay(1500);
    });
    expect(s.notes).toEqual([
      'log 1',
      'native claims',
      `actorDelete ${K_OK}`,
      'threads 0, chain 1',
      'native claims',
    ]);
    expect(s.log()).toEqual([401]); // never woke from its delay
    expect(s.n.unclaimedInterrupts).toBe(0);
  });

  it('GUEST INTERRUPTS: svIntrConnect is K_EPRIV from a user actor and K_EINVAL for a bad line, alignment or stack', () => {
    const user = scenario(connect(LINE, CLAIM, stack(0), 0), function* () {}, 'user');
    expect(user.word(0)).toBe(K_EPRIV);
    const bad = [
      ...connect(16, CLAIM, stack(0), 0),
      ...connect(LINE, CLAIM + 2, stack(0), 4),
      ...connect(LINE, CLAIM, 0, 8),
      ...connect(LINE, CLAIM, stack(0) - 4, 12),
      ...connect(LINE, 0, stack(0), 16),
    ];
    const s = scenario(bad, function* () {});
    expect([0, 4, 8, 12, 16].map(s.word)).toEqual([K_EINVAL, K_EINVAL, K_EINVAL, K_EINVAL, K_EINVAL]);
    expect(s.n.interrupts.chain(LINE).length).toBe(0);
    expect(interruptThreads(s.n, s.sup)).toEqual([]);
  });
});

const HANDLERS_ELF = new Uint8Array(readFileSync(new URL('./programs/handlers.mips', import.meta.url)));
/** The controller's set-pending register of shared IDs 32..63 (line n is ID 32 + n). */
const ISPENDR1 = DEFAULT_BOARD.interruptController.base + 0x204;

describe('GUEST HANDLERS PROGRAM: a C system actor using the <chorus.h> handler calls', () => {
  it('GUEST HANDLERS PROGRAM: trap, exception and interrupt handlers written as C functions print the expected console', () => {
    const board = buildBoard({ ...DEFAULT_BOARD, cpus: 2 }, { seed: 1 });
    let text = '';
    board.uart('console').onOutput = (bytes) => {
      text += Buffer.from(bytes).toString('utf8');
    };
    // The interrupt: once the program has connected line 1, its pending bit is set at the
    // controller (the software trigger), as a device raising the line would.
    const raiser = {
      name: 'raiser',
      kind: 'system' as const,
      threads: [
        {
          name: 'raise',
          priority: 30,
          body: function* () {
            while (site.nucleus.interrupts.chain(LINE).length === 0) yield* api.threadDelay(100);
            board.bus.write32(ISPENDR1, 1 << LINE);
          },
        },
      ],
    };
    const site = bootSite(board, {
      seed: 1,
      actors: [raiser],
      userActors: [{ name: 'handlers', file: HANDLERS_ELF, priority: 20, kind: 'system' }],
    });
    expect(runSite(site, 100_000_000).kind).toBe('idle');
    const lines = text.split('\n').filter((l) => l.startsWith('guest:') || l.startsWith('fault:'));
    expect(lines).toEqual([
      `guest: svTrapConnect ${K_OK}, again ${K_EBUSY}`,
      'guest: trap 9 (1, 2, 3, 4) gives 19',
      `guest: svExcHandler ${K_OK}`,
      'guest: exception 1: cause 2, address 0x400000, own actor 1, pc in the victim 1',
      'guest: exception 2: cause 2, address 0x400000, own actor 1, pc in the victim 1',
      `guest: victim semP ${K_ETIMEOUT}, threadStat ${K_EUNKNOWN}`,
      `guest: svExcHandler NULL ${K_OK}`,
      `guest: svIntrConnect gives an id 1, bad line ${K_EINVAL}`,
      'guest: interrupt semP 0, irq 1, seen 1',
      `guest: svIntrDisconnect ${K_OK}, again ${K_EINVAL}`,
      'guest: main exits',
    ]);
    expect(text).toMatch(/nucleus: thread \d+ of actor handlers stopped by its exception handler/);
    const actor = [...site.nucleus.actors.values()].find((a) => a.name === 'handlers');
    expect(actor?.kind).toBe('system');
    expect(site.nucleus.unclaimedInterrupts).toBe(0);
    expect(site.nucleus.faults.map((f) => f.actor)).toEqual(['handlers', 'handlers']);
  });
});
