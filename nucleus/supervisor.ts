// Supervisor calls (reference §6): connecting trap handlers (one per trap number per site,
// K_EBUSY on a second), per-actor exception handler slots, and interrupt handlers chained per
// line (each says whether it claimed the interrupt). Only system and supervisor actors may use
// them (K_EPRIV otherwise). svIntrConnect takes a native handler or, from guest code
// (guest-abi.ts), a GuestInterruptGate: its handler runs on an interrupt thread
// (interrupt-chains.ts).

import { K_EBUSY, K_EINVAL, K_EPRIV, K_EUNKNOWN, K_OK } from './errors.ts';
import { NUCLEUS_TRAP } from './guest-abi.ts';
import type { GuestInterruptGate } from './interrupt-chains.ts';
import type { Nucleus } from './nucleus.ts';
import type { ExceptionHandler, InterruptHandler, Thread, TrapHandler } from './objects.ts';
import { Actor, isCap } from './objects.ts';
import type { Outcome } from './outcome.ts';
import { LEAVE, resume } from './outcome.ts';

type Handler = (n: Nucleus, caller: Thread, args: readonly unknown[]) => Outcome;

export const TRAPS = 256;
export const EXCEPTION_SLOTS = 4;

const privileged = (t: Thread) => t.actor.kind !== 'user';
const inRange = (v: unknown, n: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < n;
/** The actor a call acts for: a guest trap handler's while the thread runs one. */
const owner = (t: Thread) => t.upcall?.actor ?? t.actor;
const isGuestGate = (v: unknown): v is GuestInterruptGate =>
  typeof v === 'object' && v !== null && 'actor' in v && v.actor instanceof Actor && 'entry' in v;
/** A guest handler's entry and return stub are non-zero and word-aligned; its stack top 8-aligned. */
const validGate = (g: GuestInterruptGate) =>
  g.entry !== 0 &&
  (g.entry & 3) === 0 &&
  g.ret !== 0 &&
  (g.ret & 3) === 0 &&
  g.stack !== 0 &&
  (g.stack & 7) === 0;

export const SUPERVISOR_CALLS = {
  svTrapConnect(n, t, [trap, handler]) {
    n.charged += n.costs.threadControl;
    if (!privileged(t)) return resume(K_EPRIV);
    if (!inRange(trap, TRAPS) || typeof handler !== 'function') return resume(K_EINVAL);
    if (trap === NUCLEUS_TRAP || n.trapHandlers.has(trap)) return resume(K_EBUSY);
    n.trapHandlers.set(trap, { actor: t.actor, handler: handler as TrapHandler });
    return resume(K_OK);
  },
  svTrapDisconnect(n, t, [trap]) {
    n.charged += n.costs.threadControl;
    const entry = inRange(trap, TRAPS) ? n.trapHandlers.get(trap) : undefined;
    if (entry === undefined || entry.actor !== t.actor) return resume(K_EINVAL);
    n.trapHandlers.delete(trap as number);
    return resume(K_OK);
  },
  svExcHandler(n, t, [cap, handler, slot]) {
    n.charged += n.costs.threadControl;
    if (!privileged(t)) return resume(K_EPRIV);
    const actor = isCap(cap) ? n.actorOf(cap) : undefined;
    if (actor === undefined) return resume(K_EUNKNOWN);
    if (!inRange(slot, EXCEPTION_SLOTS) || (handler !== undefined && typeof handler !== 'function'))
      return resume(K_EINVAL);
    actor.excHandlers[slot] = handler as ExceptionHandler | undefined;
    return resume(K_OK);
  },
  /**
   * Adds a handler at the end of line `irq`'s chain; returns its connection id. A guest gate
   * also creates the connection's interrupt thread in the gate's actor.
   */
  svIntrConnect(n, t, [irq, handler]) {
    n.charged += n.costs.threadControl;
    if (!privileged(t)) return resume(K_EPRIV);
    if (!inRange(irq, n.interruptLines)) return resume(K_EINVAL);
    if (isGuestGate(handler)) {
      if (!validGate(handler)) return resume(K_EINVAL);
      n.charged += n.costs.threadCreate;
      return resume(n.interrupts.connectGuest(n, irq, handler));
    }
    if (typeof handler !== 'function') return resume(K_EINVAL);
    return resume(n.interrupts.connect(irq, owner(t), handler as InterruptHandler));
  },
  /** Removes a connection of the caller's actor (a guest one with its interrupt thread). */
  svIntrDisconnect(n, t, [id]) {
    n.charged += n.costs.threadControl;
    if (typeof id !== 'number' || !n.interrupts.disconnect(id, owner(t))) return resume(K_EINVAL);
    // An interrupt thread that removed its own connection was deleted with it.
    return t.state === 'dead' ? LEAVE : resume(K_OK);
  },
} satisfies Record<string, Handler>;
