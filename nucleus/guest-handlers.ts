// Trap handlers written in guest code (svTrapConnect from a guest system or supervisor actor,
// docs/abi.md). Chorus runs a supervisor handler on the thread that took the trap, in the
// handler actor's context: here the trapping thread's guest context is saved, the thread is
// pointed at the handler's entry with the handler actor's address space (Thread.upcall, which
// the HAL follows for the ASID and page table), and the handler's `svTrapReturn` call puts the
// caller's context back with the handler's value in v0. A fault in the handler, or an abort of
// the thread, ends the excursion with an error code for the caller; the thread goes on. Guest
// exception handlers (svExcHandler from guest code) use the same excursion on a faulting thread.
import { K_EABORT, K_EBUSY, K_EFAULT, K_EINVAL, K_OK } from './errors.ts';
import { interruptThreadDied } from './interrupt-chains.ts';
import type { Nucleus } from './nucleus.ts';
import type { Actor, GuestTrapGate, Thread, TrapHandler } from './objects.ts';

/** Bytes below the handler stack top: o32 home area (16) and the caller's a0..a3 (16). */
const FRAME = 32;

/** Never run: guest-connected traps are entered through their gate (runner.enterTrap). */
const noHandler: TrapHandler = function* () {
  yield { op: 'compute', cycles: 0 };
  return K_EINVAL;
};

/**
 * svTrapConnect(trap, entry, stack, ret) from guest code of actor `actor` (not a user actor:
 * the caller checks). One handler per trap number per site; the nucleus trap is taken.
 */
export function connectGuestTrap(
  n: Nucleus,
  actor: Actor,
  trap: number,
  entry: number,
  stack: number,
  ret: number,
  traps: number,
  nucleusTrap: number,
): number {
  if (trap < 0 || trap >= traps) return K_EINVAL;
  if ((entry & 3) !== 0 || (ret & 3) !== 0 || stack === 0 || (stack & 7) !== 0) return K_EINVAL;
  if (trap === nucleusTrap || n.trapHandlers.has(trap)) return K_EBUSY;
  const gate: GuestTrapGate = { entry: entry | 0, stack: stack | 0, ret: ret | 0, busy: undefined };
  n.trapHandlers.set(trap, { actor, handler: noHandler, gate });
  return K_OK;
}

/**
 * Thread `t` trapped with `trap`, connected to guest gate `gate` of `actor`: the thread runs the
 * handler as handler(trap, args) with args the caller's a0..a3 on the handler stack. A thread
 * already in a handler, or a gate in use by another thread, gets K_EBUSY at once; a handler
 * stack the actor cannot write gives K_EFAULT. Returns the cycles of the entry.
 */
export function enterGuestTrap(
  n: Nucleus,
  t: Thread,
  trap: number,
  actor: Actor,
  gate: GuestTrapGate,
  args: readonly number[],
): number {
  const cost = n.costs.call;
  if (t.upcall !== undefined || gate.busy !== undefined) {
    n.hal.guestReturn(t.guest, K_EBUSY);
    return cost;
  }
  t.upcall = { actor, gate, saved: n.hal.copyContext(t.guest), exception: false };
  const sp = (gate.stack - FRAME) | 0;
  const at: number[] = [];
  for (let i = 0; i < 4; i++) at.push(n.hal.guestPhysical(t, (sp + 16 + 4 * i) >>> 0, true));
  if (at.some((pa) => pa < 0)) {
    t.upcall = undefined;
    n.hal.guestReturn(t.guest, K_EFAULT);
    return cost;
  }
  for (let i = 0; i < 4; i++) n.hal.physical.write32(at[i]!, (args[i] ?? 0) >>> 0);
  gate.busy = t;
  n.hal.startUpcall(t.guest, gate.entry, sp, gate.ret, trap, (sp + 16) | 0);
  return cost;
}

/**
 * The handler's svTrapReturn(value): the caller's context comes back; the value it will find
 * in v0 is returned (K_EABORT instead when the thread was aborted meanwhile). K_EINVAL when the
 * thread is not in a handler.
 */
export function leaveGuestTrap(t: Thread, n: Nucleus, value: number): number {
  if (t.upcall === undefined) return K_EINVAL;
  if (t.upcall.exception) {
    // Resume: the faulting instruction is retried with every register as it was.
    n.hal.restoreContext(t.guest, t.upcall.saved);
    releaseUpcall(t);
    return n.hal.resultOf(t.guest);
  }
  const result = t.abortPending ? K_EABORT : value | 0;
  t.abortPending = false;
  n.hal.restoreContext(t.guest, t.upcall.saved);
  releaseUpcall(t);
  return result;
}

/** What a guest exception handler is told: the faulting pc, bad address and cause code. */
export interface FaultWords {
  readonly pc: number;
  readonly address: number;
  readonly cause: number;
}

/**
 * svExcHandler(&actor, entry, stack, ret) from guest code of `handler` (not a user actor): the
 * threads of `target` that fault run entry(record) in `handler`'s context; entry 0 removes it.
 */
export function setGuestExcHandler(
  target: Actor,
  handler: Actor,
  entry: number,
  stack: number,
  ret: number,
): number {
  if (entry === 0) {
    target.excGate = undefined;
    return K_OK;
  }
  if ((entry & 3) !== 0 || (ret & 3) !== 0 || stack === 0 || (stack & 7) !== 0) return K_EINVAL;
  target.excGate = {
    actor: handler,
    gate: { entry: entry | 0, stack: stack | 0, ret: ret | 0, busy: undefined },
  };
  return K_OK;
}

/**
 * Guest thread `t` faulted (its context saved at the faulting instruction) and its actor has a
 * guest exception handler: the thread runs handler(record) in the handler actor's context, with
 * record = { actor serial, bad address, cause code, pc } on the handler stack. Its svTrapReturn
 * value 0 resumes the thread at the faulting instruction, anything else stops it. Returns the
 * cycles, or -1 when there is no usable handler (busy, or a stack it cannot write).
 */
export function enterGuestException(n: Nucleus, t: Thread, at: FaultWords): number {
  const eg = t.actor.excGate;
  if (eg === undefined || eg.gate.busy !== undefined || t.guest === undefined || t.body !== undefined)
    return -1;
  t.upcall = { actor: eg.actor, gate: eg.gate, saved: n.hal.copyContext(t.guest), exception: true };
  const sp = (eg.gate.stack - FRAME) | 0;
  const pas: number[] = [];
  for (let i = 0; i < 4; i++) pas.push(n.hal.guestPhysical(t, (sp + 16 + 4 * i) >>> 0, true));
  if (pas.some((pa) => pa < 0)) {
    t.upcall = undefined;
    return -1;
  }
  const words = [t.actor.cap.serial, at.address, at.cause, at.pc];
  for (let i = 0; i < 4; i++) n.hal.physical.write32(pas[i]!, words[i]! >>> 0);
  eg.gate.busy = t;
  n.hal.startUpcall(t.guest, eg.gate.entry, sp, eg.gate.ret, (sp + 16) | 0, 0);
  return n.costs.call;
}

/**
 * Ends thread `t`'s handler excursion without restoring anything (deletion, fault). A deleted
 * thread (Nucleus.killThread) that served a guest interrupt connection takes it with it.
 */
export function releaseUpcall(t: Thread): void {
  if (t.state === 'dead') interruptThreadDied(t);
  const up = t.upcall;
  if (up === undefined) return;
  if (up.gate.busy === t) up.gate.busy = undefined;
  t.upcall = undefined;
}

/**
 * The guest trap handler running on `t` faulted: it is reported, and the caller resumes past
 * its trap with K_EFAULT (the HAL reloads the restored context). Returns the cycles.
 */
export function upcallFault(n: Nucleus, t: Thread, kind: string, detail: string): number {
  const up = t.upcall!;
  n.hal.consoleWrite(
    `fault: thread ${t.li} (${t.name}) in the trap handler of actor ${up.actor.name}: ${kind}: ${detail}; K_EFAULT to the caller\n`,
  );
  n.hal.restoreContext(t.guest, up.saved);
  n.hal.guestReturn(t.guest, K_EFAULT);
  releaseUpcall(t);
  t.body = undefined;
  t.inTrap = false;
  return n.costs.call;
}
